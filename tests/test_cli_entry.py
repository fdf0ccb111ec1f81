"""`vnpolicy extract FILE` without typer (cli_entry) is the typer command's twin: same bytes, same exit codes."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli, cli_entry

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc"
REAL = ROOT / "tests" / "data" / "real"


def _run(main, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def _bad_files(d: Path) -> list[Path]:
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_text("   \n\n", encoding="utf-8")
    (d / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (d / "odd\x1b[31mname.txt").write_bytes(b"\xff\xfe\x00garbage")
    (d / "folder.txt").mkdir()
    return [*sorted(d.iterdir()), d / "missing.txt", d]


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_the_sample_prints_the_same_record(suffix):
    fast = _run(cli_entry.main, ["extract", str(SAMPLE.with_suffix(suffix))])
    assert fast == _run(cli.main, ["extract", str(SAMPLE.with_suffix(suffix))])
    assert fast[0] == 0 and fast[1].startswith("{") and '"tasks"' in fast[1]


def test_real_documents_print_the_same_record():
    files = sorted(p for p in REAL.iterdir() if p.suffix in (".md", ".txt", ".docx"))[:4]
    assert files
    for f in files:
        assert _run(cli_entry.main, ["extract", str(f)]) == _run(cli.main, ["extract", str(f)]), f


def test_bad_input_gives_the_same_line_and_exit_code(tmp_path):
    codes = set()
    for f in _bad_files(tmp_path):
        fast = _run(cli_entry.main, ["extract", str(f)])
        assert fast == _run(cli.main, ["extract", str(f)]), f
        codes.add(fast[0])
        if fast[0]:
            assert fast[1] == "" and fast[2].startswith("error: ") and fast[2].count("\n") == 1
    assert len(codes - {0}) >= 2  # several kinds of refusal, not one code for all


@pytest.mark.parametrize("args", [["extract"], ["extract", "--help"], ["extract", "-h"], ["extract", "--", "x"],
                                  ["extract", ""], ["extract", "a.txt", "b.txt"], ["--help"], [],
                                  ["extract", "--registry", "x", "a.txt"], ["ingest", "x.txt"]])
def test_other_command_lines_go_to_typer(args):
    assert not cli_entry.plain_extract(args)
    assert _run(cli_entry.main, args) == _run(cli.main, args)


def test_plain_extract_is_recognised():
    assert cli_entry.plain_extract(["extract", "a.txt"])
    assert cli_entry.plain_extract(["extract", "thư mục/kế hoạch.docx"])


def _subprocess(code: str, *args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, **kw)


def test_the_fast_path_does_not_load_typer_or_click():
    r = _subprocess("import sys; from pipeline.cli_entry import main; c = main();"
                    "print([m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich')], c,"
                    " file=sys.stderr)", "extract", str(SAMPLE.with_suffix(".txt")),
                    capture_output=True, text=True, timeout=120)
    assert r.stderr.strip() == "[] 0"


def test_a_closed_pipe_ends_both_paths_alike():
    # the record (160 KB) is more than a pipe holds: the write fails once the reader has gone
    got = []
    for mod in ("cli", "cli_entry"):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        p = subprocess.Popen([sys.executable, "-c", f"import sys; from pipeline.{mod} import main; sys.exit(main())",
                              "extract", str(SAMPLE.with_suffix(".txt"))], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read()
        got.append((p.wait(timeout=120), err))
    assert got[0] == got[1]
    assert got[0][0] == 1


def test_only_the_process_own_command_freezes_the_imports():
    # main() as the console script runs it (argv None) freezes the imported objects; main(argv), as the
    # tests and other Python callers use it, leaves the collector as it was
    got = []
    for call in ("main()", "main(sys.argv[1:])"):
        code = ("import gc, io, contextlib, sys; from pipeline.cli_entry import main\n"
                f"with contextlib.redirect_stdout(io.StringIO()): c = {call}\n"
                "print(c, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)")
        r = _subprocess(code, "extract", str(SAMPLE.with_suffix(".txt")), capture_output=True, text=True,
                        timeout=120)
        got.append(r.stderr.strip())
    assert got == ["0 True True", "0 True False"]
