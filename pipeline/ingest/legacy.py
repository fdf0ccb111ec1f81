"""Legacy Vietnamese byte encodings (TCVN3/ABC and VNI) to Unicode.

Placeholder contract: `convert(data)` returns (text, encoding name) when the bytes are one of
the legacy encodings, else None.
"""

from __future__ import annotations


def convert(data: bytes) -> tuple[str, str] | None:
    return None
