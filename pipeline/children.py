"""External programs (LibreOffice, tesseract) and their temporary folders, never outliving their worker.

A per-file timeout stops a worker with SIGTERM (then SIGKILL). `subprocess.run` killed only the
direct child: `soffice` is a wrapper whose `soffice.bin` went on running, and the worker's
temporary copies stayed in /tmp. Here each program runs in its own process group, killed as a
group on a timeout, on an exception, on Ctrl-C and on the worker's SIGTERM; the direct child
also gets SIGKILL from the kernel if the worker dies outright. Temporary folders carry the
worker's pid, so the next run removes those of dead workers and kills what still uses them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

_live: set[int] = set()  # process groups of the programs this process is running
_STALE = re.compile(r"^vnpolicy-[a-z]+-(\d+)-")
PR_SET_PDEATHSIG = 1


def _prctl():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()  # loaded here: the child must not load libraries between fork and exec


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run(cmd: list[str], *, input: bytes | None = None, timeout: float, cwd: str | None = None,
        env: dict[str, str] | None = None, die_with_parent: bool = True) -> subprocess.CompletedProcess:
    """`subprocess.run(cmd, capture_output=True)` whose whole process group dies with it.

    die_with_parent=False when the caller runs programs from several threads: a function run
    between fork and exec is not safe then.

    Raises:
        subprocess.TimeoutExpired: after `timeout` seconds, the group already killed.
    """
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
                            start_new_session=True, preexec_fn=_die_with_parent if die_with_parent else None)
    _live.add(proc.pid)
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except BaseException:
        _kill_group(proc.pid)
        proc.communicate()
        raise
    finally:
        _kill_group(proc.pid)  # what the program left behind (LibreOffice's helper processes)
        _live.discard(proc.pid)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


@contextlib.contextmanager
def temp_dir(kind: str) -> Iterator[str]:
    """A temporary folder named with this process's pid, removed on exit, also on SIGTERM."""
    with tempfile.TemporaryDirectory(prefix=f"vnpolicy-{kind}-{os.getpid()}-") as tmp:
        yield tmp


_busy = False  # a worker is reading a file (set by `busy`)


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """Around a worker's work on one file: a SIGTERM then unwinds it (a per-file timeout)."""
    global _busy
    _busy = True
    try:
        yield
    finally:
        _busy = False


def _on_term(signum: int, frame: object) -> None:
    for pgid in list(_live):
        _kill_group(pgid)
    if not _busy:
        # an idle worker stopped by its pool or cluster, maybe already in the interpreter's exit:
        # nothing to unwind, and an exception raised in an exit handler only prints a traceback
        os._exit(128 + signum)
    raise SystemExit(128 + signum)  # unwinds: temporary folders are removed by their context managers


def install_term_handler() -> None:
    """In a worker: SIGTERM (a per-file timeout) kills the running programs and unwinds the worker."""
    signal.signal(signal.SIGTERM, _on_term)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(tmp_root: str | None = None) -> list[Path]:
    """Remove the temporary folders of dead workers and kill programs still running in them."""
    root = Path(tmp_root or tempfile.gettempdir())
    gone: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return gone
    for d in entries:
        m = _STALE.match(d.name)
        if not m or _alive(int(m.group(1))) or not d.is_dir():
            continue
        _kill_users(str(d))
        shutil.rmtree(d, ignore_errors=True)
        gone.append(d)
    return gone


def _kill_users(folder: str) -> None:
    """Kill processes whose command line names `folder` (an orphaned soffice.bin, a tesseract)."""
    needle = folder.encode()
    for pid_dir in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (pid_dir / "cmdline").read_bytes() and int(pid_dir.name) != os.getpid():
                os.kill(int(pid_dir.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue
