"""One document, end to end: ingest -> segment -> cite -> attach citations to items.

This is the per-document work a batch sends to its workers; everything after it (graph,
alignment, store) works on `Extraction` records only.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from .model import Document
from .records import Citations, DocMeta, Extraction, Mention, Segmentation

_CONTENT_ROLES = {"purpose", "objectives", "targets", "tasks", "implementation", "appendix"}


def extract_file(path: str | Path) -> Extraction:
    from .ingest import ingest

    return extract_document(ingest(path))


def extract_document(doc: Document) -> Extraction:
    """Segment and cite one document and put each citation on the items it falls in."""
    from .cite import cite
    from .segment import segment

    seg = segment(doc)
    cits = cite(doc)
    meta = _meta_with_links(seg, cits)
    own = meta.id
    directives = [d for d in cits.directives if not _same_number(d.id, own)]
    by_pos = _MentionIndex([m for d in directives for m in d.mentions])
    tasks = [t.model_copy(update={"cites": by_pos.cited(t.prov.start, t.prov.end)}) for t in seg.tasks]
    targets = [t.model_copy(update={"cites": by_pos.cited(t.prov.start, t.prov.end)}) for t in seg.targets]
    return Extraction(
        document=doc.source.sha256, source=doc.source.model_dump(mode="json"), meta=meta,
        sections=seg.sections, tasks=tasks, targets=targets, responsibilities=seg.responsibilities,
        directives=directives, unresolved=cits.unresolved,
        diagnostics=[*doc.diagnostics, *seg.diagnostics, *cits.diagnostics],
        pages=doc.pages, method=doc.method,
    )


def _same_number(did: str, own: str | None) -> bool:
    """A number that is the document's own, its joint issuers written in another order ("16/KH-BTT-MTTQ"
    for the plan numbered 16/KH-MTTQ-BTT: the Front's Standing Board signs for both), not a citation."""
    from .cite.variants import joint_key

    if own is None:
        return False
    return did == own or (key := joint_key(did)) is not None and key == joint_key(own)


class _MentionIndex:
    """Mentions sorted by position: an item finds its citations by bisection, not by a scan of all.

    A scan per item made a document with n cited lines cost n x n (100,000 lines: hours).
    """

    def __init__(self, mentions: list[Mention]):
        ranked = sorted((m.doc_start, i, m) for i, m in enumerate(mentions))
        self.starts = [s for s, _, _ in ranked]
        self.ranked = [(i, m) for _, i, m in ranked]

    def cited(self, start: int, end: int) -> list[str]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        ids: list[str] = []
        # in the order of the mention list, as before: directive by directive
        for _, m in sorted(self.ranked[lo:hi], key=lambda x: x[0]):
            if m.directive and m.directive not in ids:
                ids.append(m.directive)
        return ids


def _meta_with_links(seg: Segmentation, cits: Citations) -> DocMeta:
    """The document's own id, and what its preamble says it implements."""
    from .cite import canonical_id

    own = canonical_id(seg.meta.number) if seg.meta.number else None
    content = [s.prov.start for s in seg.sections if s.role in _CONTENT_ROLES]
    preamble_end = min(content) if content else 0
    implements: list[str] = []
    for d in cits.directives:
        if d.id == own:
            continue
        if any(m.doc_start < preamble_end for m in d.mentions) and d.id not in implements:
            implements.append(d.id)
    return seg.meta.model_copy(update={"id": own, "implements": implements})


from .verbs import make_callable  # noqa: E402 - after the module is complete

make_callable(__name__, "extract")  # `pipeline.extract(...)` stays the verb once this module is imported
