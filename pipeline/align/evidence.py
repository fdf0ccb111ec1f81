"""What a person can check about a pair, and who a parent item belongs to.

- evidence terms: shared content terms of two or more syllables (word-segmented compounds,
  adjacent word pairs, concept terms) that are not common in the two documents; a single
  syllable or letter ("đ", "dân", "lòng") is never evidence;
- numbers and years both texts state; the parent's task number when the child names it;
- the level of a parent task's lead (cơ quan chủ trì) and of a target's scope, from the
  reviewed patterns of pipeline/data/align_levels.tsv.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..records import Task
from .text import TfIdf, normalize

COMMON = 0.12  # a term in more than this share of the items of BOTH documents says nothing about a pair
# (one that fills one side only, the "5G" of a 5G plan, still tells the other side's items apart)
COMMON_ITEMS = 3  # ... and in at least this many items of each: in a short plan two items are already 12 %
BACKGROUND_COMMON = 0.06  # ... nor one in more than this share of programme prose (align_background.tsv)
_NUM = re.compile(r"(?<![\w/])(\d+(?:[.,]\d+)?)\s*(%)?")
_TASK_NO = re.compile(r"(?:nhiệm vụ|mục|dòng|số thứ tự|STT)\s+(?:số\s+)?(\d{1,3})\b", re.I)
_BOLD = re.compile(r"^\s*\*\*.*\*\*\s*$", re.S)


@lru_cache(maxsize=1)
def background() -> tuple[int, int, dict[str, int]]:
    """(version, texts, document frequency) of pipeline/data/align_background.tsv, built once from the
    corpus by scripts/build_align_background.py: fixed, so no pair depends on what the store holds."""
    raw = resources.files("pipeline").joinpath("data/align_background.tsv").read_text(encoding="utf-8")
    head: dict[str, int] = {}
    df: dict[str, int] = {}
    for line in raw.splitlines():
        k, _, v = line.partition("\t")
        if k.startswith("# ") and v.isdigit():
            head[k[2:]] = int(v)
        elif not k.startswith("#") and v:
            df[k] = int(v)
    return head.get("version", 0), head.get("texts", 1), df


DISTINCT = 0.03  # a term in at most this share of programme prose is one a plan does not copy as a template
# a reviewed concept of the concept map ("~trí_tuệ_nhân_tạo", what "AI" and "trí tuệ nhân tạo" share) is
# meaningful by review, so it may be commoner: in the background, built from digital-transformation plans,
# "trí tuệ nhân tạo" is in 4.9 % of the prose, and a legal-AI task shares nothing else with its parent
# (dev pairs off the digital topic). Plain words stay at DISTINCT: "sản phẩm" (about 4 %) is a template word.
DISTINCT_CONCEPT = 0.05


def distinctive(term: str) -> bool:
    """Rare in the fixed background: not a phrase every plan repeats ("rà soát, cập nhật", "trên hệ thống")."""
    _v, n, df = background()
    return df.get(term, 0) / n <= (DISTINCT_CONCEPT if term.startswith("~") else DISTINCT)


def common(term: str, model: TfIdf) -> bool:
    """A word every programme uses, or one that fills these two documents."""
    _v, n, df = background()
    return model.fills(term, COMMON, COMMON_ITEMS) or df.get(term, 0) / n > BACKGROUND_COMMON


@lru_cache(maxsize=1)
def _levels() -> dict[str, re.Pattern[str]]:
    raw = resources.files("pipeline").joinpath("data/align_levels.tsv").read_text(encoding="utf-8")
    parts: dict[str, list[str]] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern = line.split("\t")[:2]
        parts.setdefault(kind, []).append(f"(?:{pattern})")
    return {k: re.compile(r"(?<!\w)(?:" + "|".join(v) + r")", re.I if k != "central" else 0)
            for k, v in parts.items()}


def central_lead(lead: str | None) -> bool:
    """The lead is a ministry or central body and names no local body."""
    if not lead:
        return False
    lv = _levels()
    return bool(lv["central"].search(lead)) and not lv["local"].search(lead)


def branch_level(title: str) -> str | None:
    """"central" or "local" when a section title names the one level its steps are for, else None."""
    lv = _levels()
    c, loc = bool(lv["branch_central"].search(title or "")), bool(lv["branch_local"].search(title or ""))
    return "central" if c and not loc else "local" if loc and not c else None


def national_scope(text: str) -> bool:
    return bool(_levels()["national"].search(text or ""))


def scope_phrases(text: str) -> list[str]:
    """The phrases of `text` that say who an aim is for (the whole country, every level), not what it is."""
    lv = _levels()
    return [m.group(0) for k in ("national", "all_levels") if k in lv for m in lv[k].finditer(text or "")]


def is_heading(task: Task, titles: set[str]) -> bool:
    """A group heading or a bare lead-in the segmenter kept as a task ("**3. Thương mại, ...**",
    "Trọng tâm:"): it names a group, it is not a task, so it is never aligned."""
    text = task.text.strip()
    body = re.sub(r"^[\s*#]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*", "", text.strip("* ")).strip("* ")
    if normalize(body).casefold() in titles:
        return True
    short = len(body.split()) <= 10
    return short and (bool(_BOLD.match(text)) or body.endswith(":") or (text.isupper() and len(body) > 3))


def section_titles(sections) -> set[str]:
    out = set()
    for s in sections:
        t = re.sub(r"[*#]", "", s.title or "").strip()
        if t:
            out.add(normalize(t).casefold())
    return out


def _evidence(model: TfIdf, a: str, b: str) -> list[str]:
    key = ("evidence", a, b)  # asked once to select a pair and again to show it
    got = model.signal_cache.get(key)
    if got is None:
        va, vb = model.vector(a), model.vector(b)
        got = model.signal_cache[key] = [t for _w, t in sorted((-(va[t] * vb[t]), t) for t in va.keys() & vb.keys())
                                         if _multi(t) and not common(t, model)]
    return got


def distinctive_evidence(model: TfIdf, a: str, b: str) -> bool:
    """Some evidence term of the pair is rare in programme prose, not only template phrases."""
    return any(distinctive(t) for t in _evidence(model, a, b))


def evidence_terms(model: TfIdf, a: str, b: str, k: int = 6) -> list[str]:
    """Shared terms of two or more syllables that are not common in the two documents, heaviest first."""
    out: list[str] = []
    for t in _evidence(model, a, b):
        d = display(t)
        if d not in out:
            out.append(d)
        if len(out) == k:
            break
    return out


@lru_cache(maxsize=65536)
def _multi(term: str) -> bool:
    if term.startswith("~"):
        return True
    if "+" in term:  # a pair of words, one of two syllables or more ("hạ_tầng+số"; not "cao+số")
        ws = term.split("+")
        return any("_" in w for w in ws) and all(len(w) > 1 for w in ws)
    parts = term.split("_")
    return len(parts) >= 2 and all(len(p) > 1 for p in parts)


def display(term: str) -> str:
    return term.lstrip("~").replace("_", " ").replace("+", " ")


def numbers(text: str) -> set[str]:
    """Numbers that mean something in a task: percentages, years, and figures of two digits or more."""
    out = set()
    for m in _NUM.finditer(text):
        v = m.group(1)
        if m.group(2):
            out.add(v + "%")
        elif len(v.replace(".", "").replace(",", "")) >= 2:
            out.add(v)
    return out


def shared_numbers(pt: Task, ct: Task) -> list[str]:
    out = numbers(pt.text) & numbers(ct.text)
    if pt.deadline and ct.deadline and normalize(pt.deadline).casefold() == normalize(ct.deadline).casefold():
        out.add(f"thời hạn {pt.deadline}")
    return sorted(out)


def task_numbers(text: str) -> set[str]:
    """Task numbers a child task names ("nhiệm vụ số 12", "mục 12")."""
    return {m.group(1) for m in _TASK_NO.finditer(text)}


def parent_number(pt: Task) -> str | None:
    """The number a parent task is known by (an appendix row's "136"), when it has one."""
    m = re.fullmatch(r"\(?(\d{1,3})[.)]?", (pt.marker or "").strip())
    return m.group(1) if m else None
