"""Review: what staff decide about alignment rows, kept in the store apart from the machine's proposals.

`decide()` records a decision, `decisions_for()` lists a document's decided rows, `row_states()`
gives every row of an alignment its state (the decision where there is one, the machine's
proposal otherwise, and which it is).
"""

from .decisions import current_decisions, decide, decisions_for, history, row_states
from .model import STATE_LABELS, STATES, Decision, ReviewRow, RowKey, RowState

__all__ = ["STATES", "STATE_LABELS", "Decision", "ReviewRow", "RowKey", "RowState", "current_decisions", "decide",
           "decisions_for", "history", "row_states"]
