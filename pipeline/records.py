"""Records produced by the segment and cite stages, and the per-document extraction.

These are the shapes the catalogue publishes (its JSON Schema is generated from them), so a
field added here is a schema change: bump SCHEMA_VERSION in catalogue.py.
"""

from __future__ import annotations

from typing import Literal

from .model import Diagnostic, Field, Record, empty_list

Level = Literal["central", "province", "commune", "district", "unknown"]
Role = Literal["preamble", "purpose", "objectives", "targets", "tasks", "implementation",
               "appendix", "closing", "other"]


class Prov(Record):
    """Where an item was read: the block(s) and the span in Document.text."""

    file: str
    sha256: str
    block: str
    blocks: list[str] = Field(default_factory=empty_list)
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    start: int
    end: int


class DocMeta(Record):
    doc_type: str | None = None  # CTr, KH, NQ, CT, KL, QĐ, BC, HD, CV...
    number: str | None = None  # "17-CTr/TU", "144/KH-UBND"
    id: str | None = None  # canonical directive id of this document when it has a number
    issuer: str | None = None
    issuer_code: str | None = None
    level: Level = "unknown"
    date: str | None = None  # ISO
    title: str | None = None
    implements: list[str] = Field(default_factory=empty_list)  # directive ids (cite-stage ids)


class Section(Record):
    id: str  # stable path id: "III/2/2.5"
    marker: str | None = None  # "III.", "2.5.", "a,"
    label: str | None = None  # normalized label: "III", "2.5", "a"
    title: str
    role: Role = "other"
    depth: int
    parent: str | None = None
    children: list[str] = Field(default_factory=empty_list)
    prov: Prov


class Task(Record):
    id: str  # "III/2/2.5/t1"
    section: str  # section id
    path: list[str]  # labels from the top: ["III", "2", "2.5"]
    headings: list[str]  # heading chain (titles)
    marker: str | None = None  # "-", "+", "a)", "1." or None for a free paragraph
    text: str
    lead: str | None = None  # cơ quan chủ trì
    partners: list[str] = Field(default_factory=empty_list)  # cơ quan phối hợp
    output: str | None = None  # kết quả / sản phẩm
    deadline: str | None = None  # as written: "6/2025", "Quý II/2026", "Thường xuyên"
    resources: str | None = None  # kinh phí / nguồn lực, as an attribute line writes it
    group: str | None = None  # table group row ("I.") when read from an appendix table
    cites: list[str] = Field(default_factory=empty_list)  # directive ids, filled by the cite stage
    prov: Prov


class Metric(Record):
    value: float
    value_max: float | None = None
    unit: str | None = None
    comparator: Literal[">=", ">", "<=", "<", "="] | None = None
    period: Literal["annual"] | None = None
    deadline: int | None = None
    indicator: str
    text: str  # the words the number was read from
    start: int  # offset in the target's text
    end: int


class Target(Record):
    id: str  # "II/2/a/(4)"
    section: str
    group: str | None = None  # "a", "b", or an appendix group ("I")
    label: str | None = None  # "(4)", "11.1"
    text: str
    indicator: str | None = None
    unit: str | None = None  # unit column of an appendix table
    metrics: list[Metric] = Field(default_factory=empty_list)
    qualitative: bool = False
    lead: str | None = None
    cites: list[str] = Field(default_factory=empty_list)
    prov: Prov


class Responsibility(Record):
    id: str
    section: str
    label: str | None = None
    body: str  # the responsible body
    roles: list[str] = Field(default_factory=empty_list)  # chủ trì, phối hợp, lãnh đạo, chỉ đạo...
    duties: str
    prov: Prov


class Segmentation(Record):
    meta: DocMeta
    sections: list[Section]
    tasks: list[Task]
    targets: list[Target]
    responsibilities: list[Responsibility]
    diagnostics: list[Diagnostic] = Field(default_factory=empty_list)


class Mention(Record):
    directive: str | None  # resolved id, None when a back-reference stays unresolved
    block: str
    start: int  # span in the block's normalized text
    end: int
    doc_start: int  # span in Document.text
    doc_end: int
    text: str  # the exact normalized text of the span
    original: str  # the same span in the block's original text
    form: str = "full"  # full | short | back-reference | alias | congress | named | variant
    flags: list[str] = Field(default_factory=empty_list)  # repaired, inferred, spacing, nfd, ...
    blocks: list[str] = Field(default_factory=empty_list)  # every block the span covers, when it crosses a block break
    date: str | None = None  # ISO date written right after this mention
    issuer: str | None = None  # body named right after this mention ("của Bộ Chính trị")
    ref: str | None = None  # the id as written when `directive` is None (the document's own number)


class DirectiveFacts(Record):
    """What is known of a directive, defined once: read from a citation (cite.find.Hit carries the
    same names), kept per document (Directive) and across the corpus (catalogue.DirectiveEntry)."""

    id: str  # canonical: 57-NQ/TW, 749/QĐ-TTg, 30/2020/NĐ-CP, congress:XIV:central, Đề án 06
    kind: str | None = None  # NQ, CT, KL, CTr, QĐ, NĐ, TT, ĐA, congress, charter
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None  # TW, TU, ĐU, CP, TTg, HĐND, UBND...
    issuer: str | None = None  # body named in the text or registry
    system: Literal["party", "state", "other"] = "party"
    level: Level = "unknown"
    date: str | None = None  # ISO
    title: str | None = None
    congress: str | None = None  # "XIV" for congress resolutions
    known: bool = False  # found in the registry


# the facts a citation can state about its directive (all but the id and what the registry adds)
FACTS: tuple[str, ...] = tuple(n for n in DirectiveFacts.model_fields if n not in ("id", "known"))


class Directive(DirectiveFacts):
    sources: list[str] = Field(default_factory=empty_list)  # where each filled fact came from
    flags: list[str] = Field(default_factory=empty_list)  # repaired, inferred, date-conflict, unknown...
    mentions: list[Mention] = Field(default_factory=empty_list)


class Citations(Record):
    directives: list[Directive]
    unresolved: list[Mention] = Field(default_factory=empty_list)
    diagnostics: list[Diagnostic] = Field(default_factory=empty_list)


class Extraction(Record):
    """Everything read from one document: what `vnpolicy extract` prints."""

    document: str  # document key: sha256
    source: dict  # Source as JSON
    meta: DocMeta
    sections: list[Section]
    tasks: list[Task]
    targets: list[Target]
    responsibilities: list[Responsibility]
    directives: list[Directive]
    unresolved: list[Mention] = Field(default_factory=empty_list)
    diagnostics: list[Diagnostic] = Field(default_factory=empty_list)
    pages: int | None = None
    method: str = "text"
