"""Regular expressions of the cite stage, compiled once per registry from its code tables.

Code patterns (`57-NQ/TW`, `144/KH-UBND`, `63/2025/QH15`) run on the normalized text with its
case, since case tells codes apart (`CTr`); word patterns run on the folded text (lower case,
unified tone placement, same length) so "Nghị quyết" and "nghị quyết" are one pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .registry import Registry

UPPER = "A-ZĐÀ-ÝĂÂÊÔƠƯẠ-Ỹ"
# a number right after a Vietnamese letter is a code a PDF text layer glued to its word ("Chỉ thị46-CT/TW",
# "số46", "quyết57"); after an upper-case ASCII letter or Đ it is part of a code ("QH15", "QĐ123", "CTr5")
_GLUE_BEFORE = "àáâãèéêìíòóôõùúýăĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠ-ỹ"  # accented vowels: never in a code
# "§" or "°" right before digits is an OCR reading of a digit ("13§21/CHQ-GSQL"): no number starts there
_NUM = rf"(?:(?<![\w/.\-–§°])|(?<=[{_GLUE_BEFORE}])|(?<=[a-zđ{_GLUE_BEFORE}][a-z]))(?P<num>\d{{1,5}})"
_CODE = "A-Za-zĐđ"
# a code in capitals glued to the next word by a PDF text layer ("156-KL/TWngày", "46-CT/TWcủa"): it ends
# where capitals meet a lower-case letter
_GLUED_AFTER = r"(?<=[A-ZĐ])(?=[a-zđà-ỹ])"

# a PDF text layer breaks a Party number at any of its joints: "57-" / "NQ/TW", "46-CT/" / "TW", and
# "46" / "-CT/TW" (this one only after a kind word, see find.py: a line may start with a dash)
PARTY = re.compile(
    _NUM + r"(?P<sep>[ \t]*(?:\n[ \t]*)?[-–‐][ \t]*(?:\n[ \t]*)?|[ \t]+)"
    rf"(?P<kind>[{_CODE}]{{1,5}})[ \t]*/[ \t]*(?:\n[ \t]*)?(?P<iss>[{_CODE}]{{2,8}})"
    rf"(?P<sub>(?:-[A-ZĐ][{_CODE}]{{1,8}})*)(?:(?![\w/])|{_GLUED_AFTER})"
)
# "66.2/2025/NQ-CP": a Government resolution numbered as a part of another, only before a year
_NUM_STATE = _NUM[:-1] + r"(?:\.\d{1,3}(?=[ \t]*/[ \t]*(?:19|20)\d\d[ \t]*/))?)"
_YEAR = r"[ \t]*/[ \t]*(?:(?P<year>(?:19|20)\d\d)[ \t]*/[ \t]*)?"
# a unit part may join two units with "&" ("BNV-CTTN&BĐG": the ministry's youth and gender-equality office)
_AMP = rf"(?:&[A-ZĐ][{_CODE}]{{1,8}})?"
_SUB = rf"(?P<sub>(?:-[A-ZĐ][{_CODE}0-9]{{0,14}}{_AMP})*)(?:(?![\w/&])|{_GLUED_AFTER})"
STATE = re.compile(
    _NUM_STATE + _YEAR + rf"(?P<a>[A-ZĐ][{_CODE}]{{0,5}})"
    # "/" between kind and issuer is a slip find.py accepts only after a year ("102/2025/NQLT/UBTVQH15-CP-...")
    r"(?P<sep>[ \t]*[-–][ \t]*|/)"
    rf"(?P<b>[A-ZĐ][{_CODE}]{{0,9}}\d{{0,2}}{_AMP})" + _SUB  # "-ĐCTUBTWMTTQVN": a joint resolution's parties
)
# "1626/QĐTTg": kind and issuer codes run together; split by the registry's tables in find.py
STATE_GLUED = re.compile(_NUM_STATE + _YEAR + rf"(?P<ab>[A-ZĐ][{_CODE}]{{2,12}}\d{{0,2}})(?![\w/&-])")
CODE_AFTER_SLASH = re.compile(r"/[ \t]*(?:\n[ \t]*)?(?:[A-Za-zĐđ]|\d{4}[ \t]*/[ \t]*[A-ZĐ])")
LAW = re.compile(_NUM + r"[ \t]*/[ \t]*(?P<year>(?:19|20)\d\d)[ \t]*/[ \t]*(?P<iss>(?:UBTVQH|QH)\d{1,2})(?![\w/])")

# after a citation (folded text)
DATE = re.compile(
    r"\s*[,(]?\s*(?:ban hành\s+|ký\s+)?ngày\s*(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))\)?"
)
OF = re.compile(r"\s*,?\s*của\s*")  # "củaBan Thường vụ" glued: the body must open with a capital (find._body)
BODY_STOP = re.compile(
    r"\s+(?:về|thực hiện|ngày|và|gắn|nhằm|trong|theo|đã|đề ra|tại|trên|đối với|để|với|cụ thể|là|được|có|như|sau"
    r"|phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi)\b|[,;:.!?“”\"()*\[\]|]|\n(?=\s*(?:[-+•*]|\d+[.)]|[a-zđ][.)]))"
)
# a place-and-date line ("Lào Cai, ngày 21 tháng 7 năm 2026") a PDF's right column put inside a sentence
PLACE_DATE = re.compile(r"[ \t]*[^\W\d][^,\n]{1,40},[ \t]*ngày\b")
TERM = re.compile(r"\s*\(\s*kh[oó]a\s+[ivxlc]+\s*\)")
ABOUT = re.compile(r"\s*,?\s*về\s+(?:việc\s+)?")
# "Số:" before the document's own number; OCR reads it "Só:" or "Sô:" (tests/data/real/3036_SCT_...pdf); a legal
# database labels it "Số hiệu:", a YAML export 'so_hieu: "23-CTr/ĐU"' (the Công Hải archive in tests/data/realshapes)
SELF_BEFORE = re.compile(r"(?:^|\n)[ \t*]*s[oóòôốồổ](?:[ _]hi[eệ]u)?[ \t]*:?[ \t]*[\"“]?$")
ALIAS = re.compile(r"\((?:\s*sau đây)?\s*(?:được\s+)?(?:gọi tắt là|viết tắt là|gọi là)\s+(?P<a>[^()\n]{2,80}?)\s*\)")
CHARTER = re.compile(r"\bđiều lệ đảng\b(?!\s*(?:bộ|viên))")
CONTEXT_END = re.compile(r"[;.\n]")


@dataclass(frozen=True)
class Compiled:
    kind_alt: str
    title_stop: re.Pattern
    kind_before: re.Pattern
    short: re.Pattern
    backref: re.Pattern
    named: re.Pattern
    congress: re.Pattern
    congress_gap: re.Pattern
    name_words: re.Pattern
    words: tuple[str, ...]
    context: re.Pattern
    form_before: re.Pattern


def _anchor_words(words) -> tuple[str, ...]:
    """Kind words no other kind word is a prefix of ("chương trình" covers "chương trình hành động")."""
    ws = set(words)
    return tuple(sorted(w for w in ws if not any(o != w and w.startswith(o) for o in ws)))


def _alt(words) -> str:
    # longest first; ties by text, so the pattern is the same in every process (regex_cache keeps it)
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _compile(reg: Registry) -> Compiled:
    kinds = _alt(w for w, _ in reg.kind_words)
    nonda = _alt(w for w, k in reg.kind_words if k != "ĐA")
    units = _alt(reg.congress_units)
    return Compiled(
        kind_alt=kinds,
        title_stop=re.compile(
            rf";|\.(?=\s|$)|\s+và\s+(?={kinds})|,\s*ngày|\s*\((?:sau đây|gọi|viết)"
            r"|\n(?=\s*(?:[-+•*]|\d+[.)]|[a-zđ][.)]|[ivx]+\.))|\n\s*\n"
        ),
        kind_before=re.compile(rf"(?P<w>{kinds})(?:\s*số)?\s*:?\s*$"),
        short=re.compile(
            rf"(?<!\w)(?P<w>{nonda})[ \t]+(?:(?P<so>số)[ \t]+)?(?P<num>\d{{1,4}})\b"
            r"(?![ \t]*[-–/]|[.,]\d|\s*(?:năm|tháng|%|người|giờ|lần|nội dung|nhiệm vụ|mục tiêu))"
        ),
        backref=re.compile(
            rf"(?<!\w)(?P<w>{kinds})\s+(?P<r>nêu trên|nói trên|đã nêu|trên(?=\s*[,.;:)]|\s*$)|này)\b"
        ),
        named=re.compile(r"(?<!\w)đề án\s+(?:số\s+)?(?P<num>\d{1,4})\b(?![ \t]*[-–/]|[.,]\d)"),
        congress=re.compile(
            # "Đại hội Đảng toàn quốc lần thứ XIII" names the national congress as "Đại hội đại biểu toàn quốc" does
            # (central_VPTW_07-KL-VPTW, dev, round 8)
            r"(?<!\w)(?P<nq>nghị quyết\s*(?:của\s+)?)?đại hội(?:\s+đại biểu)?(?:\s+đảng(?=\s+toàn quốc))?"
            rf"(?:\s+(?P<nat>toàn quốc)|(?:\s+đảng bộ\s*|\s+)(?P<unit>{units})\b"
            r"|(?=\s+(?:lần thứ\s+)?[ivxlc]+\s+của đảng\b))"
        ),
        congress_gap=re.compile(r"\s*(?:[,;]|và)?\s*(?:,?\s*nhiệm kỳ\s*\d{4}\s*[-–]\s*\d{4}\s*)?(?:[,;]|và)?\s*"),
        name_words=re.compile(rf"(?:[ \t]+(?!Lần\b|Nhiệm\b|Và\b)[{UPPER}][\w]*)*"),
        words=_anchor_words(w for w, _ in reg.kind_words),
        context=re.compile(rf"\b(?P<w>{_alt(w for w, _ in reg.context_levels)})\b"),
        form_before=re.compile(rf"(?<!\w)(?:{_alt(reg.form_words) or '(?!)'})[ \t]*:?[ \t]*$"),
    )


_CACHE: dict[int, tuple[Registry, Compiled]] = {}


def compiled(reg: Registry) -> Compiled:
    """The patterns of a registry, compiled on first use and kept with it."""
    hit = _CACHE.get(id(reg))
    if hit is None or hit[0] is not reg:
        hit = _CACHE[id(reg)] = (reg, _compile(reg))
    return hit[1]


ORDINAL = re.compile(r"\s*lần\s*thứ\s*(?P<ord>[ivxlc]+|\d+)\b|\s+(?P<ord2>[ivxlc]+)(?=\s+của đảng\b)")
OF_PARTY = re.compile(r"\s+của\s+đảng\b(?!\s*bộ)")
