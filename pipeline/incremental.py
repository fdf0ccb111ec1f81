"""Which alignments the corpus needs, and computing only those the store does not hold yet.

An alignment depends on its two documents and the pipeline version only (term weights come from
the pair, `align.core`), so it is stored per (child sha, parent sha) with the version, and a new
or changed document costs the alignments it takes part in. The pairs are planned from small
index rows (id, level, date, what a document implements and cites), never from the extractions.
A child is aligned with one copy of each parent id: three renderings of 03/NQ-CP are one parent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import levels

if TYPE_CHECKING:
    from .align.model import AlignmentReport, MissingParent
    from .records import Extraction
    from .store import Store


@dataclass
class Doc:
    sha: str
    name: str
    id: str | None
    number: str | None
    level: str
    date: str | None
    tasks: int = 0
    implements: list[str] = field(default_factory=list)
    cites: set[str] = field(default_factory=set)


def load_docs(store: Store, shas: list[str]) -> dict[str, Doc]:
    wanted = set(shas)
    docs = {r[0]: Doc(r[0], r[1] or r[0], r[2], r[3], r[4] or "unknown", r[5])
            for r in store.db.execute("SELECT sha256, name, doc_id, number, level, date FROM documents")
            if r[0] in wanted}
    for doc, did in store.db.execute("SELECT doc, directive FROM implements ORDER BY rowid"):
        if doc in docs:
            docs[doc].implements.append(did)
    for doc, did in store.db.execute("SELECT doc, id FROM directives"):
        if doc in docs:
            docs[doc].cites.add(did)
    for doc, n in store.db.execute("SELECT doc, COUNT(*) FROM tasks GROUP BY doc"):
        if doc in docs:
            docs[doc].tasks = n
    return docs


def plan_pairs(docs: dict[str, Doc]) -> list[tuple[str, str]]:
    """(child, parent) pairs as `align.parents_of` chooses them, one copy per parent id.

    The copy of a parent with the most tasks is the one read (the fullest rendering), then the
    smallest sha, so the choice is stable between runs.
    """
    by_id: dict[str, list[Doc]] = {}
    for d in docs.values():
        if d.id:
            by_id.setdefault(d.id, []).append(d)
    central = [d for d in docs.values() if d.level == "central" and d.implements]
    return [pair for child in sorted(docs.values(), key=lambda d: d.sha) for pair in child_pairs(child, by_id, central)]


def child_pairs(child: Doc, by_id: dict[str, list[Doc]], central: list[Doc]) -> list[tuple[str, str]]:
    """plan_pairs for one child (plan_delta plans the changed children with it): `by_id` holds every
    current document of each id the child cites or carries out and of each central document's id,
    `central` the central documents that carry something out."""
    cands = {p.sha: p for i in set(child.implements) | child.cites if i in by_id for p in by_id[i]}
    if levels.rank(child.level) > 0:
        for p in central:
            if set(p.implements) & set(child.implements) and (
                    not p.date or not child.date or p.date <= child.date):
                cands[p.sha] = p
    pairs, seen = [], set()
    for p in sorted(cands.values(), key=lambda d: (d.id or "", d.sha)):
        if p.sha == child.sha or (p.id and p.id == child.id):
            continue
        if p.id:
            if p.id in seen:
                continue
            seen.add(p.id)
            p = min(by_id[p.id], key=lambda d: (-d.tasks, d.sha))
        pairs.append((child.sha, p.sha))
    return pairs


@dataclass
class Update:
    kept: int
    computed: list[tuple[str, str]]
    dropped: int


def update_alignments(store: Store, shas: list[str], version: str,
                      align: Callable[[Extraction, Extraction], AlignmentReport] | None = None) -> Update:
    """Bring the alignments table to the pairs the corpus needs; align only the missing ones."""
    docs = load_docs(store, shas)
    wanted = plan_pairs(docs)
    have = store.alignment_versions()
    want = set(wanted)
    stale = [k for k, v in have.items() if k not in want or v != version]
    store.drop_alignments(stale)
    todo = [k for k in wanted if have.get(k) != version]
    if align is None:  # the pair alone: which other documents exist is applied on read (finish)
        from .align_pool import align_pairs

        for rep in align_pairs(store.path, sorted(todo)):  # by child: its pairs to one worker
            store.put_alignment(rep, version)
        return Update(kept=len(wanted) - len(todo), computed=todo, dropped=len(stale))
    cache: dict[str, Extraction] = {}

    def get(sha: str) -> Extraction:
        if sha not in cache:
            if len(cache) > 64:
                cache.clear()
            cache[sha] = next(store.extractions([sha]))
        return cache[sha]

    for c, p in todo:
        store.put_alignment(align(get(c), get(p)), version)
    return Update(kept=len(wanted) - len(todo), computed=todo, dropped=len(stale))


def missing_parents(docs: dict[str, Doc]) -> dict[str, list[MissingParent]]:
    """align.missing_parents from index rows: what each child says it carries out that is not stored."""
    from .align.model import DocRef, MissingParent, missing_parent_message

    have = {d.id for d in docs.values() if d.id}
    out: dict[str, list[MissingParent]] = {}
    for child in sorted(docs.values(), key=lambda d: d.sha):
        ref = DocRef(sha256=child.sha, name=child.name, id=child.id, level=child.level, date=child.date)
        name = child.number or child.id or child.name
        for pid in child.implements:
            if ":" in pid or pid in have or pid == child.id:
                continue
            out.setdefault(child.sha, []).append(
                MissingParent(child=ref, parent_id=pid, message=missing_parent_message(name, pid)))
    return out


def finish(payload: str, in_corpus: set[str], missing: dict[str, list[dict]]) -> dict:
    """A stored alignment as the corpus sees it now: citations of stored documents are not unresolved,
    and the child's missing parents are said (both depend on the corpus, not on the pair)."""
    rep = json.loads(payload)
    cit = rep["citations"]
    cit["unresolved"] = [u for u in cit["unresolved"] if u.startswith("?") or u not in in_corpus]
    own = missing.get(rep["child"]["sha256"])
    if own:
        rep["missing_parents"] = own
    return rep
