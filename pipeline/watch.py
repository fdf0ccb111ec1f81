"""`vnpolicy watch`: a folder is re-batched when files arrive and have stopped growing.

watchdog reports events; the batch itself is incremental, so a burst of events costs one
cheap pass over unchanged files plus the work for the new ones.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path


def _sizes(folder: Path, exclude: list[Path]) -> dict[str, int]:
    from .discover import discover

    out = {}
    for p in discover([folder], exclude):
        try:
            out[str(p)] = p.stat().st_size
        except OSError:
            continue
    return out


def _publish_or_say(publish: Callable[[], object], echo: Callable[[str], None]) -> None:
    """A publish that fails is said in one line; watching goes on and the next arrival publishes again."""
    from .errors import PipelineError

    try:
        publish()
    except (PipelineError, OSError, ValueError) as exc:
        echo(f"error: publishing failed, outputs left as they were: {type(exc).__name__}: {exc}")


def watch_folder(folder: Path, out: Path, store_path: Path, *, settle: float = 1.0, duration: float = 0.0,
                 echo: Callable[[str], None] = print, stop: threading.Event | None = None) -> int:
    """Re-batch `folder` whenever something in it changes, until Ctrl-C, `duration` s or `stop` is set.

    Args:
        folder: the folder watched (recursively).
        out: where each pass that changed something publishes the outputs.
        store_path: the store, created when missing.
        settle: seconds a file's size must stay the same before it is taken.
        duration: stop after this many seconds (0: no limit).
        echo: receives one line per file processed, failed or removed, after the pass published.
        stop: set by the caller to end the watch (what a test or a service waits on).

    Returns:
        The number of passes made.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from .batch import run_batch
    from .publish import publish
    from .store import Store

    dirty = threading.Event()
    dirty.set()  # first pass: whatever is already there

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):  # noqa: ANN001 - watchdog's signature
            dirty.set()

    observer = Observer()
    observer.schedule(Handler(), str(folder), recursive=True)
    observer.start()
    start = time.monotonic()
    passes = 0
    echo(f"watching {folder} (Ctrl-C to stop)")
    try:
        with Store(store_path, writer=True) as st:
            while (not duration or time.monotonic() - start < duration) and not (stop and stop.is_set()):
                if not dirty.wait(timeout=0.2):
                    continue
                # a file is taken once its size has not changed for `settle` seconds
                before = _sizes(folder, [out, store_path])
                time.sleep(settle)
                if _sizes(folder, [out, store_path]) != before:
                    continue
                dirty.clear()
                report = run_batch([folder], st, exclude=[out, store_path])
                passes += 1
                if report.changed:
                    _publish_or_say(functools.partial(publish, st, out, report.version), echo)
                    for r in report.results:
                        if r.status in ("ok", "failed", "removed"):
                            echo(f"{r.status} {r.path}" + (f": {r.reason}" if r.reason else ""))
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join(timeout=5)
    return passes
