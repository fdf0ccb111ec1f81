"""Provenance and small text helpers shared by the extractors."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

from pydantic import BaseModel

from ..model import Block, Document
from ..records import Prov

M = TypeVar("M", bound=BaseModel)


def prov(doc: Document, blocks: list[Block]) -> Prov:
    first = blocks[0]
    # the values come straight from validated Blocks: construct without re-validating
    return construct(Prov, file=doc.source.path, sha256=doc.source.sha256, block=first.id,
                blocks=[b.id for b in blocks] if len(blocks) > 1 else [],
                page=first.page, line=first.line, paragraph=first.paragraph,
                start=first.start, end=max(b.end for b in blocks))


UP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


_REQUIRED = object()


@cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, object, Callable[[], object] | None], ...]:
    """(name, default, default factory) per field, in declaration order."""
    return tuple((n, _REQUIRED if f.is_required() else f.default, f.default_factory)
                 for n, f in cls.model_fields.items())


_set = object.__setattr__


def construct(cls: type[M], **values) -> M:
    """A record from values that are valid by construction (ids, offsets and texts taken from
    validated Blocks), without validating again: what `cls.model_construct` does, at a fraction of
    its cost (it resolves every default and inspects each default factory on every call). The
    fields are laid out in declaration order, as validation would, so the JSON is the same."""
    d = {}
    for name, default, factory in _fields(cls):
        if name in values:
            d[name] = values[name]
        elif factory is not None:
            d[name] = factory()
        elif default is not _REQUIRED:
            d[name] = default
    obj = cls.__new__(cls)
    _set(obj, "__dict__", d)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj
