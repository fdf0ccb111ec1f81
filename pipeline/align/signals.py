"""Three similarities of every parent task with every child task, as matrices, and their blend.

- TF-IDF cosine of the word-segmented content terms (words, adjacent pairs, concept terms);
- BM25 of one task's terms against the other's, both ways, over the geometric mean of the two
  self-scores (so 1.0 is identity): saturates repeated terms and discounts long tasks;
- cosine of TF-IDF weighted character 3-5-grams of the content words: catches what segmentation
  splits differently ("băng rộng"/"băng thông rộng", "thông minh hóa"/"thông minh").

The score is their mean: a pair scores well only when the signals agree, so one signal's
accident (a shared rare word, a long common substring) does not make a match alone.

Speed (issue 15): each text's sparse vectors are computed once per pair model and kept as
(term id, weight) arrays, so a warm alignment only scatters them into dense matrices over the
terms both sides share and multiplies. The shared terms are ordered by their text as before,
so the matrices, and every score, are the same bit for bit as the dictionary version.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from .text import TfIdf, char_grams, normalize, terms

K1, B = 1.2, 0.75


class Rows:
    """Sparse vectors of one kind (tfidf, grams, bm25 query/doc) of one model, as id/weight arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.rows: dict[Hashable, tuple[np.ndarray, np.ndarray]] = {}

    def row(self, key: Hashable, make: Callable[[Any], dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        r = self.rows.get(key)
        if r is None:
            v = make(key)
            ids = np.fromiter((self._id(t) for t in v), dtype=np.int64, count=len(v))
            r = (ids, np.fromiter(v.values(), dtype=np.float64, count=len(v)))
            self.rows[key] = r
        return r

    def _id(self, term: str) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.names)
            self.names.append(term)
        return i

    def shared(self, a: Sequence[tuple[np.ndarray, np.ndarray]],
               b: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """Column of each term id in the matrices of `a` and `b` (-1: not on both sides), by term text."""
        ka = np.unique(np.concatenate([r[0] for r in a])) if a else np.zeros(0, np.int64)
        kb = np.unique(np.concatenate([r[0] for r in b])) if b else np.zeros(0, np.int64)
        both = sorted(np.intersect1d(ka, kb).tolist(), key=self.names.__getitem__)
        col = np.full(len(self.names), -1, dtype=np.int64)
        col[np.asarray(both, dtype=np.int64)] = np.arange(len(both))
        return col

    @staticmethod
    def matrix(rows: Sequence[tuple[np.ndarray, np.ndarray]], col: np.ndarray) -> np.ndarray:
        width = int(col.max()) + 1 if col.size else 0
        m = np.zeros((len(rows), width), dtype=np.float64)
        if not rows or not width:
            return m
        ids = np.concatenate([r[0] for r in rows])
        vals = np.concatenate([r[1] for r in rows])
        at = np.repeat(np.arange(len(rows)), [len(r[0]) for r in rows])
        c = col[ids]
        keep = c >= 0
        m[at[keep], c[keep]] = vals[keep]
        return m


def _rows(model: TfIdf, kind: str) -> Rows:
    cache = model.signal_cache
    if kind not in cache:
        cache[kind] = Rows()
    return cache[kind]


def _cosine(rows: Rows, a: Sequence[tuple[np.ndarray, np.ndarray]],
            b: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Cosine of already unit-length sparse vectors."""
    col = rows.shared(a, b)
    return rows.matrix(a, col) @ rows.matrix(b, col).T


def _unit(v: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / n for t, x in v.items()}


def tfidf_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    rows = _rows(model, "tfidf")
    return _cosine(rows, [rows.row(t, model.vector) for t in a], [rows.row(t, model.vector) for t in b])


def gram_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    def vec(text: str) -> dict[str, float]:
        g = char_grams(normalize(text))
        return _unit({k: (1 + math.log(c)) * model.gram_idf.get(k, 1.0) for k, c in g.items()})

    rows = _rows(model, "grams")
    return _cosine(rows, [rows.row(t, vec) for t in a], [rows.row(t, vec) for t in b])


def _bm25_parts(model: TfIdf, text: str) -> tuple[dict[str, float], dict[str, float], float]:
    """(query weights, document weights, self-score) of one text."""
    key = ("bm25", text)
    got = model.signal_cache.get(key)
    if got is None:
        tf = Counter(terms(normalize(text)))
        norm = K1 * (1 - B + B * sum(tf.values()) / (model.avg_len or 1.0))
        idf = {t: model.bm25_idf.get(t, model.bm25_default) for t in tf}
        query = idf  # a term counts once on the query side
        doc = {t: idf[t] * c * (K1 + 1) / (c + norm) for t, c in tf.items()}
        got = model.signal_cache[key] = (query, doc, sum(query[t] * doc[t] for t in query))
    return got


def bm25_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    rows = _rows(model, "bm25")  # one id space for query and document weights: the same terms
    pa, pb = [_bm25_parts(model, t) for t in a], [_bm25_parts(model, t) for t in b]
    def side(texts: Sequence[str], parts: list, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
        by_key = {(k, t): p[k] for t, p in zip(texts, parts, strict=True)}
        return [rows.row((k, t), by_key.__getitem__) for t in texts]

    ra_q, rb_q, ra_d, rb_d = side(a, pa, 0), side(b, pb, 0), side(a, pa, 1), side(b, pb, 1)
    col = rows.shared(ra_q, rb_q)
    qa, da = rows.matrix(ra_q, col), rows.matrix(ra_d, col)
    qb, db = rows.matrix(rb_q, col), rows.matrix(rb_d, col)
    both = (qa @ db.T + da @ qb.T) / 2
    self_a = np.array([p[2] for p in pa]) if pa else np.zeros(0)
    self_b = np.array([p[2] for p in pb]) if pb else np.zeros(0)
    denom = np.sqrt(np.outer(self_a, self_b))
    return np.divide(both, denom, out=np.zeros_like(both), where=denom > 0)


def similarity(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(blended score, TF-IDF cosine) of every text of `a` against every text of `b`."""
    if not a or not b:
        z = np.zeros((len(a), len(b)))
        return z, z
    t = tfidf_matrix(model, a, b)
    return (t + bm25_matrix(model, a, b) + gram_matrix(model, a, b)) / 3, t
