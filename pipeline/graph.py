"""The linked graph of the corpus: documents, their items, the directives they cite, the bodies.

One node per directive: a corpus document that IS a directive (its meta.id) is that directive's
node (kind "document", attribute `directive` = its id), so a citation leads straight into the
cited text and its tasks. Node ids are stable (`directive:57-NQ/TW`, `document:<sha16>`,
`<document node>/task:<task id>`, `body:<name>`) and nodes and edges are inserted in sorted
order, so two builds over the same extractions write identical files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from .align.model import AlignmentReport
    from .catalogue import Link
    from .records import Directive, Extraction, Mention

ITEM_KINDS = ("section", "task", "target", "responsibility")


def directive_node(did: str) -> str:
    return f"directive:{did}"


def document_node(e: Extraction) -> str:
    return directive_node(e.meta.id) if e.meta.id else f"document:{e.document[:16]}"


def item_node(doc: str, kind: str, item_id: str) -> str:
    return f"{doc}/{kind}:{item_id}"


def body_node(name: str) -> str:
    return "body:" + re.sub(r"\s+", " ", name.strip())


def _ev(block: str | None, start: int | None, end: int | None, text: str | None) -> dict[str, Any]:
    return {"block": block, "start": start, "end": end, "text": (text or "")[:300]}


def _mention_ev(m: Mention) -> dict[str, Any]:
    return _ev(m.block, m.doc_start, m.doc_end, m.text)


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._count: dict[tuple[str, str, str], int] = {}

    def node(self, nid: str, **attrs: Any) -> None:
        cur = self.nodes.setdefault(nid, {})
        for k, v in attrs.items():
            if v is not None and (cur.get(k) is None or k == "kind" and v == "document"):
                cur[k] = v

    def override(self, nid: str, **attrs: Any) -> None:
        self.nodes[nid].update(attrs)

    def edge(self, u: str, v: str, etype: str, **attrs: Any) -> None:
        n = self._count.get((u, v, etype), 0)
        self._count[(u, v, etype)] = n + 1
        key = f"{etype}:{n}"
        self.edges[(u, v, key)] = {"type": etype, **{k: x for k, x in attrs.items() if x is not None}}


def build_graph(extractions: list[Extraction], alignments: list[AlignmentReport] | list[dict]) -> nx.MultiDiGraph:
    b = _Builder()
    exts = sorted(extractions, key=lambda e: e.document)
    docnode = {e.document: document_node(e) for e in exts}
    own = {e.meta.id: e for e in exts if e.meta.id}

    # directives first (facts from the registry/cite stage), then documents over them
    for e in exts:
        for d in sorted(e.directives, key=lambda d: d.id):
            _directive(b, d)
    for e in exts:
        _document(b, e, docnode[e.document])
    for did, e in sorted(own.items()):
        b.node(directive_node(did), in_corpus=e.document)

    for e in exts:
        _citations(b, e, docnode[e.document])

    for rep in _reports(alignments):
        child, parent = docnode.get(rep.child.sha256), docnode.get(rep.parent.sha256)
        if child is None or parent is None:
            continue
        _alignment(b, rep, child, parent)

    _flag_suspects(b)
    return _networkx(b)


def _networkx(b: _Builder) -> nx.MultiDiGraph:
    import networkx as nx

    G = nx.MultiDiGraph()
    for nid in sorted(b.nodes):
        G.add_node(nid, **b.nodes[nid])
    for u, v, k in sorted(b.edges):
        if u not in G or v not in G:  # an aligned item the extraction no longer has
            continue
        G.add_edge(u, v, key=k, **b.edges[(u, v, k)])
    return G


def _alignment(b: _Builder, rep: AlignmentReport, child: str, parent: str) -> None:
    """The aligns_with edges of one report, between the items of the child and parent nodes."""
    for p in rep.pairs:
        for m in p.matches:
            b.edge(item_node(child, "task", m.task), item_node(parent, "task", p.parent_task), "aligns_with",
                   score=m.score, method="tasks:" + rep.method, evidence=m.evidence.model_dump(),
                   terms=m.terms, klass=m.klass)
    for t in rep.targets:
        if t.child_target and t.parent_target:
            b.edge(item_node(child, "target", t.child_target), item_node(parent, "target", t.parent_target),
                   "aligns_with", score=t.indicator_score, method="targets:indicator-tfidf",
                   verdict=t.verdict, evidence=_ev(None, None, None, t.child_text))


def _citations(b: _Builder, e: Extraction, dn: str) -> None:
    """The document's and its items' cites edges, and its implements edges."""
    for d in sorted(e.directives, key=lambda d: d.id):
        dst = directive_node(d.id)
        if d.id == e.meta.id:
            continue
        first = min(d.mentions, key=lambda m: m.doc_start) if d.mentions else None
        b.edge(dn, dst, "cites", evidence=_mention_ev(first) if first else None, mentions=len(d.mentions))
        for kind, items in (("task", e.tasks), ("target", e.targets)):
            for it in items:
                if d.id not in it.cites:
                    continue
                ms = [m for m in d.mentions if it.prov.start <= m.doc_start < it.prov.end]
                ev = _mention_ev(ms[0]) if ms else _ev(it.prov.block, it.prov.start, it.prov.end, it.text)
                b.edge(item_node(dn, kind, it.id), dst, "cites", evidence=ev)
    for did in e.meta.implements:
        d = next((x for x in e.directives if x.id == did), None)
        first = min(d.mentions, key=lambda m: m.doc_start) if d and d.mentions else None
        b.node(directive_node(did), kind="directive", directive=did)
        b.edge(dn, directive_node(did), "implements", evidence=_mention_ev(first) if first else None)


def _reports(alignments: list) -> list[AlignmentReport]:
    from .align.model import AlignmentReport

    out = [a if isinstance(a, AlignmentReport) else AlignmentReport.model_validate(a) for a in alignments]
    return sorted(out, key=lambda r: (r.child.sha256, r.parent.sha256))


def _directive(b: _Builder, d: Directive) -> None:
    nid = directive_node(d.id)
    b.node(nid, kind="directive", directive=d.id, label=d.id, doc_type=d.kind, level=d.level, date=d.date,
           title=d.title, known=d.known, system=d.system, issuer=d.issuer, issuer_code=d.issuer_code)
    if d.issuer:
        b.node(body_node(d.issuer), kind="body", label=d.issuer)
        b.edge(nid, body_node(d.issuer), "issued_by", evidence=_ev(None, None, None, d.issuer))


def _document(b: _Builder, e: Extraction, dn: str) -> None:
    m = e.meta
    b.node(dn, kind="document", label=m.id or e.source.get("name"), directive=m.id, sha256=e.document,
           name=e.source.get("name"), doc_type=m.doc_type, number=m.number, level=m.level, date=m.date,
           title=m.title, issuer=m.issuer)
    b.override(dn, **{k: v for k, v in (("level", m.level), ("date", m.date), ("title", m.title))
                      if v and v != "unknown"})  # the text itself wins
    if m.issuer:
        b.node(body_node(m.issuer), kind="body", label=m.issuer)
        b.edge(dn, body_node(m.issuer), "issued_by", evidence=_ev(None, None, None, m.issuer))
    for s in e.sections:
        sn = item_node(dn, "section", s.id)
        b.node(sn, kind="section", label=s.label or s.id, doc=dn, item=s.id, text=s.title[:300], role=s.role)
        parent = item_node(dn, "section", s.parent) if s.parent else dn
        b.edge(parent, sn, "contains", evidence=_ev(s.prov.block, s.prov.start, s.prov.end, s.title))
    sections = {s.id for s in e.sections}
    for kind, items in (("task", e.tasks), ("target", e.targets), ("responsibility", e.responsibilities)):
        for it in items:
            n = item_node(dn, kind, it.id)
            text = it.duties if kind == "responsibility" else it.text
            attrs: dict[str, Any] = {"kind": kind, "label": it.id, "doc": dn, "item": it.id, "text": text}
            if kind == "task":
                attrs.update(lead=it.lead, deadline=it.deadline)
            elif kind == "responsibility":
                attrs.update(body=it.body)
            b.node(n, **attrs)
            src = item_node(dn, "section", it.section) if it.section in sections else dn
            b.edge(src, n, "contains", evidence=_ev(it.prov.block, it.prov.start, it.prov.end, text))


def _flag_suspects(b: _Builder) -> None:
    """A citation downwards (central cites commune) or of a text dated after the citing one."""
    from .links import suspect  # the one rule, also applied to the links table's rows

    for (u, v, _k), attrs in b.edges.items():
        src = b.nodes.get(b.nodes.get(u, {}).get("doc", u), {})  # an item cites with its document's facts
        dst = b.nodes.get(v, {})
        flags = suspect(attrs["type"], src.get("level"), src.get("date"), dst.get("level"), dst.get("date"))
        if flags:
            attrs["suspect"] = flags


# output ----------------------------------------------------------------------------------------

def graph_links(G: nx.MultiDiGraph, include_contains: bool = False) -> list[Link]:
    """Edges as catalogue links; `contains` is left out (the documents carry their outline)."""
    return edge_links(((u, v, a) for u, v, a in G.edges(data=True)), include_contains)


def edge_links(edges: Iterable[tuple[str, str, dict[str, Any]]], include_contains: bool = False) -> list[Link]:
    from .catalogue import Link

    out = []
    for u, v, attrs in edges:
        if attrs["type"] == "contains" and not include_contains:
            continue
        out.append(Link(src=u, dst=v, type=attrs["type"], score=attrs.get("score"),
                        method=attrs.get("method"), evidence=attrs.get("evidence"),
                        suspect=list(attrs.get("suspect", []))))
    return out


def graph_json(G: nx.MultiDiGraph) -> dict[str, Any]:
    import networkx as nx

    return nx.node_link_data(G, edges="links")


def write_graph(G: nx.MultiDiGraph, out_dir: str | Path) -> None:
    """graph.graphml (lists and dicts JSON-encoded) and graph.json (node-link), each atomically."""
    from .graph_files import write_graph_files

    nodes = [(n, a) for n, a in G.nodes(data=True)]
    edges = [(u, v, k, a) for u, v, k, a in G.edges(keys=True, data=True)]
    write_graph_files(nodes, edges, Path(out_dir))
