"""One string in, raw hits out: the literal prefilter, NFD input, and the order the finders run in."""

from __future__ import annotations

import unicodedata

from . import patterns as P
from . import words as W
from .find import Hit, _codes, _Ctx
from .registry import Registry, fold


def _nfc(text: str) -> tuple[str, list[int]] | None:
    """NFC text and, for each of its indices (and its end), the index in `text`; None when already NFC."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return None
    out: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        back.extend([i] * len(piece))
        i = j
    back.append(n)
    return "".join(out), back


# each finder runs only when its literal is in the text
_WORD_FINDERS = (("đại hội", W.congress), ("điều lệ", W.charter), ("đề án", W.named), ("gọi", W.aliases),
                 (None, W.shorts), (None, W.backrefs))
_EXTRA = ("đại hội", "điều lệ", "gọi", "viết")


def _anchors(low: str, words) -> dict[str, list[int]]:
    """Where each literal starts a word, found with str.find (no regex over the whole text)."""
    out: dict[str, list[int]] = {}
    for w in words:
        p = low.find(w)
        while p >= 0:
            if p == 0 or not low[p - 1].isalnum():
                out.setdefault(w, []).append(p)
            p = low.find(w, p + len(w))
    return out


def _find(text: str, reg: Registry, low: str | None = None) -> list[Hit]:
    low = low if low is not None else fold(text)
    c = _Ctx(text, low, reg, P.compiled(reg))
    hits = _codes(c) if "/" in text else []
    c.anchors = _anchors(low, c.pat.words + _EXTRA)
    if not c.anchors:  # cheap literal prefilter: no kind word, no congress, nothing written out
        return hits
    for needle, finder in _WORD_FINDERS:
        # the literal anywhere, not only at a word's start: "Nghị quyếtĐại hội" glued still has a congress
        if needle is None or needle in c.anchors or needle in low:
            hits += finder(c, hits)
    hits.sort(key=lambda h: h.start)
    return hits


def scan(text: str, reg: Registry, low: str | None = None) -> list[Hit]:
    """Raw hits of one string, spans in `text`'s own indices (NFD input is read as NFC, flagged nfd)."""
    mapped = _nfc(text)
    if mapped is None:
        return _find(text, reg, low)
    nfc, back = mapped
    hits = _find(nfc, reg)
    for h in hits:
        h.start, h.end = back[h.start], back[h.end]
        h.text = text[h.start:h.end]
        h.flags.append("nfd")
    return hits
