"""The alignment report of one child document against one parent it carries out."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..model import Record
from ..records import Metric

Verdict = Literal["weaker", "equal", "stronger", "missing_in_child", "not_comparable"]


class DocRef(Record):
    sha256: str
    name: str
    id: str | None = None
    level: str = "unknown"
    date: str | None = None


class Evidence(Record):
    block: str
    start: int
    end: int
    text: str


class ChildMatch(Record):
    task: str  # child task id
    text: str
    score: float  # lexical + citation bonus, what the threshold applies to
    lexical: float  # TF-IDF cosine over word-segmented content terms
    shared_citations: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="the shared terms that weigh most")
    evidence: Evidence


class TaskPair(Record):
    parent_task: str
    parent_text: str
    parent_evidence: Evidence
    matches: list[ChildMatch]  # best first


class TaskRef(Record):
    task: str
    text: str
    section: str
    evidence: Evidence
    best_score: float = 0.0  # best score against the other side, below the threshold


class TargetComparison(Record):
    verdict: Verdict
    parent_target: str | None = None
    child_target: str | None = None
    parent_text: str | None = None
    child_text: str | None = None
    parent_metric: Metric | None = None
    child_metric: Metric | None = None
    indicator_score: float | None = None
    reason: str = ""


class CitationGaps(Record):
    missing_in_child: list[str] = Field(default_factory=list, description="cited by the parent, not by the child")
    unresolved: list[str] = Field(default_factory=list,
                                  description="cited by the child, unknown to the registry and not in the corpus")


class AlignmentReport(Record):
    child: DocRef
    parent: DocRef
    threshold: float
    method: str
    pairs: list[TaskPair]
    gaps: list[TaskRef]
    local: list[TaskRef]
    targets: list[TargetComparison]
    citations: CitationGaps
    stats: dict[str, int] = Field(default_factory=dict)
