"""The alignment records of one child document against one parent it carries out.

These are what publish stores, the catalogue carries and the report, exports and the `align`
command read: one shape, defined here only. Keys are English; what a staff member reads is
Vietnamese (`CLASS_LABELS`, `STATUS_LABELS`, `VERDICT_LABELS`).
"""

from __future__ import annotations

from typing import Literal

from ..model import Field, Record
from ..records import Metric

Verdict = Literal["weaker", "equal", "stronger", "missing_in_child", "not_comparable", "qualitative",
                  "upper_level"]
PairClass = Literal["match", "review"]  # khớp / cần xem
ParentStatus = Literal["gap", "upper_level"]  # chưa có / cấp trên thực hiện

CLASS_LABELS = {"match": "khớp", "review": "cần xem", "gap": "chưa có",
                "upper_level": "cấp trên thực hiện / không thuộc cấp này"}
VERDICT_LABELS = {"weaker": "thấp hơn cấp trên", "equal": "bằng cấp trên", "stronger": "cao hơn cấp trên",
                  "missing_in_child": "cấp dưới chưa có", "not_comparable": "không so sánh được",
                  "qualitative": "mục tiêu định tính có tương ứng",
                  "upper_level": "cấp trên thực hiện / không thuộc cấp này"}


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


class Reasons(Record):
    """Why a pair is proposed, in terms a reader can check against the two texts."""

    terms: list[str] = Field(default_factory=list, description="shared multi-syllable content terms")
    citations: list[str] = Field(default_factory=list, description="directives both tasks cite")
    numbers: list[str] = Field(default_factory=list, description="numbers, years and deadlines in common")
    same_section: bool = False  # the two tasks sit in sections the section alignment pairs
    cites_parent: bool = False  # the child task names the parent document
    task_number: str | None = None  # the parent task number the child task names
    semantic: float | None = None  # "ngữ nghĩa": cosine of the optional embedding model's mutual pair
    template_only: bool = False  # all shared terms are phrases most programmes repeat: kept at "cần xem"
    better_parent: str | None = None  # the parent task this child task resembles more: kept at "cần xem"


class ChildMatch(Record):
    task: str  # child task id
    text: str
    score: float  # blended lexical score + section prior + citation bonus
    lexical: float  # TF-IDF cosine over word-segmented content terms
    klass: PairClass = "review"
    shared_citations: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="the shared terms that weigh most")
    reasons: Reasons = Field(default_factory=Reasons)
    evidence: Evidence


class TaskPair(Record):
    parent_task: str
    parent_text: str
    parent_lead: str | None = None  # cơ quan chủ trì of the parent task
    parent_evidence: Evidence
    matches: list[ChildMatch]  # best first


class TaskRef(Record):
    task: str
    text: str
    section: str
    lead: str | None = None
    status: ParentStatus = "gap"  # for a parent task with no child task: a gap or the upper level's own task
    evidence: Evidence
    best_score: float = 0.0  # best score against the other side, below the cut-off


class SectionPair(Record):
    parent_section: str
    parent_title: str
    child_section: str
    child_title: str
    score: float


class TargetComparison(Record):
    verdict: Verdict
    parent_target: str | None = None
    child_target: str | None = None
    child_task: str | None = None  # a child task that carries out a qualitative parent target
    parent_text: str | None = None
    child_text: str | None = None
    parent_metric: Metric | None = None
    child_metric: Metric | None = None
    parent_indicator: str | None = None  # the indicator of this one number, shared words kept
    child_indicator: str | None = None
    indicator_score: float | None = None  # qualitative parent: share of its key terms the child item holds
    terms: list[str] = Field(default_factory=list, description="key terms of the parent the child item holds")
    reason: str = ""


class CitationGaps(Record):
    missing_in_child: list[str] = Field(default_factory=list, description="cited by the parent, not by the child")
    unresolved: list[str] = Field(default_factory=list,
                                  description="cited by the child, unknown to the registry and not in the corpus")


class MissingParent(Record):
    """A document the child says it carries out that is not in the store: nothing was aligned with it."""

    child: DocRef
    parent_id: str
    message: str  # plain Vietnamese, tells the user to add the document


class AlignmentReport(Record):
    child: DocRef
    parent: DocRef
    threshold: float  # the cut-off of "cần xem"; `cutoffs` has both
    cutoffs: dict[str, float] = Field(default_factory=dict)
    method: str
    sections: list[SectionPair] = Field(default_factory=list)
    pairs: list[TaskPair]
    gaps: list[TaskRef]
    local: list[TaskRef]
    targets: list[TargetComparison]
    citations: CitationGaps
    missing_parents: list[MissingParent] = Field(default_factory=list)
    stats: dict[str, int] = Field(default_factory=dict)


def missing_parent_message(child: str, parent_id: str) -> str:
    return (f"Văn bản {child} ghi là thực hiện {parent_id}, nhưng {parent_id} chưa có trong kho nên chưa đối chiếu "
            f"được. Hãy thêm văn bản {parent_id} vào thư mục văn bản rồi chạy lại vnpolicy run.")
