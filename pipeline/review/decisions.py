"""Decisions in the store: recorded, never overwritten, read back as the state of each row.

The `decisions` table (its CREATE TABLE is in pipeline/store.py's SCHEMA) is append-only: a new
decision on a row adds a line and the latest line is the row's decision, so nothing a person
decided is lost, and no document table's clean-up (a re-run, a removed or re-added file)
touches it. Rows are keyed by document numbers and item ids; each decision keeps hashes of the
texts it was made on, and a row whose texts changed since shows its decision as "cần xem lại".
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..align.model import AlignmentReport
from ..errors import NotFound, PipelineError
from ..store import SCHEMA, Store
from .model import STATE_WORDS, STATES, Decision, ReviewRow, RowKey, RowState, State
from .rows import base_item, doc_key, review_rows, text_hash

_COLS = "child, parent, kind, item, state, child_items, note, by, at, parent_hash, child_hash"


def _has_table(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='decisions'").fetchone() is not None


def parse_state(word: str) -> State:
    """A state from what a person typed: the code (xac-nhan) or the label (xác nhận), any case."""
    s = STATE_WORDS.get(" ".join(word.strip().lower().split()))
    if s is None:
        raise PipelineError(f"quyết định không hợp lệ {word!r}: dùng " + ", ".join(STATES))
    return s


# -- what the store holds now ----------------------------------------------------------------------

def alignments(store: Store, child: str | None = None) -> list[AlignmentReport]:
    """The alignments the last publish stored (the one place review reads them from): the
    alignments table of the current documents, or the one-blob cache of a store published before it.
    With `child` (a document key, rows.doc_key), only that child's, read by key: a decision or a
    review list of one document does not validate every alignment of a national store."""
    legacy = store.get_meta("alignments")
    if legacy is not None:
        reps = [AlignmentReport.model_validate(a) for a in json.loads(legacy)]
        return reps if child is None else [r for r in reps if doc_key(r.child) == child]
    from ..publish import children_named, stored_alignments

    shas = store.current_shas()
    if child is None:
        return [AlignmentReport.model_validate(a) for a in stored_alignments(store, shas)]
    named = children_named(store, {child}, shas)
    return [r for r in (AlignmentReport.model_validate(a) for a in stored_alignments(store, shas, named))
            if doc_key(r.child) == child]


class Documents:
    """The documents present now, by key (number, or name when unnumbered), and their item texts."""

    def __init__(self, store: Store):
        self.db = store.db
        current = set(store.current_shas())
        self.sha: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        for sha, doc_id, number, name in self.db.execute(
                "SELECT sha256, doc_id, number, name FROM documents ORDER BY sha256"):
            if sha not in current:
                continue
            key = doc_id or name
            self.sha.setdefault(key, sha)
            for alias in (key, doc_id, number, name, Path(name).stem if name else None, sha):
                if alias:
                    self.aliases.setdefault(alias.lower(), key)
        self._texts: dict[tuple[str, str], dict[str, str]] = {}

    def resolve(self, text: str) -> str:
        """The key of the document a person named: number, name, file stem or sha (a prefix of 8+)."""
        t = text.strip().lower()
        if t in self.aliases:
            return self.aliases[t]
        if len(t) >= 8:
            hits = {k for a, k in self.aliases.items() if a.startswith(t) and len(a) == 64}
            if len(hits) == 1:
                return hits.pop()
        raise NotFound(f"không có văn bản {text!r} trong kho")

    def texts(self, key: str, kind: str) -> dict[str, str] | None:
        """Item id -> text of a document's tasks or targets; None when the document is not in the store."""
        sha = self.sha.get(key)
        if sha is None:
            return None
        if (sha, kind) not in self._texts:
            table = "tasks" if kind == "task" else "targets"
            self._texts[(sha, kind)] = dict(self.db.execute(f"SELECT id, text FROM {table} WHERE doc=?", (sha,)))
        return self._texts[(sha, kind)]

    def hashes(self, key: RowKey, child_items: list[str]) -> tuple[str | None, str | None, list[str]]:
        """The hashes of a row's texts as the store holds them now, and what is missing."""
        missing: list[str] = []
        ptexts, ctexts = self.texts(key.parent, key.kind), self.texts(key.child, key.kind)
        ph = ch = None
        if ptexts is None:
            missing.append(f"văn bản cấp trên {key.parent} không còn trong kho")
        elif base_item(key.item) not in ptexts:
            missing.append(f"mục {key.item} không còn trong văn bản cấp trên")
        else:
            ph = text_hash([ptexts[base_item(key.item)]])
        if ctexts is None:
            missing.append(f"văn bản cấp dưới {key.child} không còn trong kho")
        else:
            gone = [c for c in child_items if c not in ctexts]
            if gone:
                missing.append("mục cấp dưới không còn: " + ", ".join(gone))
            else:
                ch = text_hash([ctexts[c] for c in child_items])
        return ph, ch, missing


# -- reading and writing decisions ---------------------------------------------------------------

def _decision(row: tuple) -> Decision:
    child, parent, kind, item, state, items, note, by, at, ph, ch = row
    return Decision(RowKey(child, parent, kind, item), state, json.loads(items or "[]"), note or "", by or "",
                    at or "", ph or "", ch or "")


def current_decisions(store: Store, child: str | None = None) -> dict[RowKey, Decision]:
    """The latest decision of every row (of one child document's rows when `child` is given)."""
    if not _has_table(store.db):
        return {}
    sql = (f"SELECT {_COLS} FROM decisions WHERE seq IN (SELECT max(seq) FROM decisions "
           "GROUP BY child, parent, kind, item)" + (" AND child=?" if child else "") + " ORDER BY seq")
    rows = store.db.execute(sql, (child,) if child else ())
    return {d.key: d for d in map(_decision, rows)}


def history(store: Store, key: RowKey) -> list[Decision]:
    """Every decision ever made on a row, oldest first."""
    if not _has_table(store.db):
        return []
    rows = store.db.execute(f"SELECT {_COLS} FROM decisions WHERE child=? AND parent=? AND kind=? AND item=? "
                            "ORDER BY seq", (key.child, key.parent, key.kind, key.item))
    return [_decision(r) for r in rows]


def record(store: Store, decisions: Iterable[Decision]) -> int:
    """Add decisions in one transaction (all or none); one equal to the row's current decision is not
    added again. Returns how many were added."""
    db = store.db
    if not _has_table(db):
        db.executescript(SCHEMA)  # a store made before decisions existed
    current = current_decisions(store)
    added = 0
    try:
        for d in decisions:
            old = current.get(d.key)
            if old is not None and (old.state, old.child_items, old.note, old.by, old.parent_hash, old.child_hash) \
                    == (d.state, d.child_items, d.note, d.by, d.parent_hash, d.child_hash):
                continue
            db.execute(f"INSERT INTO decisions({_COLS}, recorded) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                       (d.key.child, d.key.parent, d.key.kind, d.key.item, d.state,
                        json.dumps(d.child_items, ensure_ascii=False), d.note, d.by, d.at, d.parent_hash,
                        d.child_hash, time.time()))
            current[d.key] = d
            added += 1
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return added


def make_decision(docs: Documents, row: ReviewRow, state: State, *, child_items: list[str] | None = None,
                  note: str = "", by: str, at: str | None = None) -> Decision:
    """A decision on `row`, checked against the store: it names a reviewer, and re-pointed or named
    child items exist in the child document. Its hashes are of the texts as stored now."""
    if not by.strip():
        raise PipelineError("thiếu tên người rà soát (--by)")
    if state == "chuyen" and not child_items:
        raise PipelineError("quyết định 'chuyen' cần các mục cấp dưới mới (--child-items)")
    items = list(child_items) if child_items else [i for i, _ in row.child_items]
    ph, ch, missing = docs.hashes(row.key, items)
    if missing or ph is None or ch is None:
        raise NotFound("; ".join(missing) or f"không tìm thấy {row.key.item}")
    return Decision(row.key, state, items, note.strip(), by.strip(), at or date.today().isoformat(), ph, ch)


# -- the state of rows -----------------------------------------------------------------------------

def state_of(docs: Documents, row: ReviewRow | None, decision: Decision | None) -> RowState:
    st = RowState(row, decision)
    if decision is not None:
        ph, ch, missing = docs.hashes(decision.key, decision.child_items)
        st.why = list(missing)
        if ph is not None and ph != decision.parent_hash:
            st.why.append("nội dung mục cấp trên đã thay đổi")
        if ch is not None and ch != decision.child_hash:
            st.why.append("nội dung mục cấp dưới đã thay đổi")
        st.stale = bool(st.why)
    return st


def row_states(store: Store, rep: AlignmentReport, docs: Documents | None = None,
               decisions: dict[RowKey, Decision] | None = None) -> list[RowState]:
    """Every row of one alignment with its decision (when there is one), in the alignment's order;
    then decisions on rows of this pair that the machine no longer proposes."""
    docs = docs or Documents(store)
    decided = decisions if decisions is not None else current_decisions(store, doc_key(rep.child))
    rows = review_rows(rep)
    out = [state_of(docs, r, decided.get(r.key)) for r in rows]
    keys = {r.key for r in rows}
    pair = (doc_key(rep.child), doc_key(rep.parent))
    out += [state_of(docs, None, d) for k, d in decided.items() if (k.child, k.parent) == pair and k not in keys]
    return out


def decisions_for(store: Store, child: str) -> list[RowState]:
    """The decided rows of a child document (named by number, name or sha), across its parents,
    including decisions on documents or rows no longer in the store: nothing decided is hidden."""
    docs = Documents(store)
    try:
        key = docs.resolve(child)
    except NotFound:
        key = child  # a document removed from the store still has its decisions
    decided = current_decisions(store, key)
    out: list[RowState] = []
    seen: set[RowKey] = set()
    for rep in alignments(store, key):
        for st in row_states(store, rep, docs, decided):
            if st.decision is not None and st.decision.key not in seen:
                seen.add(st.decision.key)
                out.append(st)
    out += [state_of(docs, None, d) for k, d in decided.items() if k not in seen]
    return out


def decide(store: Store, child: str, parent_item: str, state: str, *, parent: str | None = None,
           child_items: list[str] | None = None, note: str = "", by: str, at: str | None = None) -> Decision:
    """Record a person's decision on one alignment row and return it.

    Args:
        store: a store opened for writing.
        child: the child document (number, name or sha).
        parent_item: the parent task or target id (as `review list` and the sheet show it).
        state: xac-nhan, bac-bo, khong-thuoc-cap or chuyen (or their Vietnamese labels).
        parent: the parent document, when the item id is found in more than one of the child's parents.
        child_items: for "chuyen", the child items the row is re-pointed to.
        note, by, at: the note, the reviewer's name and the date (default today).

    Raises:
        NotFound: no such document, row or child item in the store.
        PipelineError: an unknown state, no reviewer, "chuyen" without child items, an ambiguous row.
    """
    code = parse_state(state)
    docs = Documents(store)
    ckey = docs.resolve(child)
    pkey = docs.resolve(parent) if parent else None
    found = [r for rep in alignments(store, ckey)
             if pkey is None or doc_key(rep.parent) == pkey for r in review_rows(rep) if r.key.item == parent_item]
    if not found:
        raise NotFound(f"không có dòng đối chiếu {parent_item!r} của {ckey}"
                       + (f" với {pkey}" if pkey else "") + " (xem `vnpolicy review list`)")
    if len(found) > 1:
        raise PipelineError(f"{parent_item!r} có ở nhiều văn bản cấp trên ("
                            + ", ".join(sorted({r.key.parent for r in found})) + "): chọn một bằng --parent")
    d = make_decision(docs, found[0], code, child_items=child_items, note=note, by=by, at=at)
    record(store, [d])
    return d
