"""Text files that mix encodings, and the check that a decoded text reads as Vietnamese.

Editors append to old files: UTF-8 lines followed by lines typed with a TCVN3 or VNI keyboard
driver. Decoding the whole file one way turns one half (or both) into mojibake. Lines that are
valid UTF-8 are kept; the rest are decoded with the legacy encoding that reads best over all of
them together (a few lines alone have too few words to tell); if none reads as Vietnamese the
file is refused rather than catalogued as nonsense.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..errors import UnsupportedFormat
from ..model import Diagnostic
from . import legacy

MIN_WORDS = 20  # fewer non-ASCII words than this say nothing about the encoding
MIN_RATIO = 0.5  # below this share of Vietnamese syllables the text is mojibake or not Vietnamese


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_mixed(data: bytes, path: Path) -> tuple[str, str] | None:
    """(text, "utf-8+tcvn3", "utf-8+vni" or "utf-8+cp1258") when UTF-8 lines and legacy lines are mixed, else None.

    Raises:
        UnsupportedFormat: mixed, but the other lines are in no encoding that reads as Vietnamese.
    """
    lines = data.split(b"\n")
    decoded = [_utf8(line) for line in lines]
    if not any(d is not None and not d.isascii() for d in decoded):
        return None  # no UTF-8 beyond ASCII: one legacy encoding for the whole file, decided elsewhere
    rest = b"\n".join(line for line, d in zip(lines, decoded, strict=True) if d is None)
    decoders = {"tcvn3": legacy.decode_tcvn3, "vni": legacy.decode_vni,
                "cp1258": lambda b: b.decode("cp1258", errors="replace")}
    scores = {k: legacy.score(f(rest)) for k, f in decoders.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 0.7 and len(legacy.viet_words(decoders["cp1258"](rest))) < MIN_WORDS:
        best = "cp1258"  # a stray byte or two: too little to judge, Windows-1258 keeps it readable
    elif scores[best] < 0.7:
        bad = sum(1 for d in decoded if d is None)
        raise UnsupportedFormat(path, f"mixed encodings: {len(lines) - bad} lines are UTF-8 and {bad} lines are "
                                      "in an encoding that reads as Vietnamese neither as TCVN3, VNI nor "
                                      "Windows-1258; save the file as UTF-8")
    dec = decoders[best]
    text = "\n".join(d if d is not None else unicodedata.normalize("NFC", dec(line))
                     for line, d in zip(lines, decoded, strict=True))
    return text, f"utf-8+{best}"


def reads_as_vietnamese(text: str, path: Path, encoding: str) -> list[Diagnostic]:
    """A warning when the decoded text does not read as Vietnamese.

    Not a refusal: Latin-1 French decodes correctly as cp1258 and scores like mojibake does.
    """
    words = legacy.viet_words(text)
    if len(words) < MIN_WORDS:
        return []
    ratio = legacy.score(text)
    if ratio >= MIN_RATIO:
        return []
    message = (f"only {ratio:.0%} of the accented words are Vietnamese syllables when read as {encoding}: "
               "not Vietnamese, or a wrong or mixed encoding (mojibake)?")
    return [Diagnostic(level="warning", code="encoding", message=message)]
