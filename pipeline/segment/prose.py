"""Lead body, partners, output and deadline from a task's prose."""

from __future__ import annotations

import re

from .common import UP

_LEAD = re.compile(rf"(?:^|[.;]\s*|\(\s*)([{UP}][^.;:()]{{2,120}}?)\s+(?:chủ trì|là cơ quan chủ trì|làm đầu mối)", re.U)
_LEAD2 = re.compile(rf"(?:giao|Giao)\s+([{UP}][^,.;()]{{2,100}}?)\s+(?:chủ trì|thực hiện|triển khai)", re.U)
_PARTNERS = re.compile(r"phối hợp(?:\s+với)?\s+([^.;()]{3,200}?)"
                       r"(?=\s+(?:để|nhằm|trong|tổ chức|xây dựng|thực hiện|triển khai|"
                       r"theo dõi|hướng dẫn|rà soát|nghiên cứu|tham mưu|bảo đảm|đảm bảo)\b|[.;()]|$)", re.U)
_DEADLINE = re.compile(r"(?:hoàn thành|thực hiện|xong)\s+(?:trong|trước|vào)\s+((?:ngày\s+)?(?:quý\s+[IV]+\s*/\s*\d{4}|"
                       r"tháng\s+\d{1,2}\s*/\s*\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|năm\s+\d{4}))"
                       r"|(?:^|[;,(]\s*)(thường xuyên|hằng năm|hàng năm)\s*(?:[;.)]|$)", re.I | re.U)
_OUTPUT = re.compile(r"(?:sản phẩm|kết quả)\s*(?:là|:)\s*([^.;]{3,150})", re.I | re.U)


def split_bodies(s: str) -> list[str]:
    parts = re.split(rf"\s*[,;]\s*(?=[{UP}]|các\s|cơ quan)", s.strip())
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


def read(text: str) -> dict:
    out: dict = {}
    low = text.lower()
    m = (_LEAD.search(text) if "chủ trì" in low or "đầu mối" in low else None) or (
        _LEAD2.search(text) if "giao " in low else None)
    if m:
        out["lead"] = m.group(1).strip()
    m = _PARTNERS.search(text) if "phối hợp" in low else None
    if m:
        out["partners"] = split_bodies(m.group(1))
    if any(w in low for w in ("hoàn thành", "thực hiện trong", "thực hiện trước", "xong", "thường xuyên", "năm")):
        m = _DEADLINE.search(text)
        if m:
            out["deadline"] = (m.group(1) or m.group(2)).strip()
    m = _OUTPUT.search(text) if ("sản phẩm" in low or "kết quả" in low) else None
    if m:
        out["output"] = m.group(1).strip()
    return out
