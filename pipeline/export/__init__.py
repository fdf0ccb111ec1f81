"""Exports of the catalogue for office tools: CSV and XLSX tables, Word alignment reports."""
