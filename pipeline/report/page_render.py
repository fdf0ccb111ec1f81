"""The pages of the published report: the index (report.html), one page per document, one per alignment.

Each page is rendered from what it shows alone: a document page from the extractions of that document
(its readings), an alignment page from the one stored alignment and the two documents' stubs, the
index from one short row per document, directive and alignment. The templates are the single report's
(document.html.j2, alignment.html.j2), so a page reads like the section of the old one-file report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..catalogue import Catalogue
from .common import _asset, _json_script, show_time
from .graph_svg import GraphUnavailable, graph_svg
from .html import environment, filters, js_labels
from .i18n import labels
from .names import directive_label, doc_label

INDEX_GRAPH_DOCS = 60  # documents; up to this many the index draws the whole graph
INDEX_GRAPH_NODES = 80  # above it, only the most cited documents and directives, at most this many nodes


@dataclass
class DocLinks:
    """What a document page links to, with the hrefs relative to the page."""

    home: str
    dir_href: dict[str, str] = field(default_factory=dict)  # directive id -> the page of the document it is
    aligns: list[dict[str, Any]] = field(default_factory=list)  # its alignments: child, parent, counts, href
    cited_by: list[dict[str, str]] = field(default_factory=list)  # label, href of the documents citing it
    absent: list[str] = field(default_factory=list)  # parents it carries out that are not stored (messages)


def _base(L: dict[str, str], lang: str, *, title: str, digest: str, home: str | None, generated_at: str | None,
          gdata: dict[str, Any], search_hint: str, body_class: str = "") -> dict[str, Any]:
    return {"L": L, "lang": lang, "title": title, "digest": digest, "home": home, "body_class": body_class,
            "generator": f"vnpolicy {__version__}", "generated_at": show_time(generated_at, lang),
            "search_label": L["search_label"], "search_hint": search_hint,
            "css": Markup(_asset("report.css")), "js": Markup(_asset("report.js")),  # noqa: S704 - our own files
            "gdata_json": Markup(_json_script(gdata)),  # noqa: S704 - escaped by _json_script
            "i18n_json": Markup(_json_script(js_labels(L))),  # noqa: S704 - escaped by _json_script
            **filters(L, lang)}


def _draw(gdata: dict[str, Any], L: dict[str, str]) -> tuple[Markup, str]:
    try:
        svg = graph_svg(gdata, {k: L[f"edge_{k}"] for k in ("implements", "cites", "aligns_with")}, L["graph_more"])
        return Markup(svg), ""  # noqa: S704 - dot's output of escaped labels
    except GraphUnavailable as exc:
        return Markup(""), str(exc)


def _dref(hrefs: dict[str, str]) -> Any:
    """A cited directive's label, a link to its page when the directive is a stored document."""
    def ref(did: str) -> Markup | str:
        label = directive_label(did)
        return Markup('<a href="{}">{}</a>').format(hrefs[did], label) if did in hrefs else label
    return ref


def document_page(cat: Catalogue, sha: str, *, links: DocLinks, lang: str = "vi", digest: str = "",
                  generated_at: str | None = None) -> str:
    """The page of one document: `cat` holds its readings only (`sha` the one shown first)."""
    from .common import Index
    from .document import document_view
    from .graph_view import _graph_data

    L = labels(lang)
    d = next(x for x in cat.documents if x.document == sha)
    view = document_view(d, 0, L, lang, [d, *(x for x in cat.documents if x is not d)])
    gdata = _graph_data(cat, [d], [], Index(cat), None, {d.document: 0}, lang)
    for n in gdata["nodes"]:
        did = n["id"][4:] if n["k"] == "dir" else None
        if did in links.dir_href:
            n["href"] = links.dir_href[did]
    svg, error = _draw(gdata, L)
    ctx = _base(L, lang, title=doc_label(d), digest=digest, home=links.home, generated_at=generated_at,
                gdata=gdata, search_hint=L["search"])
    return environment().get_template("page.html.j2").render(
        **ctx, v=view, a=None, ends=[], doc_aligns=links.aligns, cited_by=links.cited_by, absent=links.absent,
        svg=svg, graph_error=error, graph_title=L["doc_graph"], graph_note="", dref=_dref(links.dir_href),
        doc_href=lambda doc: None)


def alignment_page(rep: Any, idx: Any, *, home: str, doc_href: dict[str, str], decisions: list | None = None,
                   lang: str = "vi", digest: str = "", generated_at: str | None = None) -> str:
    """The page of one alignment (an AlignmentReport); `idx` finds its two documents (stubs will do)."""
    from .alignment_view import alignment_view

    L = labels(lang)
    a = alignment_view(rep, 0, idx, decisions)
    title = f'{L["alignment_title"]}: {a["x"]["child"]} ↔ {a["x"]["parent"]}'
    ends = [(doc_href[s], lbl) for s, lbl in ((rep.child.sha256, a["x"]["child"]),
                                              (rep.parent.sha256, a["x"]["parent"])) if s in doc_href]
    ctx = _base(L, lang, title=title, digest=digest, home=home, generated_at=generated_at,
                gdata={"nodes": [], "edges": []}, search_hint=L["search"], body_class="one-alignment")
    return environment().get_template("page.html.j2").render(
        **ctx, v=None, a=a, ends=ends, doc_aligns=[], cited_by=[], absent=[], svg="", graph_error="",
        graph_title="", graph_note="", dref=directive_label,
        doc_href=lambda doc: doc_href.get(doc.document) if doc is not None else None)


@dataclass
class IndexData:
    """One short row per shown document, directive, alignment and missing parent (no items)."""

    documents: list[dict[str, Any]]
    directives: list[dict[str, Any]]
    alignments: list[dict[str, Any]]
    absent: list[dict[str, Any]]
    failures: list[Any]
    files: int
    n_tasks: int
    n_targets: int
    graph: dict[str, Any]
    graph_note: str = ""


def index_page(data: IndexData, *, lang: str = "vi", digest: str = "", generated_at: str | None = None) -> str:
    L = labels(lang)
    svg, error = _draw(data.graph, L)
    ctx = _base(L, lang, title=L["report_title"], digest=digest, home=None, generated_at=generated_at,
                gdata=data.graph, search_hint=L["filter"], body_class="index")
    ctx["search_label"] = L["filter_label"]
    return environment().get_template("index.html.j2").render(
        **ctx, documents=data.documents, directives=data.directives, alignments=data.alignments,
        absent=data.absent, failures=data.failures, files=data.files, n_tasks=data.n_tasks,
        n_targets=data.n_targets, svg=svg, graph_error=error, graph_title=L["graph"], graph_note=data.graph_note)


def index_graph(docs: list[dict[str, Any]], cited: dict[str, set[str]], own: dict[str, str],
                pairs: list[tuple[str, str]], levels: dict[str, str],
                lang: str = "vi") -> tuple[dict[str, Any], str]:
    """The index's graph: documents, the directives they cite, alignments. Whole up to INDEX_GRAPH_DOCS
    documents; above, only the INDEX_GRAPH_NODES nodes most cited (by at least two documents, or a
    parent of an alignment) that have an edge between them, and a note that says so.

    docs: rows with sha, label, short, level, title, href, issuer, date, implements;
    cited: directive id -> the shas citing it; own: directive id -> the sha that is it; levels: directive
    id -> the level the citing documents give it."""
    nodes: dict[str, dict[str, Any]] = {}
    for d in docs:
        nodes[d["sha"]] = {"id": f"doc:{d['sha']}", "k": "doc", "label": d["label"], "short": d["short"],
                           "level": d["level"], "title": d["title"], "href": d["href"], "issuer": d["issuer"],
                           "date": d["date"], "mentions": []}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def target(did: str) -> str:
        if did in own and own[did] in nodes:
            return own[did]
        if did not in nodes:
            nodes[did] = {"id": f"dir:{did}", "k": "dir", "label": directive_label(did),
                          "level": levels.get(did) or "unknown",
                          "title": None, "mentions": [], "flags": []}
        return did

    for did, shas in cited.items():
        t = target(did)
        for s in shas:
            if s in nodes and s != t:
                edges[(s, t, "cites")] = {"s": s, "t": t, "type": "cites"}
        nodes[t]["cited"] = len(shas)
    for d in docs:
        for did in d["implements"]:
            t = target(did)
            if t != d["sha"]:
                edges.pop((d["sha"], t, "cites"), None)
                edges[(d["sha"], t, "implements")] = {"s": d["sha"], "t": t, "type": "implements"}
    for c, p in pairs:
        if c in nodes and p in nodes:
            edges.setdefault((c, p, "aligns_with"), {"s": c, "t": p, "type": "aligns_with"})
    note = ""
    if len(docs) > INDEX_GRAPH_DOCS:
        indeg: dict[str, set[str]] = {}
        for s, t, _ in edges:
            indeg.setdefault(t, set()).add(s)
        parents = {p for _, p in pairs}
        ranked = sorted((k for k, v in indeg.items() if len(v) >= 2 or k in parents),
                        key=lambda k: (-len(indeg[k]), k))[:INDEX_GRAPH_NODES]
        keep = set(ranked)
        edges = {k: e for k, e in edges.items() if k[0] in keep and k[1] in keep}
        linked = {x for k in edges for x in k[:2]}
        # what the drawing is for at this size: which documents in the store carry out which parents; a
        # directive only commune documents cite would be a dot with no line (its count is on the index)
        nodes = {k: v for k, v in nodes.items() if k in (linked or keep)}
        note = labels(lang)["graph_scaled"].format(n=len(docs), shown=len(nodes))
    ids = {k: v["id"] for k, v in nodes.items()}
    return ({"nodes": list(nodes.values()),
             "edges": [{**e, "s": ids[e["s"]], "t": ids[e["t"]]} for e in edges.values()]}, note)
