"""The per-document part of the report: what templates/document.html.j2 shows of one document."""

from __future__ import annotations

from typing import Any

from ..catalogue import CatalogueDocument
from .common import LEVELS
from .i18n import code_name, diagnostic, flag
from .names import clean_heading, doc_label, doc_title, source_name

SEVERITY_CLASS = {"warning": "warning", "info": "info", "error": "error"}


def _outline(d: CatalogueDocument, L: dict[str, str], lang: str) -> tuple[list[dict], list[tuple[int, Any]]]:
    """The section tree with its tasks (each with its index, which makes its element id), and the tasks
    of no known section."""
    from .i18n import role

    by_sec: dict[str, list[tuple[int, Any]]] = {}
    for i, t in enumerate(d.tasks):
        by_sec.setdefault(t.section, []).append((i, t))
    targets_by_sec: dict[str, int] = {}
    for t in d.targets:
        targets_by_sec[t.section] = targets_by_sec.get(t.section, 0) + 1
    secs = {s.id: s for s in d.sections}

    def node(sid: str) -> dict[str, Any]:
        s = secs[sid]
        kids = [node(c) for c in s.children if c in secs]
        tasks = by_sec.get(sid, [])
        total = len(tasks) + sum(k["total"] for k in kids)
        head = clean_heading(f"{s.marker or ''} {s.title}")
        return {"id": s.id, "head": head, "role": role(s.role, lang) if s.role != "other" else "", "tasks": tasks,
                "children": kids, "total": total, "targets": targets_by_sec.get(sid, 0),
                "open": bool(total) and s.depth <= 1}

    roots = [node(s.id) for s in d.sections if not s.parent or s.parent not in secs]
    orphans = [(i, t) for i, t in enumerate(d.tasks) if t.section not in secs]
    return roots, orphans


def diagnostics_rows(d: CatalogueDocument, L: dict[str, str], lang: str = "vi") -> list[tuple[str, str, str, str]]:
    """(severity, kind, subject, message) for every diagnostic a reader should see, in the reader's language."""
    rows: list[tuple[str, str, str, str]] = []
    for x in d.directives:
        if x.flags:
            rows.append((L["warning"], L["flagged_directive"], x.id, ", ".join(flag(f, lang) for f in x.flags)))
        for m in x.mentions:
            if m.flags:
                what = ", ".join(flag(f, lang) for f in m.flags)
                msg = f"{what}: «{m.original}» → «{m.text}»" if m.original != m.text else f"{what}: «{m.text}»"
                rows.append((L["info"], L["repaired_mention"], x.id, msg))
    for m in d.unresolved:
        rows.append((L["warning"], L["unresolved"], m.form, f"«{m.original or m.text}»"))
    for g in d.diagnostics:
        rows.append((L.get(g.level, g.level), code_name(g.code, lang), "", diagnostic(g.code, g.message, lang)))
    return rows


def document_view(d: CatalogueDocument, n: int, L: dict[str, str], lang: str,
                  sources: list[CatalogueDocument]) -> dict[str, Any]:
    """Everything the document template shows of `d` (element ids use `n`)."""
    from .common import kind_label, show_date

    m = d.meta
    outline, orphans = _outline(d, L, lang)
    by_level: list[tuple[str, list]] = []
    for lv in LEVELS:
        ds = [x for x in d.directives if (x.level if x.level in LEVELS else "unknown") == lv]
        if ds:
            by_level.append((lv, sorted(ds, key=lambda x: (x.kind or "", x.id))))
    sev = {L["warning"]: "warning", L["info"]: "info", L["error"]: "error"}
    diags = [(s, k, sub, msg, sev.get(s, "info")) for s, k, sub, msg in diagnostics_rows(d, L, lang)]
    return {
        "n": n, "d": d, "label": doc_label(d), "title": doc_title(d),
        "meta_rows": [(L["doc_type"], kind_label(m.doc_type, m.title)), (L["number"], m.number),
                      (L["issuer"], m.issuer), (L["date"], show_date(m.date)), (L["title"], m.title)],
        "sources": [{"name": source_name(s), "format": s.source.get("format") or "", "pages": s.pages,
                     "method": s.method, "tasks": len(s.tasks)} for s in sources],
        "same_text": L["same_text"].format(n=len(sources)),
        "outline": outline, "orphans": orphans, "directives": by_level, "diagnostics": diags,
    }
