"""Flat tables of the catalogue: CSV (UTF-8 with BOM, so Excel shows Vietnamese) and one XLSX.

One row per task, per target, per directive; the alignment sheet has one row per matched
(parent task, child task), gap, local task, target comparison and missing citation. The CSV files
keep machine column names and codes; the workbook is for people and says everything in Vietnamese
(pipeline/export/sheets.py), one document per text however many files it was read from.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..catalogue import Catalogue, CatalogueDocument
from ..sanitize import csv_cell, xml_text

TASK_COLS = ["document", "doc_id", "doc_level", "task_id", "section", "path", "headings", "marker", "text", "lead",
             "partners", "output", "deadline", "group", "cites", "page", "line", "block"]
TARGET_COLS = ["document", "doc_id", "doc_level", "target_id", "section", "group", "label", "text", "indicator",
               "unit", "value", "value_max", "comparator", "metric_unit", "period", "metric_deadline", "metrics",
               "qualitative", "lead", "cites", "page", "line", "block"]
DIRECTIVE_COLS = ["id", "kind", "number", "year", "issuer_code", "issuer", "system", "level", "date", "title",
                  "congress", "known", "in_corpus", "cited_by", "mentions", "flags"]
DOCUMENT_COLS = ["document", "name", "doc_type", "number", "doc_id", "issuer", "level", "date", "title", "implements",
                 "format", "pages", "method", "tasks", "targets", "directives", "diagnostics", "paths"]
ALIGNMENT_COLS = ["child", "parent", "row", "parent_item", "parent_text", "parent_lead", "child_item", "child_text",
                  "score", "verdict", "detail"]
DECISION_COLS = ["child", "parent", "row", "parent_item", "decision", "child_items", "by", "decided_at", "note",
                 "machine", "stale"]

_WIDTHS = {"text": 80, "parent_text": 60, "child_text": 60, "title": 50, "headings": 40, "detail": 40,
           "metrics": 40, "partners": 30, "lead": 25, "issuer": 30, "cited_by": 30, "implements": 20,
           "name": 40, "paths": 40, "indicator": 30, "document": 40, "output": 30, "child": 40,
           "parent": 40}


def _j(xs: list[str]) -> str:
    return "; ".join(xs)


def _name(d: CatalogueDocument) -> str:
    return d.source.get("name") or d.document


def _fmt(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def doc_task_rows(d: Any) -> list[list[Any]]:
    """A document's task rows without the document's name (the first column, named by the caller)."""
    return [[d.meta.id, d.meta.level, t.id, t.section, "/".join(t.path), " > ".join(t.headings), t.marker, t.text,
             t.lead, _j(t.partners), t.output, t.deadline, t.group, _j(t.cites), t.prov.page, t.prov.line,
             t.prov.block] for t in d.tasks]


def task_rows(cat: Catalogue, name: Callable[[CatalogueDocument], str] = _name) -> list[list[Any]]:
    return [[name(d), *r] for d in cat.documents for r in doc_task_rows(d)]


def _metric_str(m: Any) -> str:
    v = f"{_fmt(m.value)}" + (f"-{_fmt(m.value_max)}" if m.value_max is not None else "")
    out = f"{m.comparator or ''}{v} {m.unit or ''}".strip()
    if m.period:
        out += f"/{m.period}"
    if m.deadline:
        out += f" ({m.deadline})"
    return out


def doc_target_rows(d: Any) -> list[list[Any]]:
    """A document's target rows without the document's name."""
    rows = []
    for t in d.targets:
        m = t.metrics[0] if t.metrics else None
        rows.append([d.meta.id, d.meta.level, t.id, t.section, t.group, t.label, t.text, t.indicator,
                     t.unit, _fmt(m.value) if m else None, _fmt(m.value_max) if m else None,
                     m.comparator if m else None, m.unit if m else None, m.period if m else None,
                     m.deadline if m else None, _j([_metric_str(x) for x in t.metrics]), t.qualitative, t.lead,
                     _j(t.cites), t.prov.page, t.prov.line, t.prov.block])
    return rows


def target_rows(cat: Catalogue, name: Callable[[CatalogueDocument], str] = _name) -> list[list[Any]]:
    return [[name(d), *r] for d in cat.documents for r in doc_target_rows(d)]


def directive_rows(cat: Catalogue, name: Callable[[CatalogueDocument], str] = _name) -> list[list[Any]]:
    names = {d.document: name(d) for d in cat.documents}
    return [[x.id, x.kind, x.number, x.year, x.issuer_code, x.issuer, x.system, x.level, x.date, x.title, x.congress,
             x.known, names.get(x.in_corpus or "", x.in_corpus), _j(list(dict.fromkeys(names.get(s, s)
                                                                                   for s in x.cited_by))),
             x.mentions, _j(x.flags)] for x in cat.directives]


def document_rows(cat: Catalogue) -> list[list[Any]]:
    """One row per document shown (the fullest reading of a text), its files listed in `name`."""
    from ..report.common import shown_documents, sources_of
    from ..report.document import diagnostics_rows
    from ..report.i18n import labels
    from ..report.names import doc_label

    L = labels("en")
    rows = []
    for d in shown_documents(cat):
        srcs = sources_of(cat, d)
        rows.append([doc_label(d), _j([_name(x) for x in srcs]), d.meta.doc_type, d.meta.number, d.meta.id,
                     d.meta.issuer, d.meta.level, d.meta.date, d.meta.title, _j(d.meta.implements),
                     _j(list(dict.fromkeys(x.source.get("format") or "" for x in srcs))), d.pages, d.method,
                     len(d.tasks), len(d.targets), len(d.directives), len(diagnostics_rows(d, L)),
                     _j([p for x in srcs for p in x.paths])])
    return rows


def alignment_rows(cat: Catalogue) -> list[list[Any]]:
    """One row per pair, gap, local task, target comparison and citation; `verdict` carries the class
    (khớp / cần xem / chưa có / cấp trên thực hiện) and `parent_lead` the lead agency to filter by."""
    from ..report.aligndata import normalize_alignment
    from ..report.common import Index, shown_alignments
    from ..report.names import named_message

    idx = Index(cat)
    rows: list[list[Any]] = []
    aligned = {a.child.sha256 for a in cat.alignments}
    for m in cat.missing_parents:  # a child with no parent in the store at all
        if m.child.sha256 not in aligned:
            rows.append([_end(idx, m.child), m.parent_id, "parent_missing", None, None, None, None, None,
                         None, None, named_message(m.message, cat.documents)])
    for a in shown_alignments(cat):
        rows += pair_rows(normalize_alignment(a, idx))
    return rows


def pair_rows(x: dict[str, Any]) -> list[list[Any]]:
    """The sheet rows of one alignment in its display shape (aligndata.normalize_alignment)."""
    rows: list[list[Any]] = []
    c, p = x["child"], x["parent"]
    for m in x["missing_parents"]:  # already said with document names (aligndata)
        rows.append([c, None, "parent_missing", None, None, None, None, None, None, None, m])
    for pair in x["pairs"]:
        par = pair["parent"]
        for k in pair["children"]:
            rows.append([c, p, "pair", par["id"], par["text"], par.get("lead"), k["id"], k["text"], k["score"],
                         k["class_label"], k.get("reasons")])
    for g in x["gaps"] + x["upper"]:
        rows.append([c, p, "gap", g["id"], g["text"], g.get("lead"), None, None, g["best"], g["class_label"],
                     None])
    for g in x["local"]:
        rows.append([c, p, "local", None, None, None, g["id"], g["text"], g["best"], None, None])
    for t in x["targets"]:
        detail = " | ".join(s for s in (t["parent_value"], t["child_value"], t["note"]) if s)
        rows.append([c, p, "target", t["parent_id"], t["parent"], None, t["child_id"], t["child"], None,
                     t["status"], detail])
    for m in x["missing"]:
        rows.append([c, p, "citation_missing_in_child", m, None, None, None, None, None, None, None])
    for m in x["unresolved"]:
        rows.append([c, p, "citation_unresolved", None, None, None, None, m, None, None, None])
    return rows


def _end(idx: Any, ref: Any) -> str:
    from ..report.names import doc_label

    d = idx.doc(ref.sha256)
    return doc_label(d) if d is not None else (ref.id or ref.name)


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dict | list):
        return csv_cell(json.dumps(v, ensure_ascii=False))
    return "" if v is None else csv_cell(v)


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([[_csv_value(v) for v in r] for r in rows])
    return path


def write_xlsx(path: Path, sheets: list[tuple[str, list[str], list[list[Any]]]],
               titles: dict[str, str] | None = None) -> Path:
    """One sheet per table; `titles` gives each column key its header (widths are chosen by key)."""
    return write_xlsx_stream(path, [(name, header, rows, len(rows)) for name, header, rows in sheets], titles)


def write_xlsx_stream(path: Path, sheets: list[tuple[str, list[str], Iterable[list[Any]], int]],
                      titles: dict[str, str] | None = None,
                      xml: dict[int, Iterable[str]] | None = None) -> Path:
    """`write_xlsx` from rows read one at a time (each sheet's row count given beforehand, for its
    filter range). openpyxl writes each sheet's header (write-only mode: nothing held per cell);
    the rows are written as SpreadsheetML text (xlsx_rows.py), or taken as made already from
    `xml` (by sheet index from 0: the store's cached rows), when `rows` then serves only for the
    column widths.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .xlsx_rows import register_styles, wrapped_cols, write_spliced

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    bodies: dict[int, Iterable[str]] = {}
    for k, (name, header, rows, n) in enumerate(sheets):
        ws = wb.create_sheet(name)
        if k == 0:
            register_styles(wb, ws)
        it = iter(rows)
        head = list(islice(it, 200))  # widths from the first rows: a write-only sheet writes them first
        for i, col in enumerate(header, 1):
            width = _WIDTHS.get(col)
            if width is None:
                longest = max([len(col)] + [len(str(r[i - 1])) for r in head if r[i - 1] is not None])
                width = min(max(8, longest + 2), 30)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        if n:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n + 1}"
        ws.append([_styled(ws, (titles or {}).get(h, h), font=bold, fill=fill) for h in header])
        bodies[k + 1] = xml[k] if xml and k in xml else _rows_xml(chain(head, it), wrapped_cols(header))
    write_spliced(wb, path, bodies)
    return path


def _rows_xml(rows: Iterable[list[Any]], wrapped: set[int]) -> Iterator[str]:
    from .xlsx_rows import row_xml

    for r in rows:
        yield row_xml([_xlsx_value(v) for v in r], wrapped)


def _styled(ws: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def _xlsx_value(v: Any) -> Any:
    if isinstance(v, dict | list):
        v = json.dumps(v, ensure_ascii=False)
    if isinstance(v, str):
        return xml_text(v)[:32000]
    return v


def decision_rows(cat: Catalogue, name: Any) -> list[list[Any]]:
    """The staff decisions, one row each, apart from the machine's rows of the alignment sheet."""
    by_sha = {d.document: d for d in cat.documents}

    def doc(sha: str) -> str:
        d = by_sha.get(sha)
        return name(d) if d is not None else sha[:12]

    return [[doc(d.child), doc(d.parent), "target" if d.kind == "target" else "pair", d.item, d.label,
             "; ".join(d.child_items), d.by, d.at, d.note, d.machine, d.stale] for d in cat.decisions]


def write_tables(cat: Catalogue, out_dir: Path, *, xlsx: bool = True) -> list[Path]:
    """tasks.csv, targets.csv, directives.csv and (unless xlsx=False) catalogue.xlsx in `out_dir`."""
    out_dir = Path(out_dir)
    tasks, targets, dirs = task_rows(cat), target_rows(cat), directive_rows(cat)
    written = [write_csv(out_dir / "tasks.csv", TASK_COLS, tasks),
               write_csv(out_dir / "targets.csv", TARGET_COLS, targets),
               write_csv(out_dir / "directives.csv", DIRECTIVE_COLS, dirs)]
    if xlsx:
        written.append(write_workbook(cat, out_dir / "catalogue.xlsx"))
    return written


def write_workbook(cat: Catalogue, path: Path, lang: str = "vi") -> Path:
    """catalogue.xlsx for people: sheet names, headers and values in words, documents by name."""
    from ..report.common import shown_documents
    from ..report.names import doc_label
    from .sheets import HEADERS, display_rows, header, sheet_name

    shown = cat.model_copy(update={"documents": shown_documents(cat)})
    tables = [("documents", DOCUMENT_COLS, document_rows(cat)), ("tasks", TASK_COLS, task_rows(shown, doc_label)),
              ("targets", TARGET_COLS, target_rows(shown, doc_label)),
              ("directives", DIRECTIVE_COLS, directive_rows(cat, doc_label)),
              ("alignment", ALIGNMENT_COLS, alignment_rows(cat))]
    if cat.decisions:
        tables.append(("decisions", DECISION_COLS, decision_rows(cat, doc_label)))
    sheets = [(sheet_name(k, lang), cols, display_rows(cols, rows, lang)) for k, cols, rows in tables]
    return write_xlsx(path, sheets, {k: header(k, lang) for k in HEADERS})
