"""The body that issues a document, written as the body writes its own name.

Three places name it, trusted in this order:
1. the sentence by which the body issues this document ("Ban Chấp hành Đảng bộ phường X ban hành
   Chương trình hành động ..."): the full name, in the body's own words;
2. the heading's left column ("ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN", "ỦY BAN MTTQ VIỆT NAM XÃ Y / BAN
   THƯỜNG TRỰC"), in capitals: the body and, on a second line, a part of it; taken when the
   sentence is missing or names the same body less fully ("Ủy ban nhân dân tỉnh");
3. failing both, a central body named after the document's kind, or the "của ..." of its title,
   unless that "của" belongs to an act the title cites ("thực hiện Kết luận số 156-KL/TW ngày
   21/5/2025 của Bộ Chính trị" names the issuer of 156-KL/TW, not this document's).
A body named as the issuer of a cited act ("... của Chính phủ ban hành Kế hoạch hành động", "Bộ
trưởng Bộ Xây dựng ban hành Quyết định số 1074/QĐ-BXD") is never taken for this document's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..cite.registry import title_kinds
from ..normalize import modern_tone
from .common import UP

_DATA = Path(__file__).resolve().parents[1] / "data" / "issuer_case.tsv"
# the words after which a place's name follows ("tỉnh Nghệ An", "xã Lương Minh")
_PLACE = r"thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|phường|xã"
_OF_CENTRAL = re.compile(r"\)?\s*của\s+(Bộ Chính trị|Ban Chấp hành Trung ương(?: Đảng)?|Ban Bí thư|"
                         r"Chính phủ|Thủ tướng Chính phủ)")
# where a heading's left column stops: the national motto, the Party's name, a rule, the number
_HEAD_END = re.compile(r"CỘNG H(?:ÒA|OÀ)|ĐẢNG CỘNG SẢN|-{3,}|\*\s*$|\bSố\b|\bSố:")
# a part of a body on the heading's second line ("BAN THƯỜNG TRỰC", "SỞ ...", "ĐẢNG ỦY XÃ ..."),
# never the "BAN" inside "ỦY BAN" or "TIỂU BAN"
_PART = re.compile(r"(?<!ỦY )(?<!UỶ )(?<!TIỂU )\b(?:TIỂU BAN|BAN|SỞ|PHÒNG|ĐẢNG [ỦU][YỶ]|VĂN PHÒNG|CHI BỘ)\s")
# an act named before a "của": the body after it issued that act, unless the act is this document
_ACT_NUMBER = re.compile(r"\b(\d+(?:/\d{4})?\s*[-/]\s*[A-ZĐ][\w/\-]*)")


@cache
def _kinds() -> str:
    """Kinds of this document as the issuing sentence names them ("... ban hành Kế hoạch ..."):
    the registry's title words (pipeline/data/registry/codes.json), one list for every reader."""
    return "(?:" + "|".join(re.escape(w) for w in title_kinds()) + ")"


@cache
def _issues() -> re.Pattern[str]:
    # "... ban hành Quyết định số 1074/QĐ-BXD": another act, named by its number, not this document
    return re.compile(rf"([{UP}][^,;:()]*?)(?:\s+(?:đã|vừa|mới|sẽ|được))*\s+ban hành\s+(?:{_kinds()})\b"
                      r"(?!\s+(?:hành động\s+)?số\s*\d)", re.I)


def _cited_before(text: str, own: str | None) -> bool:
    """`text` (what precedes a "của ...") names an act other than this document."""
    norm = re.sub(r"\s+", "", own or "")
    return any(re.sub(r"\s+", "", m.group(1)) != norm for m in _ACT_NUMBER.finditer(text)) or \
        bool(re.search(r"\b(?:thực hiện|triển khai|thi hành|quán triệt|căn cứ)\b", text, re.I))


@cache
def _cases() -> list[tuple[re.Pattern[str], str]]:
    rows = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            low, form = line.split("\t")
            rows.append((low.strip(), form.strip()))
    rows.sort(key=lambda r: -len(r[0]))
    return [(re.compile(rf"(?<!\w){re.escape(low)}(?!\w)"), form) for low, form in rows]


def cased(name: str) -> str:
    """A name from a heading in capitals, written as in running text:
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" -> "Ủy ban nhân dân tỉnh Bắc Ninh"."""
    low = modern_tone(" ".join(name.split()).lower())
    for rx, form in _cases():
        low = rx.sub(form, low)
    # a department's fields of work: "Sở Nông nghiệp và Môi trường" (not the "bộ" of "Đảng bộ xã")
    low = re.sub(rf"(?<!\w)(?<!đảng )(sở|bộ)\s+(.+?)(?=\s+(?:{_PLACE})\b|$)",
                 lambda m: m.group(1).capitalize() + " " + re.sub(r"(^|\svà\s|,\s)(\w)",
                                                                  lambda w: w.group(1) + w.group(2).upper(),
                                                                  m.group(2)), low, count=1, flags=re.I)
    places = list(re.finditer(rf"(?<!\w)((?:tỉnh|thành|huyện|quận|thị) ủy|{_PLACE})\s+(?!hội\b)(\w[\w\s-]*)$", low,
                              re.I))
    if places:
        m = places[-1]
        low = low[:m.start(2)] + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split())
    return low[:1].upper() + low[1:]


def heading_body(texts: list[str]) -> str | None:
    """The body in the heading's left column, composed with the part of it that issues."""
    parts: list[str] = []
    for t in texts[:6]:
        t = t.strip(" *|/")  # a stray "/" typed before the heading in a .docx cell
        if re.match(_kinds(), t, re.I) and t.split()[0].isupper():
            break  # the title: the heading is above it
        if not t or (not parts and t[:1] in "[(<"):  # a wrapper's note above the heading
            if parts:
                break
            continue
        piece = _HEAD_END.split(t)[0].strip(" *|-")
        words = piece.split()
        upper = []
        for w in words:  # the capitals before the first word in lower case
            if any(c.islower() for c in w):
                break
            upper.append(w)
        if upper and any(c.isalpha() for c in "".join(upper)):
            parts.append(" ".join(upper))
        if (len(upper) < len(words) or piece != t or not upper) and (parts or not upper):
            break
    head = " ".join(parts).strip()
    if not head or len(head) > 160 or not head.isupper():
        return None
    m = list(_PART.finditer(head))
    if not m or m[-1].start() == 0:
        return cased(head)
    main, part = head[:m[-1].start()].strip(), head[m[-1].start():].strip()
    if re.search(rf"\b(?:{_PLACE.upper()})\b|TRUNG ƯƠNG", part):
        return cased(part)  # "ĐẢNG ỦY XÃ Y" under "ĐẢNG BỘ TỈNH X": the part names itself
    if re.fullmatch(r"BAN CHẤP HÀNH TRUNG ƯƠNG(?: ĐẢNG)?", main):
        return cased(part) + " Trung ương"
    if part.startswith(("SỞ ", "PHÒNG ")):  # a department of a People's Committee: its place
        place = re.search(rf"\b(?:{_PLACE.upper()})\b.*$", main)
        return cased(part + (" " + place.group(0) if place else ""))
    return cased(part + " " + main)


def _issuing_sentence(texts: list[str]) -> str | None:
    sentences = (x for t in texts for x in re.split(r"(?<=[.;])\s+(?=[{UP}])".replace("{UP}", UP), t))
    for t in sentences:  # "Thực hiện ..., Đảng ủy xã X ban hành ...": the clause after the comma issues
        for m in reversed(list(_issues().finditer(t))):
            piece = re.split(r"[.;”\"]\s*", m.group(1))[-1]
            # "... ngày 29/6/2026 của Bộ trưởng Bộ Xây dựng ban hành Quy chuẩn": an act this one cites
            cited = re.split(r"\s(?:của|do)\s", " " + piece, flags=re.I)
            cand = cited[-1].strip()
            if len(cited) > 1 or not cand or cand.isupper() or re.search(r"\d|\bsố\b", cand, re.I):
                continue
            if 3 < len(cand) < 120 and not re.match(_kinds(), cand, re.I):
                return cand
    return None


def _fold(s: str) -> str:
    s = re.sub(r"\bUBND\b", "ủy ban nhân dân", s)
    s = re.sub(r"\bHĐND\b", "hội đồng nhân dân", s)
    s = re.sub(r"\bMTTQ\b", "mặt trận tổ quốc", s)  # "Ủy ban MTTQ Việt Nam xã Y" in a Front's heading
    return " ".join(modern_tone(s.lower()).split())


# the signature block: "T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN" (Nghị định 30/2020/NĐ-CP Điều 13;
# Hướng dẫn 36-HD/VPTW mục thể thức đề ký): the collective body the signer signs for
_SIGNED_FOR = re.compile(r"^[\s*]*T\s*[./]?\s*M\s*\.?\s+(\S.*)$")
# where a body's name ends in its level and place ("... xã Công Hải"): what a partial name lacks
_LEVEL_PLACE = re.compile(rf"(?<!\w)({_PLACE})\s+(\S.*)$", re.I)
_PARTY_ORGAN = re.compile(r"(?:đảng [ủu][yỷ]|đảng bộ)$", re.I)
_PARTIAL = re.compile(rf"(?<!\w)(?:{_PLACE}|đảng [ủu][yỷ]|đảng bộ)$", re.I)


def signature_body(lines: list[str]) -> str | None:
    """The issuing body read from the signature block: the body signed for ("T/M BAN THƯỜNG VỤ")
    composed with the body a signature stamp names below the signer ("ĐẢNG UỶ XÃ CÔNG HẢI"):
    "Ban Thường vụ Đảng ủy xã Công Hải". For documents whose heading a wrapper moved away from the
    top (a dashboard's export): None unless the block names a body with its place."""
    lines = [re.sub(r"[*_]{1,3}", "", t) for t in lines]  # markdown emphasis of a converted file
    for i, line in enumerate(lines):
        m = _SIGNED_FOR.match(line)
        words = []
        for w in (m.group(1).split() if m else []):  # the capitals up to the signer's note or name
            if not w.isupper():
                break
            words.append(w)
        if not words:
            continue
        organ = cased(" ".join(words))
        stamp = None
        for t in lines[i + 1:i + 14]:
            t = t.strip(" *")
            if t.isupper() and re.search(rf"\b(?:{_PLACE.upper()})\b", t) and not _SIGNED_FOR.match(t):
                stamp = heading_body([t])
                break
        if stamp is None:
            return organ if _LEVEL_PLACE.search(organ) else None
        if _fold(stamp).startswith(_fold(organ)):
            return stamp  # "T/M ĐẢNG UỶ" over "ĐẢNG UỶ XÃ CÔNG HẢI"
        if organ.startswith("Ban Chấp hành"):  # the executive committee is the Đảng bộ's, not the Đảng ủy's
            stamp = re.sub(r"^Đảng [ủu][yỷ]\b", "Đảng bộ", stamp)
        return f"{organ} {stamp}"
    return None


def _completed(name: str, signed: str | None) -> str:
    """A name that stops at its level or at "Đảng ủy" ("Ban Chấp hành Đảng bộ xã", "Ban Thường vụ
    Đảng ủy") takes the place the signature block names ("... xã Công Hải")."""
    place = _LEVEL_PLACE.search(signed or "")
    if not place:
        return name
    if re.search(rf"(?<!\w)(?:{_PLACE})$", name, re.I) and _fold(name).endswith(_fold(place.group(1))):
        return f"{name} {place.group(2)}"
    if _PARTY_ORGAN.search(name):
        return f"{name} {place.group(1).lower()} {place.group(2)}"
    return name


def issuer(texts: list[str], title: str | None, number: str | None = None,
           signed: Iterable[str] | None = None) -> str | None:
    """The issuing body from the heading lines `texts` and the title; `signed`, the document's lines
    (its signature block among them, read only when needed), completes a name without its place
    ("Ban Thường vụ Đảng ủy") or stands in for a heading the document lacks."""
    found = _from_heading(texts, title, number)
    if signed is None or (found and not _PARTIAL.search(found)):
        return found
    sig = signature_body(list(signed))
    return _completed(found, sig) if found else sig


def _from_heading(texts: list[str], title: str | None, number: str | None) -> str | None:
    said = _issuing_sentence(texts)
    head = heading_body(texts)
    if said and head and _fold(head).startswith(_fold(said)):
        return head  # "UBND tỉnh" said, "Ủy ban nhân dân tỉnh Nghệ An" in the heading
    if said or head:
        return said or head
    for t in texts[:4]:
        m = _OF_CENTRAL.search(t)
        if m and not _cited_before(t[:m.start()], number):
            return m.group(1)
    if title:
        m = re.search(r"\b(?:CỦA|của)\s+(.+?)(?:\s+(?:thực hiện|về|trong|khóa|khoá|nhiệm kỳ|năm|giai đoạn)\b|[,;(]|$)",
                      title, re.I)
        if m and len(m.group(1)) < 100 and not _cited_before(title[:m.start()], number):
            body = m.group(1).strip()
            return cased(body) if body.isupper() else body
    return None
