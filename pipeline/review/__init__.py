"""Review: what staff decide about alignment rows, kept in the store apart from the machine's proposals.

`decide()` records a decision, `decisions_for()` lists a document's decided rows, `row_states()`
gives every row of an alignment its state (the decision where there is one, the machine's
proposal otherwise, and which it is).

The names load on first use: `vnpolicy --help` registers the review commands through this
package and must not pay for the aligner (numpy) it would otherwise import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_FROM = {"current_decisions": "decisions", "decide": "decisions", "decisions_for": "decisions",
         "history": "decisions", "row_states": "decisions", "STATE_LABELS": "model", "STATES": "model",
         "Decision": "model", "ReviewRow": "model", "RowKey": "model", "RowState": "model"}

__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_FROM[name]}", __name__), name)
