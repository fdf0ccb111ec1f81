"""Text-layer quality checks and font-fault repairs, judged against Vietnamese syllables.

The syllable list is underthesea's Viet74K word list split into syllables; it is loaded only
when a page needs judging (odd characters, or a letter a known font fault produces).
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..model import Repair

VIET = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        "bcdfghjklmnpqrstvwxz")
_ALLOWED = set(VIET) | set(VIET.upper()) | {chr(c) for c in range(32, 127)} | set(
    "“”‘’–—…•·°§«»€±×÷\u00a0\t\r\n\f\u01a3\u01a2")
_WORD = re.compile(r"[^\W\d_]+")
# names and words that official documents use but the word list lacks
_EXTRA = "nguyễn nguyên trịnh phạm huỳnh đặng võ vũ lê hồ ngô dương lý mác lênin uỷ thuỷ hoá"


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    lists = _wordlists()
    if not lists:
        return _syllables([])
    from ..wordcache import cached  # kept between runs: reading the list costs 0.15 s a start

    return cached("fonts", lists[0], __file__, lambda: _syllables(lists))


def _syllables(lists: list[Path]) -> frozenset[str]:
    words: set[str] = set(_EXTRA.split())
    for cand in lists:
        text = cand.read_text(encoding="utf-8")
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        words.update(w.strip(".,;:()") for w in text.lower().split())
        break
    return frozenset(words)


def _wordlists() -> list[Path]:
    # find the data without importing underthesea (its import takes over a second)
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return []
    base = Path(list(spec.submodule_search_locations)[0])
    return [p for p in (base / "corpus" / "data" / "Viet74K.txt", base / "transformer" / "Viet74K.txt") if p.exists()]


_ODD = re.compile("[^" + re.escape("".join(sorted(_ALLOWED))) + r"\s]")
_BAD = re.compile("[\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ufffe\ud800-\udfff]")


def _visible(text: str) -> int:
    return len(text) - sum(text.count(c) for c in " \n\r\t\f\u00a0")


def odd_share(text: str) -> float:
    """Share of non-space characters that are neither Vietnamese letters nor common symbols."""
    n = _visible(text)
    return len(_ODD.findall(text)) / n if n else 0.0


def valid_share(text: str) -> tuple[float, int]:
    """(share of letter tokens that are Vietnamese syllables, number of tokens)."""
    text = text.replace("\u01a3", "ư").replace("\u01a2", "Ư")
    toks = _WORD.findall(text)
    if not toks:
        return 0.0, 0
    syl = syllables()
    ok = sum(1 for t in toks if t.lower() in syl or (t.isupper() and len(t) <= 5 and t.isascii()))
    return ok / len(toks), len(toks)


_CID = re.compile(r"\(cid:\d+\)")


def usable(text: str) -> tuple[bool, str]:
    """Is this text layer worth reading, or should the page go to OCR? (verdict, reason)"""
    n = _visible(text)
    if n < 8:
        return False, "no text layer"
    if len(_CID.findall(text)) >= 3:
        return False, "(cid:N) codes: the fonts have no character map"
    if len(_BAD.findall(text)) / n > 0.05:
        return False, "private-use or control characters: the fonts have no usable character map"
    if odd_share(text) > 0.01:
        share, n = valid_share(text)
        if n >= 10 and share < 0.6:
            return False, f"only {share:.0%} of words are Vietnamese syllables: garbled font encoding"
    return True, ""


# Fonts of some Word-made PDFs emit Õ/õ for Ò/ò (HÕA for HÒA). Õ is a Vietnamese letter too
# (VÕ, rõ), so a word is changed only when the fixed word is a syllable and the original is not.
_FAULTS = {"Õ": "Ò", "õ": "ò"}
# common syllables that really have õ: no need to load the word list for them
_TILDE_OK = frozenset(["rõ", "võ", "ngõ", "dõi", "cõi", "gõ", "mõ", "lõi", "sõi", "nõn", "lõm", "võng", "xõa",
                       "bõ", "chõ"])
_SUSPECT = re.compile(r"[^\W\d_]*[Õõ][^\W\d_]*")


def fix_font_faults(text: str) -> tuple[str, list[Repair]]:
    """Repair letters a faulty font map produced; same length out as in."""
    if "Õ" not in text and "õ" not in text:
        return text, []
    out = list(text)
    repairs: list[Repair] = []
    for m in _SUSPECT.finditer(text):
        word = m.group(0)
        w = word.replace("\u01a3", "ư").replace("\u01a2", "Ư")
        if w.lower() in _TILDE_OK or w.lower() in syllables():
            continue
        fixed = "".join(_FAULTS.get(c, c) for c in word)
        if fixed.replace("\u01a3", "ư").replace("\u01a2", "Ư").lower() in syllables():
            out[m.start():m.end()] = fixed
            repairs.append(Repair(kind="font", before=word, after=fixed, start=m.start()))
    return "".join(out), repairs


def dedupe_doubled(line: str) -> str | None:
    """Text drawn twice for a bold effect reads 'ĐĐẢẢNNGG': return the line once, else None."""
    if len(line) < 6 or line[0] != line[1]:
        return None
    s = "".join(line.split())
    if len(s) < 6 or s[2] != s[3]:
        return None
    pairs = len(s) // 2
    same = sum(1 for i in range(0, pairs * 2, 2) if s[i] == s[i + 1])
    if same < 0.9 * pairs:
        return None
    out: list[str] = []
    i = 0
    while i < len(line):
        c = line[i]
        out.append(c)
        i += 2 if i + 1 < len(line) and line[i + 1] == c else 1
    return "".join(out)
