"""Shared by the hostile-input tests (issue #16): run the CLI, and check the store after each case.

After every case the store must pass PRAGMA integrity_check, hold every good document exactly
once (files, documents, full-text rows, mentions), and a normal run afterwards must succeed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
VNPOLICY = [sys.executable, "-m", "pipeline"]  # the command end to end, whether or not the script is installed


def env_now() -> dict[str, str]:
    """The environment as it is at the call: a test may put a stand-in program first on PATH."""
    return dict(os.environ, PYTHONPATH=str(ROOT))


def vp(*args: str | bytes | Path, cwd: Path | None = None, timeout: float = 300,
       preexec=None) -> subprocess.CompletedProcess:
    """The CLI as a user runs it; stdout and stderr as bytes (they are checked for escape bytes)."""
    argv = [os.fsencode(a) if not isinstance(a, bytes) else a for a in args]
    return subprocess.run([*map(os.fsencode, VNPOLICY), *argv], capture_output=True, timeout=timeout, cwd=cwd,
                          env=env_now(), preexec_fn=preexec)


def text(r: subprocess.CompletedProcess) -> str:
    return (r.stdout + r.stderr).decode("utf-8", "replace")


def one_line_error(r: subprocess.CompletedProcess, code: int, words: str) -> None:
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == code, (r.returncode, text(r)[-1500:])
    assert "Traceback" not in err, err[-1500:]
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and words in lines[0], err[-1500:]


def sample_variant(folder: Path, name: str | bytes, year: int = 2031, transform=None) -> Path:
    """The sample with its years changed, so each variant is a distinct document."""
    folder.mkdir(parents=True, exist_ok=True)
    body = SAMPLE.read_text(encoding="utf-8").replace("2030", str(year))
    if transform:
        body = transform(body)
    p = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    p.write_bytes(body.encode("utf-8"))
    return p


def good_corpus(folder: Path, n: int = 2) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / SAMPLE.name]
    shutil.copy(SAMPLE, files[0])
    files += [sample_variant(folder, f"variant_{i}.txt", 2031 + i) for i in range(n - 1)]
    return files


def assert_sound(store: Path, good: list[Path]) -> None:
    """Integrity, and each good document once in every table that holds it."""
    db = sqlite3.connect(store)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        files = {p: (sha, status) for p, sha, status in db.execute("SELECT path, sha256, status FROM files")}
        for g in good:
            rows = [v for p, v in files.items() if Path(p).name == g.name]
            assert len(rows) == 1 and rows[0][1] == "ok", (g.name, rows)
        shas = {sha for sha, status in files.values() if status == "ok"}
        assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(shas)
        assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == len(shas)
        fts, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT doc || item || kind) FROM items_fts").fetchone()
        items = db.execute("SELECT (SELECT COUNT(*) FROM tasks) + (SELECT COUNT(*) FROM targets)").fetchone()[0]
        assert fts == distinct == items, (fts, distinct, items)
        m, md = db.execute("SELECT COUNT(*), COUNT(DISTINCT doc || directive || block || start || \"end\") "
                           "FROM mentions").fetchone()
        assert m == md
    finally:
        db.close()


def catalogue(out: Path) -> dict:
    return json.loads((out / "catalogue.json").read_text(encoding="utf-8"))


def normal_run_succeeds(corpus: Path, out: Path, good: list[Path], *extra: str) -> None:
    """After a case: the bad files gone, a plain run exits 0 and catalogues exactly the good documents."""
    keep = {g.name for g in good}
    for p in corpus.iterdir():
        if p.name not in keep:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", *extra)
    assert r.returncode == 0, text(r)[-2000:]
    assert sorted(Path(p).name for d in catalogue(out)["documents"] for p in d["paths"]) == sorted(keep)
    assert_sound(out / "vnpolicy.sqlite", good)
