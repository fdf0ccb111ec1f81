"""Targets of a child against a parent: one comparison per number, qualitative targets kept.

A target with several numbers ("R&D 2 % GDP, trong đó từ xã hội hơn 60 %") is split into one
indicator per number: the words before the first number (shared by all) plus the words between
the previous break and this number plus its own words up to the last break before the next number
(a comma inside a list of places is not a break). The deadline is the number's, else the year the
target's words or its section's title give ("Mục tiêu cụ thể đến 2030"); units are canonical
("người trên một vạn dân" = "người/vạn dân"; "%/năm" only for a change per year). A verdict
(weaker / equal / stronger) is given only between the same indicator: no contrast of reviewed
kinds (align_indicators.tsv), the same unit, the same deadline, and for a central parent against a
local child a share or a rate, never a count or a rank of the whole country; otherwise
"not_comparable" with the reason. One number of the child is the pair of one number of the parent, taken
best first over the whole score matrix (a province's 2045 row is the 2045 aim's, not also the 2030 one's);
GRDP reads as GDP, and the product or the comparator alone never makes a pair. A target stated for
the whole country that a province or commune does not take on is the upper level's ("upper_level"),
not a gap. A number-less parent target is matched by its key terms, not by cosine (qualitative.py),
against every child target that holds them (else the one child task that holds most): verdict
"qualitative". A sentence that states where things stand ("Hiện nay, ...") is not an aim on either side.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from importlib import resources

from ..records import Extraction, Metric, Section, Target
from ..segment.metrics import canonical_unit
from .evidence import is_heading, national_scope, section_titles
from .model import TargetComparison, Verdict
from .qualitative import COVER, coverage
from .text import TfIdf

TARGET_THRESHOLD = 0.3
# "R&D/GRDP", "tỷ trọng kinh tế số trong GRDP", "chiếm 30% GRDP": a share of the product; the growth
# rate of the product ("tốc độ tăng trưởng GRDP 8%") is not
_PER_GDP = re.compile(r"\bGR?DP\b")
_GRDP = re.compile(r"\bGRDP\b")
_COMPARATOR = re.compile(r"\b(?:tối thiểu|tối đa|ít nhất|trở lên|trở xuống|không quá|không dưới|trên|dưới|hơn|đạt)\b",
                         re.I)
_GDP_GROWTH = re.compile(r"tăng trưởng|tốc độ tăng", re.I)
_BREAK = re.compile(r"[,;]|\btrong đó\b|\svà\s")
# a number that names a level ("đạt cấp độ 3 mức độ trưởng thành") or a threshold of what is counted
# ("100% cơ quan sử dụng ít nhất 01 ứng dụng AI": the share of agencies) is part of the indicator,
# not an aim of its own
_TOPIC = re.compile(r"\svề\s.*$")
_LEVEL = re.compile(r"\b(?:cấp độ|mức độ|cấp|loại|hạng|lớp|độ)\s*$", re.I)
# the verb inside the share's clause, not one opening a new clause (", có ít nhất 10 doanh nghiệp")
_HOLDS = re.compile(r"(?<![,;])(?<![,;]\s)\b(?:có|sử dụng|ứng dụng|lắp đặt|trang bị|bố trí)\b[^;,]*"
                    r"\b(?:ít nhất|tối thiểu|từ)\s*$", re.I)
_LOCAL = ("province", "district", "commune")
_NUMBERISH = re.compile(r"[≥≤<>]=?|(?<!\w)\d+(?:[.,]\d+)*(?!\w)\s*%?")
# a yearly rate is a change per year; a share of each year's amount ("3% tổng chi ngân sách hằng năm") is a share
_GROWTH = re.compile(r"\b(?:tăng|giảm|tăng trưởng)\b(?:\s+\w+){0,3}\s*$", re.I)  # "tăng trung bình 10"
_VERB = r"(?:đạt|được|có|hoàn thành|thực hiện|sử dụng)"
_PREDICATE = re.compile(rf"\s*{_VERB}\b", re.I)  # right after a number: the share names no subject of its own
_PREDICATE_IN = re.compile(rf"\s{_VERB}\b", re.I)
_RANK = re.compile(r"\b(?:nhóm|top|xếp hạng|thứ hạng|đứng thứ|hạng)\s*$", re.I)  # "nhóm 3 nước": fewer is better
_PER_YEAR = re.compile(r"\s*/\s*năm")
_PER_POP = re.compile(r"\s*(?:/|trên)\s*(?:1\s+|một\s+)?vạn\s+(?:người\s+)?dân", re.I)
_YEAR = re.compile(r"(?:đến|tới|trước|hết)\s+(?:hết\s+)?(?:năm\s+)?((?:20)\d\d)\b|giai đoạn\s+20\d\d\s*[-–]\s*(20\d\d)",
                   re.I)


class Unit:
    """One number of one target (or a number-less target) with its own indicator words.

    A rate word ("tăng ... /năm") or a population base ("trên một vạn dân") is read next to its own
    number only, so it is not lent to the other numbers of the same sentence."""

    def __init__(self, t: Target, m: Metric | None, indicator: str, *, deadline: int | None = None,
                 before: str | None = None, after: str = ""):
        self.target, self.metric, self.indicator = t, m, indicator
        self.before = indicator if before is None else before  # this number's words before it
        self.after = after  # the characters right after it ("%/năm", "người trên một vạn dân")
        # the number's own year when the target states it; otherwise the target's or its section's year
        # ("Giai đoạn 2025-2027" above the row) before one the segmenter lent from a farther heading
        own = m.deadline if m and m.deadline and str(m.deadline) in t.text else None
        self.deadline = own or deadline or (m.deadline if m else None)

    @cached_property
    def unit(self) -> str | None:
        if self.metric is None:
            return None
        u, col = self.metric.unit, self.target.unit  # a table's unit column ("% GDP") is the fuller one
        if col and (not u or col.lower().startswith(u.lower())):
            u = col
        u = canonical_unit(u, self.metric.period)
        if u and u.endswith("/năm") and not (_GROWTH.search(self.before) or _PER_YEAR.match(self.after)):
            u = u[:-len("/năm")] or None  # "3% tổng chi ngân sách hằng năm": a share of each year's budget
        if u in ("người", "cán bộ") and _PER_POP.match(self.after):
            u = "người/vạn dân"  # "12 người trên một vạn dân" is a rate per population, not a head count
        if u == "%" and _PER_GDP.search(self.indicator) and not _GDP_GROWTH.search(self.indicator):
            u = "% gdp"
        return u


def units(t: Target, deadline: int | None = None) -> list[Unit]:
    """One Unit per number of the target; `deadline` is its section's year ("Mục tiêu cụ thể đến 2030"
    above the list), used when the target's own words give none ("Đến hết năm 2045: 100% ...")."""
    deadline = year_of(t.text) or deadline
    if not t.metrics:
        return [Unit(t, None, t.indicator or t.text, deadline=deadline)]
    ms = _aims(t.text, sorted(t.metrics, key=lambda m: m.start))
    spans = _spans(t.text, ms)
    if spans is None:  # a table row: the indicator column, and the value column's words ("≤ 3 Đông Nam Á")
        return [Unit(t, m, _clean(f"{t.indicator or t.text} {m.indicator if m.indicator != t.indicator else ''}"),
                     deadline=deadline) for m in ms]
    text = t.text
    head = text[:spans[0][0]]
    ends = []  # where each number's own words stop: the next break, or the next number
    for k, (_s, e) in enumerate(spans):
        nxt = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        # the last break before the next number: "100% các khu công nghệ cao, khu công nghiệp, cụm công
        # nghiệp có ... 1 trạm" lists places with commas before its second number's own words
        brs = list(_BREAK.finditer(text, e, nxt)) if k + 1 < len(spans) else []
        ends.append(brs[-1].start() if brs else nxt)
    out = []
    # a topic closing the list ("nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới về năng
    # lực cạnh tranh số"): what every number of the list is about, unless a number names its own topic
    tail = _TOPIC.search(text, spans[-1][1]) if len(spans) > 1 else None
    subject = _subject(text, spans[0][1], ends[0])
    for k, (m, (start, end)) in enumerate(zip(ms, spans, strict=True)):
        between = text[ends[k - 1]:start] if k else ""
        # the number's own words: its unit word ("80% trường") is part of what is counted
        own = text[start:ends[k]]
        if k and subject and _PREDICATE.match(text, end):  # "... và 90% đạt cấp độ 5": the first share's subject
            between = f"{between} {subject}"
        topic = tail.group(0) if tail and k + 1 < len(spans) and not _TOPIC.search(own) else ""
        out.append(Unit(t, m, _clean(f"{head} {between} {own} {topic}"), deadline=deadline,
                        before=between if k else head, after=text[end:end + 30]))
    return out


def _subject(text: str, start: int, end: int) -> str:
    """What the first share counts when its words name it before their verb ("100% bộ, ngành, địa phương
    đạt cấp độ 4"): a later share that starts with the verb ("và 90% đạt cấp độ 5") counts the same."""
    m = _PREDICATE_IN.search(text, start, end)
    return text[start:m.start()].strip(" ,") if m and m.start() > start else ""


def _aims(text: str, ms: list[Metric]) -> list[Metric]:
    """The numbers that are aims: without the level and threshold numbers inside another's indicator."""
    spans = _spans(text, ms)
    if spans is None or len(ms) < 2:
        return ms
    out: list[Metric] = []
    for m, (start, _end) in zip(ms, spans, strict=True):
        before = text[:start]
        share_before = any(o.unit and o.unit.startswith("%") for o in out)
        if out and not (m.unit or "").startswith("%") and (
                _LEVEL.search(before) or (share_before and _HOLDS.search(before[spans[ms.index(out[-1])][1]:]))):
            continue
        out.append(m)
    return out


def _spans(text: str, ms: list[Metric]) -> list[tuple[int, int]] | None:
    """Where each number was read in the target's own text (offsets of the metrics count from the
    item's body, without its list marker); None when they are not there (a table's value column)."""
    out, pos = [], 0
    for m in ms:
        i = text.find(m.text.strip(), pos) if m.text.strip() else -1
        if i < 0:
            return None
        out.append((i, i + len(m.text.strip())))
        pos = i + 1
    return out


def year_of(text: str) -> int | None:
    """The deadline a target's words give ("đến hết năm 2030", "đến 2030", "giai đoạn 2026 - 2030")."""
    m = _YEAR.search(text or "")
    return int(m.group(1) or m.group(2)) if m else None


def _clean(words: str) -> str:
    return re.sub(r"\s+", " ", _NUMBERISH.sub(" ", words)).strip(" ,;:-")


def _deadline(u: Unit) -> int | None:
    return u.deadline


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(set, kind, pattern) rows of pipeline/data/align_indicators.tsv."""
    raw = resources.files("pipeline").joinpath("data/align_indicators.tsv").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            group, kind, pattern = line.split("\t")[:3]
            out.append((group, kind, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)))
    return tuple(out)


@lru_cache(maxsize=4096)
def kinds(indicator: str) -> dict[str, frozenset[str]]:
    """What the indicator counts, per contrast set: {"dich_vu_cong": {"người dùng sử dụng"}}.

    The kind named first is the one counted: a Vietnamese indicator puts what it counts before the
    clauses that qualify it ("người dân đánh giá hài lòng khi sử dụng dịch vụ công" counts the
    satisfied, not the users; "Tỉ lệ sử dụng dịch vụ công ... trên tổng số hồ sơ" counts the users)."""
    first: dict[str, tuple[int, str]] = {}
    every: dict[str, set[str]] = {}  # sets whose subject is "=all": every kind named counts
    about = {group for group, kind, rx in _kinds() if kind in ("=", "=all") and rx.search(indicator)}
    for group, kind, rx in _kinds():
        if kind in ("=", "=all") or group not in about:
            continue
        if (group, "=all") in _subjects():  # a rank "về năng lực cạnh tranh số và Chính phủ điện tử" ranks both
            if rx.search(indicator):
                every.setdefault(group, set()).add(kind)
            continue
        m = rx.search(indicator)
        if m and (group not in first or m.start() < first[group][0]):
            first[group] = (m.start(), kind)
    return {g: frozenset({k}) for g, (_pos, k) in first.items()} | {g: frozenset(ks) for g, ks in every.items()}


@lru_cache(maxsize=1)
def _subjects() -> frozenset[tuple[str, str]]:
    return frozenset((group, kind) for group, kind, _rx in _kinds() if kind in ("=", "=all"))


def other_kind(a: str, b: str) -> str | None:
    """The two indicators count different things of one set ("sử dụng" vs "xử lý" dịch vụ công): why."""
    ka, kb = kinds(a), kinds(b)
    for group in ka.keys() & kb.keys():
        if not ka[group] & kb[group]:
            return f"khác chỉ tiêu: {', '.join(sorted(ka[group]))} và {', '.join(sorted(kb[group]))}"
    return None


def _measured(u: Unit) -> str:
    """The indicator's words for what is measured: without the product it is a share of ("GDP", "GRDP",
    which the unit "% gdp" says) and without the comparator ("tối thiểu", "trên"), which the number has."""
    t = _PER_GDP.sub(" ", u.indicator) if u.unit == "% gdp" else u.indicator
    return _COMPARATOR.sub(" ", t)


def _pair_score(model: TfIdf, pu: Unit, c: Unit) -> tuple[float, float]:
    """(score the threshold applies to, score that ranks the candidates): the deadline and the kind
    choose among the child's rows that word the indicator alike; they never make a pair on their own."""
    # GRDP is a province's GDP: the same indicator at its scope ("30% GRDP" of a province is "30% GDP"). The
    # product and the comparator lift a pair but never make one: "Tiếp tục nâng lên mức tối thiểu 02% GDP"
    # names no subject and is not the digital economy's "tối thiểu 30% GDP"
    s = model.cosine(_GRDP.sub("GDP", pu.indicator), _GRDP.sub("GDP", c.indicator)) \
        if model.cosine(_measured(pu), _measured(c)) > 0 else 0.0
    rank = 0.0
    if pu.metric is not None and c.metric is not None and pu.unit == c.unit:
        s += 0.05  # same unit: prefer it among near-equal wordings
    elif pu.unit and c.unit:
        rank -= 0.05  # a share of GDP is the pair of a share of GDP, not of a share of something else
    rank += s
    pd, cd = _deadline(pu), _deadline(c)
    if pd and cd:
        rank += 0.05 if pd == cd else -0.05  # a 2045 aim pairs with the child's 2045 row, not its 2030 one
    return s, rank


def compare_targets(child: Extraction, parent: Extraction, model: TfIdf) -> list[TargetComparison]:
    cyear, pyear = section_years(child), section_years(parent)
    skip = row_headings(child) | row_headings(parent)
    cu = [u for t in child.targets if t.id not in skip and not _status(t) for u in units(t, cyear.get(t.section))]
    local = child.meta.level in _LOCAL and parent.meta.level == "central"
    titles = section_titles(child.sections)
    doers: list[tuple[bool, str, str]] = [(True, t.id, t.text) for t in child.targets
                                          if t.id not in skip and not _status(t)] + [
        (False, t.id, t.text) for t in child.tasks if not is_heading(t, titles)]
    out: list[TargetComparison] = []
    picks: list[tuple[Target, Unit, list[tuple[float, float, Unit]], tuple[float, str, Unit] | None]] = []
    for t in parent.targets:
        if t.id in skip or _status(t):
            continue
        if not t.metrics:  # a qualitative aim: carried out by the child items that hold its key terms
            out.extend(_qualitative(t, doers, model, local))
            continue
        for pu in units(t, pyear.get(t.section)):
            cands: list[tuple[float, float, Unit]] = []  # (rank, score, child row) above the threshold
            best_s = 0.0
            kin: tuple[float, str, Unit] | None = None  # the closest row counting another kind of the same thing
            for c in cu:
                s, rank = _pair_score(model, pu, c)
                why = other_kind(pu.indicator, c.indicator)
                if why:  # reviewed as another indicator ("hài lòng khi sử dụng" is not "sử dụng"): never the pair
                    if s >= TARGET_THRESHOLD and (kin is None or s > kin[0]):
                        kin = (s, why, c)
                    continue
                best_s = max(best_s, s)
                if s >= TARGET_THRESHOLD:
                    cands.append((rank, s, c))
            picks.append((t, pu, cands, kin))
    # one number of the child carries out one number of the parent: the pairs are taken best first over the
    # whole score matrix, so a child row is the pair of the parent number it matches best (a province's 2045
    # share goes to the 2045 aim, its 2030 share to the 2030 one; the patents' rate is not also the publications')
    chosen: dict[int, tuple[float, Unit]] = {}
    used: set[int] = set()
    for _rank, s, k, c in sorted(((r, s, k, c) for k, (_t, _pu, cands, _kin) in enumerate(picks)
                                 for r, s, c in cands), key=lambda x: (-x[0], x[2])):
        if k not in chosen and id(c) not in used:
            chosen[k] = (s, c)
            used.update({id(c)} | {id(x) for x in _copies(c, cu, model)})  # its body and appendix copies too
    for k, (t, pu, cands, kin) in enumerate(picks):
        if k not in chosen:
            upper = local and national_scope(t.text)
            near = f"; gần nhất là một chỉ tiêu khác ({kin[1]}): {kin[2].target.text[:90]}" if kin else ""
            if cands:
                other = max(cands, key=lambda x: x[0])[2]
                near = f"; dòng gần nhất là cặp của một mục tiêu khác của cấp trên: {other.target.text[:90]}"
            top = max((x[1] for x in cands), default=0.0)
            out.append(TargetComparison(
                verdict="upper_level" if upper else "missing_in_child", parent_target=t.id, parent_text=t.text,
                parent_metric=pu.metric, parent_indicator=pu.indicator, indicator_score=round(top, 4),
                reason="mục tiêu cả nước, cấp trên thực hiện" if upper
                else "cấp dưới không có mục tiêu cùng chỉ tiêu" + near))
            continue
        s, best = chosen[k]
        out.append(compare_units(best, pu, round(s, 4), local=local))
        out.extend(compare_units(c, pu, round(s, 4), local=local) for c in _copies(best, cu, model))
    return out


COPY = 0.8  # indicator cosine above which two rows of one document with the same number are one target


def _copies(best: Unit, cu: list[Unit], model: TfIdf) -> list[Unit]:
    """The child's other statements of the paired target (its body and its appendix table say it
    twice): each is carried out the same way, so each gets the comparison."""
    out = []
    for c in cu:
        if c.target.id == best.target.id or c.metric is None or best.metric is None:
            continue
        same = c.metric.value == best.metric.value and c.unit == best.unit
        years = not (c.deadline and best.deadline and c.deadline != best.deadline)
        if same and years and model.cosine(c.indicator, best.indicator) >= COPY:
            out.append(c)
    return out


# "Hiện nay, tổng số trạm ... là 180 trạm": a statement of where things stand, not an aim
_STATUS = re.compile(r"^\W*(?:hiện nay|hiện tại|tính đến|tính tới|đến nay|năm qua)\b", re.I)


def _status(t: Target) -> bool:
    return bool(_STATUS.match(t.text))


def section_years(e: Extraction) -> dict[str, int]:
    """Section id -> the year its title or an enclosing title gives ("Mục tiêu cụ thể đến 2030")."""
    by_id = {s.id: s for s in e.sections}
    out: dict[str, int] = {}
    for s in e.sections:
        cur: Section | None = s
        while cur is not None:
            y = year_of(cur.title)
            if y:
                out[s.id] = y
                break
            cur = by_id.get(cur.parent) if cur.parent else None
    return out


def row_headings(e: Extraction) -> set[str]:
    """Number-less rows of an indicator table whose numbered sub-rows carry the numbers ("23 Hạ tầng số"
    above "23.1", "23.2"): the heading of those rows, not an aim of its own."""
    out = set()
    for t in e.targets:
        sub = re.compile(rf"{re.escape(t.label or '')}\.\d+")
        if not t.metrics and t.label and any(o.group == t.group and o.label and sub.fullmatch(o.label)
                                             for o in e.targets):
            out.add(t.id)
    return out


def _qualitative(t: Target, doers: list[tuple[bool, str, str]], model: TfIdf,
                 local: bool) -> list[TargetComparison]:
    """Every child target that holds `qualitative.COVER` of the parent's key terms carries the aim out
    (a 5G aim is carried by the coverage row and by each station count); with none, the one child task
    that holds most of them, ties to the closer wording. None at all: the upper level's aim when the
    target is the whole country's and the child a province or commune, otherwise missing in the child."""
    found: list[tuple[tuple[float, float], bool, str, str, list[str]]] = []
    for is_target, cid, text in doers:
        cov, held = coverage(t.text, text)
        if cov >= COVER:
            found.append(((round(cov, 6), model.cosine(t.text, text)), is_target, cid, text, held))
    ind = t.indicator or t.text
    picks = [f for f in found if f[1]] or sorted((f for f in found if not f[1]), key=lambda f: f[0])[-1:]
    if not picks:
        upper = local and national_scope(t.text)
        return [TargetComparison(
            verdict="upper_level" if upper else "missing_in_child", parent_target=t.id, parent_text=t.text,
            parent_indicator=ind, indicator_score=0.0,
            reason="mục tiêu định tính của cả nước, cấp trên thực hiện" if upper
            else "mục tiêu định tính, cấp dưới chưa có mục tiêu hay nhiệm vụ thực hiện")]
    out = []
    for rank, is_target, cid, text, held in sorted(picks, key=lambda f: f[0], reverse=True):
        what = "mục tiêu" if is_target else "nhiệm vụ"
        out.append(TargetComparison(
            verdict="qualitative", parent_target=t.id, parent_text=t.text, parent_indicator=ind,
            child_target=cid if is_target else None, child_task=None if is_target else cid, child_text=text,
            indicator_score=round(rank[0], 4), terms=held,
            reason=f"mục tiêu định tính, cấp dưới thực hiện qua {what} có: {', '.join(held)}"))
    return out


def compare_units(c: Unit, p: Unit, score: float | None = None, *, local: bool = False) -> TargetComparison:
    verdict, reason = _judge(c, p, local)
    return TargetComparison(verdict=verdict, reason=reason, parent_target=p.target.id, child_target=c.target.id,
                            parent_text=p.target.text, child_text=c.target.text, parent_metric=p.metric,
                            child_metric=c.metric, parent_indicator=p.indicator, child_indicator=c.indicator,
                            indicator_score=score)


def _judge(c: Unit, p: Unit, local: bool) -> tuple[Verdict, str]:
    if p.metric is None:
        return "qualitative", "mục tiêu định tính, cấp dưới có mục tiêu tương ứng"
    if c.metric is None:
        return "not_comparable", "cấp dưới không nêu con số"
    why = other_kind(c.indicator, p.indicator)
    if why:
        return "not_comparable", why
    if c.unit != p.unit:
        return "not_comparable", f"khác đơn vị: {c.unit or 'không có'} và {p.unit or 'không có'}"
    cd, pd = _deadline(c), _deadline(p)
    if cd and pd and cd != pd:
        return "not_comparable", f"khác mốc thời gian: {cd} và {pd}"
    if local and not _share(p.unit) and not national_scope(c.indicator):
        # a share or a rate ("80 %", "12 người/vạn dân") reads the same for a country and a province (GRDP
        # for GDP); a count or a rank does not: 5 firms of the country are not 5 firms of one province
        return "not_comparable", "khác phạm vi: số lượng hay thứ hạng của cả nước, không phải của địa phương"
    return _verdict(c.metric, p.metric, rank=bool(_RANK.search(p.before) or _RANK.search(c.before)))


def _shown(m: Metric) -> str:
    return f"{m.value:g}" + (f" - {m.value_max:g}" if m.value_max is not None else "")


def _none_left(m: Metric) -> bool:
    return m.value == 0 and m.text.lower().startswith("không còn")


def _share(unit: str | None) -> bool:
    return unit is not None and (unit.startswith("%") or "/" in unit)


def compare_target(ct: Target, pt: Target, indicator_score: float | None = None) -> TargetComparison:
    """Verdict of the child target's first number against the parent's first number."""
    return compare_units(units(ct)[0], units(pt)[0], indicator_score)


def _verdict(cm: Metric, pm: Metric, rank: bool = False) -> tuple[Verdict, str]:
    # "không còn hộ nghèo" (0) is an upper bound: fewer is better, as for "dưới 1 %"
    lower_better = rank or (pm.comparator or cm.comparator) in ("<=", "<") or _none_left(pm) or _none_left(cm)
    sign = -1 if lower_better else 1
    if pm.value_max is not None and pm.value <= cm.value <= pm.value_max and (cm.value_max or cm.value) <= pm.value_max:
        # "tăng 16 - 18 %/năm" above, "17 %/năm" below: inside the range the parent set
        return "equal", f"{_shown(cm)} trong khoảng {_shown(pm)}"
    diff = sign * (cm.value - pm.value)
    if abs(diff) > 1e-9:
        word: Verdict = "stronger" if diff > 0 else "weaker"
        return word, f"{cm.value:g} so với {pm.value:g} ({'càng thấp' if lower_better else 'càng cao'} càng tốt)"
    # "tối thiểu 80 %" and "trên 80 %" are one commitment as staff read them: equal
    return "equal", f"cùng giá trị {cm.value:g}"
