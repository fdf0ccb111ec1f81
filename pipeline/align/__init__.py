"""Alignment of a child document with the parents it carries out (see core.py).

The scorer (core, targets: numpy) loads on first use, so code that only reads alignment records
(`pipeline.align.model`: the report, the queries, `vnpolicy trace`) does not pay for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .. import levels
from ..records import Extraction
from .model import AlignmentReport, MissingParent, missing_parent_message

if TYPE_CHECKING:  # the lazy names, for the type checker
    from .core import THRESHOLD, align, corpus_model, doc_ref  # noqa: F401 - doc_ref for callers
    from .targets import compare_target

_LAZY = {"THRESHOLD": "core", "align": "core", "corpus_model": "core", "doc_ref": "core",
         "compare_target": "targets"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_LAZY[name]}", __name__), name)

__all__ = ["THRESHOLD", "AlignmentReport", "MissingParent", "align", "align_corpus", "compare_target",
           "corpus_model", "missing_parents", "parents_of"]


def parents_of(child: Extraction, corpus: list[Extraction]) -> list[Extraction]:
    """Corpus documents the child carries out, directly or through a central programme.

    Direct: the child implements or cites the parent's own id. Through a programme: a central
    document that implements the same directive the child implements (03/NQ-CP carries out
    57-NQ/TW; a province plan under 57-NQ/TW carries out 03/NQ-CP's tasks too). Only central
    ones: another province's plan under the same resolution is a peer, not a parent.
    """
    wanted = set(child.meta.implements) | {d.id for d in child.directives}
    rank = levels.rank(child.meta.level)
    out = []
    for e in corpus:
        if e.document == child.document or (e.meta.id and e.meta.id == child.meta.id):
            continue
        direct = bool(e.meta.id) and e.meta.id in wanted
        shared = set(e.meta.implements) & set(child.meta.implements)
        via = bool(shared) and e.meta.level == "central" and rank > 0 and (
            not e.meta.date or not child.meta.date or e.meta.date <= child.meta.date)
        if direct or via:
            out.append(e)
    return sorted(out, key=lambda e: (e.meta.id or "", e.document))


def align_corpus(extractions: list[Extraction]) -> list[AlignmentReport]:
    """One report per (child, parent in the corpus) pair, in a stable order."""
    from . import core

    reports = []
    missing = missing_parents(extractions)
    for child in sorted(extractions, key=lambda e: e.document):
        own = [m for m in missing if m.child.sha256 == child.document]
        for parent in parents_of(child, extractions):
            rep = core.align(child, parent, corpus=extractions)
            reports.append(rep.model_copy(update={"missing_parents": own}) if own else rep)
    return reports


def missing_parents(extractions: list[Extraction]) -> list[MissingParent]:
    """Documents a child says it carries out (its "thực hiện" list) that are not in the store.

    Congress resolutions and the Party charter (ids with a colon) are not documents one adds.
    """
    from . import core

    have = {e.meta.id for e in extractions if e.meta.id}
    out = []
    for child in sorted(extractions, key=lambda e: e.document):
        ref = core.doc_ref(child)
        name = child.meta.number or child.meta.id or child.source.get("name", child.document)
        for pid in child.meta.implements:
            if ":" in pid or pid in have or pid == child.meta.id:
                continue
            out.append(MissingParent(child=ref, parent_id=pid, message=missing_parent_message(name, pid)))
    return out


from ..verbs import make_callable  # noqa: E402 - after the module is complete

make_callable(__name__, "align")  # `pipeline.align(...)` stays the verb once this module is imported
