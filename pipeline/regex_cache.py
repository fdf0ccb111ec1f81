"""vnpolicy's compiled regular expressions kept between runs, as .pyc files keep its bytecode.

A start of `vnpolicy extract` compiles some 230 of vnpolicy's patterns (module constants, and the
alternations built from its word lists and registry on first use): about 40 ms of a 0.25 s run,
more than the extraction itself (#15). `re` turns a pattern into sre code, a list of integers that
depends only on the pattern's text, its flags and the Python build, and ends with
`_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`. The command's entry point
calls `install()`: from then on a pattern whose parts are in the user cache file (next to the
word sets, see wordcache.py; one file per Python build) is made by that last call alone, without
parsing; the others compile as before and their parts are written at exit.

An entry is kept only when the pattern rebuilt from it equals the one `re` compiled (same code,
flags, groups and group names), and only for patterns vnpolicy's code asks for: a library's own
patterns (some built from sets, different in every process) compile as before. Patterns built from
a document's text (the variants of a citation id, the phrases alignment looks for) are never
written: `_FROM_DOCUMENTS` lists the modules that build them. A file that cannot be read or
written, another Python, or a change in `re`'s internals (an entry would not rebuild equal) only
means the patterns compile as before. CPython only.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from array import array
from importlib import import_module
from pathlib import Path
from typing import Any

# modules whose patterns carry a document's text: compiled every time, never written to the cache
_FROM_DOCUMENTS = ("pipeline.cite.variants", "pipeline.cite.words", "pipeline.align")
_FORMAT = 1  # of an entry: (flags, code as bytes, groups, groupindex, indexgroup); bump when it changes
_MAX_ENTRIES = 2000  # past this, a write keeps what this process used and added (old versions' go)
_state: dict[str, Any] = {}


def install() -> None:
    """Serve vnpolicy's patterns from the cache file from now on in this process (idempotent)."""
    if _state or sys.implementation.name != "cpython":
        return
    try:  # re's internals, by name: what they are is checked entry by entry (_parts)
        _sre: Any = import_module("_sre")
        _compiler: Any = import_module("re._compiler")
        _parser: Any = import_module("re._parser")
    except ImportError:
        return
    if array("I").itemsize != _sre.CODESIZE or not hasattr(_compiler, "_code"):
        return
    path = _path(_sre)
    stored: dict = {}
    if path is not None:
        try:
            with open(path, "rb") as f:
                loaded = marshal.load(f)
            if isinstance(loaded, dict):
                stored = loaded
        except (OSError, ValueError, EOFError, TypeError):
            pass
    used: set = set()
    added: dict = {}
    compile_ = _compiler.compile

    def cached_compile(p: Any, flags: int = 0) -> Any:
        key = (p, flags)
        parts = stored.get(key) if isinstance(p, str) else None
        if parts is not None:
            used.add(key)
            return _sre.compile(p, parts[0], array("I", parts[1]).tolist(), *parts[2:])
        pattern = compile_(p, flags)
        if isinstance(p, str) and not flags & _DEBUG and _asked_by_vnpolicy():
            kept = _parts(_sre, _compiler, _parser, p, flags, pattern)
            if kept is not None:
                added[key] = kept
        return pattern

    _state.update(path=path, stored=stored, used=used, added=added, compile=compile_, module=_compiler)
    _compiler.compile = cached_compile
    atexit.register(save)


def uninstall() -> None:
    """`re` compiles as before (tests)."""
    if _state:
        _state["module"].compile = _state["compile"]
        atexit.unregister(save)
        _state.clear()


_DEBUG = 128  # re.DEBUG: a pattern compiled to print its code is not kept


def _asked_by_vnpolicy() -> bool:
    # the first frame outside `re` and this module is the caller (re.search ... -> re._compile -> here)
    f: Any = sys._getframe(1)
    while f is not None and (f.f_globals.get("__name__", "").partition(".")[0] == "re"
                             or f.f_globals.get("__name__") == __name__):
        f = f.f_back
    name = f.f_globals.get("__name__", "") if f is not None else ""
    return name.startswith("pipeline.") and not name.startswith(_FROM_DOCUMENTS)


def _parts(_sre: Any, _compiler: Any, _parser: Any, p: str, flags: int, pattern: Any) -> tuple | None:
    """What re._compiler.compile hands _sre.compile, if rebuilding from it gives `pattern` back."""
    try:
        tree = _parser.parse(p, flags)
        code = [int(c) for c in _compiler._code(tree, flags)]
        groupindex = {str(k): int(v) for k, v in tree.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * tree.state.groups
        for k, i in groupindex.items():
            indexgroup[i] = k
        parts = (int(flags | tree.state.flags), array("I", code).tobytes(), int(tree.state.groups - 1),
                 groupindex, tuple(indexgroup))
        again = _sre.compile(p, parts[0], code, *parts[2:])
    except Exception:  # noqa: BLE001 (re's internals changed: this pattern is simply not kept)
        return None
    same = again == pattern and again.groups == pattern.groups and again.groupindex == pattern.groupindex
    return parts if same else None


def save() -> None:
    """Write what this process compiled anew (at exit); nothing when every pattern came from the file."""
    if not _state or not _state["added"] or _state["path"] is None:
        return
    stored, used, added = _state["stored"], _state["used"], _state["added"]
    if len(stored) + len(added) > _MAX_ENTRIES:
        stored = {k: stored[k] for k in used}
    path: Path = _state["path"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps({**stored, **added}))
        os.replace(tmp, path)  # whole or not at all: another process may be reading it
    except (OSError, ValueError):
        return
    stored.update(added)
    _state["stored"] = stored
    added.clear()


def _path(_sre: Any) -> Path | None:
    from .wordcache import cache_dir

    try:  # sre code is made by re's Python code for this version and run by this _sre (MAGIC)
        tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}-{_FORMAT}"
        return cache_dir() / f"regex-{tag}.marshal"
    except RuntimeError:  # no home folder
        return None
