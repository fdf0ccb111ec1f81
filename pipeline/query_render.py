"""The text the query commands print (`vnpolicy trace | align | search | show`), Vietnamese by default.

pipeline.query answers with data; this module says it to a person, through the one message
catalogue (pipeline/report/i18n.py), English with `--lang en`. Lists are printed whole unless the
user asks for fewer, and then the text says how many were left out and how to see them.
"""

from __future__ import annotations

import json
from typing import Any

from .report.i18n import labels, level_name, msg
from .report.names import directive_label, issuer_text, kind_name, registry_title, short_title, show_date


def node_name(n: dict[str, Any]) -> str:
    """A graph node as a reader knows it: a document by kind, number and issuer (an unnumbered one by its
    title, never its file name), a directive by its number, a task by its number and document."""
    kind = n.get("kind")
    if kind in ("document", "directive"):
        number = n.get("number") or n.get("directive")
        name = kind_name(n.get("doc_type"), n.get("title") if kind == "document" else None)
        out = name + (f" số {number}" if number else "")
        if n.get("issuer"):
            out += f" của {issuer_text(n['issuer'])}"
        if not number:
            title = short_title(n.get("title"), n.get("doc_type"), limit=80)
            out += f": {title}" if title else ""
        if number and number.startswith(("congress:", "charter:")):
            return directive_label(number)
        return out
    return n.get("label") or node_ref(n.get("node", ""))


def node_ref(node_id: str, lang: str = "vi", names: dict[str, str] | None = None) -> str:
    """A node id ("directive:03/NQ-CP/task:II/1/a", "body:Bộ Chính trị") in words; `names` gives the
    documents' names by node id (an unnumbered document's id is a hash)."""
    L = labels(lang)
    names = names or {}
    if node_id in names:
        return names[node_id]
    head, _, rest = node_id.partition(":")
    if head == "body":
        return rest
    if head in ("directive", "document"):
        doc, _, item = rest.partition("/task:") if "/task:" in rest else rest.partition("/target:")
        if item:
            what = L["q_task"] if "/task:" in rest else L["q_target"]
            return f"{what} {item} ({names.get(head + ':' + doc) or directive_label(doc)})"
        for sep, what in (("/section:", L["q_section"]), ("/responsibility:", L["responsibilities"].lower())):
            if sep in rest:
                doc, _, item = rest.partition(sep)
                return f"{what} {item} ({names.get(head + ':' + doc) or directive_label(doc)})"
        return directive_label(rest) if head == "directive" else f"{L['q_document']} {rest[:12]}"
    return node_id


def _cut(items: list, limit: int | None, lang: str) -> tuple[list, str | None]:
    if limit is None or len(items) <= limit:
        return items, None
    return items[:limit], msg("q_more", lang, n=len(items) - limit)


def _reasons(m: dict[str, Any]) -> str:
    r = m.get("reasons") or {}
    bits = []
    if r.get("task_number"):
        bits.append(f"nêu nhiệm vụ số {r['task_number']}")
    if r.get("citations"):
        bits.append("cùng dẫn chiếu " + ", ".join(r["citations"]))
    if r.get("terms"):
        bits.append("cùng thuật ngữ " + ", ".join(r["terms"][:4]))
    if r.get("numbers"):
        bits.append("số liệu " + ", ".join(r["numbers"][:3]))
    if r.get("same_section"):
        bits.append("cùng nhóm")
    if r.get("semantic") is not None:
        bits.append(f"ngữ nghĩa {r['semantic']:.2f}")
    if r.get("better_parent"):
        bits.append(f"giống nhiệm vụ {r['better_parent']} của cấp trên hơn")
    return "; ".join(bits)


def _cell(s: str) -> str:
    return " ".join(str(s).split()).replace("|", "/")


def store_names(store: Any) -> dict[str, str]:
    """Each stored document's name as a reader knows it, by sha256 and by file name."""
    out: dict[str, str] = {}
    for sha, name, doc_type, number, ident, title in store.db.execute(
            "SELECT sha256, name, doc_type, number, doc_id, title FROM documents"):
        label = node_name({"kind": "document", "doc_type": doc_type, "number": number or ident, "title": title})
        out[sha] = out[name] = label
    return out


def _named(text: str, names: dict[str, str]) -> str:
    """A message that names a document by its file says its name instead."""
    for key, label in names.items():
        if len(key) < 64 and key in text:
            text = text.replace(key, label)
    return text


def render_alignment(rep: dict[str, Any], fmt: str = "md", max_rows: int | None = None, lang: str = "vi",
                     names: dict[str, str] | None = None) -> str:
    """One alignment as Markdown (or plain text): everything unless `max_rows` cuts each list, and then
    each cut list ends with how many items it left out. `names` (store_names) names the documents."""
    from .align.model import CLASS_LABELS, VERDICT_LABELS

    if fmt == "json":
        return json.dumps(rep, ensure_ascii=False, indent=1)
    L, en = labels(lang), lang == "en"
    md = fmt == "md"
    h = "## " if md else ""
    c, p = rep["child"], rep.get("parent")
    names = names or {}
    notes = [f"{'> ' if md else ''}{L['q_not_aligned']}: {_named(m['message'], names)}"
             for m in rep.get("missing_parents") or []]
    if p is None:
        return "\n".join(notes)
    s = rep.get("stats", {})
    klass = {k: (k if en else v) for k, v in CLASS_LABELS.items()}
    def end(ref: dict[str, Any]) -> str:
        return names.get(ref["sha256"]) or ref.get("id") or ref["name"]

    out = [f"{'# ' if md else ''}{end(c)} → {end(p)}", *notes,
           msg("q_counts", lang, match=s.get("pairs_match", 0), review=s.get("pairs_review", 0),
               gaps=s.get("gaps", 0), upper=s.get("upper_level", 0), local=s.get("local", 0))]
    if rep.get("lead_filter"):
        f = rep["lead_filter"]
        out.append(msg("q_lead_filter", lang, lead=f["lead"], n=f["parent_tasks"], total=f["of"]))
    out.append("")
    out.append(f"{h}{L['q_pairs']}: {len(rep['pairs'])}")
    if md:
        out += [L["q_pair_head"], "|---|---|---|---|---|"]
    pairs, more = _cut(rep["pairs"], max_rows, lang)
    for pr in pairs:
        lead = f" ({pr['parent_lead']})" if pr.get("parent_lead") else ""
        for k, m in enumerate(pr["matches"]):  # the parent task once, then each of its child tasks
            row = [f"{pr['parent_task']}: {pr['parent_text']}{lead}" if k == 0 else "〃", f"{m['task']}: {m['text']}",
                   klass.get(m.get("klass") or "", m.get("klass") or ""), f"{m['score']:.2f}", _reasons(m)]
            out.append("| " + " | ".join(_cell(x) for x in row) + " |" if md else "  ".join(row))
    if more:
        out.append(more)
    gaps = [g for g in rep["gaps"] if g.get("status", "gap") == "gap"]
    upper = [g for g in rep["gaps"] if g.get("status") == "upper_level"]
    for title, items in ((L["q_gaps"], gaps), (L["q_upper"], upper), (L["q_local"], rep["local"])):
        out += ["", f"{h}{title}: {len(items)}"]
        shown, more = _cut(items, max_rows, lang)
        out += [f"- {g['task']}: {_cell(g['text'])}" + (f" ({L['q_lead']}: {g['lead']})" if g.get("lead") else "")
                for g in shown]
        if more:
            out.append(more)
    out += ["", f"{h}{L['q_targets']}: {len(rep['targets'])}"]
    shown, more = _cut(rep["targets"], max_rows, lang)
    for t in shown:
        v = t["verdict"] if en else VERDICT_LABELS.get(t["verdict"], t["verdict"])
        if t.get("child_text"):
            pair = msg("q_child_parent", lang, child=_cell(t["child_text"] or ""), parent=_cell(t["parent_text"] or ""))
            out.append(f"- {v}: {pair} ({t['reason']})")
        else:
            out.append(f"- {v}: {_cell(t['parent_text'] or '')}")
    if more:
        out.append(more)
    cit = rep["citations"]
    out += ["", f"{h}{L['q_citations']}",
            f"- {L['q_missing']}: {', '.join(directive_label(x) for x in cit['missing_in_child']) or '—'}",
            f"- {L['q_unresolved']}: {', '.join(directive_label(x) for x in cit['unresolved']) or '—'}"]
    return "\n".join(out)


def render_trace(t: dict[str, Any], max_items: int | None = None, lang: str = "vi") -> str:
    L = labels(lang)
    edge = {"cites": L["edge_cites"], "implements": L["edge_implements"], "aligns_with": L["edge_aligns_with"]}
    kinds = {"task": L["q_task"], "target": L["q_target"]}
    lines: list[str] = []

    def title(n: dict[str, Any]) -> str:
        bits = [node_name(n)]
        if n.get("level"):
            bits.append(level_name(n["level"], lang))
        if n.get("date"):
            bits.append(show_date(n["date"]))
        return " · ".join(bits)

    def walk(n: dict[str, Any], indent: int) -> None:
        pad = "  " * indent
        for c in n.get("children", []):
            sus = f" [{L['q_suspect']}: {', '.join(c['suspect'])}]" if c.get("suspect") else ""
            rep = f" ({L['q_repeated']})" if c.get("repeated") else f" ({L['q_not_followed']})" if c.get("cut") else ""
            lines.append(f"{pad}└─ {'/'.join(edge.get(x, x) for x in c['edge'])} ← {title(c)}{sus}{rep}")
            items, more = _cut(c.get("items", []), max_items, lang)
            for it in items:
                how = msg("q_aligns", lang, score=f"{it['score']:.2f}", item=it["parent"].rsplit("/", 1)[-1]) \
                    if it["via"] == "aligns_with" else L["q_cites"]
                lines.append(f"{pad}     {kinds.get(it['kind'], it['kind'])} {it['label']} ({how}): {_context(it)}")
            if more:
                lines.append(f"{pad}     {more}")
            walk(c, indent + 1)
        if n.get("more_docs"):
            lines.append(f"{pad}└─ {msg('q_more_docs', lang, n=n['more_docs'])}")

    lines.append(title(t))
    walk(t, 0)
    return "\n".join(lines)


def _context(it: dict[str, Any], width: int = 160) -> str:
    """The item's text; for a citation, the words around the mention, which say what is carried out."""
    text = " ".join((it.get("text") or "").split())
    ev = it.get("evidence") or {}
    needle = ev.get("text") if isinstance(ev, dict) else None
    at = text.find(needle) if needle else -1
    if at < 0 or len(text) <= width:
        return text
    start = max(0, at - width // 2)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def render_search(rows: list[dict[str, str]], query: str = "", total: int | None = None, lang: str = "vi") -> str:
    """The hits, then how many there are, and whether the list stops before the end."""
    L = labels(lang)
    if not rows:
        return msg("q_no_match", lang, q=query)
    kinds = {"task": L["q_task"], "target": L["q_target"]}
    out = [f"{r['document']}  {kinds.get(r['kind'], r['kind'])} {r['item']}: {r['snippet']}" for r in rows]
    n = total if total is not None else len(rows)
    out.append("")
    out.append(msg("q_found_cut", lang, n=len(rows), total=n, q=query) if n > len(rows)
               else msg("q_found", lang, n=n, q=query))
    return "\n".join(out)


_SHOW_FIELDS = ("doc_type", "number", "issuer", "level", "date", "title", "name", "text", "lead", "deadline")


def render_show(d: dict[str, Any], lang: str = "vi", max_links: int | None = None,
                names: dict[str, str] | None = None) -> str:
    """One node: its name, its facts in words, and its links grouped by kind, counted."""
    L = labels(lang)
    names = {"doc_type": L["doc_type"], "number": L["number"], "issuer": L["issuer"], "level": L["level"],
             "date": L["date"], "title": L["title"], "name": L["file"], "text": L["text"], "lead": L["lead"],
             "deadline": L["deadline"]}
    lines = [node_name(d)]
    facts = dict(d)
    if facts.get("kind") in ("document", "directive"):
        facts["title"] = registry_title(facts.get("directive")) or facts.get("title")
        facts["doc_type"] = kind_name(facts.get("doc_type"), facts.get("title")) if facts.get("doc_type") else None
    for k in _SHOW_FIELDS:
        v = facts.get(k)
        if not v:
            continue
        if k == "level":
            v = level_name(v, lang)
        elif k == "date":
            v = show_date(v)
        lines.append(f"  {names[k]}: {' '.join(str(v).split())}")
    if d.get("contains"):
        lines.append(f"  {L['q_contains']}: {d['contains']}")
    for key, arrow, who in (("out", "→", "to"), ("in", "←", "from")):
        groups: dict[str, list[str]] = {}
        for e in d[key]:
            ref = node_ref(e[who], lang, names) + (f" ({e['score']:.2f})" if isinstance(e.get("score"), float) else "")
            if ref not in groups.setdefault(e["type"], []):
                groups[e["type"]].append(ref)
        for typ, refs in groups.items():
            name = L.get(f"edge_{typ}", typ)
            lines.append(f"  {arrow} {name} ({len(refs)}):")
            shown, more = _cut(refs, max_links, lang)
            lines += [f"      {r}" for r in shown]
            if more:
                lines.append(f"      {more}")
    return "\n".join(lines)
