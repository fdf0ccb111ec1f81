"""Glued-word repair: put back the spaces a PDF text layer dropped between syllables.

Text layers of Word-made PDFs sometimes lose the space between two words ("Đảng bộxã", "chỉtiêu",
"nhiệm kỳ2025", "Chỉ thịsố46-CT/TW"). Vietnamese writes one syllable per word-piece, and a syllable
has one shape: an onset, one vowel group, an optional coda and at most one tone mark. A run of
letters with two vowel groups and a diacritic is therefore never one syllable; when it splits
into syllables that a shipped dictionary knows (underthesea's Viet74K word list), the spaces go
back. A letter run glued to a digit is split when the run ends with a Vietnamese syllable that
carries a diacritic ("kỳ2025", "thị46"); codes ("QH15", "CO2", "5G") are ASCII or start with a
digit and are left alone. On clean text nothing changes: every candidate needs a failed syllable.

The step keeps the per-character map of `normalize.Tracked` exact: an inserted space points at
the character after it, every other character keeps its own index.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Repair

if TYPE_CHECKING:
    from .normalize import Tracked

_LETTERS = r"[^\W\d_]"
_RUN = re.compile(rf"(?<!{_LETTERS})(?:{_LETTERS}{{2,}}(?=\d)|{_LETTERS}{{4,}})")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_SHAPE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    rf"[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?$"
)
_GROUPS = re.compile(rf"[{_VOWELS}]+")
_MAX_PARTS = 6


def _vowel_letters() -> str:
    """Every letter whose base (tones and hats off) is a Vietnamese vowel, both cases."""
    out = []
    for cp in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1EA0, 0x1EFA)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch.lower())[:1]
        if ch.isalpha() and base in "aeiouy":
            out.append(ch)
    return "".join(out)


def _letters(upper: bool) -> str:
    rng = list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1EA0, 0x1EFA))
    return "".join(chr(c) for c in rng if chr(c).isalpha() and chr(c).isupper() == upper)


_V = _vowel_letters()
_UP, _LOW = _letters(True), _letters(False)
# cheap test a line must pass before any run is looked at: two vowel groups inside one word, a
# letter against a digit, or a lower-case letter against an upper-case one
_CANDIDATE = re.compile(rf"[{_V}][^\W\d_{_V}]+[{_V}]|[^\W\d_]\d|[{_LOW}][{_UP}]")
_ROMAN_TAIL = re.compile(r"^([^\W\d_]+?)([IVXLC]+)$")


def _base(s: str) -> tuple[str, int]:
    """Lower-case letters without tone marks (ă, â, ê, ô, ơ, ư, đ kept) and the number of tones."""
    d = unicodedata.normalize("NFD", s.lower())
    tones = sum(1 for ch in d if ch in _TONES)
    return unicodedata.normalize("NFC", "".join(ch for ch in d if ch not in _TONES)), tones


@cache
def shaped(syl: str) -> bool:
    """A Vietnamese syllable shape: onset, one vowel group, coda, at most one tone."""
    base, tones = _base(syl)
    return tones <= 1 and bool(_SHAPE.match(base))


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(syllables, two-syllable words, hyphenated loan words written joined) of underthesea's
    Viet74K list, lower case; syllables only when well shaped.

    Kept between runs (wordcache): reading the list costs 0.5 s, more than extracting a document.
    """
    # find_spec locates the installed package without importing it (its import is slow and heavy)
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("underthesea (its Viet74K word list) is needed for the glue repair")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    from .wordcache import cached

    return cached("glue", path, __file__, lambda: _read_dictionary(path))


def _read_dictionary(path: Path) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    syllables: set[str] = set()
    pairs: set[str] = set()
    loans: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.lower())
        parts = [p for p in re.split(r"[\s\-]+", line) if p]
        syllables.update(p for p in parts if shaped(p))
        if "-" in line:  # "mác-xít", written "mácxít" too
            loans.add(re.sub(r"[\s\-]+", "", line))
        if len(parts) == 2 and "-" not in line:  # a two-syllable word ("chỉ tiêu"), not a loan name
            pairs.add(" ".join(parts))
    return frozenset(syllables), frozenset(pairs), frozenset(loans)


def _vietnamese(s: str) -> bool:
    return not s.isascii()


def _case_ok(run: str, cuts: list[int]) -> bool:
    """Each piece lower case, Title case or UPPER case, as words are written."""
    bounds = [0, *cuts, len(run)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        p = run[a:b]
        if not (p.islower() or p.isupper() or (p[0].isupper() and (len(p) == 1 or p[1:].islower()))):
            return False
    return True


@lru_cache(maxsize=1 << 16)
def _cuts(run: str) -> tuple[int, ...]:
    """`split_run`, kept per run: a document repeats its words."""
    return tuple(split_run(run))


def split_run(run: str) -> list[int]:
    """Where to cut a letter run into dictionary syllables: offsets of the cuts, [] for none.

    The fewest pieces win; between splits with as many pieces, the one whose neighbours make
    more dictionary words ("anh em", not "an hem")."""
    low = run.lower()
    m = _ROMAN_TAIL.match(run)
    # "lần thứXIV", "lần thứI": an ordinal glued to its word
    if m and m.group(1)[-1].islower() and _vietnamese(m.group(1)):
        head = split_run(m.group(1)) if len(m.group(1)) >= 4 else []
        if head or (shaped(m.group(1)) and m.group(1).lower() in _dictionary()[0]):
            return [*head, len(m.group(1))]
    if len(_GROUPS.findall(_base(low)[0])) < 2 or shaped(low) or not _vietnamese(run):
        return []
    syl, pairs, loans = _dictionary()
    if low in syl or low in loans:
        return []
    n = len(low)
    best: dict[int, tuple[int, int, list[int]] | None] = {n: (0, 0, [])}
    for i in range(n - 1, -1, -1):
        cand = None
        for j in range(i + 1, min(n, i + 7) + 1):
            piece = low[i:j]
            rest = best.get(j)
            if rest is None or piece not in syl:
                continue
            parts, words, cuts = rest
            nxt = low[j:cuts[0]] if cuts else low[j:]
            bonus = 1 if j < n and f"{piece} {nxt}" in pairs else 0
            key = (parts + 1, words + bonus, [j, *cuts] if j < n else [])
            if cand is None or (key[0], -key[1]) < (cand[0], -cand[1]):
                cand = key
        best[i] = cand
    got = best.get(0)
    if got is None or not got[2] or got[0] > _MAX_PARTS or not _case_ok(run, got[2]):
        return []
    if run[0].isupper() and run[1:].islower() and got[1] < got[0] - 1:
        # "Lênin", "Ăngghen": a loan name is written as one capitalised run; a sentence-initial
        # glue ("Nhưtrên", "Chỉtiêu") is split only into words the dictionary knows
        return []
    return got[2]


def _digit_cut(run: str, cuts: list[int]) -> bool:
    """A letter run right before a digit: cut when its last syllable is Vietnamese."""
    last = run[cuts[-1]:] if cuts else run
    syl = _dictionary()[0]
    return _vietnamese(last) and shaped(last) and last.lower() in syl and (
        last.islower() or last.isupper() or last[1:].islower())


def glue(t: Tracked) -> Tracked:
    """The normalisation step: spaces back into glued syllables, each change a `glue` repair."""
    s = t.chars
    if s.isascii() or not _CANDIDATE.search(s):
        return t
    inserts: list[tuple[int, int, int]] = []  # (run start, run end, cut position in s)
    for m in _RUN.finditer(s):
        run = m.group(0)
        if m.start() > 0 and (s[m.start() - 1].isdigit()):
            continue  # "5Gxx", codes that start with a digit
        cuts = list(_cuts(run)) if len(run) >= 4 else []
        at_digit = m.end() < len(s) and s[m.end()].isdigit()
        ends = [m.start() + c for c in cuts]
        if at_digit and _digit_cut(run, cuts):
            ends.append(m.end())
        inserts.extend((m.start(), m.end(), e) for e in ends)
    if not inserts:
        return t
    return _apply(t, inserts)


def _apply(t: Tracked, inserts: list[tuple[int, int, int]]) -> Tracked:
    from .normalize import Tracked

    s = t.chars
    base = t.src if t.src is not None else range(len(s))
    out: list[str] = []
    src: list[int] = []
    repairs = list(t.repairs)
    by_run: dict[tuple[int, int], list[int]] = {}
    for a, b, cut in inserts:
        by_run.setdefault((a, b), []).append(cut)
    pos = 0
    length = 0
    for (a, b), cuts in sorted(by_run.items()):
        head = s[pos:a]
        out.append(head)
        src.extend(base[pos:a])
        length += len(head)
        before = s[a:b + (1 if b < len(s) and b in cuts else 0)]
        start = length
        prev = a
        for c in sorted(cuts):
            out.append(s[prev:c])
            src.extend(base[prev:c])
            out.append(" ")
            src.append(base[c] if c < len(base) else (base[-1] + 1))
            length += c - prev + 1
            prev = c
        out.append(s[prev:b])
        src.extend(base[prev:b])
        length += b - prev
        after = "".join(out)[start:] + (s[b] if b < len(s) and b in cuts else "")
        repairs.append(Repair(kind="glue", before=before, after=after, start=start))
        pos = b
    out.append(s[pos:])
    src.extend(base[pos:])
    return Tracked("".join(out), list(src), repairs)
