"""The words of the full-text index as SQLite's own tokenizer makes them, outside the store.

The store keeps one full-text table (`items_fts`, the text as written). A search typed without
diacritics finds its words through `items_words`: each indexed word holding a letter outside
ASCII ("chuyển", "đoi": unicode61 folds a letter with one mark and keeps one with two marks and
"đ") under its folded form ("chuyen", "doi"). The words are read here by an in-memory FTS5 table
with the same tokenizer as the store's, never by a tokenizer written again in Python, so the
folded search and the index split text at the same places. A change of `textfold.fold` changes
the folded keys: it must come with a new `rows_keyed` version (store_keys), which rebuilds them.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import cache

from .textfold import fold

_LOCK = threading.Lock()  # one in-memory database per process; `serve` answers from threads


@cache
def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    # the tokenizer is the store's (unicode61 with its defaults: items_fts names none)
    db.execute("CREATE VIRTUAL TABLE words USING fts5(x, content='', detail=none)")
    db.execute("CREATE VIRTUAL TABLE words_v USING fts5vocab(words, row)")
    db.execute("CREATE VIRTUAL TABLE toks USING fts5(x, content='')")
    db.execute("CREATE VIRTUAL TABLE toks_v USING fts5vocab(toks, instance)")
    return db


def spellings(texts: list[str]) -> list[tuple[str, str]]:
    """(folded, word) of every index word outside ASCII in `texts`, sorted: what `items_words` holds.

    An ASCII word is its own folded form and needs no row. Made by the workers (about 0.5 ms a document).
    """
    # each distinct run between spaces once (a space always separates tokens, and a run of ASCII
    # holds ASCII words only): a tenth of the text to tokenize
    runs = {w for t in texts if t and not t.isascii() for w in t.split() if not w.isascii()}
    if not runs:
        return []
    with _LOCK:
        db = _db()
        db.execute("BEGIN")
        try:
            db.execute("INSERT INTO words(x) VALUES(?)", (" ".join(runs),))
            words = [w for (w,) in db.execute("SELECT term FROM words_v")]
        finally:
            db.execute("ROLLBACK")  # the table is empty again, at no cost
    return sorted({(fold(w), w) for w in words if not w.isascii()})


def tokens(texts: list[str]) -> list[list[str]]:
    """Each text as the index's tokens, in order (a query's words are split as the text was)."""
    out: list[list[str]] = [[] for _ in texts]
    with _LOCK:
        db = _db()
        db.execute("BEGIN")
        try:
            db.executemany("INSERT INTO toks(rowid, x) VALUES(?,?)", list(enumerate(texts)))
            for i, term, _ in db.execute("SELECT doc, term, offset FROM toks_v ORDER BY doc, offset"):
                out[i].append(term)
        finally:
            db.execute("ROLLBACK")
    return out
