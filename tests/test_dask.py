"""`--executor dask`: a local cluster of 2 workers gives the same catalogue as the process pool."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNPOLICY = Path(sys.executable).parent / "vnpolicy"
SAMPLES = [ROOT / "corpus" / f"000_a9ef7522b32975cc.{e}" for e in ("txt", "docx", "pdf")]

pytest.importorskip("dask.distributed")


def catalogue(out: Path) -> dict:
    cat = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    cat.pop("generated_at", None)
    return cat


@pytest.mark.skipif(not VNPOLICY.exists(), reason="vnpolicy is not installed in the venv")
def test_dask_local_cluster_matches_local_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for s in SAMPLES:
        if s.exists():
            shutil.copy(s, corpus)
    (corpus / "empty.txt").write_bytes(b"")  # a failure travels back from a Dask worker too
    outs = {}
    for executor in ("local", "dask"):
        out = tmp_path / executor
        r = subprocess.run([str(VNPOLICY), "run", str(corpus), "--out", str(out), "-j", "2", "--executor", executor,
                            "--no-report"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr[-2000:]
        assert "empty.txt" in r.stderr
        outs[executor] = catalogue(out)
    assert len(outs["dask"]["documents"]) == len([s for s in SAMPLES if s.exists()])
    assert outs["dask"] == outs["local"]
