"""Outline markers: what numbering a line starts with, and where it sits on the ladder."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocab import vocab

ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"


@dataclass(frozen=True)
class Marker:
    style: str  # part, appendix, h1..h6, upper, roman, article, num1..num5, alpha, paren, dash, plus, bullet, period
    label: str  # "III", "2.5", "a", "(4)", "-"
    marker: str  # as written: "III.", "a,", "(4)"
    rank: float  # position on the canonical ladder (smaller = higher)
    rest: str  # text after the marker

    @property
    def listy(self) -> bool:
        return self.style in ("dash", "plus", "bullet")


_PART = re.compile(r"^(PHẦN(?:\s+THỨ)?|Phần\s+thứ|CHƯƠNG|Chương)\s+([IVXLC\d]+|[A-ZĐa-zđ]+)\b[.:\-–]?\s*", re.U)
_APPX = re.compile(r"^(PHỤ\s+LỤC|Phụ\s+lục)\b\s*(?:số\s*)?([IVX\d]+[a-z]?)?\.?\s*", re.U)
_ROMAN = re.compile(rf"^({ROMAN})\s*([.\-–)])\s*(?=\S)", re.U)
_ARTICLE = re.compile(r"^(Điều)\s+(\d+)\s*[.:]\s*", re.U)
# a digit right after the separator is a number written with thousands dots ("46.200 tấn" wrapped to the start
# of a line: province_SonLa_2954-QD-UBND, dev, round 8), not item 46
_NUM = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,4})(\.|\)|\s*-\s)(?!\d)\s*(?=\S)(?![A-ZĐ][A-Za-zĐđ]*\s*/)", re.U)
_NUM_BARE = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,4})\s+(?=[A-ZĐÀ-Ỹ])", re.U)
_ALPHA = re.compile(r"^([a-zđ])\s?([)\.,])\s*(?=\S)", re.U)
_PAREN = re.compile(r"^\((\d{1,3}|[a-zđ])\)\s*(?=\S)", re.U)
_DASH = re.compile(r"^([-–—])\s*(?=\S)")
_PLUS = re.compile(r"^(\+)\s*(?=\S)")
_BULLET = re.compile(r"^([•·●○▪■*])\s*(?=\S)")
_MD = re.compile(r"^\s*(#{1,6})\s")
_RULE = re.compile(r"^[-–—_=*\s]{3,}$")
_YEARLIKE = re.compile(r"^(?:19|20)\d\d\b")

# a capital letter over a title in capitals: a branch of a part ("A. ĐỐI VỚI ..." under "BƯỚC MỘT")
_UPPER = re.compile(r"^([A-ZĐ])\.\s+(?=\S)", re.U)

RANK = {"part": 0.0, "appendix": 0.0, "upper": 0.5, "roman": 1.0, "article": 1.5, "alpha": 3.0, "paren": 4.0,
        "dash": 5.0, "plus": 6.0, "bullet": 7.0, "period": 4.5}


def md_level(raw: str) -> int | None:
    m = _MD.match(raw)
    return len(m.group(1)) if m else None


def clean(text: str) -> str:
    """Drop Markdown emphasis and escapes that wrap a marker."""
    t = text.strip()
    t = re.sub(r"^[*_]{1,3}\s*", "", t)
    return t  # markdown escapes are undone by the offset-tracked normaliser (normalize.markdown)


def parse(text: str) -> Marker | None:
    """The outline marker at the start of `text`, or None for a free paragraph."""
    t = clean(text)
    if not t:
        return None
    first = t[0]
    branch = _branch(t) if first.isupper() else None
    if branch is not None:
        return branch
    if first.isupper() and first not in "IVXPCĐNTKQG":
        return None
    if first.islower() and (len(t) < 2 or t[1] not in ")., "):
        return None
    if vocab().closing_start.match(t):
        return Marker("closing", "closing", t.split()[0], 0.0, t)
    p = period(t)
    if p is not None:
        return p
    m = _APPX.match(t)
    if m and (t[:7].isupper() or len(t) < 60) and "kèm theo" not in t[:40]:
        return Marker("appendix", "PL" + (m.group(2) or ""), m.group(0).strip(), RANK["appendix"], t)
    m = _PART.match(t)
    if m:
        return Marker("part", m.group(2), m.group(0).strip(), RANK["part"], t[m.end():])
    m = _ARTICLE.match(t)
    if m:
        return Marker("article", "Điều " + m.group(2), m.group(0).strip(), RANK["article"], t[m.end():])
    m = _ROMAN.match(t)
    if m and m.group(1) and (m.group(2) != ")" or len(m.group(1)) > 1):
        return Marker("roman", m.group(1), m.group(1) + m.group(2), RANK["roman"], t[m.end():])
    m = _NUM.match(t) or _NUM_BARE.match(t)
    if m and not _YEARLIKE.match(t):
        label = m.group(1)
        depth = label.count(".") + 1
        style = f"num{depth}"
        return Marker(style, label, m.group(0).strip(), 2.0 + 0.1 * (depth - 1), t[m.end():])
    m = _PAREN.match(t)
    if m:
        return Marker("paren", f"({m.group(1)})", m.group(0).strip(), RANK["paren"], t[m.end():])
    m = _ALPHA.match(t)
    if m and not (m.group(2) == "." and re.match(r"^[a-zđ]\.[a-zđ]", t)):
        return Marker("alpha", m.group(1), m.group(1) + m.group(2), RANK["alpha"], t[m.end():])
    if _RULE.match(t):
        return None  # "-------" under a letterhead is a drawn line, not a bullet over what follows
    for style, rx in (("dash", _DASH), ("plus", _PLUS), ("bullet", _BULLET)):
        m = rx.match(t)
        if m:
            return Marker(style, m.group(1), m.group(1), RANK[style], t[m.end():])
    return None


def _branch(t: str) -> Marker | None:
    """A step of a procedure ("BƯỚC MỘT": a part) or a capital-letter branch whose title is in
    capitals ("A. ĐỐI VỚI VIỆC ..."; "B. Hoàng" or "A. Mục tiêu" are not)."""
    v = vocab()
    m = v.step.match(t)
    if m:
        n = m.group(1)
        label = n.lstrip("0") if n.isdigit() else str(v.step_ordinals.index(n) + 1)
        return Marker("part", label, t, RANK["part"], "")
    m = _UPPER.match(t)
    if m and first_roman(m.group(1)) is None:
        rest = t[m.end():].strip("*_ ")
        letters = [c for c in rest if c.isalpha()]
        if len(letters) >= 8 and all(c.isupper() for c in letters):
            return Marker("upper", m.group(1), m.group(0).strip(), RANK["upper"], t[m.end():])
    return None


def first_roman(letter: str) -> str | None:
    """A letter that is also a Roman numeral ("I.", "V.", "X.") is read as one."""
    return letter if letter in "IVX" else None


_LEAD_MARK = re.compile(r"^(?:[-–—+•·●○▪■*]\s*)?")


def period(text: str) -> Marker | None:
    """A line that only names a period ("Năm 2026", "* Năm 2027: (02 cuộc)", "Quý I/2026",
    "Giai đoạn 2026 - 2028"): a section of its own, whatever bullet it wears. Its rank is set
    by the outline (it nests under what is open), the one here is a default."""
    t = text.strip()
    if len(t) > 120 or not t:
        return None
    m = _LEAD_MARK.match(t)
    if m is None:
        return None
    rest = t[m.end():].strip().strip("*_ ")
    expr = vocab().period_expr.match(rest) if vocab().period.match(rest) else None
    if expr is None:
        return None
    label = expr.group(0)
    return Marker("period", label, m.group(0).strip() or label, RANK["period"], rest)


def heading_marker(text: str, level: int) -> Marker:
    """A Markdown heading: its own marker when it has one, else the heading level."""
    inner = parse(text)
    if inner is not None and not inner.listy:
        return inner
    return Marker(f"h{level}", "", "#" * level, 0.1 * level, clean(text))
