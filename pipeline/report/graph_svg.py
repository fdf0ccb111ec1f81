"""The document graph drawn by Graphviz `dot` at report-build time, as inline SVG.

A layered layout that keeps boxes and labels apart is what `dot` does (network simplex ranking,
crossing reduction, spline routing); the hand-written layout it replaces overlapped boxes from about
ten documents on. Parents sit above the documents that carry them out; `unflatten` staggers the many
directives one document alone cites over a few rows, so the drawing does not become one long row.
Text is measured by dot with the font the page then uses (DejaVu Sans, Debian's fonts-dejavu-core),
so labels stay inside their boxes. The SVG goes into the page itself: the report stays one offline
file. Without `dot` on the machine the report says so in place of the drawing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from html import escape
from typing import Any

FONT = "DejaVu Sans"
COLORS = {"central": "#c0392b", "province": "#1f6fb2", "district": "#7d3c98", "commune": "#1e8449",
          "unknown": "#7f8c8d"}
DOT_TIMEOUT = 120
LR_FROM = 12  # documents; more than this and the graph is drawn left to right (children left of parents)
FULL_UP_TO = 80  # nodes; above it, a directive only one document cites becomes a count on that document


class GraphUnavailable(RuntimeError):
    """`dot` is missing or failed: the report shows a note instead of the drawing."""


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(label: str, width: int = 24, lines: int = 3) -> str:
    parts = textwrap.wrap(label, width) or [label]
    if len(parts) > lines:
        parts = [*parts[:lines - 1], parts[lines - 1][:width - 1] + "…"]
    return "\n".join(parts)


def _shown(gdata: dict[str, Any], more: str) -> tuple[list[dict], list[dict], dict[str, int]]:
    """The nodes and edges drawn. A large graph leaves out the directives only one document cites (they
    say nothing about how documents connect) and counts them on that document instead."""
    nodes, edges = gdata["nodes"], gdata["edges"]
    if len(nodes) <= FULL_UP_TO:
        return nodes, edges, {}
    degree: dict[str, int] = {}
    for e in edges:
        degree[e["s"]] = degree.get(e["s"], 0) + 1
        degree[e["t"]] = degree.get(e["t"], 0) + 1
    kinds = {n["id"]: n["k"] for n in nodes}
    lone = {n["id"] for n in nodes if n["k"] == "dir" and degree.get(n["id"], 0) <= 1
            and not any(e["t"] == n["id"] and e["type"] == "implements" for e in edges)}
    hidden: dict[str, int] = {}
    for e in edges:
        if e["t"] in lone and kinds.get(e["s"]) == "doc":
            hidden[e["s"]] = hidden.get(e["s"], 0) + 1
    return ([n for n in nodes if n["id"] not in lone], [e for e in edges if e["s"] not in lone and e["t"] not in lone],
            hidden)


def dot_source(gdata: dict[str, Any], edge_names: dict[str, str], more: str = "+{n}") -> str:
    """The graph in the DOT language: one node per document and cited directive, edges child -> parent;
    disconnected parts packed into a block rather than one long row."""
    nodes, edges, hidden = _shown(gdata, more)
    # a few documents: parents above children; many: in columns, so the drawing grows the way a page scrolls
    rankdir = "LR" if sum(n["k"] == "doc" for n in nodes) > LR_FROM else "BT"
    out = ["digraph G {", f"graph [rankdir={rankdir}, nodesep=0.15, ranksep=0.45, fontname={_q(FONT)}, "
           "bgcolor=transparent, splines=true, pad=0.1, pack=8, packmode=\"array_u\"];",
           f"node [fontname={_q(FONT)}, fontsize=10, margin=\"0.08,0.04\"];",
           f"edge [fontname={_q(FONT)}, fontsize=8, arrowsize=0.6, color=\"#8a96a3\"];"]
    ids = {n["id"]: f"n{i}" for i, n in enumerate(gdata["nodes"])}
    for n in nodes:
        col = COLORS.get(n.get("level") or "unknown", COLORS["unknown"])
        cls = f'{n["k"]} lv-{n.get("level") or "unknown"}'
        if n["k"] == "doc":
            style = (f"shape=box, style=\"rounded,filled\", fillcolor={_q(col)}, color=\"#1d2329\", "
                     "fontcolor=white, penwidth=1.2")
            label = _wrap(n.get("short") or n["label"])
            if hidden.get(n["id"]):
                label += "\n" + more.format(n=hidden[n["id"]])
        else:
            style = f"shape=ellipse, style=filled, fillcolor=white, color={_q(col)}, penwidth=1.6, fontsize=9"
            label = _wrap(n["label"], 18, 2)
        out.append(f"{ids[n['id']]} [id={_q('g' + ids[n['id']])}, class={_q(cls)}, label={_q(label)}, {style}];")
    strong = {(e["s"], e["t"]) for e in edges if e["type"] == "implements"}
    for e in edges:
        if e["s"] not in ids or e["t"] not in ids:
            continue
        if e["type"] == "cites" and (e["s"], e["t"]) in strong:
            continue  # carrying a document out says more than citing it: one line
        kind = e["type"]
        attrs = {"implements": "penwidth=1.6, color=\"#1d2329\"", "aligns_with": "style=dashed, color=\"#1f6fb2\"",
                 "cites": ""}.get(kind, "")
        out.append(f"{ids[e['s']]} -> {ids[e['t']]} [class={_q('edge-' + kind)}, "
                   f"tooltip={_q(edge_names.get(kind, kind))}{', ' + attrs if attrs else ''}];")
    out.append("}")
    return "\n".join(out)


def run_dot(src: str) -> str:
    exe, unflatten = shutil.which("dot"), shutil.which("unflatten")
    if exe is None:
        raise GraphUnavailable("dot (Debian package graphviz) is not installed")
    try:
        if unflatten:  # directives cited by one document only fan out: stagger them over a few rows
            u = subprocess.run([unflatten, "-f", "-l", "4", "-c", "5"], input=src.encode("utf-8"),
                               capture_output=True, timeout=DOT_TIMEOUT, check=False)
            if u.returncode == 0 and u.stdout:
                src = u.stdout.decode("utf-8")
        r = subprocess.run([exe, "-Tsvg"], input=src.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT,
                           check=False)
    except subprocess.TimeoutExpired as exc:
        raise GraphUnavailable(f"dot took more than {DOT_TIMEOUT} s") from exc
    if r.returncode != 0:
        raise GraphUnavailable(r.stderr.decode("utf-8", "replace").strip()[:300] or f"dot exit {r.returncode}")
    return r.stdout.decode("utf-8")


def inline_svg(svg: str, gdata: dict[str, Any]) -> str:
    """dot's SVG made fit for the inside of a page: no prolog, comments or namespace URLs; each node
    knows its graph id (data-id) and can take the keyboard; its tooltip is its name and title."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg)
    svg = re.sub(r"<a\b[^>]*>|</a>", "", svg)  # tooltips come as links; a title element is enough
    by = {f"gn{i}": n for i, n in enumerate(gdata["nodes"])}

    def node(m: re.Match) -> str:
        n = by.get(m.group(1))
        if n is None:
            return m.group(0)
        return f'<g id="{m.group(1)}" data-id="{escape(n["id"])}" tabindex="0" class="node'

    svg = re.sub(r'<g id="(gn\d+)" class="node', node, svg)

    def title(m: re.Match) -> str:
        n = by.get(m.group(2))
        tip = n["label"] + (f" — {n['title']}" if n and n.get("title") else "") if n else m.group(3)
        return f'{m.group(1)}<title>{escape(tip)}</title>'

    svg = re.sub(r'(<g id="(gn\d+)"[^>]*>)\s*<title>([^<]*)</title>', title, svg)
    return svg.replace("<svg ", '<svg id="gsvg" role="img" ', 1)


def graph_svg(gdata: dict[str, Any], edge_names: dict[str, str], more: str = "+{n}") -> str:
    """The inline SVG of the report's graph (raises GraphUnavailable without a working `dot`); `more`
    says how many directives only this document cites, in a large graph."""
    if not gdata["nodes"]:
        return ""
    return inline_svg(run_dot(dot_source(gdata, edge_names, more)), gdata)
