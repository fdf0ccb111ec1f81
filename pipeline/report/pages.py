"""The published HTML report as pages: report.html is an index, each document and alignment has its own.

report.html used to hold the whole corpus (368 MB at 2,000 documents, built from a catalogue held in
memory). Now the index lists one short row per document, cited directive and alignment; a document
page (report/van-ban/<slug>.html) is rendered from that document's readings alone, an alignment page
(report/doi-chieu/<child>~<parent>.html) from the one stored alignment and the stubs of its two
documents. Every page is one self-contained offline file.

A page is rendered again only when what it is made from changes: its digest (the rendering code, the
pipeline version, the language, the document shas, the alignment's cached key, the decisions on it and
the pages it links to) is kept in the store table `report_pages` per output folder; an unchanged page
is neither rendered nor written. Pages of documents and alignments no longer current are removed,
after the new index is in place, so the index never points at a missing page.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_write, remove_stale
from ..textfold import fold, slug
from .common import kind_label, show_date

if TYPE_CHECKING:
    from ..derived import DocStub
    from ..store import Store

PAGES_VERSION = "1"
ROOT, DOCS, PAIRS = "report", "van-ban", "doi-chieu"
CITED_BY_MAX = 300  # a document cited by more shows the first ones by name and the count
ABSENT_CHILDREN_MAX = 20
TABLE = ("CREATE TABLE IF NOT EXISTS report_pages(out TEXT, page TEXT, digest TEXT, summary TEXT, "
         "PRIMARY KEY(out, page))")
_CODE = ("report/pages.py", "report/page_render.py", "report/html.py", "report/common.py", "report/document.py",
         "report/alignment_view.py", "report/aligndata.py", "report/graph_view.py", "report/graph_svg.py",
         "report/names.py", "report/i18n.py", "catalogue.py", "records.py", "align/model.py", "review/show.py",
         "review/decisions.py")


@cache
def code_digest() -> str:
    """The rendering code, templates and assets: a change to any of them renders every page again."""
    from ..codehash import PACKAGE, sources_hash

    h = sources_hash(_CODE, seed=PAGES_VERSION.encode())
    for sub in ("templates", "assets"):
        for p in sorted((PACKAGE / "report" / sub).iterdir()):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:32]


@dataclass
class PagesWritten:
    rendered: list[str] = field(default_factory=list)  # pages rendered (and written if their bytes changed)
    removed: list[str] = field(default_factory=list)  # pages of documents or alignments no longer current
    pages: int = 0  # pages the report has now, the index included


def docslug(stub: DocStub) -> str:
    """A file name stem a reader recognises (the number) made unique by the sha: numbers repeat across
    issuers (every commune has a 01/KH-UBND)."""
    m = stub.meta
    key = m.id or m.number or Path(stub.source.get("name") or "").stem or "van-ban"
    return f"{slug(key)[:60].lstrip('.') or 'van-ban'}-{stub.document[:10]}"  # never a hidden file


class _Pages:
    """The digests of the pages of one output folder, read once, written per page."""

    def __init__(self, store: Store, out_dir: Path):
        self.db, self.out, self.dir = store.db, str(out_dir.resolve()), out_dir
        self.db.execute(TABLE)
        self.rows = {p: (d, s) for p, d, s in self.db.execute(
            "SELECT page, digest, summary FROM report_pages WHERE out=?", (self.out,))}

    def current(self, page: str, digest: str) -> bool:
        return self.rows.get(page, ("",))[0] == digest and (self.dir / page).is_file()

    def summary(self, page: str) -> Any:
        row = self.rows.get(page)
        return json.loads(row[1]) if row and row[1] else None

    def put(self, page: str, digest: str, html: str, summary: Any = None) -> None:
        atomic_write(self.dir / page, html)
        text = json.dumps(summary, ensure_ascii=False) if summary is not None else None
        self.db.execute("INSERT OR REPLACE INTO report_pages VALUES(?,?,?,?)", (self.out, page, digest, text))
        self.rows[page] = (digest, text)

    def forget(self, pages: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM report_pages WHERE out=? AND page=?", [(self.out, p) for p in pages])


def write_pages(store: Store, shas: list[str], out_dir: Path, *, version: str, lang: str = "vi",
                generated_at: str | None = None) -> PagesWritten:
    """Bring report.html and its pages in `out_dir` up to date with the store's current documents."""
    from ..derived import ensure_docs, ensure_pairs, representative, stubs

    lang = "en" if lang == "en" else "vi"
    paths, failed = store.paths_and_failures()
    ensure_docs(store, shas, version)
    st = stubs(store, shas, paths)
    ensure_pairs(store, shas, version, st)
    rep = representative(list(st.values()))
    groups: dict[str, list[str]] = {}
    for s in sorted(st):
        groups.setdefault(rep[s], []).append(s)
    shown = sorted(groups, key=lambda s: (st[s].source.get("name") or "", s))
    slug = {s: docslug(st[s]) for s in shown}
    own: dict[str, str] = {i: s for s in shown if (i := st[s].meta.id)}
    base = (code_digest(), version, lang)
    pages = _Pages(store, out_dir)
    done = PagesWritten()
    for sub in (DOCS, PAIRS):
        remove_stale(out_dir / ROOT / sub)

    # alignments: one page per (shown document, shown parent), the shown reading's own when it has one
    from ..derived import pair_order

    best: dict[tuple[str, str], tuple[str, str]] = {}
    for c, p in pair_order(store, shas):
        k = (rep[c], rep[p])
        if k not in best or c == rep[c]:
            best[k] = (c, p)
    decided = _decided(store, best.values())
    aligns: list[dict[str, Any]] = []
    for (rc, rp), (c, p) in best.items():
        page = f"{ROOT}/{PAIRS}/{slug[rc]}~{slug[rp]}.html"
        key, aversion = store.db.execute(
            "SELECT o.key, a.version FROM pair_outputs o JOIN alignments a ON a.child = o.child AND "
            "a.parent = o.parent WHERE o.child=? AND o.parent=?", (c, p)).fetchone()
        labels_ = (st[c].label, st[p].label)
        dec = decided.get((c, p), [])
        digest = _digest(base, "pair", c, p, key, aversion, labels_, slug[rc], slug[rp],
                         [d.model_dump() for d in dec])
        if not pages.current(page, digest):
            summary = _render_pair(store, st, pages, page, digest, c, p, rc, rp, slug, dec, lang, generated_at)
            done.rendered.append(page)
        else:
            summary = pages.summary(page)
        aligns.append({"c": rc, "p": rp, "page": page, "child": labels_[0], "parent": labels_[1],
                       "counts": summary, "search": fold(" ".join(labels_))})

    # cited directives, in one pass over the documents' cached lists (no extraction is read)
    cited, facts, links_of = _cited(store, rep, own, slug)
    missing = store.missing_parents()
    of_doc: dict[str, list[dict[str, Any]]] = {}
    for a in aligns:
        for s in {a["c"], a["p"]}:
            of_doc.setdefault(s, []).append(a)
    for r in shown:
        page = f"{ROOT}/{DOCS}/{slug[r]}.html"
        mine = of_doc.get(r, [])
        rows = [{"href": f"../{PAIRS}/{Path(a['page']).name}", "child": a["child"], "parent": a["parent"],
                 "counts": a["counts"], "search": a["search"]} for a in mine]
        did = st[r].meta.id
        citing = sorted((x for x in cited.get(did, set()) if x != r), key=lambda x: (st[x].label, x)) if did else []
        cited_by = [{"href": f"{slug[x]}.html", "label": st[x].label} for x in citing[:CITED_BY_MAX]]
        absent = [m["message"] for s in groups[r] for m in missing.get(s, [])]
        digest = _digest(base, "doc", groups[r], sorted(links_of.get(r, {}).items()), rows, cited_by, len(citing),
                         absent)
        if not pages.current(page, digest):
            _render_doc(store, st, pages, page, digest, r, groups[r], paths, rows, cited_by, len(citing),
                        absent, links_of.get(r, {}), lang, generated_at)
            done.rendered.append(page)

    # the index, then the pages no longer current
    from .page_render import IndexData, index_graph, index_page

    docs = [_doc_row(st[r], len(groups[r]), f"{ROOT}/{DOCS}/{slug[r]}.html") for r in shown]
    for a in aligns:
        a["href"], a["child_href"] = a["page"], f"{ROOT}/{DOCS}/{slug[a['c']]}.html"
        a["parent_href"] = f"{ROOT}/{DOCS}/{slug[a['p']]}.html"
        a["counts"] = a["counts"] or {"match": "", "review": "", "gap": "", "upper": ""}
    dirs = _directive_rows(cited, facts, own, slug)
    graph, note = index_graph(docs, cited, own, [(a["c"], a["p"]) for a in aligns],
                              {d: f.get("level") or "unknown" for d, f in facts.items()}, lang)
    absent = _absent_rows(missing, rep, st, slug)
    from ..catalogue import Failure

    failures = sorted((Failure(path=p, reason=r) for p, r in failed), key=lambda f: f.path)
    data = IndexData(docs, dirs, aligns, absent, failures, files=len(st),
                     n_tasks=sum(st[r].facts["tasks"] for r in shown),
                     n_targets=sum(st[r].facts["targets"] for r in shown), graph=graph, graph_note=note)
    digest = _digest(base, "index", docs, dirs, aligns, absent, [f.model_dump() for f in failures], len(st),
                     data.n_tasks, data.n_targets, note)
    if not pages.current("report.html", digest):
        pages.put("report.html", digest, index_page(data, lang=lang, digest=digest, generated_at=generated_at))
        done.rendered.append("report.html")
    want = {"report.html", *(a["page"] for a in aligns), *(f"{ROOT}/{DOCS}/{slug[r]}.html" for r in shown)}
    for sub in (DOCS, PAIRS):
        folder = out_dir / ROOT / sub
        for f in sorted(folder.glob("*.html")) if folder.is_dir() else []:
            page = f"{ROOT}/{sub}/{f.name}"
            if page not in want:
                f.unlink()
                done.removed.append(page)
    pages.forget([p for p in pages.rows if p not in want])
    done.pages = len(want)
    store.set_meta("report_rendered", json.dumps({"rendered": done.rendered, "removed": done.removed}))
    store.commit()
    return done


def _decided(store: Store, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list]:
    """The staff decisions on the pairs that have any (DecisionEntry records), by (child, parent) sha."""
    if not store.decisions_seq():
        return {}
    from ..align.model import AlignmentReport
    from ..catalogue import DecisionEntry
    from ..review.decisions import Documents
    from ..review.show import decision_rows

    key = {s: i or n for s, i, n in store.db.execute("SELECT sha256, doc_id, name FROM documents")}
    have = {(c, p) for c, p in store.db.execute("SELECT DISTINCT child, parent FROM decisions")}
    docs, out = Documents(store), {}
    for c, p in pairs:
        if (key.get(c), key.get(p)) in have:
            (line,) = store.db.execute("SELECT line FROM pair_outputs WHERE child=? AND parent=?", (c, p)).fetchone()
            rep = AlignmentReport.model_validate_json(line)
            out[(c, p)] = [DecisionEntry(child=c, parent=p, **r) for r in decision_rows(store, rep, docs)]
    return out


def _render_pair(store: Store, st: dict[str, DocStub], pages: _Pages, page: str, digest: str, c: str, p: str,
                 rc: str, rp: str, slug: dict[str, str], decisions: list, lang: str,
                 generated_at: str | None) -> dict[str, int]:
    from ..align.model import AlignmentReport
    from ..derived import _StubIndex
    from .page_render import alignment_page

    (line,) = store.db.execute("SELECT line FROM pair_outputs WHERE child=? AND parent=?", (c, p)).fetchone()
    rep = AlignmentReport.model_validate_json(line)  # finished: citations and missing parents as stored now
    hrefs = {c: f"../{DOCS}/{slug[rc]}.html", p: f"../{DOCS}/{slug[rp]}.html"}
    html = alignment_page(rep, _StubIndex([st[c], st[p]]), home="../../report.html", doc_href=hrefs,
                          decisions=decisions, lang=lang, digest=digest, generated_at=generated_at)
    s = rep.stats
    summary = {"match": s.get("pairs_match", 0), "review": s.get("pairs_review", 0), "gap": s.get("gaps", 0),
               "upper": s.get("upper_level", 0)}
    pages.put(page, digest, html, summary)
    return summary


def _render_doc(store: Store, st: dict[str, DocStub], pages: _Pages, page: str, digest: str, r: str,
                group: list[str], paths: dict[str, list[str]], aligns: list[dict[str, Any]],
                cited_by: list[dict[str, str]], n_citing: int, absent: list[str], dir_href: dict[str, str],
                lang: str, generated_at: str | None) -> None:
    from ..catalogue import build_catalogue
    from .names import named_message
    from .page_render import DocLinks, document_page

    cat = build_catalogue(list(store.extractions(group)), paths, [], [], [])  # this document's readings only
    more = n_citing - len(cited_by)
    if more > 0:
        from .i18n import labels

        cited_by = [*cited_by, {"href": "#cited-by", "label": labels(lang)["more_items"].format(n=more)}]
    links = DocLinks(home="../../report.html", dir_href=dir_href, aligns=aligns, cited_by=cited_by,
                     absent=[named_message(m, [st[s] for s in group]) for m in absent])  # type: ignore[misc]
    pages.put(page, digest, document_page(cat, r, links=links, lang=lang, digest=digest, generated_at=generated_at))


def _cited(store: Store, rep: dict[str, str], own: dict[str, str],
           slug: dict[str, str]) -> tuple[dict[str, set[str]], dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """(directive id -> the shown documents citing it, directive id -> its facts as the first document in sha
    order gives them, shown document -> {directive id it cites that is a stored document: that page's href})."""
    cited: dict[str, set[str]] = {}
    facts: dict[str, dict[str, Any]] = {}
    links_of: dict[str, dict[str, str]] = {}
    for sha, text in store.db.execute("SELECT doc, cited FROM doc_outputs ORDER BY doc"):
        r = rep.get(sha)
        if r is None:
            continue
        for did, f in json.loads(text):
            cited.setdefault(did, set()).add(r)
            entry = facts.setdefault(did, {})
            for k in ("level", "kind", "title", "issuer"):
                if entry.get(k) is None and f.get(k) is not None:
                    entry[k] = f[k]
            if did in own and own[did] != r:
                links_of.setdefault(r, {})[did] = f"{slug[own[did]]}.html"
    return cited, facts, links_of


def _doc_row(s: DocStub, readings: int, href: str) -> dict[str, Any]:
    from .names import doc_short, doc_title

    m = s.meta
    title, kind = doc_title(s), kind_label(m.doc_type, m.title)  # type: ignore[arg-type]
    return {"sha": s.document, "label": s.label, "short": doc_short(s), "title": title,  # type: ignore[arg-type]
            "level": m.level or "unknown", "kind": kind, "number": m.number or m.id or "", "date": show_date(m.date),
            "tasks": s.facts["tasks"], "targets": s.facts["targets"], "readings": readings, "href": href,
            "issuer": m.issuer, "implements": list(m.implements),
            "search": fold(" ".join(str(x) for x in (s.label, title, kind, m.number, m.issuer, m.level, m.date) if x))}


def _directive_rows(cited: dict[str, set[str]], facts: dict[str, dict[str, Any]], own: dict[str, str],
                    slug: dict[str, str]) -> list[dict[str, Any]]:
    from .names import directive_label, registry_title, short_title

    rows = []
    for did in sorted(cited, key=lambda d: (-len(cited[d]), d)):
        f = facts.get(did, {})
        label = directive_label(did)
        title = short_title(registry_title(did) or f.get("title") or "", limit=160)
        kind = kind_label(f.get("kind"))
        rows.append({"id": did, "label": label, "level": f.get("level") or "unknown", "kind": kind, "title": title,
                     "n": len(cited[did]), "href": f"{ROOT}/{DOCS}/{slug[own[did]]}.html" if did in own else None,
                     "search": fold(" ".join(x for x in (label, did, title, kind) if x))})
    return rows


def _absent_rows(missing: dict[str, list[dict]], rep: dict[str, str], st: dict[str, DocStub],
                 slug: dict[str, str]) -> list[dict[str, Any]]:
    from .names import directive_label

    by: dict[str, set[str]] = {}
    for child, ms in missing.items():
        if child in rep:
            for m in ms:
                by.setdefault(m["parent_id"], set()).add(rep[child])
    rows = []
    for pid in sorted(by):
        kids = sorted(by[pid], key=lambda s: (st[s].label, s))
        rows.append({"label": directive_label(pid), "n": len(kids), "more": max(0, len(kids) - ABSENT_CHILDREN_MAX),
                     "children": [{"href": f"{ROOT}/{DOCS}/{slug[k]}.html", "label": st[k].label}
                                  for k in kids[:ABSENT_CHILDREN_MAX]],
                     "search": fold(" ".join([pid, *(st[k].label for k in kids[:ABSENT_CHILDREN_MAX])]))})
    return rows
