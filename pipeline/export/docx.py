"""The alignment report as a Word document in the usual administrative layout.

A4, margins 20/20/30/15 mm, Times New Roman 13 (title 14, bold, centred), page number at the
top centre from page 2, numbered parts (I, II, ...) and bordered tables.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..catalogue import Catalogue
from ..sanitize import xml_text

FONT = "Times New Roman"
_SHADE = {"weaker": "F8D7DA", "stronger": "D4EDDA", "missing_in_child": "FFF3CD"}


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


def write_alignment_docx(alignment: Any, path: Path, catalogue: Catalogue | None = None, *,
                         lang: str = "vi") -> Path:
    """Write one alignment report (an AlignmentReport as JSON) as a .docx at `path`."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from ..catalogue import Catalogue as Cat
    from ..report.aligndata import normalize_alignment
    from ..report.alignment_view import status_label
    from ..report.common import Index
    from ..report.i18n import labels

    L = labels(lang)
    cat = catalogue if catalogue is not None else Cat(documents=[], directives=[])
    x = normalize_alignment(alignment, Index(cat))

    doc = Document()
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

    # header block: issuer on the left, place and date on the right, no borders
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
    lp2.add_run("Danh mục văn bản chương trình" if lang != "en" else "Programme documents catalogue").italic = True
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp.add_run(L["alignment_title"].upper()).bold = True
    rp2 = right.add_paragraph()
    rp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    when = (f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" if lang != "en"
            else today.isoformat())
    rp2.add_run(when).italic = True

    _para(doc, after=6)
    _para(doc, L["alignment_title"].upper(), bold=True, center=True, size=14, after=0)
    _para(doc, f'{x["child"]} ↔ {x["parent"]}', bold=True, center=True, size=14, after=12)

    # I. general information
    for m in x["missing_parents"]:  # a parent the child carries out that is not in the store
        _para(doc, m, bold=True, after=6)
    _para(doc, f'I. {L["summary"].upper()}', bold=True, after=6)
    cdoc, pdoc = x["child_doc"], x["parent_doc"]

    def describe(d: Any, label: str, ref: Any) -> str:
        if d is not None:
            title = d.meta.title or ""
            title = title if len(title) <= 300 else title[:299] + "…"
            bits = [d.meta.id or d.meta.number or "", d.meta.issuer or "", d.meta.date or "", title]
            return "\n".join(b for b in bits if b) or label
        if isinstance(ref, dict):
            return "\n".join(str(ref.get(k)) for k in ("id", "name", "date") if ref.get(k)) or label
        return label

    stats = x["stats"]
    info = [[L["child"], describe(cdoc, x["child"], x["child_ref"].model_dump())],
            [L["parent"], describe(pdoc, x["parent"], x["parent_ref"].model_dump())]]
    if x["coverage"] is not None:
        info.append([L["coverage"], f'{x["coverage"]:.0%}'])
    info += [[L["pairs"], str(len(x["pairs"]))], [L["gaps"], str(len(x["gaps"]))],
             [L["local"], str(len(x["local"]))], [L["target_cmp"], str(len(x["targets"]))]]
    if x["method"]:
        info.append([L["method_a"], f'{x["method"]}' + (f' ({L["threshold"]} {x["threshold"]})'
                                                          if x["threshold"] is not None else "")])
    for k, v in stats.items():
        if k not in ("gaps", "local"):
            info.append([k.replace("_", " "), str(v)])
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k, v in info:
        cells = t.add_row().cells
        cells[0].text, cells[1].text = xml_text(k), xml_text(v)
        cells[0].paragraphs[0].runs[0].bold = True
    _widths(t, [5.5, 11])
    _para(doc, after=0)

    # II. matched tasks
    _para(doc, f'II. {L["pairs"].upper()}', bold=True)
    rows = []
    for i, p in enumerate(x["pairs"], 1):
        kids = "\n".join(f'- [{k["class_label"]}] {k["text"]}' + (f' [{k["score"]:.2f}]' if k["score"] is not None
                                                                     else "")
                         + (f' ({k["reasons"]})' if k.get("reasons") else "") for k in p["children"]) or L["no_match"]
        best = max((k["score"] for k in p["children"] if k["score"] is not None), default=None)
        lead = f'\n(chủ trì: {p["parent"]["lead"]})' if p["parent"].get("lead") else ""
        rows.append([str(i), p["parent"]["text"] + lead, kids, f"{best:.2f}" if best is not None else ""])
    if rows:
        _table(doc, [L["stt"], L["parent_task"], L["child_tasks"], L["score"]], rows, [1.2, 6.3, 7.5, 1.5])
    else:
        _para(doc, L["none"], italic=True)

    # III / IV. gaps and local tasks
    for num, key, items in (("III", "gaps", x["gaps"] + x["upper"]), ("IV", "local", x["local"])):
        _para(doc, f'{num}. {L[key].upper()}', bold=True)
        if items:
            _table(doc, [L["stt"], L["text"], L["id"], L["best_score"]],
                   [[str(i), it["text"] + (f'\n[{it["class_label"]}]' if key == "gaps" else "")
                     + (f'\n(chủ trì: {it["lead"]})' if it.get("lead") else ""), it["id"] or "",
                     f'{it["best"]:.2f}' if it["best"] else ""]
                    for i, it in enumerate(items, 1)], [1.2, 11.3, 2.5, 1.5],
                   shades=["FDECEA" if key == "gaps" else None] * len(items))
        else:
            _para(doc, L["none"], italic=True)

    # V. targets
    _para(doc, f'V. {L["target_cmp"].upper()}', bold=True)
    if x["targets"]:
        trows, shades = [], []
        for i, tc in enumerate(x["targets"], 1):
            par = "\n".join(s for s in (tc["parent_value"], tc["parent"]) if s)
            chi = "\n".join(s for s in (tc["child_value"], tc["child"]) if s)
            verdict = status_label(tc["status"], L) + (f'\n({tc["note"]})' if tc["note"] else "")
            trows.append([str(i), par, chi, verdict])
            shades.append(_SHADE.get(tc["status"]))
        _table(doc, [L["stt"], L["parent_target"], L["child_target"], L["status"]], trows, [1.2, 6.3, 6.3, 2.7],
               shades=shades)
    else:
        _para(doc, L["none"], italic=True)

    # VI. citations
    _para(doc, f'VI. {L["citations"].upper()}', bold=True)
    _para(doc, f'1. {L["missing_in_child"]}: {len(x["missing"])}', after=3)
    for m in x["missing"]:
        _para(doc, f"- {m}", indent=True, after=0)
    _para(doc, f'2. {L["unresolved_cits"]}: {len(x["unresolved"])}', after=3)
    for m in x["unresolved"]:
        _para(doc, f"- {m}", indent=True, after=0)

    p = _para(doc, after=0)
    p.paragraph_format.space_before = Pt(12)
    _para(doc, f'{L["generated"]} {cat.generator}', italic=True, size=11)

    path = Path(path)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path


def alignment_filename(alignment: Any, catalogue: Catalogue | None = None) -> str:
    from ..catalogue import Catalogue as Cat
    from ..report.common import Index, _slug, alignment_key

    cat = catalogue if catalogue is not None else Cat(documents=[], directives=[])
    return f"alignment-{_slug(alignment_key(Index(cat), alignment))}.docx"
