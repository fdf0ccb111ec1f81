"""The catalogue a report on one document or one alignment needs, read from the store by key.

`vnpolicy report ID` used to rebuild the whole catalogue (every extraction and alignment validated)
and then pick the document or pair out of it: 8 GB and minutes at 3,000 documents (#15). What that
report shows depends on a few documents only: the focused one (or the pair), the documents at the
other end of its alignments (their names label the rows), the merged facts of the directives it
cites, its links and its missing parents. Those are read here by key, so the cost follows the
answer, not the store; the page is the one the whole catalogue gives (tests/test_report_focused.py
renders both and compares them).

A document that is the parent of very many alignments (a Politburo resolution in a national store is
carried out by thousands of communes) would make a one-file report of every alignment: the first
`max_alignments` are shown in full and the report says how many more there are and how to open one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..textfold import fold
from .common import FocusNotFound, doc_keys

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..store import Store

MAX_ALIGNMENTS = 100  # alignments of one document shown in full in its one-file report


@dataclass
class Focused:
    catalogue: Catalogue
    focus: str  # the focus as shas ("SHA" or "CHILD~PARENT"): what the report resolves it to
    more_alignments: int = 0  # alignments of the document left out of the file (over max_alignments)
    example: str = ""  # one left-out alignment as the user would ask for it


class _Keys:
    """The report's document lookup (common.Index) over the store's documents table: the same keys in
    the same order (documents by name then sha, each by sha, name, stem, id, number, paths), so a
    name shared by several documents finds the same one as a report over the whole catalogue."""

    def __init__(self, store: Store, shas: list[str], paths: dict[str, list[str]]):
        current = set(shas)
        rows = sorted((r for r in store.db.execute("SELECT sha256, name, doc_id, number FROM documents")
                       if r[0] in current), key=lambda r: (r[1] or "", r[0]))
        self.keys: dict[str, str] = {}
        self.key_of: dict[str, str] = {}  # common.doc_key of each document
        self.shas = [r[0] for r in rows]
        for sha, name, did, number in rows:
            for k in doc_keys(sha, name, did, number, sorted(paths.get(sha, []))):
                self.keys.setdefault(k, sha)
            self.key_of[sha] = did or number or name or sha[:12]

    def doc(self, key: str) -> str | None:
        if not key:
            return None
        if key in self.keys:
            return self.keys[key]
        if fold(key) in self.keys:
            return self.keys[fold(key)]
        if len(key) >= 6:
            hits = [s for s in self.shas if s.startswith(key)]
            if len(hits) == 1:
                return hits[0]
        return None

    def named(self, key: str) -> list[str]:
        """The document the key finds and every document whose short key it is (common.select's test)."""
        hit = self.doc(key)
        return sorted({*([hit] if hit else []), *(s for s, k in self.key_of.items() if k == key)})


def _alignments(store: Store, where: str, args: list[str], current: set[str]) -> list[tuple[str, str]]:
    """(child, parent) of the stored alignments of current documents that `where` selects, in the
    catalogue's order (store.alignment_json's); their JSON is read by key, only for those shown."""
    sql = ("SELECT a.child, a.parent FROM alignments a LEFT JOIN documents d ON d.sha256 = a.parent WHERE " + where
           + " ORDER BY a.child, COALESCE(d.doc_id, ''), a.parent")
    return [(c, p) for c, p in store.db.execute(sql, args) if c in current and p in current]


def _json(store: Store, pairs: list[tuple[str, str]]) -> list[str]:
    return [store.db.execute("SELECT json FROM alignments WHERE child=? AND parent=?", p).fetchone()[0]
            for p in pairs]


def focused_catalogue(store: Store, focus: str, max_alignments: int = MAX_ALIGNMENTS) -> Focused:
    """The catalogue of a report on `focus` (a document key, or CHILD~PARENT); FocusNotFound if the store
    holds no such document or alignment."""
    from ..incremental import finish
    from ..publish import stored_ids

    shas = store.current_shas()
    paths, _failures = store.paths_and_failures()
    keys = _Keys(store, shas, paths)
    current = set(shas)
    if "~" in focus:
        c, p = (x.strip() for x in focus.split("~", 1))
        cs, ps = keys.named(c), keys.named(p)
        found = [] if not (cs and ps) else _alignments(
            store, f"a.child IN ({','.join('?' * len(cs))}) AND a.parent IN ({','.join('?' * len(ps))})", [*cs, *ps],
            current)
        if not found:
            raise FocusNotFound(f"no alignment {focus!r} in the catalogue")
        shown, more, mine = found[:1], [], []
        focus_shas = "~".join(found[0])
    else:
        sha = keys.doc(focus)
        if sha is None:
            raise FocusNotFound(f"no document {focus!r} in the catalogue")
        found = _alignments(store, "(a.child = ? OR a.parent = ?)", [sha, sha], current)
        shown, more, mine = found[:max_alignments], found[max_alignments:], [sha]
        focus_shas = sha
    in_corpus = stored_ids(store, current)
    missing = store.missing_parents()
    reps = [finish(x, in_corpus, missing) for x in _json(store, shown)]
    wanted = sorted({*mine, *(r[e]["sha256"] for r in reps for e in ("child", "parent"))})
    example = ""
    if more:
        example = f"{keys.key_of.get(more[0][0], more[0][0][:12])}~{keys.key_of.get(more[0][1], more[0][1][:12])}"
    return Focused(_catalogue(store, shas, wanted, paths, reps, missing), focus_shas, len(more), example)


def _catalogue(store: Store, shas: list[str], wanted: list[str], paths: dict[str, list[str]],
               reps: list[dict[str, Any]], missing: dict[str, list[dict]]) -> Catalogue:
    from ..align.model import AlignmentReport, MissingParent
    from ..catalogue import Catalogue, Link, catalogue_document
    from ..catalogue_stream import directive_entries
    from ..publish import decisions_on

    exts = sorted(store.extractions(wanted), key=lambda x: (x.source["name"], x.document))
    docs = [catalogue_document(e, paths.get(e.document, [])) for e in exts]
    aligns = [AlignmentReport.model_validate(r) for r in reps]
    cited = {d.id for e in exts for d in e.directives} | {i for e in exts for i in e.meta.implements}
    return Catalogue(documents=docs, directives=directive_entries(store, shas, cited),
                     links=_links(store, exts, cited, Link),
                     alignments=aligns,
                     missing_parents=[MissingParent.model_validate(m) for s in wanted for m in missing.get(s, [])],
                     failures=[], decisions=decisions_on(store, aligns))


def _links(store: Store, exts: list[Any], cited: set[str], link: Any) -> list[Any]:
    """The rows of the links table (in table order, as the whole catalogue lists them) whose two ends
    can be nodes of this report's graph: its documents and the directives they cite, under any of the
    node names the graph resolves (report/graph_view.py). Read through the src and dst indexes."""
    keys = set(cited)
    for e in exts:
        keys |= {e.document, e.document[:16], e.meta.id or "", e.meta.number or ""}
    keys.discard("")
    names = json.dumps(sorted({*keys, *(f"{p}:{k}" for p in _NODE_PREFIXES for k in keys)}), ensure_ascii=False)
    rows = store.db.execute(
        "SELECT src, dst, type, score, method, evidence FROM links WHERE src IN (SELECT value FROM json_each(?)) "
        "AND dst IN (SELECT value FROM json_each(?)) ORDER BY rowid", (names, names))
    return [link(src=r[0], dst=r[1], type=r[2], score=r[3], method=r[4], evidence=json.loads(r[5]) if r[5] else None)
            for r in rows]


_NODE_PREFIXES = ("doc", "document", "dir", "directive", "d")  # graph_view.resolve's
