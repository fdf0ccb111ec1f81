"""`vnpolicy watch`: files dropped into a folder reach the store once they stop growing.

The tests wait on what the watcher reports (its lines), not on sleeps; the timeouts only bound a hang.
"""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pipeline.extract  # noqa: F401 - imported before the pool forks
from pipeline.watch import watch_folder

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
DOC = "KẾ HOẠCH\nI. NHIỆM VỤ, GIẢI PHÁP\n- Sở Nội vụ chủ trì rà soát bộ máy số {n}, hoàn thành năm 2026.\n"
HANG = 120  # seconds: only a hung watcher gets near this


def store_rows(path: Path) -> dict[str, tuple[str, str | None, int]]:
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    rows = {Path(p).name: (s, r, n) for p, s, r, n in db.execute("SELECT path, status, reason, size FROM files")}
    db.close()
    return rows


class Lines:
    """The watcher's echo: keeps its lines and wakes whoever waits for one."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cond = threading.Condition()

    def __call__(self, line: str) -> None:
        with self.cond:
            self.lines.append(line)
            self.cond.notify_all()

    def wait(self, pred) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: pred(self.lines), timeout=HANG)


def said(lines: list[str], status: str, name: str) -> bool:
    return any(line.startswith(f"{status} ") and line.split(":")[0].endswith(name) for line in lines)


def test_watch_folder_takes_files_once_they_stop_growing(tmp_path):
    import pipeline.cite  # noqa: F401
    import pipeline.segment  # noqa: F401

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "already.txt").write_text(DOC.format(n=0), encoding="utf-8")
    store = out / "vnpolicy.sqlite"
    lines, stop = Lines(), threading.Event()
    t = threading.Thread(target=watch_folder, args=(inbox, out, store),
                         kwargs={"settle": 1.0, "echo": lines, "stop": stop}, daemon=True)
    t.start()
    try:
        assert lines.wait(lambda ls: said(ls, "ok", "already.txt"))
        # a file written in pieces (the pauses are the slow writer, far below the settle time)
        text = SAMPLE.read_text(encoding="utf-8")
        with open(inbox / "slow.txt", "w", encoding="utf-8") as f:
            for i in range(0, len(text), len(text) // 4 + 1):
                f.write(text[i:i + len(text) // 4 + 1])
                f.flush()
                time.sleep(0.05)
        (inbox / "quick.txt").write_text(DOC.format(n=1), encoding="utf-8")
        (inbox / "bad.txt").write_bytes(b"")
        full = (inbox / "slow.txt").stat().st_size
        assert lines.wait(lambda ls: said(ls, "ok", "quick.txt") and said(ls, "failed", "bad.txt")
                          and store_rows(store).get("slow.txt", ("", "", 0))[2] == full)
        rows = store_rows(store)
        assert rows["slow.txt"][0] == "ok" and rows["quick.txt"][0] == "ok"
        assert rows["bad.txt"][:2] == ("failed", "file is empty")
        (inbox / "quick.txt").unlink()
        assert lines.wait(lambda ls: said(ls, "removed", "quick.txt"))
        assert "quick.txt" not in store_rows(store)
    finally:
        stop.set()
        t.join(timeout=HANG)
    assert not t.is_alive()
    cat = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert len(cat["documents"]) == 2  # already + slow; quick removed, bad failed
    assert said(lines.lines, "ok", "slow.txt")


def test_watch_command_end_to_end(tmp_path):
    """`python -m pipeline watch` in its own process: waits for its lines, then Ctrl-C ends it cleanly."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "watch", str(inbox), "--out", str(out),
                             "--for", str(HANG), "--settle", "0.5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        for line in proc.stderr:  # blocks on the watcher's own output
            seen.append(line)
            if line.startswith("watching "):
                shutil.copy(SAMPLE, inbox / "dropped.txt")
            if line.startswith("ok ") and "dropped.txt" in line:
                break
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=HANG)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = "".join(seen) + rest
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr and "dropped.txt" in stderr
    assert store_rows(out / "vnpolicy.sqlite")["dropped.txt"][0] == "ok"
    assert len(json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["documents"]) == 1
