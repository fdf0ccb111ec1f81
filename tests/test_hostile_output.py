"""Issue #16, text that leaves for a format: control bytes, formulas, terminal escapes (pipeline/sanitize.py)."""

from __future__ import annotations

import csv
import time

import pytest
from hostile import (
    assert_sound,
    catalogue,
    good_corpus,
    normal_run_succeeds,
    sample_variant,
    text,
    vp,
)

from pipeline.sanitize import csv_cell, name, terminal, xml_text

ESC_NAME = b"ctl\x1b]0;pwned\x07\x0b.txt"
FORMULA_NAME = '=HYPERLINK("x","open").txt'


def _poison_tasks(body: str) -> str:
    """Control bytes (ESC sequences, VT, SOH) inside the first task lines, as a hostile author writes."""
    lines = body.split("\n")
    hit = 0
    for i, line in enumerate(lines):
        if line.lstrip().startswith("-") and hit < 5:
            lines[i] = line + " \x1b]8;;http://evil\x07click\x1b]8;;\x07 \x0b\x01 \x1b[2J"
            hit += 1
    return "\n".join(lines)


def test_sanitise_functions():
    assert xml_text("a\x00b\x1bc\x0bd\te\uffff") == "abcd\te"
    assert terminal("x\x1b]0;t\x07y\nz") == "x\\x1b]0;t\\x07y\nz"
    assert name("a\nb\u202ec") == "a\\x0ab\\u202ec"
    assert terminal("\x9b31m") == "\\x9b31m"  # the one-byte CSI
    assert [csv_cell(v) for v in ("=1+1", "+1", "-2", "@x", "\tx", "ok", 5, -3)] == \
        ["'=1+1", "'+1", "'-2", "'@x", "'\tx", "ok", 5, -3]


def test_control_bytes_and_formula_names_publish_everything(tmp_path):
    from lxml import etree
    from openpyxl import load_workbook

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    bad = [sample_variant(corpus, ESC_NAME, 2041, _poison_tasks), sample_variant(corpus, FORMULA_NAME, 2042)]
    r = vp("run", corpus, "--out", out, "-j", "2")
    assert r.returncode == 0, text(r)[-2000:]
    assert b"\x1b" not in r.stderr and b"\x07" not in r.stderr and b"\\x1b]0;pwned" in r.stderr
    assert len(catalogue(out)["documents"]) == 4
    for f in ("graph.graphml", "catalogue.xlsx", "report.html", "tasks.csv"):
        assert (out / f).stat().st_size > 0
    graph = etree.parse(str(out / "graph.graphml"))  # lxml refused control bytes: the run crashed here
    assert "pwned" in etree.tostring(graph, encoding="unicode") and b"\x1b" not in (out / "graph.graphml").read_bytes()

    wb = load_workbook(out / "catalogue.xlsx")
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    names = [c.value for c in wb["Văn bản"]["B"] if isinstance(c.value, str)]  # the files a document was read from
    assert FORMULA_NAME in names and next(c for c in wb["Văn bản"]["B"] if c.value == FORMULA_NAME).quotePrefix
    for table in ("tasks.csv", "targets.csv", "directives.csv"):
        with open(out / table, encoding="utf-8-sig", newline="") as f:
            cells = [v for row in csv.reader(f) for v in row]
        assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")], table
        assert table != "tasks.csv" or any(v.startswith("'=HYPERLINK") for v in cells)

    # a search that hits the poisoned tasks prints no escape byte, on a pipe as on a terminal
    r = vp("search", "click", "--store", out / "vnpolicy.sqlite")
    assert r.returncode == 0 and b"click" in r.stdout and b"\x1b" not in r.stdout + r.stderr, text(r)
    r = vp("status", corpus, "--store", out / "vnpolicy.sqlite")
    assert r.returncode == 0 and b"\x1b" not in r.stdout + r.stderr
    # the next run does not crash either (it did, for good, on every run)
    r = vp("run", corpus, "--out", out, "-j", "2", "--force")
    assert r.returncode == 0, text(r)[-2000:]
    assert_sound(out / "vnpolicy.sqlite", good + bad)
    normal_run_succeeds(corpus, out, good)


def test_watch_survives_a_control_byte_file(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    sample_variant(inbox, ESC_NAME, 2041, _poison_tasks)
    import subprocess

    from hostile import VNPOLICY, env_now

    proc = subprocess.Popen([*VNPOLICY, "watch", str(inbox), "--out", str(out), "--settle", "0.3",
                             "--for", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_now())
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not (out / "catalogue.json").exists():
            time.sleep(0.3)
        late = sample_variant(inbox, "later.txt", 2043)  # an arrival after the hostile file
        while time.monotonic() < deadline:
            if (out / "catalogue.json").exists() and len(catalogue(out)["documents"]) == 2:
                break
            time.sleep(0.3)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err and b"\x1b" not in err, err.decode("utf-8", "replace")[-2000:]
    assert len(catalogue(out)["documents"]) == 2
    assert_sound(out / "vnpolicy.sqlite", [late])
    normal_run_succeeds(inbox, out, [late])


def test_progress_names_are_escaped_on_a_pipe(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    good = good_corpus(corpus, 1)
    sample_variant(corpus, b"\x1b[31mred\x1b[0m\xe2\x80\xaeexe.txt", 2044)  # colour and a bidi override
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report")
    assert r.returncode == 0, text(r)
    assert b"\x1b" not in r.stderr and "\u202e".encode() not in r.stderr and b"\\u202e" in r.stderr
    normal_run_succeeds(corpus, out, good)


@pytest.fixture(autouse=True)
def _no_stray_escape(capfd):
    yield
    captured = capfd.readouterr()
    assert "\x1b]" not in captured.out + captured.err


def test_the_sample_metrics_are_not_formulas(tmp_path):
    """On the sample itself, metric strings such as "=100 %/annual" became broken formulas."""
    from openpyxl import load_workbook

    from pipeline.batch import run_batch
    from pipeline.publish import publish
    from pipeline.store import Store

    corpus = tmp_path / "c"
    good_corpus(corpus, 1)
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        rep = run_batch([corpus], st, workers=1, timeout=0)
        publish(st, tmp_path / "o", rep.version, report=False)
    wb = load_workbook(tmp_path / "o" / "catalogue.xlsx")
    looks = [c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert looks and all(c.data_type == "s" and c.quotePrefix for c in looks)
