"""Worksheet rows as SpreadsheetML text, made once per document and spliced into the workbook.

openpyxl spends about 40 µs on each cell it writes (a cell object, type inference, an lxml
element): the workbook of 1,000 documents, some 3 million cells, took most of a publish, again on
every publish. Here a row's XML is made when its document or alignment is first published and kept
in the store (derived.py); the workbook is written by openpyxl with each sheet's header only, and
the rows are streamed into its sheets afterwards. The row number is the only thing a row's text
does not know: it is left as a mark (NUM) and filled in as the row is written.

Cells are written as openpyxl writes them (inline strings, the cell reference, the style index) with
fixed style indexes: `register_styles` adds the data styles to a new workbook first, in this order.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..sanitize import is_formula_like

NUM = "\x00"  # never in a cell's text: XML cannot hold it (sanitize.xml_text)
WRAP, QUOTE, WRAP_QUOTE = 1, 2, 3  # style indexes, as register_styles makes them
_ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_ESC = re.compile(r"[&<>\r]")
_ESC_MAP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_COLS = [_letters(i) for i in range(1, 60)]


def register_styles(wb: Any, ws: Any) -> None:
    """Add the data cells' styles to a new workbook so that they get the indexes WRAP, QUOTE, WRAP_QUOTE."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for alignment, quote, want in ((wrap, False, WRAP), (None, True, QUOTE), (wrap, True, WRAP_QUOTE)):
        cell = WriteOnlyCell(ws)
        if alignment is not None:
            cell.alignment = alignment
        if quote:
            cell.quotePrefix = True
        got = wb._cell_styles.add(cell._style)
        assert got == want, (got, want)  # a new workbook: only the default style before these


def wrapped_cols(header: list[str]) -> set[int]:
    """The columns whose cells wrap: those of a fixed width of 40 or more (a width found from the
    data is at most 30, tables.write_xlsx_stream)."""
    from .tables import _WIDTHS

    return {i for i, c in enumerate(header) if _WIDTHS.get(c, 0) >= 40}


def _text(v: str) -> str:
    return _ESC.sub(lambda m: _ESC_MAP[m.group(0)], v) if _ESC.search(v) else v


def row_xml(values: list[Any], wrapped: set[int]) -> str:
    """One row (values as tables._xlsx_value makes them), its number left as NUM."""
    cells = []
    for k, v in enumerate(values):
        ref = f' r="{_COLS[k]}{NUM}"'
        wrap = k in wrapped
        if v is None:
            if wrap:
                cells.append(f'<c{ref} s="{WRAP}" t="n"/>')
            continue
        if isinstance(v, bool):
            s = f' s="{WRAP}"' if wrap else ""
            cells.append(f'<c{ref}{s} t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, int | float):
            s = f' s="{WRAP}"' if wrap else ""
            num = "" if v != v or v in (float("inf"), float("-inf")) else f"{v:.16g}"
            cells.append(f'<c{ref}{s} t="n"><v>{num}</v></c>')
        else:
            v = str(v)
            quote = is_formula_like(v)
            style = (WRAP_QUOTE if wrap else QUOTE) if quote else (WRAP if wrap else 0)
            s = f' s="{style}"' if style else ""
            if not quote and v in _ERROR_CODES:
                cells.append(f'<c{ref}{s} t="e"><v>{v}</v></c>')
            elif v == "":
                cells.append(f'<c{ref}{s} t="inlineStr"/>')
            else:
                space = ' xml:space="preserve"' if v != v.strip() else ""
                cells.append(f'<c{ref}{s} t="inlineStr"><is><t{space}>{_text(v)}</t></is></c>')
    return f'<row r="{NUM}">{"".join(cells)}</row>'


def splice(src_path: Path, dst_path: Path, rows: dict[int, Iterable[str]]) -> None:
    """Copy the workbook at `src_path` to `dst_path` with the rows (by sheet number, 1-based) after
    the header of each sheet, numbered from 2."""
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst_path, "w", zipfile.ZIP_DEFLATED,
                                                           compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if not m or int(m.group(1)) not in rows:
                dst.writestr(info.filename, data)
                continue
            text = data.decode("utf-8").replace("<sheetData/>", "<sheetData></sheetData>")
            cut = text.index("</sheetData>")
            with dst.open(info.filename, "w", force_zip64=True) as out:
                out.write(text[:cut].encode("utf-8"))
                n = 2
                buf: list[str] = []
                for r in rows[int(m.group(1))]:
                    buf.append(r.replace(NUM, str(n)))
                    n += 1
                    if len(buf) >= 2000:
                        out.write("".join(buf).encode("utf-8"))
                        buf.clear()
                out.write("".join(buf).encode("utf-8"))
                out.write(text[cut:].encode("utf-8"))


def write_spliced(wb: Any, path: Path, rows: dict[int, Iterable[str]]) -> None:
    """Save the workbook (headers only) beside `path`, then write `path` atomically with the rows in."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, head = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # remove_stale's pattern
    os.close(fd)
    try:
        wb.save(head)
        with atomic_path(path) as tmp:
            splice(Path(head), tmp, rows)
    finally:
        Path(head).unlink(missing_ok=True)
