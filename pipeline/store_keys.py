"""Rows keyed so that writing a document twice (a retry, an older concurrent run) cannot duplicate it.

Stores made before the keys existed may already hold duplicated full-text rows and mentions;
`key_rows` removes them once and adds the keys, on the first open by a writer. Version 2 added a
second full-text table of the folded text (`items_fold`); version 3 drops it for the folded
spellings of the indexed words (`items_words`, see fts_terms) and keeps the folded text as an
unindexed column of `items_fts`: one full-text table to write instead of two, which were the
larger part of the one writer's work in a batch. Each older version is brought to the current one
by making the full-text rows again from the tasks and targets (about 2 s for 300 documents).
"""

from __future__ import annotations

import hashlib
import sqlite3

from .textfold import fold

_VERSION = "3"

# the one full-text table: the text as written is indexed; its folded form is kept beside it, not
# indexed (no tokens, so bm25 and snippet are those of the text alone), for the search typed without
# diacritics, which reads it instead of folding thousands of candidates in Python
ITEMS_FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5("
             "doc UNINDEXED, item UNINDEXED, kind UNINDEXED, text, folded UNINDEXED)")


def fts_rowid(doc: str, item: str, kind: str) -> int:
    """A stable 63-bit rowid for one item's full-text row."""
    h = hashlib.blake2b(f"{doc}\0{item}\0{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") >> 1


def key_rows(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT value FROM meta WHERE key='rows_keyed'").fetchone()
    if row and row[0] == _VERSION:
        return
    with db:
        db.execute("DELETE FROM mentions WHERE rowid NOT IN (SELECT MIN(rowid) FROM mentions "
                   "GROUP BY doc, directive, block, start, \"end\")")
        db.execute("CREATE UNIQUE INDEX IF NOT EXISTS mentions_key "
                   "ON mentions(doc, directive, block, start, \"end\")")
        # made again, keyed by item and with the folded text (v3), from the tasks and targets
        db.execute("DROP TABLE IF EXISTS items_fts")
        db.execute(ITEMS_FTS)
        rows = db.execute("SELECT doc, id, 'task', text FROM tasks "
                          "UNION ALL SELECT doc, id, 'target', text FROM targets")
        db.executemany("INSERT OR REPLACE INTO items_fts(rowid, doc, item, kind, text, folded) VALUES(?,?,?,?,?,?)",
                       ((fts_rowid(d, i, k), d, i, k, t, fold(t or "")) for d, i, k, t in rows))
        db.execute("DROP TABLE IF EXISTS items_fold")
        _words_from_index(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES('rows_keyed', ?)", (_VERSION,))


def _words_from_index(db: sqlite3.Connection) -> None:
    """items_words made from the full-text index itself: its words are the tokenizer's, exactly."""
    db.execute("CREATE TABLE IF NOT EXISTS items_words(folded TEXT, term TEXT, PRIMARY KEY(folded, term)) "
               "WITHOUT ROWID")
    db.execute("DELETE FROM items_words")
    db.execute("CREATE VIRTUAL TABLE temp.items_vocab USING fts5vocab(main, items_fts, row)")
    try:
        words = [w for (w,) in db.execute("SELECT term FROM temp.items_vocab") if not w.isascii()]
    finally:
        db.execute("DROP TABLE temp.items_vocab")
    db.executemany("INSERT OR IGNORE INTO items_words VALUES(?,?)", [(fold(w), w) for w in words])
