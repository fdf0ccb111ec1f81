"""Provenance and small text helpers shared by the extractors."""

from __future__ import annotations

from typing import TypeVar

from ..model import Block, Document, Record
from ..records import Prov

M = TypeVar("M", bound=Record)


def prov(doc: Document, blocks: list[Block]) -> Prov:
    first = blocks[0]
    return construct(Prov, file=doc.source.path, sha256=doc.source.sha256, block=first.id,
                blocks=[b.id for b in blocks] if len(blocks) > 1 else [],
                page=first.page, line=first.line, paragraph=first.paragraph,
                start=first.start, end=max(b.end for b in blocks))


UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


def construct(cls: type[M], **values) -> M:
    """A record of the segment stage. Built unchecked, as every record (pipeline/model.py); under
    $VNPOLICY_CHECK_RECORDS (the tests) a role or depth out of range fails here, not at publish time."""
    return cls(**values)
