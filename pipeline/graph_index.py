"""Which graph rows a query reads, found through the store's indexes (#15, queries at national scale).

A trace of 57-NQ/TW lists the first 30 of thousands of documents under it and counts the rest.
graph_rows.StoreGraph answered that by reading every row into the node (every citing document's
edge, every aligned task of every commune) and cutting in Python: a cost growing with the store.
Here the same answers are read so that the cost follows what is shown:

- the documents under a node are counted from index entries (edges into the node, alignment
  pairs of its documents), never from the rows' JSON;
- the edges of the documents shown are read by document when that is fewer rows than by target
  (a node cited by every commune), and by target otherwise, choosing by two index counts.

The rows read are the rows StoreGraph read before, in the same order: the answers are the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

CHUNK = 400  # bound parameters a statement, far below SQLite's limit

# Made by every writer's open (store._make_tables), IF NOT EXISTS; a store without them answers the
# same, reading table rows instead of index entries. At 3,000 documents (1.08 M graph rows, 5,319
# alignments) they take 1.2 s and 0.03 s of CPU to make, once (a first writer open: 1.7 s CPU, 8 s wall from a
# cold disk cache at load 10); 133,443 + 5,319 entries, some 15 MB (estimated from the key sizes).
# - the documents citing or carrying out a node, as index entries only (partial: cites and
#   implements edges, an eighth of the rows);
# - the children of a parent document without reading the alignments' JSON rows.
QUERY_INDEXES = """
CREATE INDEX IF NOT EXISTS graph_rows_cited ON graph_rows(dst, type, op, doc)
  WHERE op = 'edge' AND type IN ('cites', 'implements');
CREATE INDEX IF NOT EXISTS alignments_parent_child ON alignments(parent, child);
"""


def _marks(xs: list[str]) -> str:
    return ",".join("?" * len(xs))


def _count(db: sqlite3.Connection, table: str, col: str, values: list[str]) -> int:
    """Index entries of `table` whose `col` is one of `values` (an index-only count)."""
    total = 0
    for i in range(0, len(values), CHUNK):
        chunk = values[i:i + CHUNK]
        total += db.execute(f"SELECT COUNT(*) FROM {table} WHERE {col} IN ({_marks(chunk)})", chunk).fetchone()[0]
    return total


def by_document(db: sqlite3.Connection, table: str, col: str, ns: list[str], doc_col: str,
                docs: list[str]) -> bool:
    """Whether the rows of `table` with `col` in `ns` from the documents `docs` are fewer to read
    through the documents' index than through the targets' (the second count stops past the first)."""
    by_doc = _count(db, table, doc_col, docs)
    by_target = 0
    for i in range(0, len(ns), CHUNK):
        chunk = ns[i:i + CHUNK]
        by_target += db.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {col} IN ({_marks(chunk)}) "
                                "LIMIT ?)", [*chunk, by_doc + 1 - by_target]).fetchone()[0]
        if by_target > by_doc:
            return True
    return False


def node_of(db: sqlite3.Connection, shas: Iterable[str]) -> dict[str, str]:
    """sha -> the document node that owns its items, for the shas that have items.

    Every item row of a document names the same owner, its document node (graph.document_node:
    its id, else its sha), so the owner is that node when the document has items: a document with
    tasks has (the tasks table's key answers, from its index), else its node's item rows are looked
    for through the owner index. A sha with no documents row, or whose node owns none of its rows,
    falls back to the smallest owner of its rows, as StoreGraph found it before.
    """
    wanted = sorted(set(shas))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i:i + CHUNK]
        found = dict(db.execute(
            "SELECT sha, dn FROM (SELECT d.sha256 AS sha, CASE WHEN d.doc_id IS NOT NULL AND d.doc_id != '' "
            "THEN 'directive:' || d.doc_id ELSE 'document:' || substr(d.sha256, 1, 16) END AS dn "
            f"FROM documents d WHERE d.sha256 IN ({_marks(chunk)})) "
            "WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.doc = sha) "
            "OR EXISTS (SELECT 1 FROM graph_rows g WHERE g.owner = dn AND +g.doc = sha)", chunk).fetchall())
        out.update(found)
        for sha in chunk:
            if sha not in found:
                row = db.execute("SELECT MIN(owner) FROM graph_rows WHERE doc=? AND owner IS NOT NULL "
                                 "AND owner != ''", (sha,)).fetchone()
                if row and row[0]:
                    out[sha] = row[0]
    return out


def source_docs(db: sqlite3.Connection, n: str) -> set[str]:
    """The shas of the documents that cite or implement `n`, or have an item aligned with one of its
    items. The second: the children of the alignment pairs of `n`'s documents, each checked for a
    link into `n`'s items unless it already cites `n` (a child cites its parents: few are checked)."""
    shas = {r[0] for r in db.execute("SELECT DISTINCT doc FROM graph_rows WHERE dst=? AND op='edge' "
                                     "AND type IN ('cites', 'implements')", (n,))}
    parents = [r[0] for r in db.execute("SELECT DISTINCT doc FROM graph_rows WHERE owner=?", (n,))]
    for i in range(0, len(parents), CHUNK):
        chunk = parents[i:i + CHUNK]
        pairs = [(c, p) for c, p in db.execute(f"SELECT child, parent FROM alignments WHERE parent IN "
                                               f"({_marks(chunk)})", chunk) if c not in shas]
        for c, p in pairs:
            if c not in shas and db.execute(
                    "SELECT 1 FROM alignment_links WHERE child = ? AND parent = ? AND type = 'aligns_with' "
                    "AND dst IN (SELECT node FROM graph_rows WHERE owner = ?) LIMIT 1", (c, p, n)).fetchone():
                shas.add(c)
    return shas
