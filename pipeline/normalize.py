"""Named text steps that turn a block's original text into its normalized text.

Each step keeps, for every output character, the index of the original character it came
from, so offsets found in the normalized text can always be mapped back to what was read.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .model import Repair

DATA = Path(__file__).parent / "data"


@dataclass
class Tracked:
    """A string with, for each character, its index in the original (None: unchanged so far)."""

    chars: str
    src: list[int] | None = None
    repairs: list[Repair] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Tracked:
        return cls(text)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], kind: str,
            record: bool = True) -> Tracked:
        if pattern.search(self.chars) is None:  # the common case, kept cheap
            return self
        base = self.src if self.src is not None else range(len(self.chars))
        out: list[str] = []
        src: list[int] = []
        repairs = list(self.repairs)
        pos = 0
        length = 0  # of "".join(out)
        for m in pattern.finditer(self.chars):
            new = repl(m)
            if new == m.group(0):
                continue
            head = self.chars[pos:m.start()]
            out.append(head)
            length += len(head)
            src.extend(base[pos:m.start()])
            if record:
                repairs.append(Repair(kind=kind, before=m.group(0), after=new, start=length))
            anchor = base[m.start()] if m.start() < len(base) else (base[-1] + 1 if len(base) else 0)
            span = list(base[m.start():m.end()]) or [anchor]
            out.append(new)
            length += len(new)
            inner = m.group(0).find(new) if new else -1
            if inner >= 0:  # a strip (markdown, edges): keep exact positions of what is left
                src.extend(span[inner:inner + len(new)])
            else:  # characters of the replacement map onto the replaced ones, clipped at the end
                src.extend(span[min(k, len(span) - 1)] for k in range(len(new)))
            pos = m.end()
        if pos == 0 and not out:
            return self
        out.append(self.chars[pos:])
        src.extend(base[pos:])
        return Tracked("".join(out), src, repairs)

    def anchors(self) -> list[tuple[int, int]]:
        """Compress the per-character map into (normalized, original) anchors."""
        if self.src is None:
            return [(0, 0)]
        res: list[tuple[int, int]] = []
        prev = None
        for i, o in enumerate(self.src):
            if prev is None or o != prev + 1:
                res.append((i, o))
            prev = o
        return res


def nfc(t: Tracked) -> Tracked:
    if unicodedata.is_normalized("NFC", t.chars):
        return t
    # normalize one base character with its combining marks at a time, so each output
    # character still points at the base character it came from
    return t.sub(_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)), "nfc")


_CLUSTER = re.compile(r".[\u0300-\u036f\u0323\u0309]+", re.S)
# ƣ/Ƣ (U+01A3/U+01A2) are never Vietnamese: fonts of Word-made PDFs emit them for ư/Ư
_FONT = re.compile(r"[\u01a2\u01a3]")
_FONT_MAP = {"\u01a3": "ư", "\u01a2": "Ư"}
_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u3000\t\ufeff]")
_MULTI = re.compile(r"(?<=\S) {2,}(?=\S)")
_EDGE = re.compile(r"^\s+|\s+$")
# an escaped star ("\\*") is a literal star, never emphasis: it is left to _MD_ESC
_EMPH = re.compile(r"(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=[^\s\\])\1|(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=[^\s\\])\*(?![\w*])")
# CommonMark: a backslash escapes any ASCII punctuation ("R\\&D" in 57-NQ/TW reads "R&D")
_MD_ESC = re.compile(r"\\([!-/:-@\[-`{-~])")


def font_fix(t: Tracked) -> Tracked:
    if "\u01a2" not in t.chars and "\u01a3" not in t.chars:
        return t
    return t.sub(_FONT, lambda m: _FONT_MAP[m.group(0)], "font")


def spaces(t: Tracked) -> Tracked:
    t = t.sub(_SPACES, lambda m: " ", "space", record=False)
    if "  " in t.chars:
        t = t.sub(_MULTI, lambda m: " ", "space")
    if t.chars != t.chars.strip():  # str.strip is far cheaper than the regex on clean lines
        t = t.sub(_EDGE, lambda m: "", "space", record=False)
    return t


def markdown(t: Tracked) -> Tracked:
    if "*" not in t.chars and "_" not in t.chars and "\\" not in t.chars:
        return t
    t = t.sub(_EMPH, lambda m: m.group(2) if m.group(2) is not None else m.group(3), "markdown")
    return t.sub(_MD_ESC, lambda m: m.group(1), "markdown")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    with open(DATA / "lexicon.tsv", encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row and not row[0].startswith("#") and len(row) >= 2:
                table[row[0].lower()] = row[1]
    alts = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I), table


def _match_case(src: str, fix: str) -> str:
    if src.isupper():
        return fix.upper()
    if src[:1].isupper():
        return fix[:1].upper() + fix[1:]
    return fix


def lexicon(t: Tracked) -> Tracked:
    pattern, table = _lexicon()
    low = t.chars.lower()
    if not any(k in low for k in table):  # a few substring tests before a case-folding regex
        return t
    return t.sub(pattern, lambda m: _match_case(m.group(0), table[m.group(0).lower()]), "lexicon")


# tone placement differs between old and new spelling ("Thành uỷ" / "Thành ủy", "hoà" / "hòa") only
# at the end of a word, and only after o/u before a, e, y ("quá", "thuế" are not such pairs)
_TONE_PAIRS = {
    "uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_OLD_TONE = re.compile("(?:" + "|".join(_TONE_PAIRS) + r")(?!\w)")


def modern_tone(text: str) -> str:
    """Old-style word-final tone placement to the modern one ("hoá" -> "hóa"); same length out as in.

    >>> modern_tone("Thành uỷ, hoà bình, quá")
    'Thành ủy, hòa bình, quá'
    """
    return _OLD_TONE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)


# characters Word and web pages put inside words and numbers that a reader does not see: soft
# hyphen, zero-width joiner/non-joiner, word joiner, invisible operators, Mongolian vowel
# separator; and look-alikes of "-" (hyphen, non-breaking hyphen, figure dash, minus signs)
_INVISIBLE = "\u00ad\u034f\u180e\u200c\u200d\u2060-\u2064"
_HYPHENS = "\u2010\u2011\u2012\u2212\ufe63\uff0d"
_LOOKALIKE = re.compile(f"[{_INVISIBLE}{_HYPHENS}\uff01-\uff5e]|(?![0-9])\\d")


def _plain(m: re.Match[str]) -> str:
    c = m.group(0)
    if "\uff01" <= c <= "\uff5e":  # full-width ASCII: ５７－ＮＱ／ＴＷ
        return chr(ord(c) - 0xFEE0)
    if c.isdigit():  # Arabic-Indic, Devanagari, mathematical ... digits: their value
        d = unicodedata.decimal(c, None)
        return str(d) if d is not None else c
    if c in _HYPHENS:
        return "-"
    return ""


def lookalikes(t: Tracked) -> Tracked:
    """Invisible characters out, look-alike hyphens, digits and full-width letters to plain ones.

    Recorded as "lookalike" repairs, so "57\u2011NQ/TW" is found and linked as 57-NQ/TW while
    the offsets still point at what was read.
    """
    if t.chars.isascii():
        return t
    return t.sub(_LOOKALIKE, _plain, "lookalike")


def glue(t: Tracked) -> Tracked:
    """Spaces a PDF text layer dropped between syllables ("bộxã", "kỳ2025"): see pipeline/glue.py."""
    from .glue import glue as repair

    return repair(t)


STEPS: dict[str, Callable[[Tracked], Tracked]] = {
    "nfc": nfc, "lookalikes": lookalikes, "font": font_fix, "spaces": spaces, "markdown": markdown,
    "glue": glue, "lexicon": lexicon,
}
DEFAULT_STEPS = ("nfc", "lookalikes", "font", "spaces", "markdown", "glue", "lexicon")


def normalize(text: str, steps: tuple[str, ...] = DEFAULT_STEPS) -> Tracked:
    """Run the named steps over `text`.

    Returns:
        The normalized text with its map back to `text` and the repairs made.
    """
    t = Tracked.of(text)
    for name in steps:
        t = STEPS[name](t)
    return t
