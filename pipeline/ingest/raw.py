"""What a reader hands to the common assembly step.

A RawBlock is a `model.Block` before assembly: the same placement fields under the same names
and types (a test holds them to Block's), as a plain dataclass because readers make thousands
and fill them field by field; assembly adds the normalised text, offsets, ids and span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import BlockKind, Diagnostic, Repair


@dataclass
class RawBlock:
    kind: BlockKind
    text: str
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    style: str | None = None
    method: str = "text"
    # repairs a reader made before the text became `text` (legacy encodings, font maps)
    pre_repairs: list[Repair] = field(default_factory=list)
    # text the reader already fixed (OCR/font/encoding, Word numbering); `text` remains the raw reading
    fixed: str | None = None
    # anchors from `fixed` to `text` (as Block.offsets) when the fix changed lengths; empty: same positions
    fixed_offsets: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Reading:
    blocks: list[RawBlock]
    format: str
    pages: int | None = None
    method: str = "text"
    encoding: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
