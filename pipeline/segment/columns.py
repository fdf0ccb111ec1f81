"""Appendix tables laid out as plain-text columns (pdftotext -layout)."""

from __future__ import annotations

from ..model import Document
from ..records import Target, Task
from .outline import Node


def read(doc: Document, root: Node) -> tuple[list[Task], list[Target]]:
    return [], []
