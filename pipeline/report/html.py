"""One self-contained HTML report over the catalogue: documents, alignments, graph, search.

Everything is inline (CSS, JS, data) so the file works offline from file://; no element loads
anything from the network. The graph is a small dependency-free SVG layered layout
(`assets/report.js`): levels are the layers, so a library's force layout would add weight
without adding meaning.
"""

from __future__ import annotations

from pathlib import Path

from ..atomic import atomic_write
from ..catalogue import Catalogue
from .aligndata import (
    normalize_alignment,
)
from .alignment_view import _alignment
from .common import (
    LEVELS,
    _asset,
    _json_script,
    _lv,
    _slug,
    alignment_key,
    doc_label,
    e,
    select,
)
from .document import (
    _document,
)
from .graph_view import _graph_data
from .i18n import labels


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
    shown = {d.document for d in docs}
    absent = "".join(f'<p class="bad missing-parent">{e(m.message)}</p>' for m in cat.missing_parents
                     if m.child.sha256 in shown and not any(a.child.sha256 == m.child.sha256 for a in aligns))
    if aligns or absent:  # a child whose parents are all missing still says so
        align_html = (f'<section id="alignments"><h2 class="part">{e(L["alignments"])}</h2>{absent}'
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
