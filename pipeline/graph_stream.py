"""graph.json and graph.graphml written from the store's rows without the merged graph in memory (#15).

`StoreGraph.builder()` merged every row into one `_Builder` (1.5 GB at 1,000 documents) before
graph_files wrote it. The same merge is done here node by node and edge by edge, in SQLite's
sort order: each node's rows, replayed through its own `_Builder`, give its attributes (a node's
merge reads only its rows); the edges are numbered as `_Builder.edge` numbers them (per source,
target and type, in build_graph's call order) by a window function, kept only when both ends are
nodes, and flagged as `_flag_suspects` flags them from the two nodes' merged facts. Merged
elements wait in two temporary tables, since GraphML needs every attribute's type before its
first element and graph.json lists the edges before the nodes. Both files are written by
graph_files.write_elements, as graph_files.write_graph_files writes them from the whole builder.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from .graph import _Builder
from .graph_files import TextCache, graphml_keys_from, write_elements
from .links import suspect

_NODE_ORDER = ("ORDER BY node, phase, CASE WHEN phase = 2 THEN '' ELSE doc END, CASE WHEN phase = 2 THEN doc END DESC, "
               "seq")
_EDGES = """
SELECT e.u, e.v, e.type || ':' || e.n, e.type, e.attrs, ns.level, ns.date, nv.level, nv.date FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY u, v, type ORDER BY grp, d, p, seq) - 1 AS n FROM (
    SELECT node AS u, dst AS v, type, attrs, phase AS grp, doc AS d, '' AS p, seq FROM graph_rows WHERE op = 'edge'
    UNION ALL
    SELECT src, dst, type, attrs, 5, child, parent, seq FROM alignment_links)) e
JOIN temp.gnodes nu ON nu.node = e.u JOIN temp.gnodes nv ON nv.node = e.v
LEFT JOIN temp.gnodes ns ON ns.node = COALESCE(nu.doc, e.u)
ORDER BY e.u, e.v, e.type || ':' || e.n
"""


def merged_nodes(db: sqlite3.Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every node with its merged attributes, sorted by id, one node's rows at a time."""
    rows = db.execute(f"SELECT node, op, attrs FROM graph_rows WHERE op != 'edge' {_NODE_ORDER}")
    for nid, group in groupby(rows, key=lambda r: r[0]):
        b = _Builder()
        for _, op, attrs in group:
            if op == "node":
                b.node(nid, **json.loads(attrs))
            else:
                b.override(nid, **json.loads(attrs))
        yield nid, b.nodes[nid]


def _stage(db: sqlite3.Connection) -> dict[tuple[str, str], set[type]]:
    """Merge the nodes and edges into temp tables, sorted; returns the types of every attribute."""
    from .graph_files import _kind

    seen: dict[tuple[str, str], set[type]] = {}

    def note(scope: str, a: dict[str, Any]) -> None:
        for k, v in a.items():
            if v is not None:
                seen.setdefault((scope, k), set()).add(_kind(v))

    db.execute("CREATE TEMP TABLE IF NOT EXISTS gnodes(node TEXT PRIMARY KEY, doc TEXT, level TEXT, date TEXT, "
               "attrs TEXT)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS gedges(i INTEGER PRIMARY KEY, u TEXT, v TEXT, k TEXT, attrs TEXT)")
    db.execute("DELETE FROM temp.gnodes")
    db.execute("DELETE FROM temp.gedges")
    batch: list[tuple] = []
    for nid, a in merged_nodes(db):
        note("node", a)
        batch.append((nid, a.get("doc"), a.get("level"), a.get("date"), json.dumps(a, ensure_ascii=False)))
        if len(batch) >= 2000:
            db.executemany("INSERT INTO temp.gnodes VALUES(?,?,?,?,?)", batch)
            batch = []
    db.executemany("INSERT INTO temp.gnodes VALUES(?,?,?,?,?)", batch)
    batch = []
    for u, v, k, etype, attrs, sl, sd, dl, dd in db.execute(_EDGES):
        a = {"type": etype, **{x: y for x, y in json.loads(attrs).items() if y is not None}}
        flags = suspect(etype, sl, sd, dl, dd)
        if flags:
            a["suspect"] = flags
        note("edge", a)
        batch.append((u, v, k, json.dumps(a, ensure_ascii=False)))
        if len(batch) >= 2000:
            db.executemany("INSERT INTO temp.gedges(u, v, k, attrs) VALUES(?,?,?,?)", batch)
            batch = []
    db.executemany("INSERT INTO temp.gedges(u, v, k, attrs) VALUES(?,?,?,?)", batch)
    return seen


def write_graph_stream(db: sqlite3.Connection, out_dir: Path) -> list[Path]:
    """graph.json and graph.graphml of the store's graph, each element's texts cached (TextCache)."""
    keys = graphml_keys_from(_stage(db))
    cache = TextCache(db, keys)
    nodes = ([(x, json.loads(a)) for x, a in zip(ids, attrs, strict=True)]
             for ids, attrs in _chunks(db.execute("SELECT node, attrs FROM temp.gnodes ORDER BY node")))

    def edges() -> Iterator[list[tuple[str, str, str, dict[str, Any]]]]:  # read once the nodes are written
        rows = db.execute("SELECT u, v, k, attrs FROM temp.gedges ORDER BY i")
        while chunk := rows.fetchmany(500):
            yield [(u, v, k, json.loads(a)) for u, v, k, a in chunk]

    written = write_elements(out_dir, keys, cache.texts, nodes, edges())
    cache.close()
    db.execute("DELETE FROM temp.gnodes")
    db.execute("DELETE FROM temp.gedges")
    return written


def _chunks(cur: sqlite3.Cursor) -> Iterator[tuple[list[str], list[str]]]:
    while rows := cur.fetchmany(500):
        yield [r[0] for r in rows], [r[1] for r in rows]

