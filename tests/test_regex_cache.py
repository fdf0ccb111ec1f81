"""Compiled patterns kept between runs (pipeline/regex_cache.py): a pattern served from the file is
the pattern `re` compiles, only vnpolicy's own patterns are kept, never one built from a document."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import regex_cache

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
PATTERNS = [
    (r"(?P<num>\d{1,5})[-–](?P<kind>[A-ZĐ]{1,5})/(?P<iss>[A-ZĐ]{2,8})", 0),
    (r"(?<!\w)(?:chương trình hành động|nghị quyết|quyết định)(?!\w)", re.I),
    (r"^\s*(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s", re.M),
    (r"(a)(b)?(?P<c>c)\2", 0),
    ("[Õõ]ng|đ[ươ]", 0),
]
TEXTS = ["Nghị quyết số 57-NQ/TW và Quyết định 749/QĐ-TTg", "  III. Nhiệm vụ\n a) rõ ràng", "abcb ac abc", "Ông đường"]


def _compile_as(module: str, pattern: str, flags: int):
    scope = {"__name__": module, "re": re, "p": pattern, "f": flags}
    exec("out = re.compile(p, f)", scope)  # noqa: S102 (a caller that looks like a vnpolicy module)
    return scope["out"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    regex_cache.uninstall()
    re.purge()
    yield tmp_path / "vnpolicy"
    regex_cache.uninstall()
    re.purge()


def test_a_pattern_from_the_file_is_the_pattern_re_compiles(cache):
    regex_cache.install()
    first = [_compile_as("pipeline.segment.fake", p, f) for p, f in PATTERNS]
    regex_cache.save()
    regex_cache.uninstall()
    files = list(cache.glob("regex-*.marshal"))
    assert len(files) == 1
    assert len(marshal.loads(files[0].read_bytes())) == len(PATTERNS)
    re.purge()
    regex_cache.install()
    again = [_compile_as("pipeline.segment.fake", p, f) for p, f in PATTERNS]
    assert regex_cache._state["used"] == {(p, f) for p, f in PATTERNS}  # every one came from the file
    assert not regex_cache._state["added"]
    for a, b, (p, f) in zip(first, again, PATTERNS, strict=True):
        assert a == b and a is not b
        assert (b.pattern, b.flags, b.groups, dict(b.groupindex)) == (p, re.compile(p, f).flags, a.groups,
                                                                         dict(a.groupindex))
        for t in TEXTS:
            assert [m.groups() + (m.span(),) for m in a.finditer(t)] == [m.groups() + (m.span(),)
                                                                          for m in b.finditer(t)]


def test_only_vnpolicy_patterns_not_built_from_documents_are_kept(cache):
    regex_cache.install()
    _compile_as("textwrap", r"\s+x", 0)
    _compile_as("pipeline.cite.variants", r"(?<![\w./-])01[.\-]2026/TT\-BCT(?![\w/])", 0)
    _compile_as("pipeline.align.qualitative", r"(?<!\w)chuyển đổi số(?!\w)", re.I)
    _compile_as("pipeline.cite.find", r"\s+kept", 0)
    assert set(regex_cache._state["added"]) == {(r"\s+kept", 0)}


def test_an_unreadable_file_only_means_compiling(cache):
    cache.mkdir(parents=True)
    regex_cache.install()
    path = regex_cache._state["path"]
    regex_cache.uninstall()
    path.write_bytes(b"\x00not marshal")
    regex_cache.install()
    p, f = PATTERNS[0]
    assert _compile_as("pipeline.x", p, f) == re.compile(p, f)
    regex_cache.save()
    assert marshal.loads(path.read_bytes()).keys() == {(p, f)}


def _extract(xdg: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(xdg), "PYTHONHASHSEED": seed}
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(SAMPLE)], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=300, check=True)
    return r.stdout


def test_a_second_run_takes_every_pattern_from_the_file(tmp_path):
    out = _extract(tmp_path, "1")
    path, = (tmp_path / "vnpolicy").glob("regex-*.marshal")
    stamp = path.stat().st_mtime_ns
    kept = marshal.loads(path.read_bytes())
    assert len(kept) > 100
    # another hash seed: a pattern joined from a set in set order would differ, miss and be written again
    assert _extract(tmp_path, "2") == out
    assert path.stat().st_mtime_ns == stamp
    # nothing the document says is in the file: no pattern holds a directive id it cites
    ids = {d["id"] for d in json.loads(out)["directives"]}
    numbers = {i.split("/")[0] for i in ids if i[:1].isdigit() and "/" in i}
    assert numbers and not [p for p, _ in kept if any(n in p for n in numbers)]
