"""The per-document part of the report: metadata, outline, targets, directives, diagnostics."""

from __future__ import annotations

from typing import Any

from ..catalogue import CatalogueDocument
from .common import (
    COMPARATORS,
    LEVELS,
    _badges,
    _ds,
    _fmt_num,
    _kv_table,
    _lv,
    doc_label,
    e,
)


def _metadata(d: CatalogueDocument, L: dict[str, str]) -> str:
    m, s = d.meta, d.source
    return _kv_table([
        (L["doc_type"], e(m.doc_type)), (L["number"], e(m.number)), (L["id"], e(m.id)),
        (L["issuer"], e(m.issuer)), (L["level"], _lv(m.level, L)), (L["date"], e(m.date)),
        (L["title"], e(m.title)), (L["implements"], _badges(m.implements)),
        (L["file"], e(s.get("name"))), (L["format"], e(s.get("format"))), (L["pages"], e(d.pages)),
        (L["method"], e(d.method)), ("SHA-256", f"<code>{e(d.document)}</code>"),
        (L["paths"], "<br>".join(e(p) for p in d.paths)),
    ])


def _task_li(t: Any, dom_id: str, L: dict[str, str]) -> str:
    extra = []
    if t.lead:
        extra.append(f'<span class="meta"><b>{e(L["lead"])}:</b> {e(t.lead)}</span>')
    if t.partners:
        extra.append(f'<span class="meta"><b>{e(L["partners"])}:</b> {e(", ".join(t.partners))}</span>')
    if t.output:
        extra.append(f'<span class="meta"><b>{e(L["output"])}:</b> {e(t.output)}</span>')
    if t.deadline:
        extra.append(f'<span class="meta dl"><b>{e(L["deadline"])}:</b> {e(t.deadline)}</span>')
    if t.cites:
        extra.append(f'<span class="meta">{_badges(t.cites)}</span>')
    mk = f'<span class="mk">{e(t.marker)}</span> ' if t.marker else ""
    meta = f'<div class="tmeta">{"".join(extra)}</div>' if extra else ""
    search = _ds(t.text, t.lead, " ".join(t.partners), t.deadline, " ".join(t.cites), t.id)
    return (f'<li class="task" id="{e(dom_id)}" data-search="{search}" title="{e(t.id)}">'
            f'{mk}<span class="tt">{e(t.text)}</span>{meta}</li>')


def _outline(d: CatalogueDocument, n: int, L: dict[str, str]) -> str:
    by_sec: dict[str, list[tuple[int, Any]]] = {}
    for i, t in enumerate(d.tasks):
        by_sec.setdefault(t.section, []).append((i, t))
    targets_by_sec: dict[str, int] = {}
    for t in d.targets:
        targets_by_sec[t.section] = targets_by_sec.get(t.section, 0) + 1
    secs = {s.id: s for s in d.sections}
    count: dict[str, int] = {}

    def total(sid: str) -> int:
        if sid not in count:
            s = secs[sid]
            count[sid] = len(by_sec.get(sid, [])) + sum(total(c) for c in s.children if c in secs)
        return count[sid]

    def render(sid: str) -> str:
        s = secs[sid]
        kids = "".join(render(c) for c in s.children if c in secs)
        tasks = by_sec.get(sid, [])
        lis = "".join(_task_li(t, f"d{n}-t{i}", L) for i, t in tasks)
        ul = f'<ul class="tasks">{lis}</ul>' if lis else ""
        k = total(sid)
        cnt = f' <span class="cnt">{k} {e(L["tasks"].lower())}</span>' if k else ""
        if targets_by_sec.get(sid):
            cnt += f' <span class="cnt tg">{targets_by_sec[sid]} {e(L["targets"].lower())}</span>'
        role = f' <span class="role">{e(s.role)}</span>' if s.role not in ("other",) else ""
        head = f'{e(s.marker or "")} {e(s.title)}'.strip()
        open_ = " open" if k and s.depth <= 1 else ""
        return (f'<details class="sec" data-sec="{e(s.id)}"{open_}><summary>{head}{role}{cnt}</summary>'
                f'<div class="secbody">{ul}{kids}</div></details>')

    roots = [s.id for s in d.sections if not s.parent or s.parent not in secs]
    body = "".join(render(r) for r in roots)
    orphans = [(i, t) for i, t in enumerate(d.tasks) if t.section not in secs]
    if orphans:
        lis = "".join(_task_li(t, f"d{n}-t{i}", L) for i, t in orphans)
        body += f'<details class="sec" open><summary>—</summary><ul class="tasks">{lis}</ul></details>'
    return body or f'<p class="muted">{e(L["none"])}</p>'


def _metric_cells(t: Any, L: dict[str, str]) -> tuple[str, str, str, str]:
    vals, comps, units, dls = [], [], [], []
    for m in t.metrics:
        v = _fmt_num(m.value)
        if m.value_max is not None:
            v += f"–{_fmt_num(m.value_max)}"
        if m.period == "annual":
            v += f' <span class="muted">/{e(L["annual"])}</span>'
        ind = f'<span class="ind">{e(m.indicator)}</span>' if m.indicator else ""
        vals.append(f'<div class="metric"><b>{v}</b> {ind}</div>')
        comps.append(f'<div title="{e(m.comparator or "")}">{e(COMPARATORS.get(m.comparator or "", ""))}</div>')
        units.append(f"<div>{e(m.unit or t.unit or '')}</div>")
        dls.append(f"<div>{e(m.deadline or '')}</div>")
    if not t.metrics:
        q = f'<span class="muted">{e(L["qualitative"])}</span>' if t.qualitative else ""
        return q, "", e(t.unit or ""), ""
    return "".join(vals), "".join(comps), "".join(units), "".join(dls)


def _targets_table(d: CatalogueDocument, n: int, L: dict[str, str]) -> str:
    if not d.targets:
        return f'<p class="muted">{e(L["none"])}</p>'
    rows = []
    for i, t in enumerate(d.targets):
        v, c, u, dl = _metric_cells(t, L)
        grp = f'{e(t.group)} ' if t.group else ""
        search = _ds(t.text, t.indicator, t.label, " ".join(t.cites), t.id)
        rows.append(
            f'<tr class="target" id="d{n}-g{i}" data-search="{search}" title="{e(t.id)}">'
            f'<td class="nw">{grp}{e(t.label or "")}</td><td>{e(t.text)}{_badges(t.cites)}</td>'
            f'<td>{v}</td><td class="c">{c}</td><td>{u}</td><td class="c">{dl}</td><td>{e(t.lead or "")}</td></tr>')
    head = "".join(f"<th>{e(L[k])}</th>" for k in ("label", "text", "value", "comparator", "unit", "deadline", "lead"))
    return f'<table class="grid targets"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _directives_by_level(d: CatalogueDocument, L: dict[str, str]) -> str:
    if not d.directives:
        return f'<p class="muted">{e(L["none"])}</p>'
    out = []
    for lv in LEVELS:
        ds = [x for x in d.directives if (x.level if x.level in LEVELS else "unknown") == lv]
        if not ds:
            continue
        rows = []
        for x in sorted(ds, key=lambda x: (x.kind or "", x.id)):
            flags = "".join(f'<span class="flag f-{e(f)}">{e(f)}</span>' for f in x.flags)
            rows.append(
                f'<tr class="dir lvrow-{lv}" data-search="{_ds(x.id, x.title, x.issuer)}">'
                f'<td class="nw"><b>{e(x.id)}</b></td><td>{e(x.kind or "")}</td>'
                f'<td>{e(x.issuer or x.issuer_code or "")}</td><td class="nw">{e(x.date or "")}</td>'
                f'<td>{e(x.title or "")}</td><td class="c">{len(x.mentions)}</td>'
                f'<td class="c">{e(L["yes"] if x.known else L["no"])}</td><td>{flags}</td></tr>')
        head = "".join(f"<th>{e(L[k])}</th>" for k in ("id", "kind", "issuer", "date", "title", "mentions",
                                                          "known", "flags"))
        out.append(f'<h4>{_lv(lv, L)} <span class="cnt">{len(ds)}</span></h4>'
                   f'<table class="grid dirs lvtab-{lv}"><thead><tr>{head}</tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table>')
    return "".join(out)


def diagnostics_rows(d: CatalogueDocument, L: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(severity, kind, subject, message) for every diagnostic a reader should see."""
    rows: list[tuple[str, str, str, str]] = []
    for x in d.directives:
        if x.flags:
            rows.append(("warning", L["flagged_directive"], x.id, ", ".join(x.flags)))
        for m in x.mentions:
            if m.flags:
                msg = f'{", ".join(m.flags)}: «{m.original}» → «{m.text}»' if m.original != m.text else \
                    f'{", ".join(m.flags)}: «{m.text}»'
                rows.append(("info", L["repaired_mention"], x.id, msg))
    for m in d.unresolved:
        rows.append(("warning", L["unresolved"], m.form, f"«{m.original or m.text}» ({m.block})"))
    for g in d.diagnostics:
        rows.append((g.level, g.code, g.block or "", g.message))
    return rows


def _diagnostics(d: CatalogueDocument, L: dict[str, str]) -> str:
    rows = diagnostics_rows(d, L)
    if not rows:
        return f'<p class="muted">{e(L["no_diagnostics"])}</p>'
    body = "".join(f'<tr class="sev-{e(s)}"><td>{e(s)}</td><td>{e(k)}</td><td class="nw"><b>{e(sub)}</b></td>'
                   f'<td>{e(msg)}</td></tr>' for s, k, sub, msg in rows)
    head = "".join(f"<th>{e(L[k])}</th>" for k in ("severity", "kind", "id", "message"))
    return f'<table class="grid diag"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _responsibilities(d: CatalogueDocument, L: dict[str, str]) -> str:
    if not d.responsibilities:
        return ""
    rows = "".join(f'<tr data-search="{_ds(r.body, r.duties)}"><td class="nw">{e(r.label or "")}</td>'
                   f'<td><b>{e(r.body)}</b></td><td>{e(", ".join(r.roles))}</td><td>{e(r.duties)}</td></tr>'
                   for r in d.responsibilities)
    head = "".join(f"<th>{e(L[k])}</th>" for k in ("label", "body", "kind", "duties"))
    return (f'<details class="blk"><summary><h3>{e(L["responsibilities"])} <span class="cnt">'
            f'{len(d.responsibilities)}</span></h3></summary><table class="grid"><thead><tr>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></details>')


def _document(d: CatalogueDocument, n: int, L: dict[str, str]) -> str:
    ndiag = len(diagnostics_rows(d, L))
    title = d.meta.title or d.source.get("name") or d.document
    return (
        f'<section class="doc" id="d{n}" data-doc="{e(d.document)}">'
        f'<h2>{_lv(d.meta.level, L)} {e(doc_label(d))} <small>{e(title)}</small></h2>'
        f'<details class="blk" open><summary><h3>{e(L["metadata"])}</h3></summary>{_metadata(d, L)}</details>'
        f'<details class="blk" open><summary><h3>{e(L["outline"])} <span class="cnt">{len(d.tasks)} '
        f'{e(L["tasks"].lower())}</span></h3></summary><div class="outline">{_outline(d, n, L)}</div></details>'
        f'<details class="blk" open><summary><h3>{e(L["targets"])} <span class="cnt">{len(d.targets)}</span></h3>'
        f'</summary>{_targets_table(d, n, L)}</details>'
        f'<details class="blk" open><summary><h3>{e(L["directives"])} <span class="cnt">{len(d.directives)}</span>'
        f'</h3></summary>{_directives_by_level(d, L)}</details>'
        f'{_responsibilities(d, L)}'
        f'<details class="blk" open><summary><h3>{e(L["diagnostics"])} <span class="cnt">{ndiag}</span></h3>'
        f'</summary>{_diagnostics(d, L)}</details>'
        f'</section>')
