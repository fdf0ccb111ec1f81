"""The records of a review: what a person decided about one alignment row, and a row's state.

A row is one parent task or target of one alignment (child document against parent document)
with the child items the machine proposed for it. The machine's proposal and the person's
decision stay separate records; `RowState` is what an output shows: the decision where there is
one, the suggestion otherwise, and which of the two it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

State = Literal["xac-nhan", "bac-bo", "khong-thuoc-cap", "chuyen"]
RowKind = Literal["task", "target"]

STATES: tuple[State, ...] = ("xac-nhan", "bac-bo", "khong-thuoc-cap", "chuyen")
STATE_LABELS: dict[State, str] = {"xac-nhan": "xác nhận", "bac-bo": "bác bỏ",
                                  "khong-thuoc-cap": "không thuộc cấp này", "chuyen": "chuyển sang mục khác"}
# what a person may type in a sheet or on the command line for each state (accents or not)
STATE_WORDS: dict[str, State] = {**{v: k for k, v in STATE_LABELS.items()}, **{k: k for k in STATES},
                                 "xac nhan": "xac-nhan", "bac bo": "bac-bo",
                                 "khong thuoc cap nay": "khong-thuoc-cap", "khong-thuoc-cap-nay": "khong-thuoc-cap",
                                 "chuyen sang muc khac": "chuyen", "chuyển": "chuyen"}
STALE_LABEL = "cần xem lại"
SOURCE_LABELS = {"decision": "cán bộ rà soát", "machine": "máy đề xuất"}


@dataclass(frozen=True)
class RowKey:
    """A row by stable ids: document numbers (or names when unnumbered) and the parent item id."""

    child: str
    parent: str
    kind: RowKind
    item: str


@dataclass
class Decision:
    key: RowKey
    state: State
    child_items: list[str]  # the child items the decision is about (the new ones for "chuyen")
    note: str
    by: str
    at: str  # ISO date
    parent_hash: str  # of the parent item's text the decision was made on
    child_hash: str  # of the child items' texts, in child_items order

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class ReviewRow:
    """One alignment row as the machine proposed it."""

    key: RowKey
    parent_text: str
    lead: str | None
    machine_class: str  # khớp / cần xem / chưa có / ... (Vietnamese label)
    score: float | None
    child_items: list[tuple[str, str]]  # (id, text), best first
    verdict: str | None = None  # targets: the comparison's verdict code
    sure: list[str] = field(default_factory=list)  # the child items the machine classed "khớp"


@dataclass
class RowState:
    row: ReviewRow | None  # None: a decision on a row the machine no longer proposes
    decision: Decision | None = None
    stale: bool = False
    why: list[str] = field(default_factory=list)  # why the decision needs a second look

    @property
    def source(self) -> str:
        return "decision" if self.decision else "machine"

    @property
    def label(self) -> str:
        """The state a reader sees, saying whose it is."""
        if self.decision is None:
            cls = self.row.machine_class if self.row else ""
            return f"{SOURCE_LABELS['machine']}: {cls}"
        out = f"{SOURCE_LABELS['decision']}: {self.decision.label}"
        return out + (f" ({STALE_LABEL})" if self.stale else "")
