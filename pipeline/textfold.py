"""Text without diacritics, as a keyboard without Vietnamese input types it: "chuyển đổi số" -> "chuyen doi so".

One definition for the store's folded full-text rows, the search command and the report's search
box (its JavaScript folds the same way).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese among them) to their bare letters, and "đ" to "d"
    ("đ" is a letter of its own in Unicode, not a "d" with a mark)."""
    out = {ord("đ"): "d", ord("Đ"): "d"}
    for cp in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
        if bare != chr(cp):
            out[cp] = bare
    return out


def fold_reference(s: str) -> str:
    """The definition: "đ" mapped, then every combining mark of the decomposed text dropped, lower case."""
    s = unicodedata.normalize("NFD", s.translate({ord("đ"): "d", ord("Đ"): "d"}))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def fold(s: str) -> str:
    """Lower case without diacritics; the same as `fold_reference`, by a table for the letters a
    Vietnamese text is made of (a search folds thousands of tasks; the per-character loop was
    most of its time)."""
    t = s.translate(_table())
    rest = _NON_ASCII.findall(t)
    # (not unicodedata.decomposition: Hangul syllables decompose by rule and have no table entry)
    if rest and any(unicodedata.combining(c) or unicodedata.normalize("NFD", c) != c for c in rest):
        return fold_reference(s)  # decomposed marks, or letters outside the table
    return t.lower()


def slug(s: str) -> str:
    """A portable file-name stem: folded to lower-case ASCII, every other run of characters one "_".
    The one rule for every output file named after a document or an alignment."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", fold(s)).strip("_") or "x"
