"""PDF: pdfium's text layer page by page, paragraphs rebuilt from line geometry; OCR fallback.

pypdfium2 is used for the text layer because it is fast (a few ms a page, against ~50 for
pdfminer/pdfplumber) and its line order is good; only the first and last character of each
line are measured, which is enough for margins, indents and line gaps. Pages whose layer is
missing or garbled (fonts without a character map) are rendered and read by tesseract.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorruptDocument, EncryptedDocument, MissingTool
from ..model import BlockKind, Diagnostic, Repair
from . import fonts, pdf_layout
from .raw import RawBlock, Reading

_LINE = re.compile(r"[^\r\n]+")
_BULLET = re.compile(r"^\s*[-+•*–]\s")
_NUMBERED = re.compile(r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|\(\d+\)|\d+\)|[a-zđ][\)\.,])\s")
_PAGE_NO = re.compile(r"^\s*(?:[-–]\s*)?(?:trang\s+)?\d{1,3}(?:\s*[-–]|\s*/\s*\d{1,3})?\s*$", re.I)
_GLUED = re.compile(r"(?<=\w)-$")
_STRAY = re.compile(r"^\W{1,3}$")  # a speck OCR read as "|" or "."
_ITEM_CAP = re.compile(r"^\s*(?:[-+•*–]|\d+(?:\.\d+)*\.|\(\d+\)|[a-zđ]\))\s+(\w)")
_END = re.compile(r"[.;:!?…]\s*[”\"»)]?\s*$")


@dataclass
class Line:
    text: str
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    fixed: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    bold: bool = False
    col: int = 0  # in the first page's two-column header: 1 left, 2 right
    group: int = 0  # the header's row group
    whole: str | None = None  # the line this piece was cut from (running headers match on it)

    @property
    def shown(self) -> str:
        return self.fixed if self.fixed is not None else self.text


def _open(data: bytes, path: Path):
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-4096:]:
        raise CorruptDocument(path, "truncated PDF: no end-of-file marker (an incomplete download?)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        # PDFium's last-error code is per process and is not reset by every failure: a worker that
        # opened an encrypted file earlier reports "password" for the next broken one too, so the
        # file itself must carry an /Encrypt entry before it is called encrypted.
        if "password" in msg.lower() and b"/Encrypt" in data:
            raise EncryptedDocument(path, "PDF is encrypted (password protected): remove the password first") from None
        if "password" in msg.lower() or "(PDFium: Success)" in msg:
            msg = "no readable pages (a PDF with no pages, or a damaged page tree)"
        raise CorruptDocument(path, f"damaged PDF: {msg}") from None


def _lines(textpage, page_no: int, width: float = 0.0, height: float = 0.0) -> list[Line]:
    import ctypes

    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    geometry = len(text) == textpage.count_chars()
    out: list[Line] = []
    tp = textpage.raw
    l0, r0, b0, t0, l1, r1, b1, t1 = (ctypes.c_double() for _ in range(8))
    box = raw.FPDFText_GetCharBox
    size = raw.FPDFText_GetFontSize
    origin = raw.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    buf, flags = ctypes.create_string_buffer(96), ctypes.c_int()
    bold, starts = pdf_layout.is_bold, pdf_layout.OUTLINE.match
    first = geometry and page_no == 1
    spans: list[tuple[Line, int, int]] = []  # the first page's lines and their places in `text`
    for m in _LINE.finditer(text):
        whole = m.group(0)
        s = whole.strip()
        if not s:
            continue
        ln = Line(s, page_no)
        if geometry:
            a = m.start() + (len(whole) - len(whole.lstrip()))
            b = m.start() + len(whole.rstrip()) - 1
            box(tp, a, l0, r0, b0, t0)
            box(tp, b, l1, r1, b1, t1)
            ln.x0, ln.x1 = l0.value, r1.value
            origin(tp, a, ox, oy)
            ln.top, ln.bottom = max(t0.value, t1.value), oy.value  # bottom: the baseline
            ln.size = size(tp, a)
            if starts(s) or (out and out[-1].bold):  # the font is asked only where a heading may be
                ln.bold = bold(tp, a, buf, flags) and bold(tp, b, buf, flags)
            if first:
                spans.append((ln, a, b))
        out.append(ln)
    if spans:
        _split_rows(textpage, text, out, spans, width, height)
    return out


def _split_rows(textpage, text: str, out: list[Line], spans: list[tuple[Line, int, int]],
                width: float, height: float) -> None:
    """Cut the first page's header rows that hold both columns ("BỘ CÔNG THƯƠNG   CỘNG HÒA ...")."""
    import pypdfium2.raw as raw

    advs = sorted((ln.x1 - ln.x0) / len(ln.text) for ln, _, _ in spans if ln.x1 > ln.x0)
    if not advs:
        return
    adv = advs[len(advs) // 3]  # a character's advance, spaces included (header rows and capitals run wider)
    limit = pdf_layout.GAP_CHARS * adv
    gaps = pdf_layout.Gaps(textpage)
    for ln, a, b in spans[:30]:
        # only rows at the top of the page that are wider than their characters explain are measured
        if ln.bottom < 0.55 * height or " " not in ln.text or (ln.x1 - ln.x0) - len(ln.text) * adv < limit - adv:
            continue
        w = gaps.widest(text, a, b)
        if w is None:
            continue
        gap, i, j, x1, x0 = w
        # the gap must cross the middle of the page and open a capital ("Số:   /ĐCK" and
        # "ngày   tháng" of a draft keep their blanks)
        if gap > limit and x1 < 0.62 * width and x0 > 0.3 * width and ln.text[j - a].isupper():
            _cut(out, ln, i + 1 - a, j - a, x1, x0, raw.FPDFText_GetFontSize(textpage.raw, j))


def _cut(out: list[Line], ln: Line, end: int, start: int, x1: float, x0: float, right_size: float) -> None:
    """Replace `ln` in `out` by its left and right runs (a row of a two-column header)."""
    left = Line(ln.text[:end].rstrip(), ln.page, ln.x0, x1, ln.top, ln.bottom, ln.size, bold=ln.bold, whole=ln.text)
    right = Line(ln.text[start:].lstrip(), ln.page, x0, ln.x1, ln.top, ln.bottom, right_size or ln.size,
                 bold=ln.bold, whole=ln.text)
    k = next(n for n, x in enumerate(out) if x is ln)
    out[k:k + 1] = [left, right]


def _repair(ln: Line) -> None:
    d = fonts.dedupe_doubled(ln.text)
    base = ln.text
    if d is not None:
        ln.repairs.append(Repair(kind="dedupe", before=ln.text, after=d, start=0))
        base = d
    if "\ufffe" in base:  # pdfium's mark for a hyphen the PDF drew at a line end
        base = base.replace("\ufffe", "-")
        ln.repairs.append(Repair(kind="font", before="\ufffe", after="-", start=ln.text.index("\ufffe")))
    fixed, reps = fonts.fix_font_faults(base)
    ln.repairs.extend(reps)
    if fixed != ln.text:
        ln.fixed = fixed


def _furniture(pages: list[list]) -> set[int]:
    """ids of lines (or OCR blocks) that are running headers/footers or page numbers."""
    out: set[int] = set()
    keys: Counter[str] = Counter()
    edge: list[list[Line]] = []
    for lines in pages:
        cand = lines[:2] + lines[-2:] if len(lines) > 4 else list(lines)
        edge.append(cand)
        for k in {re.sub(r"\d+", "#", " ".join((ln.whole or ln.text).split())) for ln in cand}:
            keys[k] += 1
    n = len(pages)
    for lines, cand in zip(pages, edge, strict=True):
        for ln in cand:
            k = re.sub(r"\d+", "#", " ".join((ln.whole or ln.text).split()))
            if n >= 2 and keys[k] >= max(2, n // 2) and len(k) < 120:
                out.add(id(ln))
        for ln in (lines[:1] + lines[-1:]) if lines else []:
            if _PAGE_NO.match(ln.text) or (len(lines) > 1 and _STRAY.match(ln.text)):
                out.add(id(ln))
    return out


class _Para:
    def __init__(self, first: Line, kind: BlockKind) -> None:
        self.lines = [first]
        self.kind = kind

    @property
    def last(self) -> Line:
        return self.lines[-1]

    method = "text"

    def block(self) -> RawBlock:
        # a line ending in a hyphen glued to a word ("75-" / "KL/TW") continues that word
        seps = ["" if _GLUED.search(ln.text) else " " for ln in self.lines[:-1]] + [""]
        text = "".join(ln.text + sep for ln, sep in zip(self.lines, seps, strict=True))
        rb = RawBlock(self.kind, text, page=self.lines[0].page, line=None, method=self.method)
        if any(ln.fixed is not None for ln in self.lines):
            parts: list[str] = []
            pos = 0
            for ln, sep in zip(self.lines, seps, strict=True):
                rb.pre_repairs.extend(r.model_copy(update={"start": r.start + pos}) for r in ln.repairs)
                parts.append(ln.shown + sep)
                pos += len(ln.shown) + len(sep)
            rb.fixed = "".join(parts)
        else:
            for ln in self.lines:
                rb.pre_repairs.extend(ln.repairs)
        return rb


class _Layout:
    """Margins and line spacing of one page, from its lines."""

    def __init__(self, lines: list[Line], width: float) -> None:
        xs = Counter(round(ln.x0) for ln in lines if ln.x1 > ln.x0)
        self.left = min((x for x, c in xs.items() if c >= max(2, len(lines) // 10)), default=0.0) if xs else 0.0
        rights = sorted(ln.x1 for ln in lines)
        self.right = rights[int(len(rights) * 0.9)] if rights else width
        sizes = sorted(ln.size for ln in lines if ln.size)
        self.size = sizes[len(sizes) // 2] if sizes else 12.0
        gaps = sorted(abs(a.bottom - b.bottom) for a, b in zip(lines, lines[1:], strict=False)
                      if abs(a.bottom - b.bottom) > 1)
        gaps = [g for g in gaps if g < 3 * self.size]
        self.gap = gaps[len(gaps) // 4] if gaps else self.size * 1.2  # the usual line pitch

    def short(self, ln: Line) -> bool:
        return ln.x1 < self.right - max(2.5 * self.size, 20)

    def indented(self, ln: Line) -> bool:
        return ln.x0 > self.left + 0.6 * self.size


def _starts_item(ln: Line) -> bool:
    return bool(_BULLET.match(ln.shown) or _NUMBERED.match(ln.shown))


def _kind(ln: Line) -> BlockKind:
    return "list_item" if _BULLET.match(ln.shown) else "paragraph"


def _breaks(prev: Line, ln: Line, lay: _Layout) -> bool:
    """Does `ln` start a new paragraph after `prev` on the same page?"""
    if ln.col != prev.col or ln.group != prev.group:  # header columns never run together
        return True
    ends = bool(_END.search(prev.shown))
    if lay.short(prev):  # the last line of a justified paragraph stops short of the margin
        return True
    if lay.indented(ln) and (ends or ln.x0 > prev.x0 + 0.6 * lay.size):  # first-line indent
        return True
    cap = _ITEM_CAP.match(ln.shown)
    if _starts_item(ln) and (ends or (cap is not None and cap.group(1).isupper())):
        # a marker before a capital opens an item even after an unpunctuated heading; a wrapped
        # "chính trị - xã hội" continues with a lower-case word
        return True
    if ln.size and abs(prev.bottom - ln.bottom) > 1.7 * lay.gap:  # paragraph spacing
        return True
    return bool(ln.size and prev.size and abs(ln.size - prev.size) > 1.5)


def _paragraphs(pages: list[list[Line]], widths: list[float]) -> list[_Para]:
    paras: list[_Para] = []
    open_para: _Para | None = None  # may continue on the next page
    for n, (lines, width) in enumerate(zip(pages, widths, strict=True)):
        if not lines:
            continue
        if n == 0:
            lines = pdf_layout.order_header(lines)
        lay = _Layout(lines, width)
        start = len(paras)
        prev: Line | None = None
        for ln in lines:
            if prev is None:
                if (open_para is not None and not lay.indented(ln) and not _starts_item(ln)):
                    open_para.lines.append(ln)
                    prev = ln
                    continue
                paras.append(_Para(ln, _kind(ln)))
                prev = ln
                continue
            if _breaks(prev, ln, lay):
                paras.append(_Para(ln, _kind(ln)))
                prev = ln
                continue
            paras[-1].lines.append(ln)
            prev = ln
        sizes = [ln.size for ln in lines if ln.size]
        steady = bool(sizes) and sum(abs(x - lay.size) < 0.6 for x in sizes) >= 0.6 * len(sizes)
        for p in paras[start:]:
            if p.kind == "paragraph" and p.lines[0].page == n + 1:
                text = " ".join(ln.shown for ln in p.lines)
                if pdf_layout.heading(p.lines, text, lay.size, steady):
                    p.kind = "heading"
        last = paras[-1].last if paras else None
        open_para = paras[-1] if last is not None and not lay.short(last) and not _END.search(last.shown) \
            and paras[-1].kind != "heading" else None
    return paras


def read_pdf(data: bytes, path: Path) -> Reading:
    pdf = _open(data, path)
    try:
        return _read(pdf, path)
    finally:
        pdf.close()


def _read(pdf, path: Path) -> Reading:
    n = len(pdf)
    if n == 0:
        raise CorruptDocument(path, "PDF has no pages")
    pages: list[list[Line]] = []
    widths: list[float] = []
    heights: list[float] = []
    need_ocr: list[int] = []
    reasons: dict[int, str] = {}
    for i in range(n):
        try:
            page = pdf[i]
        except Exception as exc:  # noqa: BLE001 - pdfium raises its own error type
            raise CorruptDocument(path, f"damaged PDF: page {i + 1} cannot be loaded ({exc})") from None
        try:
            widths.append(page.get_width())
            heights.append(page.get_height())
            tp = page.get_textpage()
            lines = _lines(tp, i + 1, widths[-1], heights[-1])
            text = "\n".join(ln.text for ln in lines)
            ok, why = fonts.usable(text)
            if not ok and (why != "no text layer" or _has_images(page)):
                need_ocr.append(i)
                reasons[i] = why
                lines = []
            for ln in lines:
                _repair(ln)
            pages.append(lines)
            tp.close()
        finally:
            page.close()
    diagnostics: list[Diagnostic] = []
    ocr_text: dict[int, str] = {}
    if need_ocr:
        from . import ocr

        try:
            ocr_text = ocr.ocr_pages(pdf, need_ocr)
        except MissingTool as exc:
            raise MissingTool(f"{path}: {exc}") from None
        for i in need_ocr:
            diagnostics.append(Diagnostic(level="info", code="ocr", message=f"page {i + 1}: OCR ({reasons[i]})"))
    for i, tsv in ocr_text.items():
        pages[i] = _ocr_lines(tsv, i + 1, heights[i])
    furn = _furniture(pages)
    body_pages = [[ln for ln in lines if id(ln) not in furn] for lines in pages]
    paras = _paragraphs(body_pages, widths)
    by_page: dict[int, list[RawBlock]] = {}
    for p in paras:
        if p.lines[0].page - 1 in ocr_text:
            p.method = "ocr"
        by_page.setdefault(p.lines[0].page, []).append(p.block())
    blocks: list[RawBlock] = []
    for i, lines in enumerate(pages):
        m = "ocr" if i in ocr_text else "text"
        blocks.extend(RawBlock("furniture", ln.text, page=i + 1, method=m) for ln in lines[:2] if id(ln) in furn)
        blocks.extend(by_page.get(i + 1, []))
        tail = [ln for ln in lines[2:] if id(ln) in furn]
        blocks.extend(RawBlock("furniture", ln.text, page=i + 1, method=m) for ln in tail)
    if not need_ocr:
        method = "text"
    elif len(need_ocr) == n:
        method = "ocr"
    else:
        method = "text+ocr"
    return Reading(blocks=blocks, format="pdf", pages=n, method=method, diagnostics=diagnostics)


def _ocr_lines(tsv: str, page_no: int, height: float) -> list[Line]:
    from .ocr import DPI, parse_tsv

    k = 72 / DPI
    rows = parse_tsv(tsv)
    hs = sorted(b - t for _, _, _, t, b, _ in rows)
    size = hs[len(hs) // 2] * k * 0.75 if hs else 12.0  # a line box is about 4/3 of the font size
    lines = []
    for text, x0, x1, top, bottom, _conf in rows:
        ln = Line(text, page_no, x0 * k, x1 * k, height - top * k, height - bottom * k, size)
        lines.append(ln)
    return lines


def _has_images(page) -> bool:
    import pypdfium2.raw as raw

    try:
        for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            return True
    except Exception:  # noqa: BLE001
        return True
    return False
