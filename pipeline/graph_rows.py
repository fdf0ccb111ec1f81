"""The graph as store rows: each document's nodes and edges, each alignment's edges, merged on read.

`build_graph` merges every document's contributions in memory (first fact wins, edges numbered
in call order, suspect flags from the merged nodes). Here the same calls are recorded per
document when it is stored, and per alignment when it is computed, so a new document adds rows
and a removed one drops them; nothing is rebuilt. A query replays only the rows that touch the
nodes it asks about, in the order `build_graph` makes its calls, through the same `_Builder`,
so it gets the same node attributes, edge keys and flags without loading the corpus or networkx.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .graph import (
    _alignment,
    _Builder,
    _citations,
    _directive,
    _document,
    _flag_suspects,
    directive_node,
    document_node,
)

if TYPE_CHECKING:
    import networkx as nx

    from .align.model import AlignmentReport
    from .records import Extraction

# build_graph's order of calls: every document's directives, then documents, then which document
# IS a directive (the last in sha order wins), then citations; alignments after all of them
DIRECTIVES, DOCUMENT, IN_CORPUS, CITATIONS, ALIGNMENT = range(5)

RESOLVE_KEYS = ("directive", "number", "name", "sha256")
MAX_CACHED = 20_000  # merged nodes kept by a StoreGraph between two reads


class _Recorder(_Builder):
    """A builder that writes down its calls instead of merging them."""

    def __init__(self) -> None:
        super().__init__()
        self.phase = 0
        self.calls: list[tuple[int, int, str, str, str | None, str | None, dict[str, Any]]] = []

    def node(self, nid: str, **attrs: Any) -> None:
        self.nodes.setdefault(nid, {})  # `override` follows a node call on the same builder
        self.calls.append((self.phase, len(self.calls), "node", nid, None, None, attrs))

    def override(self, nid: str, **attrs: Any) -> None:
        self.calls.append((self.phase, len(self.calls), "override", nid, None, None, attrs))

    def edge(self, u: str, v: str, etype: str, **attrs: Any) -> None:
        self.calls.append((self.phase, len(self.calls), "edge", u, v, etype, attrs))


def _dumps(attrs: dict[str, Any]) -> str:
    return json.dumps(attrs, ensure_ascii=False)


def document_rows(e: Extraction) -> dict[str, list[tuple]]:
    """The graph rows of one document (pure: a worker can make them), as store tables."""
    r = _Recorder()
    dn = document_node(e)
    r.phase = DIRECTIVES
    for d in sorted(e.directives, key=lambda d: d.id):
        _directive(r, d)
    r.phase = DOCUMENT
    _document(r, e, dn)
    if e.meta.id:
        r.phase = IN_CORPUS
        r.node(directive_node(e.meta.id), in_corpus=e.document)
    r.phase = CITATIONS
    _citations(r, e, dn)
    rows = [(e.document, ph, seq, op, node, dst, etype, attrs.get("doc") if op == "node" else None, _dumps(attrs))
            for ph, seq, op, node, dst, etype, attrs in r.calls]
    keys = set()
    for _, _, op, node, _, _, attrs in r.calls:
        if op == "node" and attrs.get("kind") in ("document", "directive"):
            for k in RESOLVE_KEYS:
                v = attrs.get(k)
                if v:
                    keys.add((e.document, node, v.casefold().replace(" ", ""), v.casefold()))
    return {"graph_rows": rows, "node_keys": sorted(keys)}


def alignment_rows(rep: AlignmentReport, child_node: str, parent_node: str) -> list[tuple]:
    """The aligns_with edges of one stored alignment, for the alignment_links table."""
    r = _Recorder()
    _alignment(r, rep, child_node, parent_node)
    return [(rep.child.sha256, rep.parent.sha256, seq, u, v, etype, _dumps(attrs))
            for _, seq, _, u, v, etype, attrs in r.calls]


_NO_HEAD = object()
_SCORE = re.compile(r'\{"score": (null|-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?)[,}]')


def _score(head: str) -> Any:
    """The score a JSON object opening with it holds, as json.loads reads it (an int without a fraction
    or exponent, else a float); _NO_HEAD when the head is not one json.dumps writes."""
    m = _SCORE.match(head)
    if m is None:
        return _NO_HEAD
    text, frac, exp = m.groups()
    if text == "null":
        return None
    return float(text) if frac or exp else int(text)


def _replay(b: _Builder, rows: Iterable[tuple[str, str, str | None, str | None, str]]) -> None:
    for op, node, dst, etype, attrs in rows:
        a = json.loads(attrs)
        if op == "node":
            b.node(node, **a)
        elif op == "override":
            b.override(node, **a)
        else:
            assert dst is not None and etype is not None
            b.edge(node, dst, etype, **a)


def _replay_nodes(b: _Builder, rows: Iterable[tuple[str, str, str | None, str | None, str]]) -> None:
    """_replay of node rows, each node's repeated facts decoded once: every document citing 57-NQ/TW
    records the same registry facts for it (2,477 rows, 6 distinct at 3,000 documents). A node row
    equal to one already replayed for that node, with no override between, changes nothing: the
    merge only fills keys still empty (and makes a node a document), never empties one."""
    seen: dict[str, set[str]] = {}
    for op, node, dst, etype, attrs in rows:
        if op == "node":
            done = seen.setdefault(node, set())
            if attrs in done:
                continue
            done.add(attrs)
        elif op == "override":
            seen.pop(node, None)
        _replay(b, [(op, node, dst, etype, attrs)])


# rows in build_graph's call order; IN_CORPUS rows last sha first, as its dict keeps the last document
_ORDER = "ORDER BY phase, CASE WHEN phase = 2 THEN '' ELSE doc END, CASE WHEN phase = 2 THEN doc END DESC, seq"


class StoreGraph:
    """The corpus graph read from the store's rows, node by node: what the queries need of a graph.

    Offers the part of networkx's MultiDiGraph that `pipeline.query` uses (`n in G`, `G.nodes[n]`,
    `G.in_edges(n, data=True)`, `G.out_edges(n, data=True)`), plus `items_of` and `candidates`
    that answer from indexes what a graph answers by a scan.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._nodes: dict[str, dict[str, Any] | None] = {}
        self._in: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        self._in_aligned: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        self.nodes = _Nodes(self)

    def attrs(self, n: str) -> dict[str, Any] | None:
        if n not in self._nodes:
            self._load([n])
        return self._nodes.get(n)  # an empty name is never loaded: no such node

    def attrs_many(self, ns: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """The merged attributes of each node of `ns` (None: not in the graph), read in a few queries
        instead of one per node."""
        ns = list(ns)
        self._load(ns)
        return {n: self._nodes.get(n) for n in ns}

    def _load(self, ns: Iterable[str]) -> None:
        """Merge the node rows of every node of `ns` not merged yet, a few hundred a query."""
        todo = sorted({n for n in ns if n and n not in self._nodes})
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            rows = self.db.execute(f"SELECT node, op, node, dst, type, attrs FROM graph_rows WHERE op != 'edge' "
                                   f"AND node IN ({','.join('?' * len(chunk))}) "
                                   + _ORDER.replace("ORDER BY", "ORDER BY node,"), chunk).fetchall()
            b = _Builder()
            _replay_nodes(b, (r[1:] for r in rows))
            for n in chunk:
                self._nodes[n] = b.nodes.get(n)

    def __contains__(self, n: object) -> bool:
        return isinstance(n, str) and self.attrs(n) is not None

    def _edges(self, col: str, ns: list[str], docs: list[str] | None = None, *,
               aligned_only: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
        """Edges into (col dst) or out of (col src) the nodes `ns`, with build_graph's keys and flags;
        with `docs`, only the edges of those documents (shas); with `aligned_only`, only the
        aligns_with edges (the alignment rows: a document's outline edges are not read)."""
        if len(self._nodes) > MAX_CACHED:  # a trace of 57-NQ/TW meets every document: memory stays bounded
            self._nodes.clear()
        marks = ",".join("?" * len(ns))
        only = f" AND {{}} IN ({','.join('?' * len(docs))})" if docs is not None else ""
        args = [*ns, *(docs or [])]
        at = self._by_doc(col, ns, docs, aligned_only)  # "+": the column's index is not used, the documents' is
        if aligned_only and col == "dst":  # the head of each row's JSON, where its score is
            scored = self._scored_edges(self.db.execute(
                f"SELECT src, dst, type, substr(attrs, 1, 48), rowid FROM alignment_links WHERE "
                f"{at('alignment_links')}dst IN ({marks})" + only.format("child") + " ORDER BY child, parent, seq",
                args).fetchall())
            if scored is not None:
                return scored
        rows = [] if aligned_only else self.db.execute(
            f"SELECT op, node, dst, type, attrs FROM graph_rows WHERE op='edge' AND {at('graph_rows')}"
            f"{'node' if col == 'src' else 'dst'} IN ({marks})" + only.format("doc") + " " + _ORDER, args).fetchall()
        rows += self.db.execute(f"SELECT 'edge', src, dst, type, attrs FROM alignment_links WHERE "
                                f"{at('alignment_links')}{col} IN ({marks})"
                                + only.format("child") + " ORDER BY child, parent, seq", args).fetchall()
        b = _Builder()
        _replay(b, rows)
        ends = {x for u, v, _k in b.edges for x in (u, v)}
        self._load(ends)
        docs = [str(a["doc"]) for x in ends if (a := self._nodes.get(x)) and a.get("doc")]
        self._load(docs)
        for m in [*ends, *docs]:
            if (a := self._nodes.get(m)) is not None:
                b.nodes[m] = a
        _flag_suspects(b)
        out = [(u, v, k, a) for (u, v, k), a in b.edges.items()
               if self._nodes.get(u) is not None and self._nodes.get(v) is not None]
        key = (lambda e: (e[0], e[2])) if col == "dst" else (lambda e: (e[1], e[2]))
        return [(u, v, a) for u, v, _k, a in sorted(out, key=key)]

    def _scored_edges(self, rows: list[tuple[str, str, str, str, int]]
                      ) -> list[tuple[str, str, dict[str, Any]]] | None:
        """aligns_with edges into nodes, each with its type and score only: what a trace reads of the
        thousands of aligned tasks under a central resolution, without decoding their evidence (a
        row's JSON opens with its score: graph._alignment passes it first). The same edges in the
        same order as `_edges` gives (build_graph's keys, both ends in the graph); an aligns_with
        edge is never suspect. None for another type of edge: `_edges` reads it."""
        if any(t != "aligns_with" for _, _, t, _, _ in rows):
            return None
        self._load({x for u, v, _, _, _ in rows for x in (u, v)})
        count: dict[tuple[str, str], int] = {}
        out = []
        for u, v, etype, head, rowid in rows:
            k = count.get((u, v), 0)
            count[(u, v)] = k + 1
            a: dict[str, Any] = {"type": etype}
            score = _score(head) if head.startswith('{"score": ') else _NO_HEAD
            if score is _NO_HEAD:  # not at the head: the whole row
                (attrs,) = self.db.execute("SELECT attrs FROM alignment_links WHERE rowid=?", (rowid,)).fetchone()
                score = json.loads(attrs).get("score")
            if score is not None:
                a["score"] = score
            if self._nodes.get(u) is not None and self._nodes.get(v) is not None:
                out.append((u, v, f"{etype}:{k}", a))
        return [(u, v, a) for u, v, _k, a in sorted(out, key=lambda e: (e[0], e[2]))]

    def _by_doc(self, col: str, ns: list[str], docs: list[str] | None, aligned_only: bool) -> Any:
        """For `_edges`: "+" before the target column of each table whose rows of `docs` are fewer to
        read by document than by target (a node cited by every commune, tasks aligned by thousands)."""
        if docs is None or col != "dst":
            return lambda table: ""
        from .graph_index import by_document

        tables = (() if aligned_only else (("graph_rows", "doc"),)) + (("alignment_links", "child"),)
        plus = {t for t, d in tables if by_document(self.db, t, "dst", ns, d, docs)}
        return lambda table: "+" if table in plus else ""

    def in_edges(self, n: str, data: bool = True, docs: list[str] | None = None
                 ) -> list[tuple[str, str, dict[str, Any]]]:
        """networkx's in_edges; with `docs`, only the edges of those documents (shas)."""
        if docs is None and n in self._in:  # prefetched for a walk that asks once per node
            return self._in.pop(n)
        return self._edges("dst", [n], docs)

    def out_edges(self, n: str, data: bool = True) -> list[tuple[str, str, dict[str, Any]]]:
        return self._edges("src", [n])

    def aligned_in_edges(self, n: str) -> list[tuple[str, str, dict[str, Any]]]:
        """The aligns_with edges into `n` (prefetched by `items_of(..., aligned_only=True)`), each with
        its type and score (what a trace reads), not its evidence."""
        if n in self._in_aligned:
            return self._in_aligned.pop(n)
        return self._edges("dst", [n], aligned_only=True)

    def prefetch_in(self, ns: list[str], docs: list[str] | None = None, *, aligned_only: bool = False) -> None:
        """The in-edges of many nodes at once (a document's items, before a trace walks them);
        with `docs`, only those coming from these documents (shas); with `aligned_only`, only the
        aligns_with edges, kept apart from the whole in-edges."""
        cache = self._in_aligned if aligned_only else self._in
        todo = [n for n in ns if n not in cache]
        for i in range(0, len(todo), 400):
            chunk = todo[i:i + 400]
            got: dict[str, list[tuple[str, str, dict[str, Any]]]] = {n: [] for n in chunk}
            for e in self._edges("dst", chunk, docs, aligned_only=aligned_only):
                got[e[1]].append(e)
            cache.update(got)

    def items_of(self, n: str, docs: list[str] | None = None, *, aligned_only: bool = False) -> list[str]:
        """The nodes whose `doc` is `n` (sections, tasks, targets, responsibilities of a document);
        their in-edges are read with them (only from `docs`, when given; only the aligns_with ones
        with `aligned_only`), as a trace asks for each next."""
        items = sorted({r[0] for r in self.db.execute("SELECT node FROM graph_rows WHERE owner=?", (n,))})
        self.prefetch_in(items, docs, aligned_only=aligned_only)
        return items

    def sources(self, n: str) -> dict[str, str]:
        """sha -> document node of every other document that cites or implements `n` or has a task
        aligned with one of its items: what a trace lists under `n`, found from indexes (graph_index),
        so that a cut list reads the edges of the documents it shows and no others."""
        from .graph_index import node_of, source_docs

        return {sha: node for sha, node in node_of(self.db, source_docs(self.db, n)).items() if node != n}

    def candidates(self, low: str) -> list[str]:
        """Document and directive nodes one of whose keys may be `low` (casefolded, no spaces)."""
        rows = self.db.execute("SELECT node FROM node_keys WHERE exact=?", (low,)).fetchall()
        if len(low) >= 6:
            rows += self.db.execute("SELECT node FROM node_keys WHERE prefix >= ? AND prefix < ?",
                                    (low, low + "\U0010ffff")).fetchall()
        return sorted({r[0] for r in rows})

    def whole(self) -> nx.MultiDiGraph:
        """The whole graph, as build_graph makes it, from the rows (for whole-graph exports)."""
        from .graph import _networkx

        b = self.builder()
        return _networkx(b)

    def builder(self) -> _Builder:
        b = _Builder()
        _replay(b, self.db.execute("SELECT op, node, dst, type, attrs FROM graph_rows " + _ORDER))
        _replay(b, self.db.execute("SELECT 'edge', src, dst, type, attrs FROM alignment_links "
                                   "ORDER BY child, parent, seq"))
        _flag_suspects(b)
        return b


class _Nodes:
    def __init__(self, g: StoreGraph):
        self.g = g

    def __getitem__(self, n: str) -> dict[str, Any]:
        a = self.g.attrs(n)
        if a is None:
            raise KeyError(n)
        return a

    def __iter__(self) -> Iterator[str]:  # only for code that scans; the queries use items_of / candidates
        return iter(sorted({r[0] for r in self.g.db.execute("SELECT DISTINCT node FROM graph_rows WHERE op='node'")}))
