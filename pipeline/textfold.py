"""Text without diacritics, as a keyboard without Vietnamese input types it: "chuyển đổi số" -> "chuyen doi so".

One definition for the store's folded full-text rows, the search command and the report's search
box (its JavaScript folds the same way).
"""

from __future__ import annotations

import unicodedata

_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(s: str) -> str:
    """Lower case without diacritics ("đ" is a letter of its own in Unicode, so it is mapped first)."""
    s = unicodedata.normalize("NFD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()
