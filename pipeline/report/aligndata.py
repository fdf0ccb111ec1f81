"""Alignment records (pipeline.align.model) in the shape the report and the exports display."""

from __future__ import annotations

from typing import Any

from ..align.model import CLASS_LABELS, AlignmentReport, ChildMatch, TargetComparison, TaskRef
from ..records import Metric
from .common import (
    COMPARATORS,
    Index,
    _end_label,
    _fmt_num,
    alignment_key,
)
from .names import named_message


def _metric_text(m: Metric | None) -> str:
    """"≥ 5 doanh nghiệp (2030)" from a Metric."""
    if m is None:
        return ""
    comp = COMPARATORS.get(m.comparator or "", m.comparator or "")
    v = _fmt_num(m.value)
    if m.value_max is not None:
        v += f"–{_fmt_num(m.value_max)}"
    out = f"{comp} {v} {m.unit or ''}".strip()
    if m.period == "annual":
        out += "/năm"
    if m.deadline:
        out += f" ({m.deadline})"
    return out


def _child(m: ChildMatch) -> dict[str, Any]:
    r = m.reasons
    return {"id": m.task, "text": m.text, "score": m.score, "best": None, "klass": m.klass,
            "class_label": CLASS_LABELS[m.klass], "terms": r.terms or m.terms,
            "shared_citations": r.citations or m.shared_citations, "reasons": reasons_text(m), "evidence": m.evidence}


def reasons_text(m: ChildMatch) -> str:
    """The reasons of a pair in plain Vietnamese: what a reader checks against the two texts."""
    r, bits = m.reasons, []
    if r.task_number:
        bits.append(f"nêu nhiệm vụ số {r.task_number} của văn bản cấp trên")
    if r.cites_parent:
        bits.append("dẫn chiếu văn bản cấp trên")
    if r.citations:
        bits.append("cùng dẫn chiếu " + ", ".join(r.citations))
    if r.terms:
        bits.append("cùng thuật ngữ: " + ", ".join(r.terms[:5]))
    if r.numbers:
        bits.append("cùng số liệu/thời hạn: " + ", ".join(r.numbers[:4]))
    if r.same_section:
        bits.append("cùng nhóm nhiệm vụ")
    if r.semantic is not None:
        bits.append(f"ngữ nghĩa (cosine {r.semantic:.2f})")
    if r.better_parent:
        bits.append(f"giống nhiệm vụ {r.better_parent} của cấp trên hơn")
    return "; ".join(bits)


def _ref(t: TaskRef) -> dict[str, Any]:
    return {"id": t.task, "text": t.text, "score": None, "best": t.best_score, "lead": t.lead, "status": t.status,
            "class_label": CLASS_LABELS[t.status], "section": t.section, "evidence": t.evidence}


def _target(t: TargetComparison) -> dict[str, Any]:
    return {"status": t.verdict, "parent": t.parent_text or "", "child": t.child_text or "",
            "indicator": t.parent_indicator, "note": t.reason, "parent_id": t.parent_target,
            "child_id": t.child_target, "parent_value": _metric_text(t.parent_metric),
            "child_value": _metric_text(t.child_metric)}


def normalize_alignment(a: AlignmentReport | dict, idx: Index) -> dict[str, Any]:
    """The display shape of one alignment record (a stored JSON dict is validated first)."""
    rep = a if isinstance(a, AlignmentReport) else AlignmentReport.model_validate(a)
    cdoc, pdoc = idx.doc(rep.child.sha256), idx.doc(rep.parent.sha256)
    stats = rep.stats
    coverage = stats.get("parent_tasks_matched", 0) / stats["parent_tasks"] if stats.get("parent_tasks") else None
    return {
        "key": alignment_key(idx, rep),
        "child": _end_label(idx, rep, "child"), "parent": _end_label(idx, rep, "parent"),
        "child_doc": cdoc, "parent_doc": pdoc, "child_ref": rep.child, "parent_ref": rep.parent,
        "pairs": [{"parent": {"id": p.parent_task, "text": p.parent_text, "score": None, "best": None,
                              "lead": p.parent_lead},
                   "children": [_child(m) for m in p.matches]} for p in rep.pairs],
        "gaps": [_ref(g) for g in rep.gaps if g.status == "gap"],
        "upper": [_ref(g) for g in rep.gaps if g.status == "upper_level"],
        "local": [_ref(g) for g in rep.local],
        "targets": [_target(t) for t in rep.targets],
        "missing": list(rep.citations.missing_in_child),
        "unresolved": list(rep.citations.unresolved),
        "missing_parents": [named_message(m.message, idx.cat.documents) for m in rep.missing_parents],
        "coverage": coverage, "method": rep.method, "threshold": rep.threshold, "cutoffs": rep.cutoffs,
        "summary": {}, "stats": stats,
    }


# -- HTML pieces ------------------------------------------------------------------------------
