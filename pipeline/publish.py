"""After a batch: graph, alignments, catalogue and the files a run writes, all atomically.

The store is the input: what it holds for the files present now is what gets published. The
links table is kept per document and per alignment pair (links.py): only what changed is made.
Up to a limit of documents the files that cover the whole corpus are rewritten (whole.py); past
it, one catalogue file per document, rewritten when that document's pieces change
(split_layout.py). What each document and alignment contributes is made once and kept in the
store (derived.py, graph_files.TextCache); a file whose bytes come out the same is not
rewritten. The HTML report is an index and a page per document and alignment (report/pages.py),
each rendered only when what it shows changed.
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
from .catalogue import Catalogue, DecisionEntry, Failure, catalogue_schema
from .store import Store


@dataclass
class Published:
    """What a publish wrote (`catalogue` is no longer built: kept None for callers of the first release)."""

    documents: int
    directives: int
    links: int  # how many the catalogue lists
    files: list[Path]
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, also kept in meta publish_seconds
    catalogue: Catalogue | None = None  # always None: the report is made of pages (report/pages.py)
    note: str | None = None  # what a staff member is told: the whole-corpus files were not written (whole.py)


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
    """The staff decisions on the rows of the stored alignments (none read when nobody decided). Only
    the alignments of children someone decided on are read: the others carry no decision."""
    if not store.decisions_seq():
        return []
    from .align.model import AlignmentReport
    from .review.rows import doc_key

    keys = {k for (k,) in store.db.execute("SELECT DISTINCT child FROM decisions")}
    children = children_named(store, keys, shas)
    return decisions_on(store, [r for r in (AlignmentReport.model_validate(a)
                                            for a in stored_alignments(store, shas, children))
                                if doc_key(r.child) in keys])


def children_named(store: Store, keys: set[str], shas: list[str]) -> list[str]:
    """The current documents a review key (review.rows.doc_key: id, else name) may name, sorted: a
    superset (a key is matched as id, name or sha), for the caller to keep those whose key it is."""
    current, out = set(shas), set()
    for k in keys:
        out |= {sha for (sha,) in store.db.execute(
            "SELECT sha256 FROM documents WHERE doc_id=? OR name=? OR sha256=?", (k, k, k)) if sha in current}
    return sorted(out)


def outputs_current(store: Store, out_dir: Path, version: str, whole: str = "auto",
                    whole_limit: int | None = None, *, report: bool = False) -> bool:
    """True when the last publish saw exactly this corpus, wrote the layout `whole` asks for now
    (whole.py) and its files are still there; with `report`, also the report of this corpus (a run
    with --no-report before it wrote none)."""
    from .whole import WHOLE_LIMIT, whole_wanted

    shas = store.current_shas()
    full = whole_wanted(whole, WHOLE_LIMIT if whole_limit is None else whole_limit, len(shas))
    if not (out_dir / ("catalogue.json" if full else "catalogue/index.json")).exists():
        return False
    layout = "whole" if full else "split"
    key = f"{corpus_digest(store, version)}:{out_dir.resolve()}"
    if report and not ((out_dir / "report.html").exists() and store.get_meta("published_report") == key):
        return False
    return store.get_meta("published") == f"{key}:{layout}"


def backfill(store: Store) -> int:
    """Graph and implements rows for documents stored before those tables existed (once per store)."""
    from .graph_rows import document_rows

    missing = [r[0] for r in store.db.execute(  # a probe per document, not a scan of every graph row
        "SELECT sha256 FROM extractions e WHERE NOT EXISTS (SELECT 1 FROM graph_rows g WHERE g.doc = e.sha256)")]
    for e in store.extractions(missing):
        rows = {**document_rows(e), "implements": [(e.document, d) for d in e.meta.implements]}
        store.db.execute("DELETE FROM implements WHERE doc=?", (e.document,))
        store._index(rows)
    store.commit()
    return len(missing)


def stored_alignments(store: Store, shas: list[str], children: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The stored alignments of the current documents, as the corpus sees them now (JSON); with
    `children` (shas, sorted), only theirs, read by key, in the same order."""
    from .incremental import finish

    current = set(shas)
    in_corpus = stored_ids(store, current)
    missing = store.missing_parents()
    payloads = store.alignment_json() if children is None else (
        p for c in children for p in store.alignment_json(child=c))
    for payload in payloads:
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
            lang: str = "vi", whole: str = "auto", whole_limit: int | None = None) -> Published:
    """Publish the store into `out_dir`. `whole` (auto | always | never) and `whole_limit` say when the
    whole-corpus files are written (whole.py); past the limit the per-document layout is."""
    from .plan_delta import settle
    from .split_layout import take_state
    from .whole import WHOLE_LIMIT, whole_wanted

    limit = WHOLE_LIMIT if whole_limit is None else whole_limit
    seconds: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()

    def lap(stage: str) -> None:  # wall and CPU seconds: on a shared machine the wall time waits for others
        nonlocal t0, c0
        now, cpu = time.perf_counter(), time.process_time()
        seconds[stage] = round(now - t0, 3)
        seconds[f"cpu_{stage}"] = round(cpu - c0, 3)
        seconds[f"peak_mb_{stage}"] = _peak_mb()  # the process's peak so far: a stage that raises it shows
        t0, c0 = now, cpu

    shas = store.current_shas()
    whole_wanted(whole, limit, len(shas))  # a wrong policy stops before anything is written
    prior = take_state(store)
    backfill(store)
    up, plan, docs = _update_alignments(store, shas, version)
    seconds["aligned_pairs"] = len(up.computed)
    seconds["planned_children"] = len(plan.children) if plan else len(shas)
    with store.db:  # the one-blob cache of the first release, replaced by the alignments table
        store.db.execute("DELETE FROM meta WHERE key IN ('alignments', 'alignments_key')")
    lap("alignments")
    paths, failed = store.paths_and_failures()
    failures = [Failure(path=p, reason=r) for p, r in failed]
    sync = _sync_links(store)
    seconds["link_sets_made"] = sync.made
    lap("graph")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    decisions = published_decisions(store, shas)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(out_dir)
    touched = None if plan is None else plan.changed | plan.children | sync.docs
    written, directives, n_links, note = _write_corpus_files(store, shas, paths, failures, out_dir, version, now,
                                                             decisions, whole, limit, lap, (touched, prior))
    cat = None
    if report:
        written += publish_report(store, shas, out_dir, version=version, lang=lang, generated_at=now)
        lap("report")
    settle(store, plan, version, docs)  # last: a publish that stops before plans these documents again
    layout = "whole" if whole_wanted(whole, limit, len(shas)) else "split"
    key = f"{corpus_digest(store, version)}:{out_dir.resolve()}"
    store.set_meta("published", f"{key}:{layout}")
    if report:
        store.set_meta("published_report", key)
    store.set_meta("publish_seconds", json.dumps(seconds))
    return Published(len(shas), len(directives), n_links, written, seconds, cat, note)


def _update_alignments(store: Store, shas: list[str], version: str) -> tuple[Any, Any, Any]:
    """The alignments and missing parents the corpus needs: of the documents that changed since the
    last publish and those they affect (plan_delta.py), or, when that is not known, of every
    document (then also the facts of every document, for plan_delta.settle)."""
    from .incremental import load_docs, missing_parents, update_alignments
    from .plan_delta import delta
    from .plan_delta import update_alignments as update_changed

    plan = delta(store, shas, version)
    if plan is not None:
        return update_changed(store, plan, version), plan, None
    up = update_alignments(store, shas, version)
    docs = load_docs(store, shas)
    store.replace_missing_parents([(m.child.sha256, m.parent_id, m.model_dump_json())
                                   for ms in missing_parents(docs).values() for m in ms])
    return up, None, docs


def _peak_mb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KB on Linux


def _sync_links(store: Store) -> Any:
    """The links table brought up to date for the documents and pairs that changed (links.py)."""
    from .links import sync_links

    return sync_links(store.db)


def _write_corpus_files(store: Store, shas: list[str], paths: dict[str, list[str]], failures: list[Failure],
                        out_dir: Path, version: str, now: str, decisions: list[DecisionEntry], whole: str,
                        limit: int, lap: Any, since: tuple[set[str] | None, str | None] = (None, None)
                        ) -> tuple[list[Path], list[dict[str, Any]], int, str | None]:
    """The whole-corpus files, or past the limit the per-document layout and the line that says so;
    `since`: the documents touched since the last publish and that publish's split key (split_layout)."""
    from .whole import remove_whole, split_note, whole_wanted, write_whole

    if whole_wanted(whole, limit, len(shas)):
        written, directives, n_links = write_whole(store, shas, paths, failures, out_dir, version=version,
                                                   generated_at=now, decisions=decisions, lap=lap)
        return written, directives, n_links, None
    from .links import count_links
    from .split_layout import write_split

    remove_whole(out_dir)
    written, made = write_split(store, shas, paths, failures, out_dir, version=version, generated_at=now,
                                touched=since[0], prior=since[1])
    schema = out_dir / "catalogue.schema.json"
    text = _schema_text(store)
    if not schema.is_file() or schema.read_text(encoding="utf-8") != text:
        atomic_write(schema, text)
    written.append(schema)
    lap("split")
    return written, [], count_links(store.db, exact=False), split_note(len(shas), limit, whole, out_dir)


def _schema_text(store: Store) -> str:
    """catalogue.schema.json's text, kept in the store under the digest of the code that makes the
    outputs (derived.code_digest, catalogue.py included): pydantic built it anew on every run, 0.2 s
    of a run that adds one document."""
    from .derived import code_digest

    key = f"catalogue_schema:{code_digest()}"
    text = store.get_meta(key)
    if text is None:
        text = json.dumps(catalogue_schema(), ensure_ascii=False, indent=1) + "\n"
        with store.db:
            store.db.execute("DELETE FROM meta WHERE key LIKE 'catalogue_schema:%'")
            store.db.execute("INSERT INTO meta VALUES(?,?)", (key, text))
    return text
