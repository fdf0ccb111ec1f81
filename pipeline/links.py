"""The links table, kept per document and per alignment pair (#15).

A publish rebuilt the whole graph (163,000 links, 1.5 GB at 1,000 documents) to rewrite the
links table whole. A document's links (its and its items' cites, implements and issued_by
edges) are already in its graph rows, an alignment's aligns_with edges in alignment_links; here
they are copied into `links` for the documents and pairs whose set is missing or was made with
another version (`link_sets`), and dropped for those gone. Nothing else is read.

Two things a link shows depend on more than its own document, and are read, not stored:
- `suspect` (a citation downwards or of a later text) compares the level and date of the citing
  document's node with the cited node's, as the whole graph merges them from every document.
  `node_facts` keeps those two facts for the nodes a changed document touches, recomputed from
  the rows of that node only (graph_rows.StoreGraph);
- the order and edge keys: build_graph numbers the edges between two nodes of one type in its
  call order (phase, document, pair, seq) across the corpus; a window function does the same.
`doc_links.digest` is a digest of each document's links as read (suspect flags included), so the
per-document outputs know which documents' links changed without reading them all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .levels import RANK

LINKS_VERSION = "1"  # bump when what a link row holds changes
PAIR = 5  # alignment links come after every document's rows (graph_rows phases 0-3)

SCHEMA = """
CREATE TABLE IF NOT EXISTS links(doc TEXT, parent TEXT, grp INTEGER, seq INTEGER, src TEXT, dst TEXT, type TEXT,
  score REAL, method TEXT, evidence TEXT, via TEXT);
CREATE INDEX IF NOT EXISTS links_set ON links(doc, parent);
CREATE INDEX IF NOT EXISTS links_src ON links(src);
CREATE INDEX IF NOT EXISTS links_dst ON links(dst);
CREATE INDEX IF NOT EXISTS links_via ON links(via);
CREATE TABLE IF NOT EXISTS link_sets(doc TEXT, parent TEXT, version TEXT, nodes TEXT, PRIMARY KEY(doc, parent));
CREATE TABLE IF NOT EXISTS node_facts(node TEXT PRIMARY KEY, level TEXT, date TEXT);
CREATE TABLE IF NOT EXISTS doc_links(doc TEXT PRIMARY KEY, digest TEXT);
"""

_SUSPECT_TYPES = ("cites", "implements")


def ensure_schema(db: sqlite3.Connection) -> None:
    """The tables above; a links table of the first release (one row per link, no owner) is dropped:
    it was derived whole and is made again by the next publish."""
    cols = {r[1] for r in db.execute("PRAGMA table_info(links)")}
    if cols and "doc" not in cols:
        db.execute("DROP TABLE links")
    db.executescript(SCHEMA)


@dataclass
class LinkSync:
    """What a sync changed: link sets made and dropped, nodes whose facts changed, documents whose
    links (as read) changed."""

    made: int = 0
    dropped: int = 0
    facts: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)


def sync_links(db: sqlite3.Connection) -> LinkSync:
    """Bring the links table up to date with the stored extractions and alignments."""
    ensure_schema(db)
    res = LinkSync()
    touched: set[str] = set()
    dropped: set[str] = set()  # nodes a dropped set read: merged again from their rows
    added: set[str] = set()  # documents whose set was made
    for doc, parent, nodes in _stale_sets(db):
        dropped.update(json.loads(nodes))
        db.execute("DELETE FROM links WHERE doc=? AND parent=?", (doc, parent))
        db.execute("DELETE FROM link_sets WHERE doc=? AND parent=?", (doc, parent))
        res.docs.add(doc)
        res.dropped += 1
    for doc, parent, v in _missing_sets(db):
        key = (doc, parent)
        read = _doc_set(db, doc) if parent == "" else _pair_set(db, doc, parent)
        db.execute("INSERT OR REPLACE INTO link_sets VALUES(?,?,?,?)", (*key, v, json.dumps(read)))
        touched.update(read)
        if parent == "":
            added.add(doc)
        res.docs.add(key[0])
        res.made += 1
    res.facts = _update_facts(db, dropped | touched, _unchanged_by(db, touched - dropped, added))
    if res.facts:
        res.docs |= docs_linking(db, res.facts)
    for doc in sorted(res.docs):
        if db.execute("SELECT 1 FROM extractions WHERE sha256=?", (doc,)).fetchone():
            db.execute("INSERT OR REPLACE INTO doc_links VALUES(?,?)", (doc, links_digest(db, doc)))
        else:
            db.execute("DELETE FROM doc_links WHERE doc=?", (doc,))
    db.commit()
    return res


# Which link sets are stale or missing is asked of SQLite, one probe by key per stored document and
# alignment: reading every key, version and node list into Python to compare them was 0.1 s at
# 1,000 documents and grew with the store. The versions are read from covering indexes
# (plan_delta.SCHEMA: extractions_keys, alignments_version) when the store has them.
_WANT = (f"CASE WHEN s.parent = '' THEN (SELECT '{LINKS_VERSION}:' || e.version FROM extractions e "
         f"WHERE e.sha256 = s.doc) ELSE (SELECT '{LINKS_VERSION}:' || a.version FROM alignments a "
         f"WHERE a.child = s.doc AND a.parent = s.parent) END")


def _stale_sets(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(doc, parent, nodes) of the link sets whose document or alignment is gone or of another version."""
    return db.execute(f"SELECT s.doc, s.parent, s.nodes FROM link_sets s WHERE s.version IS NOT ({_WANT})").fetchall()


def _missing_sets(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(doc, parent, version) of the documents (parent '') and alignments without a link set of their version."""
    v = f"'{LINKS_VERSION}:' || "
    return db.execute(
        f"SELECT e.sha256, '', {v}e.version FROM extractions e WHERE NOT EXISTS (SELECT 1 FROM link_sets s "
        f"WHERE s.doc = e.sha256 AND s.parent = '' AND s.version = {v}e.version) UNION ALL "
        f"SELECT a.child, a.parent, {v}a.version FROM alignments a WHERE NOT EXISTS (SELECT 1 FROM link_sets s "
        f"WHERE s.doc = a.child AND s.parent = a.parent AND s.version = {v}a.version)").fetchall()


def _doc_set(db: sqlite3.Connection, sha: str) -> list[str]:
    """Copy one document's link rows from its graph rows; returns the nodes whose facts its links read."""
    dn = _doc_node(db, sha)
    rows = []
    nodes = {dn}
    for phase, seq, src, dst, etype, attrs in db.execute(
            "SELECT phase, seq, node, dst, type, attrs FROM graph_rows WHERE doc=? AND op='edge' "
            "AND type != 'contains' ORDER BY phase, seq", (sha,)):
        a = json.loads(attrs)
        rows.append((sha, "", phase, seq, src, dst, etype, a.get("score"), a.get("method"), _evidence(a), dn))
        if etype in _SUSPECT_TYPES:
            nodes.add(dst)
    db.executemany("INSERT INTO links VALUES(?,?,?,?,?,?,?,?,?,?,?)", rows)
    return sorted(nodes)


def _pair_set(db: sqlite3.Connection, child: str, parent: str) -> list[str]:
    rows = [(child, parent, PAIR, seq, src, dst, etype, a.get("score"), a.get("method"), _evidence(a), None)
            for seq, src, dst, etype, attrs in db.execute(
                "SELECT seq, src, dst, type, attrs FROM alignment_links WHERE child=? AND parent=? ORDER BY seq",
                (child, parent)) if (a := json.loads(attrs)) is not None]
    db.executemany("INSERT INTO links VALUES(?,?,?,?,?,?,?,?,?,?,?)", rows)
    return []  # aligns_with links carry no suspect flags: no node's facts are read


def _evidence(a: dict[str, Any]) -> str | None:
    ev = a.get("evidence")
    return json.dumps(ev, ensure_ascii=False) if ev else None


def _doc_node(db: sqlite3.Connection, sha: str) -> str:
    row = db.execute("SELECT doc_id FROM documents WHERE sha256=?", (sha,)).fetchone()
    return f"directive:{row[0]}" if row and row[0] else f"document:{sha[:16]}"


def _unchanged_by(db: sqlite3.Connection, nodes: set[str], docs: set[str]) -> set[str]:
    """Those of `nodes` whose level and date the new rows of `docs` cannot have changed: the node had
    facts before, and these documents' rows for it only repeat them or give none, and override
    nothing (the merge keeps the first value given; an override comes from the node's own text).
    A new commune document cites 57-NQ/TW as every other one does: merging the 57-NQ/TW rows of
    every document again grew with the store."""
    if not nodes:
        return set()
    facts = {}
    for n in nodes:
        row = db.execute("SELECT level, date FROM node_facts WHERE node=?", (n,)).fetchone()
        if row:
            facts[n] = {"level": row[0], "date": row[1]}
    for doc in sorted(docs):
        for n, op, attrs in db.execute("SELECT node, op, attrs FROM graph_rows WHERE doc=? AND op != 'edge'", (doc,)):
            if n not in facts:
                continue
            a = json.loads(attrs)
            if op != "node" or any(a.get(k) is not None and a[k] != v for k, v in facts[n].items()):
                del facts[n]
    return set(facts)


def _update_facts(db: sqlite3.Connection, nodes: Iterable[str],
                  unchanged: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Recompute the level and date of these nodes as the whole graph merges them (but those known
    `unchanged`); returns those that changed (a node no longer in the graph loses its row)."""
    todo = sorted(set(nodes) - unchanged)
    changed = set()
    for n in todo:
        new = node_facts(db, n)
        row = db.execute("SELECT level, date FROM node_facts WHERE node=?", (n,)).fetchone()
        if (tuple(row) if row else None) == new:
            continue
        changed.add(n)
        if new is None:
            db.execute("DELETE FROM node_facts WHERE node=?", (n,))
        else:
            db.execute("INSERT OR REPLACE INTO node_facts VALUES(?,?,?)", (n, *new))
    return changed


# graph_rows' order of calls (_ORDER), and its reverse
_ORDER = ("phase, CASE WHEN phase = 2 THEN '' ELSE doc END, CASE WHEN phase = 2 THEN doc END DESC, seq")
_LAST = ("phase DESC, CASE WHEN phase = 2 THEN '' ELSE doc END DESC, CASE WHEN phase = 2 THEN doc END, seq DESC")


def node_facts(db: sqlite3.Connection, node: str) -> tuple[Any, Any] | None:
    """(level, date) of a node as the merged graph has them (graph_rows.StoreGraph.attrs), None when
    no document makes the node. The merge keeps each attribute's first value in call order, unless
    an override (a document's own node: its text wins) sets it later: so the last override that
    names the attribute, else the first node row that gives it. Asked of SQLite: merging every row
    of a node in Python cost 0.3 s for 57-NQ/TW at 300 documents (every document cites it)."""
    if not db.execute("SELECT 1 FROM graph_rows WHERE node=? AND op != 'edge' LIMIT 1", (node,)).fetchone():
        return None
    out = []
    for key in ("$.level", "$.date"):
        over = db.execute(f"SELECT json_extract(attrs, ?) FROM graph_rows WHERE node=? AND op='override' AND "
                          f"json_type(attrs, ?) IS NOT NULL ORDER BY {_LAST} LIMIT 1", (key, node, key)).fetchone()
        if over is not None and over[0] is not None:
            out.append(over[0])
            continue
        if over is not None:  # an override that empties it (none does today): merge as the graph does
            from .graph_rows import StoreGraph

            a = StoreGraph(db).attrs(node) or {}
            return a.get("level"), a.get("date")
        first = db.execute(f"SELECT json_extract(attrs, ?) AS v FROM graph_rows WHERE node=? AND op='node' "
                           f"AND v IS NOT NULL ORDER BY {_ORDER} LIMIT 1", (key, node)).fetchone()
        out.append(first[0] if first else None)
    return out[0], out[1]


def docs_linking(db: sqlite3.Connection, nodes: set[str]) -> set[str]:
    """Documents with a link citing one of `nodes` or made from one (the suspect flags read them)."""
    out: set[str] = set()
    ns = sorted(nodes)
    for i in range(0, len(ns), 400):
        chunk = ns[i:i + 400]
        marks = ",".join("?" * len(chunk))
        out |= {r[0] for r in db.execute(f"SELECT DISTINCT doc FROM links WHERE dst IN ({marks}) OR via IN ({marks})",
                                         [*chunk, *chunk])}
    return out


def suspect(etype: str, src_level: str | None, src_date: str | None, dst_level: str | None,
            dst_date: str | None) -> list[str]:
    """A citation downwards (central cites commune) or of a text dated after the citing one, from the
    two nodes' level and date; graph._flag_suspects applies it to a built graph's edges."""
    if etype not in _SUSPECT_TYPES:
        return []
    flags = []
    ls, ld = RANK.get(src_level or ""), RANK.get(dst_level or "")
    if ls is not None and ld is not None and ld > ls:
        flags.append("downward")
    if src_date and dst_date and dst_date > src_date:
        flags.append("cited-after-citing")
    return flags


def _link(row: tuple) -> dict[str, Any]:
    """A catalogue link (catalogue.Link.model_dump(mode="json")) from a joined row."""
    src, dst, etype, score, method, evidence, sl, sd, dl, dd = row
    return {"src": src, "dst": dst, "type": etype, "score": score, "method": method,
            "evidence": json.loads(evidence) if evidence else None, "suspect": suspect(etype, sl, sd, dl, dd)}


_FACTS = ("LEFT JOIN node_facts fs ON fs.node = l.via LEFT JOIN node_facts fd ON fd.node = l.dst")
# an aligns_with edge to an item its document no longer has is left out, as graph._networkx leaves it
_BOTH_ENDS = ("(l.grp < 5 OR (EXISTS (SELECT 1 FROM graph_rows g WHERE g.node = l.src AND g.op != 'edge') "
              "AND EXISTS (SELECT 1 FROM graph_rows g WHERE g.node = l.dst AND g.op != 'edge')))")
_COLS = "l.src, l.dst, l.type, l.score, l.method, l.evidence, fs.level, fs.date, fd.level, fd.date"


def doc_links(db: sqlite3.Connection, doc: str) -> list[dict[str, Any]]:
    """The links of one document and of its alignments as child, in its own call order."""
    return [_link(r) for r in db.execute(f"SELECT {_COLS} FROM links l {_FACTS} WHERE l.doc=? AND {_BOTH_ENDS} "
                                         "ORDER BY l.grp, l.parent, l.seq", (doc,))]


def links_digest(db: sqlite3.Connection, doc: str) -> str:
    return hashlib.sha256(json.dumps(doc_links(db, doc), ensure_ascii=False).encode()).hexdigest()[:32]


def all_links(db: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every link, in the order and with the flags of the links of the whole merged graph
    (sorted by source, target and edge key), one row at a time."""
    sql = (f"SELECT {_COLS} FROM (SELECT *, type || ':' || (ROW_NUMBER() OVER (PARTITION BY src, dst, type "
           f"ORDER BY grp, doc, parent, seq) - 1) AS k FROM links) l {_FACTS} WHERE {_BOTH_ENDS} "
           "ORDER BY l.src, l.dst, l.k")
    for row in db.execute(sql):
        yield _link(row)


def count_links(db: sqlite3.Connection, exact: bool = True) -> int:
    """How many links all_links gives; `exact=False` counts the rows without looking for the items of
    aligns_with links (an index count, for a message)."""
    if not exact:
        return int(db.execute("SELECT COUNT(*) FROM links").fetchone()[0])
    return int(db.execute(f"SELECT COUNT(*) FROM links l WHERE {_BOTH_ENDS}").fetchone()[0])
