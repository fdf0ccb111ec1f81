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


class Texts:
    """What a text gives every pair model it meets, made once per process: its terms and its
    character n-grams as (id, count, 1 + log count) arrays over one vocabulary per kind.

    A pair model only weighs them (its own idf), so a parent met by a hundred children is
    normalized, counted and mapped to ids once, not a hundred times. The vocabulary grows with
    the texts seen; past LIMIT names a new one is started for the models made after that (a
    model keeps the one it began with), so a long run's memory stays bounded.
    """

    LIMIT = 600_000  # names; and at most TEXTS texts' arrays (some 10 KB each with their n-grams)
    TEXTS = 4_000

    def __init__(self) -> None:
        self.ids: dict[str, dict[str, int]] = {"terms": {}, "grams": {}}
        self.names: dict[str, list[str]] = {"terms": [], "grams": []}
        self.counts: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def full(self) -> bool:
        return len(self.names["terms"]) + len(self.names["grams"]) > self.LIMIT or len(self.counts) > self.TEXTS

    def intern(self, kind: str, keys: Any) -> np.ndarray:
        ids, names = self.ids[kind], self.names[kind]

        def one(t: str) -> int:
            i = ids.get(t)
            if i is None:
                i = ids[t] = len(names)
                names.append(t)
            return i

        return np.fromiter((one(t) for t in keys), dtype=np.int64)

    def of(self, kind: str, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, counts, 1 + log counts) of `text`'s terms or grams, in first-occurrence order."""
        got = self.counts.get((kind, text))
        if got is None:
            key = normalize(text)
            tf = Counter(terms(key)) if kind == "terms" else char_grams(key)
            cs = list(tf.values())
            got = (self.intern(kind, tf), np.array(cs, dtype=np.float64),
                   np.array([1 + math.log(c) for c in cs], dtype=np.float64))
            self.counts[(kind, text)] = got
        return got


_texts: Texts | None = None


class Weights:
    """One pair model's idf of one kind, looked up by vocabulary id (sorted ids, values, default)."""

    def __init__(self, texts: Texts, kind: str, idf: dict[str, float], default: float):
        ids = texts.intern(kind, idf)
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.vals = np.fromiter(idf.values(), dtype=np.float64, count=len(idf))[order]
        self.default = default

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        if not self.ids.size:
            return np.full(len(ids), self.default)
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return np.where(self.ids[pos] == ids, self.vals[pos], self.default)


def _texts_of(model: TfIdf) -> Texts:
    t = model.signal_cache.get("texts")
    if t is None:
        global _texts
        if _texts is None or _texts.full():
            _texts = Texts()
        t = model.signal_cache["texts"] = _texts
    return t


def _weights(model: TfIdf, kind: str) -> Weights:
    w = model.signal_cache.get(("weights", kind))
    if w is None:
        texts = _texts_of(model)
        if kind == "tfidf":
            w = Weights(texts, "terms", model.idf, model._default)
        elif kind == "bm25":
            w = Weights(texts, "terms", model.bm25_idf, model.bm25_default)
        else:
            w = Weights(texts, "grams", model.gram_idf, 1.0)
        model.signal_cache[("weights", kind)] = w
    return w


def _seqsum(x: np.ndarray) -> float:
    """Sum from left to right, as Python's sum() adds floats: the same bits as the dictionary code."""
    return float(np.cumsum(x)[-1]) if x.size else 0.0


class Rows:
    """Sparse vectors of one kind (tfidf, grams, bm25 query/doc) of one model, as id/weight arrays
    over the process's vocabulary of that kind (Texts)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.rows: dict[Hashable, tuple[np.ndarray, np.ndarray]] = {}

    def row(self, key: Hashable, make: Callable[[Any], tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        r = self.rows.get(key)
        if r is None:
            r = self.rows[key] = make(key)
        return r

    def shared(self, a: Sequence[tuple[np.ndarray, np.ndarray]],
               b: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """The ids on both sides (sorted by id) and the column of each (ordered by term text)."""
        ka = np.unique(np.concatenate([r[0] for r in a])) if a else np.zeros(0, np.int64)
        kb = np.unique(np.concatenate([r[0] for r in b])) if b else np.zeros(0, np.int64)
        both = np.intersect1d(ka, kb)
        by_text = sorted(range(len(both)), key=lambda i: self.names[both[i]])
        col = np.empty(len(both), dtype=np.int64)
        col[np.asarray(by_text, dtype=np.int64)] = np.arange(len(both))
        return both, col

    @staticmethod
    def matrix(rows: Sequence[tuple[np.ndarray, np.ndarray]], cols: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        both, col = cols
        width = len(both)
        m = np.zeros((len(rows), width), dtype=np.float64)
        if not rows or not width:
            return m
        ids = np.concatenate([r[0] for r in rows])
        vals = np.concatenate([r[1] for r in rows])
        at = np.repeat(np.arange(len(rows)), [len(r[0]) for r in rows])
        pos = np.minimum(np.searchsorted(both, ids), width - 1)
        keep = both[pos] == ids
        m[at[keep], col[pos[keep]]] = vals[keep]
        return m


def _rows(model: TfIdf, kind: str) -> Rows:
    cache = model.signal_cache
    if kind not in cache:
        cache[kind] = Rows(_texts_of(model).names["grams" if kind == "grams" else "terms"])
    return cache[kind]


def _cosine(rows: Rows, a: Sequence[tuple[np.ndarray, np.ndarray]],
            b: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Cosine of already unit-length sparse vectors."""
    col = rows.shared(a, b)
    return rows.matrix(a, col) @ rows.matrix(b, col).T


def _unit_vector(model: TfIdf, kind: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of `text`: sublinear tf times the model's idf, unit length (TfIdf.vector's
    arithmetic, and signals' n-gram weighting, term by term in the same order)."""
    ids, _counts, logtf = _texts_of(model).of("grams" if kind == "grams" else "terms", text)
    w = logtf * _weights(model, kind)(ids)
    norm = math.sqrt(_seqsum(w * w)) or 1.0
    return ids, w / norm


def tfidf_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    rows = _rows(model, "tfidf")

    def make(t: str) -> tuple[np.ndarray, np.ndarray]:
        return _unit_vector(model, "tfidf", t)

    return _cosine(rows, [rows.row(t, make) for t in a], [rows.row(t, make) for t in b])


def gram_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    rows = _rows(model, "grams")

    def make(t: str) -> tuple[np.ndarray, np.ndarray]:
        return _unit_vector(model, "grams", t)

    return _cosine(rows, [rows.row(t, make) for t in a], [rows.row(t, make) for t in b])


def _bm25_parts(model: TfIdf, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(ids, query weights, document weights, self-score) of one text."""
    key = ("bm25", text)
    got = model.signal_cache.get(key)
    if got is None:
        ids, counts, _logtf = _texts_of(model).of("terms", text)
        norm = K1 * (1 - B + B * int(counts.sum()) / (model.avg_len or 1.0))
        query = _weights(model, "bm25")(ids)  # a term counts once on the query side
        doc = query * counts * (K1 + 1) / (counts + norm)
        got = model.signal_cache[key] = (ids, query, doc, _seqsum(query * doc))
    return got


def bm25_matrix(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    rows = _rows(model, "bm25")  # one id space for query and document weights: the same terms
    pa, pb = [_bm25_parts(model, t) for t in a], [_bm25_parts(model, t) for t in b]
    ra_q, rb_q = [(p[0], p[1]) for p in pa], [(p[0], p[1]) for p in pb]
    ra_d, rb_d = [(p[0], p[2]) for p in pa], [(p[0], p[2]) for p in pb]
    col = rows.shared(ra_q, rb_q)
    qa, da = rows.matrix(ra_q, col), rows.matrix(ra_d, col)
    qb, db = rows.matrix(rb_q, col), rows.matrix(rb_d, col)
    both = (qa @ db.T + da @ qb.T) / 2
    self_a = np.array([p[3] for p in pa]) if pa else np.zeros(0)
    self_b = np.array([p[3] for p in pb]) if pb else np.zeros(0)
    denom = np.sqrt(np.outer(self_a, self_b))
    return np.divide(both, denom, out=np.zeros_like(both), where=denom > 0)


def similarity(model: TfIdf, a: Sequence[str], b: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(blended score, TF-IDF cosine) of every text of `a` against every text of `b`."""
    if not a or not b:
        z = np.zeros((len(a), len(b)))
        return z, z
    t = tfidf_matrix(model, a, b)
    return (t + bm25_matrix(model, a, b) + gram_matrix(model, a, b)) / 3, t
