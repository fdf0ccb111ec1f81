"""After a batch: graph, alignments, catalogue and the files a run writes, all atomically.

The store is the input: what it holds for the files present now is what gets published, so a
run that only added one file still writes every output whole. What each document and alignment
contributes to them is made once and kept in the store (derived.py, graph_files.TextCache), so
such a run makes only the new document's pieces and streams the others' back; a file whose
bytes come out the same is not rewritten. The HTML report is an index and a page per document and
alignment (report/pages.py), each rendered only when what it shows changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import atomic_write, remove_stale
from .catalogue import Catalogue, DecisionEntry, Failure, Link, catalogue_schema
from .store import Store


@dataclass
class Published:
    """What a publish wrote (`catalogue` is no longer built: kept None for callers of the first release)."""

    documents: int
    directives: int
    links: list[Link]
    files: list[Path]
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, also kept in meta publish_seconds
    catalogue: Catalogue | None = None  # built for the report; None with report=False


def corpus_digest(store: Store, version: str) -> str:
    h = hashlib.sha256(version.encode())
    for sha in store.current_shas():
        h.update(sha.encode())
    for path, row in sorted(store.files().items()):
        h.update(f"{path}\0{row['sha256']}\0{row['status']}\0{row['reason']}".encode())
    # a decision made since the last publish is news for every output that shows decisions
    h.update(f"decisions:{store.decisions_seq()}".encode())
    return h.hexdigest()


def decisions_on(store: Store, alignments: list[Any]) -> list[DecisionEntry]:
    """The staff decisions on these alignments' rows (AlignmentReport records), as the catalogue
    carries them."""
    if not store.decisions_seq():
        return []
    from .review.show import catalogue_decisions

    return [DecisionEntry(**d) for d in catalogue_decisions(store, alignments)]


def published_decisions(store: Store, shas: list[str]) -> list[DecisionEntry]:
    """The staff decisions on the rows of the stored alignments (none read when nobody decided)."""
    if not store.decisions_seq():
        return []
    from .align.model import AlignmentReport

    return decisions_on(store, [AlignmentReport.model_validate(a) for a in stored_alignments(store, shas)])


def outputs_current(store: Store, out_dir: Path, version: str) -> bool:
    """True when the last publish saw exactly this corpus and its files are still there."""
    if not (out_dir / "catalogue.json").exists():
        return False
    return store.get_meta("published") == f"{corpus_digest(store, version)}:{out_dir.resolve()}"


def backfill(store: Store) -> int:
    """Graph and implements rows for documents stored before those tables existed (once per store)."""
    from .graph_rows import document_rows

    missing = [r[0] for r in store.db.execute(
        "SELECT sha256 FROM extractions WHERE sha256 NOT IN (SELECT doc FROM graph_rows)")]
    for e in store.extractions(missing):
        rows = {**document_rows(e), "implements": [(e.document, d) for d in e.meta.implements]}
        store.db.execute("DELETE FROM implements WHERE doc=?", (e.document,))
        store._index(rows)
    store.commit()
    return len(missing)


def stored_alignments(store: Store, shas: list[str]) -> Iterator[dict[str, Any]]:
    """The stored alignments of the current documents, as the corpus sees them now (JSON)."""
    from .incremental import finish

    current = set(shas)
    in_corpus = stored_ids(store, current)
    missing = store.missing_parents()
    for payload in store.alignment_json():
        rep = finish(payload, in_corpus, missing)
        if rep["child"]["sha256"] in current and rep["parent"]["sha256"] in current:
            yield rep


def stored_ids(store: Store, current: set[str]) -> set[str]:
    return {i for sha, i in store.db.execute("SELECT sha256, doc_id FROM documents WHERE doc_id IS NOT NULL")
            if sha in current}


def publish_report(store: Store, shas: list[str], out_dir: Path, *, version: str, lang: str = "vi",
                   generated_at: str | None = None) -> list[Path]:
    """report.html (an index) and a page per document and alignment (report/pages.py): each page made from
    its own documents only, and only when what it shows changed."""
    from .report.pages import write_pages

    done = write_pages(store, shas, out_dir, version=version, lang=lang, generated_at=generated_at)
    return [out_dir / "report.html", *(out_dir / p for p in done.rendered if p != "report.html")]


def publish(store: Store, out_dir: Path, version: str, *, report: bool = True,
            lang: str = "vi") -> Published:
    from .catalogue_stream import write_catalogue
    from .graph import edge_links
    from .graph_files import builder_graph, write_graph_files
    from .graph_rows import StoreGraph
    from .incremental import load_docs, missing_parents, update_alignments

    seconds: dict[str, float] = {}
    t0 = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        seconds[stage] = round(now - t0, 3)
        t0 = now

    shas = store.current_shas()
    backfill(store)
    up = update_alignments(store, shas, version)
    seconds["aligned_pairs"] = len(up.computed)
    with store.db:  # the one-blob cache of the first release, replaced by the alignments table
        store.db.execute("DELETE FROM meta WHERE key IN ('alignments', 'alignments_key')")
    store.replace_missing_parents([(m.child.sha256, m.parent_id, m.model_dump_json())
                                   for ms in missing_parents(load_docs(store, shas)).values() for m in ms])
    lap("alignments")
    paths, failed = store.paths_and_failures()
    failures = [Failure(path=p, reason=r) for p, r in failed]
    nodes, edges = builder_graph(StoreGraph(store.db).builder())  # no networkx: a third copy of the graph
    links = edge_links((u, v, a) for u, v, _k, a in edges)
    store.replace_links([(lk.src, lk.dst, lk.type, lk.score, lk.method,
                          json.dumps(lk.evidence, ensure_ascii=False) if lk.evidence else None)
                         for lk in links])
    lap("graph")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    decisions = published_decisions(store, shas)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(out_dir)
    directives: list[dict[str, Any]] = []
    written = write_catalogue(store, shas, paths, links, failures, out_dir, generated_at=now, decisions=decisions,
                              version=version, directives=directives)
    atomic_write(out_dir / "catalogue.schema.json", json.dumps(catalogue_schema(), ensure_ascii=False, indent=1) + "\n")
    written.append(out_dir / "catalogue.schema.json")
    lap("catalogue")
    written += write_graph_files(nodes, edges, out_dir, store.db)
    lap("graph_files")
    from .derived import stubs
    from .export.tables_stream import write_tables_stream

    written += write_tables_stream(store, shas, stubs(store, shas, paths), directives, out_dir, decisions=decisions)
    lap("tables")
    cat = None
    if report:
        written += publish_report(store, shas, out_dir, version=version, lang=lang, generated_at=now)
        lap("report")
    store.set_meta("published", f"{corpus_digest(store, version)}:{out_dir.resolve()}")
    store.set_meta("publish_seconds", json.dumps(seconds))
    return Published(len(shas), len(directives), links, written, seconds, cat)
