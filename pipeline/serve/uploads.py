"""Thêm văn bản: uploaded files checked, kept under the store's folder, and read by the batch `vnpolicy run`
uses (run_batch: hash-keyed, per-file time and memory limits), then published as `run` publishes.

A file is refused before it is written when it is too large, has no document suffix, or its bytes are not
a document (`pipeline.ingest.sniff`, the batch's own check). An accepted file is saved as
`<sha256[:12]>_<safe name>`: the same content uploaded twice is one file, and two different files with one
name never replace each other (replacing would drop the first one's document if the second failed).
A file the batch then fails on is removed again with its row, so a failure leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorruptDocument, EmptyDocument, IngestError, PipelineError, StoreBusy, UnsupportedFormat
from .security import safe_filename

UPLOAD_DIR = "tai-len"


@dataclass
class Refused:
    name: str  # as sent, made printable
    message: str  # one line, Vietnamese

    def line(self) -> str:
        return f"{self.name}: {self.message}"


def _printable(name: str) -> str:
    from ..sanitize import name as safe

    return safe(name or "(không tên)")[:200]


def check(name: str, data: bytes, max_bytes: int) -> tuple[str, Refused | None]:
    """(safe name, None) for a file the batch may read, or ("", why not)."""
    from ..ingest import sniff

    shown = _printable(name)
    if len(data) > max_bytes:
        return "", Refused(shown, f"tệp quá lớn ({len(data) / 1e6:.1f} MB, tối đa {max_bytes / 1e6:.0f} MB)")
    try:
        safe = safe_filename(name)
    except ValueError as exc:
        return "", Refused(shown, str(exc))
    try:
        sniff(data, Path(safe))
    except EmptyDocument:
        return "", Refused(shown, "tệp rỗng, không có nội dung")
    except UnsupportedFormat as exc:
        return "", Refused(shown, "không phải văn bản đọc được (.txt, .md, .docx, .doc, .pdf): "
                                  + said(_reason(exc)))
    except CorruptDocument as exc:
        return "", Refused(shown, "tệp bị hỏng: " + said(_reason(exc)))
    except IngestError as exc:
        return "", Refused(shown, "không đọc được: " + _reason(exc))
    if Path(safe).suffix in (".txt", ".md") and b"\x00" in data[:4096] and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff")):
        return "", Refused(shown, "không phải văn bản đọc được: nội dung nhị phân trong tệp văn bản thuần")
    return safe, None


# what ingest.sniff says of a file that is not a document, as staff read it (its English stays for the logs)
_SAID = (
    (re.compile(r"unsupported format: an? (PNG|JPEG|GIF|TIFF) image"),
     r"ảnh \1; ảnh không được đọc, hãy đưa bản quét vào một tệp PDF"),
    (re.compile(r"unsupported format: (gzip-compressed data|a 7-Zip archive|a RAR archive)"),
     "tệp nén; hãy giải nén rồi tải lên từng văn bản"),
    (re.compile(r"unsupported format: a program"), "một chương trình máy tính"),
    (re.compile(r"HTML page"), "trang web (HTML); hãy lưu thành .docx, .pdf hoặc văn bản thuần"),
    (re.compile(r"RTF file"), "tệp RTF; hãy lưu thành .docx"),
    (re.compile(r"named \.(\w+) but the content is not"), r"tên có đuôi .\1 nhưng nội dung không phải tệp \1"),
    (re.compile(r"zip archive without word/document.xml"), "tệp zip không chứa văn bản Word"),
    (re.compile(r"damaged zip container"), "vỏ zip của tệp .docx bị hỏng (tệp bị cắt?)"),
)


def said(reason: str) -> str:
    """A sniffing reason in Vietnamese when it is one of the known ones, else as it is."""
    for pattern, vi in _SAID:
        m = pattern.search(reason)
        if m:
            return m.expand(vi)
    return reason


def _reason(exc: PipelineError) -> str:
    return " ".join(str(getattr(exc, "message", exc)).split())[:200]


def save(folder: Path, safe: str, data: bytes) -> Path:
    """Write an accepted file under `folder` (created 0700), named by its content; never follows a link."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    path = folder / f"{sha[:12]}_{safe}"
    if path.is_file() and not path.is_symlink():
        return path
    tmp = folder / f".{sha[:12]}.{os.getpid()}.{threading.get_ident()}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


STATUS_WORDS = {"ok": "đã đọc", "skipped": "đã có trong kho", "failed": "lỗi", "removed": "đã gỡ",
                "waiting": "đang chờ"}


@dataclass
class Job:
    """One upload's batch, run in a background thread; the page polls `as_dict()`."""

    files: list[Path]
    refused: list[Refused] = field(default_factory=list)
    id: str = field(default_factory=lambda: os.urandom(8).hex())
    state: str = "waiting"  # waiting | running | publishing | done | failed
    done: int = 0
    total: int = 0
    results: list[dict[str, str]] = field(default_factory=list)
    message: str = ""
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total or len(self.files),
                "results": self.results, "message": self.message, "refused": [r.line() for r in self.refused],
                "finished": self.finished is not None}


def run_job(job: Job, store_path: Path, out_dir: Path, *, workers: int | None = None, timeout: float = 300.0,
            mem_mb: int = 4096, report: bool = True) -> None:
    """The batch of `vnpolicy run` over the uploaded files, then its publish; one writer (the store lock)."""
    from ..batch import run_batch
    from ..publish import outputs_current, publish

    job.state = "running"
    job.total = len(job.files)
    names = {str(p): p.name.split("_", 1)[-1] for p in job.files}

    def progress(res: Any, done: int, total: int) -> None:
        job.done, job.total = done, max(total, 1)

    try:
        st = open_writer(store_path)
        with st:
            batch = run_batch(list(job.files), st, workers=workers, timeout=timeout, mem_mb=mem_mb,
                              progress=progress)
            changed = batch.changed
            for r in batch.results:
                shown = names.get(r.path, Path(r.path).name)
                if r.status == "failed":
                    # the file is dropped with its row: a failed upload leaves the store as it was
                    st.remove_file(r.path)
                    Path(r.path).unlink(missing_ok=True)
                    job.results.append({"name": shown, "status": STATUS_WORDS["failed"],
                                        "message": f"không đọc được: {' '.join((r.reason or '').split())[:200]}"})
                else:
                    job.results.append({"name": shown, "status": STATUS_WORDS.get(r.status, r.status),
                                        "message": ""})
            job.done = job.total
            if changed or not outputs_current(st, out_dir, batch.version, report=report):
                job.state = "publishing"
                publish(st, out_dir, batch.version, report=report)
        ok = sum(1 for r in job.results if r["status"] != STATUS_WORDS["failed"])
        job.message = f"Xong: {ok}/{len(job.results)} tệp đã vào kho."
        job.state = "done"
    except StoreBusy:
        job.state = "failed"
        job.message = "Kho đang được một lần chạy khác ghi; hãy thử lại sau ít phút."
    except PipelineError as exc:
        job.state = "failed"
        job.message = "Không xử lý được: " + _reason(exc)
    except Exception as exc:  # noqa: BLE001 - the thread must end with a message, not silently
        job.state = "failed"
        job.message = f"Lỗi trong khi xử lý: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    finally:
        job.finished = time.time()


def open_writer(store_path: Path, wait: float = 30.0, *, create: bool = True):
    """The store for writing (a context manager). Another writer holds the lock for a moment (a decision)
    or for minutes (a batch): wait up to `wait` seconds, then raise StoreBusy."""
    from ..store import Store

    deadline = time.monotonic() + wait
    while True:
        try:
            return Store(store_path, create=create, writer=True)
        except StoreBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Jobs:
    """The jobs of this server: one batch at a time (the store has one writer), the last few kept."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.thread: threading.Thread | None = None

    def busy(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, job: Job, target: Any) -> bool:
        with self.lock:
            if self.busy():
                return False
            self.jobs[job.id] = job
            for old in sorted(self.jobs.values(), key=lambda j: j.started)[:-20]:
                self.jobs.pop(old.id, None)
            if not job.files:
                job.state, job.finished = "done", time.time()
                job.message = "Không có tệp nào hợp lệ để xử lý."
                return True
            self.thread = threading.Thread(target=target, args=(job,), name=f"vnpolicy-batch-{job.id}", daemon=True)
            self.thread.start()
            return True

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)
