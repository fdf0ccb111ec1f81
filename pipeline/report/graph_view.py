"""The data behind the report's graph: documents and directives by level, with their edges."""

from __future__ import annotations

from typing import Any

from ..align.model import AlignmentReport
from ..catalogue import Catalogue, CatalogueDocument
from .common import (
    LEVELS,
    Index,
    _end_key,
    show_date,
)
from .i18n import flag
from .names import directive_label, doc_label, doc_short, doc_title, registry_title


def _graph_data(cat: Catalogue, docs: list[CatalogueDocument], aligns: list[AlignmentReport], idx: Index,
                graph: dict | None, doc_ids: dict[str, int], lang: str = "vi") -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    alias: dict[str, str] = {}
    entries = {x.id: x for x in cat.directives}
    for d in docs:
        n = doc_ids[d.document]
        nid = f"doc:{d.document}"
        nodes[nid] = {"id": nid, "k": "doc", "label": doc_label(d), "short": doc_short(d), "level": d.meta.level,
                      "title": doc_title(d), "sec": f"d{n}", "tasks": [f"d{n}-t{i}" for i in range(len(d.tasks))],
                      "targets": [f"d{n}-g{i}" for i in range(len(d.targets))], "issuer": d.meta.issuer,
                      "date": show_date(d.meta.date), "mentions": []}
        for k in (d.document, d.document[:16], d.meta.id, d.meta.number):
            if k:
                alias[k] = nid
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def dir_node(did: str) -> str:
        if did in alias:
            return alias[did]
        nid = f"dir:{did}"
        if nid not in nodes:
            ent = entries.get(did)
            nodes[nid] = {"id": nid, "k": "dir", "label": directive_label(did),
                          "level": ent.level if ent else "unknown",
                          "title": registry_title(did) or (ent.title if ent else None),
                          "issuer": (ent.issuer or ent.issuer_code) if ent else None,
                          "date": show_date(ent.date) if ent else None, "tasks": [], "targets": [], "mentions": [],
                          "flags": [flag(f, lang) for f in ent.flags] if ent else []}
            alias[did] = nid
        return nid

    for d in docs:
        src = alias[d.document]
        n = doc_ids[d.document]
        for x in d.directives:
            t = dir_node(x.id)
            if t == src:
                continue
            if x.level in LEVELS and x.level != "unknown" and nodes[t]["k"] == "dir":
                nodes[t]["level"] = x.level
            edges.setdefault((src, t, "cites"), {"s": src, "t": t, "type": "cites", "n": 0})["n"] += len(x.mentions)
            node = nodes[t]
            for m in x.mentions[:40]:
                node["mentions"].append({"doc": doc_label(d), "text": m.original or m.text,
                                          "flags": [flag(f, lang) for f in m.flags]})
        for i, t in enumerate(d.tasks):
            for c in t.cites:
                nd = nodes.get(alias.get(c, ""))
                if nd is not None and nd["k"] == "dir":
                    nd["tasks"].append(f"d{n}-t{i}")
        for i, t in enumerate(d.targets):
            for c in t.cites:
                nd = nodes.get(alias.get(c, ""))
                if nd is not None and nd["k"] == "dir":
                    nd["targets"].append(f"d{n}-g{i}")
        for imp in d.meta.implements:
            t = dir_node(imp)
            if t != src:
                edges.pop((src, t, "cites"), None)
                edges[(src, t, "implements")] = {"s": src, "t": t, "type": "implements"}

    def resolve(key: Any) -> str | None:
        if isinstance(key, dict):
            key = key.get("id")
        if not isinstance(key, str):
            return None
        if key in nodes:
            return key
        if key in alias:
            return alias[key]
        if ":" in key:
            head, rest = key.split(":", 1)
            if head in ("doc", "document", "dir", "directive", "d") and rest in alias:
                return alias[rest]
        return None

    extra = list(cat.links)
    for lk in extra:
        s, t = resolve(lk.src), resolve(lk.dst)
        if s and t and s != t and lk.type in ("implements", "cites", "aligns_with"):
            edges.setdefault((s, t, lk.type), {"s": s, "t": t, "type": lk.type})
    if graph:
        for gn in graph.get("nodes") or []:
            nid = resolve(gn.get("id")) if isinstance(gn, dict) else None
            if nid and nodes[nid]["level"] not in LEVELS[:-1] and gn.get("level") in LEVELS:
                nodes[nid]["level"] = gn["level"]
        for lk in graph.get("links") or graph.get("edges") or []:
            if not isinstance(lk, dict):
                continue
            s, t = resolve(lk.get("source")), resolve(lk.get("target"))
            typ = lk.get("type") or lk.get("kind") or "cites"
            if s and t and s != t and typ in ("implements", "cites", "aligns_with"):
                edges.setdefault((s, t, typ), {"s": s, "t": t, "type": typ})
    for a in aligns:
        c, p = idx.doc(_end_key(a, "child")), idx.doc(_end_key(a, "parent"))
        if c is not None and p is not None and c.document in alias and p.document in alias:
            s, t = alias[c.document], alias[p.document]
            edges.setdefault((s, t, "aligns_with"), {"s": s, "t": t, "type": "aligns_with"})
    for nd in nodes.values():
        if nd["level"] not in LEVELS:
            nd["level"] = "unknown"
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


# -- page ---------------------------------------------------------------------------------------
