"""`vnpolicy watch`: files dropped into a folder reach the store once they stop growing."""

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import pipeline.extract  # noqa: F401 - imported before the pool forks
from pipeline.watch import watch_folder

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
VNPOLICY = Path(sys.executable).parent / "vnpolicy"
DOC = "KẾ HOẠCH\nI. NHIỆM VỤ, GIẢI PHÁP\n- Sở Nội vụ chủ trì rà soát bộ máy số {n}, hoàn thành năm 2026.\n"


def store_rows(path: Path) -> dict[str, tuple[str, str | None]]:
    db = sqlite3.connect(path)
    rows = {Path(p).name: (s, r) for p, s, r in db.execute("SELECT path, status, reason FROM files")}
    db.close()
    return rows


def wait_for(cond, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.2)
    return cond()


def test_watch_folder_takes_files_once_they_stop_growing(tmp_path):
    import pipeline.cite  # noqa: F401
    import pipeline.segment  # noqa: F401

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "already.txt").write_text(DOC.format(n=0), encoding="utf-8")
    store = out / "vnpolicy.sqlite"
    lines: list[str] = []
    t = threading.Thread(target=watch_folder, args=(inbox, out, store),
                         kwargs={"settle": 0.5, "duration": 7.0, "echo": lines.append}, daemon=True)
    t.start()
    assert wait_for(lambda: store.exists() and "already.txt" in store_rows(store), 6)

    # a file written slowly, in pieces: taken only once complete
    text = SAMPLE.read_text(encoding="utf-8")
    with open(inbox / "slow.txt", "w", encoding="utf-8") as f:
        for i in range(0, len(text), len(text) // 4 + 1):
            f.write(text[i:i + len(text) // 4 + 1])
            f.flush()
            time.sleep(0.3)
    (inbox / "quick.txt").write_text(DOC.format(n=1), encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"")
    assert wait_for(lambda: {"slow.txt", "quick.txt", "bad.txt"} <= set(store_rows(store)), 8)
    rows = store_rows(store)
    assert rows["slow.txt"][0] == "ok" and rows["quick.txt"][0] == "ok"
    assert rows["bad.txt"] == ("failed", "file is empty")
    db = sqlite3.connect(store)
    size = db.execute("SELECT size FROM files WHERE path LIKE '%slow.txt'").fetchone()[0]
    db.close()
    assert size == (inbox / "slow.txt").stat().st_size  # the whole file, not a piece of it
    (inbox / "quick.txt").unlink()
    assert wait_for(lambda: "quick.txt" not in store_rows(store), 5)
    t.join(timeout=15)
    assert not t.is_alive()
    cat = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert len(cat["documents"]) == 2
    assert any(line.startswith("ok ") and "slow.txt" in line for line in lines)
    assert any(line.startswith("removed ") and "quick.txt" in line for line in lines)


@pytest.mark.skipif(not VNPOLICY.exists(), reason="vnpolicy is not installed in the venv")
def test_watch_command_for_a_while(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    proc = subprocess.Popen([str(VNPOLICY), "watch", str(inbox), "--out", str(out), "--for", "6", "--settle", "0.5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    shutil.copy(SAMPLE, inbox / "dropped.txt")
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "dropped.txt" in stderr
    assert store_rows(out / "vnpolicy.sqlite")["dropped.txt"][0] == "ok"
    assert len(json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["documents"]) == 1
