"""trace, search and show on a plain command line run without typer (cli_plain) and print what typer's
commands print: the same bytes, the same exit codes; any other command line goes to typer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The four real documents of test_graph, their alignments as rows (a published store)."""
    from test_graph import corpus

    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    exts, reps = corpus()
    known = {(r.child.sha256, r.parent.sha256): r for r in reps}
    path = tmp_path_factory.mktemp("plain") / "s.sqlite"
    with Store(path, writer=True) as st:
        for e in exts:
            st.put(e.source["path"], 1, 1, "test", e)
        update_alignments(st, st.current_shas(), "test", align=lambda c, p: known[(c.document, p.document)])
    return str(path)


def test_the_plain_table_is_typers_commands():
    import typer.main

    from pipeline import cli_plain
    from pipeline.cli import app

    group = typer.main.get_command(app)
    for name, options in cli_plain.COMMANDS.items():
        cmd = group.commands[name]  # type: ignore[attr-defined]
        defaults = cli_plain.defaults(name)
        opts = {p.opts[0]: p for p in cmd.params if p.param_type_name == "option"}
        args = [p for p in cmd.params if p.param_type_name == "argument"]
        assert set(opts) == set(options), name
        assert [a.name for a in args] == [cli_plain.ARGUMENT[name]]
        for opt, (param, kind) in options.items():
            p = opts[opt]
            assert p.name == param and p.opts == [opt] and not p.secondary_opts, (name, opt)
            assert p.is_flag == (kind == "flag"), (name, opt)
            assert p.default == defaults[param], (name, opt)
            assert p.type_descriptor.annotation is {"flag": bool, "int": int, "path": Path, "str": str}[kind]


@pytest.mark.parametrize("args, plain", [
    (["trace", "57-NQ/TW"], True),
    (["trace", "--all", "57-NQ/TW", "--depth=2", "--store", "s"], True),
    (["search", "chuyển đổi số", "--limit", "05"], True),
    (["show", "03/NQ-CP", "--lang", "en", "--all"], True),
    (["trace", "57-NQ/TW", "--help"], False),
    (["trace", "57-NQ/TW", "--depth", "-1"], False),
    (["trace", "57-NQ/TW", "--depth", "2.0"], False),
    (["trace", "57-NQ/TW", "--json=1"], False),
    (["trace", "57-NQ/TW", "--no-json"], False),
    (["trace", "57-NQ/TW", "--store"], False),
    (["trace", "--", "57-NQ/TW"], False),
    (["trace", "a", "b"], False),
    (["trace", ""], False),
    (["search", "\udcff"], False),
    (["align", "03/NQ-CP"], False),
    (["--registry", "r", "trace", "57-NQ/TW"], False),
])
def test_plain_command_lines_and_the_others(args, plain):
    from pipeline import cli_plain

    assert (cli_plain.parse(args) is not None) == plain


LINES = [["trace", "57-NQ/TW"], ["trace", "57-NQ/TW", "--json", "--depth", "1"], ["trace", "57-NQ/TW", "--all"],
         ["trace", "57-NQ/TW", "--lang", "xx"], ["trace", "999-XX/YY"], ["search", "chuyển đổi số", "--limit", "3"],
         ["search", "chuyen doi so", "--lang", "en"], ["search", "kinh tế", "--limit", "0"], ["show", "03/NQ-CP"],
         ["show", "57-NQ/TW", "--all", "--lang", "en"], ["show", "nothing-here"]]


def test_plain_and_typer_print_the_same_bytes(store, tmp_path):
    """Each line run as `python -m pipeline` (plain) and through typer's app (cli.main), in processes."""
    typer_code = "import sys; from pipeline.cli import main; sys.exit(main(sys.argv[1:]))"
    check = ("import runpy, sys; sys.argv = ['vnpolicy', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('pipeline', run_name='__main__')\n"
             "finally:\n    assert not {'typer', 'pydantic'} & set(sys.modules), 'typer or pydantic loaded'\n")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    missing = str(tmp_path / "none.sqlite")
    for args in [*LINES, ["trace", "57-NQ/TW", "--store", missing]]:
        full = [*args, "--store", store] if "--store" not in args else args
        a = subprocess.run([sys.executable, "-c", typer_code, *full], capture_output=True, env=env, cwd=ROOT)
        code = check if args[0] != "show" else "import runpy, sys; sys.argv = ['vnpolicy', *sys.argv[1:]]\n" \
            "runpy.run_module('pipeline', run_name='__main__')\n"  # show names known directives: the registry
        b = subprocess.run([sys.executable, "-c", code, *full], capture_output=True, env=env, cwd=ROOT)
        assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr), args
        assert a.stdout or a.stderr
