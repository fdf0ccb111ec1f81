"""Document facts from the heading block: type, number, issuer, level, date, title."""

from __future__ import annotations

import re

from ..records import DocMeta
from .common import UP
from .units import Unit

_TYPES = [("CHƯƠNG TRÌNH", "CTr"), ("KẾ HOẠCH", "KH"), ("NGHỊ QUYẾT", "NQ"), ("CHỈ THỊ", "CT"),
          ("KẾT LUẬN", "KL"), ("QUYẾT ĐỊNH", "QĐ"), ("BÁO CÁO", "BC"), ("HƯỚNG DẪN", "HD"), ("CÔNG VĂN", "CV"),
          ("THÔNG BÁO", "TB"), ("QUY ĐỊNH", "QĐi"), ("ĐỀ ÁN", "ĐA")]
_NUMBER = re.compile(r"\bSố[:\s]\s*(\d*)\s*[-/]?\s*((?:[A-ZĐ][A-Za-zĐđ]*)(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*)*)")
_NUMBER2 = re.compile(r"\b(?:Nghị quyết|Chỉ thị|Kết luận|Quyết định|Chương trình|Kế hoạch)\s+số\s+"
                      r"(\d+\s*[-/]\s*[A-ZĐ][\w/\-]*)")
_DATE = re.compile(rf"[{UP}][\w\s.]*?,\s*ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}})")
_ISSUER = re.compile(rf"([{UP}][^,;:()]*?)\s+ban hành\b")
_OF_CENTRAL = re.compile(r"\)?\s*của\s+(Bộ Chính trị|Ban Chấp hành Trung ương(?: Đảng)?|Ban Bí thư|"
                         r"Chính phủ|Thủ tướng Chính phủ)")
_CODES = {"CTr", "KH", "NQ", "CT", "KL", "QĐ", "BC", "HD", "CV", "TB"}


def _norm_number(num: str, code: str) -> str:
    """"104 -CTr/TU" -> "104-CTr/TU" (Party style), "144/KH-UBND" stays (State style)."""
    code = re.sub(r"\s+", "", code)
    if not num:
        return ""
    return f"{num}-{code}" if "/" in code else f"{num}/{code}"


def _level(text: str) -> str:
    t = text
    if re.search(r"\b(?:phường|xã|thị trấn|Phường|Xã)\b", t):
        return "commune"
    if re.search(r"\b(?:huyện|quận|thị xã|Huyện|Quận|/HU\b|/QU\b)", t):
        return "district"
    if re.search(r"\b(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|TU\b|/TU|HĐND|UBND)", t):
        return "province"
    if re.search(r"Trung ương|TRUNG ƯƠNG|Bộ Chính trị|BỘ CHÍNH TRỊ|Chính phủ|CHÍNH PHỦ|Ban Bí thư|Thủ tướng"
                 r"|/TW|-CP\b|/CP\b|/NQ-CP", t):
        return "central"
    return "unknown"


def read(head: list[Unit]) -> DocMeta:
    texts = [u.text if u.table is None else " ".join(b.normalized for b in u.blocks) for u in head]
    texts = [re.sub(r"[*_]{1,3}", "", t).strip() for t in texts]
    joined = "\n".join(texts)
    number, code = None, None
    m = _NUMBER_DB.search(joined) or _NUMBER.search(joined)
    if m:
        code = re.sub(r"\s+", "", m.group(2))
        number = _norm_number(m.group(1), code)
    else:
        m = _NUMBER2.search(texts[0]) if texts and len(texts[0]) < 80 else None
        if m:
            number = re.sub(r"\s+", "", m.group(1))
            code = number
    doc_type = None
    if code:
        for part in re.split(r"[-/]", code):
            if part in _CODES:
                doc_type = part
                break
    title, title_i = None, None
    for i, t in enumerate(texts):
        up = t.upper()
        for words, ty in _TYPES:
            if up.startswith(words) and (t[:len(words)].isupper()):
                title, title_i = t, i
                doc_type = doc_type or ty
                break
        if title:
            break
    if title_i is not None:
        for t in texts[title_i + 1:title_i + 4]:
            if re.match(r"^(?:Thực hiện|Căn cứ|Thi hành|I[.\-]|1\.)", t) or len(t) > 400:
                break
            title = f"{title} {t}"
    issuer = _issuer(texts, title)
    d = _DATE.search(joined)
    date = f"{int(d.group(3)):04d}-{int(d.group(2)):02d}-{int(d.group(1)):02d}" if d else None
    level = _level(issuer or "") if issuer else "unknown"
    if level == "unknown":
        level = _level((number or "") + " " + "\n".join(texts[:3]))
    return DocMeta(doc_type=doc_type, number=number, issuer=issuer, level=level, date=date,
                   title=title, issuer_code=_code(number))


def _code(number: str | None) -> str | None:
    return number.split("/")[-1].split("-")[-1] if number and "/" in number else None


def _issuer(texts: list[str], title: str | None) -> str | None:
    for t in texts:
        if re.match(r"^(?:Thực hiện|Căn cứ|Thi hành)", t) or " ban hành " in t:
            found = list(_ISSUER.finditer(t))
            m = found[-1] if found else None
            if m:
                cand = re.split(r"[.;]\s*", m.group(1))[-1].strip()
                bad = re.match(r"(?:Chương trình|Nghị quyết|Kế hoạch|Căn cứ|Thực hiện)", cand)
                if 3 < len(cand) < 120 and not bad and " ký" not in cand and " số " not in cand:
                    return cand
    for t in texts[:3]:
        first = re.split(r"\s{2,}|CỘNG HÒA|ĐẢNG CỘNG SẢN|-{3,}|\bSố\b", t)[0].strip(" *|")
        first = re.sub(r"[*\s]+", " ", first).strip()
        if first and first.isupper() and len(first) < 80 and not any(first.startswith(w) for w, _ in _TYPES):
            return first
    for t in texts[:4]:
        m = _OF_CENTRAL.search(t)
        if m:
            return m.group(1)
    if title:
        m = re.search(r"\b(?:CỦA|của)\s+(.+?)(?:\s+(?:thực hiện|về|trong)\b|$)", title)
        if m:
            return m.group(1).strip().capitalize()
    return None


# "Số hiệu: 23-CTr/ĐU" is how legal databases label a document's number; their copies keep it above
# a print whose own number line may be blank ("Số -CTr/ĐU")
_NUMBER_DB = re.compile(r"\bSố\s+hiệu\s*:\s*(\d+)\s*[-/]?\s*((?:[A-ZĐ][A-Za-zĐđ]*)(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*)*)")
