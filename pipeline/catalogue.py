"""The published catalogue: a pure builder (no I/O) over extractions, graph links and alignments.

The JSON Schema of `catalogue.json` is generated from these models (`catalogue_schema`).
"""

from __future__ import annotations

from typing import Any

from . import __version__
from .align.model import AlignmentReport, MissingParent
from .model import Field, Record
from .records import FACTS, Directive, DirectiveFacts, Extraction

SCHEMA_VERSION = "1.1"  # 1.1: typed alignment records (classes, lead agency, reasons), missing_parents, Task.resources


class Link(Record):
    src: str
    dst: str
    type: str  # contains | cites | implements | issued_by | is | aligns_with
    score: float | None = None
    method: str | None = None
    evidence: dict[str, Any] | None = None
    suspect: list[str] = Field(default_factory=list)


class DirectiveEntry(DirectiveFacts):
    """One directive across the corpus: what is known of it and who cites it."""

    in_corpus: str | None = Field(None, description="sha256 of the corpus document that IS this directive")
    cited_by: list[str] = Field(default_factory=list, description="sha256 of citing documents")
    mentions: int = 0
    flags: list[str] = Field(default_factory=list)


class CatalogueDocument(Extraction):
    paths: list[str] = Field(default_factory=list)


class Failure(Record):
    path: str
    reason: str


class DecisionEntry(Record):
    """A staff decision on one alignment row, as every output shows it beside the machine's proposal."""

    child: str = Field(description="sha256 of the child document of the alignment")
    parent: str = Field(description="sha256 of the parent document of the alignment")
    item: str = Field(description="id of the parent task or target the row is about")
    kind: str = Field(description="task or target")
    state: str = Field(description="xac-nhan, bac-bo, khong-thuoc-cap or chuyen (re-pointed)")
    label: str = Field(description="the decision as staff read it (Vietnamese)")
    by: str = Field(description="the reviewer's name")
    at: str = Field(description="the date of the decision (ISO)")
    note: str = Field(default="", description="the reviewer's note")
    child_items: list[str] = Field(default_factory=list, description="the child items the decision is about")
    stale: bool = Field(default=False, description="a text changed since the decision: cần xem lại")
    why: list[str] = Field(default_factory=list, description="why the decision needs a second look")
    machine: str | None = Field(default=None, description="the machine's class of the row, for comparison")


class Catalogue(Record):
    schema_version: str = SCHEMA_VERSION
    generator: str = f"vnpolicy {__version__}"
    generated_at: str | None = None
    documents: list[CatalogueDocument]
    directives: list[DirectiveEntry]
    links: list[Link] = Field(default_factory=list)
    alignments: list[AlignmentReport] = Field(default_factory=list)
    missing_parents: list[MissingParent] = Field(
        default_factory=list, description="documents a child carries out that are not in the store")
    failures: list[Failure] = Field(default_factory=list)
    decisions: list[DecisionEntry] = Field(
        default_factory=list, description="staff decisions on alignment rows (issue #12), apart from the machine's")


def merge_directives(extractions: list[Extraction]) -> list[DirectiveEntry]:
    """One entry per directive id; the first document (in sha order) that gives a fact wins."""
    by_id: dict[str, dict[str, Any]] = {}
    own = {e.meta.id: e.document for e in extractions if e.meta.id}
    for e in sorted(extractions, key=lambda x: x.document):
        for d in e.directives:
            entry = by_id.setdefault(d.id, _entry(d))
            for k in FACTS:
                if entry.get(k) is None and getattr(d, k) is not None:
                    entry[k] = getattr(d, k)
            entry["known"] = entry["known"] or d.known
            if e.document not in entry["cited_by"]:
                entry["cited_by"].append(e.document)
            entry["mentions"] += len(d.mentions)
            entry["flags"] = sorted(set(entry["flags"]) | set(d.flags))
    for did, sha in own.items():
        if did in by_id:
            by_id[did]["in_corpus"] = sha
        else:
            e = next(x for x in extractions if x.document == sha)
            by_id[did] = {"id": did, "kind": e.meta.doc_type, "issuer": e.meta.issuer, "level": e.meta.level,
                          "date": e.meta.date, "title": e.meta.title, "known": False, "in_corpus": sha,
                          "cited_by": [], "mentions": 0, "flags": []}
    return [DirectiveEntry(**by_id[k]) for k in sorted(by_id)]


def _entry(d: Directive) -> dict[str, Any]:
    facts = {k: getattr(d, k) for k in DirectiveFacts.model_fields}
    return {**facts, "cited_by": [], "mentions": 0, "flags": list(d.flags)}


def catalogue_document(e: Extraction, paths: list[str]) -> CatalogueDocument:
    """The extraction with the paths it was read from, made of its own values (records, not dicts: a
    record is built unchecked, pipeline/model.py)."""
    return CatalogueDocument(**{k: getattr(e, k) for k in Extraction.model_fields}, paths=sorted(paths))


def build_catalogue(extractions: list[Extraction], paths: dict[str, list[str]], links: list[Link],
                    alignments: list[AlignmentReport] | list[dict[str, Any]], failures: list[Failure],
                    generated_at: str | None = None,
                    decisions: list[DecisionEntry] | None = None) -> Catalogue:
    from .align import missing_parents

    docs = [catalogue_document(e, paths.get(e.document, []))
            for e in sorted(extractions, key=lambda x: (x.source["name"], x.document))]
    reps = [a if isinstance(a, AlignmentReport) else AlignmentReport.model_validate(a) for a in alignments]
    return Catalogue(generated_at=generated_at, documents=docs, directives=merge_directives(extractions),
                     links=links, alignments=reps, missing_parents=missing_parents(extractions),
                     failures=sorted(failures, key=lambda f: f.path), decisions=decisions or [])


def catalogue_schema() -> dict[str, Any]:
    schema = Catalogue.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"vnpolicy/catalogue/{SCHEMA_VERSION}"
    return schema
