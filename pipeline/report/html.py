"""One self-contained HTML report over the catalogue: documents, alignments, graph, search.

Everything is inline (CSS, JS, data) so the file works offline from file://; no element loads
anything from the network. The graph is a small dependency-free SVG layered layout
(`assets/report.js`): levels are the layers, so a library's force layout would add weight
without adding meaning.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..catalogue import Catalogue, CatalogueDocument
from ..errors import PipelineError
from .i18n import labels

LEVELS = ("central", "province", "district", "commune", "unknown")
COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
_ASSETS = Path(__file__).parent / "assets"


class FocusNotFound(PipelineError):
    """`--focus`/`report ID` names nothing in the catalogue."""

    exit_code = 2


# -- small helpers ------------------------------------------------------------------------------

def e(x: object) -> str:
    return "" if x is None else escape(str(x), quote=True)


_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(s: str) -> str:
    """Lower case without diacritics: what the search box compares (the JS does the same)."""
    s = unicodedata.normalize("NFD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def _ds(*parts: object) -> str:
    return e(fold(" ".join(str(p) for p in parts if p)))


@cache
def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _json_script(obj: Any) -> str:
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fmt_num(v: float | None) -> str:
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", ".")
    return f"{v:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")


def doc_label(d: CatalogueDocument) -> str:
    return d.meta.id or d.meta.number or d.source.get("name") or d.document[:12]


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", fold(s)).strip("_") or "x"


# -- lookup of documents and alignments -------------------------------------------------------

class Index:
    """Find documents by sha (or prefix), file name, stem, id or number."""

    def __init__(self, cat: Catalogue):
        self.cat = cat
        self.keys: dict[str, CatalogueDocument] = {}
        for d in cat.documents:
            name = d.source.get("name") or ""
            for k in (d.document, name, Path(name).stem, d.meta.id, d.meta.number, *d.paths,
                      *(Path(p).name for p in d.paths)):
                if k:
                    self.keys.setdefault(k, d)
                    self.keys.setdefault(fold(k), d)

    def doc(self, key: Any) -> CatalogueDocument | None:
        if isinstance(key, dict):
            for k in ("document", "sha256", "sha", "id", "doc_id", "number", "name"):
                if key.get(k):
                    got = self.doc(key[k])
                    if got:
                        return got
            return None
        if not key:
            return None
        key = str(key)
        if key in self.keys:
            return self.keys[key]
        if fold(key) in self.keys:
            return self.keys[fold(key)]
        if len(key) >= 6:
            hits = [d for d in self.cat.documents if d.document.startswith(key)]
            if len(hits) == 1:
                return hits[0]
        return None


def _end_key(a: dict, side: str) -> Any:
    v = a.get(side)
    if v is None:
        v = a.get(f"{side}_id") or a.get(f"{side}_doc") or a.get(f"{side}_document")
    return v


def _end_label(idx: Index, a: dict, side: str) -> str:
    d = idx.doc(_end_key(a, side))
    if d:
        return doc_label(d)
    v = _end_key(a, side)
    if isinstance(v, dict):
        return str(v.get("id") or v.get("number") or v.get("name") or v.get("document") or "?")
    return str(v or "?")


def alignment_key(idx: Index, a: dict) -> str:
    return f"{_end_label(idx, a, 'child')}~{_end_label(idx, a, 'parent')}"


def select(cat: Catalogue, focus: str | None) -> tuple[list[CatalogueDocument], list[dict], Index]:
    """The documents and alignments a report on `focus` shows (everything when focus is None)."""
    idx = Index(cat)
    if not focus:
        return list(cat.documents), list(cat.alignments), idx
    if "~" in focus:
        c, p = focus.split("~", 1)
        cd, pd = idx.doc(c.strip()), idx.doc(p.strip())
        for a in cat.alignments:
            ac, ap = idx.doc(_end_key(a, "child")), idx.doc(_end_key(a, "parent"))
            same_c = (ac is not None and ac is cd) or _end_label(idx, a, "child") == c.strip()
            same_p = (ap is not None and ap is pd) or _end_label(idx, a, "parent") == p.strip()
            if same_c and same_p:
                docs = [d for d in (ac, ap) if d is not None]
                return docs, [a], idx
        raise FocusNotFound(f"no alignment {focus!r} in the catalogue")
    d = idx.doc(focus)
    if d is None:
        raise FocusNotFound(f"no document {focus!r} in the catalogue")
    aligns = [a for a in cat.alignments
              if idx.doc(_end_key(a, "child")) is d or idx.doc(_end_key(a, "parent")) is d]
    return [d], aligns, idx


# -- alignment normalisation (tolerant of the report's exact shape) ---------------------------

def _task_text(doc: CatalogueDocument | None, tid: str | None) -> str | None:
    if doc is None or not tid:
        return None
    for t in doc.tasks:
        if t.id == tid:
            return t.text
    for t in doc.targets:
        if t.id == tid:
            return t.text
    return None


def _item(x: Any, doc: CatalogueDocument | None) -> dict[str, Any]:
    """{id, text, score} from a task id, a task dict or anything with a text."""
    if isinstance(x, str):
        return {"id": x, "text": _task_text(doc, x) or x, "score": None, "best": None}
    if isinstance(x, list | tuple) and x and isinstance(x[0], str):
        return {"id": x[0], "text": _task_text(doc, x[0]) or x[0], "best": None,
                "score": x[1] if len(x) > 1 and isinstance(x[1], int | float) else None}
    if not isinstance(x, dict):
        return {"id": None, "text": str(x), "score": None, "best": None}
    inner = x.get("task") if isinstance(x.get("task"), dict) else None
    src = inner or x
    tid = src.get("id") or src.get("task_id") or (x.get("task") if isinstance(x.get("task"), str) else None)
    text = src.get("text") or src.get("task_text") or _task_text(doc, tid) or tid or ""
    score = x.get("score", x.get("similarity"))
    out = {"id": tid, "text": text, "score": score if isinstance(score, int | float) else None,
           "best": x.get("best_score") if isinstance(x.get("best_score"), int | float) else None}
    for k in ("method", "reason", "evidence", "path", "section", "terms", "shared_citations"):
        if x.get(k) is not None:
            out[k] = x[k]
    return out


def _pairs(raw: Any, pdoc: CatalogueDocument | None, cdoc: CatalogueDocument | None) -> list[dict[str, Any]]:
    """[{parent: item, children: [item]}] from grouped or flat pair lists."""
    if isinstance(raw, dict):
        raw = [{"parent": k, "children": v} for k, v in raw.items()]
    groups: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for p in raw or []:
        if not isinstance(p, dict):
            continue
        par = next((p[k] for k in ("parent", "parent_task", "parent_id", "source") if p.get(k) is not None), None)
        kids = next((p[k] for k in ("children", "child_tasks", "matches", "child", "child_task", "child_id",
                                    "target") if p.get(k) is not None), [])
        pit = _item(par, pdoc)
        if p.get("parent_text"):
            pit["text"] = p["parent_text"]
        if not isinstance(kids, list):
            kid = _item(kids, cdoc)
            if kid["score"] is None and isinstance(p.get("score"), int | float):
                kid["score"] = p["score"]
            kids_items = [kid]
        else:
            kids_items = [_item(k, cdoc) for k in kids]
        key = str(pit["id"] or pit["text"])
        if key not in groups:
            groups[key] = {"parent": pit, "children": []}
            order.append(key)
        groups[key]["children"].extend(kids_items)
    return [groups[k] for k in order]


def _status(x: dict) -> str:
    for k in ("status", "verdict", "comparison", "result", "kind"):
        if isinstance(x.get(k), str):
            return x[k]
    return "not_comparable"


def _target_side(x: dict, side: str) -> str:
    v = x.get(side)
    if isinstance(v, dict):
        return str(v.get("text") or v.get("indicator") or v.get("id") or "")
    if isinstance(v, str):
        return v
    return str(x.get(f"{side}_text") or x.get(f"{side}_target") or "")


def _metric_text(m: Any) -> str:
    """"≥ 5 doanh nghiệp (2030)" from a Metric dict."""
    if not isinstance(m, dict) or m.get("value") is None:
        return ""
    comp = COMPARATORS.get(m.get("comparator") or "", m.get("comparator") or "")
    v = _fmt_num(m["value"])
    if m.get("value_max") is not None:
        v += f"–{_fmt_num(m['value_max'])}"
    out = f"{comp} {v} {m.get('unit') or ''}".strip()
    if m.get("period") == "annual":
        out += "/năm"
    if m.get("deadline"):
        out += f" ({m['deadline']})"
    return out


def _targets(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, dict):
        items = raw.get("comparisons") or raw.get("items")
        if items is None:
            items = [dict(v, status=k) if isinstance(v, dict) else {"status": k, "child": v}
                     for k, vs in raw.items() if isinstance(vs, list) for v in vs]
        raw = items
    out = []
    for x in raw or []:
        if not isinstance(x, dict):
            continue
        note = x.get("note") or x.get("reason") or x.get("explanation")
        out.append({"status": _status(x), "parent": _target_side(x, "parent"), "child": _target_side(x, "child"),
                    "indicator": x.get("indicator"), "note": note,
                    "parent_id": x.get("parent_target") if isinstance(x.get("parent_target"), str) else None,
                    "child_id": x.get("child_target") if isinstance(x.get("child_target"), str) else None,
                    "parent_value": _metric_text(x.get("parent_metric")) or x.get("parent_value"),
                    "child_value": _metric_text(x.get("child_metric")) or x.get("child_value")})
    return out


def _plain(x: Any) -> str:
    if isinstance(x, dict):
        main = x.get("directive") or x.get("id") or x.get("text") or ""
        extra = x.get("text") if x.get("text") and x.get("text") != main else x.get("original")
        return f"{main} — {extra}" if extra and extra != main else str(main)
    return str(x)


def normalize_alignment(a: dict, idx: Index) -> dict[str, Any]:
    cdoc, pdoc = idx.doc(_end_key(a, "child")), idx.doc(_end_key(a, "parent"))
    cits = a.get("citations") or {}
    if isinstance(cits, list):
        cits = {"missing_in_child": cits}
    gaps = a.get("gaps") or a.get("parent_only") or []
    local = a.get("local") or a.get("child_only") or []
    summary = a.get("summary") if isinstance(a.get("summary"), dict) else {}
    stats = a.get("stats") if isinstance(a.get("stats"), dict) else {}
    coverage = a.get("coverage", summary.get("coverage"))
    if coverage is None and stats.get("parent_tasks"):
        coverage = stats.get("parent_tasks_matched", 0) / stats["parent_tasks"]
    return {
        "key": alignment_key(idx, a),
        "child": _end_label(idx, a, "child"), "parent": _end_label(idx, a, "parent"),
        "child_doc": cdoc, "parent_doc": pdoc,
        "pairs": _pairs(a.get("pairs") or a.get("matches") or [], pdoc, cdoc),
        "gaps": [_item(g, pdoc) for g in (gaps.values() if isinstance(gaps, dict) else gaps)],
        "local": [_item(g, cdoc) for g in (local.values() if isinstance(local, dict) else local)],
        "targets": _targets(a.get("targets") or a.get("target_comparisons") or []),
        "missing": [_plain(x) for x in cits.get("missing_in_child") or cits.get("missing") or []],
        "unresolved": [_plain(x) for x in cits.get("unresolved") or []],
        "coverage": coverage if isinstance(coverage, int | float) else None,
        "method": a.get("method"), "threshold": a.get("threshold"),
        "summary": summary, "stats": stats,
    }


# -- HTML pieces ------------------------------------------------------------------------------

def _lv(level: str | None, L: dict[str, str]) -> str:
    lv = level if level in LEVELS else "unknown"
    return f'<span class="lv lv-{lv}">{e(L[lv])}</span>'


def _badges(ids: Iterable[str], cls: str = "cite") -> str:
    return "".join(f'<span class="{cls}">{e(i)}</span>' for i in ids)


def _kv_table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in rows if v)
    return f'<table class="kv">{body}</table>'


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


def _score(s: float | None) -> str:
    if s is None:
        return ""
    pct = max(0.0, min(1.0, float(s))) * 100 if s <= 1 else min(float(s), 100.0)
    return (f'<span class="score" title="{s:.3f}"><span class="bar" style="width:{pct:.0f}%"></span>'
            f'<span class="sv">{s:.2f}</span></span>')


_ORDER = {"weaker": 0, "stronger": 1, "equal": 2, "missing_in_child": 3, "not_comparable": 4}


def status_label(st: str, L: dict[str, str]) -> str:
    if st in ("missing_in_child", "missing"):
        return L["missing_in_child_t"]
    return L.get(st) or st


def _terms(k: dict) -> str:
    bits = []
    if k.get("shared_citations"):
        bits.append(_badges(k["shared_citations"]))
    if k.get("terms"):
        bits.append(f'<span class="terms">{e(", ".join(str(t).replace("+", " ") for t in k["terms"][:6]))}</span>')
    return f'<div class="tmeta">{"".join(bits)}</div>' if bits else ""


_STATUS_CLS = {"weaker": "weaker", "equal": "equal", "stronger": "stronger", "missing_in_child": "missing",
               "missing": "missing", "not_comparable": "nc"}


def _alignment(a: dict, n: int, idx: Index, L: dict[str, str], doc_ids: dict[str, int]) -> str:
    x = normalize_alignment(a, idx)

    def link(d: CatalogueDocument | None, label: str) -> str:
        if d is not None and d.document in doc_ids:
            return f'<a href="#d{doc_ids[d.document]}">{e(label)}</a>'
        return e(label)

    pairs_rows = []
    for p in x["pairs"]:
        par, kids = p["parent"], p["children"]
        kid_html = "".join(
            f'<li><span class="kt">{e(k["text"])}</span> {_score(k["score"])}'
            f' <code class="tid">{e(k["id"] or "")}</code>{_terms(k)}</li>' for k in kids)
        if not kids:
            kid_html = f'<li class="muted">{e(L["no_match"])}</li>'
        pairs_rows.append(
            f'<tr class="pair" data-search="{_ds(par["text"], par["id"], *[k["text"] for k in kids])}">'
            f'<td>{e(par["text"])} <code class="tid">{e(par["id"] or "")}</code></td>'
            f'<td><ul class="kids">{kid_html}</ul></td></tr>')
    pairs = (f'<table class="grid pairs"><thead><tr><th>{e(L["parent_task"])}</th><th>{e(L["child_tasks"])}</th>'
             f'</tr></thead><tbody>{"".join(pairs_rows)}</tbody></table>') if pairs_rows else \
        f'<p class="muted">{e(L["none"])}</p>'

    def items(lst: list[dict], cls: str) -> str:
        if not lst:
            return f'<p class="muted">{e(L["none"])}</p>'
        lis = "".join(f'<li class="{cls}" data-search="{_ds(i["text"], i["id"])}">{e(i["text"])} '
                      f'{_score(i["score"])} <code class="tid">{e(i["id"] or "")}</code>'
                      + (f' <span class="muted">({e(L["best_score"])} {i["best"]:.2f})</span>' if i["best"] else "")
                      + "</li>" for i in lst)
        return f'<ul class="items">{lis}</ul>'

    trows = []
    for t in x["targets"]:
        cls = _STATUS_CLS.get(t["status"], "nc")
        lab = status_label(t["status"], L)
        note = f'<div class="muted">{e(t["note"])}</div>' if t["note"] else ""

        def side(text: str, val: Any, tid: str | None) -> str:
            v = f'<div class="metric"><b>{e(val)}</b></div>' if val else ""
            return f'{v}{e(text)} <code class="tid">{e(tid or "")}</code>' if text else v

        trows.append(f'<tr class="cmp st-{cls}" data-search="{_ds(t["parent"], t["child"], t["indicator"])}">'
                     f'<td>{side(t["parent"], t["parent_value"], t["parent_id"])}</td>'
                     f'<td>{side(t["child"], t["child_value"], t["child_id"])}</td>'
                     f'<td><span class="st st-{cls}">{e(lab)}</span>{note}</td></tr>')
    counts: dict[str, int] = {}
    for t in x["targets"]:
        counts[t["status"]] = counts.get(t["status"], 0) + 1
    tcmp = (f'<table class="grid cmp"><thead><tr><th>{e(L["parent_target"])}</th><th>{e(L["child_target"])}</th>'
            f'<th>{e(L["status"])}</th></tr></thead><tbody>{"".join(trows)}</tbody></table>') if trows else \
        f'<p class="muted">{e(L["none"])}</p>'
    miss = "".join(f'<li class="missing">{e(m)}</li>' for m in x["missing"])
    unres = "".join(f"<li>{e(m)}</li>" for m in x["unresolved"])
    cov = f'<tr><th>{e(L["coverage"])}</th><td>{x["coverage"]:.0%}</td></tr>' if x["coverage"] is not None else ""
    summary = (
        f'<table class="kv"><tr><th>{e(L["child"])}</th><td>{link(x["child_doc"], x["child"])}</td></tr>'
        f'<tr><th>{e(L["parent"])}</th><td>{link(x["parent_doc"], x["parent"])}</td></tr>{cov}'
        f'<tr><th>{e(L["pairs"])}</th><td>{len(x["pairs"])}</td></tr>'
        f'<tr><th>{e(L["gaps"])}</th><td class="{"bad" if x["gaps"] else ""}">{len(x["gaps"])}</td></tr>'
        f'<tr><th>{e(L["local"])}</th><td>{len(x["local"])}</td></tr>'
        + (f'<tr><th>{e(L["method_a"])}</th><td class="muted">{e(x["method"])}'
           + (f' · {e(L["threshold"])} {e(x["threshold"])}' if x["threshold"] is not None else "")
           + "</td></tr>" if x["method"] else "")
        + f'<tr><th>{e(L["target_cmp"])}</th><td>'
        + " ".join(f'<span class="st st-{_STATUS_CLS.get(k, "nc")}">{e(status_label(k, L))}: {v}</span>'
                   for k, v in sorted(counts.items(), key=lambda kv: _ORDER.get(kv[0], 9)))
        + f'</td></tr><tr><th>{e(L["missing_in_child"])}</th><td class="{"bad" if x["missing"] else ""}">'
        f'{len(x["missing"])}</td></tr></table>')
    return (
        f'<section class="align" id="a{n}" data-alignment="{e(x["key"])}">'
        f'<h2>{e(L["alignment_title"])}: {e(x["child"])} ↔ {e(x["parent"])}</h2>'
        f'{summary}'
        f'<details class="blk" open><summary><h3>{e(L["pairs"])} <span class="cnt">{len(x["pairs"])}</span></h3>'
        f'</summary>{pairs}</details>'
        f'<details class="blk" open><summary><h3 class="bad">{e(L["gaps"])} <span class="cnt">{len(x["gaps"])}</span>'
        f'</h3></summary>{items(x["gaps"], "gap")}</details>'
        f'<details class="blk"><summary><h3>{e(L["local"])} <span class="cnt">{len(x["local"])}</span></h3></summary>'
        f'{items(x["local"], "local")}</details>'
        f'<details class="blk" open><summary><h3>{e(L["target_cmp"])} <span class="cnt">{len(x["targets"])}</span>'
        f'</h3></summary>{tcmp}</details>'
        f'<details class="blk" open><summary><h3>{e(L["citations"])}</h3></summary>'
        f'<h4>{e(L["missing_in_child"])} <span class="cnt">{len(x["missing"])}</span></h4>'
        f'{f"<ul>{miss}</ul>" if miss else "<p class=muted>" + e(L["none"]) + "</p>"}'
        f'<h4>{e(L["unresolved_cits"])} <span class="cnt">{len(x["unresolved"])}</span></h4>'
        f'{f"<ul>{unres}</ul>" if unres else "<p class=muted>" + e(L["none"]) + "</p>"}'
        f'</details></section>')


# -- graph data -------------------------------------------------------------------------------

def _graph_data(cat: Catalogue, docs: list[CatalogueDocument], aligns: list[dict], idx: Index,
                graph: dict | None, doc_ids: dict[str, int]) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    alias: dict[str, str] = {}
    entries = {x.id: x for x in cat.directives}
    for d in docs:
        n = doc_ids[d.document]
        nid = f"doc:{d.document}"
        nodes[nid] = {"id": nid, "k": "doc", "label": doc_label(d), "level": d.meta.level, "title": d.meta.title
                      or d.source.get("name"), "sec": f"d{n}", "tasks": [f"d{n}-t{i}" for i in range(len(d.tasks))],
                      "targets": [f"d{n}-g{i}" for i in range(len(d.targets))], "issuer": d.meta.issuer,
                      "date": d.meta.date, "mentions": []}
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
            nodes[nid] = {"id": nid, "k": "dir", "label": did, "level": ent.level if ent else "unknown",
                          "title": ent.title if ent else None,
                          "issuer": (ent.issuer or ent.issuer_code) if ent else None,
                          "date": ent.date if ent else None, "tasks": [], "targets": [], "mentions": [],
                          "flags": ent.flags if ent else []}
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
                node["mentions"].append({"doc": doc_label(d), "text": m.original or m.text, "flags": m.flags})
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

def render_report(cat: Catalogue, graph: dict | None = None, *, lang: str = "vi", focus: str | None = None) -> str:
    """The whole report as one HTML string (see the module docstring)."""
    L = labels(lang)
    docs, aligns, idx = select(cat, focus)
    doc_ids = {d.document: i for i, d in enumerate(docs)}
    gdata = _graph_data(cat, docs, aligns, idx, graph, doc_ids)
    if focus and len(aligns) == 1 and "~" in focus:
        title = f'{L["alignment_title"]}: {normalize_alignment(aligns[0], idx)["key"].replace("~", " ↔ ")}'
    elif focus and docs:
        title = f'{L["report_title"]}: {doc_label(docs[0])}'
    else:
        title = L["report_title"]

    toc = [f'<li><a href="#graph">{e(L["graph"])}</a></li>']
    if aligns:
        toc.append(f'<li><a href="#alignments">{e(L["alignments"])}</a><ul>'
                   + "".join(f'<li><a href="#a{i}">{e(alignment_key(idx, a).replace("~", " ↔ "))}</a></li>'
                             for i, a in enumerate(aligns)) + "</ul></li>")
    toc.append(f'<li><a href="#documents">{e(L["documents"])}</a><ul>'
               + "".join(f'<li><a href="#d{i}">{_lv(d.meta.level, L)} {e(doc_label(d))}</a></li>'
                         for i, d in enumerate(docs)) + "</ul></li>")
    if cat.failures and not focus:
        toc.append(f'<li><a href="#failures">{e(L["failures"])}</a></li>')

    overview = (f'<table class="kv ov"><tr><th>{e(L["documents"])}</th><td>{len(docs)}</td></tr>'
                f'<tr><th>{e(L["tasks"])}</th><td>{sum(len(d.tasks) for d in docs)}</td></tr>'
                f'<tr><th>{e(L["targets"])}</th><td>{sum(len(d.targets) for d in docs)}</td></tr>'
                f'<tr><th>{e(L["directives_all"])}</th><td>{len({x.id for d in docs for x in d.directives})}</td></tr>'
                f'<tr><th>{e(L["alignments"])}</th><td>{len(aligns)}</td></tr></table>')
    legend = "".join(f'<span class="lg"><i class="dot lv-{lv}"></i>{e(L[lv])}</span>' for lv in LEVELS)
    legend += (f'<span class="lg"><i class="sq"></i>{e(L["doc_node"])}</span>'
               f'<span class="lg"><i class="ci"></i>{e(L["dir_node"])}</span>')
    graph_html = (f'<section id="graph"><h2>{e(L["graph"])}</h2><p class="muted">{e(L["graph_hint"])}</p>'
                  f'<div class="legend">{legend}</div><div class="gwrap nopanel"><div id="gcanvas">'
                  f'<noscript>{e(L["no_js"])}</noscript></div>'
                  f'<aside id="gpanel" hidden></aside></div></section>')
    align_html = ""
    if aligns:
        align_html = (f'<section id="alignments"><h2 class="part">{e(L["alignments"])}</h2>'
                      + "".join(_alignment(a, i, idx, L, doc_ids) for i, a in enumerate(aligns)) + "</section>")
    docs_html = (f'<section id="documents"><h2 class="part">{e(L["documents"])}</h2>'
                 + "".join(_document(d, i, L) for i, d in enumerate(docs)) + "</section>")
    fail_html = ""
    if cat.failures and not focus:
        rows = "".join(f"<tr><td>{e(f.path)}</td><td>{e(f.reason)}</td></tr>" for f in cat.failures)
        fail_html = (f'<section id="failures"><h2>{e(L["failures"])}</h2><table class="grid"><thead><tr>'
                     f'<th>{e(L["file"])}</th><th>{e(L["reason"])}</th></tr></thead><tbody>{rows}</tbody></table>'
                     f'</section>')
    one_alignment = bool(focus and "~" in focus)
    body = align_html + graph_html + docs_html if one_alignment else graph_html + align_html + docs_html
    i18n_js = {k: L[k] for k in ("central", "province", "district", "commune", "unknown", "tasks", "targets",
                                  "cited_in", "tasks_citing", "close", "doc_node", "dir_node", "issuer", "date",
                                  "matches", "none", "flags")}
    gen = f'{e(L["generated"])} {e(cat.generator)}'
    if cat.generated_at:
        gen += f' {e(L["at"])} {e(cat.generated_at)}'
    return (
        f'<!DOCTYPE html>\n<html lang="{e(lang if lang in ("vi", "en") else "vi")}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{e(cat.generator)}"><title>{e(title)}</title>'
        f'<style>{_asset("report.css")}</style></head><body>'
        f'<header class="top"><div class="ttl"><h1>{e(title)}</h1><div class="muted">{gen}</div></div>'
        f'<div class="tools"><label class="sr" for="q">{e(L["search_label"])}</label>'
        f'<input id="q" type="search" placeholder="{e(L["search"])}" autocomplete="off">'
        f'<span id="qcount" class="muted"></span>'
        f'<button type="button" id="expand">{e(L["expand_all"])}</button>'
        f'<button type="button" id="collapse">{e(L["collapse_all"])}</button></div></header>'
        f'<div class="layout"><nav class="toc"><h2>{e(L["contents"])}</h2><ul>{"".join(toc)}</ul></nav>'
        f'<main><section id="overview"><h2>{e(L["overview"])}</h2>{overview}</section>'
        f'{body}{fail_html}</main></div>'
        f'<script type="application/json" id="gdata">{_json_script(gdata)}</script>'
        f'<script type="application/json" id="i18n">{_json_script(i18n_js)}</script>'
        f'<script>{_asset("report.js")}</script></body></html>\n')


def write_report(cat: Catalogue, graph: dict | None, path: str | Path, *, lang: str = "vi",
                 focus: str | None = None) -> Path:
    path = Path(path)
    atomic_write(path, render_report(cat, graph, lang=lang, focus=focus))
    return path


def report_filename(focus: str | None) -> str:
    return f"report-{_slug(focus)}.html" if focus else "report.html"
