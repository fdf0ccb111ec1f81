"""Decisions beside the machine's output, for renderers that print an alignment (`vnpolicy align`).

A renderer keeps showing the machine's proposal; these helpers add, for the same alignment, the
rows a person decided, labelled as such, so the two are never mixed up.
"""

from __future__ import annotations

from typing import Any

from ..align.model import AlignmentReport
from ..store import Store
from .decisions import Documents, current_decisions, row_states
from .model import STALE_LABEL


def decision_rows(store: Store, alignment: AlignmentReport | dict[str, Any],
                  docs: Documents | None = None) -> list[dict[str, Any]]:
    """The decided rows of one alignment as plain values (JSON-ready), in the alignment's order."""
    if isinstance(alignment, dict) and not alignment.get("parent"):
        return []  # only "this parent is missing from the store": no rows to decide on
    rep = alignment if isinstance(alignment, AlignmentReport) else AlignmentReport.model_validate(alignment)
    out = []
    for s in row_states(store, rep, docs or Documents(store), current_decisions(store)):
        d = s.decision
        if d is None:
            continue
        out.append({"item": d.key.item, "kind": d.key.kind, "state": d.state, "label": s.label, "by": d.by,
                    "at": d.at, "note": d.note, "child_items": d.child_items, "stale": s.stale, "why": s.why,
                    "machine": s.row.machine_class if s.row else None})
    return out


def catalogue_decisions(store: Store, alignments: list[AlignmentReport]) -> list[dict[str, Any]]:
    """Every decided row of these alignments with the shas of its two documents: what the
    catalogue, the report and the workbook show beside the machine's proposals."""
    docs = Documents(store)
    out = []
    for a in alignments:
        out += [{"child": a.child.sha256, "parent": a.parent.sha256, **r} for r in decision_rows(store, a, docs)]
    return out


def render_decisions(rows: list[dict[str, Any]]) -> str:
    """Markdown: the decided rows, said to be a person's decisions that replace the machine's class."""
    if not rows:
        return ""
    stale = sum(1 for r in rows if r["stale"])
    lines = [f"### Quyết định của cán bộ rà soát ({len(rows)} dòng, thay cho đề xuất của máy; "
             f"{STALE_LABEL}: {stale})", ""]
    for r in rows:
        line = f"- {r['item']}: {r['label']} — {r['by']}, {r['at']}"
        if r["state"] == "chuyen":
            line += " → " + ", ".join(r["child_items"])
        if r["machine"]:
            line += f" (máy đề xuất: {r['machine']})"
        if r["note"]:
            line += f"; ghi chú: {r['note']}"
        if r["why"]:
            line += f"; {'; '.join(r['why'])}"
        lines.append(line)
    return "\n".join(lines)
