"""Alignment reports (any shape the align stage gives) normalised for display and export."""

from __future__ import annotations

from typing import Any

from ..catalogue import CatalogueDocument
from .common import (
    COMPARATORS,
    Index,
    _end_key,
    _end_label,
    _fmt_num,
    alignment_key,
)


def _task_text(doc: CatalogueDocument | None, tid: str | None) -> str | None:
    if doc is None or not tid:
        return None
    for t in doc.tasks:
        if t.id == tid:
            return t.text
    for t in doc.targets:
        if t.id == tid:
            return t.text
    return None


def _item(x: Any, doc: CatalogueDocument | None) -> dict[str, Any]:
    """{id, text, score} from a task id, a task dict or anything with a text."""
    if isinstance(x, str):
        return {"id": x, "text": _task_text(doc, x) or x, "score": None, "best": None}
    if isinstance(x, list | tuple) and x and isinstance(x[0], str):
        return {"id": x[0], "text": _task_text(doc, x[0]) or x[0], "best": None,
                "score": x[1] if len(x) > 1 and isinstance(x[1], int | float) else None}
    if not isinstance(x, dict):
        return {"id": None, "text": str(x), "score": None, "best": None}
    inner = x.get("task") if isinstance(x.get("task"), dict) else None
    src = inner or x
    tid = src.get("id") or src.get("task_id") or (x.get("task") if isinstance(x.get("task"), str) else None)
    text = src.get("text") or src.get("task_text") or _task_text(doc, tid) or tid or ""
    score = x.get("score", x.get("similarity"))
    out = {"id": tid, "text": text, "score": score if isinstance(score, int | float) else None,
           "best": x.get("best_score") if isinstance(x.get("best_score"), int | float) else None}
    for k in ("method", "reason", "evidence", "path", "section", "terms", "shared_citations"):
        if x.get(k) is not None:
            out[k] = x[k]
    return out


def _pairs(raw: Any, pdoc: CatalogueDocument | None, cdoc: CatalogueDocument | None) -> list[dict[str, Any]]:
    """[{parent: item, children: [item]}] from grouped or flat pair lists."""
    if isinstance(raw, dict):
        raw = [{"parent": k, "children": v} for k, v in raw.items()]
    groups: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for p in raw or []:
        if not isinstance(p, dict):
            continue
        par = next((p[k] for k in ("parent", "parent_task", "parent_id", "source") if p.get(k) is not None), None)
        kids = next((p[k] for k in ("children", "child_tasks", "matches", "child", "child_task", "child_id",
                                    "target") if p.get(k) is not None), [])
        pit = _item(par, pdoc)
        if p.get("parent_text"):
            pit["text"] = p["parent_text"]
        if not isinstance(kids, list):
            kid = _item(kids, cdoc)
            if kid["score"] is None and isinstance(p.get("score"), int | float):
                kid["score"] = p["score"]
            kids_items = [kid]
        else:
            kids_items = [_item(k, cdoc) for k in kids]
        key = str(pit["id"] or pit["text"])
        if key not in groups:
            groups[key] = {"parent": pit, "children": []}
            order.append(key)
        groups[key]["children"].extend(kids_items)
    return [groups[k] for k in order]


def _status(x: dict) -> str:
    for k in ("status", "verdict", "comparison", "result", "kind"):
        if isinstance(x.get(k), str):
            return x[k]
    return "not_comparable"


def _target_side(x: dict, side: str) -> str:
    v = x.get(side)
    if isinstance(v, dict):
        return str(v.get("text") or v.get("indicator") or v.get("id") or "")
    if isinstance(v, str):
        return v
    return str(x.get(f"{side}_text") or x.get(f"{side}_target") or "")


def _metric_text(m: Any) -> str:
    """"≥ 5 doanh nghiệp (2030)" from a Metric dict."""
    if not isinstance(m, dict) or m.get("value") is None:
        return ""
    comp = COMPARATORS.get(m.get("comparator") or "", m.get("comparator") or "")
    v = _fmt_num(m["value"])
    if m.get("value_max") is not None:
        v += f"–{_fmt_num(m['value_max'])}"
    out = f"{comp} {v} {m.get('unit') or ''}".strip()
    if m.get("period") == "annual":
        out += "/năm"
    if m.get("deadline"):
        out += f" ({m['deadline']})"
    return out


def _targets(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict):
        items = raw.get("comparisons") or raw.get("items")
        if items is None:
            items = [dict(v, status=k) if isinstance(v, dict) else {"status": k, "child": v}
                     for k, vs in raw.items() if isinstance(vs, list) for v in vs]
        raw = items
    out = []
    for x in raw or []:
        if not isinstance(x, dict):
            continue
        note = x.get("note") or x.get("reason") or x.get("explanation")
        out.append({"status": _status(x), "parent": _target_side(x, "parent"), "child": _target_side(x, "child"),
                    "indicator": x.get("indicator"), "note": note,
                    "parent_id": x.get("parent_target") if isinstance(x.get("parent_target"), str) else None,
                    "child_id": x.get("child_target") if isinstance(x.get("child_target"), str) else None,
                    "parent_value": _metric_text(x.get("parent_metric")) or x.get("parent_value"),
                    "child_value": _metric_text(x.get("child_metric")) or x.get("child_value")})
    return out


def _plain(x: Any) -> str:
    if isinstance(x, dict):
        main = x.get("directive") or x.get("id") or x.get("text") or ""
        extra = x.get("text") if x.get("text") and x.get("text") != main else x.get("original")
        return f"{main} — {extra}" if extra and extra != main else str(main)
    return str(x)


def normalize_alignment(a: dict, idx: Index) -> dict[str, Any]:
    cdoc, pdoc = idx.doc(_end_key(a, "child")), idx.doc(_end_key(a, "parent"))
    cits = a.get("citations") or {}
    if isinstance(cits, list):
        cits = {"missing_in_child": cits}
    gaps = a.get("gaps") or a.get("parent_only") or []
    local = a.get("local") or a.get("child_only") or []
    summary = a.get("summary") if isinstance(a.get("summary"), dict) else {}
    stats = a.get("stats") if isinstance(a.get("stats"), dict) else {}
    coverage = a.get("coverage", summary.get("coverage"))
    if coverage is None and stats.get("parent_tasks"):
        coverage = stats.get("parent_tasks_matched", 0) / stats["parent_tasks"]
    return {
        "key": alignment_key(idx, a),
        "child": _end_label(idx, a, "child"), "parent": _end_label(idx, a, "parent"),
        "child_doc": cdoc, "parent_doc": pdoc,
        "pairs": _pairs(a.get("pairs") or a.get("matches") or [], pdoc, cdoc),
        "gaps": [_item(g, pdoc) for g in (gaps.values() if isinstance(gaps, dict) else gaps)],
        "local": [_item(g, cdoc) for g in (local.values() if isinstance(local, dict) else local)],
        "targets": _targets(a.get("targets") or a.get("target_comparisons") or []),
        "missing": [_plain(x) for x in cits.get("missing_in_child") or cits.get("missing") or []],
        "unresolved": [_plain(x) for x in cits.get("unresolved") or []],
        "coverage": coverage if isinstance(coverage, int | float) else None,
        "method": a.get("method"), "threshold": a.get("threshold"),
        "summary": summary, "stats": stats,
    }


# -- HTML pieces ------------------------------------------------------------------------------
