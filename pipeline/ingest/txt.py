"""Plain text and Markdown: decoding, lines, Markdown headings and pipe tables."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import CorruptDocument, UnsupportedFormat
from ..model import BlockKind, Repair
from . import legacy
from .mixed import decode_mixed, reads_as_vietnamese
from .raw import RawBlock, Reading

_BULLET = re.compile(r"^\s*[-+•*–]\s")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_NO = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")


def decode(data: bytes, path: Path) -> tuple[str, str, list[Repair]]:
    """Find the encoding of a text file and return (text, encoding, repairs)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    head = data[:4000]
    if len(head) >= 4 and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL
        le = head[1::2].count(0) > head[0::2].count(0)
        enc = "utf-16-le" if le else "utf-16-be"
        return data.decode(enc, errors="replace"), enc, []
    if b"\x00" in data:
        raise CorruptDocument(path, "text file contains NUL bytes (a binary file, or a damaged copy)")
    try:
        text = data.decode("utf-8")
        return text, "utf-8", []
    except UnicodeDecodeError:
        pass
    mixed = decode_mixed(data, path)
    if mixed is not None:
        text, enc = mixed
        return text, enc, [Repair(kind="encoding", before=enc, after="unicode", start=0)]
    converted = legacy.convert(data)
    if converted is not None:
        text, enc = converted
        return text, enc, [Repair(kind="encoding", before=enc, after="unicode", start=0)]
    text = data.decode("cp1258", errors="replace")
    if not _looks_like_text(text):
        raise UnsupportedFormat(path, "not a text, Markdown, .docx or .pdf file (binary or random bytes)")
    return text, "cp1258", [Repair(kind="encoding", before="cp1258", after="unicode", start=0)]


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t\f") or c == "\ufffd")
    letters = sum(1 for c in sample if c.isalpha() or c.isspace())
    return bad / len(sample) < 0.01 and letters / len(sample) > 0.7


def split_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return re.split(r"(?<!\\)\|", body)


def read_text(data: bytes, path: Path, fmt: str = "txt") -> Reading:
    text, encoding, repairs = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    blocks: list[RawBlock] = []
    page, table, row = 1, -1, 0
    in_table = False
    for lineno, raw in enumerate(lines, start=1):
        while raw.startswith("\f"):
            page += 1
            raw = raw[1:]
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        if not raw.strip():
            in_table = False
            continue
        if raw.lstrip().startswith("|"):
            if _TABLE_SEP.match(raw):
                continue
            if not in_table:
                table, row, in_table = table + 1, 0, True
            for col, cell in enumerate(split_cells(raw)):
                blocks.append(RawBlock("table_cell", cell, page=page, line=lineno,
                                       table=table, row=row, col=col))
            row += 1
            continue
        in_table = False
        kind: BlockKind = "paragraph"
        if _MD_HEADING.match(raw):
            kind = "heading"
        elif _BULLET.match(raw):
            kind = "list_item"
        elif _PAGE_NO.match(raw) and _near_page_edge(lines, lineno - 1):
            kind = "furniture"
        blocks.append(RawBlock(kind, raw, page=page, line=lineno))
    reading = Reading(blocks=blocks, format=fmt, pages=page if page > 1 else None, encoding=encoding,
                      diagnostics=reads_as_vietnamese(text, path, encoding))
    if repairs and blocks:
        blocks[0].pre_repairs.extend(repairs)
    return reading


def _near_page_edge(lines: list[str], i: int) -> bool:
    """A bare number is a page number only at the top or bottom of a page or of the file."""
    before = [ln for ln in lines[max(0, i - 2):i] if ln.strip()]
    after = [ln for ln in lines[i + 1:i + 3] if ln.strip()]
    return (not before or not after or "\f" in "".join(lines[max(0, i - 1):i + 2]))
