"""Questions asked of the store: trace a directive down the levels, show an alignment, search, show.

Pure functions over a `Store` that return data, and renderers that turn the data into text.
The graph is read from the store's graph rows, node by node through indexes (graph_rows.StoreGraph),
and alignments from the alignments table: no extraction is loaded and networkx is not imported.
A store written before those tables (never published since) is read the old way, whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NotFound
from .query_render import render_alignment as render_alignment  # the text side, re-exported
from .query_render import render_search as render_search
from .query_render import render_show as render_show
from .query_render import render_trace as render_trace

if TYPE_CHECKING:
    import networkx as nx

    from .records import Extraction
    from .store import Store


class QueryError(NotFound):
    """An id that matches nothing, or more than one thing, in the store."""


def load(store: Store) -> tuple[list[Extraction], list[dict[str, Any]]]:
    exts = list(store.extractions())
    raw = store.get_meta("alignments")
    if raw is None and store.db.execute("SELECT 1 FROM sqlite_master WHERE name='alignments'").fetchone():
        return exts, [json.loads(js) for js in store.alignment_json()]
    return exts, (json.loads(raw) if raw else [])


def indexed(store: Store) -> bool:
    """The store has graph rows for every stored document and its alignments as rows."""
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"graph_rows", "alignments", "missing_parents"} <= tables:
        return False
    if store.db.execute("SELECT 1 FROM extractions WHERE sha256 NOT IN (SELECT doc FROM graph_rows) "
                        "LIMIT 1").fetchone():
        return False
    return store.get_meta("alignments") is None or store.db.execute("SELECT 1 FROM alignments LIMIT 1").fetchone()


def store_graph(store: Store) -> Any:
    """The corpus graph: from the store's rows (StoreGraph), or rebuilt whole from an older store."""
    if indexed(store):
        from .graph_rows import StoreGraph

        return StoreGraph(store.db)
    from .graph import build_graph

    exts, aligns = load(store)
    return build_graph(exts, aligns)


def resolve(G: nx.MultiDiGraph, ident: str) -> str:
    """A node id from what a user types: a directive id, node id, sha prefix, file name or number."""
    if not ident.isascii():
        try:
            ident.encode("utf-8")
        except UnicodeEncodeError:  # bytes a shell passed through that are not UTF-8: SQLite would refuse them
            raise QueryError(f"{ident!r}: not UTF-8 text, so no directive, document or item in the store") from None
    if ident in G:
        return ident
    if f"directive:{ident}" in G:
        return f"directive:{ident}"
    if "/" in ident and Path(ident).is_file():  # a path typed by a user: match its file name
        ident = Path(ident).name
    low = ident.casefold().replace(" ", "")
    hits = []
    nodes = ((n, G.nodes[n]) for n in G.candidates(low)) if hasattr(G, "candidates") else G.nodes(data=True)
    for n, a in nodes:
        if a.get("kind") not in ("document", "directive"):
            continue
        keys = [a.get("directive"), a.get("number"), a.get("name"), a.get("sha256")]
        if any(k and (k.casefold().replace(" ", "") == low or (len(low) >= 6 and k.casefold().startswith(low)))
               for k in keys):
            hits.append(n)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise QueryError(f"{ident!r} is ambiguous: {', '.join(sorted(hits)[:5])}")
    raise QueryError(f"{ident!r}: no such directive, document or item in the store")


def _doc_of(G: nx.MultiDiGraph, n: str) -> str:
    return G.nodes[n].get("doc", n)


def _brief(G: nx.MultiDiGraph, n: str) -> dict[str, Any]:
    a = G.nodes[n]
    out = {"node": n, "kind": a.get("kind"), "label": a.get("label")}
    for k in ("level", "date", "title", "name", "text", "in_corpus", "doc_type", "number", "directive", "issuer"):
        if a.get(k):
            out[k] = a[k]
    return out


def trace(G: nx.MultiDiGraph, ident: str, max_depth: int = 4, max_docs: int | None = None) -> dict[str, Any]:
    """Everything that carries out `ident`, level by level.

    Under a directive or document: the documents that implement or cite it (each with its
    tasks that cite it or align with its tasks, then recursively what carries them out), and
    the items of documents that cite it from inside a task or target.

    `max_docs` cuts each node's list of documents (the rest are counted in "more_docs"): a central
    resolution that every commune carries out has thousands, and a reader wants the first ones
    and the count, not a tree the size of the store. Items are read only for the documents kept.
    With a cut, at most 3 x `max_docs` documents are followed down in all; the others are listed
    with their items but not followed ("cut": True).
    """
    root = resolve(G, ident)
    seen = {root}
    budget = [3 * max_docs if max_docs is not None else -1]

    def down(n: str, depth: int) -> dict[str, Any]:
        node = _brief(G, n)
        children: list[dict[str, Any]] = []
        docs: dict[str, dict[str, Any]] = {}
        only, more = _cut_sources(G, n, max_docs)
        if more:
            node["more_docs"] = more
        in_edges = G.in_edges(n, data=True) if only is None else G.in_edges(n, data=True, docs=only)
        for u, _, a in sorted(in_edges, key=lambda x: x[0]):
            if a["type"] not in ("cites", "implements"):
                continue
            d = _doc_of(G, u)
            if d == n:
                continue
            entry = docs.setdefault(d, {"edges": set(), "suspect": set(), "items": {}})
            entry["edges"].add(a["type"])
            entry["suspect"] |= set(a.get("suspect", []))
            if u != d:
                entry["items"][u] = {"node": u, "via": "cites", "evidence": a.get("evidence")}
        # tasks/targets of other documents aligned with this document's items
        indexed = hasattr(G, "items_of")  # a store's graph reads only the alignment rows of the items
        items = (G.items_of(n, only, aligned_only=True) if indexed
                 else {m for m in G.nodes if G.nodes[m].get("doc") == n})
        for it in sorted(items):
            for u, _, a in (G.aligned_in_edges(it) if indexed else G.in_edges(it, data=True)):
                if a["type"] != "aligns_with":
                    continue
                d = _doc_of(G, u)
                entry = docs.setdefault(d, {"edges": set(), "suspect": set(), "items": {}})
                entry["edges"].add("aligns_with")
                prev = entry["items"].get(u)
                if prev is not None and prev["via"] == "cites":
                    prev.setdefault("score", a.get("score"))
                elif prev is None or prev.get("score", 0) < (a.get("score") or 0):
                    entry["items"][u] = {"node": u, "via": "aligns_with", "score": a.get("score"), "parent": it}
        kept = sorted(docs)
        if max_docs is not None and len(kept) > max_docs:  # a graph without indexes: cut what was read
            node["more_docs"] = node.get("more_docs", 0) + len(kept) - max_docs
            kept = kept[:max_docs]
        for d in kept:
            e = docs[d]
            child: dict[str, Any] = {"edge": sorted(e["edges"]), "suspect": sorted(e["suspect"]),
                     "items": sorted((_item(G, it) for it in e["items"].values()), key=_item_order)}
            if d in seen or depth >= max_depth:
                child.update(_brief(G, d), children=[], repeated=d in seen)
            elif budget[0] == 0:
                child.update(_brief(G, d), children=[], cut=True)
            else:
                budget[0] -= 1
                seen.add(d)
                child.update(down(d, depth + 1))
            children.append(child)
        node["children"] = children
        return node

    return down(root, 0)


def _cut_sources(G: Any, n: str, max_docs: int | None) -> tuple[list[str] | None, int]:
    """With a store's graph and more documents under `n` than `max_docs`: the shas of the first
    `max_docs` (in the order a trace lists them) and how many are left out; else (None, 0)."""
    if max_docs is None or not hasattr(G, "sources"):
        return None, 0
    src = G.sources(n)
    nodes = sorted(set(src.values()))
    if len(nodes) <= max_docs:
        return None, 0
    keep = set(nodes[:max_docs])
    return sorted(sha for sha, d in src.items() if d in keep), len(nodes) - max_docs


def _item(G: nx.MultiDiGraph, it: dict[str, Any]) -> dict[str, Any]:
    """A trace item with its node's attributes, read only for the documents a trace shows."""
    out = {**_brief(G, it["node"]), **it}
    if "parent" in it:
        out["parent_text"] = G.nodes[it["parent"]].get("text", "")[:120]
    return out


def _item_order(it: dict[str, Any]) -> tuple:
    return (it["via"] != "cites", it["kind"] != "task", -(it.get("score") or 0), it["node"])


# alignment -------------------------------------------------------------------------------------

def find_alignments(store: Store, child: str, parent: str | None = None) -> list[dict[str, Any]]:
    """Alignment records (as JSON) of `child`; a parent the child carries out that is not in the store
    comes back as a record with only `missing_parents`, so the user is told to add it."""
    if not indexed(store):
        return _find_alignments_whole(store, child, parent)
    from .incremental import finish

    G = store_graph(store)
    c = resolve(G, child)
    p = resolve(G, parent) if parent else None
    sha = G.nodes[c].get("sha256")
    psha = G.nodes[p].get("sha256") if p else None
    current = set(store.current_shas())
    in_corpus = {i for s, i in store.db.execute("SELECT sha256, doc_id FROM documents WHERE doc_id IS NOT NULL")
                 if s in current}
    missing = store.missing_parents(sha) if sha else {}
    out = [finish(js, in_corpus, missing) for js in store.alignment_json(sha, psha)] if sha else []
    absent = [m for m in missing.get(sha or "", []) if parent is None or parent in (m["parent_id"], p)]
    if out or not (p and sha and psha):
        if not out and absent:
            return [{"child": absent[0]["child"], "parent": None, "missing_parents": absent}]
        if not out:
            raise QueryError(f"no alignment of {child!r}{' with ' + parent if parent else ''} in the store")
        return out
    from .align import align  # not stored: align now (both documents are in the store)

    ce, pe = next(store.extractions([sha])), next(store.extractions([psha]))
    return [finish(align(ce, pe).model_dump_json(), in_corpus, missing)]


def only_lead(rep: dict[str, Any], lead: str) -> dict[str, Any]:
    """The alignment with only the parent tasks whose lead agency contains `lead` (diacritics and case
    optional: "bo khoa hoc" finds "Bộ Khoa học và Công nghệ"); a parent task with no lead is left out.
    Child-only tasks, targets and citations are kept; `lead_filter` says what was kept of how many."""
    from .textfold import fold

    want = fold(lead).strip()

    def keep(name: str | None) -> bool:
        return bool(name) and want in fold(name or "")

    pairs = [p for p in rep.get("pairs") or [] if keep(p.get("parent_lead"))]
    gaps = [g for g in rep.get("gaps") or [] if keep(g.get("lead"))]
    total = len(rep.get("pairs") or []) + len(rep.get("gaps") or [])
    return {**rep, "pairs": pairs, "gaps": gaps,
            "lead_filter": {"lead": lead, "parent_tasks": len(pairs) + len(gaps), "of": total}}


def _find_alignments_whole(store: Store, child: str, parent: str | None = None) -> list[dict[str, Any]]:
    """find_alignments over a store without alignment rows: every record loaded, the graph built."""
    exts, aligns = load(store)
    from .align import missing_parents
    from .graph import build_graph

    G = build_graph(exts, [])
    c = resolve(G, child)
    p = resolve(G, parent) if parent else None
    sha = {G.nodes[n].get("sha256") for n in [c]} - {None}
    psha = {G.nodes[p].get("sha256")} if p else None
    out = [a for a in aligns if a["child"]["sha256"] in sha and (psha is None or a["parent"]["sha256"] in psha)]
    absent = [m.model_dump(mode="json") for m in missing_parents(exts) if m.child.sha256 in sha
              and (parent is None or parent in (m.parent_id, p))]
    if out or not (p and sha and psha and None not in psha):
        if not out and absent:
            return [{"child": absent[0]["child"], "parent": None, "missing_parents": absent}]
        if not out:
            raise QueryError(f"no alignment of {child!r}{' with ' + parent if parent else ''} in the store")
        return out
    from .align import align  # not stored: align now (both documents are in the store)

    by = {e.document: e for e in exts}
    return [align(by[next(iter(sha))], by[next(iter(psha))], corpus=exts).model_dump(mode="json")]


# search and show -------------------------------------------------------------------------------

MAX_LIMIT = 1000
MAX_WORDS = 32


def search_words(text: str) -> tuple[str, bool]:
    """The query as searched: valid text, each word once, at most MAX_WORDS words; and whether it was cut.

    A command line may carry bytes that are not UTF-8 (they arrive as lone surrogates) and a
    word repeated 2,000 times made one query take 20 s.
    """
    clean = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    clean = "".join(c if c.isprintable() else " " for c in clean)
    words = list(dict.fromkeys(clean.split()))
    return " ".join(words[:MAX_WORDS]), len(words) > MAX_WORDS


def search(store: Store, text: str, limit: int = 20) -> list[dict[str, str]]:
    words, _ = search_words(text)
    limit = max(1, min(limit, MAX_LIMIT))
    return [{"document": name, "item": item, "kind": kind, "snippet": snip}
            for name, item, kind, snip in store.search(words, limit)]


def show(G: nx.MultiDiGraph, ident: str) -> dict[str, Any]:
    n = resolve(G, ident)
    out = {"node": n, **G.nodes[n]}
    out["out"] = [{"type": a["type"], "to": v, **({"score": a["score"]} if "score" in a else {}),
                   **({"suspect": a["suspect"]} if "suspect" in a else {})}
                  for _, v, a in G.out_edges(n, data=True) if a["type"] != "contains"]
    out["in"] = [{"type": a["type"], "from": u, **({"score": a["score"]} if "score" in a else {})}
                 for u, _, a in G.in_edges(n, data=True) if a["type"] != "contains"]
    out["contains"] = sum(1 for _, _, a in G.out_edges(n, data=True) if a["type"] == "contains")
    return out
