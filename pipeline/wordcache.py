"""Word sets derived from underthesea's Viet74K list, kept between runs in a user cache file.

Reading and splitting the 74,000-line list costs 0.15-0.5 s, more than extracting a document,
and a command pays it on every start. The derived sets are written once with `marshal` (fast to
load, no code runs on load) under $XDG_CACHE_HOME/vnpolicy (default ~/.cache/vnpolicy), in a file
named by the list's size and time and the text of the module that derives them, so a changed
list or changed rules make a new file. A cache that cannot be read or written is only slower.

A set of words is stored as one newline-joined string: marshal then reads one string and
`str.split` makes the words, 11 ms for the glue sets against 38 ms for marshal reading 58,000
strings one by one (a fresh process, where every `extract` pays it).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cached(name: str, source: Path, module_file: str, build: Callable[[], Any]) -> Any:
    """`build()`, or what it returned last time for the same source list and module text."""
    import hashlib

    try:
        st = source.stat()
        h = hashlib.sha256(f"{source}:{st.st_size}:{st.st_mtime_ns}".encode())
        h.update(Path(module_file).read_bytes())
        h.update(Path(__file__).read_bytes())  # the stored form is this module's
        path = cache_dir() / f"{name}-{h.hexdigest()[:16]}.marshal"
    except OSError:
        return build()
    try:
        with open(path, "rb") as f:
            return _unpack(marshal.load(f))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(_pack(value)))
        os.replace(tmp, path)  # whole or not at all: another process may be reading it
    except (OSError, ValueError):
        pass
    return value


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/vnpolicy, default ~/.cache/vnpolicy (RuntimeError when there is no home)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vnpolicy"


def _pack(value: Any) -> Any:
    if isinstance(value, tuple):
        return ("tuple", tuple(_pack(v) for v in value))
    if isinstance(value, frozenset) and all(isinstance(w, str) and "\n" not in w for w in value):
        return ("words", "\n".join(sorted(value)))
    return ("value", value)


def _unpack(stored: Any) -> Any:
    kind, body = stored
    if kind == "tuple":
        return tuple(_unpack(v) for v in body)
    if kind == "words":
        return frozenset(body.split("\n")) if body else frozenset()
    if kind == "value":
        return body
    raise ValueError(f"unknown stored form {kind!r}")
