"""Rows keyed so that writing a document twice (a retry, an older concurrent run) cannot duplicate it.

Stores made before the keys existed may already hold duplicated full-text rows and mentions;
`key_rows` removes them once and adds the keys, on the first open by a writer. Version 2 adds the
folded full-text rows (`items_fold`, the text without diacritics under the same rowid).
"""

from __future__ import annotations

import hashlib
import sqlite3

from .textfold import fold

_VERSION = "2"


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
        db.execute("CREATE UNIQUE INDEX IF NOT EXISTS mentions_key ON mentions(doc, directive, block, start, \"end\")")
        rows = [(fts_rowid(d, i, k), d, i, k, t) for d, i, k, t in db.execute(
            "SELECT doc, id, 'task', text FROM tasks UNION ALL SELECT doc, id, 'target', text FROM targets")]
        db.execute("DELETE FROM items_fts")
        db.executemany("INSERT OR REPLACE INTO items_fts(rowid, doc, item, kind, text) VALUES(?,?,?,?,?)", rows)
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS items_fold USING fts5(doc UNINDEXED, text)")
        db.execute("DELETE FROM items_fold")
        db.executemany("INSERT OR REPLACE INTO items_fold(rowid, doc, text) VALUES(?,?,?)",
                       [(r[0], r[1], fold(r[4] or "")) for r in rows])
        db.execute("INSERT OR REPLACE INTO meta VALUES('rows_keyed', ?)", (_VERSION,))
