"""`vnpolicy run` / `status` as a user runs them: exit codes, --force, status (in-process through
main()), and SIGKILL at any moment (the one end-to-end test here: `python -m pipeline` in a process)."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNPOLICY = [sys.executable, "-m", "pipeline"]
SAMPLES = [ROOT / "corpus" / f"000_a9ef7522b32975cc.{e}" for e in ("txt", "docx", "pdf")]


def make_corpus(folder: Path, extra_txt: int = 0, samples: list[Path] = SAMPLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for s in samples:
        shutil.copy(s, folder)
    text = SAMPLES[0].read_text(encoding="utf-8")
    for i in range(extra_txt):  # variants of the sample: distinct content, realistic size
        (folder / f"variant_{i:02d}.txt").write_text(text.replace("2030", str(2031 + i)), encoding="utf-8")
    return folder


def catalogue_docs(out: Path) -> int:
    return len(json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["documents"])


def test_exit_codes_force_and_status(tmp_path, vp):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 0, r.stderr
    n = len(list(corpus.iterdir()))
    assert catalogue_docs(out) == n

    # unchanged: nothing processed, still 0
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 0 and f"0 ok, {n} skipped" in r.stderr, r.stderr

    # --force: everything again
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--force")
    assert r.returncode == 0 and f"{n} ok, 0 skipped" in r.stderr, r.stderr

    # a bad file: 1, named with its reason, no traceback; the good ones stay catalogued
    (corpus / "empty.txt").write_bytes(b"")
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 1 and "empty.txt" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert catalogue_docs(out) == n

    # status: what the store holds, and what is new, changed or failed
    (corpus / "new.txt").write_text("KẾ HOẠCH\nI. NHIỆM VỤ\n- Sở Nội vụ chủ trì rà soát.\n", encoding="utf-8")
    txt = corpus / SAMPLES[0].name
    txt.chmod(0o644)
    txt.write_text(txt.read_text(encoding="utf-8") + "\nBổ sung.\n", encoding="utf-8")
    r = vp("status", corpus, "--store", out / "vnpolicy.sqlite")
    assert r.returncode == 0, r.stderr
    states = {line.split("\t")[1].split()[0].rsplit("/", 1)[-1]: line.split("\t")[0]
              for line in r.stdout.splitlines()}
    assert states["new.txt"] == "mới" and states[txt.name] == "đã đổi" and states["empty.txt"] == "lỗi"
    assert states["000_a9ef7522b32975cc.docx"] == "đã đọc"
    r = vp("status", "--store", out / "vnpolicy.sqlite")  # no folder: the store's content
    assert r.returncode == 0 and "empty.txt" in r.stdout and "new.txt" not in r.stdout


def test_usage_errors_exit_2(tmp_path, vp):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    for args in ([tmp_path / "nowhere"], [corpus, "--executor", "bogus"], [], [corpus, "--workers", "many"]):
        r = vp("run", *args, "--out", out)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (args, r.stderr[-500:])
    r = vp("watch", tmp_path / "nowhere", "--out", out)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_store_not_a_database_is_exit_12(tmp_path, vp):
    corpus = make_corpus(tmp_path / "corpus")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not sqlite at all" * 200)
    r = vp("run", corpus, "--out", tmp_path / "out", "--store", bad)
    assert r.returncode == 12 and "Traceback" not in r.stderr and "bad.sqlite" in r.stderr, r.stderr


def _valid_outputs(out: Path, store: Path) -> int:
    """The catalogue parses (if any), the store opens and answers; returns the catalogue's documents."""
    docs = -1
    if (out / "catalogue.json").exists():
        docs = catalogue_docs(out)
    if store.exists():
        db = sqlite3.connect(store)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("SELECT COUNT(*) FROM files").fetchone()
        db.close()
    return docs


def _run_and_kill(corpus: Path, out: Path, delay: float, *extra: str) -> bool:
    """Start a run, SIGKILL it and its workers after `delay` s (like a power cut); True if it ended first."""
    proc = subprocess.Popen([*VNPOLICY, "run", str(corpus), "--out", str(out), "-j", "2", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return finished


def _vp_process(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([*VNPOLICY, *map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_a_usable_state(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", extra_txt=6)
    out = tmp_path / "out"
    store = out / "vnpolicy.sqlite"
    n = len(list(corpus.iterdir()))
    rounds = []
    # killed during the first run: no catalogue yet, the store opens and keeps what was committed
    for delay in (0.5, 1.2):
        done = _run_and_kill(corpus, out, delay)
        rounds.append(f"first run {delay}s:{'done' if done else 'killed'}:{_valid_outputs(out, store)}")
    t0 = time.perf_counter()
    r = _vp_process("run", corpus, "--out", out, "-j", "2", "--force")  # the next run completes the work
    full = time.perf_counter() - t0
    assert r.returncode == 0, r.stderr
    assert catalogue_docs(out) == n
    # killed while re-processing and while publishing (the end of a run): the previous catalogue stays whole
    for frac in (0.4, 0.75, 0.9, 0.97):
        delay = round(frac * full, 2)
        done = _run_and_kill(corpus, out, delay, "--force")
        docs = _valid_outputs(out, store)
        assert docs == n, f"catalogue has {docs} documents after a kill at {delay} s"
        rounds.append(f"--force {delay}s:{'done' if done else 'killed'}:{docs}")
    print(f"\nkill rounds (a full run takes {full:.1f} s):", ", ".join(rounds))
    r = _vp_process("run", corpus, "--out", out, "-j", "2")
    assert r.returncode == 0, r.stderr
    assert catalogue_docs(out) == n
    db = sqlite3.connect(store)
    assert db.execute("SELECT COUNT(*) FROM files WHERE status='ok'").fetchone()[0] == n
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n
    db.close()


def test_a_run_after_no_report_writes_the_report(tmp_path, vp):
    """Nothing changed since a --no-report run, but this run asks for the report: it is written, once."""
    corpus = make_corpus(tmp_path / "corpus", samples=SAMPLES[:1])
    out = tmp_path / "out"
    assert vp("run", corpus, "--out", out, "--no-report").returncode == 0
    assert not (out / "report.html").exists()
    r = vp("run", corpus, "--out", out)
    assert r.returncode == 0, r.stderr
    assert "57-NQ/TW" in (out / "report.html").read_text(encoding="utf-8")
    stamp = (out / "report.html").stat().st_mtime_ns
    assert vp("run", corpus, "--out", out).returncode == 0  # now current: not made again
    assert vp("run", corpus, "--out", out, "--no-report").returncode == 0  # the report stays, still current
    assert (out / "report.html").stat().st_mtime_ns == stamp


def test_an_empty_name_is_not_found_not_a_traceback(tmp_path, vp):
    """A store made by `run` answers from its index rows (StoreGraph): an empty name is "not found"."""
    corpus = make_corpus(tmp_path / "corpus", samples=SAMPLES[:1])
    out = tmp_path / "out"
    assert vp("run", corpus, "--out", out, "--no-report").returncode == 0
    for cmd in ("align", "trace", "show"):
        r = vp(cmd, "", "--store", out / "vnpolicy.sqlite")
        assert r.returncode == 15 and "no such directive, document or item" in r.stderr, (cmd, r.stderr)
        assert "Traceback" not in r.stderr
