"""`--executor dask`: a local cluster of 2 workers gives the same catalogue as the process pool."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import dask.distributed  # noqa: F401 - a dev dependency: missing, this fails loudly
import pytest

ROOT = Path(__file__).resolve().parents[1]
VNPOLICY = [sys.executable, "-m", "pipeline"]  # a process of its own: the Dask cluster lives and dies with it
SAMPLES = [ROOT / "corpus" / f"000_a9ef7522b32975cc.{e}" for e in ("txt", "docx", "pdf")]


def catalogue(out: Path) -> dict:
    cat = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    cat.pop("generated_at", None)
    return cat


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for s in SAMPLES:
        shutil.copy(s, corpus)
    (corpus / "empty.txt").write_bytes(b"")  # a failure travels back from a Dask worker too
    outs = {}
    for executor in ("local", "dask"):
        out = tmp_path / executor
        r = subprocess.run([*VNPOLICY, "run", str(corpus), "--out", str(out), "-j", "2", "--executor", executor,
                            "--no-report"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr[-2000:]
        assert "empty.txt" in r.stderr
        outs[executor] = catalogue(out)
    assert len(outs["dask"]["documents"]) == len(SAMPLES)
    assert outs["dask"] == outs["local"]


@pytest.mark.slow
def test_dask_workers_keep_the_per_file_time_limit(tmp_path):
    """A file that hangs fails alone with the local run's reason; the other files are read."""
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLES[0], corpus)
    shutil.copy(ROOT / "tests" / "data" / "bad" / "legacy.doc", corpus / "slow.doc")
    bin_dir = tmp_path / "bin"  # a converter that hangs, first on PATH (LibreOffice is too quick to time out)
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text("#!/bin/sh\nsleep 120\n")
    (bin_dir / "soffice").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "out"
    r = subprocess.run([*VNPOLICY, "run", str(corpus), "--out", str(out), "-j", "2", "--executor", "dask",
                        "--timeout", "2", "--no-report"], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "slow.doc: took longer than the 2 s limit per file" in r.stderr, r.stderr[-2000:]
    assert len(catalogue(out)["documents"]) == 1
