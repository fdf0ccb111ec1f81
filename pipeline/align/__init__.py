"""Alignment of a child document with the parents it carries out (see core.py)."""

from __future__ import annotations

from ..records import Extraction
from .core import THRESHOLD, align, compare_target, corpus_model
from .model import AlignmentReport

__all__ = ["THRESHOLD", "AlignmentReport", "align", "align_corpus", "compare_target", "corpus_model", "parents_of"]


def parents_of(child: Extraction, corpus: list[Extraction]) -> list[Extraction]:
    """Corpus documents whose own id the child implements or cites (the child itself excluded)."""
    wanted = set(child.meta.implements) | {d.id for d in child.directives}
    return sorted((e for e in corpus if e.meta.id and e.meta.id in wanted and e.document != child.document
                   and e.meta.id != child.meta.id), key=lambda e: (e.meta.id or "", e.document))


def align_corpus(extractions: list[Extraction]) -> list[AlignmentReport]:
    """One report per (child, parent in the corpus) pair, in a stable order."""
    reports = []
    for child in sorted(extractions, key=lambda e: e.document):
        for parent in parents_of(child, extractions):
            reports.append(align(child, parent, corpus=extractions))
    return reports
