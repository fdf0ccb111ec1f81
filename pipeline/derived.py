"""What the outputs show of one document or one alignment, made once and kept in the store (#15).

A publish after one new document rebuilt every output from every extraction: 139 s at 1,000
documents for 2 new alignment pairs. Here each document's pieces (its catalogue JSON, its JSON
Lines, its table rows as CSV text and as the workbook shows them, and a stub: the facts the
outputs need to name and group it) are made the first time it is published and read back as text
after that. Each alignment's catalogue line and workbook rows likewise, under a key of what they
depend on beyond the pair: which cited documents are stored now, the child's missing parents, the
names of both documents. The outputs are streamed from these rows in catalogue order.

A document's rows go with it (store._PER_DOC); an alignment's with the pair (store.drop_alignments).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import DocMeta
    from .store import Store

DERIVED_VERSION = "1"  # bump when what a piece holds changes; the code that makes them is digested below

# the modules whose code makes the pieces: a change to any of them makes every piece again (the
# pipeline version digests the data files and the code that extracts and aligns, not this code)
_MAKERS = ("derived.py", "export/tables.py", "export/sheets.py", "export/xlsx_rows.py", "report/names.py",
           "report/aligndata.py", "report/i18n.py", "report/document.py", "report/common.py", "incremental.py",
           "graph_files.py", "sanitize.py", "records.py", "catalogue.py", "align/model.py")


@cache
def code_digest() -> str:
    from .codehash import sources_hash

    return sources_hash(_MAKERS, seed=DERIVED_VERSION.encode()).hexdigest()[:16]

SCHEMA = """
CREATE TABLE IF NOT EXISTS doc_outputs(doc TEXT PRIMARY KEY, version TEXT, stub TEXT, doc_json TEXT,
  tasks_jsonl TEXT, targets_jsonl TEXT, responsibilities_jsonl TEXT, cited TEXT,
  task_csv TEXT, target_csv TEXT, task_vi TEXT, target_vi TEXT, task_xml TEXT, target_xml TEXT);
CREATE TABLE IF NOT EXISTS pair_outputs(child TEXT, parent TEXT, unresolved TEXT, key TEXT, line TEXT,
  rows_key TEXT, rows TEXT, rows_xml TEXT, n_rows INTEGER, PRIMARY KEY(child, parent));
-- ensure_pairs reads every pair's keys on each publish: from this index, not from rows whose `line`
-- (overflow pages) comes before rows_key
CREATE INDEX IF NOT EXISTS pair_outputs_keys ON pair_outputs(child, parent, unresolved, key, rows_key);
"""


@dataclass
class DocStub:
    """A document as the outputs name, group and count it, without its items (duck-types the
    `document`, `source`, `meta` and `paths` of a CatalogueDocument for report.names)."""

    document: str
    source: dict[str, Any]
    meta: DocMeta
    label: str
    identity: tuple
    fullness: tuple
    facts: dict[str, Any]  # pages, method, tasks, targets, directives, diagnostics
    paths: list[str] = field(default_factory=list)


def _csv_lines(rows: list[list[Any]]) -> str:
    """Each row as csv.writer writes it (a quoted value may hold a line break), as a JSON list."""
    from .export.tables import _csv_value

    out = []
    for r in rows:
        buf = io.StringIO()
        csv.writer(buf).writerow([_csv_value(v) for v in r])
        out.append(buf.getvalue())
    return json.dumps(out, ensure_ascii=False)


def csv_field(v: Any) -> str:
    """One value as csv.writer writes it inside a row (a row of one empty value is written '""')."""
    from .export.tables import _csv_value

    buf = io.StringIO()
    csv.writer(buf).writerow([_csv_value(v), ""])
    return buf.getvalue()[:-3]


def doc_pieces(payload: str, version: str) -> tuple:
    """The doc_outputs row of one stored extraction (its JSON as the store holds it)."""
    from .export.sheets import display_rows
    from .export.tables import TARGET_COLS, TASK_COLS, doc_target_rows, doc_task_rows
    from .records import DirectiveFacts, Extraction
    from .report.document import diagnostics_rows
    from .report.i18n import labels
    from .report.names import _fullness, _identity, doc_label

    ext = Extraction.model_validate_json(payload)
    doc = json.loads(payload)
    sha = ext.document
    jsonl = {kind: "".join(json.dumps({"document": sha, **it}, ensure_ascii=False) + "\n" for it in doc[kind])
             for kind in ("tasks", "targets", "responsibilities")}
    cited = [(d["id"], {**{k: d.get(k) for k in DirectiveFacts.model_fields}, "mentions": len(d["mentions"]),
                        "flags": d["flags"]}) for d in doc["directives"]]
    facts = {"pages": ext.pages, "method": ext.method, "tasks": len(ext.tasks), "targets": len(ext.targets),
             "directives": len(ext.directives), "diagnostics": len(diagnostics_rows(ext, labels("en")))}  # type: ignore[arg-type]
    stub = {"source": {k: ext.source.get(k) for k in ("name", "format")}, "meta": doc["meta"],
            "label": doc_label(ext), "identity": _identity(ext), "fullness": _fullness(ext), "facts": facts}  # type: ignore[arg-type]
    tasks, targets = doc_task_rows(ext), doc_target_rows(ext)
    shown_tasks, shown_targets = display_rows(TASK_COLS[1:], tasks), display_rows(TARGET_COLS[1:], targets)
    label = stub["label"]
    return (sha, version, json.dumps(stub, ensure_ascii=False), json.dumps(doc, ensure_ascii=False),
            jsonl["tasks"], jsonl["targets"], jsonl["responsibilities"], json.dumps(cited, ensure_ascii=False),
            _csv_lines(tasks), _csv_lines(targets),
            json.dumps(shown_tasks, ensure_ascii=False), json.dumps(shown_targets, ensure_ascii=False),
            sheet_xml([[label, *r] for r in shown_tasks], TASK_COLS),
            sheet_xml([[label, *r] for r in shown_targets], TARGET_COLS))


def sheet_xml(rows: list[list[Any]], header: list[str]) -> str:
    """The workbook rows as SpreadsheetML text (export/xlsx_rows.py), as a JSON list."""
    from .export.tables import _xlsx_value
    from .export.xlsx_rows import row_xml, wrapped_cols

    wrapped = wrapped_cols(header)
    return json.dumps([row_xml([_xlsx_value(v) for v in r], wrapped) for r in rows], ensure_ascii=False)


def ensure_docs(store: Store, shas: list[str], version: str) -> int:
    """Make the pieces of every current document that has none of this version; returns how many."""
    v = f"{code_digest()}:{version}"
    have = {r[0] for r in store.db.execute("SELECT doc FROM doc_outputs WHERE version=?", (v,))}
    todo = sorted(set(shas) - have)
    for i in range(0, len(todo), 25):  # a commit per chunk: a kill loses one chunk, and the chunk's pieces
        chunk = todo[i:i + 25]  # (some 1.7 MB a document) are all in memory: 200 a chunk was 340 MB
        rows = [doc_pieces(payload, v) for (payload,) in store.db.execute(
            f"SELECT json FROM extractions WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk)]
        store.db.executemany(f"INSERT OR REPLACE INTO doc_outputs VALUES({','.join('?' * 14)})", rows)
        store.db.commit()
    return len(todo)


def stubs(store: Store, shas: list[str], paths: dict[str, list[str]]) -> dict[str, DocStub]:
    """Every current document's stub, by sha."""
    current = set(shas)
    return {sha: _stub(sha, text, paths) for sha, text in store.db.execute("SELECT doc, stub FROM doc_outputs")
            if sha in current}


def stub_of(store: Store, sha: str, paths: dict[str, list[str]]) -> DocStub:
    """One document's stub, read by key."""
    (text,) = store.db.execute("SELECT stub FROM doc_outputs WHERE doc=?", (sha,)).fetchone()
    return _stub(sha, text, paths)


def _stub(sha: str, text: str, paths: dict[str, list[str]]) -> DocStub:
    from .records import DocMeta

    s = json.loads(text)
    return DocStub(sha, s["source"], DocMeta.model_construct(**s["meta"]), s["label"],
                   tuple(s["identity"]), tuple(s["fullness"]), s["facts"], sorted(paths.get(sha, [])))


def ordered(store: Store, shas: list[str], cols: str) -> Iterator[tuple]:
    """(sha, *cols) of the current documents' pieces in catalogue order (file name, then sha)."""
    current = set(shas)
    order = [r[0] for r in store.db.execute("SELECT sha256 FROM extractions ORDER BY name, sha256")]
    for sha in order:  # by key, one row at a time: a join sorted with its text would hold it all
        if sha in current:
            row = store.db.execute(f"SELECT {cols} FROM doc_outputs WHERE doc=?", (sha,)).fetchone()
            if row is not None:
                yield (sha, *row)


def representative(docs: list[DocStub]) -> dict[str, str]:
    """report.names.representative over stubs: sha of every reading -> sha of the reading shown."""
    groups: dict[tuple, list[DocStub]] = {}
    for d in docs:
        groups.setdefault(d.identity, []).append(d)
    return {x.document: max(g, key=lambda d: d.fullness).document for g in groups.values() for x in g}


# alignments ---------------------------------------------------------------------------------------

class _StubIndex:
    """report.common.Index over the two documents of one alignment."""

    def __init__(self, docs: list[DocStub]):
        self.by_sha = {d.document: d for d in docs}
        self.cat = _Docs(docs)

    def doc(self, key: Any) -> DocStub | None:
        return self.by_sha.get(key) if isinstance(key, str) else None


@dataclass
class _Docs:
    documents: list[DocStub]


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def ensure_pairs(store: Store, shas: list[str], version: str, docs: dict[str, DocStub],
                 children: set[str] | None = None) -> int:
    """Bring every current alignment's catalogue line and workbook rows up to date; returns how many
    were made. The line depends on the pair and, beyond it, on which of its unresolved citations are
    stored documents now and on the child's missing parents (incremental.finish); the rows also on
    the names of the two documents. With `children`, only their alignments are looked at (the caller
    knows the others' pieces are of this version and what they depend on has not changed)."""
    from .export.sheets import display_rows
    from .export.tables import ALIGNMENT_COLS, pair_rows
    from .incremental import finish
    from .publish import stored_ids
    from .report.aligndata import normalize_alignment

    v = f"{code_digest()}:{version}"
    current = set(shas)
    in_corpus = stored_ids(store, current)
    missing = store.missing_parents()
    # two scans, each a covering index (pair_outputs_keys): a join reads every pair_outputs row
    if children is None:
        outs = {(c, p): rest for c, p, *rest in store.db.execute(
            "SELECT child, parent, unresolved, key, rows_key FROM pair_outputs")}
        rows = [(c, p, *outs.get((c, p), (None, None, None)))
                for c, p in store.db.execute("SELECT child, parent FROM alignments ORDER BY child, parent")]
    else:
        rows = [(c, p, *(store.db.execute("SELECT unresolved, key, rows_key FROM pair_outputs WHERE child=? AND "
                                          "parent=?", (c, p)).fetchone() or (None, None, None)))
                for k in sorted(children) for c, p in store.db.execute(
                    "SELECT child, parent FROM alignments WHERE child=? ORDER BY parent", (k,))]
    made = 0
    for c, p, unresolved, key, rows_key in rows:
        if c not in current or p not in current:
            continue
        now = None if unresolved is None else [u for u in json.loads(unresolved)
                                               if u.startswith("?") or u not in in_corpus]
        want = _digest(v, now, missing.get(c))
        want_rows = _digest(want, docs[c].label, docs[p].label, docs[c].source.get("name"))
        if unresolved is not None and key == want and rows_key == want_rows:
            continue
        (payload,) = store.db.execute("SELECT json FROM alignments WHERE child=? AND parent=?", (c, p)).fetchone()
        raw = json.loads(payload)["citations"]["unresolved"]
        rep = finish(payload, in_corpus, missing)
        want = _digest(v, rep["citations"]["unresolved"], missing.get(c))
        want_rows = _digest(want, docs[c].label, docs[p].label, docs[c].source.get("name"))
        x = normalize_alignment(rep, _StubIndex([docs[c], docs[p]]))  # type: ignore[arg-type]
        sheet = display_rows(ALIGNMENT_COLS, pair_rows(x))
        store.db.execute("INSERT OR REPLACE INTO pair_outputs VALUES(?,?,?,?,?,?,?,?,?)",
                         (c, p, json.dumps(raw, ensure_ascii=False), want, json.dumps(rep, ensure_ascii=False),
                          want_rows, json.dumps(sheet, ensure_ascii=False), sheet_xml(sheet, ALIGNMENT_COLS),
                          len(sheet)))
        made += 1
        if made % 200 == 0:
            store.db.commit()
    store.db.commit()
    return made


def pair_order(store: Store, shas: list[str]) -> list[tuple[str, str]]:
    """The current alignments in catalogue order (Store.alignment_json's)."""
    current = set(shas)
    return [(c, p) for c, p in store.db.execute(
        "SELECT a.child, a.parent FROM alignments a LEFT JOIN documents d ON d.sha256 = a.parent "
        "ORDER BY a.child, COALESCE(d.doc_id, ''), a.parent") if c in current and p in current]


def pair_texts(store: Store, pairs: list[tuple[str, str]], col: str) -> Iterator[str]:
    for c, p in pairs:
        (text,) = store.db.execute(f"SELECT {col} FROM pair_outputs WHERE child=? AND parent=?", (c, p)).fetchone()
        yield text

