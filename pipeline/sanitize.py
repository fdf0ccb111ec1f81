"""Text leaving for a format is made safe here, once: XML, spreadsheets, CSV and the terminal.

Documents and file names are untrusted. A control byte that lxml refuses, a cell that a
spreadsheet runs as a formula, an escape sequence that a terminal obeys: each is a property of
the format the text is written to, not of the text, so the stages keep the text as read and
every writer calls the one function for its format.
"""

from __future__ import annotations

import re
from typing import Any

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what a terminal may act on: C0 controls, DEL, C1 controls (0x9b is a one-byte CSI) and the
# bidirectional overrides that make a name read differently from what it is
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TERMINAL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# a spreadsheet reads a cell starting with one of these as a formula (or as DDE in old Excel)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_text(s: str) -> str:
    """`s` without the characters XML 1.0 cannot hold (GraphML, XLSX, DOCX)."""
    return _XML_ILLEGAL.sub("", s) if _XML_ILLEGAL.search(s) else s


def xml_value(v: Any) -> Any:
    return xml_text(v) if isinstance(v, str) else v


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def terminal(s: str, *, newlines: bool = True) -> str:
    """`s` as printable text: every control character shown as a visible \\xNN escape.

    Escaping rather than deleting keeps a hostile file name recognisable while nothing of it
    (ESC, OSC title or hyperlink sequences, bidi overrides) can reach the terminal as a command.
    With newlines=False a line break is escaped too, for values printed on one line.
    """
    pattern = _TERMINAL if newlines else _TERMINAL_LINE
    return pattern.sub(_escape, s) if pattern.search(s) else s


def name(s: str) -> str:
    """A file name or path for a one-line message: always escaped, on a terminal or not."""
    return terminal(s, newlines=False)


def is_formula_like(s: str) -> bool:
    return s.startswith(FORMULA_START)


def csv_cell(v: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading ' before = + - @ tab CR (OWASP advice)."""
    if isinstance(v, str):
        v = xml_text(v)
        if is_formula_like(v):
            return "'" + v
    return v
