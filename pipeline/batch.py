"""Batch runs: find files, skip what the store already has, process the rest in parallel.

Each file is keyed by its sha256 and the pipeline version. A file whose size and mtime are
unchanged is not even read again, which keeps a re-run over an unchanged corpus near free.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .discover import admit, discover, roots_of, under
from .errors import IngestError, PipelineError
from .ingest import display_path
from .store import Store

__all__ = ["BatchReport", "FileResult", "discover", "pipeline_version", "run_batch", "work"]

# (status, payload or reason, sha256, seconds, size, mtime_ns) of one file
Outcome = tuple[str, Any, str, float, int, int]

# a file that failed for a reason outside it (missing tool, timeout, out of memory): stored so
# the catalogue lists it, but tried again on every run instead of being re-reported
ERROR = "error"
TOOLS = ("tesseract", "soffice", "libreoffice")


def tool_set() -> str:
    """The external programs this machine offers; failed files are retried when it changes."""
    import shutil

    return ",".join(t for t in TOOLS if shutil.which(t))


def pipeline_version() -> str:
    """Code version plus a digest of the data files that change results, the registry in use included.

    Raises:
        RegistryError: the registry folder ($VNPOLICY_REGISTRY, --registry) does not exist.
    """
    from .cite.registry import registry_digest

    h = hashlib.sha256(__version__.encode())
    folder = Path(__file__).parent / "data"
    for p in sorted(folder.iterdir()):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    h.update(registry_digest().encode())
    h.update(_glue_dictionary())
    h.update(_code_digest())
    return f"{__version__}+{h.hexdigest()[:10]}"


# the code whose change changes what is extracted or aligned: a new release re-reads every file
# and re-aligns every pair even when its version number was not raised
_RESULT_CODE = ("ingest", "segment", "cite", "align", "normalize.py", "glue.py", "extract.py", "records.py",
                "model.py", "wordcache.py", "textfold.py", "sanitize.py")


@functools.cache
def _code_digest(root: Path = Path(__file__).parent) -> bytes:
    from .codehash import sources_hash

    return sources_hash(_RESULT_CODE, root).digest()


def _glue_dictionary() -> bytes:
    """underthesea's version and its Viet74K word list: the glue repair splits runs by them, so a
    new list changes results. Found without importing underthesea (slow); "absent" when missing."""
    import importlib.metadata
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return b"underthesea absent"
    try:
        version = importlib.metadata.version("underthesea")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    words = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    digest = hashlib.sha256(words.read_bytes()).hexdigest() if words.is_file() else "no Viet74K"
    return f"underthesea {version} Viet74K {digest}".encode()


@dataclass
class FileResult:
    path: str
    status: str  # ok | skipped | failed | removed
    reason: str | None = None
    sha256: str | None = None
    seconds: float = 0.0


@dataclass
class BatchReport:
    results: list[FileResult] = field(default_factory=list)
    changed: bool = False
    seconds: float = 0.0
    version: str = ""  # the pipeline version the files were keyed with

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        parts = [f"{len([r for r in self.results if r.status != 'removed'])} files: {self.count('ok')} ok",
                 f"{self.count('skipped')} skipped (unchanged)", f"{self.count('failed')} failed"]
        if self.count("removed"):
            parts.append(f"{self.count('removed')} removed")
        return ", ".join(parts) + f" in {self.seconds:.2f} s"


def work(path: str) -> Outcome:
    """`_work` marked busy: a SIGTERM while it runs (a timeout) unwinds it; one while idle ends the worker."""
    from .children import busy

    with busy():
        return _work(path)


def _work(path: str) -> Outcome:
    """Process one file in a worker: (status, payload-or-reason, sha256, seconds, size, mtime).

    The payload of a success is (extraction JSON, store rows): the worker also makes the rows
    so the main process, which writes the store alone, only inserts them. The JSON goes as UTF-8
    bytes, which the store writes as they are (pickled as a copy, not decoded and encoded again by
    the one writer: 0.3 ms of its CPU a document).
    """
    from .extract import extract_document
    from .ingest import ingest
    from .store import index_rows

    t0 = time.perf_counter()
    p = Path(path)
    sha = ""
    try:
        st = p.stat()
        data = None
        if p.is_file():
            data = p.read_bytes() if st.st_size <= _max_bytes() else None
            sha = hashlib.sha256(data).hexdigest() if data is not None else ""
        ext = extract_document(ingest(p, data=data))
        payload = (ext.checked_json(), index_rows(ext))  # a wrong-typed record fails its file, not the store
        return "ok", payload, sha, time.perf_counter() - t0, st.st_size, st.st_mtime_ns
    except PipelineError as exc:
        status = ERROR if exc.environmental else "failed"
        return status, _one_line(getattr(exc, "message", str(exc))), sha, time.perf_counter() - t0, 0, 0
    except MemoryError:
        return ERROR, _one_line(f"out of memory: over the {_mem_limit()} per worker"), sha, \
            time.perf_counter() - t0, 0, 0
    except (OSError, RecursionError) as exc:
        return "failed", _one_line(f"{type(exc).__name__}: {exc}"), sha, time.perf_counter() - t0, 0, 0
    except Exception as exc:  # noqa: BLE001 - a reader bug must fail this file, not the batch
        return "failed", _one_line(f"internal error {type(exc).__name__}: {exc}"), sha, \
            time.perf_counter() - t0, 0, 0


def _mem_limit() -> str:
    import resource

    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return "memory limit" if soft == resource.RLIM_INFINITY else f"memory limit of {soft // (1024 * 1024)} MB"


def _max_bytes() -> int:
    from .ingest import MAX_BYTES

    return MAX_BYTES


def _one_line(s: str) -> str:
    return " ".join(s.split())[:300]


def _init_worker(mem_mb: int) -> None:
    import gc

    from .children import install_term_handler

    # the modules a forked worker inherits never die: kept out of the collector's scans (and their
    # pages unshared by no refcount write of a scan), about 1.5 % of extraction CPU
    gc.freeze()
    _limit_memory(mem_mb)
    install_term_handler()  # a timeout's SIGTERM kills LibreOffice/tesseract and removes temp copies


def _limit_memory(mem_mb: int) -> None:
    import resource

    if mem_mb > 0:
        limit = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_batch(inputs: list[Path], store: Store, *, force: bool = False, retry_failed: bool = False,
              workers: int | None = None,
              timeout: float = 300.0, mem_mb: int = 4096, executor: str = "local",
              scheduler: str | None = None, progress: Callable[[FileResult, int, int], None] | None = None,
              exclude: Iterable[str | Path] = (), follow_links: bool = False) -> BatchReport:
    """Bring the store up to date with the files under `inputs`.

    Args:
        inputs: files or folders.
        store: the embedded store, updated one document per transaction.
        force: re-process every file.
        retry_failed: re-process the files that failed (also done when the pipeline version,
            the registry or the set of external tools changed since they failed).
        workers: worker processes (default: all cores).
        timeout: seconds a file may take before it is failed.
        mem_mb: address-space limit of a worker, in MB.
        executor: "local" (process pool) or "dask".
        scheduler: a Dask scheduler address; a local Dask cluster is started without it.
        progress: called after each file with (result, done, total).
        exclude: folders and files never read (the output folder, the store).
        follow_links: follow links to files outside the input folders.

    Raises:
        RegistryError: the registry is missing or malformed; checked before any file is touched,
            so no file is stored as failed for it.
    """
    from .children import sweep_stale
    from .cite.registry import load_registry

    t0 = time.perf_counter()
    sweep_stale()  # temporary copies and programs of workers a timeout or a kill ended
    version = pipeline_version()
    load_registry()  # a configuration error stops the run here, before it is mistaken for bad input
    report = BatchReport(version=version)
    tools = tool_set()
    retry_failed = retry_failed or store.get_meta("tools") != tools
    known = store.files()
    seen: set[str] = set()
    todo: list[tuple[str, os.stat_result]] = []
    real: dict[str, str] = {}  # display key -> the path as the OS spells it
    roots = roots_of(inputs)
    for p in discover(inputs, exclude):
        key = display_path(p)
        real[key] = os.fspath(p)
        seen.add(key)
        try:
            # a FIFO, device or dangling/looping link is refused here: opening a FIFO would block
            st = admit(p, roots, follow_links=follow_links)
        except IngestError as exc:
            reason = _one_line(exc.message)
            report.results.append(FileResult(key, "failed", reason))
            store.set_file(key, None, 0, 0, "failed", reason, version)
            continue
        row = known.get(key)
        if (not force and row is not None and row["version"] == version and row["size"] == st.st_size
                and row["mtime_ns"] == st.st_mtime_ns and row["status"] != ERROR
                and not (retry_failed and row["status"] == "failed")
                and not (row["status"] == "failed" and _more_time(row["reason"], timeout))):
            status = "skipped" if row["status"] == "ok" else "failed"
            report.results.append(FileResult(key, status, row["reason"], row["sha256"]))
            continue
        todo.append((key, st))
    # a file that moved or was copied is recognised by its hash and not processed again; only a file
    # of a stored file's size can be one, so a batch of new files is not read twice (here and in a worker)
    pending: list[tuple[str, os.stat_result]] = []
    stored_sizes = {row["size"] for row in known.values() if row["status"] == "ok"}
    for key, st in todo:
        sha = (_hash(real[key]) if not force and st.st_size <= _max_bytes() and st.st_size in stored_sizes
               else None)
        if sha and store.has_extraction(sha, version):
            store.set_file(key, sha, st.st_size, st.st_mtime_ns, "ok", None, version)
            report.results.append(FileResult(key, "skipped", "same content as a stored file", sha))
            report.changed = True
            continue
        pending.append((key, st))
    for key in sorted(set(known) - seen):
        if under(key, roots):
            store.remove_file(key)
            report.results.append(FileResult(key, "removed", "file no longer in the corpus"))
            report.changed = True
    total = len(pending)
    back = {real[k]: k for k, _ in pending}
    stats = dict(pending)
    outcomes = _execute([real[k] for k, _ in pending], executor, workers, timeout, mem_mb, scheduler)
    last_commit = time.monotonic()
    group: list[tuple[str, int, int, str, str, str, str | bytes, dict]] = []  # documents not yet in the store
    for done, (rpath, outcome) in enumerate(outcomes, start=1):
        key = back[rpath]
        status, payload, sha, secs, size, mtime = outcome
        if status == "ok":
            ext_json, rows = payload
            group.append((key, size, mtime, version, sha, rows["documents"][0][1], ext_json, rows))
            res = FileResult(key, "ok", None, sha, secs)
        else:
            st = stats[key]
            prev = known.get(key)
            if (status == ERROR and _timed_out(payload) and prev is not None and prev["status"] == ERROR
                    and _timed_out(prev["reason"]) and prev["size"] == st.st_size
                    and prev["mtime_ns"] == st.st_mtime_ns):
                # the same file timed out on the run before too: not tried again on every run
                # (each try costs the whole limit) until it changes, a longer --timeout, or --retry-failed
                status, payload = "failed", payload + TWICE
            store.set_file(key, sha or None, st.st_size, st.st_mtime_ns, status, payload, version)
            res = FileResult(key, "failed", payload, sha or None, secs)
        report.results.append(res)
        report.changed = True
        # many small documents share one transaction (at most GROUP_SECONDS of work): a commit per
        # document made the store, not the workers, the bottleneck of a large batch
        if group and (done == total or len(group) >= GROUP_MAX or time.monotonic() - last_commit >= GROUP_SECONDS):
            store.put_group(group)
            group = []
            last_commit = time.monotonic()
        if progress:
            progress(res, done, total)
    store.set_meta("tools", tools)
    report.results.sort(key=lambda r: r.path)
    report.seconds = time.perf_counter() - t0
    return report


# each commit costs the one writer about 15 ms (the full-text table writes its pending words out, one
# segment a group); on a busy machine, where a second brings only a few documents, 1 s groups cost 3-5 ms
# a document of its CPU (replayed 200-document batch: 3 documents a commit 14.0 ms/doc, 6 13.0, 15 11.8;
# 1,200 documents after Store.put_group: 40 a group 12.9, 120 11.0). Two workers bring some 30 documents
# a second. A run killed does at most this much work again.
GROUP_SECONDS = 5.0
GROUP_MAX = 256  # documents held in memory for one transaction (their rows, some 400 KB each)

TWICE = ("; twice in a row: left as failed until the file changes (or run with a longer --timeout, "
         "or --retry-failed)")
_TIMEOUT = re.compile(r"^took longer than the ([\d.]+) s limit per file")


def _timed_out(reason: str | None) -> float | None:
    """The limit a file exceeded, when its stored reason is a timeout."""
    m = _TIMEOUT.match(reason or "")
    return float(m.group(1)) if m else None


def _more_time(reason: str | None, timeout: float) -> bool:
    """A file left failed after timing out is tried again when this run allows it more time."""
    limit = _timed_out(reason)
    return limit is not None and (timeout <= 0 or timeout > limit)


def _hash(path: str) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def _execute(paths: list[str], executor: str, workers: int | None, timeout: float, mem_mb: int,
             scheduler: str | None) -> Iterator[tuple[str, Outcome]]:
    if not paths:
        return
    if executor == "dask":
        from .distributed import run_dask

        yield from run_dask(paths, scheduler=scheduler, workers=workers, timeout=timeout, mem_mb=mem_mb)
        return
    n = workers or os.cpu_count() or 1
    if n == 1 and len(paths) == 1 and timeout <= 0:
        yield paths[0], work(paths[0])
        return
    yield from _pool(paths, n, timeout, mem_mb)


def _pool(paths: list[str], n: int, timeout: float, mem_mb: int
          ) -> Iterator[tuple[str, Outcome]]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, wait

    from pebble import ProcessPool

    # fork keeps workers cheap to start: imports already made in the parent are shared
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPool(max_workers=min(n, len(paths)), initializer=_init_worker, initargs=(mem_mb,),
                     context=ctx) as pool:  # type: ignore[arg-type]  # None: the default context
        # a bounded number of files in flight: results are dropped as soon as they are yielded,
        # so memory stays flat however many files the batch has
        todo = iter(paths)
        futures: dict = {}

        def submit(k: int) -> None:
            for p in itertools.islice(todo, k):
                futures[pool.schedule(work, args=(p,), timeout=timeout if timeout > 0 else None)] = p

        submit(4 * n)
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for fut in done:
                yield futures.pop(fut), _outcome(fut, timeout)
            submit(len(done))


def _outcome(fut, timeout: float) -> Outcome:
    """A finished future as a work() result; a pool-level failure fails that file only."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble import ProcessExpired

    try:
        return fut.result()
    except FutureTimeout:
        return (ERROR, f"took longer than the {timeout:g} s limit per file", "", timeout, 0, 0)
    except ProcessExpired as exc:
        return (ERROR, f"worker died (exit code {exc.exitcode}): out of memory or crashed", "", 0.0, 0, 0)
    except Exception as exc:  # noqa: BLE001 - pool-level failure of one file
        return ("failed", _one_line(f"{type(exc).__name__}: {exc}"), "", 0.0, 0, 0)
