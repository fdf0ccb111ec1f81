"""Document facts from the heading block: type, number, issuer, level, date, title."""

from __future__ import annotations

import re
from functools import cache
from typing import cast

from ..cite.registry import fold, load_registry
from ..levels import LEVELS
from ..records import DocMeta, Level
from .common import UP
from .issuer import issuer as read_issuer
from .units import Unit


@cache
def _types() -> list[tuple[str, str]]:
    """(TITLE WORDS, kind code), longest first: the registry's title words, as a heading spells them."""
    return sorted(((w.upper(), k) for w, k in load_registry().title_words), key=lambda x: -len(x[0]))


@cache
def _codes() -> frozenset[str]:
    """Kind codes of document numbers (the "KH" of 144/KH-UBND): the registry's Party and State kinds."""
    reg = load_registry()
    return frozenset(reg.party_kinds) | frozenset(reg.state_kinds)
# a code part may end in a term number ("ĐĐQH15", "UBTVQH15"); a State number may carry its year
_PART = r"[A-ZĐ][A-Za-zĐđ]*\d{0,2}(?![\w])"
_CODE = rf"((?:{_PART})(?:\s*[-/]\s*{_PART})*)"
_NUMBER = re.compile(rf"\bSố[:\s]\s*(\d*(?:\.\d+)?)\s*[-/]?\s*(?:((?:19|20)\d\d)\s*/\s*)?{_CODE}")
_NUMBER2 = re.compile(r"\b(?:Nghị quyết|Chỉ thị|Kết luận|Quyết định|Chương trình|Kế hoạch)\s+số\s+"
                      r"(\d+\s*[-/]\s*[A-ZĐ][\w/\-]*)")
_DATE = re.compile(rf"[{UP}][\w\s.]*?,\s*ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}})")
# the dateline of a draft or an unsigned print leaves the day (or the day and month) blank, "Lương Minh,
# ngày    tháng 01 năm 2026": its own date still, to the month or the year, when it comes before the first
# full date (one of its preamble's, "Căn cứ Nghị quyết ... ngày 26 tháng 9 năm 2025")
_DATE_BLANK = re.compile(rf"[{UP}][\w\s.]*?,\s*ngày\s+tháng\s+(?:(\d{{1,2}})\s+)?năm\s+(\d{{4}})")


def _norm_number(num: str, code: str, year: str | None = None) -> str:
    """"104 -CTr/TU" -> "104-CTr/TU" (Party style), "144/KH-UBND" stays (State style),
    "99/2025/NQ-HĐND" keeps its year."""
    code = re.sub(r"\s+", "", code)
    if not num:
        return ""
    if year:
        return f"{num}/{year}/{code}"
    return f"{num}-{code}" if "/" in code else f"{num}/{code}"


@cache
def _level_cues() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """Per level, bottom up: a pattern of the registry's level words and body names (for folded
    text) and one of its issuer codes where a number writes them ("/TU", "-CP"; HĐND and UBND
    anywhere). Contextual codes (ĐU, MTTQ...) name no level on their own."""
    reg = load_registry()
    words: dict[str, set[str]] = {lv: set() for lv in LEVELS}
    for word, lv in reg.context_levels:
        words[lv].add(word)
    for name, _code, lv in reg.bodies:
        words[lv].add(name)
    codes: dict[str, set[str]] = {lv: set() for lv in LEVELS}
    for iss in (*reg.party_issuers.values(), *reg.state_issuers.values()):
        if not iss.contextual or iss.code in ("HĐND", "UBND"):
            codes[iss.level].add(iss.code)
    cues = []
    for lv in reversed(LEVELS):
        # longest first; ties by text, so the pattern is the same in every process (regex_cache keeps it)
        alts = "|".join(re.escape(w) for w in sorted(words[lv], key=lambda w: (-len(w), w)))
        word_re = re.compile(rf"\b(?:{alts})\b")
        code_alts = "|".join(re.escape(c) for c in sorted(codes[lv], key=lambda c: (-len(c), c)))
        code_re = re.compile(rf"(?:[-/]|\b(?=HĐND|UBND))(?:{code_alts})\b") if code_alts else None
        cues.append((lv, word_re, code_re))
    return cues


def _level(text: str) -> str:
    """The level `text` names, lowest first; words inside a registry compound ("xã hội", society)
    are blanked first, so the motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" names no commune."""
    low = fold(text)
    for compound in load_registry().level_word_compounds:
        low = low.replace(compound, " " * len(compound))
    for lv, word_re, code_re in _level_cues():
        if word_re.search(low) or (code_re is not None and code_re.search(text)):
            return lv
    return "unknown"


MORE = 15  # lines of the document a number line may sit in when the heading block ends early


def _number(joined: str, more: list[Unit]) -> re.Match | None:
    """The number line of the heading block; else one within the document's first lines (a
    wrapper's front matter or an early bullet can end the heading block before the "Số:" line)."""
    blank = None
    for text in (joined, "\n".join(re.sub(r"[*_]{1,3}", "", u.text) for u in more)):
        numbered = [m for rx in (_NUMBER_DB, _NUMBER) for m in rx.finditer(text) if m.group(1)]
        if numbered:
            return numbered[0]
        blank = blank or _NUMBER_DB.search(text) or _NUMBER.search(text)  # "Số: /UBND-XD", unnumbered
    return blank


def read(head: list[Unit], more: list[Unit] | None = None, body: list[Unit] | None = None) -> DocMeta:
    texts = [u.text if u.table is None else " ".join(b.normalized for b in u.blocks) for u in head]
    texts = [re.sub(r"[*_]{1,3}", "", t).strip() for t in texts]
    joined = "\n".join(texts)
    number, code = None, None
    m = _number(joined, (more or [])[:MORE])
    if m:
        code = re.sub(r"\s+", "", m.group(3))
        number = _norm_number(m.group(1), code, m.group(2))
    else:
        m = _NUMBER2.search(texts[0]) if texts and len(texts[0]) < 80 else None
        if m:
            number = re.sub(r"\s+", "", m.group(1))
            code = number
    doc_type = None
    if code:
        for part in re.split(r"[-/]", code):
            if part in _codes():
                doc_type = part
                break
    title, title_i = None, None
    for i, t in enumerate(texts):
        up = t.upper()
        for words, ty in _types():
            if up.startswith(words) and (t[:len(words)].isupper()):
                title, title_i = t, i
                doc_type = doc_type or ty
                break
        if title:
            break
    if doc_type is None and any(_SUBJECT.match(t) for t in texts):
        doc_type = "CV"  # no kind word, a "V/v ..." subject line: an official letter (Nghị định 30/2020/NĐ-CP form)
    if title_i is not None:
        for t in texts[title_i + 1:title_i + 4]:
            if re.match(r"^(?:Thực hiện|Căn cứ|Thi hành|I[.\-]|1\.)", t) or len(t) > 400:
                break
            if _NUMBER_DB.search(t) or " | " in t:  # a legal database's "Số hiệu: ... | Ngày ban hành: ..." line
                break
            title = f"{title} {t}"
    annexed = _annexed_number(body, doc_type) if not number and doc_type and body else None
    if annexed:
        number = annexed[0]
    # the whole body's lines for the signature block, read only when the heading names no whole body
    issuer = read_issuer(texts, title, number, (b.normalized for u in body for b in u.blocks) if body else None)
    d = _DATE.search(joined)
    date = f"{int(d.group(3)):04d}-{int(d.group(2)):02d}-{int(d.group(1)):02d}" if d else None
    level = _level(issuer or "") if issuer else "unknown"
    if level == "unknown" and issuer and _MINISTRY.match(issuer):
        level = "central"
    if level == "unknown":
        level = _code_level(_code(number))
    if level == "unknown":
        level = _code_level(_issuer_part(number))
    if level == "unknown":
        level = _level((number or "") + " " + "\n".join(texts[:3]))

    date = _blank_day(joined, d) or date or (annexed[1] if annexed else None)
    return DocMeta(doc_type=doc_type, number=number, issuer=issuer, level=cast("Level", level), date=date,
                   title=title, issuer_code=_code(number))


def _annexed_number(body: list[Unit], kind: str) -> tuple[str, str | None] | None:
    """The number an appendix caption gives the document it is attached to ("(Kèm theo Nghị quyết số
    394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)"), for a copy whose heading lost its number line
    (a legal database's crawl that dropped the letterhead table). The caption must name the document's
    own kind, so a caption quoting another act is not taken."""
    words = "|".join(re.escape(w) for w, k in _types() if k == kind)
    if not words:
        return None
    rx = re.compile(rf"Kèm theo\s+(?:{words})\s+số\s+(\d+)\s*[-/]\s*(?:((?:19|20)\d\d)\s*/\s*)?{_CODE}", re.I)
    for u in body:
        text = re.sub(r"[*_]{1,3}", "", u.text)
        m = rx.search(text)
        if m:
            code = re.sub(r"\s+", "", m.group(3))
            if kind in re.split(r"[-/]", code):
                day = _CAPTION_DATE.match(text[m.end():])
                date = f"{int(day.group(3)):04d}-{int(day.group(2)):02d}-{int(day.group(1)):02d}" if day else None
                return _norm_number(m.group(1), code, m.group(2)), date
    return None


_CAPTION_DATE = re.compile(r"\s*,?\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _blank_day(joined: str, full: re.Match[str] | None) -> str | None:
    """"2026-01" (or "2026") from a dateline with the day (and month) left blank, when no full date
    comes before it."""
    b = _DATE_BLANK.search(joined)
    if b is None or (full is not None and full.start() < b.start()):
        return None
    month, year = b.group(1), int(b.group(2))
    return f"{year:04d}-{int(month):02d}" if month else f"{year:04d}"


def _code_level(code: str | None) -> str:
    """The level the issuer code of the document's own number names ("ĐU": a commune's Party
    committee), before words of the first lines, which often name other bodies ("bầu cử đại biểu
    Quốc hội"). UBND and HĐND sit at two levels and name none here."""
    reg = load_registry()
    # a ministry's or department's code (BXD, SCT) by the registry's prefix rule, when the table lacks it
    iss = reg.party_issuers.get(code or "") or reg.state_issuers.get(code or "") or reg.state_issuer(code or "")
    if iss is None or code in ("UBND", "HĐND"):
        return "unknown"
    return iss.level


# a ministry: "Bộ" then a capitalised name ("Bộ Nội vụ", "Bộ Xây dựng"; lower-case "bộ" is a word of
# "cán bộ", "Đảng bộ"): central, as the registry's B... codes say (central_BNV_8151-BNV-CCHC, dev, round 8)
_MINISTRY = re.compile(rf"^Bộ\s+[{UP}]")


_SUBJECT = re.compile(r"^V/v\b")


def _issuer_part(number: str | None) -> str | None:
    """The part of a number's code that is a known issuer: "8151/BNV-CCHC" writes the ministry first
    and its department after, "1074/QĐ-BXD" the kind first; the last part is `_code`'s choice."""
    if not number or "/" not in number:
        return None
    reg = load_registry()
    for part in number.split("/")[-1].split("-"):
        if reg.state_issuer(part) or reg.party_issuers.get(part):
            return part
    return None


def _code(number: str | None) -> str | None:
    return number.split("/")[-1].split("-")[-1] if number and "/" in number else None


# "Số hiệu: 23-CTr/ĐU" is how legal databases label a document's number; their copies keep it above
# a print whose own number line may be blank ("Số -CTr/ĐU")
_NUMBER_DB = re.compile(rf"\bSố\s+hiệu\s*:\s*(\d+(?:\.\d+)?)\s*[-/]?\s*(?:((?:19|20)\d\d)\s*/\s*)?{_CODE}")
