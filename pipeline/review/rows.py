"""Alignment records (pipeline.align.model) as review rows, each keyed by stable ids.

A row is a parent task (matched, gap or upper level) or a parent target comparison. Keys use the
document's number (its file name when it has none) and the item's structural id, never the
file's sha, so a re-run, a re-rendered file or a re-added document finds the same row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from ..align.model import CLASS_LABELS, VERDICT_LABELS, AlignmentReport, DocRef
from .model import ReviewRow, RowKey


def doc_key(ref: DocRef) -> str:
    return ref.id or ref.name


def text_hash(texts: list[str]) -> str:
    """A hash of texts as a reader sees them: spacing differences are not a change."""
    h = hashlib.sha256()
    for t in texts:
        h.update(re.sub(r"\s+", " ", t).strip().encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def review_rows(rep: AlignmentReport) -> list[ReviewRow]:
    """Every row of one alignment: matched parent tasks, gaps, upper-level tasks, then targets."""
    child, parent = doc_key(rep.child), doc_key(rep.parent)
    rows: list[ReviewRow] = []
    for p in rep.pairs:
        best = max((m.score for m in p.matches), default=None)
        klass = "match" if any(m.klass == "match" for m in p.matches) else "review"
        rows.append(ReviewRow(RowKey(child, parent, "task", p.parent_task), p.parent_text, p.parent_lead,
                              CLASS_LABELS[klass], best, [(m.task, m.text) for m in p.matches],
                              sure=[m.task for m in p.matches if m.klass == "match"]))
    for g in rep.gaps:
        rows.append(ReviewRow(RowKey(child, parent, "task", g.task), g.text, g.lead, CLASS_LABELS[g.status],
                              g.best_score or None, []))
    for item, t in target_items(rep):
        kids = [(t.child_target, t.child_text or "")] if t.child_target else []
        rows.append(ReviewRow(RowKey(child, parent, "target", item), t.parent_text or "", None,
                              VERDICT_LABELS[t.verdict], t.indicator_score, kids, verdict=t.verdict))
    return rows


def base_item(item: str) -> str:
    """The item id of a row key (a target's "#2" numbering removed)."""
    return item.split("#", 1)[0]


def target_items(rep: AlignmentReport) -> Iterator[tuple[str, Any]]:
    """(row item id, comparison) of each target comparison: one target with several numbers gives
    several comparisons, numbered "id", "id#2", "id#3"... (the review sheet, the Word report and
    the decisions all name a target row so)."""
    seen: dict[str, int] = {}
    for t in rep.targets:
        if not t.parent_target:
            continue
        n = seen[t.parent_target] = seen.get(t.parent_target, 0) + 1
        yield (t.parent_target if n == 1 else f"{t.parent_target}#{n}"), t
