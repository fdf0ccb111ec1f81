"""Shared pieces of the report: escaping, labels, the catalogue index and selection."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from .. import levels
from ..align.model import AlignmentReport
from ..catalogue import Catalogue, CatalogueDocument
from ..errors import NotFound
from ..textfold import fold
from .names import doc_label, representative
from .names import show_date as show_date  # where it lives: the query commands read it without this module

LEVELS = (*levels.LEVELS, "unknown")  # legend and grouping order: top down, then unknown
COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
_ASSETS = Path(__file__).parent / "assets"


class FocusNotFound(NotFound):
    """`--focus`/`report ID` names nothing in the catalogue."""


# -- small helpers ------------------------------------------------------------------------------

def e(x: object) -> str:
    return "" if x is None else escape(str(x), quote=True)




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


def doc_key(d: CatalogueDocument) -> str:
    """The short key a user types (`report 144/KH-UBND~03/NQ-CP`) and file names are made of."""
    return d.meta.id or d.meta.number or d.source.get("name") or d.document[:12]




def shown_documents(cat: Catalogue) -> list[CatalogueDocument]:
    """One reading per document: the others are its sources (names.group_renderings)."""
    rep = representative(cat.documents)
    return [d for d in cat.documents if rep[d.document] == d.document]


def shown_alignments(cat: Catalogue) -> list[AlignmentReport]:
    """One alignment per (document, parent document): the same text in four files aligned four times is
    one alignment, the one of the reading shown when there is one."""
    rep = representative(cat.documents)
    best: dict[tuple[str, str], AlignmentReport] = {}
    for a in cat.alignments:
        c, p = rep.get(a.child.sha256, a.child.sha256), rep.get(a.parent.sha256, a.parent.sha256)
        if (c, p) not in best or a.child.sha256 == c:
            best[(c, p)] = a
    keep = {id(a) for a in best.values()}
    return [a for a in cat.alignments if id(a) in keep]


def sources_of(cat: Catalogue, d: CatalogueDocument) -> list[CatalogueDocument]:
    """Every reading of the document `d` is shown for, `d` first."""
    rep = representative(cat.documents)
    return [d, *(x for x in cat.documents if rep[x.document] == d.document and x is not d)]


# -- lookup of documents and alignments -------------------------------------------------------

def doc_keys(sha: str, name: str | None, did: str | None, number: str | None, paths: list[str]) -> Iterator[str]:
    """What a user may type to name a document, in the order a lookup prefers them: its sha, file name and
    stem, id, number, paths and their file names, each as written and folded."""
    name = name or ""
    for k in (sha, name, Path(name).stem, did, number, *paths, *(Path(p).name for p in paths)):
        if k:
            yield k
            yield fold(k)


class Index:
    """Find documents by sha (or prefix), file name, stem, id or number."""

    def __init__(self, cat: Catalogue):
        self.cat = cat
        self.keys: dict[str, CatalogueDocument] = {}
        for d in cat.documents:
            for k in doc_keys(d.document, d.source.get("name"), d.meta.id, d.meta.number, d.paths):
                self.keys.setdefault(k, d)

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


def _end_key(a: Any, side: str) -> Any:
    if not isinstance(a, dict):  # an AlignmentReport
        return getattr(a, side).sha256
    v = a.get(side)
    if v is None:
        v = a.get(f"{side}_id") or a.get(f"{side}_doc") or a.get(f"{side}_document")
    return v


def _end_label(idx: Index, a: Any, side: str, *, key: bool = False) -> str:
    d = idx.doc(_end_key(a, side))
    if d:
        return doc_key(d) if key else doc_label(d)
    if not isinstance(a, dict):
        ref = getattr(a, side)
        return ref.id or ref.name
    v = _end_key(a, side)
    if isinstance(v, dict):
        return str(v.get("id") or v.get("number") or v.get("name") or v.get("document") or "?")
    return str(v or "?")


def alignment_key(idx: Index, a: Any) -> str:
    return f"{_end_label(idx, a, 'child', key=True)}~{_end_label(idx, a, 'parent', key=True)}"


def select(cat: Catalogue, focus: str | None) -> tuple[list[CatalogueDocument], list[AlignmentReport], Index]:
    """The documents and alignments a report on `focus` shows (everything when focus is None)."""
    idx = Index(cat)
    if not focus:
        return shown_documents(cat), shown_alignments(cat), idx
    if "~" in focus:
        c, p = focus.split("~", 1)
        cd, pd = idx.doc(c.strip()), idx.doc(p.strip())
        for a in cat.alignments:
            ac, ap = idx.doc(_end_key(a, "child")), idx.doc(_end_key(a, "parent"))
            same_c = (ac is not None and ac is cd) or _end_label(idx, a, "child", key=True) == c.strip()
            same_p = (ap is not None and ap is pd) or _end_label(idx, a, "parent", key=True) == p.strip()
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


def show_time(iso: str | None, lang: str = "vi") -> str:
    """A generation time ("2026-11-29T14:20:03+00:00") as "14:20 ngày 29/11/2026"."""
    if not iso:
        return ""
    m = re.match(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)", iso)
    if not m:
        return iso
    return f"{m.group(2)} {'ngày' if lang != 'en' else 'on'} {show_date(m.group(1))}"


def kind_label(code: str | None, title: str | None = None) -> str:
    from .names import kind_name

    return kind_name(code, title) if code else ""
