"""What a document is called where a person reads it, and which files are one document.

A document is shown as its kind, number and issuer ("Kế hoạch số 144/KH-UBND của UBND tỉnh") and a
short title; one without a number by its kind, issuer and title; never by a file name or a hash.
The same text read from several files (.txt, .docx, .pdf, a scan) is one document with several
sources: `group_renderings` picks the fullest reading and keeps the others as its sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the catalogue's models are not loaded by `search` for a name
    from ..catalogue import CatalogueDocument

TITLE_MAX = 110
_OTHER_KINDS = {"charter": "Điều lệ", "congress": "Nghị quyết Đại hội"}  # directive kinds without a number


@cache
def _codes() -> dict[str, Any]:
    import json

    from ..registry_path import registry_dir

    return json.loads((registry_dir() / "codes.json").read_text(encoding="utf-8"))


def kind_name(code: str | None, title: str | None = None) -> str:
    """The kind spelled out ("Nghị quyết"); a title that opens with a longer kind word wins
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG ..." is a Chương trình hành động, not only a Chương trình)."""
    low = (title or "").lower()
    for words, c in _codes()["title_words"]:
        if low.startswith(words) and (code is None or c == code):
            return words[0].upper() + words[1:]
    if not code:
        return "Văn bản"
    if code in _OTHER_KINDS:
        return _OTHER_KINDS[code]
    return _codes()["party_kinds"].get(code) or _codes()["state_kinds"].get(code) or code


def registry_title(directive_id: str | None) -> str | None:
    """The reviewed title of a known directive (pipeline/data/registry), if there is one."""
    if not directive_id:
        return None
    from ..cite.registry import load_registry

    known = load_registry().known(directive_id)
    return (known or {}).get("title") or None




def _is_caps(w: str) -> bool:
    w = w.strip(",.;:-–()")
    return bool(w) and w.upper() == w and any(c.isalpha() for c in w) and not re.search(r"\d", w)


def short_title(title: str | None, kind_code: str | None = None, limit: int = TITLE_MAX) -> str:
    """The subject of a title: without the kind word it opens with, the "CỦA BAN ..." run and the
    issuer in capitals a header leaves at its end; all capitals become sentence case; cut at a word."""
    t = " ".join((title or "").replace("**", "").split())
    if not t:
        return ""
    low = t.lower()
    for words, _ in _codes()["title_words"]:
        if low.startswith(words + " "):
            t = t[len(words) + 1:]
            break
    words = t.split()
    if words and words[0].lower() == "của":  # "CỦA BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG thực hiện ..."
        i = 1
        while i < len(words) and _is_caps(words[i]):
            i += 1
        if i < len(words):
            words = words[i:]
    while len(words) > 3 and _is_caps(words[-1]) and not all(_is_caps(w) for w in words):
        words.pop()  # "... quốc gia CHÍNH PHỦ": the next header line glued on
    t = " ".join(words)
    if all(_is_caps(w) or not any(c.isalpha() for c in w) for w in words):
        t = t.lower()
    if len(t) > limit:
        t = t[:limit].rsplit(" ", 1)[0].rstrip(",;:-– ") + "…"
    return t


def issuer_text(issuer: str) -> str:
    """An issuer as running text: "CHÍNH PHỦ" from a header line becomes "Chính phủ"."""
    if issuer and all(_is_caps(w) for w in issuer.split()):
        return issuer[0] + issuer[1:].lower()
    return issuer


def doc_name(d: CatalogueDocument) -> str:
    """"Kế hoạch số 144/KH-UBND của UBND tỉnh"; without a number, kind and issuer only."""
    m = d.meta
    kind = kind_name(m.doc_type, m.title)
    out = kind + (f" số {m.number or m.id}" if (m.number or m.id) else "")
    if m.issuer:
        out += f" của {issuer_text(m.issuer)}"
    return out


def doc_title(d: CatalogueDocument) -> str:
    """The short title: the document's own, else the registry's for its number."""
    return short_title(d.meta.title, d.meta.doc_type) or short_title(registry_title(d.meta.id or d.meta.number))


def doc_label(d: CatalogueDocument) -> str:
    """The one-line name of a document: "Nghị quyết số 57-NQ/TW của Bộ Chính trị"; an unnumbered
    one adds its title so two programmes of one body stay apart."""
    name = doc_name(d)
    if d.meta.number or d.meta.id:
        return name
    title = doc_title(d)
    return f"{name}: {short_title(title, limit=70)}" if title else name


def doc_short(d: CatalogueDocument) -> str:
    """A graph node's text: the number, or the kind and issuer."""
    m = d.meta
    if m.number or m.id:
        return str(m.number or m.id)
    return doc_name(d)


_CONGRESS_LEVEL = {"central": "toàn quốc", "province": "tỉnh, thành phố", "district": "huyện",
                   "commune": "xã, phường"}


def directive_label(directive_id: str) -> str:
    """A cited directive's id as a reader knows it: congress resolutions have no number
    ("congress:XIV:central" is the Nghị quyết Đại hội XIV toàn quốc)."""
    if directive_id.startswith("congress:"):
        parts = directive_id.split(":")
        where = _CONGRESS_LEVEL.get(parts[2], "") if len(parts) > 2 else ""
        return f"Nghị quyết Đại hội {parts[1] if len(parts) > 1 else ''} {where}".strip()
    if directive_id.startswith("charter:"):
        return directive_id.split(":", 1)[1]
    return directive_id


_REPEAT = re.compile(r"(?<!\S)(\S+(?:\s+\S+){0,2})(?:\s+\1)+(?!\S)")


def clean_heading(text: str) -> str:
    """A heading as shown: no markdown emphasis left, a word group a header repeats said once
    ("Nơi Nơi nhận", "T/M T/M BAN CHẤP HÀNH": a layout that prints a label twice)."""
    t = " ".join(text.replace("**", "").replace("__", "").split())
    return _REPEAT.sub(r"\1", t)


def source_name(d: CatalogueDocument) -> str:
    """The file a reading came from (shown only in the list of sources)."""
    return d.source.get("name") or (Path(d.paths[0]).name if d.paths else d.document[:12])


def _identity(d: CatalogueDocument) -> tuple:
    m = d.meta
    title = " ".join((m.title or "").lower().split())
    if not (m.number or m.id or title):
        return ("sha", d.document)  # nothing to know it by: only itself
    return (m.doc_type, m.number or m.id, title, m.issuer, m.date)


def _fullness(d: CatalogueDocument) -> tuple:
    fmt = d.source.get("format") or ""
    return (len(d.tasks) + len(d.targets), -len(d.diagnostics), fmt in ("txt", "md", "docx"), d.document)


def group_renderings(docs: Iterable[CatalogueDocument]) -> list[tuple[CatalogueDocument, list[CatalogueDocument]]]:
    """(the reading shown, every reading of the same document) in the order the documents came."""
    groups: dict[tuple, list[CatalogueDocument]] = {}
    for d in docs:
        groups.setdefault(_identity(d), []).append(d)
    return [(max(g, key=_fullness), g) for g in groups.values()]


def representative(docs: Iterable[CatalogueDocument]) -> dict[str, str]:
    """sha of every reading -> sha of the reading shown."""
    return {x.document: rep.document for rep, group in group_renderings(docs) for x in group}


def named_message(text: str, docs: Iterable[CatalogueDocument]) -> str:
    """A message that names a document by its file ("Văn bản 000_a9ef….txt ghi là …") says its name."""
    for d in docs:
        name = d.source.get("name")
        if name and name in text:
            text = text.replace(name, doc_label(d))
    return text


def show_date(iso: str | None) -> str:
    """"2024-12-22" as a Vietnamese reader writes it: 22/12/2024 (a year or month alone stays)."""
    if not iso:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d\d)(?:-(\d\d))?", iso)
    if not m:
        return iso
    y, mo, d = m.groups()
    return f"{d}/{mo}/{y}" if d else f"{mo}/{y}"
