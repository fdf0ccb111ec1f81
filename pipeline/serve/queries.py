"""What the pages show, read from the store's index tables (never the whole catalogue in memory).

Every function takes a store opened for reading by `pages.reader()`; nothing here writes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..report.common import LEVELS, show_date
from ..report.i18n import diagnostic, level_name
from ..textfold import fold

if TYPE_CHECKING:
    from ..store import Store

MAX_HITS = 200


def doc_name(doc_type: str | None, number: str | None, issuer: str | None, title: str | None) -> str:
    """"Kế hoạch số 144/KH-UBND của UBND tỉnh", the way the query commands and the report name a document."""
    from ..query_render import node_name

    return node_name({"kind": "document", "doc_type": doc_type, "number": number, "issuer": issuer, "title": title})


@dataclass
class DocRow:
    sha: str
    file: str
    label: str
    number: str | None
    doc_id: str | None
    kind: str | None
    level: str
    date: str
    title: str
    issuer: str
    tasks: int
    targets: int
    diagnostics: int
    directives: int = 0
    as_child: int = 0  # stored alignments where it is the lower level
    name: str = ""  # the file name the store keeps (an upload's with its content prefix)


def documents(store: Store) -> list[DocRow]:
    """Every current document, top level first, then by date and number."""
    current = set(store.current_shas())
    counts: dict[str, dict[str, int]] = {}
    for table in ("tasks", "targets", "directives"):
        for doc, n in store.db.execute(f"SELECT doc, COUNT(*) FROM {table} GROUP BY doc"):
            counts.setdefault(doc, {})[table] = n
    children: dict[str, int] = {}
    for c, n in store.db.execute("SELECT child, COUNT(*) FROM alignments GROUP BY child"):
        children[c] = n
    facts = _facts(store)
    rows = store.db.execute("SELECT sha256, name, doc_type, number, doc_id, level, date, title FROM documents")
    out = []
    for sha, name, kind, number, did, level, date, title in rows:
        if sha not in current:
            continue
        issuer, ndiag = facts.get(sha, (None, 0))
        c = counts.get(sha, {})
        out.append(DocRow(sha, shown_file(name), doc_name(kind, number or did, issuer, title), number, did, kind,
                          level or "unknown", show_date(date), title or "", issuer or "", c.get("tasks", 0),
                          c.get("targets", 0), ndiag or 0, c.get("directives", 0), children.get(sha, 0), name))
    order = {lv: i for i, lv in enumerate(LEVELS)}
    out.sort(key=lambda d: (order.get(d.level, len(order)), d.label, d.file))
    return out


_FACTS: dict[tuple[str, str], tuple[str | None, int]] = {}


def _facts(store: Store) -> dict[str, tuple[str | None, int]]:
    """(issuer, number of diagnostics) by document. Not in the index tables: read from the extraction's
    JSON once per (sha, version) and kept, since a stored extraction never changes under its key."""
    keys = dict(store.db.execute("SELECT sha256, version FROM extractions"))
    todo = [s for s, v in keys.items() if (s, v) not in _FACTS]
    for i in range(0, len(todo), 200):
        chunk = todo[i:i + 200]
        for sha, version, issuer, n in store.db.execute(
                "SELECT sha256, version, json_extract(json, '$.meta.issuer'), json_array_length(json, '$.diagnostics') "
                f"FROM extractions WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk):
            _FACTS[(sha, version)] = (issuer, n or 0)
    if len(_FACTS) > 4 * len(keys) + 1000:  # documents gone from the store
        for k in [k for k in _FACTS if keys.get(k[0]) != k[1]]:
            _FACTS.pop(k, None)
    return {s: _FACTS[(s, v)] for s, v in keys.items() if (s, v) in _FACTS}


def shown_file(name: str) -> str:
    """A file name as a person gave it: an upload's content prefix (uploads.save) left out."""
    return re.sub(r"^[0-9a-f]{12}_", "", name or "")


def by_level(rows: list[DocRow]) -> list[tuple[str, str, list[DocRow]]]:
    """(level code, level name, rows) in LEVELS order, empty levels left out."""
    return [(lv, level_name(lv), [r for r in rows if r.level == lv]) for lv in LEVELS
            if any(r.level == lv for r in rows)]


def marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet's "[hit]" brackets as (text, is_hit) parts, so the template escapes each."""
    out: list[tuple[str, bool]] = []
    rest = snippet
    while "[" in rest and "]" in rest[rest.index("["):]:
        a = rest.index("[")
        b = rest.index("]", a)
        if a:
            out.append((rest[:a], False))
        out.append((rest[a + 1:b], True))
        rest = rest[b + 1:]
    if rest:
        out.append((rest, False))
    return out


@dataclass
class Hit:
    sha: str
    doc: str
    level: str
    item: str
    kind: str
    lead: str
    parts: list[tuple[str, bool]] = field(default_factory=list)


def search(store: Store, q: str, *, level: str = "", doc: str = "", lead: str = "") -> tuple[list[Hit], int]:
    """Tasks and targets whose text holds the words of `q` (diacritics ignored, the exact phrase first),
    filtered by the document's level, the document and the lead agency; (hits shown, hits in all)."""
    from ..search_folded import search_folded

    docs = {r.name: r for r in documents(store)}
    leads = {(d, i): ld or "" for d, i, ld in store.db.execute("SELECT doc, id, lead FROM tasks")}
    want_lead = fold(lead).strip()
    if q.strip():
        raw = [(n, i, k, s) for n, i, k, s in search_folded(store, q)]
    elif want_lead or doc:
        raw = [(name, i, "task", t) for name, i, t in store.db.execute(
            "SELECT d.name, t.id, t.text FROM tasks t JOIN documents d ON d.sha256 = t.doc ORDER BY d.name, t.rowid")]
    else:
        return [], 0
    hits: list[Hit] = []
    for name, item, kind, snip in raw:
        d = docs.get(name)
        if d is None or (level and d.level != level) or (doc and doc not in (d.sha, d.file)):
            continue
        ld = leads.get((d.sha, item), "")
        if want_lead and want_lead not in fold(ld):
            continue
        hits.append(Hit(d.sha, d.label, d.level, item, kind, ld, marked(snip) if q.strip() else [(snip, False)]))
    return hits[:MAX_HITS], len(hits)


def lead_agencies(store: Store, limit: int = 300) -> list[str]:
    """The lead agencies named in tasks, most frequent first (the filter's suggestions)."""
    return [r[0] for r in store.db.execute(
        "SELECT lead FROM tasks WHERE lead IS NOT NULL AND lead != '' GROUP BY lead ORDER BY COUNT(*) DESC, lead "
        "LIMIT ?", (limit,))]


def document(store: Store, sha: str) -> dict[str, Any] | None:
    """One document's page: its facts, tasks, targets, diagnostics, what it cites and who cites it."""
    row = store.db.execute("SELECT json FROM extractions WHERE sha256=?", (sha,)).fetchone()
    if row is None or sha not in set(store.current_shas()):
        return None
    ext = json.loads(row[0])
    m = ext["meta"]
    by_id = {did: s for s, did in store.db.execute("SELECT sha256, doc_id FROM documents WHERE doc_id IS NOT NULL")}
    task_cites: dict[str, list[str]] = {}
    for t in ext["tasks"]:
        for c in t.get("cites") or []:
            task_cites.setdefault(c, []).append(t["id"])
    cites = [{"id": d["id"], "title": d.get("title") or "", "known": d.get("known"), "sha": by_id.get(d["id"]),
              "level": d.get("level") or "unknown",
              "implements": d["id"] in m.get("implements", []), "tasks": task_cites.get(d["id"], []),
              "mentions": len(d.get("mentions") or [])} for d in ext["directives"]]
    cites.sort(key=lambda c: (not c["implements"], c["sha"] is None, c["id"]))
    cited_by: list[dict[str, Any]] = []
    if m.get("id"):
        for other, name in store.db.execute(
                "SELECT DISTINCT x.doc, d.name FROM directives x JOIN documents d ON d.sha256 = x.doc WHERE x.id=?",
                (m["id"],)):
            if other == sha:
                continue
            impl = store.db.execute("SELECT 1 FROM implements WHERE doc=? AND directive=?", (other, m["id"])).fetchone()
            tasks = [i for i, c in store.db.execute("SELECT id, cites FROM tasks WHERE doc=?", (other,))
                     if m["id"] in json.loads(c or "[]")]
            cited_by.append({"sha": other, "file": name, "implements": bool(impl), "tasks": tasks})
    current = set(store.current_shas())
    cited_by = [c for c in cited_by if c["sha"] in current]
    rows = {r.sha: r for r in documents(store)}
    names = {s: r.label for s, r in rows.items()}
    for c in cited_by:
        c["label"] = names.get(c["sha"], c["file"])
        c["level"] = rows[c["sha"]].level if c["sha"] in rows else "unknown"
    # upward: what the stored parents carry out in turn, to the top (the chain to the central level)
    chain: list[tuple[str, str, str | None]] = []
    todo = [c["sha"] for c in cites if c["sha"] and c["implements"]]
    seen = {sha, *todo}
    while todo and len(chain) < 40:
        up = todo.pop(0)
        for (did,) in store.db.execute("SELECT directive FROM implements WHERE doc=? ORDER BY rowid", (up,)):
            if ":" in did:
                continue
            target = by_id.get(did) if by_id.get(did) in current else None
            chain.append((up, did, target))
            if target and target not in seen:
                seen.add(target)
                todo.append(target)
    pairs = store.db.execute("SELECT child, parent FROM alignments WHERE child=? OR parent=?", (sha, sha))
    aligned = [{"child": c, "parent": p, "child_label": names.get(c, c[:12]), "parent_label": names.get(p, p[:12])}
               for c, p in pairs if c in current and p in current]
    return {"sha": sha, "file": shown_file(ext["source"]["name"]), "meta": m,
            "label": names.get(sha, ext["source"]["name"]),
            "level": level_name(m.get("level")), "date": show_date(m.get("date")), "tasks": ext["tasks"],
            "targets": ext["targets"], "cites": cites, "cited_by": cited_by, "aligned": aligned, "chain": chain,
            "levels": {s: r.level for s, r in rows.items()}, "labels": names,
            "diagnostics": [{"level": d["level"], "text": diagnostic(d["code"], d["message"])}
                            for d in ext["diagnostics"]]}


def document_graph(page: dict[str, Any]) -> dict[str, Any]:
    """The document, what it cites or implements and what cites it, as the report's graph data."""
    m = page["meta"]
    me = f"doc:{page['sha']}"
    nodes = [{"id": me, "k": "doc", "label": page["label"], "short": m.get("number") or page["label"],
              "level": m.get("level") or "unknown", "title": m.get("title")}]
    edges = []
    seen = {me}
    for c in page["cites"]:
        nid = f"doc:{c['sha']}" if c["sha"] else f"dir:{c['id']}"
        if nid not in seen:
            seen.add(nid)
            nodes.append({"id": nid, "k": "doc" if c["sha"] else "dir", "label": c["id"], "short": c["id"],
                          "level": c["level"], "title": c["title"]})
        edges.append({"s": me, "t": nid, "type": "implements" if c["implements"] else "cites"})
    for c in page["cited_by"]:
        nid = f"doc:{c['sha']}"
        if nid not in seen:
            seen.add(nid)
            nodes.append({"id": nid, "k": "doc", "label": c["label"], "short": c["label"], "level": c["level"]})
        edges.append({"s": nid, "t": me, "type": "implements" if c["implements"] else "cites"})
    for src, did, target in page["chain"]:
        nid = f"doc:{target}" if target else f"dir:{did}"
        if nid not in seen:
            seen.add(nid)
            lv = page["levels"].get(target or "", "unknown")
            label = page["labels"].get(target or "", did)
            nodes.append({"id": nid, "k": "doc" if target else "dir", "label": label, "short": did, "level": lv})
        edges.append({"s": f"doc:{src}", "t": nid, "type": "implements"})
    return {"nodes": nodes, "edges": edges}

