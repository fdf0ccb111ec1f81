"""Tables a Markdown crawl laid out one cell a line between "|" lines.

    |
    **STT**
    |
    **Tên nhiệm vụ**
    |
    ...
    |
    |
    1
    |
    Triển khai nền tảng đào tạo ...

The reader sees each run of "|" lines as a small table of empty cells and each cell's text as
paragraphs. Rebuilt here as rows of cells (one block per cell, its text the cell's lines joined),
they are read by `tables.read` as any task or target table. Two bars in a row end a row when the
next cell opens one (a row number or a group numeral), else they hold an empty cell.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Block
from .markers import ROMAN
from .outline import Node
from .units import Unit

_ROW_START = re.compile(rf"^[*_]*(?:\d{{1,3}}(?:\.\d{{1,3}})*\.?|(?:{ROMAN})\.?(?:\d{{1,2}})?)(?:[*_]*$|[*_]*\s)")
_GROUP_CELL = re.compile(rf"^[*_]*((?:{ROMAN})\.?)\s+(.+)$", re.S)


def _bars(u: Unit) -> int:
    """How many "|" lines a unit is (0: a cell's text)."""
    if u.table is None or any(b.normalized.strip() for b in u.blocks):
        return 0
    return len(u.blocks)


def runs(units: list[Unit]) -> list[list[Unit]]:
    """Stretches of units that alternate bar runs and cell text, at least a header and a row. A
    cell's text is the units up to the next bar run (a few lines; never a part heading)."""
    out: list[list[Unit]] = []
    cur: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if _bars(u):
            cur.append(u)
            i += 1
            continue
        j = i
        while cur and j < len(units) and j - i < 8 and not _bars(units[j]) and _cell_like(units[j]):
            j += 1
        if cur and j > i and j < len(units) and _bars(units[j]):
            cur.extend(units[i:j])
            i = j
            continue
        if _table_sized(cur):
            out.append(cur)
        cur = []
        i += 1
    if _table_sized(cur):
        out.append(cur)
    return out


def _cell_like(u: Unit) -> bool:
    """A cell's text may look like a list item ("- Sở Tài chính") or a group row ("II. HOÀN THIỆN ..."),
    not like a part of the document."""
    return u.table is None and (u.marker is None or u.marker.style not in ("part", "appendix", "closing"))


def _table_sized(run: list[Unit]) -> bool:
    return sum(1 for u in run if _bars(u)) >= 8


def rebuild(run: list[Unit], table: int) -> list[Block]:
    """Cells of a bar run as table-cell blocks with rows and columns."""
    rows: list[list[list[Block]]] = []
    row: list[list[Block]] = []
    cell: list[Block] | None = None
    width = 0
    i = 0
    while i < len(run):
        u = run[i]
        k = _bars(u)
        if not k:
            if cell is None:
                cell = []
            cell.extend(u.blocks)
            i += 1
            continue
        if cell is not None:
            row.append(cell)
            cell = None
        nxt = run[i + 1] if i + 1 < len(run) else None
        opens = nxt is None or (not _bars(nxt) and bool(_ROW_START.match(nxt.text.strip())))
        if k >= 2 and row and (opens or (width and len(row) + k - 1 > width)):
            row.extend([] for _ in range(k - 2))
            rows.append(row)
            width = width or len(row)
            row = []
        elif row:
            row.extend([] for _ in range(k - 1))
        i += 1
    if cell is not None:
        row.append(cell)
    if row:
        rows.append(row)
    return [b for r, cells in enumerate(rows) for b in _cells(r, _split_group(cells), table)]


def _split_group(cells: list[list[Block]]) -> list[list[Block] | str]:
    """A group row written in one cell ("**I. NÂNG CAO NHẬN THỨC ...**"): its numeral, then its title."""
    full = [c for c in cells if c]
    if len(full) != 1:
        return list(cells)
    text = " ".join(b.normalized.strip() for b in full[0])
    m = _GROUP_CELL.match(text)
    if not m:
        return list(cells)
    return [m.group(1).strip("*_ "), (full[0], m.group(2).strip("*_ "))]  # type: ignore[list-item]


def _cells(r: int, cells: list, table: int) -> list[Block]:
    out: list[tuple[Any, ...]] = []
    anchor: Block | None = None
    for c, cell in enumerate(cells):
        if isinstance(cell, tuple):
            blocks, text = cell
        elif isinstance(cell, str):
            out.append(("", cell, c))
            continue
        else:
            blocks, text = cell, " ".join(b.normalized.strip() for b in cell)
        if not blocks:
            out.append(("", "", c))
            continue
        anchor = anchor or blocks[0]
        first = blocks[0]
        out.append((first, text, c, blocks[-1].end))
    made: list[Block] = []
    for item in out:
        if item[0] == "":
            if anchor is None:
                continue
            made.append(anchor.model_copy(update={"kind": "table_cell", "normalized": item[1], "table": table,
                                                  "row": r, "col": item[2], "repairs": []}))
        else:
            first, text, c, end = item
            made.append(first.model_copy(update={"kind": "table_cell", "normalized": text, "table": table,
                                                 "row": r, "col": c, "end": end}))
    return made


def section_of(run: list[Unit], root: Node) -> str:
    """The id of the section the table sits in."""
    first = run[0]
    for n in root.walk():
        if n.unit is first:
            p = n.parent
            return p.id if p is not None and p.unit is not None else "preamble"
    return "preamble"
