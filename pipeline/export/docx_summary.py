"""Page 1 of the Word report: the summary a reader needs before the table, on one page.

Coverage of the parent's tasks by confidence class (with what staff reviewed), the gaps for this
level, weaker targets, citations the child leaves out and parent documents not in the store.
Lists are cut to a few lines so the page stays one page, and each cut says how many more there
are and where they are.
"""

from __future__ import annotations

from typing import Any

from ..align.model import CLASS_LABELS, AlignmentReport
from ..report.common import Index
from ..review.model import STATE_LABELS, STATES, RowState
from ..sanitize import xml_text
from .docx import _para, _table, _widths

SHOWN = {"gaps": 3, "weaker": 2, "citations": 8, "parents": 8}


def _short(text: str, n: int = 95) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _describe(idx: Index, ref: Any, label: str) -> str:
    d = idx.doc(ref.sha256)
    if d is None:
        return label
    bits = [label, d.meta.issuer or "", d.meta.date or "", _short(d.meta.title or "", 120)]
    return " – ".join(b for b in bits if b)


def _more(shown: int, total: int, where: str) -> str:
    return f"… và {total - shown} mục khác ({where})" if total > shown else ""


def _is_gap(st: RowState) -> bool:
    """A gap for this level: the machine found no child task and nobody decided otherwise, or a
    reviewer rejected what the machine proposed."""
    if st.decision is not None:
        return st.decision.state == "bac-bo"
    return st.row is not None and not st.row.child_items and st.row.machine_class == CLASS_LABELS["gap"]


def write_summary(doc: Any, rep: AlignmentReport, idx: Index, states: list[RowState],
                  labels: tuple[str, str]) -> None:
    _para(doc, "I. TÓM TẮT", bold=True, after=4)
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k, v in (("Văn bản cấp dưới", _describe(idx, rep.child, labels[0])),
                 ("Văn bản cấp trên", _describe(idx, rep.parent, labels[1]))):
        cells = t.add_row().cells
        cells[0].text, cells[1].text = k, xml_text(v)
        cells[0].paragraphs[0].runs[0].bold = True
    _widths(t, [4.0, 12.5])
    _para(doc, after=0)

    tasks = [s for s in states if s.row is not None and s.row.key.kind == "task"]
    total = len(tasks) or 1
    _para(doc, f"1. Mức độ bao quát {len(tasks)} nhiệm vụ của văn bản cấp trên (theo mức tin cậy)", bold=True,
          after=2)
    rows = []
    for klass in ("match", "review", "gap", "upper_level"):
        label = CLASS_LABELS[klass]
        group = [s for s in tasks if s.row is not None and s.row.machine_class == label]
        decided = [s for s in group if s.decision]
        rows.append([label, str(len(group)), f"{len(group) / total:.0%}", str(len(decided))])
    decided_all = [s for s in states if s.decision]
    by_state = {k: sum(1 for s in decided_all if s.decision and s.decision.state == k) for k in STATES}
    rows.append(["Tổng", str(len(tasks)), "100%" if tasks else "", str(sum(1 for s in tasks if s.decision))])
    _table(doc, ["Mức tin cậy (máy đề xuất)", "Số nhiệm vụ", "Tỷ lệ", "Đã rà soát"], rows, [6.5, 3.0, 2.5, 4.5])
    stale = sum(1 for s in decided_all if s.stale)
    reviewed = ", ".join(f"{STATE_LABELS[k]} {n}" for k, n in by_state.items() if n)
    _para(doc, f"Cán bộ đã rà soát {len(decided_all)} dòng ({reviewed}); cần xem lại: {stale}." if decided_all
          else "Chưa có dòng nào được cán bộ rà soát: mọi đánh giá dưới đây là đề xuất của máy.", size=12, after=4)

    gaps = [s for s in tasks if _is_gap(s)]
    _para(doc, f"2. Nhiệm vụ cấp trên chưa có ở cấp này: {len(gaps)}", bold=True, after=2)
    for s in gaps[: SHOWN["gaps"]]:
        assert s.row is not None
        _para(doc, f"- {s.row.key.item}: {_short(s.row.parent_text)}", size=12, after=0)
    if more := _more(SHOWN["gaps"], len(gaps), "xem mục II"):
        _para(doc, more, italic=True, size=12, after=0)

    weaker = [t for t in rep.targets if t.verdict == "weaker"]
    _para(doc, f"3. Chỉ tiêu của cấp dưới thấp hơn cấp trên: {len(weaker)}", bold=True, after=2)
    for w in weaker[: SHOWN["weaker"]]:
        _para(doc, f"- {_short(w.parent_indicator or w.parent_text or '', 90)}", size=12, after=0)
    if more := _more(SHOWN["weaker"], len(weaker), "xem mục III"):
        _para(doc, more, italic=True, size=12, after=0)

    missing = rep.citations.missing_in_child
    shown = ", ".join(missing[: SHOWN["citations"]])
    more = _more(SHOWN["citations"], len(missing), "xem mục IV")
    _para(doc, f"4. Văn bản cấp trên dẫn chiếu mà cấp dưới chưa nêu: {len(missing)}"
          + (f": {shown}" if shown else "") + (f" {more}" if more else ""), bold=False, size=12, after=2)
    parents = sorted({m.parent_id for m in rep.missing_parents})
    shown = ", ".join(parents[: SHOWN["parents"]])
    more = _more(SHOWN["parents"], len(parents), "thêm các văn bản này vào kho rồi chạy lại")
    _para(doc, f"5. Văn bản cấp trên chưa có trong kho: {len(parents)}" + (f": {shown}" if shown else "")
          + (f" {more}" if more else ""), size=12, after=2)
