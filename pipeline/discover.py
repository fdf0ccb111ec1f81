"""Which files a batch reads: every document under the inputs, nothing of our own, nothing outside.

Files are keyed by their resolved location, so one folder given as `corpus/` and as
`/home/x/corpus` is one folder. A symbolic link to a file outside the input folders is not
followed (it would publish whatever it points at, /etc/passwd included) unless asked for.
The store, its journal files, temporary files and the output folder are never read, also when
the output folder sits inside an input folder (`vnpolicy run .`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import IngestError
from .ingest import check_regular

SKIP_NAMES = {"readme.md", "sources.tsv", "sources.md", "licence", "license"}
SKIP_SUFFIXES = {".tsv", ".json", ".csv", ".py", ".sqlite", ".db", ".xlsx", ".html", ".graphml", ".tmp",
                 ".lock"}
SKIP_DIRS = {"registry", "__pycache__", ".git"}
# SQLite's side files and our own partial outputs, whatever the store is called
_OWN_FILES = re.compile(r"(?:-wal|-shm|-journal|\.sqlite-.*)$", re.I)


def canonical(path: str | Path) -> Path:
    """The path with its folder resolved (links and `..` gone) but its last part as written.

    The last part is kept so a link is keyed, shown and judged as the link it is.
    """
    p = os.path.abspath(os.fspath(path))
    head, tail = os.path.split(p)
    return Path(os.path.realpath(head)) / tail if tail else Path(os.path.realpath(p))


def roots_of(inputs: Iterable[str | Path]) -> list[Path]:
    return [Path(os.path.realpath(os.fspath(p))) for p in inputs]


def under(path: str | Path, roots: Iterable[Path]) -> bool:
    """True when `path` (a stored key, maybe relative from an older run) lies in one of `roots`."""
    p = canonical(path)
    return any(p == r or r in p.parents for r in roots)


def skipped_name(name: str) -> bool:
    low = name.lower()
    return (name.startswith(".") or low in SKIP_NAMES or Path(low).suffix in SKIP_SUFFIXES
            or bool(_OWN_FILES.search(low)))


def discover(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Every candidate document under the inputs, canonical, in a stable order; never follows dir links.

    `exclude`: folders and files never to read (the output folder, the store).
    """
    banned = {os.path.realpath(os.fspath(e)) for e in exclude}
    for inp in inputs:
        root = canonical(inp)
        if not root.is_dir():  # a file, or a FIFO / dangling link given by name: reported, not walked
            if os.path.realpath(root) not in banned:
                yield root
            continue
        root = Path(os.path.realpath(root))
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")
                                 and os.path.join(dirpath, d) not in banned)
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if skipped_name(name) or os.fspath(p) in banned or _store_side_file(p, banned):
                    continue
                yield p


def _store_side_file(p: Path, banned: set[str]) -> bool:
    s = os.fspath(p)
    return any(s.startswith(b) and s[len(b):] in ("-wal", "-shm", "-journal", ".lock") for b in banned)


def admit(p: Path, roots: list[Path], *, follow_links: bool = False) -> os.stat_result:
    """The stat of a file the batch may read, or an IngestError saying why not.

    A link is followed only to a file inside one of the input folders, unless `follow_links`.
    """
    st = check_regular(p)
    if not follow_links and p.is_symlink():
        target = Path(os.path.realpath(p))
        if target not in roots and not any(r in target.parents for r in roots if r.is_dir()):
            raise IngestError(p, "symbolic link to a file outside the input folders: not followed "
                                 "(use --follow-links to allow it)")
    return st
