"""Number-less (qualitative) parent targets: which child target or task carries one out.

A qualitative target is short and names a thing to reach ("Phủ sóng 5G toàn quốc", "hình thành
sàn giao dịch dữ liệu"). Cosine over the whole wording cannot tell the child item that carries it
out from one that merely shares a topic word: the wording around the key terms differs on every
pair. So the parent is reduced to its key terms:

- concept terms of pipeline/data/align_concepts.tsv ("phủ sóng" -> viễn thông), which stand for
  the words they cover;
- the remaining content words of two or more syllables, and code-like words ("5G", "XGS-PON");
  a word common in programme prose (the fixed background, align_background.tsv) weighs little
  but stays, so a long target is not reduced to its few rare words;
- never scope words ("toàn quốc", "Việt Nam": evidence.national_scope), which say who does it,
  nor the verb of reaching ("hoàn thành", "hình thành": pipeline/data/align_aim_words.txt), which
  says how the aim is worded, not what is done.

Each key term weighs its background rarity (idf). A child item carries out the parent when it
holds all or most of that weight (`COVER`) and at least one of the terms it holds is distinctive
(rare in programme prose), so a child sharing only "hạ tầng" or "dữ liệu" is not proposed.
Candidates are ranked by coverage; the TF-IDF cosine only breaks ties.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .evidence import background, distinctive, national_scope, scope_phrases
from .text import concept_map, normalize, words

COVER = 0.7  # share of the key-term weight the child item must hold
_CODE = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[\w-]+|[A-Z]{2,}[\w-]*")  # "5G", "IPv6"; "XGS-PON", "GII"


_CLAUSE = re.compile(r";|\.\s+(?=[A-ZĐÀ-Ỹ])")  # "A; B" and "A. B": two aims, each carried out on its own
QUALIFIERS = frozenset({"số", "xanh"})  # "digital", "green": one syllable that makes another thing
MIN_KEYS = 2  # a clause with fewer key terms is not an aim of its own: the target is scored whole
LIST_ITEM = 4  # words of an inner item of a listed aim ("kinh tế số"); longer ones are clauses, not items


@dataclass(frozen=True)
class Key:
    term: str  # a word ("đô_thị") or a concept term ("~viễn_thông")
    phrase: str  # how it is looked for in a child's text (words: spaced, lower case)
    weight: float
    shown: str  # as the parent writes it ("5G", "phủ sóng")


def _idf(term: str) -> float:
    _v, n, df = background()
    return math.log((1 + n) / (1 + df.get(term, 0)))


@lru_cache(maxsize=1)
def aim_words() -> frozenset[str]:
    """pipeline/data/align_aim_words.txt: the verb of reaching and frame phrases, not the aim's object."""
    raw = resources.files("pipeline").joinpath("data/align_aim_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower().replace(" ", "_") for w in raw.splitlines()
                     if w.strip() and not w.startswith("#"))


def _shown(phrase: str) -> str:
    """Sentence case off ("Phủ sóng" -> "phủ sóng"); names and codes ("5G", "Internet") kept."""
    return phrase[:1].lower() + phrase[1:] if phrase[1:2].islower() or phrase[1:2] == " " else phrase


def _masked(norm: str, term: str) -> str:
    """`norm` with the phrases of replace-mode concepts other than `term` blanked, as `text.concepts` does
    for the cosine: "môi trường số" is the digital space, not the natural "môi trường" of another concept."""
    for other, replace, rx in concept_map():
        if replace and other != term:
            norm = rx.sub(lambda m: " " * len(m.group(0)), norm)
    return norm


def _code(word: str) -> bool:
    return bool(_CODE.fullmatch(word))


@lru_cache(maxsize=4096)
def key_terms(text: str) -> tuple[Key, ...]:
    """The key terms of a qualitative target, heaviest first."""
    norm = normalize(text)
    keys: dict[str, Key] = {}
    covered: list[str] = []  # words a concept term stands for
    for term, _replace, rx in concept_map():
        hits = [m.group(0) for m in rx.finditer(_masked(norm, term))]
        if hits:
            covered += [h.lower() for h in hits]
            keys[term] = Key(term, term, _idf(term), _shown(hits[0]))
    raw = {w.lower() for w in re.findall(r"[\w-]+", norm) if _code(w)}
    for phrase in scope_phrases(norm):  # "từ Trung ương đến địa phương": who takes part, not what is done
        norm = norm.replace(phrase, " ; ")
    seq = list(words(norm))
    for i, w in enumerate(seq):
        nxt = seq[i + 1] if i + 1 < len(seq) else ""
        pair = f"{w.replace('_', ' ')} {nxt}"
        if "_" in w and nxt in QUALIFIERS and re.search(rf"(?<!\w){re.escape(pair)}(?!\w)", norm, re.I):
            # a one-syllable qualifier makes the thing ("Chính phủ số" is not any "Chính phủ"): kept together
            w, spaced = f"{w}+{nxt}", pair
        else:
            spaced = w.replace("_", " ")
        code = spaced in raw or _code(w)
        if national_scope(spaced) or w in aim_words():
            continue
        if any(spaced in c for c in covered) and not code:
            continue
        multi = "_" in w and all(len(p) > 1 for p in re.split("[_+]", w))
        if not (multi or code):
            continue
        m = re.search(rf"(?<!\w){re.escape(spaced)}(?!\w)", norm, re.I)
        keys.setdefault(w, Key(w, spaced, _idf(w), _shown(m.group(0)) if m else spaced))
    return tuple(sorted(keys.values(), key=lambda k: (-k.weight, k.term)))


def _has(key: Key, text: str, concept_hits: dict[str, frozenset[str]], others: frozenset[str]) -> bool:
    """`text` holds the key term. A concept term counts only through a variant that is not another key
    term of the same aim: "Phủ sóng 5G" needs coverage words besides the "5G" it also names, so a
    child that mentions 5G apps ("mạng 5G riêng") holds "5G", not "phủ sóng"."""
    if key.term.startswith("~"):
        return bool(concept_hits.get(key.term, frozenset()) - others)
    return re.search(rf"(?<!\w){re.escape(key.phrase)}(?!\w)", text) is not None


@lru_cache(maxsize=65536)
def _child_view(text: str) -> tuple[str, dict[str, frozenset[str]]]:
    """The child's text in lower case and, per concept term it carries, the variants it words it with."""
    norm = normalize(text)
    hits = {}
    for term, _r, rx in concept_map():
        found = frozenset(m.group(0).lower() for m in rx.finditer(_masked(norm, term)))
        if found:
            hits[term] = found
    return norm.lower(), hits


@lru_cache(maxsize=4096)
def aims(text: str) -> tuple[str, ...]:
    """The aims of a qualitative target: its clauses when each has key terms of its own, and the items of
    a listed aim; else the whole."""
    parts = [p.strip() for p in _CLAUSE.split(text) if p.strip()]
    if len(parts) > 1 and all(len(key_terms(p)) >= MIN_KEYS for p in parts):
        return tuple(a for p in parts for a in aims(p))
    # two comma clauses that each name a thing of their own ("Quản lý nhà nước ... trên môi trường số, kết nối và
    # vận hành thông suốt giữa các cơ quan ..."): two aims; a clause with few key terms is a qualifier ("hiện
    # đại"), and three or more parts are a list of what one aim covers ("dẫn đầu về an toàn, an ninh không gian
    # mạng, an ninh dữ liệu ..."), not aims a child carries out one by one
    clauses = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    if len(clauses) == 2 and all(len(key_terms(p)) >= MIN_KEYS for p in clauses):
        return tuple(clauses)
    # a list of things to develop ("Phát triển Chính phủ số, kinh tế số, xã hội số, công dân số, ... đạt mức
    # cao"): each item is an aim a child carries out on its own; the shared verb and complement are framing
    items = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    if len(items) > 2 and all(len(p.split()) <= LIST_ITEM for p in items[1:-1]) \
            and all(key_terms(p) for p in items):
        return tuple(items)
    return (text,)


def coverage(parent: str, child: str) -> tuple[float, list[str]]:
    """The best over the parent's aims of (share of the aim's key-term weight the child holds, the key
    terms it holds, heaviest first); 0 when none of the held terms is distinctive."""
    return max((_aim_coverage(a, child) for a in aims(parent)), key=lambda r: r[0])


def _aim_coverage(parent: str, child: str) -> tuple[float, list[str]]:
    keys = key_terms(parent)
    total = sum(k.weight for k in keys)
    if not keys or total <= 0:
        return 0.0, []
    low, found = _child_view(child)
    phrases = frozenset(k.phrase.lower() for k in keys if not k.term.startswith("~"))
    held = [k for k in keys if _has(k, low, found, phrases)]
    if not any(distinctive(k.term) for k in held):
        return 0.0, []
    return sum(k.weight for k in held) / total, [_shown_held(k, found, phrases) for k in held]


def _shown_held(key: Key, concept_hits: dict[str, frozenset[str]], others: frozenset[str]) -> str:
    """How a person sees the shared term: a concept held through other words shows both wordings
    ("phủ sóng ~ trạm 5g"), so the pair does not seem to share words the child never wrote."""
    if not key.term.startswith("~"):
        return key.shown
    child = sorted(concept_hits.get(key.term, frozenset()) - others)
    if not child or key.shown.lower() in child:
        return key.shown
    return f"{key.shown} ~ {child[0]}"
