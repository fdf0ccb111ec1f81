"""Xuất: the Word report of the alignment on screen, the Excel review sheet, the JSON catalogue of the
documents on screen; made by the same writers as `vnpolicy export` and `vnpolicy run`, into a temporary
folder, and sent as a download."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..align.model import AlignmentReport
    from ..store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def word(store: Store, rep: AlignmentReport) -> tuple[str, bytes]:
    """(file name, bytes) of the alignment's Word report with the staff decisions, as `export --docx`."""
    from ..catalogue import build_catalogue
    from ..export.docx import alignment_filename, write_alignment_docx
    from ..publish import decisions_on
    from ..review.decisions import Documents, current_decisions, row_states

    exts = list(store.extractions([rep.child.sha256, rep.parent.sha256]))
    paths, _ = store.paths_and_failures()
    cat = build_catalogue(exts, paths, [], [rep], [], decisions=decisions_on(store, [rep]))
    states = row_states(store, rep, Documents(store), current_decisions(store))
    name = alignment_filename(rep, cat)
    with tempfile.TemporaryDirectory(prefix="vnpolicy-serve-") as tmp:
        path = write_alignment_docx(rep, Path(tmp) / name, cat, states=states)
        return name, path.read_bytes()


def excel(store: Store) -> tuple[str, bytes]:
    """ra-soat.xlsx: one review sheet per alignment in the store, decisions filled in (`export --xlsx`)."""
    from ..export.review_xlsx import write_review_xlsx

    with tempfile.TemporaryDirectory(prefix="vnpolicy-serve-") as tmp:
        path = write_review_xlsx(store, Path(tmp) / "ra-soat.xlsx")
        return "ra-soat.xlsx", path.read_bytes()


def catalogue_json(store: Store, shas: list[str]) -> bytes:
    """catalogue.json restricted to `shas` (what the page shows), written by the streamed writer `run` uses:
    those documents, the directives they cite, the links between them, their alignments and decisions."""
    from ..catalogue import Link
    from ..catalogue_stream import write_catalogue
    from ..publish import decisions_on, stored_alignments

    current = set(store.current_shas())
    shas = sorted(s for s in set(shas) if s in current)
    paths, _ = store.paths_and_failures()
    nodes = {store.doc_node(s) for s in shas}
    links = [Link(src=r[0], dst=r[1], type=r[2], score=r[3], method=r[4],
                  evidence=json.loads(r[5]) if r[5] else None)
             for r in store.db.execute("SELECT src, dst, type, score, method, evidence FROM links")
             if r[0].split("/task:")[0].split("/target:")[0] in nodes]
    from ..align.model import AlignmentReport
    from ..batch import pipeline_version
    from ..store import Store

    reps = [AlignmentReport.model_validate(a) for a in stored_alignments(store, shas)]
    decisions = decisions_on(store, reps)
    version = pipeline_version()  # the version `run` published with: its cached pieces are read, none made
    with tempfile.TemporaryDirectory(prefix="vnpolicy-serve-") as tmp:
        try:
            write_catalogue(store, shas, paths, links, [], Path(tmp), decisions=decisions, version=version)
        except sqlite3.OperationalError:
            # pieces missing (a store published by an older vnpolicy): the page's connection only reads,
            # so they are made through a connection of their own (derived rows, nothing a person decided)
            with Store(store.path, create=False) as rw:
                write_catalogue(rw, shas, paths, links, [], Path(tmp), decisions=decisions, version=version)
        return (Path(tmp) / "catalogue.json").read_bytes()
