"""Build the .docx, text .pdf and scanned .pdf versions of the sample ward programme.

    .venv/bin/python scripts/make_samples.py [corpus/000_a9ef7522b32975cc.txt]

(a) a .docx made with python-docx the way Word would hold it: section headings `I.`..`IV.`,
    `1.`, `1.1.`, `1.6.1.` numbered by Word's automatic numbering (numbering.xml; the typed
    number is removed from the text), `I.` through the Heading 1 style's own numPr, the items of
    part IV as a separate decimal list; `- ` items as List Paragraph; Times New Roman; a page
    header and a footer with a PAGE field; the signature block as a borderless two-column table.
(b) a text PDF made from that .docx by LibreOffice (`soffice --headless --convert-to pdf`), so
    page breaks cut paragraphs the way they do in real files.
(c) an image-only "scan": the first two pages of (b) rendered at 300 dpi with pdftoppm, a little
    noise added, saved as a PDF of images with Pillow.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
FONT = "Times New Roman"

# level -> (numFmt, lvlText, indent twips); one abstract list for the section headings
HEADING_LEVELS = [("upperRoman", "%1.", 0), ("decimal", "%2.", 0), ("decimal", "%2.%3.", 0),
                  ("decimal", "%2.%3.%4.", 0)]
_ROMAN = re.compile(r"^(I|II|III|IV|V|VI)\.\s+")
_L3 = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.\s+")
_L2 = re.compile(r"^(\d+)\.(\d+)\.\s+")
_L1 = re.compile(r"^(\d+)\.\s+")
_EMPH = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def _el(tag: str, **attrs: str) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), v)
    return e


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, suff: str = "space", indent: int = 0) -> OxmlElement:
    lvl = _el("w:lvl", **{"w:ilvl": str(ilvl)})
    lvl.append(_el("w:start", **{"w:val": str(start)}))
    lvl.append(_el("w:numFmt", **{"w:val": fmt}))
    lvl.append(_el("w:suff", **{"w:val": suff}))
    lvl.append(_el("w:lvlText", **{"w:val": text}))
    lvl.append(_el("w:lvlJc", **{"w:val": "left"}))
    ppr = _el("w:pPr")
    ppr.append(_el("w:ind", **{"w:left": "0", "w:firstLine": str(indent)}))
    lvl.append(ppr)
    return lvl


def _add_numbering(doc) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))

    def add_abstract(aid: int, levels: list[OxmlElement]) -> None:
        a = _el("w:abstractNum", **{"w:abstractNumId": str(aid)})
        a.append(_el("w:multiLevelType", **{"w:val": "multilevel"}))
        for lv in levels:
            a.append(lv)
        if first_num is not None:
            first_num.addprevious(a)
        else:
            numbering.append(a)

    levels = []
    for i, (fmt, text, ind) in enumerate(HEADING_LEVELS):
        lv = _lvl(i, fmt, text, suff="space" if i < 2 else "tab", indent=ind or 567)
        if i == 0:  # the Heading 1 style carries this list: link the level to the style
            lv.insert(1, _el("w:pStyle", **{"w:val": "Heading1"}))
        levels.append(lv)
    add_abstract(90, levels)
    add_abstract(91, [_lvl(0, "decimal", "%1.", indent=567)])
    for num_id, aid in ((90, 90), (91, 91)):
        n = _el("w:num", **{"w:numId": str(num_id)})
        n.append(_el("w:abstractNumId", **{"w:val": str(aid)}))
        numbering.append(n)


def _num_pr(ppr, num_id: int, ilvl: int | None) -> None:
    numpr = _el("w:numPr")
    if ilvl is not None:
        numpr.append(_el("w:ilvl", **{"w:val": str(ilvl)}))
    numpr.append(_el("w:numId", **{"w:val": str(num_id)}))
    ppr.append(numpr)


def _fix_style_font(style, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = None
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for att in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(att), None)
    for att in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(att), FONT)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _runs(par, text: str, bold: bool = False, italic: bool = False) -> None:
    pos = 0
    for m in _EMPH.finditer(text):
        if m.start() > pos:
            r = par.add_run(text[pos:m.start()])
            r.bold, r.italic = bold or None, italic or None
        r = par.add_run(m.group(1) or m.group(2))
        r.bold = True if m.group(1) else (bold or None)
        r.italic = True if m.group(2) else (italic or None)
        pos = m.end()
    if pos < len(text):
        r = par.add_run(text[pos:])
        r.bold, r.italic = bold or None, italic or None


def _page_field(par) -> None:
    run = par.add_run()
    run._r.append(_el("w:fldChar", **{"w:fldCharType": "begin"}))
    instr = _el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    run._r.append(_el("w:fldChar", **{"w:fldCharType": "separate"}))
    t = _el("w:t")
    t.text = "1"
    run._r.append(t)
    run._r.append(_el("w:fldChar", **{"w:fldCharType": "end"}))


def paragraphs(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split the sample into title lines, body paragraphs (page cuts rejoined) and the tail."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip():
            cur.append(ln.strip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    title = blocks[0]
    body: list[str] = []
    tail_at = next(i for i, b in enumerate(blocks) if b[0] == "Nơi nhận")
    for b in blocks[1:tail_at]:
        para = " ".join(b)
        # a paragraph cut by a page break in the source (but "a, ..." is an outline item)
        if body and para[:1].islower() and not re.match(r"^[a-zđ][,.)]\s", para):
            body[-1] = f"{body[-1]} {para}"
        else:
            body.append(para)
    tail = [ln for b in blocks[tail_at:] for ln in b]
    return title, body, tail


def build_docx(src: Path, out: Path) -> None:
    title, body, tail = paragraphs(src.read_text(encoding="utf-8"))
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    sec.header_distance = sec.footer_distance = Cm(1)
    styles = doc.styles
    _fix_style_font(styles["Normal"], 14)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.1
    for name, size in (("Heading 1", 14), ("Heading 2", 14), ("Heading 3", 14), ("Heading 4", 14)):
        st = styles[name]
        _fix_style_font(st, size, bold=True, italic=name == "Heading 4")
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
    _fix_style_font(styles["List Paragraph"], 14)
    _fix_style_font(styles["Header"], 12)
    _fix_style_font(styles["Footer"], 12)
    _add_numbering(doc)
    # Heading 1 carries its numbering in the style (style-inherited numPr, ilvl 0)
    _num_pr(styles["Heading 1"].element.get_or_add_pPr(), 90, None)

    hp = sec.header.paragraphs[0]
    hp.text = "Đảng bộ phường Phạm Sự Mạnh - Chương trình hành động"
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.runs[0].italic = True
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp)

    for i, line in enumerate(title):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(p, line, bold=i < 2, italic=False)
    in_part_iv = False
    counters = [0, 0, 0, 0]
    for para in body:
        level = None
        m = _ROMAN.match(para)
        if m:
            level, typed = 0, m.group(0)
            in_part_iv = m.group(1) == "IV"
        elif (m := _L3.match(para)):
            level, typed = 3, m.group(0)
        elif (m := _L2.match(para)):
            level, typed = 2, m.group(0)
        elif (m := _L1.match(para)) and not in_part_iv:
            level, typed = 1, m.group(0)
        if level is not None:
            counters[level] += 1
            counters[level + 1:] = [0] * (3 - level)
            want = {0: f"{_roman(counters[0])}.", 1: f"{counters[1]}.",
                    2: f"{counters[1]}.{counters[2]}.", 3: f"{counters[1]}.{counters[2]}.{counters[3]}."}[level]
            assert typed.strip() == want, (typed, want)  # automatic numbering shows the typed number
            p = doc.add_paragraph(style=f"Heading {level + 1}")
            if level:
                _num_pr(p._p.get_or_add_pPr(), 90, level)
            _runs(p, para[len(typed):])
            continue
        if in_part_iv and (m := _L1.match(para)):
            p = doc.add_paragraph(style="List Paragraph")
            _num_pr(p._p.get_or_add_pPr(), 91, 0)
            p.paragraph_format.first_line_indent = Cm(1)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _runs(p, para[len(m.group(0)):])
            continue
        if para.startswith("- "):
            p = doc.add_paragraph(style="List Paragraph")
            p.paragraph_format.left_indent = Cm(0)
        else:
            p = doc.add_paragraph()
            if re.match(r"^[a-z], ", para):
                _runs(p, para, bold=True, italic=True)
                p.paragraph_format.first_line_indent = Cm(1)
                continue
        p.paragraph_format.first_line_indent = Cm(1)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _runs(p, para)

    # "Nơi nhận" on the left, the signature on the right: a borderless table as in real files
    sign_at = next(i for i, ln in enumerate(tail) if ln.startswith("T/M"))
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8)
    for cell, lines, size in ((left, tail[:sign_at], 12), (right, tail[sign_at:], 14)):
        first = True
        for ln in lines:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.paragraph_format.space_after = Pt(0)
            if cell is right:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(ln)
            r.font.size = Pt(size)
            r.bold = ln == "Nơi nhận" or (cell is right and ln.isupper()) or None
    doc.core_properties.title = "Chương trình hành động (mẫu)"
    doc.core_properties.author = "vnpolicy make_samples"
    doc.save(out)


def _roman(n: int) -> str:
    return ["", "I", "II", "III", "IV", "V", "VI"][n]


def build_pdf(docx_path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer")
    vi = subprocess.run(["fc-list", ":family=Liberation Serif:lang=vi", "family"], capture_output=True, text=True)
    if not vi.stdout.strip():
        # Liberation Serif 1.x (fonts-liberation) has no Vietnamese letters: LibreOffice then draws
        # them from DejaVu, as separate text runs that text extractors put at the end of the line
        print("warning: Times New Roman's substitute lacks Vietnamese glyphs: apt-get install fonts-liberation2",
              file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx_path)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(Path(tmp) / (docx_path.stem + ".pdf"), out)


def build_scan(pdf_path: Path, out: Path, pages: int = 2, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", "1", "-l", str(pages), str(pdf_path),
                        f"{tmp}/p"], check=True, timeout=120)
        images = []
        for png in sorted(Path(tmp).glob("p*.pgm")):
            im = Image.open(png).convert("L")
            im = im.rotate(0.3, resample=Image.BICUBIC, fillcolor=255)  # a slightly skewed sheet
            px = im.load()
            w, h = im.size
            for _ in range(w * h // 2000):  # speckles, as a photocopier leaves them
                x, y = rnd.randrange(w), rnd.randrange(h)
                px[x, y] = rnd.choice((0, 90, 160))
            # a bilevel scan, as office copiers store them (and 10x smaller than greyscale JPEG)
            images.append(im.point(lambda v: 255 if v > 140 else 0).convert("1", dither=Image.Dither.NONE))
        images[0].save(out, "PDF", resolution=300.0, save_all=True, append_images=images[1:])


def main(argv: list[str]) -> None:
    src = Path(argv[1]) if len(argv) > 1 else SAMPLE
    stem = src.with_suffix("")
    docx_path, pdf_path = stem.with_suffix(".docx"), stem.with_suffix(".pdf")
    scan_path = stem.parent / f"{stem.name}_scan.pdf"
    build_docx(src, docx_path)
    build_pdf(docx_path, pdf_path)
    build_scan(pdf_path, scan_path)
    for p in (docx_path, pdf_path, scan_path):
        print(f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
