import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# every record is validated as it is made, in this process and the commands it starts (pipeline/model.py):
# a stage that builds a record with a value not of its field's type fails its tests
os.environ.setdefault("VNPOLICY_CHECK_RECORDS", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


@pytest.fixture(scope="session")
def sample_txt() -> Path:
    return SAMPLE


@dataclass
class Ran:
    """What a command printed and returned, shaped like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: object) -> Ran:
    """`vnpolicy ARGS...` in-process through the command's entry point, pipeline.cli_entry.main (no
    interpreter start-up per call)."""
    from pipeline.cli_entry import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def vp():
    """The CLI, in-process: vp("run", corpus, "--out", out) -> Ran(returncode, stdout, stderr)."""
    return run_cli
