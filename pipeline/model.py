"""Typed records that flow one way through the stages.

Every record is a frozen, keyword-only dataclass: immutable once built and serialisable to JSON.
Not a pydantic model: importing pydantic and building its validators for the records' 40 classes was
about 90 ms of every `vnpolicy extract` start, a process that made 13 ms of records with them (#15).
The stages build records from their own values, unchecked; pydantic still validates what comes from
outside (`model_validate`, `model_validate_json`: stored JSON, imports) and generates the published
JSON Schema (`model_json_schema`), through its own support of standard dataclasses (a TypeAdapter of
each class, built the first time it is asked for). The method names are pydantic's, so the callers
did not change. $VNPOLICY_CHECK_RECORDS=1 (the test suite sets it) validates every record as it is
made and fails when a value is not of its field's type as pydantic would have stored it (a str where
an int is declared, an int for a float, a list for a tuple, a dict for a record), so a stage that
relied on pydantic's conversions at creation is found by the tests, not by a changed output.
"""

from __future__ import annotations

import dataclasses
import math
import os
import reprlib
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast, dataclass_transform

if TYPE_CHECKING:
    from typing import Self

    from pydantic import TypeAdapter

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell", "furniture"]
Format = Literal["txt", "md", "docx", "pdf", "doc"]
_MISSING: Any = dataclasses.MISSING


def empty_list() -> list:
    """`default_factory` of the list fields (kept from the pydantic records, where a named function
    spared pydantic parsing a built-in's signature at every start)."""
    return []


def Field(default: Any = _MISSING, *, default_factory: Any = _MISSING, description: str | None = None) -> Any:  # noqa: N802 (pydantic's name, which the record modules used)
    """A record field with a default or a factory and, for the JSON Schema, a description (pydantic
    reads a dataclass field's `description` metadata)."""
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={"description": description} if description else {})


_adapters: dict[type, TypeAdapter[Any]] = {}


def adapter(cls: type) -> TypeAdapter[Any]:
    """pydantic's validator and serialiser of one record class, built when first asked for."""
    got = _adapters.get(cls)
    if got is None:
        from pydantic import TypeAdapter

        got = _adapters[cls] = TypeAdapter(cls)
    return got


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
class Record:
    """Base of every record: each subclass is made a frozen keyword-only dataclass as it is defined."""

    # what pydantic reads of a standard dataclass: unknown keys are refused, as the models refused them
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    model_fields: ClassVar[dict[str, dataclasses.Field]] = {}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if not cls.__dict__.get("__doc__"):
            # without a docstring dataclass writes "Name(field: type, ...)" from inspect.signature, 0.8 ms a
            # class at start-up; pydantic's schema takes a docstring that starts "Name(" for that one and
            # gives no description, as it gave none to a model without a docstring
            cls.__doc__ = f"{cls.__name__}(...)"
        # __eq__, __hash__ and __repr__ are Record's, the same as dataclass writes for each class: each
        # method it writes is compiled from source, 0.1 ms apiece at every start for 20-odd classes
        dataclasses.dataclass(frozen=True, kw_only=True, eq=False, repr=False)(cls)
        cls.model_fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, k) for k in self.model_fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{k}={getattr(self, k)!r}' for k in self.model_fields)})"

    @classmethod
    def model_validate(cls, obj: Any) -> Self:
        """`obj` (a dict of JSON values, or a record) checked and converted by pydantic."""
        return adapter(cls).validate_python(obj)

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        return adapter(cls).validate_json(data)

    @classmethod
    def model_json_schema(cls, mode: Literal["validation", "serialization"] = "validation") -> dict[str, Any]:
        return adapter(cls).json_schema(mode=mode)

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        return cls(**values)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with `update`'s fields replaced (as pydantic's, not validated)."""
        return cast("Self", dataclasses.replace(cast(Any, self), **(update or {})))

    def model_dump(self, *, mode: Literal["python", "json"] = "python", **options: Any) -> dict[str, Any]:
        """The record as dicts and lists, as pydantic's model_dump gives it: nested records as dicts, in
        field order; with mode="json" tuples as lists and a non-finite float as None. With any other
        option (include, exclude ...) pydantic's serialiser answers."""
        if options:
            return adapter(type(self)).dump_python(self, mode=mode, **options)
        return _plain(self, mode == "json")

    def model_dump_json(self, **options: Any) -> str:
        """Compact JSON by pydantic's serialiser (the text the store holds)."""
        return self.json_bytes(**options).decode()

    def json_bytes(self, **options: Any) -> bytes:
        """model_dump_json's UTF-8 bytes, not decoded (a batch worker sends them to the writer as they are)."""
        return adapter(type(self)).dump_json(self, **options)

    def checked_json(self) -> bytes:
        """json_bytes, read back through pydantic's validator: the stages build records unchecked, so what
        goes into the store is validated once, where it is made (a batch worker, about 1 ms for the
        sample's extraction); pydantic.ValidationError when a stage put a value of the wrong type."""
        blob = self.json_bytes(warnings=False)
        adapter(type(self)).validate_json(blob)
        return blob


_LEAVES = frozenset({str, int, bool, type(None)})


def _plain(v: Any, json: bool) -> Any:
    if type(v) in _LEAVES:  # most values: no isinstance chain for them
        return v
    if isinstance(v, Record):
        return {k: _plain(getattr(v, k), json) for k in v.model_fields}
    if isinstance(v, list):
        return [_plain(x, json) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x, json) for k, x in v.items()}
    if isinstance(v, tuple):
        return [_plain(x, json) for x in v] if json else tuple(_plain(x, json) for x in v)
    if json and isinstance(v, float) and not math.isfinite(v):
        return None
    return v


_checking: list[bool] = []


def _check(self: Record) -> None:
    """Record.__post_init__ under $VNPOLICY_CHECK_RECORDS: the record equals, type for type, what
    pydantic makes of its fields (1 is not 1.0, a list not a tuple, a dict not a record)."""
    if _checking:  # pydantic's own instances, made while validating
        return
    _checking.append(True)
    try:
        got = adapter(type(self)).validate_python({k: getattr(self, k) for k in self.model_fields})
    finally:
        _checking.pop()
    if not _same(got, self):
        raise TypeError(f"{type(self).__name__} made with a value not of its field's type:\n{self!r}\n"
                        f"pydantic makes it:\n{got!r}")


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down; a nested record pydantic took as it was (it does
    not validate a record again) is the same object, so each record's check costs its own fields."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, Record):
        return all(_same(getattr(a, k), getattr(b, k)) for k in a.model_fields)
    return bool(a == b) or (isinstance(a, float) and a != a and b != b)  # NaN is no other value's equal


if os.environ.get("VNPOLICY_CHECK_RECORDS") == "1":
    Record.__post_init__ = _check  # type: ignore[attr-defined]


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
