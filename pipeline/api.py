"""The library verbs, one per stage a caller drives: what `vnpolicy` and a web app both call.

    >>> import pipeline
    >>> rec = pipeline.extract("corpus/000_a9ef7522b32975cc.txt")      # doctest: +SKIP
    >>> len(rec.tasks), len(rec.targets), rec.meta.level                # doctest: +SKIP
    (65, 19, 'commune')
    >>> report, published = pipeline.run(["corpus/"], "outputs/")       # doctest: +SKIP
    >>> with pipeline.open_store("outputs/vnpolicy.sqlite") as st:      # doctest: +SKIP
    ...     print(st.search("chuyển đổi số")[:1])

Heavy libraries (spaCy, underthesea, networkx) load on first use, not on `import pipeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .align.model import AlignmentReport
    from .batch import BatchReport
    from .model import Document
    from .publish import Published
    from .records import Extraction
    from .review.model import Decision
    from .store import Store


def ingest(path: str | Path) -> Document:
    """Read one file (.txt, .md, .docx, .doc, .pdf, scanned PDF) into a `Document`.

    Args:
        path: the file; its content, not its suffix, decides the reader.

    Returns:
        The document: blocks with original and normalised text, offsets, page/line, repairs.

    Raises:
        IngestError: the file's fault (empty, corrupt, encrypted, too large...), naming it.
        MissingTool: a scan needs tesseract, or a .doc needs LibreOffice, and it is not installed.
    """
    from .ingest import ingest as _ingest

    return _ingest(path)


def extract(source: str | Path | Document) -> Extraction:
    """Segment and cite one document: meta, sections, tasks, targets, responsibilities, directives.

    Args:
        source: a file path, or a `Document` already ingested.

    Returns:
        The validated `Extraction` record, as `vnpolicy extract` prints it.

    Raises:
        IngestError: when given a path that cannot be read as a document.
        RegistryError: the registry ($VNPOLICY_REGISTRY or the package's) is missing or malformed.
    """
    from .extract import extract_document, extract_file
    from .model import Document

    if isinstance(source, Document):
        return extract_document(source)
    return extract_file(source)


def run(inputs: Sequence[str | Path], out: str | Path, *, store: str | Path | None = None, force: bool = False,
        retry_failed: bool = False, workers: int | None = None, report: bool = True,
        lang: str = "vi") -> tuple[BatchReport, Published | None]:
    """Bring the store up to date with the files under `inputs`, and publish the outputs into `out`.

    Args:
        inputs: files or folders.
        out: folder for catalogue.json, its schema, graph, tables and report.html.
        store: the SQLite store (default OUT/vnpolicy.sqlite), created when missing.
        force: re-process every file.
        retry_failed: re-process the files that failed before.
        workers: worker processes (default: all cores).
        report: also write report.html.
        lang: language of the report, "vi" or "en".

    Returns:
        The batch report (one result per file) and what was published, or None when the
        outputs were already up to date.

    Raises:
        RegistryError: the registry is missing; no file was touched.
        StoreError: the store cannot be opened.
    """
    from .batch import run_batch
    from .publish import outputs_current, publish
    from .store import Store

    out = Path(out)
    with Store(store or out / "vnpolicy.sqlite") as st:
        batch = run_batch([Path(p) for p in inputs], st, force=force, retry_failed=retry_failed, workers=workers)
        if batch.changed or force or not outputs_current(st, out, batch.version, report=report):
            return batch, publish(st, out, batch.version, report=report, lang=lang)
    return batch, None


def align(child: Extraction, parent: Extraction, *, corpus: list[Extraction] | None = None) -> AlignmentReport:
    """How `child` carries out `parent`: matched tasks, gaps, local tasks, targets, citations.

    Args:
        child: the lower-level programme.
        parent: the programme or resolution it implements.
        corpus: every document known (weights the words); default the two.

    Returns:
        The alignment report.
    """
    from .align import align as _align

    return _align(child, parent, corpus=corpus)


def open_store(path: str | Path, *, create: bool = False) -> Store:
    """Open the store written by `run` (a context manager).

    Args:
        path: the SQLite file.
        create: make it when missing; by default a missing store is an error, so a typo in a
            path never leaves an empty store behind.

    Raises:
        StoreError: no store at `path`, or not a vnpolicy store.
    """
    from .store import Store

    return Store(path, create=create)


def decide(store: str | Path | Store, child: str, parent_item: str, state: str, *, by: str,
           parent: str | None = None, child_items: list[str] | None = None, note: str = "",
           at: str | None = None) -> Decision:
    """Record a person's decision on one alignment row; later runs keep it and show it.

    Args:
        store: the store (a path, or a `Store` opened with writer=True).
        child: the child document (number, name or sha).
        parent_item: the parent task or target id of the row.
        state: "xac-nhan", "bac-bo", "khong-thuoc-cap" or "chuyen" (re-pointed to `child_items`).
        by: the reviewer's name; note: why; at: the date (ISO, default today).
        parent: the parent document, when the item id is in more than one of the child's parents.

    Returns:
        The decision, with the hashes of the texts it was made on.

    Raises:
        NotFound: no such document, row or child item in the store.
        PipelineError: an unknown state, no reviewer, "chuyen" without child items, an ambiguous row.
    """
    from .review.decisions import decide as _decide
    from .store import Store

    if isinstance(store, Store):
        return _decide(store, child, parent_item, state, parent=parent, child_items=child_items, note=note,
                       by=by, at=at)
    with Store(store, create=False, writer=True) as st:
        return _decide(st, child, parent_item, state, parent=parent, child_items=child_items, note=note,
                       by=by, at=at)
