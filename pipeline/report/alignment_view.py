"""The alignment part of the report: what templates/alignment.html.j2 shows of one alignment."""

from __future__ import annotations

from typing import Any

from ..align.model import VERDICT_LABELS, AlignmentReport
from ..catalogue import DecisionEntry
from .aligndata import normalize_alignment
from .common import Index

_ORDER = {"weaker": 0, "stronger": 1, "equal": 2, "missing_in_child": 3, "not_comparable": 4, "qualitative": 5,
          "upper_level": 6}
_STATUS_CLS = {"weaker": "weaker", "equal": "equal", "stronger": "stronger", "missing_in_child": "missing",
               "missing": "missing", "not_comparable": "nc", "upper_level": "upper_level", "qualitative": "qualitative"}


def status_label(st: str, L: dict[str, str]) -> str:
    """A target verdict as the reader reads it (the aligner's Vietnamese labels; English ones from L)."""
    if st in ("missing_in_child", "missing"):
        return L["missing_in_child_t"]
    if L.get("_lang") == "en":
        return L.get(st) or st
    return VERDICT_LABELS.get(st) or L.get(st) or st


def status_class(st: str) -> str:
    return _STATUS_CLS.get(st, "nc")


def alignment_view(a: AlignmentReport, n: int, idx: Index,
                   decisions: list[DecisionEntry] | None = None) -> dict[str, Any]:
    """The display record of one alignment (aligndata.normalize_alignment) with its verdict counts
    and the staff decisions on its rows, by parent item id: a decided row shows the person's
    decision beside the machine's proposal, never in its place without saying so."""
    x = normalize_alignment(a, idx)
    counts: dict[str, int] = {}
    for t in x["targets"]:
        counts[t["status"]] = counts.get(t["status"], 0) + 1
    decided = {d.item: d for d in decisions or []
               if d.child == a.child.sha256 and d.parent == a.parent.sha256}
    return {"n": n, "x": x, "counts": sorted(counts.items(), key=lambda kv: _ORDER.get(kv[0], 9)),
            "decided": decided}
