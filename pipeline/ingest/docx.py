"""Word .docx: body order with tables and text boxes, automatic numbering, headers/footers.

python-docx opens the package (its lxml parser does not resolve entities); the XML is walked
directly so that paragraphs, tables and text boxes come out in reading order and merged cells
are not repeated. Word's automatic numbering is not in the text: it is rebuilt from
numbering.xml and put in front of the paragraph's text in `fixed` (Repair kind "numbering").
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from ..errors import CorruptDocument
from ..model import BlockKind, Repair
from .raw import RawBlock, Reading

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w = f"{{{W}}}"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
_BULLET = re.compile(r"^\s*[-+•*–]\s")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def check_package(data: bytes, path: Path) -> None:
    """Refuse zip bombs and XML parts that declare a DTD or entities, before parsing anything."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocument(path, f"damaged .docx (zip container unreadable: {exc})") from None
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise CorruptDocument(path, f"refused: .docx unpacks to {total} bytes from {len(data)} "
                                    f"(ratio {total / packed:.0f}): a zip bomb?")
    _check_inflated(data, infos, path)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                with zf.open(info) as f:
                    head = f.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise CorruptDocument(path, f"damaged .docx part {info.filename}: {exc}") from None
            if _DTD.search(head):
                raise CorruptDocument(path, f"refused: .docx part {info.filename} declares a DTD/entities "
                                            "(XML entity expansion attack?)")


def _check_inflated(data: bytes, infos: list[zipfile.ZipInfo], path: Path) -> None:
    """The sizes the members really inflate to: a member may declare 1.8 KB and inflate to 2 GB."""
    from .zipcheck import inflated_size

    real = 0
    for info in infos:
        try:
            size = inflated_size(data, info, MAX_UNCOMPRESSED - real)
        except zipfile.BadZipFile as exc:
            raise CorruptDocument(path, f"damaged .docx part: {exc}") from None
        if size > info.file_size:
            shown = f"{size} bytes" if size <= MAX_UNCOMPRESSED - real else f"over {MAX_UNCOMPRESSED} bytes"
            raise CorruptDocument(path, f"refused: .docx part {info.filename} declares {info.file_size} bytes "
                                        f"but inflates to {shown}: a zip bomb?")
        real += size
        if real > MAX_UNCOMPRESSED:
            raise CorruptDocument(path, f"refused: .docx unpacks to more than {MAX_UNCOMPRESSED} bytes: a zip bomb?")


# ---------------------------------------------------------------- numbering

def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0:
        return ""
    # Word repeats the letter: a..z, aa..zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman",):
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and the many locale formats we do not render


class _Level:
    __slots__ = ("fmt", "text", "start", "restart", "legal", "suff")

    def __init__(self, el) -> None:
        def val(tag: str, default: str | None = None) -> str | None:
            e = el.find(_w + tag)
            return e.get(_w + "val", default) if e is not None else default
        self.fmt = val("numFmt", "decimal") or "decimal"
        self.text = val("lvlText", "") or ""
        self.start = int(val("start", "1") or 1)
        r = val("lvlRestart")
        self.restart = int(r) if r is not None and r.lstrip("-").isdigit() else None
        self.legal = el.find(_w + "isLgl") is not None
        self.suff = val("suff", "tab")

    def override(self, el) -> _Level:
        new = _Level.__new__(_Level)
        for k in self.__slots__:
            setattr(new, k, getattr(self, k))
        lvl = el.find(_w + "lvl")
        if lvl is not None:
            new = _Level(lvl)
        so = el.find(_w + "startOverride")
        if so is not None:
            new.start = int(so.get(_w + "val", "1"))
        return new


class Numbering:
    """Counters of Word's automatic numbering, advanced paragraph by paragraph in body order."""

    def __init__(self, numbering_el, styles: dict[str, _Style]) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], bool]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = styles
        if numbering_el is None:
            return
        for a in numbering_el.iterfind(_w + "abstractNum"):
            aid = a.get(_w + "abstractNumId")
            self.abstract[aid] = {int(lv.get(_w + "ilvl", "0")): _Level(lv) for lv in a.iterfind(_w + "lvl")}
            link = a.find(_w + "numStyleLink")
            if link is not None:
                self.style_link[aid] = link.get(_w + "val")
        for n in numbering_el.iterfind(_w + "num"):
            nid = n.get(_w + "numId")
            ae = n.find(_w + "abstractNumId")
            aid = ae.get(_w + "val") if ae is not None else None
            if aid is None:
                continue
            levels = dict(self._levels(aid))
            overridden = False
            for ov in n.iterfind(_w + "lvlOverride"):
                il = int(ov.get(_w + "ilvl", "0"))
                if il in levels or ov.find(_w + "lvl") is not None:
                    base = levels.get(il) or _Level(ov.find(_w + "lvl"))
                    levels[il] = base.override(ov)
                    overridden = True
            self.nums[nid] = (aid, levels, overridden)

    def _levels(self, aid: str, depth: int = 0) -> dict[int, _Level]:
        levels = self.abstract.get(aid, {})
        if not levels and aid in self.style_link and depth < 3:
            st = self.styles.get(self.style_link[aid])
            if st and st.num_id and st.num_id in self._raw_nums():
                return self._levels(self._raw_nums()[st.num_id], depth + 1)
        return levels

    def _raw_nums(self) -> dict[str, str]:
        return {k: v[0] for k, v in self.nums.items()}

    def label(self, num_id: str, ilvl: int) -> tuple[str, _Level] | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        aid, levels, overridden = entry
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        key = f"n{num_id}" if overridden else f"a{aid}"
        counts = self.counters.setdefault(key, {})
        counts[ilvl] = counts.get(ilvl, lvl.start - 1) + 1
        for k in list(counts):
            if k > ilvl:
                deeper = levels.get(k)
                restart = deeper.restart if deeper is not None and deeper.restart is not None else k
                if restart and ilvl < restart:
                    del counts[k]
        if lvl.fmt == "bullet":
            return (_bullet_char(lvl.text), lvl)

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k)
            n = counts.get(k, other.start if other else 1)
            fmt = "decimal" if lvl.legal and other is not None and other.fmt != "none" else (
                other.fmt if other else "decimal")
            return format_number(n, fmt)
        return (re.sub(r"%([1-9])", sub, lvl.text), lvl)


def _bullet_char(text: str) -> str:
    if not text:
        return "•"
    c = text[0]
    if "\ue000" <= c <= "\uf8ff" or c in "\u00b7\u00a7o\u00d8\u00fc\u00a8":  # Symbol/Wingdings glyphs
        return "•"
    return c


class _Style:
    __slots__ = ("id", "name", "based_on", "num_id", "ilvl", "outline")

    def __init__(self, el) -> None:
        self.id = el.get(_w + "styleId")
        n = el.find(_w + "name")
        self.name = (n.get(_w + "val") if n is not None else self.id) or ""
        b = el.find(_w + "basedOn")
        self.based_on = b.get(_w + "val") if b is not None else None
        self.num_id = self.ilvl = self.outline = None
        ppr = el.find(_w + "pPr")
        if ppr is not None:
            np_ = ppr.find(_w + "numPr")
            if np_ is not None:
                ni, il = np_.find(_w + "numId"), np_.find(_w + "ilvl")
                self.num_id = ni.get(_w + "val") if ni is not None else None
                self.ilvl = int(il.get(_w + "val")) if il is not None else None
            ol = ppr.find(_w + "outlineLvl")
            if ol is not None:
                self.outline = int(ol.get(_w + "val", "9"))


def _styles(doc) -> dict[str, _Style]:
    try:
        el = doc.styles.element
    except Exception:  # noqa: BLE001 - a package without styles.xml
        return {}
    return {s.id: s for s in (_Style(e) for e in el.iterfind(_w + "style")) if s.id}


def _style_attr(styles: dict[str, _Style], sid: str | None, attr: str):
    seen = 0
    while sid and sid in styles and seen < 10:
        v = getattr(styles[sid], attr)
        if v is not None:
            return v
        sid = styles[sid].based_on
        seen += 1
    return None


# ---------------------------------------------------------------- text

_SKIP = {f"{{{MC}}}Fallback", _w + "txbxContent", _w + "del", _w + "moveFrom", _w + "instrText",
         _w + "delText", _w + "pPr", _w + "rPr", _w + "footnoteReference"}


def _run_text(el, out: list[str], boxes: list) -> None:
    for ch in el:
        tag = ch.tag
        if not isinstance(tag, str):
            continue
        if tag == _w + "t":
            out.append(ch.text or "")
        elif tag == _w + "tab":
            out.append("\t")
        elif tag in (_w + "br", _w + "cr"):
            out.append(" ")
        elif tag == _w + "noBreakHyphen":
            out.append("-")
        elif tag == _w + "txbxContent":
            boxes.append(ch)
        elif tag in _SKIP:
            continue
        else:
            _run_text(ch, out, boxes)


class _Reader:
    def __init__(self, doc, path: Path) -> None:
        self.path = path
        self.styles = _styles(doc)
        try:
            num_el = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            num_el = None
        self.numbering = Numbering(num_el, self.styles)
        self.blocks: list[RawBlock] = []
        self.par = 0
        self.table = -1

    def paragraph(self, p, *, cell: tuple[int, int, int] | None = None, furniture: bool = False) -> None:
        out: list[str] = []
        boxes: list = []
        _run_text(p, out, boxes)
        text = "".join(out)
        ppr = p.find(_w + "pPr")
        sid = None
        num_id = ilvl = None
        outline = None
        if ppr is not None:
            ps = ppr.find(_w + "pStyle")
            sid = ps.get(_w + "val") if ps is not None else None
            np_ = ppr.find(_w + "numPr")
            if np_ is not None:
                ni, il = np_.find(_w + "numId"), np_.find(_w + "ilvl")
                num_id = ni.get(_w + "val") if ni is not None else None
                ilvl = int(il.get(_w + "val")) if il is not None else None
            ol = ppr.find(_w + "outlineLvl")
            if ol is not None:
                outline = int(ol.get(_w + "val", "9"))
        if num_id is None:
            num_id = _style_attr(self.styles, sid, "num_id")
        if ilvl is None:
            ilvl = _style_attr(self.styles, sid, "ilvl") or 0
        if outline is None:
            outline = _style_attr(self.styles, sid, "outline")
        style = self.styles[sid].name if sid in self.styles else None
        label = None
        if num_id and num_id != "0" and text.strip():
            label = self.numbering.label(num_id, ilvl)
        self.par += 1
        sname = (style or "").lower()
        kind: BlockKind
        if furniture:
            kind = "furniture"
        elif cell is not None:
            kind = "table_cell"
        elif sname.startswith(("heading", "title")) or (outline is not None and outline < 9):
            kind = "heading"
        elif (label and label[1].fmt == "bullet") or sname.startswith("list") or _BULLET.match(text):
            kind = "list_item"
        else:
            kind = "paragraph"
        if text.strip() or cell is not None:
            rb = RawBlock(kind, text, paragraph=self.par, style=style, method="text")
            if cell is not None:
                rb.table, rb.row, rb.col = cell
            if label and label[0]:
                prefix = label[0] + " "
                rb.fixed = prefix + text
                # the label is not in the text: all of it maps to the paragraph's first character
                rb.fixed_offsets = [(k, 0) for k in range(len(prefix) + 1)]
                rb.pre_repairs.append(Repair(kind="numbering", before="", after=label[0], start=0))
            self.blocks.append(rb)
        for box in boxes:
            for bp in box.iter(_w + "p"):
                if _inside_fallback(bp, box):
                    continue
                self.paragraph(bp, cell=cell, furniture=furniture)

    def table_el(self, tbl, furniture: bool = False) -> None:
        self.table += 1
        t = self.table
        for r, tr in enumerate(tbl.iterfind(_w + "tr")):
            col = 0
            for tc in tr.iterfind(_w + "tc"):
                tcpr = tc.find(_w + "tcPr")
                span = 1
                merged = False
                if tcpr is not None:
                    gs = tcpr.find(_w + "gridSpan")
                    if gs is not None:
                        span = int(gs.get(_w + "val", "1"))
                    vm = tcpr.find(_w + "vMerge")
                    merged = vm is not None and vm.get(_w + "val", "continue") != "restart"
                if not merged:
                    self.container(tc, cell=(t, r, col), furniture=furniture)
                col += span

    def container(self, el, cell: tuple[int, int, int] | None = None, furniture: bool = False) -> None:
        for ch in el:
            tag = ch.tag
            if tag == _w + "p":
                self.paragraph(ch, cell=cell, furniture=furniture)
            elif tag == _w + "tbl":
                self.table_el(ch, furniture=furniture)
            elif tag == _w + "sdt":
                content = ch.find(_w + "sdtContent")
                if content is not None:
                    self.container(content, cell=cell, furniture=furniture)
            elif tag in (_w + "customXml", _w + "ins", _w + "smartTag"):
                self.container(ch, cell=cell, furniture=furniture)


def _inside_fallback(el, stop) -> bool:
    e = el.getparent()
    while e is not None and e is not stop:
        if e.tag == f"{{{MC}}}Fallback" or e.tag == _w + "txbxContent":
            return True
        e = e.getparent()
    return False


def read_docx(data: bytes, path: Path) -> Reading:
    check_package(data, path)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise RuntimeError("python-docx is required to read .docx files") from exc
    try:
        doc = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CorruptDocument(path, f"damaged .docx: {type(exc).__name__}: {str(exc)[:120]}") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends: a broken part
        raise CorruptDocument(path, f"damaged .docx (XML unreadable): {str(exc)[:160]}") from None
    reader = _Reader(doc, path)
    # headers first as furniture (they print above the body on every page), then body, then footers
    headers, footers = [], []
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype.endswith("/header"):
            headers.append(rel.target_part)
        elif rel.reltype.endswith("/footer"):
            footers.append(rel.target_part)
    for part in headers:
        reader.container(_part_element(part), furniture=True)
    body = doc.element.find(_w + "body")
    if body is None:
        raise CorruptDocument(path, "damaged .docx: word/document.xml has no body")
    reader.container(body)
    for part in footers:
        reader.container(_part_element(part), furniture=True)
    return Reading(blocks=reader.blocks, format="docx", method="text")


def _part_element(part):
    el = getattr(part, "element", None)
    if el is None:
        from lxml import etree

        el = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    return el
