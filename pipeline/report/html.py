"""One self-contained HTML report over the catalogue: documents, alignments, graph, search.

The page is rendered by Jinja2 from templates/ (autoescape on: every text from a document is
escaped by the template engine, not by hand), so the same templates can serve a web page later.
Everything is inline (CSS, JS, data, the graph's SVG drawn by Graphviz `dot` at build time), so the
file works offline from file:// and no element loads anything from the network.

`vnpolicy report ID` writes one such page on a document or an alignment; a publish writes the report
as an index and a page per document and alignment from the same templates (pages.py, page_render.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..atomic import atomic_write
from ..catalogue import Catalogue
from ..textfold import slug
from .alignment_view import alignment_view, status_class, status_label
from .common import (
    COMPARATORS,
    LEVELS,
    _asset,
    _ds,
    _fmt_num,
    _json_script,
    fold,
    kind_label,
    select,
    show_date,
    show_time,
    sources_of,
)
from .graph_svg import GraphUnavailable, graph_svg
from .graph_view import _graph_data
from .i18n import flag, labels
from .names import directive_label, doc_label, named_message, registry_title, short_title

TEMPLATES = Path(__file__).parent / "templates"


def _no_emphasis(v: Any) -> Any:
    """Markdown emphasis a .md source leaves in a text ("**Sở Tài chính**") is not shown as stars."""
    return v.replace("**", "") if type(v) is str else v


@cache
def environment() -> Any:
    """The Jinja2 environment of the report's templates (autoescape on for every template)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=_no_emphasis)
    env.globals.update(LEVELS=LEVELS, COMPARATORS=COMPARATORS, num=_fmt_num, date=show_date,
                       ds=lambda *parts: fold(" ".join(str(p) for p in parts if p)),
                       pct=lambda s: max(0.0, min(1.0, float(s))) * 100 if s <= 1 else min(float(s), 100.0),
                       status_cls=status_class, dlabel=directive_label,
                       plain=lambda t: (t or "").replace("**", ""))  # markdown emphasis is not text
    return env


def render_report(cat: Catalogue, graph: dict | None = None, *, lang: str = "vi", focus: str | None = None,
                  more_alignments: int = 0, more_example: str = "") -> str:
    """The whole report as one HTML string (see the module docstring); `more_alignments` alignments of the
    focused document were left out of `cat` (report/focused.py), `more_example` names one."""
    lang = "en" if lang == "en" else "vi"
    L = labels(lang)
    docs, aligns, idx = select(cat, focus)
    doc_ids = {d.document: i for i, d in enumerate(docs)}
    gdata = _graph_data(cat, docs, aligns, idx, graph, doc_ids, lang)
    avs = [alignment_view(a, i, idx, cat.decisions) for i, a in enumerate(aligns)]
    if focus and len(aligns) == 1 and "~" in focus:
        title = f'{L["alignment_title"]}: {avs[0]["x"]["child"]} ↔ {avs[0]["x"]["parent"]}'
    elif focus and docs:
        title = f'{L["report_title"]}: {doc_label(docs[0])}'
    else:
        title = L["report_title"]
    from .document import document_view

    views = [document_view(d, i, L, lang, sources_of(cat, d) if not focus else [d]) for i, d in enumerate(docs)]
    shown = {d.document for d in docs}
    absent = [named_message(m.message, cat.documents) for m in cat.missing_parents
              if m.child.sha256 in shown and not any(a.child.sha256 == m.child.sha256 for a in aligns)]
    svg, graph_error = "", ""
    try:
        svg = graph_svg(gdata, {k: L[f"edge_{k}"] for k in ("implements", "cites", "aligns_with")}, L["graph_more"])
    except GraphUnavailable as exc:
        graph_error = str(exc)
    i18n_js = js_labels(L)
    env = environment()
    page = env.get_template("report.html.j2").render(
        L=L, lang=lang, title=title, generator=cat.generator, generated_at=show_time(cat.generated_at, lang),
        css=Markup(_asset("report.css")), js=Markup(_asset("report.js")),  # noqa: S704 - our own files
        gdata_json=Markup(_json_script(gdata)), i18n_json=Markup(_json_script(i18n_js)),  # noqa: S704 - escaped
        svg=Markup(svg), graph_error=graph_error,  # noqa: S704 - dot's output of escaped labels
        alignments=avs, documents=views, doc_ids=doc_ids, absent=absent, files=len(cat.documents) if not focus
        else len(docs), n_tasks=sum(len(d.tasks) for d in docs), n_targets=sum(len(d.targets) for d in docs),
        n_directives=len({x.id for d in docs for x in d.directives}),
        failures=cat.failures if not focus else [], one_alignment=bool(focus and "~" in focus),
        more_alignments=more_alignments, more_example=more_example,
        **filters(L, lang), dref=directive_label,
        doc_href=lambda doc: f"#d{doc_ids[doc.document]}" if doc is not None and doc.document in doc_ids else None)
    return page


def filters(L: dict[str, str], lang: str) -> dict[str, Any]:
    """The helpers the document and alignment templates call, in the reader's language."""
    return {"status": lambda st: status_label(st, L), "flag": lambda f: flag(f, lang), "kind": lambda k: kind_label(k),
            "dtitle": lambda x: short_title(registry_title(x.id) or x.title or "", limit=160)}


def js_labels(L: dict[str, str]) -> dict[str, str]:
    """The labels the page's script shows (graph panel, search count)."""
    return {k: L[k] for k in ("central", "province", "district", "commune", "unknown", "tasks", "targets",
                              "cited_in", "tasks_citing", "close", "doc_node", "dir_node", "issuer", "date",
                              "matches", "none", "flags", "cited_by_count", "open_page")}


def write_report(cat: Catalogue, graph: dict | None, path: str | Path, *, lang: str = "vi",
                 focus: str | None = None, more_alignments: int = 0, more_example: str = "") -> Path:
    path = Path(path)
    atomic_write(path, render_report(cat, graph, lang=lang, focus=focus, more_alignments=more_alignments,
                                     more_example=more_example))
    return path


def report_filename(focus: str | None) -> str:
    return f"report-{slug(focus)}.html" if focus else "report.html"


__all__ = ["_ds", "render_report", "report_filename", "write_report"]
