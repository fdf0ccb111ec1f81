"""Provenance and small text helpers shared by the extractors."""

from __future__ import annotations

from ..model import Block, Document
from ..records import Prov


def prov(doc: Document, blocks: list[Block]) -> Prov:
    first = blocks[0]
    return Prov(file=doc.source.path, sha256=doc.source.sha256, block=first.id,
                blocks=[b.id for b in blocks] if len(blocks) > 1 else [],
                page=first.page, line=first.line, paragraph=first.paragraph,
                start=first.start, end=max(b.end for b in blocks))


UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
