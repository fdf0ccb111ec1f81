"""Provenance and small text helpers shared by the extractors."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from ..model import Block, Document
from ..records import Prov

M = TypeVar("M", bound=BaseModel)


def prov(doc: Document, blocks: list[Block]) -> Prov:
    first = blocks[0]
    return construct(Prov, file=doc.source.path, sha256=doc.source.sha256, block=first.id,
                blocks=[b.id for b in blocks] if len(blocks) > 1 else [],
                page=first.page, line=first.line, paragraph=first.paragraph,
                start=first.start, end=max(b.end for b in blocks))


UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


def construct(cls: type[M], **values) -> M:
    """A record of the segment stage, validated as it is made (a role or depth out of range is an
    error here, not at publish time). pydantic-core validates in one pass; nested records already
    validated are taken as they are (revalidate_instances="never"), so each value is checked once."""
    return cls(**values)
