"""Typed records that flow one way through the stages.

Every record is a frozen pydantic model: immutable once built, serialisable to JSON, and the
published catalogue schema is generated from them instead of written by hand.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell", "furniture"]
Format = Literal["txt", "md", "docx", "pdf", "doc"]


def empty_list() -> list:
    """`default_factory` of the list fields. Not `list`: pydantic asks each factory's signature, and a
    built-in's is parsed from its text (tokenize, ast), 3-5 ms of every start for the 21 fields (#15)."""
    return []


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Repair(Record):
    """One change made to the normalized text; the original is never touched."""

    kind: str  # nfc, space, markdown, lexicon, join, font, encoding, dedupe, ocr
    before: str
    after: str
    start: int = Field(description="offset of `after` in the block's normalized text")


class Source(Record):
    path: str
    name: str
    sha256: str
    size: int
    format: Format
    encoding: str | None = None


class Block(Record):
    """One unit of reading order: a paragraph, heading, list item, table cell or furniture.

    `text` is exactly what the reader saw. `normalized` is what later stages read; `offsets`
    maps it back: a list of (normalized_index, original_index) anchors, each valid until the
    next anchor (see `to_original`).
    """

    id: str
    kind: BlockKind
    text: str
    normalized: str
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    start: int = Field(0, description="offset of `normalized` in Document.text")
    end: int = 0
    offsets: list[tuple[int, int]] = Field(default_factory=empty_list)
    repairs: list[Repair] = Field(default_factory=empty_list)
    method: str = "text"
    style: str | None = None

    def to_original(self, i: int) -> int:
        """Map an index of `normalized` to an index of `text`.

        >>> Block(id="b", kind="paragraph", text="a  b", normalized="a b",
        ...       offsets=[(0, 0), (2, 3)]).to_original(2)
        3
        """
        if not self.offsets:
            return i
        keys = [n for n, _ in self.offsets]
        k = bisect_right(keys, i) - 1
        if k < 0:
            return i
        n, o = self.offsets[k]
        return o + (i - n)


class Diagnostic(Record):
    level: Literal["info", "warning", "error"] = "warning"
    code: str
    message: str
    block: str | None = None


class Document(Record):
    source: Source
    blocks: list[Block]
    text: str = Field(description="normalized body blocks joined by newlines; Block.start/end index it")
    pages: int | None = None
    method: str = "text"
    diagnostics: list[Diagnostic] = Field(default_factory=empty_list)

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "furniture"]

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)
