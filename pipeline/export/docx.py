"""The alignment report as a Word document in the usual administrative layout: the document staff file.

A4, margins 20/20/30/15 mm, Times New Roman 13 (title 14, bold, centred), page number at the
top centre from page 2, numbered parts (I, II, ...) and bordered tables. Page 1 is a summary
(pipeline/export/docx_summary.py); then the comparison table, where a row a person reviewed shows
the decision instead of the machine's class and says so; local tasks go in an appendix.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..catalogue import Catalogue
from ..review.model import RowState
from ..sanitize import xml_text

FONT = "Times New Roman"
_SHADE = {"weaker": "F8D7DA", "stronger": "D4EDDA", "missing_in_child": "FFF3CD"}
# a reviewed row's shade says the decision at a glance; a stale one asks for a second look
_DECISION_SHADE = {"xac-nhan": "E2F0D9", "bac-bo": "F8D7DA", "khong-thuoc-cap": "EDEDED", "chuyen": "DDEBF7"}
_STALE_SHADE = "FFF3CD"
_GAP_SHADE = "FDECEA"
SHOWN_MATCHES = 2  # most "khớp" proposals shown per row; the rest are counted, and all are in ra-soat.xlsx


def _set_font(style: Any, size: float, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FONT
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(k), FONT)


def _shade(cell: Any, color: str) -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): color})
    tcpr.append(shd)


def _page_field(paragraph: Any) -> None:
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for tag, attrs, text in (("w:fldChar", {qn("w:fldCharType"): "begin"}, None),
                             ("w:instrText", {qn("xml:space"): "preserve"}, "PAGE"),
                             ("w:fldChar", {qn("w:fldCharType"): "end"}, None)):
        el = run._r.makeelement(qn(tag), attrs)
        if text:
            el.text = text
        run._r.append(el)


def _para(doc: Any, text: str = "", *, bold: bool = False, italic: bool = False, center: bool = False,
          size: float | None = None, indent: bool = False, after: float = 6) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = doc.add_paragraph()
    if text:
        r = p.add_run(xml_text(text))
        r.bold = bold
        r.italic = italic
        if size:
            r.font.size = Pt(size)
    pf = p.paragraph_format
    pf.space_after = Pt(after)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        pf.first_line_indent = Cm(1)
    return p


def _table(doc: Any, header: list[str], rows: list[list[str]], widths_cm: list[float],
           shades: list[str | None] | None = None) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(h)
        r.bold = True
        r.font.size = Pt(12)
        _shade(cell, "E7EDF3")
    _repeat_header(t.rows[0])
    for k, row in enumerate(rows):
        cells = t.add_row().cells
        for i, v in enumerate(row):
            lines = xml_text(str(v or "")).split("\n")
            p = cells[i].paragraphs[0]
            for j, line in enumerate(lines):
                if j:
                    p = cells[i].add_paragraph()
                run = p.add_run(line)
                run.font.size = Pt(12)
                p.paragraph_format.space_after = Pt(2)
                if i == 0 or len(line) < 12:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if shades and shades[k]:
                _shade(cells[i], shades[k])
    _widths(t, widths_cm)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return t


def _widths(t: Any, widths_cm: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour: the grid, each cell, a fixed layout."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    tblpr = t._tbl.tblPr
    layout = tblpr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tblpr.append(layout)
    for i, w in enumerate(widths_cm):
        t.columns[i].width = Cm(w)
    for row in t.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)


def _repeat_header(row: Any) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(el)


def _new_page(p: Any) -> Any:
    """The paragraph starts a page (a property of the heading, so a full page before it leaves no blank one)."""
    p.paragraph_format.page_break_before = True
    return p


def _setup(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
    sec.header_distance = Cm(1)
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(hp)
    _set_font(doc.styles["Normal"], 13)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    _set_font(doc.styles["Table Grid"], 12)


def _heading_block(doc: Any) -> None:
    """Issuer on the left, title and date on the right, no borders."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    today = date.today()
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    lp = left.paragraphs[0]
    lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lp.add_run("VNPOLICY").bold = True
    lp2 = left.add_paragraph()
    lp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lp2.add_run("Danh mục văn bản chương trình").italic = True
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp.add_run("BÁO CÁO ĐỐI CHIẾU").bold = True
    rp2 = right.add_paragraph()
    rp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp2.add_run(f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}").italic = True


def vn_date(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def assessment(st: RowState) -> str:
    """The state a reader sees in the last column: the decision, or the machine's class; said which."""
    from ..review.model import STALE_LABEL

    d, row = st.decision, st.row
    if d is None:
        score = f" (điểm {row.score:.2f})".replace(".", ",") if row and row.score else ""  # Vietnamese decimal comma
        return f"Máy đề xuất: {row.machine_class if row else ''}{score}"
    out = f"Cán bộ rà soát: {d.label}\n({d.by}, {vn_date(d.at)})"
    if d.note:
        out += f"\nGhi chú: {d.note}"
    if row is not None and row.machine_class:
        out += f"\n[máy đề xuất: {row.machine_class}]"
    if st.stale:
        out += f"\n{STALE_LABEL.upper()}: " + "; ".join(st.why)
    return out


def _children(st: RowState, texts: dict[str, str]) -> str:
    """The child items of a row: the reviewer's when a decision names them, else the machine's best few."""
    d, row = st.decision, st.row
    if d is not None and d.state in ("xac-nhan", "chuyen") and d.child_items:
        return "\n".join(f"- {_bare(texts.get(c, c))}" for c in d.child_items)
    kids = row.child_items if row else []
    if not kids:
        return "Chưa có nội dung cụ thể hóa"
    # the pairs classed "khớp", else the best proposal: the rest are counted, and listed in ra-soat.xlsx
    shown = [k for k in kids if row and k[0] in row.sure][:SHOWN_MATCHES] or kids[:1]
    out = "\n".join(f"- {_bare(t)}" for _c, t in shown)
    if len(kids) > len(shown):
        out += f"\n(… và {len(kids) - len(shown)} mục đề xuất khác, xem tệp ra-soat.xlsx)"
    return out


def _bare(text: str) -> str:
    """A task's text on one line without its own leading dash, as the table adds one."""
    return " ".join(text.split()).lstrip("-–+• ").strip()


def _shade_of(st: RowState) -> str | None:
    if st.decision is not None:
        return _STALE_SHADE if st.stale else _DECISION_SHADE[st.decision.state]
    return _GAP_SHADE if st.row is not None and not st.row.child_items else None


def write_alignment_docx(alignment: Any, path: Path, catalogue: Catalogue | None = None, *,
                         lang: str = "vi", states: list[RowState] | None = None) -> Path:
    """Write one alignment report (an AlignmentReport or its JSON) as a .docx at `path`.

    `states` are its rows with the staff decisions (pipeline.review.row_states); without them
    every row shows the machine's proposal.
    """
    from docx import Document

    from ..align.model import AlignmentReport
    from ..catalogue import Catalogue as Cat
    from ..report.common import Index, _end_label
    from ..review.model import RowState as RS
    from ..review.rows import review_rows
    from .docx_summary import write_summary

    rep = alignment if isinstance(alignment, AlignmentReport) else AlignmentReport.model_validate(alignment)
    cat = catalogue if catalogue is not None else Cat(documents=[], directives=[])
    idx = Index(cat)
    if states is None:
        states = [RS(r) for r in review_rows(rep)]
    cdoc = idx.doc(rep.child.sha256)
    texts: dict[str, str] = {}
    if cdoc is not None:
        texts = {t.id: " ".join(t.text.split()) for t in [*cdoc.tasks, *cdoc.targets]}
    labels = (_end_label(idx, rep, "child"), _end_label(idx, rep, "parent"))

    doc = Document()
    _setup(doc)
    _heading_block(doc)
    _para(doc, after=4)
    _para(doc, "BÁO CÁO ĐỐI CHIẾU", bold=True, center=True, size=14, after=0)
    _para(doc, f"{labels[0]} thực hiện {labels[1]}", bold=True, center=True, size=14, after=8)
    write_summary(doc, rep, idx, states, labels)

    # II. the comparison table: every parent task, the decision where there is one
    _new_page(_para(doc, "II. BẢNG ĐỐI CHIẾU NHIỆM VỤ", bold=True))
    tasks = [s for s in states if (s.decision.key if s.decision else s.row.key if s.row else None)
             and (s.decision.key.kind if s.decision else s.row.key.kind if s.row else "") == "task"]
    rows, shades = [], []
    for i, st in enumerate(tasks, 1):
        row = st.row
        ptext = " ".join(row.parent_text.split()) if row else (st.decision.key.item if st.decision else "")
        lead = f"\n(chủ trì: {row.lead})" if row and row.lead else ""
        rows.append([str(i), ptext + lead, _children(st, texts), assessment(st)])
        shades.append(_shade_of(st))
    if rows:
        _table(doc, ["STT", "Nhiệm vụ cấp trên", "Nội dung cụ thể hóa của cấp dưới", "Đánh giá"], rows,
               [1.3, 5.9, 6.1, 3.2], shades=shades)
    else:
        _para(doc, "Không có.", italic=True)

    # III. targets
    _para(doc, "III. SO SÁNH CHỈ TIÊU", bold=True)
    targets = [s for s in states if s.row is not None and s.row.key.kind == "target"]
    if targets:
        trows, tshades = [], []
        by_item = _target_values(rep)
        for i, st in enumerate(targets, 1):
            assert st.row is not None
            pval, cval = by_item.get(st.row.key.item, ("", ""))
            par = "\n".join(x for x in (pval, " ".join(st.row.parent_text.split())) if x)
            chi = "\n".join(x for x in (cval, _children(st, texts) if st.row.child_items or st.decision else "") if x)
            trows.append([str(i), par, chi or "Chưa có", assessment(st)])
            tshades.append(_shade_of(st) if st.decision else _SHADE.get(st.row.verdict or ""))
        _table(doc, ["STT", "Chỉ tiêu cấp trên", "Chỉ tiêu cấp dưới", "Đánh giá"], trows, [1.3, 5.9, 6.1, 3.2],
               shades=tshades)
    else:
        _para(doc, "Không có.", italic=True)

    # IV. citations
    _para(doc, "IV. VĂN BẢN DẪN CHIẾU", bold=True)
    _para(doc, f"1. Văn bản cấp trên dẫn chiếu mà cấp dưới chưa nêu: {len(rep.citations.missing_in_child)}", after=3)
    for m in rep.citations.missing_in_child:
        _para(doc, f"- {m}", indent=True, after=0)
    _para(doc, f"2. Văn bản cấp dưới dẫn chiếu chưa xác định được: {len(rep.citations.unresolved)}", after=3)
    for m in rep.citations.unresolved:
        _para(doc, f"- {m}", indent=True, after=0)

    # appendix: the child's own tasks
    _new_page(_para(doc, "PHỤ LỤC: NHIỆM VỤ RIÊNG CỦA CẤP DƯỚI", bold=True, center=True))
    _para(doc, "Các nhiệm vụ của cấp dưới không tương ứng với nhiệm vụ nào của văn bản cấp trên.", italic=True)
    if rep.local:
        _table(doc, ["STT", "Nhiệm vụ", "Mã mục"],
               [[str(i), " ".join(t.text.split()) + (f"\n(chủ trì: {t.lead})" if t.lead else ""), t.task]
                for i, t in enumerate(rep.local, 1)], [1.3, 12.8, 2.4])
    else:
        _para(doc, "Không có.", italic=True)
    _para(doc, f"Tạo bởi {cat.generator}. “Máy đề xuất” là kết quả đối chiếu tự động; “cán bộ rà soát” là "
          "quyết định của người rà soát, được giữ qua các lần chạy.", italic=True, size=11)

    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path


def _target_values(rep: Any) -> dict[str, tuple[str, str]]:
    """Row item id -> (parent value, child value) of each target comparison, as the rows number them."""
    from ..report.aligndata import _metric_text
    from ..review.rows import target_items

    return {item: (_metric_text(t.parent_metric), _metric_text(t.child_metric)) for item, t in target_items(rep)}


def alignment_filename(alignment: Any, catalogue: Catalogue | None = None) -> str:
    from ..catalogue import Catalogue as Cat
    from ..report.common import Index, alignment_key
    from ..textfold import slug

    cat = catalogue if catalogue is not None else Cat(documents=[], directives=[])
    return f"alignment-{slug(alignment_key(Index(cat), alignment))}.docx"
