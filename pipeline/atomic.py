"""Write outputs so that no reader ever sees a half-written file."""

from __future__ import annotations

import filecmp
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it over `path` only if the block succeeds.

    When the new bytes are the ones `path` already holds, `path` is left as it is (not rewritten,
    its time unchanged): a publish after one new document rewrites only what it changed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are meant to be shared
    try:
        yield Path(tmp)
        if path.is_file() and os.path.getsize(tmp) == path.stat().st_size and filecmp.cmp(tmp, path, shallow=False):
            Path(tmp).unlink()
            return
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | Path, data: str | bytes) -> None:
    with atomic_path(path) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)


_STALE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def remove_stale(out_dir: str | Path) -> list[Path]:
    """Remove the temporary files a killed run left beside its outputs (`.name.XXXXXXXX.tmp`).

    Called by the store's one writer before it publishes, so no live writer owns them.
    """
    gone: list[Path] = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return gone
    for e in entries:
        if _STALE.match(e.name) and e.is_file(follow_symlinks=False):
            try:
                os.unlink(e.path)
                gone.append(Path(e.path))
            except OSError:
                continue
    return gone
