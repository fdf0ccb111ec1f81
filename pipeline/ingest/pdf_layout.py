"""Page layout helpers for the PDF reader: two-column header blocks and headings.

Vietnamese official documents open with a two-column block: the issuer on the left, the
national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc") on the
right, then the number ("Số: ...") on the left and the place and date on the right. A text
layer may give such a row as one line ("BỘ CÔNG THƯƠNG   CỘNG HÒA XÃ HỘI ..."); the line is cut
where a horizontal gap between its characters is much wider than a character, and the block is
read left column first, then right column. Only the first page is looked at, and only the
characters on either side of a space are measured, so the cost is a few pdfium calls a line.
"""

from __future__ import annotations

import ctypes
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pdf import Line

# a cut needs a gap wider than this many median character advances (justified text stays whole)
GAP_CHARS = 4.0
_SPACES = re.compile(r"\s+")
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold|,b\b|-bd\b", re.I)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag 19
# an outline marker that opens a section: "I.", "1.", "1.2.", "Phần I", "Chương II", "Mục 1", "Điều 3."
OUTLINE = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|\d+(?:\.\d+)+|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)"
                      r"\s+(?:[IVXLC]+|\d+)\b\.?)\s*\S")
_ROMAN = re.compile(r"^[IVXLC]+\.\s*\S")
_NO_HEADING_END = re.compile(r"[.;,]\s*$")


class Gaps:
    """The widest inner gap of each first-page line, measured from pdfium's character boxes."""

    def __init__(self, textpage) -> None:
        import pypdfium2.raw as raw

        self.tp = textpage.raw
        self.box = raw.FPDFText_GetCharBox
        self.l, self.r, self.b, self.t = (ctypes.c_double() for _ in range(4))

    def _edges(self, i: int) -> tuple[float, float]:
        self.box(self.tp, i, self.l, self.r, self.b, self.t)
        return self.l.value, self.r.value

    def widest(self, text: str, a: int, b: int) -> tuple[float, int, int, float, float] | None:
        """(gap, end of the left run, start of the right run, left x1, right x0) in page text indices."""
        best = None
        for m in _SPACES.finditer(text, a, b + 1):
            i, j = m.start() - 1, m.end()
            if i < a or j > b:
                continue
            r0 = self._edges(i)[1]
            l1 = self._edges(j)[0]
            gap = l1 - r0
            if best is None or gap > best[0]:
                best = (gap, i, j, r0, l1)
        return best


def is_bold(textpage_raw, i: int, buf, flags) -> bool:
    import pypdfium2.raw as raw

    n = raw.FPDFText_GetFontInfo(textpage_raw, i, buf, len(buf), flags)
    if flags.value & _FORCE_BOLD:
        return True
    return 0 < n <= len(buf) and _BOLD_NAME.search(buf.value) is not None


# ---------------------------------------------------------------------------- header columns


def _same_row(a: Line, b: Line) -> bool:
    tol = max(2.0, 0.3 * (a.bottom - a.top if a.top < a.bottom else a.top - a.bottom))
    return abs(a.bottom - b.bottom) <= tol and (a.x1 <= b.x0 or b.x1 <= a.x0)


def order_header(lines: list[Line]) -> list[Line]:
    """Mark the first page's two-column header block (col 1 left, 2 right) and read it column by
    column: each group of rows (a new group starts at a row that opens both columns after a
    wider gap) gives its left column, then its right column. Other lines are left as they are."""
    n = min(len(lines), 40)
    pairs: list[tuple[int, int]] = []
    for i in range(n):
        for j in range(i + 1, min(n, i + 12)):
            if _same_row(lines[i], lines[j]):
                pairs.append((i, j) if lines[i].x0 < lines[j].x0 else (j, i))
                break
    if not pairs:
        return lines
    lx, rx = max(lines[i].x1 for i, _ in pairs), min(lines[j].x0 for _, j in pairs)
    if lx >= rx:
        return lines
    mid = (lx + rx) / 2
    last = max(max(i, j) for i, j in pairs)
    zone = list(range(0, last + 1))
    # rows that go on below the last pair inside one column (a "V/v ..." summary under the number)
    k = last + 1
    while k < len(lines) and (lines[k].x1 <= mid or lines[k].x0 >= mid) and k - last <= 6 \
            and abs(lines[k - 1].bottom - lines[k].bottom) < 3 * max(lines[k].size, 8.0):
        zone.append(k)
        k += 1
    first = 0
    while first < len(zone) and not (lines[zone[first]].x1 <= mid or lines[zone[first]].x0 >= mid):
        first += 1  # a line across the middle before the block (a running header) stays put
    zone = zone[first:]
    if any(not (lines[i].x1 <= mid or lines[i].x0 >= mid) for i in zone):
        # something crosses the middle inside the block: not a clean two-column header
        zone = [i for i in zone if i <= min(i for i in zone if not (lines[i].x1 <= mid or lines[i].x0 >= mid)) - 1]
        if not zone:
            return lines
    for i in zone:
        lines[i].col = 1 if lines[i].x1 <= mid else 2
    block = [lines[i] for i in zone]
    # groups: a paired row after a gap wider than 1.3 line pitches in both columns opens a new one
    pitch = _pitch(block)
    paired = {id(lines[i]) for p in pairs for i in p}
    group = 0
    seen: dict[int, float | None] = {1: None, 2: None}  # bottom of the last line read in each column
    for ln in sorted(block, key=lambda x: -x.bottom):
        above = seen[1], seen[2]
        if id(ln) in paired and all(a is not None and a - ln.bottom > 1.3 * pitch for a in above):
            group += 1
            seen = {1: None, 2: None}
        ln.group = group
        seen[ln.col] = ln.bottom
    ordered = sorted(block, key=lambda x: (x.group, x.col, -x.bottom, x.x0))
    start = zone[0]
    return lines[:start] + ordered + [ln for k, ln in enumerate(lines) if k >= start and k not in set(zone)]


def _pitch(block: list[Line]) -> float:
    gaps: list[float] = []
    for c in (1, 2):
        ys = sorted((ln.bottom for ln in block if ln.col == c), reverse=True)
        gaps.extend(a - b for a, b in zip(ys, ys[1:], strict=False) if a - b > 1)
    gaps.sort()
    return gaps[(len(gaps) - 1) // 2] if gaps else 14.0


# ---------------------------------------------------------------------------- headings


def heading(lines: list[Line], text: str, body_size: float, sizes_reliable: bool) -> bool:
    """Does a paragraph of these lines stand alone as a section heading?

    A short block (at most three lines, no closing full stop, comma or semicolon) that opens with
    an outline marker ("I.", "1.", "1.1.", "Điều 3") and is set in bold or a larger size; or an
    all-capitals block under a Roman numeral ("I. MỤC ĐÍCH, YÊU CẦU") whatever its font.
    """
    if len(lines) > 3 or len(text) > 220 or any(ln.col for ln in lines):
        return False
    t = text.strip()
    if not OUTLINE.match(t) or _NO_HEADING_END.search(t):
        return False
    if all(ln.bold for ln in lines):
        return True
    if sizes_reliable and body_size and all(ln.size >= body_size + 1.5 for ln in lines):
        return True
    letters = [c for c in t if c.isalpha()]
    return bool(_ROMAN.match(t) and letters and all(c.isupper() for c in letters))
