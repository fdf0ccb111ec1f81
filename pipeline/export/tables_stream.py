"""tasks.csv, targets.csv, directives.csv and catalogue.xlsx streamed from the store's cached rows.

The same files `tables.write_tables(build_catalogue(...))` writes, without the catalogue in memory:
each document's rows were made once (derived.doc_pieces) and each alignment's sheet rows once per
what they depend on (derived.ensure_pairs); here they are read back in catalogue order and written
row by row. What spans documents (the merged directives, which reading of a text is shown, which
parent is missing) is small and computed here from the documents' stubs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_path
from ..derived import DocStub, csv_field, ordered, pair_order, pair_texts, representative, sheet_xml
from .tables import ALIGNMENT_COLS, DECISION_COLS, DIRECTIVE_COLS, DOCUMENT_COLS, TARGET_COLS, TASK_COLS, _j

if TYPE_CHECKING:
    from ..catalogue import DecisionEntry
    from ..store import Store


def _name(d: DocStub) -> str:
    return d.source.get("name") or d.document


def _csv(store: Store, shas: list[str], docs: dict[str, DocStub], path: Path, header: list[str], col: str) -> Path:
    from ..derived import _csv_lines

    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        f.write(json.loads(_csv_lines([header]))[0])
        for sha, text in ordered(store, shas, col):
            name = csv_field(_name(docs[sha]))
            for line in json.loads(text):
                f.write(f"{name},{line}")
    return path


def directive_rows(entries: list[dict[str, Any]], name: dict[str, str]) -> list[list[Any]]:
    """tables.directive_rows from the catalogue's directive entries (JSON)."""
    return [[x["id"], x["kind"], x["number"], x["year"], x["issuer_code"], x["issuer"], x["system"], x["level"],
             x["date"], x["title"], x["congress"], x["known"], name.get(x["in_corpus"] or "", x["in_corpus"]),
             _j(list(dict.fromkeys(name.get(s, s) for s in x["cited_by"]))), x["mentions"], _j(x["flags"])]
            for x in entries]


def write_tables_stream(store: Store, shas: list[str], docs: dict[str, DocStub], directives: list[dict[str, Any]],
                        out_dir: Path, *, decisions: list[DecisionEntry] | None = None,
                        xlsx: bool = True) -> list[Path]:
    """What `tables.write_tables` writes for this store, from the cached rows."""
    from .tables import write_csv

    written = [_csv(store, shas, docs, out_dir / "tasks.csv", TASK_COLS, "task_csv"),
               _csv(store, shas, docs, out_dir / "targets.csv", TARGET_COLS, "target_csv"),
               write_csv(out_dir / "directives.csv", DIRECTIVE_COLS,
                         directive_rows(directives, {s: _name(d) for s, d in docs.items()}))]
    if xlsx:
        written.append(write_workbook_stream(store, shas, docs, directives, out_dir / "catalogue.xlsx",
                                             decisions or []))
    return written


def _documents_sheet(order: list[DocStub], rep: dict[str, str]) -> list[list[Any]]:
    """tables.document_rows: one row per document shown, its readings (in catalogue order) in `name`."""
    sources: dict[str, list[DocStub]] = {}
    for d in order:
        sources.setdefault(rep[d.document], []).append(d)
    rows = []
    for d in order:
        if rep[d.document] != d.document:
            continue
        srcs = [d, *(x for x in sources[d.document] if x is not d)]
        m, f = d.meta, d.facts
        rows.append([d.label, _j([_name(x) for x in srcs]), m.doc_type, m.number, m.id, m.issuer, m.level, m.date,
                     m.title, _j(m.implements), _j(list(dict.fromkeys(x.source.get("format") or "" for x in srcs))),
                     f["pages"], f["method"], f["tasks"], f["targets"], f["directives"], f["diagnostics"],
                     _j([p for x in srcs for p in x.paths])])
    return rows


def _items(store: Store, shas: list[str], docs: dict[str, DocStub], col: str) -> Iterator[list[Any]]:
    for sha, text in ordered(store, shas, col):
        label = docs[sha].label
        for r in json.loads(text):
            yield [label, *r]


def _shown_pairs(pairs: list[tuple[str, str]], rep: dict[str, str]) -> list[tuple[str, str]]:
    """report.common.shown_alignments over (child, parent) shas."""
    best: dict[tuple[str, str], tuple[str, str]] = {}
    for c, p in pairs:
        k = (rep.get(c, c), rep.get(p, p))
        if k not in best or c == k[0]:
            best[k] = (c, p)
    keep = set(best.values())
    return [x for x in pairs if x in keep]


def _xml(store: Store, shas: list[str], col: str) -> Iterator[str]:
    for _sha, text in ordered(store, shas, col):
        yield from json.loads(text)


def _alignment_xml(store: Store, pairs: list[tuple[str, str]], head: list[list[Any]]) -> Iterator[str]:
    yield from json.loads(sheet_xml(head, ALIGNMENT_COLS))
    for text in pair_texts(store, pairs, "rows_xml"):
        yield from json.loads(text)


def _first(store: Store, shas: list[str], docs: dict[str, DocStub], col: str) -> list[list[Any]]:
    """The first 200 rows of a sheet (its column widths are found from them)."""
    return list(islice(_items(store, shas, docs, col), 200))


def write_workbook_stream(store: Store, shas: list[str], docs: dict[str, DocStub], directives: list[dict[str, Any]],
                          path: Path, decisions: list[DecisionEntry], lang: str = "vi") -> Path:
    """tables.write_workbook from the cached rows (lang: the language the cached rows were made in)."""
    from ..report.names import named_message
    from .sheets import HEADERS, display_rows, header, sheet_name
    from .tables import write_xlsx_stream

    order = [docs[sha] for sha, _ in ordered(store, shas, "1")]
    rep = representative(order)
    shown = {s for s, r in rep.items() if s == r}
    shown_shas = [s for s in shas if s in shown]
    labels = {s: d.label for s, d in docs.items()}
    pairs = pair_order(store, shas)
    aligned = {c for c, _ in pairs}
    missing = []
    for child, ms in store.missing_parents().items():  # a child with no parent in the store at all
        if child in aligned:
            continue
        for m in ms:
            d = docs.get(child)
            end = d.label if d is not None else (m["child"].get("id") or m["child"]["name"])
            missing.append([end, m["parent_id"], "parent_missing", None, None, None, None, None, None, None,
                            named_message(m["message"], [d] if d is not None else [])])  # type: ignore[list-item]
    shown_pairs = _shown_pairs(pairs, rep)
    n_align = len(missing) + sum(store.db.execute("SELECT n_rows FROM pair_outputs WHERE child=? AND parent=?",
                                                  x).fetchone()[0] for x in shown_pairs)
    tasks = sum(docs[s].facts["tasks"] for s in shown)
    targets = sum(docs[s].facts["targets"] for s in shown)
    dirs = directive_rows(directives, labels)
    head = display_rows(ALIGNMENT_COLS, missing, lang)
    first = head[:200]
    for text in pair_texts(store, shown_pairs, "rows"):
        if len(first) >= 200:
            break
        first += json.loads(text)
    sheets: list[tuple[str, list[str], Any, int]] = [
        ("documents", DOCUMENT_COLS, display_rows(DOCUMENT_COLS, _documents_sheet(order, rep), lang), len(shown)),
        ("tasks", TASK_COLS, _first(store, shown_shas, docs, "task_vi"), tasks),
        ("targets", TARGET_COLS, _first(store, shown_shas, docs, "target_vi"), targets),
        ("directives", DIRECTIVE_COLS, display_rows(DIRECTIVE_COLS, dirs, lang), len(dirs)),
        ("alignment", ALIGNMENT_COLS, first[:200], n_align)]
    xml: dict[int, Iterable[str]] = {1: _xml(store, shown_shas, "task_xml"), 2: _xml(store, shown_shas, "target_xml"),
           4: _alignment_xml(store, shown_pairs, head)}
    if decisions:
        def doc(sha: str) -> str:
            return labels.get(sha) or sha[:12]

        rows = [[doc(d.child), doc(d.parent), "target" if d.kind == "target" else "pair", d.item, d.label,
                 "; ".join(d.child_items), d.by, d.at, d.note, d.machine, d.stale] for d in decisions]
        sheets.append(("decisions", DECISION_COLS, display_rows(DECISION_COLS, rows, lang), len(rows)))
    return write_xlsx_stream(path, [(sheet_name(k, lang), cols, rows, n) for k, cols, rows, n in sheets],
                             {k: header(k, lang) for k in HEADERS}, xml)
