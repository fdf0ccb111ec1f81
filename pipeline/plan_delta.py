"""The alignment pairs and missing parents of what changed since the last publish, not of every document (#15).

incremental.update_alignments plans every pair from every document's index rows (each document,
implements, directive and task row of the store): at 1,000 documents reading them was most of
the planning of a run that added one document, and it grows with the store. Here the facts the
plan reads of each document (incremental.Doc) are kept in two small tables, as of the last
publish that finished: plan_docs, and plan_refs (the ids a document cites or carries out). A
publish compares them with the store by key (sha, extraction version), reads the facts of the
documents that changed only, and plans the pairs and missing parents of the children those can
change:
- a document added, removed or extracted again;
- every document that cites or carries out the id of one (its pairs and missing parents name it,
  and which copy of a parent is read depends on every copy);
- with a central document that carries out X, every document that carries out X (plan_pairs
  offers that central document as a parent to those below central).
Every other document's pairs are made of facts that did not change. The tables are written at the
end of a publish only: one that did not finish leaves them as they were, so the next one looks at
the same documents again. A new pipeline version, or tables of another PLAN_VERSION, plan every
pair as before (incremental.update_alignments) and fill the tables from what it read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .incremental import Doc, Update, child_pairs

if TYPE_CHECKING:
    from .align.model import AlignmentReport
    from .records import Extraction
    from .store import Store

PLAN_VERSION = "1"  # bump when what plan_docs holds or how a child's pairs are chosen changes
STATE = "plan_state"
SCHEMA = """
CREATE TABLE IF NOT EXISTS plan_docs(doc TEXT PRIMARY KEY, version TEXT, name TEXT, id TEXT, number TEXT,
  level TEXT, date TEXT, tasks INTEGER, implements TEXT, cites TEXT);
CREATE INDEX IF NOT EXISTS plan_docs_id ON plan_docs(id);
CREATE INDEX IF NOT EXISTS plan_docs_level ON plan_docs(level);
CREATE TABLE IF NOT EXISTS plan_refs(doc TEXT, ref TEXT, implements INTEGER);
CREATE INDEX IF NOT EXISTS plan_refs_ref ON plan_refs(ref);
CREATE INDEX IF NOT EXISTS plan_refs_doc ON plan_refs(doc);
-- which documents changed is a comparison of (sha, version) pairs, and the split layout reads each
-- document's name: from this index, not from the extraction rows (one page each, their JSON beside them)
CREATE INDEX IF NOT EXISTS extractions_keys ON extractions(sha256, version, name);
CREATE INDEX IF NOT EXISTS alignments_version ON alignments(child, parent, version);
"""
_CHUNK = 400  # keys per IN (...) query


@dataclass
class Delta:
    """What a publish plans again: `changed` documents (added, removed, extracted again), the
    `children` whose pairs and missing parents are planned (changed included), and the facts read."""

    changed: set[str]
    children: set[str]
    current: set[str]
    new: dict[str, Doc] = field(default_factory=dict)  # facts of the changed documents still current
    versions: dict[str, str] = field(default_factory=dict)  # extraction version of each of `new`


def _chunks(keys: Iterable[str]) -> Iterable[list[str]]:
    ks = sorted(set(keys))
    for i in range(0, len(ks), _CHUNK):
        yield ks[i:i + _CHUNK]


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))


def state(version: str) -> str:
    return f"{PLAN_VERSION}:{version}"


def read_facts(store: Store, shas: Iterable[str]) -> dict[str, Doc]:
    """incremental.load_docs for a few documents, read by key."""
    db = store.db
    docs: dict[str, Doc] = {}
    for chunk in _chunks(shas):
        m = _marks(chunk)
        for r in db.execute(f"SELECT sha256, name, doc_id, number, level, date FROM documents WHERE sha256 IN ({m})",
                            chunk):
            docs[r[0]] = Doc(r[0], r[1] or r[0], r[2], r[3], r[4] or "unknown", r[5])
        for doc, did in db.execute(f"SELECT doc, directive FROM implements WHERE doc IN ({m}) ORDER BY rowid", chunk):
            if doc in docs:
                docs[doc].implements.append(did)
        for doc, did in db.execute(f"SELECT doc, id FROM directives WHERE doc IN ({m})", chunk):
            if doc in docs:
                docs[doc].cites.add(did)
        for doc, n in db.execute(f"SELECT doc, COUNT(*) FROM tasks WHERE doc IN ({m}) GROUP BY doc", chunk):
            if doc in docs:
                docs[doc].tasks = n
    return docs


_COLS = "doc, name, id, number, level, date, tasks, implements, cites"


def _doc(row: tuple) -> Doc:
    sha, name, did, number, level, date, tasks, impl, cites = row
    return Doc(sha, name, did, number, level, date, tasks, json.loads(impl), set(json.loads(cites)))


def _planned(store: Store, where: str, args: list) -> list[Doc]:
    return [_doc(r) for r in store.db.execute(f"SELECT {_COLS} FROM plan_docs WHERE {where}", args)]


def delta(store: Store, shas: list[str], version: str) -> Delta | None:
    """What changed since the last publish that finished; None when that is not known (no tables yet,
    another pipeline or PLAN_VERSION): the caller plans every pair."""
    db = store.db
    db.executescript(SCHEMA)
    if store.get_meta(STATE) != state(version):
        return None
    current = set(shas)
    planned = dict(db.execute("SELECT doc, version FROM plan_docs"))
    ext = dict(db.execute("SELECT sha256, version FROM extractions"))
    changed = {s for s in shas if planned.get(s) != ext.get(s)} | {d for d in planned if d not in current}
    new = read_facts(store, changed & current)
    old = [d for chunk in _chunks(changed) for d in _planned(store, f"doc IN ({_marks(chunk)})", chunk)]
    facts = [*old, *new.values()]
    ids = sorted({d.id for d in facts if d.id})
    carried = sorted({x for d in facts if d.level == "central" and d.implements for x in d.implements})
    children = set(changed)
    for chunk in _chunks(ids):
        children |= {r[0] for r in db.execute(f"SELECT doc FROM plan_refs WHERE ref IN ({_marks(chunk)})", chunk)}
    for chunk in _chunks(carried):
        children |= {r[0] for r in db.execute(
            f"SELECT doc FROM plan_refs WHERE implements=1 AND ref IN ({_marks(chunk)})", chunk)}
    return Delta(changed, children, current, new, {s: ext[s] for s in new})


class _Facts:
    """The facts of the current documents as the plan sees them now: the stored rows of the
    unchanged ones, the fresh facts of the changed ones."""

    def __init__(self, store: Store, d: Delta):
        self.store, self.d = store, d
        self._by_id: dict[str, list[Doc]] = {}

    def _fresh(self, docs: list[Doc]) -> list[Doc]:
        return [x for x in docs if x.sha not in self.d.changed]

    def get(self, shas: Iterable[str]) -> dict[str, Doc]:
        out = {s: self.d.new[s] for s in shas if s in self.d.new}
        rest = [s for s in shas if s not in self.d.changed]
        for chunk in _chunks(rest):
            out.update((x.sha, x) for x in _planned(self.store, f"doc IN ({_marks(chunk)})", chunk))
        return out

    def by_id(self, ids: Iterable[str]) -> dict[str, list[Doc]]:
        todo = sorted({i for i in ids if i not in self._by_id})
        for i in todo:
            self._by_id[i] = []
        for chunk in _chunks(todo):
            for x in self._fresh(_planned(self.store, f"id IN ({_marks(chunk)})", chunk)):
                self._by_id[x.id].append(x)  # type: ignore[index]
        for x in self.d.new.values():
            if x.id in todo:
                self._by_id[x.id].append(x)
        return {i: self._by_id[i] for i in ids if self._by_id.get(i)}

    def central(self) -> list[Doc]:
        docs = self._fresh(_planned(self.store, "level='central' AND implements != '[]'", []))
        return docs + [x for x in self.d.new.values() if x.level == "central" and x.implements]


def planned_pairs(store: Store, d: Delta) -> tuple[list[tuple[str, str]], dict[str, Doc], _Facts]:
    """The pairs the children of `d` need now (those still current), their facts and the view read."""
    view = _Facts(store, d)
    kids = view.get(sorted(d.children & d.current))
    central = view.central()
    by_id = view.by_id({i for c in kids.values() for i in (*c.implements, *c.cites)}
                       | {p.id for p in central if p.id})
    pairs = [p for sha in sorted(kids) for p in child_pairs(kids[sha], by_id, central)]
    return pairs, kids, view


def update_alignments(store: Store, d: Delta, version: str,
                      align: Callable[[Extraction, Extraction], AlignmentReport] | None = None) -> Update:
    """incremental.update_alignments for the children of `d`: their stored pairs and those whose
    parent is gone are compared with the pairs they need; only the missing ones are aligned (by
    `align` when given, as incremental.update_alignments takes it)."""
    from .align_pool import align_pairs

    wanted, kids, view = planned_pairs(store, d)
    db = store.db
    have: dict[tuple[str, str], str] = {}
    for chunk in _chunks(d.children):
        have.update(((c, p), v) for c, p, v in db.execute(
            f"SELECT child, parent, version FROM alignments WHERE child IN ({_marks(chunk)})", chunk))
    for chunk in _chunks(d.changed - d.current):
        have.update(((c, p), v) for c, p, v in db.execute(
            f"SELECT child, parent, version FROM alignments WHERE parent IN ({_marks(chunk)})", chunk))
    want = set(wanted)
    stale = sorted(k for k, v in have.items() if k not in want or v != version)
    store.drop_alignments(stale)
    todo = [k for k in wanted if have.get(k) != version]
    reports = (align_pairs(store.path, sorted(todo)) if align is None else
               (align(next(store.extractions([c])), next(store.extractions([p]))) for c, p in sorted(todo)))
    for rep in reports:
        store.put_alignment(rep, version)
    update_missing_parents(store, d, kids, view)
    return Update(kept=len(wanted) - len(todo), computed=todo, dropped=len(stale))


def update_missing_parents(store: Store, d: Delta, kids: dict[str, Doc], view: _Facts) -> None:
    """The missing_parents rows of the children of `d`, as incremental.missing_parents makes them."""
    from .align.model import DocRef, MissingParent, missing_parent_message

    have = set(view.by_id({i for c in kids.values() for i in c.implements}))
    rows = []
    for sha in sorted(kids):
        child = kids[sha]
        ref = DocRef(sha256=child.sha, name=child.name, id=child.id, level=child.level, date=child.date)
        name = child.number or child.id or child.name
        for pid in child.implements:
            if ":" in pid or pid in have or pid == child.id:
                continue
            m = MissingParent(child=ref, parent_id=pid, message=missing_parent_message(name, pid))
            rows.append((sha, pid, m.model_dump_json()))
    with store.db:
        for chunk in _chunks(d.children):
            store.db.execute(f"DELETE FROM missing_parents WHERE child IN ({_marks(chunk)})", chunk)
        store.db.executemany("INSERT INTO missing_parents VALUES(?,?,?)", rows)


def _rows(d: Doc, version: str | None) -> tuple:
    return (d.sha, version, d.name, d.id, d.number, d.level, d.date, d.tasks, json.dumps(d.implements),
            json.dumps(sorted(d.cites)))


def _refs(d: Doc) -> list[tuple[str, str, int]]:
    impl = set(d.implements)
    return [(d.sha, r, int(r in impl)) for r in sorted(impl | d.cites)]


def settle(store: Store, d: Delta | None, version: str, docs: dict[str, Doc] | None = None) -> None:
    """At the end of a publish: the tables say what it planned from. With no delta (every pair was
    planned), `docs` are the facts of every current document (incremental.load_docs)."""
    db = store.db
    db.executescript(SCHEMA)
    with db:
        if d is None:
            assert docs is not None
            ext = dict(db.execute("SELECT sha256, version FROM extractions"))
            db.execute("DELETE FROM plan_docs")
            db.execute("DELETE FROM plan_refs")
            new, versions, gone = docs, ext, []
        else:
            new, versions, gone = d.new, d.versions, sorted(d.changed)
        for chunk in _chunks(gone):
            db.execute(f"DELETE FROM plan_docs WHERE doc IN ({_marks(chunk)})", chunk)
            db.execute(f"DELETE FROM plan_refs WHERE doc IN ({_marks(chunk)})", chunk)
        db.executemany("INSERT OR REPLACE INTO plan_docs VALUES(?,?,?,?,?,?,?,?,?,?)",
                       [_rows(x, versions.get(x.sha)) for x in new.values()])
        db.executemany("INSERT INTO plan_refs VALUES(?,?,?)", [r for x in new.values() for r in _refs(x)])
        db.execute("INSERT OR REPLACE INTO meta VALUES(?,?)", (STATE, state(version)))
