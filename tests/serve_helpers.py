"""Shared pieces of the `vnpolicy serve` tests: a store of the sample ward programme and 57-NQ/TW, a
TestClient on the loopback, the CSRF token of a session, and a fingerprint of everything a store holds."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
NQ57 = ROOT / "corpus" / "real" / "central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"


def make_store(vp, folder: Path) -> Path:
    """`vnpolicy run` over a copy of the two documents: the store the pages read."""
    corpus, out = folder / "corpus", folder / "out"
    corpus.mkdir(parents=True)
    shutil.copy(SAMPLE, corpus)
    shutil.copy(NQ57, corpus)
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report")
    assert r.returncode == 0, r.stderr
    return out / "vnpolicy.sqlite"


def client(store: Path, **settings):
    from starlette.testclient import TestClient

    from pipeline.serve import Settings, create_app

    app = create_app(Settings(store=store, out=store.parent, **settings))
    return TestClient(app, base_url="http://127.0.0.1")


def csrf(c) -> str:
    """The session's CSRF token: the cookie a first page sets, also in every form of the page."""
    page = c.get("/")
    token = c.cookies.get("vnp_csrf")
    assert token and f'value="{token}"' in c.get("/them").text
    assert page.status_code == 200
    return token


def fingerprint(store: Path) -> str:
    """Everything the store holds that a request could change, and the files under its folder."""
    import sqlite3

    h = hashlib.sha256()
    if store.exists():
        db = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
        for table in ("files", "extractions", "documents", "tasks", "targets", "decisions", "alignments",
                      "missing_parents", "links", "meta"):
            for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                h.update(repr(row).encode())
        db.close()
    for p in sorted(store.parent.rglob("*")):
        if p.is_file() and not re.search(r"\.sqlite(-wal|-shm|\.lock)?$", p.name):
            h.update(f"{p.relative_to(store.parent)}:{p.stat().st_size}".encode())
    return h.hexdigest()


def wait_job(c, job: str, seconds: float = 240) -> dict:
    """Poll the upload's progress until its batch has finished."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        j = c.get(f"/them/tien-do/{job}").json()
        if j["finished"]:
            return j
        time.sleep(0.3)
    raise AssertionError(f"the batch of job {job} did not finish in {seconds} s")


def upload(c, token: str, files: list[tuple[str, bytes]]):
    """POST the upload form; returns the response after the redirect, and the job id."""
    r = c.post("/them", data={"csrf": token}, files=[("files", (n, d, "application/octet-stream")) for n, d in files],
               follow_redirects=False)
    if r.status_code != 303:
        return r, None
    job = r.headers["location"].split("job=", 1)[1]
    return r, job
