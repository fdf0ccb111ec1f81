"""graph.json and graph.graphml written element by element from the merged graph's nodes and edges.

networkx held the corpus graph twice more for these two files (a MultiDiGraph, then a copy with
scalar attributes for GraphML) and its GraphML writer builds an lxml element per node and edge:
32 s of a publish at 1,000 documents. Here the nodes and edges the builder merged (graph_rows)
are written as they come, in sorted order. graph.json is byte for byte what
`json.dumps(nx.node_link_data(G, edges="links"), ensure_ascii=False, indent=1, sort_keys=True)`
wrote; graph.graphml is the GraphML networkx reads back (`nx.read_graphml`), with lists and
dicts JSON-encoded as before.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from .atomic import atomic_path
from .sanitize import xml_value

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


def _element(obj: dict[str, Any]) -> str:
    """One element of a top-level list, as json.dumps(indent=1) writes it two levels down."""
    return "  " + json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")


def _scalar(v: Any) -> Any:
    if isinstance(v, dict | list | tuple):
        v = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return xml_value(v)


def _type(values: set[type]) -> str:
    if values <= {bool}:
        return "boolean"
    if values <= {int}:
        return "long"
    if values <= {int, float}:
        return "double"
    return "string"


def _text(v: Any, t: str) -> str:
    if t == "boolean":
        return "true" if v else "false"
    if t == "string":
        return escape(str(v))
    return repr(float(v)) if t == "double" else str(int(v))


def _kind(v: Any) -> type:
    """The type of `_scalar(v)`, without encoding it."""
    return str if isinstance(v, dict | list | tuple | str) else type(v)


def graphml_keys(nodes: list[Node], edges: list[Edge]) -> dict[tuple[str, str], tuple[str, str]]:
    """(element kind, attribute) -> (key id, GraphML type), the type found from the values (bool,
    integer, number, else string)."""
    seen: dict[tuple[str, str], set[type]] = {}
    for scope, items in (("node", (a for _, a in nodes)), ("edge", (a for *_, a in edges))):
        for a in items:
            for k, v in a.items():
                if v is not None:
                    seen.setdefault((scope, k), set()).add(_kind(v))
    return graphml_keys_from(seen)


def graphml_keys_from(seen: dict[tuple[str, str], set[type]]) -> dict[tuple[str, str], tuple[str, str]]:
    """The GraphML keys of the attributes seen, with the types of their values."""
    return {sk: (f"d{i}", _type(ts)) for i, (sk, ts) in enumerate(sorted(seen.items()))}


def graph_head(keys: dict[tuple[str, str], tuple[str, str]]) -> str:
    """graph.graphml up to its first element."""
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml."
           "graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"]
    for (scope, name), (kid, t) in keys.items():
        out.append(f'  <key id="{kid}" for="{scope}" attr.name={quoteattr(xml_value(name))} attr.type="{t}" />\n')
    return "".join(out) + '  <graph edgedefault="directed">\n'



def _data(keys: dict[tuple[str, str], tuple[str, str]], scope: str, a: dict[str, Any]) -> str:
    out = []
    for k, v in a.items():
        if v is None:
            continue
        kid, t = keys[(scope, k)]
        out.append(f'<data key="{kid}">{_text(_scalar(v), t)}</data>')
    return "".join(out)


def _texts(keys: dict[tuple[str, str], tuple[str, str]], el: tuple) -> tuple[str, str]:
    """(graph.json element, graph.graphml element) of a node (id, attrs) or an edge (u, v, key, attrs)."""
    if len(el) == 2:
        nid, a = el
        return (_element({**a, "id": nid}),
                f"    <node id={quoteattr(xml_value(nid))}>{_data(keys, 'node', a)}</node>\n")
    u, v, k, a = el
    return (_element({**a, "source": u, "target": v, "key": k}),
            f"    <edge source={quoteattr(xml_value(u))} target={quoteattr(xml_value(v))} "
            f"id={quoteattr(xml_value(k))}>{_data(keys, 'edge', a)}</edge>\n")


class TextCache:
    """Each element's two texts, kept in the store under a digest of the element and of the GraphML
    keys: the Python JSON encoder that indent= needs and the GraphML escaping were most of the time
    these files took, and between two publishes almost every element is the same."""

    def __init__(self, db: Any, keys: dict[tuple[str, str], tuple[str, str]]):
        self.db, self.keys = db, keys
        db.execute("CREATE TABLE IF NOT EXISTS graph_text(h TEXT PRIMARY KEY, json TEXT, graphml TEXT)")
        from .derived import code_digest

        self.salt = code_digest() + json.dumps(sorted(keys.items()))
        self.used: set[str] = set()

    def texts(self, els: list[tuple]) -> list[tuple[str, str]]:
        hs = [hashlib.sha1((self.salt + json.dumps(el, ensure_ascii=False, sort_keys=True)).encode()).hexdigest()
              for el in els]
        got: dict[str, tuple[str, str]] = {h: (j, g) for h, j, g in self.db.execute(
            f"SELECT h, json, graphml FROM graph_text WHERE h IN ({','.join('?' * len(hs))})", hs)}
        out, new = [], []
        for h, el in zip(hs, els, strict=True):
            t = got.get(h)
            if t is None:
                t = got[h] = _texts(self.keys, el)
                new.append((h, *t))
            out.append(t)
        self.db.executemany("INSERT OR REPLACE INTO graph_text VALUES(?,?,?)", new)
        self.used.update(hs)
        return out

    def close(self) -> None:
        """Texts of elements the graph no longer has go once they are a third of the table (not on
        every publish: that is a write per element)."""
        (n,) = self.db.execute("SELECT COUNT(*) FROM graph_text").fetchone()
        if n > 1.5 * len(self.used):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS graph_text_used(h TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM graph_text_used")
            self.db.executemany("INSERT OR IGNORE INTO graph_text_used VALUES(?)", [(h,) for h in self.used])
            self.db.execute("DELETE FROM graph_text WHERE h NOT IN (SELECT h FROM graph_text_used)")
        self.db.commit()


def write_graph_files(nodes: list[Node], edges: list[Edge], out_dir: Path, db: Any = None) -> list[Path]:
    """graph.json and graph.graphml in one pass; with `db` (the store's connection) each element's
    texts are read from the store when it has them (TextCache)."""
    keys = graphml_keys(nodes, edges)
    cache = TextCache(db, keys) if db is not None else None
    texts = cache.texts if cache else lambda els: [_texts(keys, el) for el in els]
    written = write_elements(Path(out_dir), keys, texts, (nodes[i:i + 500] for i in range(0, len(nodes), 500)),
                             (edges[i:i + 500] for i in range(0, len(edges), 500)))
    if cache:
        cache.close()
    return written


def _write_both(chunks: Iterable[list], texts: Callable[[list[tuple]], list[tuple[str, str]]],
                gf: IO[str], jf: IO[str]) -> int:
    """Each element's GraphML to `gf` and its JSON to `jf` as one comma-separated list; returns the count."""
    n = 0
    for chunk in chunks:
        for j, g in texts(chunk):
            gf.write(g)
            jf.write(("," if n else "") + "\n" + j)
            n += 1
    return n


def write_elements(out_dir: Path, keys: dict[tuple[str, str], tuple[str, str]],
                   texts: Callable[[list[tuple]], list[tuple[str, str]]],
                   node_chunks: Iterable[list[Node]], edge_chunks: Iterable[list[Edge]]) -> list[Path]:
    """Both files from the nodes, then the edges, in chunks as they come (from lists or from the
    store's rows); `texts` gives each element's (JSON, GraphML) text. GraphML lists the nodes first,
    graph.json the edges: the nodes' JSON waits in a temporary file, not in memory."""
    jp, gp = out_dir / "graph.json", out_dir / "graph.graphml"
    with atomic_path(jp) as jt, atomic_path(gp) as gt, open(jt, "w", encoding="utf-8") as jf, \
            open(gt, "w", encoding="utf-8") as gf, tempfile.TemporaryFile("w+", encoding="utf-8", dir=out_dir) as nf:
        gf.write(graph_head(keys))
        n = _write_both(node_chunks, texts, gf, nf)
        jf.write('{\n "directed": true,\n "graph": {},\n "links": [')
        m = _write_both(edge_chunks, texts, gf, jf)
        jf.write(("\n ]" if m else "]") + ',\n "multigraph": true,\n "nodes": [')
        nf.seek(0)
        while block := nf.read(1 << 20):
            jf.write(block)
        jf.write(("\n ]" if n else "]") + "\n}\n")
        gf.write("  </graph>\n</graphml>\n")
    return [gp, jp]


def builder_graph(b: Any) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges of a merged builder (graph._Builder) as graph._networkx makes the graph:
    sorted, without an edge to an item its document no longer has."""
    nodes = [(n, b.nodes[n]) for n in sorted(b.nodes)]
    edges = [(u, v, k, b.edges[(u, v, k)]) for u, v, k in sorted(b.edges) if u in b.nodes and v in b.nodes]
    return nodes, edges


def node_link(nodes: list[Node], edges: list[Edge]) -> dict[str, Any]:
    """networkx's node_link_data(G, edges="links") of the same graph (for the HTML report)."""
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": [{**a, "id": n} for n, a in nodes],
            "links": [{**a, "source": u, "target": v, "key": k} for u, v, k, a in edges]}
