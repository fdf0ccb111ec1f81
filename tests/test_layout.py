"""House rules that keep the codebase readable, checked rather than hoped for."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "pipeline").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500


@pytest.mark.parametrize("path", [p for p in MODULES if not p.name.startswith(("cli", "__main__"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_library_never_imports_the_cli(path):
    # dependencies point down: cli -> stages -> model; a stage importing the CLI would invert that
    assert not re.search(r"^\s*from \.+cli\w* import|^\s*import pipeline\.cli", path.read_text(encoding="utf-8"), re.M)


def test_every_command_is_in_the_readme():
    from typer.main import get_command

    from pipeline.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = sorted(get_command(app).commands)
    assert len(commands) >= 11
    missing = [c for c in commands if f"vnpolicy {c}" not in readme]
    assert not missing


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in readme
