"""Word-segmented, stop-word-free terms of task text, and TF-IDF cosine over a corpus.

Word segmentation (underthesea) is the costly step, ~5 ms per sentence once loaded, so the
terms of each distinct text are cached for the life of the process.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..normalize import modern_tone

_DIRECTIVE = re.compile(r"\b\d+[\w\-/.]*/[\wĐđ\-]+", re.UNICODE)
_KEEP = {"số"}  # "digital" in this domain: underthesea lists it as a stopword ("number")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    try:
        import underthesea

        base = Path(underthesea.__file__).parent / "datasets" / "stopwords" / "stopwords.txt"
        words |= {w.strip().lower() for w in base.read_text(encoding="utf-8").splitlines() if w.strip()}
    except (ImportError, OSError):
        pass
    admin = resources.files("pipeline").joinpath("data/stopwords_admin.txt").read_text(encoding="utf-8")
    words |= {w.strip().lower() for w in admin.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(words - _KEEP)


# abbreviations and their spelled-out forms: one term for both
_SYNONYMS = [
    (re.compile(r"\bAI\b"), "trí tuệ nhân tạo"),
    (re.compile(r"\bIoT\b"), "internet vạn vật"),
    (re.compile(r"\bPPP\b"), "hợp tác công tư"),
    (re.compile(r"(?i)\bcông\s*[-–]\s*tư\b"), "công tư"),
    (re.compile(r"(?i)\bdữ liệu lớn\b|\bbig data\b"), "dữ liệu lớn"),
    (re.compile(r"\b([Tt])ỉ (lệ|trọng)\b"), r"\1ỷ \2"),  # two spellings of one word
]


@lru_cache(maxsize=16384)  # pure, and asked of the same task texts by every pair a document is in
def normalize(text: str) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    text = modern_tone(text)  # "hoá" and "hóa" are one word
    for rx, rep in _SYNONYMS:
        text = rx.sub(rep, text)
    return text


@lru_cache(maxsize=1)
def concept_map() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """(term, replace?, pattern) of pipeline/data/align_concepts.tsv, replace-mode rows first."""
    raw = resources.files("pipeline").joinpath("data/align_concepts.tsv").read_text(encoding="utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _name, mode, variants = line.split("\t")[:3]
        vs = sorted({normalize(v) for v in variants.split("|") if v.strip()}, key=len, reverse=True)
        rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in vs) + r")(?!\w)", re.IGNORECASE)
        term = "~" + normalize(variants.split("|")[0]).lower().replace(" ", "_")
        rows.append((term, mode.strip() == "replace", rx))
    return tuple(sorted(rows, key=lambda r: not r[1]))


def concepts(text: str) -> tuple[str, list[str]]:
    """`text` without its replace-mode phrases, and the concept terms it carries."""
    found = []
    for term, replace, rx in concept_map():
        if rx.search(text):
            found.append(term)
            if replace:
                text = rx.sub(" ; ", text)
    return text, found


# an entry is some 6 KB (the text and its terms): 65,536 of them were most of an align worker's
# 700 MB at 1,000 documents; a worker's working set is one child and its few parents (< 1,000 texts)
@lru_cache(maxsize=16384)
def terms(text: str) -> tuple[str, ...]:
    """Content words of `text` (lower case, underscores join syllables), adjacent pairs, concept terms."""
    from underthesea import word_tokenize

    clean, found = concepts(_DIRECTIVE.sub(" ", normalize(text)))
    stop = stopwords()
    words = []
    for tok in word_tokenize(clean):
        w = tok.lower().strip()
        if not w or w in stop or not any(c.isalpha() for c in w):
            continue
        words.append(w.replace(" ", "_"))
    bigrams = [f"{a}+{b}" for a, b in zip(words, words[1:], strict=False)]
    return tuple(words + bigrams + found)


def words(text: str) -> tuple[str, ...]:
    """The content words of `text` alone (no pairs, no concept terms)."""
    return tuple(t for t in terms(text) if "+" not in t and not t.startswith("~"))


def char_grams(text: str, sizes: tuple[int, ...] = (3, 4, 5)) -> Counter[str]:
    """Character n-grams of the content words: a second signal, robust to segmentation and inflection
    ("thông minh hóa" / "thông minh", "băng rộng" / "băng thông rộng")."""
    s = f" {' '.join(words(text))} "
    return Counter(s[i:i + k] for k in sizes for i in range(len(s) - k + 1))


class TfIdf:
    """Sparse TF-IDF vectors (sublinear tf, smoothed idf), cosine similarity; also the corpus
    statistics of the other signals (BM25 term weights, character n-gram idf, see signals.py)."""

    def __init__(self, texts: Iterable[str], sides: Sequence[Iterable[str]] = ()):
        keys = {normalize(t) for t in texts if t}
        docs = [set(terms(t)) for t in keys]
        self.n = len(docs)
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d)
        self.df = df
        # per document: a term that fills one side only (the 5G of a 5G plan) still tells the
        # other side's items apart, so it is common only as far as it is common on both sides
        self.side_share: dict[str, float] = {}
        self.side_count: dict[str, int] = {}  # items carrying the term on the side that has fewer
        if sides:
            shares, counts = [], []
            for side in sides:
                sk = {normalize(t) for t in side if t}
                sdf: Counter[str] = Counter()
                for t in sk:
                    sdf.update(set(terms(t)))
                shares.append({t: c / max(1, len(sk)) for t, c in sdf.items()})
                counts.append(sdf)
            self.side_share = {t: min(sh.get(t, 0.0) for sh in shares) for t in df}
            self.side_count = {t: min(c.get(t, 0) for c in counts) for t in df}
        # term weights stay those of the union (weighting by the smaller share was measured: no gain)
        self.idf = {t: math.log((1 + self.n) / (1 + c)) + 1.0 for t, c in df.items()}
        self._default = math.log(1 + self.n) + 1.0
        self._vec: dict[str, dict[str, float]] = {}
        self.signal_cache: dict = {}  # per-text vectors of the similarity signals (signals.py)
        # BM25: probabilistic idf (never negative) and the mean length in terms
        self.bm25_idf = {t: math.log(1 + (self.n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.bm25_default = math.log(1 + (self.n + 0.5) / 0.5)
        self.avg_len = sum(len(terms(t)) for t in keys) / max(1, self.n)
        gdf: Counter[str] = Counter()
        for t in keys:
            gdf.update(char_grams(t).keys())
        self.gram_idf = {g: math.log((1 + self.n) / (1 + c)) + 1.0 for g, c in gdf.items()}

    def vector(self, text: str) -> dict[str, float]:
        v = self._vec.get(text)
        if v is None:
            key = normalize(text)
            tf = Counter(terms(key))
            v = {t: (1 + math.log(c)) * self.idf.get(t, self._default) for t, c in tf.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            v = {t: x / norm for t, x in v.items()}
            self._vec[text] = v
        return v

    def fills(self, term: str, share: float, at_least: int) -> bool:
        """The term is in more than `share` of the items of each document and in `at_least` items of each:
        a term two items of a ten-item plan share does not fill it, it tells those two apart."""
        if self.side_share:
            return self.side_share.get(term, 0.0) > share and self.side_count.get(term, 0) >= at_least
        return self.df.get(term, 0) / max(1, self.n) > share and self.df.get(term, 0) >= at_least

    def df_share(self, term: str) -> float:
        """Share of the model's texts that carry `term` (with sides: the smaller of its two shares)."""
        if self.side_share:
            return self.side_share.get(term, 0.0)
        return self.df.get(term, 0) / max(1, self.n)

    def cosine(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(t, 0.0) for t, x in va.items())

    def shared(self, a: str, b: str, k: int = 6) -> list[str]:
        """The terms that contribute most to the similarity: evidence for a reader."""
        va, vb = self.vector(a), self.vector(b)
        common = sorted((-(va[t] * vb[t]), t) for t in va.keys() & vb.keys())
        return [t.replace("_", " ") for _, t in common[:k]]
