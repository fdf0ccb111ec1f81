"""Rows keyed so that writing a document twice (a retry, an older concurrent run) cannot duplicate it.

Stores made before the keys existed may already hold duplicated full-text rows and mentions;
`key_rows` removes them once and adds the keys, on the first open by a writer. Version 2 added a
second full-text table of the folded text (`items_fold`); version 3 drops it for the folded
spellings of the indexed words (`items_words`, see fts_terms): one full-text table to write
instead of two, the larger part of the one writer's work in a batch.
"""

from __future__ import annotations

import hashlib
import sqlite3

from .textfold import fold

_VERSION = "3"


def fts_rowid(doc: str, item: str, kind: str) -> int:
    """A stable 63-bit rowid for one item's full-text row."""
    h = hashlib.blake2b(f"{doc}\0{item}\0{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") >> 1


def key_rows(db: sqlite3.Connection) -> None:
    row = db.execute("SELECT value FROM meta WHERE key='rows_keyed'").fetchone()
    if row and row[0] == _VERSION:
        return
    with db:
        if not row or row[0] not in ("2",):  # full-text rows not yet keyed by item: made again
            db.execute("DELETE FROM mentions WHERE rowid NOT IN (SELECT MIN(rowid) FROM mentions "
                       "GROUP BY doc, directive, block, start, \"end\")")
            db.execute("CREATE UNIQUE INDEX IF NOT EXISTS mentions_key "
                       "ON mentions(doc, directive, block, start, \"end\")")
            rows = [(fts_rowid(d, i, k), d, i, k, t) for d, i, k, t in db.execute(
                "SELECT doc, id, 'task', text FROM tasks UNION ALL SELECT doc, id, 'target', text FROM targets")]
            db.execute("DELETE FROM items_fts")
            db.executemany("INSERT OR REPLACE INTO items_fts(rowid, doc, item, kind, text) VALUES(?,?,?,?,?)", rows)
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
