"""After a batch: graph, alignments, catalogue and the files a run writes, all atomically.

The store is the input: what it holds for the files present now is what gets published, so a
run that only added one file still publishes the whole corpus.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_write, remove_stale
from .catalogue import Catalogue, DecisionEntry, Failure, build_catalogue, catalogue_schema
from .records import Extraction
from .store import Store

if TYPE_CHECKING:
    from .align.model import AlignmentReport


@dataclass
class Published:
    catalogue: Catalogue
    files: list[Path]


def corpus_digest(store: Store, version: str) -> str:
    h = hashlib.sha256(version.encode())
    for sha in store.current_shas():
        h.update(sha.encode())
    for path, row in sorted(store.files().items()):
        h.update(f"{path}\0{row['sha256']}\0{row['status']}\0{row['reason']}".encode())
    # a decision made since the last publish is news for every output that shows decisions
    h.update(f"decisions:{store.decisions_seq()}".encode())
    return h.hexdigest()


def published_decisions(store: Store, alignments: list[AlignmentReport]) -> list[DecisionEntry]:
    """The staff decisions on these alignments' rows, as the catalogue carries them."""
    from .review.show import catalogue_decisions

    return [DecisionEntry(**d) for d in catalogue_decisions(store, alignments)]


def outputs_current(store: Store, out_dir: Path, version: str) -> bool:
    """True when the last publish saw exactly this corpus and its files are still there."""
    if not (out_dir / "catalogue.json").exists():
        return False
    return store.get_meta("published") == f"{corpus_digest(store, version)}:{out_dir.resolve()}"


def publish(store: Store, out_dir: Path, version: str, *, report: bool = True,
            lang: str = "vi") -> Published:
    from .align import align_corpus
    from .graph import build_graph, graph_json, graph_links, write_graph

    shas = store.current_shas()
    extractions: list[Extraction] = list(store.extractions(shas))
    paths, failed = store.paths_and_failures()
    failures = [Failure(path=p, reason=r) for p, r in failed]
    align_key = hashlib.sha256((version + ",".join(shas)).encode()).hexdigest()
    if store.get_meta("alignments_key") == align_key:
        alignments_json = json.loads(store.get_meta("alignments") or "[]")
        alignments = None
    else:
        alignments = align_corpus(extractions)
        alignments_json = [a.model_dump(mode="json") for a in alignments]
        store.set_meta("alignments", json.dumps(alignments_json, ensure_ascii=False))
        store.set_meta("alignments_key", align_key)
    if alignments is None:
        from .align.model import AlignmentReport

        alignments = [AlignmentReport.model_validate(a) for a in alignments_json]
    graph = build_graph(extractions, alignments)
    links = graph_links(graph)
    store.replace_links([(lk.src, lk.dst, lk.type, lk.score, lk.method,
                          json.dumps(lk.evidence, ensure_ascii=False) if lk.evidence else None)
                         for lk in links])
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    cat = build_catalogue(extractions, paths, links, alignments, failures, generated_at=now,
                          decisions=published_decisions(store, alignments))
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(out_dir)
    written = [out_dir / "catalogue.json", out_dir / "catalogue.schema.json"]
    atomic_write(written[0], cat.model_dump_json(indent=1) + "\n")
    atomic_write(written[1], json.dumps(catalogue_schema(), ensure_ascii=False, indent=1) + "\n")
    write_graph(graph, out_dir)
    written += [out_dir / "graph.graphml", out_dir / "graph.json"]
    from .export.tables import write_tables

    written += write_tables(cat, out_dir)
    if report:
        from .report.html import write_report

        write_report(cat, graph_json(graph), out_dir / "report.html", lang=lang)
        written.append(out_dir / "report.html")
    store.set_meta("published", f"{corpus_digest(store, version)}:{out_dir.resolve()}")
    return Published(cat, written)
