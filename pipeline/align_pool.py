"""The alignments a publish must compute, on every core: align() is pure and costs 0.3-1 s a pair.

Each worker opens the store read-only and reads the two documents of its pair by key, so
nothing large crosses a process boundary but the report; the one writer (the main process)
stores the reports as they come back, in the order asked. A worker is given all the pairs of one
child at once: the child's task texts are word-segmented (the costliest step of an alignment)
once, not once per parent in two processes; the parents (57-NQ/TW, 03/NQ-CP, a province
programme) are few and each worker keeps them (_get keeps the 16 it used last).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import sys
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .align.model import AlignmentReport
    from .records import Extraction

_db: sqlite3.Connection | None = None
_cache: OrderedDict[str, Extraction] = OrderedDict()


def _init(store: str) -> None:
    global _db
    _db = sqlite3.connect(f"{Path(store).resolve().as_uri()}?mode=ro", uri=True, timeout=60)


def _get(sha: str) -> Extraction:
    from .records import Extraction

    if sha in _cache:
        _cache.move_to_end(sha)
        return _cache[sha]
    assert _db is not None
    row = _db.execute("SELECT json FROM extractions WHERE sha256=?", (sha,)).fetchone()
    if len(_cache) >= 16:
        _cache.popitem(last=False)  # the least recently used: a parent met again stays
    e = _cache[sha] = Extraction.model_validate_json(row[0])
    return e


def _one(pair: tuple[str, str]) -> AlignmentReport:
    from .align import align

    return align(_get(pair[0]), _get(pair[1]))


def _child(pairs: list[tuple[str, str]]) -> list[AlignmentReport]:
    return [_one(p) for p in pairs]


# a pool pays its start in every worker (fork, then underthesea's import and tagger model, some
# 1.5 s of CPU each) before it aligns anything, and a child's pairs go to one worker anyway: one new
# commune document (one child, 2-4 pairs) aligned in a pool took 2.25 s wall for 0.36 s of the main
# process's CPU. Below this many pairs, or with one child, the pairs are aligned here.
POOL_MIN_PAIRS = 8


def workers() -> int:
    return max(1, min(os.cpu_count() or 1, int(os.environ.get("VNPOLICY_ALIGN_WORKERS", "0")) or 4))


def align_pairs(store: Path, pairs: list[tuple[str, str]], n: int | None = None) -> Iterator[AlignmentReport]:
    """The reports of `pairs`, in that order (best sorted by child: a child's pairs go to one worker
    together); in this process when one core, one child or a few pairs (POOL_MIN_PAIRS)."""
    n = workers() if n is None else n
    groups = [list(g) for _, g in groupby(pairs, key=lambda p: p[0])]
    if n <= 1 or len(groups) < 2 or len(pairs) < POOL_MIN_PAIRS or not sys.platform.startswith("linux"):
        _init(str(store))
        try:
            yield from (_one(p) for p in pairs)
        finally:
            _cache.clear()
        return
    with ProcessPoolExecutor(n, mp_context=mp.get_context("fork"), initializer=_init,
                             initargs=(str(store),)) as pool:
        for reports in pool.map(_child, groups, chunksize=1):
            yield from reports
