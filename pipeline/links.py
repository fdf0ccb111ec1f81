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
    want = {(sha, ""): f"{LINKS_VERSION}:{v}" for sha, v in db.execute("SELECT sha256, version FROM extractions")}
    want.update({(c, p): f"{LINKS_VERSION}:{v}"
                 for c, p, v in db.execute("SELECT child, parent, version FROM alignments")})
    have = {(d, p): (v, nodes) for d, p, v, nodes in db.execute("SELECT doc, parent, version, nodes FROM link_sets")}
    res = LinkSync()
    touched: set[str] = set()
    for key, (v, nodes) in have.items():
        if want.get(key) != v:
            touched.update(json.loads(nodes))
            db.execute("DELETE FROM links WHERE doc=? AND parent=?", key)
            db.execute("DELETE FROM link_sets WHERE doc=? AND parent=?", key)
            res.docs.add(key[0])
            res.dropped += 1
    for key, v in want.items():
        if have.get(key, (None,))[0] == v:
            continue
        nodes = _doc_set(db, key[0]) if key[1] == "" else _pair_set(db, *key)
        db.execute("INSERT OR REPLACE INTO link_sets VALUES(?,?,?,?)", (*key, v, json.dumps(nodes)))
        touched.update(nodes)
        res.docs.add(key[0])
        res.made += 1
    res.facts = _update_facts(db, touched)
    if res.facts:
        res.docs |= docs_linking(db, res.facts)
    current = {k[0] for k in want if k[1] == ""}
    for doc in sorted(res.docs):
        if doc in current:
            db.execute("INSERT OR REPLACE INTO doc_links VALUES(?,?)", (doc, links_digest(db, doc)))
        else:
            db.execute("DELETE FROM doc_links WHERE doc=?", (doc,))
    db.commit()
    return res


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


def _update_facts(db: sqlite3.Connection, nodes: Iterable[str]) -> set[str]:
    """Recompute the level and date of these nodes as the whole graph merges them; returns those
    that changed (a node no longer in the graph loses its row)."""
    from .graph_rows import StoreGraph

    todo = sorted(set(nodes))
    if not todo:
        return set()
    merged = StoreGraph(db).attrs_many(todo)
    changed = set()
    for n in todo:
        a = merged[n]
        new = None if a is None else (a.get("level"), a.get("date"))
        row = db.execute("SELECT level, date FROM node_facts WHERE node=?", (n,)).fetchone()
        if (tuple(row) if row else None) == new:
            continue
        changed.add(n)
        if new is None:
            db.execute("DELETE FROM node_facts WHERE node=?", (n,))
        else:
            db.execute("INSERT OR REPLACE INTO node_facts VALUES(?,?,?)", (n, *new))
    return changed


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
