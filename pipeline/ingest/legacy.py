"""Legacy Vietnamese byte encodings (TCVN3/ABC and VNI) to Unicode.

`convert(data)` returns (text, encoding name) when the bytes are one of the legacy encodings,
else None. Bytes that are valid UTF-8 are never converted. Otherwise every candidate decoding
(TCVN3, VNI, and Windows-1258 as the rival) is scored by the share of its words that are
Vietnamese syllables; a legacy decoding wins only when it reads as Vietnamese and better than
cp1258 does.

Tables: TCVN 5712:1993 (VN3, the ".Vn" fonts: lower case letters and the seven base capitals
Ă Â Ê Ô Ơ Ư Đ; other capitals need the ".VnH" fonts and decode as lower case) and VNI-Windows
(a base letter followed by a mark byte, as cp1252 characters).
"""

from __future__ import annotations

import re
import unicodedata

_LOWER = "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđ"
_TCVN3_CODES = [184, 181, 182, 183, 185, 168, 190, 187, 188, 189, 198, 169, 202, 199, 200, 201, 203,
                208, 204, 206, 207, 209, 170, 213, 210, 211, 212, 214, 221, 215, 216, 220, 222,
                227, 223, 225, 226, 228, 171, 232, 229, 230, 231, 233, 172, 237, 234, 235, 236, 238,
                243, 239, 241, 242, 244, 173, 248, 245, 246, 247, 249, 253, 250, 251, 252, 254, 174]
TCVN3: dict[int, str] = dict(zip(_TCVN3_CODES, _LOWER, strict=True))
TCVN3.update({0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"})
TCVN3_INVERSE = {v: k for k, v in TCVN3.items()}

# VNI-Windows: Unicode letter -> its byte sequence read as cp1252
_VNI_SEQ = tuple(re.findall(r"\S+", "aù aø aû aõ aï aê aé aè aú aü aë aâ aá aà aå aã aä "
                             "eù eø eû eõ eï eâ eá eà eå eã eä "
                             "í ì æ ó ò où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï uù uø uû uõ uï "
                             "ö öù öø öû öõ öï yù yø yû yõ î ñ"))
VNI_INVERSE: dict[str, str] = dict(zip(_LOWER, _VNI_SEQ, strict=True))
VNI_INVERSE.update({u.upper(): s.upper() for u, s in zip(_LOWER, _VNI_SEQ, strict=True)})
VNI: dict[str, str] = {v: k for k, v in VNI_INVERSE.items()}
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))
_WORD = re.compile(r"[^\W\d_]+")


def decode_tcvn3(data: bytes) -> str:
    return "".join(TCVN3.get(b) or bytes([b]).decode("cp1252", errors="replace") if b >= 0x80 else chr(b)
                   for b in data)


def encode_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 (letters the .Vn fonts have); for tests and round trips."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        if c in TCVN3_INVERSE:
            out.append(TCVN3_INVERSE[c])
        else:
            out.extend(c.encode("cp1252"))
    return bytes(out)


def decode_vni(data: bytes) -> str:
    return _VNI_RE.sub(lambda m: VNI[m.group(0)], data.decode("cp1252", errors="replace"))


def encode_vni(text: str) -> bytes:
    return "".join(VNI_INVERSE.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("cp1252")


_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter in cp1258


def encode_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258 as Word wrote it: ă â ê ô ơ ư đ precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in parts if not unicodedata.combining(c) or c in _SHAPE_MARKS)
        out.append(unicodedata.normalize("NFC", base)
                   + "".join(c for c in parts if unicodedata.combining(c) and c not in _SHAPE_MARKS))
    return "".join(out).encode("cp1258")


def viet_words(text: str) -> list[str]:
    """The accented words of the first 20,000 characters: the ones an encoding can get wrong."""
    return [w for w in _WORD.findall(text[:20000]) if not w.isascii()]


def score(text: str) -> float:
    """Share of the accented words that are Vietnamese syllables (0 with fewer than three)."""
    from .fonts import syllables

    viet = viet_words(text)
    if len(viet) < 3:
        return 0.0
    syl = syllables()
    return sum(1 for w in viet if w.lower() in syl) / len(viet)


_score = score


def convert(data: bytes) -> tuple[str, str] | None:
    if not any(b >= 0x80 for b in data[:200000]):
        return None
    try:
        data.decode("utf-8")
        return None  # UTF-8 is never a legacy encoding
    except UnicodeDecodeError:
        pass
    cands = {"tcvn3": decode_tcvn3(data), "vni": decode_vni(data)}
    rival = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    best = max(cands, key=lambda k: _score(cands[k]))
    score = _score(cands[best])
    if score >= 0.7 and score > _score(rival) + 0.1:
        return cands[best], best
    return None
