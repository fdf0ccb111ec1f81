"""Numbers with units, comparators, periods and deadlines, read from a target's words."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..records import Metric
from .common import construct

_DATA = Path(__file__).resolve().parent.parent / "data" / "segment_units.json"
_N = r"\d+(?:[.,]\d+)*"
_DEADLINE = re.compile(r"(?:đến|tới|vào|trước|trong)\s+năm\s+((?:19|20)\d\d)|(?:^|\b)năm\s+((?:19|20)\d\d)\s*,", re.I)
_ANNUAL = re.compile(r"h[àằ]ng\s+năm|/\s*năm|mỗi\s+năm|bình quân\s+(?:mỗi\s+)?năm", re.I)
_NONE_LEFT = re.compile(r"không\s+còn\s+([^,;.]+)", re.I)
_DOCNUM = re.compile(r"^\s*(?:-\s*[A-ZĐ]|/\s*\d|/\s*[A-ZĐ]|/\d{4})")
_REFWORD = re.compile(r"(?:số|Số|khóa|lần thứ|Điều|khoản)\s*$")
_DIGIT = re.compile(r"\d")
_GDP = re.compile(r"\s*(GDP|GRDP)\b")
_LETTER = re.compile(r"[A-Za-zĐđ]")
_DOCREF = re.compile(r"\s*(?:/|-)\s*(?:NQ|CT|KL|QĐ|KH|CTr|TU|TW)")
_PER_YEAR = re.compile(r"\s*/\s*năm")
_PER_POP = re.compile(r"\s*/\s*(?:1\s+|một\s+)?(vạn|nghìn|triệu)\s+(?:người\s+)?dân", re.I)
_CLAUSE_END = re.compile(r";|\.(?:\s+|$)(?=[A-ZĐÀ-Ỹ]|$)")
_YEAR_WORD = re.compile(r"\bnăm\s*$", re.I)  # "đến năm 2030 phường ...": a year, whatever word follows
_DATEISH = re.compile(r"(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4})")


@lru_cache(maxsize=1)
def _data() -> dict:
    d = json.loads(_DATA.read_text(encoding="utf-8"))
    d["units"].sort(key=len, reverse=True)
    d["comparators_before"].sort(key=lambda p: len(p[0]), reverse=True)
    units = "|".join(re.escape(u) for u in d["units"])
    skips = "|".join(re.escape(u) for u in d["skip_units"])
    d["rx"] = re.compile(
        rf"(?P<sym>[≥≤]|>=|<=|[<>])?\s*(?P<v>{_N})(?:\s*(?P<u1>%))?"
        rf"(?:\s*(?:-|–|đến|tới)\s*(?P<max>{_N}))?"
        rf"(?:\s*(?P<unit>{units})(?![\wÀ-ỹ]))?(?P<skip>\s+(?:{skips})(?![\wÀ-ỹ]))?", re.U)
    d["after_rx"] = [(re.compile(rf"^[^;,.\d]{{0,60}}?\b{w}\b"), c) for w, c in d["comparators_after"]]
    d["before_rx"] = [(re.compile(rf"(?:^|\s){re.escape(w)}\s*(?:mức\s+)?$"), c) for w, c in d["comparators_before"]]
    return d


def rule_number(clause: str, start: int, end: int) -> bool:
    """Whether the number at clause[start:end] states a rule of a task rather than a quantity to reach:
    the case it applies to ("Đối với nơi có dưới 100 cử tri thì ...") or the size of a body ("Tổ kiểm
    phiếu gồm từ 05 đến 15 người"). The words are in segment_units.json ('case_joins', 'size_words')."""
    d = _data()
    if "case_rx" not in d:
        d["case_rx"] = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in d['case_joins'])})(?!\w)")
        d["size_rx"] = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in d['size_words'])})\s*$")
    join = d["case_rx"].search(clause)
    if join is not None and end <= join.start():
        return True
    return d["size_rx"].search(clause[:start]) is not None


def number(s: str) -> float:
    """Vietnamese number: decimal comma, dot thousands ("1.000" = 1000, "0,2" = 0.2)."""
    s = s.strip()
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return float(s.replace(".", ""))
    return float(s)


def _is_number(s: str) -> bool:
    try:
        number(s)
    except ValueError:
        return False
    return True


def _year(v: str, unit: str | None) -> bool:
    return unit is None and re.fullmatch(r"(?:19|20)\d\d", v) is not None


def clauses(text: str) -> list[tuple[int, str]]:
    """Split on semicolons and sentence ends; (offset, clause)."""
    out, pos = [], 0
    for m in _CLAUSE_END.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return [(o, c) for o, c in out if c.strip()]


def _comparator(before: str, after: str, sym: str | None) -> str | None:
    d = _data()
    if sym:
        return d["symbols"][sym]
    if "trở" in after[:80]:
        for rx, comp in d["after_rx"]:
            if rx.match(after):
                return comp
    tail = before[-24:].lower()
    for rx, comp in d["before_rx"]:
        if rx.search(tail):
            return comp
    return None


def _indicator(clause: str, start: int) -> str:
    head = clause[:start].strip(" ,:-")
    head = re.sub(r"^(?:phấn đấu|duy trì|bảo đảm|đảm bảo)\s+", "", head, flags=re.I)
    return (head or clause).strip()[:200]


def parse(text: str, default_deadline: int | None = None, default_unit: str | None = None) -> list[Metric]:
    """All metrics in `text` (offsets relative to `text`)."""
    out: list[Metric] = []
    for off, clause in clauses(text):
        out.extend(_clause(clause, off, default_deadline, default_unit))
    return out


def _clause(clause: str, off: int, default_deadline: int | None, default_unit: str | None) -> list[Metric]:
    found = []
    if not _DIGIT.search(clause) and "không còn" not in clause.lower():
        return []
    annual = bool(_ANNUAL.search(clause))
    for m in _data()["rx"].finditer(clause):
        v, unit = m.group("v"), m.group("u1") or m.group("unit")
        if unit == "%":
            g = _GDP.match(clause, m.end())
            if g:
                unit = "% " + g.group(1)
        if unit is None and _LETTER.match(clause, m.end("v")):
            continue
        pop = _PER_POP.match(clause, m.end())
        if pop and unit:  # "12 người/vạn dân": a rate per population, not a head count
            unit = f"{unit}/{pop.group(1).lower()} dân"
        if m.group("skip") or _year(v, unit) or _DOCNUM.match(clause[m.end("v"):]):
            continue
        if not _is_number(v) or (m.group("max") and not _is_number(m.group("max"))):
            continue  # "0936.828.858": a phone number or a code, not a quantity
        if _year(v, None) and not m.group("sym") and _YEAR_WORD.search(clause[:m.start("v")]):
            continue
        if m.group("max") and not unit and _year(m.group("max"), None):
            continue
        if _DATEISH.match(clause[m.start("v"):]) or clause[max(0, m.start("v") - 1):m.start("v")].isalnum():
            continue
        if _DOCREF.match(clause, m.end()) or re.search(r"/\s*$", clause[:m.start("v")]):
            continue  # a document number, or the "1" of "người/1 vạn dân"
        if unit is None and m.group("max") is None and _REFWORD.search(clause[:m.start()]):
            continue
        found.append((m, unit or default_unit))
    found += _none_left(clause)
    cuts = list(_DEADLINE.finditer(clause)) if "năm" in clause else []
    metrics = []
    for m, unit in sorted(found, key=lambda p: _pos(p[0])):
        if isinstance(m, Metric):
            metrics.append(m.model_copy(update={"start": m.start + off, "end": m.end + off,
                                                 "deadline": _deadline_for(m.start, cuts, found) or default_deadline}))
            continue
        after = clause[m.end():]
        comp = _comparator(clause[:m.start("v")], after, m.group("sym"))
        vmax = number(m.group("max")) if m.group("max") else None
        per = "annual" if annual or _PER_YEAR.match(after) else None
        metrics.append(construct(Metric, value=number(m.group("v")), value_max=vmax, unit=unit, comparator=comp,
                                 period=per, deadline=_deadline_for(m.start(), cuts, found) or default_deadline,
                                 indicator=_indicator(clause, m.start()), text=m.group(0).strip(),
                                 start=off + m.start(), end=off + m.end()))
    return metrics


def _none_left(clause: str) -> list[tuple[Metric, None]]:
    out = []
    for m in _NONE_LEFT.finditer(clause):
        out.append((construct(Metric, value=0.0, value_max=None, unit=None, comparator="=", period=None,
                                           deadline=None, indicator=m.group(1).strip(), text=m.group(0),
                           start=m.start(), end=m.end()), None))
    return out


def _pos(m) -> int:
    return m.start if isinstance(m, Metric) else m.start()


def _deadline_for(pos: int, cuts: list, found: list) -> int | None:
    """The deadline phrase that opens this metric's stretch of the clause, or a closing one that
    no later metric claims."""
    before = [c for c in cuts if c.end() <= pos + 1]
    if before:
        return int(before[-1].group(1) or before[-1].group(2))
    after = [c for c in cuts if c.start() >= pos]
    if after:
        c = after[0]
        if not any(_pos(f[0]) > c.start() for f in found):
            return int(c.group(1) or c.group(2))
    return None


def canonical_unit(unit: str | None, period: str | None = None) -> str | None:
    """One spelling per unit, so equal targets compare: "% GRDP" is "% gdp" (the province's share
    of its product, the country's of its own), "phần trăm" is "%", and a yearly rate ("%/năm",
    "hằng năm") carries "/năm"."""
    if not unit:
        return None
    u = re.sub(r"\s+", " ", unit.strip().lower()).replace("phần trăm", "%")
    u = re.sub(r"\bgrdp\b", "gdp", u)
    u = re.sub(r"\s*/\s*", "/", u)
    u = re.sub(r"^% (?:dân số|người dân|hộ gia đình|số hộ)$", "%", u)  # a share of the population is a share
    if period == "annual" and not u.endswith("/năm"):
        u += "/năm"
    return u


def deadline_in(text: str) -> int | None:
    m = re.search(r"(?:đến|tới|vào)\s+năm\s+((?:19|20)\d\d)", text, re.I)
    return int(m.group(1)) if m else None
