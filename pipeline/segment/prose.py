"""Lead body, partners, output and deadline from a task's prose."""

from __future__ import annotations

import re

from .common import UP
from .vocab import vocab

_LEAD = re.compile(rf"(?:^|[.;]\s*|\(\s*)([{UP}][^.;:()]{{2,120}}?)\s+(?:chủ trì|là cơ quan chủ trì|làm đầu mối)", re.U)
_LEAD2 = re.compile(rf"(?:giao|Giao)\s+([{UP}][^,.;()]{{2,100}}?)\s+(?:chủ trì|thực hiện|triển khai)", re.U)
_PARTNERS = re.compile(r"phối hợp(?:\s+với)?\s+([^.;()]{3,200}?)"
                       r"(?=\s+(?:để|nhằm|trong|tổ chức|xây dựng|thực hiện|triển khai|"
                       r"theo dõi|hướng dẫn|rà soát|nghiên cứu|tham mưu|bảo đảm|đảm bảo)\b|[.;()]|$)", re.U)
# _DEADLINE and _OUTPUT read the lower-cased text (same offsets; faster than re.I), the words are
# then taken from the text as written
_DEADLINE = re.compile(r"(?:hoàn thành|thực hiện|xong)\s+(?:trong|trước|vào)\s+((?:ngày\s+)?(?:quý\s+[iv]+\s*/\s*\d{4}|"
                       r"tháng\s+\d{1,2}\s*/\s*\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|năm\s+\d{4}))"
                       r"|(?:^|[;,(]\s*)(thường xuyên|hằng năm|hàng năm)\s*(?:[;.)]|$)"
                       r"|(?<!\w)(?:trong|trước|vào)\s+(quý\s+[iv]+\s*/\s*\d{4})", re.U)
_OUTPUT = re.compile(r"(?:sản phẩm|kết quả)\s*(?:là|:)\s*([^.;]{3,150})", re.U)
_LEAD_END = ("chủ trì", "làm đầu mối")
_GIAO = re.compile(r"^(?:Giao|giao)\s+(?=\S)")  # "(Giao Ban Xây dựng Đảng chủ trì ...)": the body, not the verb


def _body_only(lead: str) -> str:
    """The body at the end of a lead phrase that an unmarked line ran into the task's words
    ("Nghị quyết về ... 2030 Ban Xây dựng Đảng" -> "Ban Xây dựng Đảng"); a phrase that opens
    with a body ("Thường trực HĐND xã") is kept whole."""
    v = vocab()
    if v.body_word.match(lead):
        return lead
    # where the run-on line starts: a body right after the number or bracket that ended the task's
    # words ("... nhiệm kỳ 2027 – 2030 Ban Xây dựng Đảng"); inside a name ("Văn phòng Đảng uỷ") it is not
    starts = [m.start() for m in v.body_start.finditer(lead) if re.search(r"[\d).]\s*$", lead[:m.start()])]
    return lead[starts[0]:] if starts else lead


def split_bodies(s: str) -> list[str]:
    parts = re.split(rf"\s*[,;]\s*(?=[{UP}]|các\s|cơ quan)", s.strip())
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


def read(text: str) -> dict:
    out: dict = {}
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # a lead match ends with its keyword: nothing after the last keyword can take part
    end = max((text.rfind(k) + len(k) for k in _LEAD_END if k in text), default=0)
    m = (_LEAD.search(text, 0, end) if end else None) or (
        _LEAD2.search(text) if "giao " in low else None)
    if m:
        out["lead"] = _body_only(_GIAO.sub("", m.group(1).strip()))
    m = _PARTNERS.search(text) if "phối hợp" in low else None
    if m:
        out["partners"] = split_bodies(m.group(1))
    if any(w in low for w in ("hoàn thành", "thực hiện trong", "thực hiện trước", "xong", "thường xuyên", "năm",
                              "quý")):
        m = _DEADLINE.search(low)
        if m:
            g = next(k for k in (1, 2, 3) if m.group(k) is not None)
            out["deadline"] = text[m.start(g):m.end(g)].strip()
    m = _OUTPUT.search(low) if ("sản phẩm" in low or "kết quả" in low) else None
    if m:
        out["output"] = text[m.start(1):m.end(1)].strip()
    return out
