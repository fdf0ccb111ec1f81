"""The Đối chiếu page's data: which parents a child can be compared with, and the rows of one alignment
with the machine's class and the staff decision, read the way `vnpolicy review list` reads them."""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..align.model import CLASS_LABELS, VERDICT_LABELS
from ..textfold import fold

if TYPE_CHECKING:
    from ..align.model import AlignmentReport
    from ..store import Store
    from .queries import DocRow

# the machine's Vietnamese label -> a code for the colour and the filter
_CODE = {**{v: k for k, v in VERDICT_LABELS.items()}, **{v: k for k, v in CLASS_LABELS.items()}}
CLASS_FILTERS = {"match": "khớp", "review": "cần xem", "gap": "chưa có", "upper_level": "cấp trên thực hiện",
                 "decided": "đã rà soát", "undecided": "chưa rà soát", "stale": "cần xem lại"}


@dataclass
class Parents:
    cited: list[DocRow]  # parents the child cites or carries out, aligned by the last run
    others: list[DocRow]  # every other document in the store
    missing: list[dict[str, str]]  # what the child carries out that the store lacks: {"id", "message"}


def parents_for(store: Store, child: str, docs: list[DocRow]) -> Parents:
    aligned = {p for (p,) in store.db.execute("SELECT parent FROM alignments WHERE child=?", (child,))}
    cited = [d for d in docs if d.sha in aligned]
    others = [d for d in docs if d.sha not in aligned and d.sha != child]
    missing = [{"id": m["parent_id"], "message": m["message"]} for m in store.missing_parents(child).get(child, [])]
    return Parents(cited, others, missing)


_LOADED: OrderedDict[tuple, AlignmentReport] = OrderedDict()
KEEP = 4  # alignments kept parsed: a reviewer goes back and forth between a few pages


def load(store: Store, child: str, parent: str) -> AlignmentReport | None:
    """The stored alignment of the pair as the corpus sees it now (publish.stored_alignments' view).

    Reading and validating a large alignment's JSON is most of the page's time, so the result is kept
    for its key: the pair, the version it was computed with, and what `finish` reads of the corpus."""
    from ..align.model import AlignmentReport
    from ..incremental import finish
    from ..publish import stored_ids

    row = store.db.execute("SELECT version FROM alignments WHERE child=? AND parent=?", (child, parent)).fetchone()
    current = set(store.current_shas())
    if row is None or child not in current or parent not in current:
        return None
    in_corpus = stored_ids(store, current)
    missing = store.missing_parents(child)
    key = (child, parent, row[0], hash(frozenset(in_corpus)), json.dumps(missing, sort_keys=True))
    if key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    payload = next(store.alignment_json(child, parent), None)
    if payload is None:
        return None
    rep = AlignmentReport.model_validate(finish(payload, in_corpus, missing))
    _LOADED[key] = rep
    while len(_LOADED) > KEEP:
        _LOADED.popitem(last=False)
    return rep


@dataclass
class Row:
    n: int
    kind: str
    item: str
    section: str
    parent_text: str
    lead: str
    code: str  # the machine's class code (match, review, gap, upper_level, a target verdict)
    machine: str
    score: float | None
    children: list[tuple[str, str]]
    evidence: str
    decision: dict[str, Any] | None = None
    stale: bool = False
    why: list[str] = field(default_factory=list)


def rows(store: Store, rep: AlignmentReport) -> list[Row]:
    """Every row of the alignment with its state: review.row_states, the function `review list` uses."""
    from ..report.aligndata import reasons_text
    from ..review.decisions import Documents, current_decisions, row_states

    docs = Documents(store)
    psha = rep.parent.sha256
    sections = dict(store.db.execute("SELECT id, section FROM tasks WHERE doc=?", (psha,)))
    sections.update(dict(store.db.execute("SELECT id, section FROM targets WHERE doc=?", (psha,))))
    why = {p.parent_task: reasons_text(p.matches[0]) if p.matches else "" for p in rep.pairs}
    out: list[Row] = []
    for n, st in enumerate(row_states(store, rep, docs, current_decisions(store)), 1):
        r, d = st.row, st.decision
        key = d.key if d else r.key if r else None
        if key is None:
            continue
        item = key.item.split("#", 1)[0]
        dec = None
        if d is not None:
            dec = {"state": d.state, "label": d.label, "by": d.by, "at": d.at, "note": d.note,
                   "child_items": d.child_items}
        out.append(Row(n, key.kind, key.item, sections.get(item, ""), r.parent_text if r else "",
                       (r.lead or "") if r else "", _CODE.get(r.machine_class, "nc") if r else "nc",
                       r.machine_class if r else "", r.score if r else None, list(r.child_items) if r else [],
                       why.get(key.item, "") if key.kind == "task" else "", dec, st.stale, list(st.why)))
    return out


def keep(row: Row, klass: str, lead: str, section: str, q: str) -> bool:
    """The filters of the page: class (or decided / undecided / stale), lead agency, section, words."""
    if klass:
        if klass == "decided" and row.decision is None:
            return False
        if klass == "undecided" and row.decision is not None:
            return False
        if klass == "stale" and not row.stale:
            return False
        if klass not in ("decided", "undecided", "stale") and row.code != klass:
            return False
    if lead and fold(lead) not in fold(row.lead):
        return False
    if section and not (row.section == section or row.section.startswith(section + "/")
                        or row.item.startswith(section + "/")):
        return False
    if q:
        hay = fold(" ".join([row.parent_text, *(t for _, t in row.children)]))
        if not all(w in hay for w in fold(q).split()):
            return False
    return True


def top_sections(rs: list[Row]) -> list[str]:
    """The first level of the parent's sections, in order, for the section filter."""
    seen: list[str] = []
    for r in rs:
        top = (r.section or r.item).split("/", 1)[0]
        if top and top not in seen:
            seen.append(top)
    return seen
