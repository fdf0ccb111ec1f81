"""Logical paragraphs: blocks glued back when a hard line wrap split them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Document
from . import markers
from .markers import Marker


@dataclass
class Unit:
    blocks: list[Block]
    text: str
    marker: Marker | None
    heading: bool = False  # a Markdown heading block
    table: int | None = None  # a whole table (its cells are `blocks`)

    @property
    def first(self) -> Block:
        return self.blocks[0]

    @property
    def start(self) -> int:
        return self.blocks[0].start

    @property
    def end(self) -> int:
        return self.blocks[-1].end

    @property
    def last_line(self) -> int:
        b = self.blocks[-1]
        return (b.line or 0) + b.text.count("\n")

    @property
    def body(self) -> str:
        """Text without its marker."""
        return self.marker.rest if self.marker else self.text


@dataclass
class Table:
    index: int
    cells: list[Block] = field(default_factory=list)


_SENT_END = re.compile(r"[.;:!?…”\"»)]$")
# "(Trong đó: VNPT:" / "25 trạm, Viettel: 33 trạm);": a line that opens on a count and a lower-case
# word (no marker) is the wrapped rest of the line before it, whatever that line ended with
_COUNT_ON = re.compile(r"\d+(?:[.,]\d+)?\s+(?=[^\W\d_])")


def _count_on(text: str) -> bool:
    m = _COUNT_ON.match(text)
    return m is not None and text[m.end()].islower()


# "**III." alone on its line, its title on the next ("PHẠM VI, ĐỐI TƯỢNG ...**"): a crawl that wraps bold headings;
# so does a bullet ("-" alone, then "Phân công, chỉ đạo ..." on the next line: province_QuangNgai_1627-QD-UBND, dev)
_MARK_ONLY = re.compile(r"^[*_]*\s*(?:(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3}){0,3})\s*[.)]|[-+•–])\s*[*_]*$")


_RANGE_END = re.compile(r"^[-–]\s*\d[\d.,]*\s*(?:%|[^\W\d_])")  # "- 06%/năm", "- 14 tỷ đồng"
_NUM_END = re.compile(r"\d\s*$")


def _wrapped(prev: Unit, blk: Block, marker: Marker | None) -> bool:
    """`blk` continues `prev` when it follows on the very next line with no marker."""
    if prev.table is None and not prev.heading and _RANGE_END.match(blk.normalized) and _NUM_END.search(prev.text):
        # "tốc độ tăng bình quân 05" then "- 06%/năm ..." on the next line: a range wrapped, not a bullet
        return blk.line is not None and prev.blocks[-1].line is not None and blk.line == prev.last_line + 1
    if marker is not None or prev.table is not None or prev.heading:
        return False
    if blk.kind not in ("paragraph", "list_item") or blk.line is None or prev.blocks[-1].line is None:
        return False
    if _MARK_ONLY.match(prev.text) and len(prev.blocks) == 1:
        return blk.line == prev.last_line + 1
    return blk.line == prev.last_line + 1 and (
        not _SENT_END.search(prev.text) or blk.normalized[:1].islower() or _count_on(blk.normalized))


def build(doc: Document) -> list[Unit]:
    """Body blocks in reading order as units; each table becomes one unit."""
    units: list[Unit] = []
    tables: dict[int, Unit] = {}
    for blk in doc.blocks:
        if blk.kind == "furniture":
            continue
        if blk.kind == "table_cell":
            key = blk.table if blk.table is not None else -1
            if key in tables and units and units[-1] is tables[key]:
                tables[key].blocks.append(blk)
                continue
            u = Unit([blk], "", None, table=key)
            tables[key] = u
            units.append(u)
            continue
        text = blk.normalized.strip()
        if not text.strip("*_ \t"):
            continue  # "** **": emphasis around nothing (Markdown crawls), neither item nor paragraph
        level = markers.md_level(blk.text) if blk.kind == "heading" else None
        marker = markers.heading_marker(text, level) if level else markers.parse(text)
        if units and _wrapped(units[-1], blk, marker):
            prev = units[-1]
            prev.blocks.append(blk)
            bare = prev.marker is None and _MARK_ONLY.match(prev.text) is not None
            prev.text = prev.text + " " + text
            if prev.marker is not None or bare:
                prev.marker = markers.parse(prev.text) or prev.marker
            continue
        units.append(Unit([blk], text, marker, heading=level is not None))
    for u in tables.values():
        _closing_table(u)
    return units


def _closing_table(u: Unit) -> None:
    """A signature table ("Nơi nhận" | "T/M BAN CHẤP HÀNH ... BÍ THƯ", as a .docx lays it out) is
    the closing furniture, as the same words are in plain text: mark it so the outline closes."""
    row = u.blocks[0].row
    heads: dict[int | None, Block] = {}  # the first paragraph of each cell of the first row
    for b in u.blocks:
        if b.row == row and b.normalized.strip() and b.col not in heads:
            heads[b.col] = b
    for b in heads.values():
        m = markers.parse(b.normalized)
        if m is not None and m.style == "closing":
            text = " ".join(c.normalized.strip() for c in heads.values())
            u.marker = Marker("closing", "closing", m.marker, m.rank, text)
            return
