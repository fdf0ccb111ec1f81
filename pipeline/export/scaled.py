"""`vnpolicy export` of a store above the whole-file limit: the same files, one document and one
alignment at a time.

`export` built the whole catalogue in memory and wrote the tables and a Word report per alignment
from it (8 GB at 3,000 documents, #15). The tables are the ones `export --whole` streams from the
pieces cached per document (export/tables_stream.py), the directives merged from the cited lists
cached per document; each Word report needs only its two documents, read by key and kept for the
next few alignments (a province programme is the parent of many in a row).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

KEPT_DOCUMENTS = 8  # extractions kept between alignments


def export_scaled(store: Store, out: Path, *, docx: bool, xlsx: bool, version: str) -> list[Path]:
    """What `export` writes (tables, catalogue.xlsx and ra-soat.xlsx with `xlsx`, a .docx per alignment
    with `docx`), with memory independent of the store's size. `store` is its writer: missing pieces
    are made and kept."""
    from ..catalogue_stream import directive_entries
    from ..derived import ensure_docs, ensure_pairs, stubs
    from ..publish import published_decisions
    from .review_xlsx import write_review_xlsx
    from .tables_stream import write_tables_stream

    shas = store.current_shas()
    paths, _failures = store.paths_and_failures()
    ensure_docs(store, shas, version)
    st = stubs(store, shas, paths)
    ensure_pairs(store, shas, version, st)
    out.mkdir(parents=True, exist_ok=True)
    directives = [d.model_dump(mode="json") for d in directive_entries(store, shas)]
    written = write_tables_stream(store, shas, st, directives, out, decisions=published_decisions(store, shas),
                                  xlsx=xlsx)
    if xlsx:
        written.append(write_review_xlsx(store, out / "ra-soat.xlsx"))
    if docx:
        written += _docx_reports(store, shas, paths, out)
    return written


def _docx_reports(store: Store, shas: list[str], paths: dict[str, list[str]], out: Path) -> list[Path]:
    from ..align.model import AlignmentReport
    from ..catalogue import Catalogue, catalogue_document
    from ..publish import stored_alignments
    from ..review.decisions import Documents, current_decisions, row_states
    from .docx import alignment_filename, write_alignment_docx

    kept: OrderedDict[str, Any] = OrderedDict()

    def document(sha: str) -> Any:
        if sha not in kept:
            e = next(store.extractions([sha]))
            kept[sha] = catalogue_document(e, paths.get(sha, []))
            while len(kept) > KEPT_DOCUMENTS:
                kept.popitem(last=False)
        kept.move_to_end(sha)
        return kept[sha]

    docs, decided = Documents(store), current_decisions(store)
    written = []
    for a in stored_alignments(store, shas):
        rep = AlignmentReport.model_validate(a)
        cat = Catalogue(documents=[document(rep.child.sha256), document(rep.parent.sha256)], directives=[])
        states = row_states(store, rep, docs, decided)
        written.append(write_alignment_docx(rep, out / alignment_filename(rep, cat), cat, states=states))
    return written
