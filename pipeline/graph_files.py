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

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .atomic import atomic_path
from .sanitize import xml_value

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


def _element(obj: dict[str, Any]) -> str:
    """One element of a top-level list, as json.dumps(indent=1) writes it two levels down."""
    return "  " + json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")


def write_json(path: Path, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write('{\n "directed": true,\n "graph": {},\n "links": [')
        n = 0
        for u, v, k, a in edges:
            f.write(("," if n else "") + "\n" + _element({**a, "source": u, "target": v, "key": k}))
            n += 1
        f.write(("\n ]" if n else "]") + ',\n "multigraph": true,\n "nodes": [')
        n = 0
        for nid, a in nodes:
            f.write(("," if n else "") + "\n" + _element({**a, "id": nid}))
            n += 1
        f.write(("\n ]" if n else "]") + "\n}\n")


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


def write_graphml(path: Path, nodes: list[Node], edges: list[Edge]) -> None:
    """GraphML of the graph: one <key> per attribute name and element kind, its type found from the
    values (bool, integer, number, else string)."""
    seen: dict[tuple[str, str], set[type]] = {}
    for scope, items in (("node", (a for _, a in nodes)), ("edge", (a for *_, a in edges))):
        for a in items:
            for k, v in a.items():
                if v is not None:
                    seen.setdefault((scope, k), set()).add(type(_scalar(v)))
    keys = {sk: (f"d{i}", _type(ts)) for i, (sk, ts) in enumerate(sorted(seen.items()))}

    def data(scope: str, a: dict[str, Any]) -> str:
        out = []
        for k, v in a.items():
            if v is None:
                continue
            kid, t = keys[(scope, k)]
            out.append(f'<data key="{kid}">{_text(_scalar(v), t)}</data>')
        return "".join(out)

    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml."
                "graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
        for (scope, name), (kid, t) in keys.items():
            f.write(f'  <key id="{kid}" for="{scope}" attr.name={quoteattr(xml_value(name))} attr.type="{t}" />\n')
        f.write('  <graph edgedefault="directed">\n')
        for nid, a in nodes:
            f.write(f"    <node id={quoteattr(xml_value(nid))}>{data('node', a)}</node>\n")
        for u, v, k, a in edges:
            f.write(f"    <edge source={quoteattr(xml_value(u))} target={quoteattr(xml_value(v))} "
                    f"id={quoteattr(xml_value(k))}>{data('edge', a)}</edge>\n")
        f.write("  </graph>\n</graphml>\n")


def write_graph_files(nodes: list[Node], edges: list[Edge], out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    write_graphml(out_dir / "graph.graphml", nodes, edges)
    write_json(out_dir / "graph.json", nodes, edges)
    return [out_dir / "graph.graphml", out_dir / "graph.json"]


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
