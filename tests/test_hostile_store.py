"""Issue #16, what a batch reads and how it writes: discovery, one writer, keyed rows, environment failures."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
from pathlib import Path

import pytest
from hostile import (
    assert_sound,
    catalogue,
    good_corpus,
    normal_run_succeeds,
    one_line_error,
    text,
    vp,
)


def test_run_dot_with_default_out_never_reads_its_own_store(tmp_path):
    corpus = tmp_path / "corpus"
    good = good_corpus(corpus)
    for _ in range(2):  # the second run found vnpolicy.sqlite-wal/-shm and crashed, then every run after
        r = vp("run", ".", "-j", "2", "--no-report", cwd=corpus)
        assert r.returncode == 0, text(r)[-2000:]
    (corpus / "outputs" / ".catalogue.json.k2j3h4g5.tmp").write_text("left by a killed run")
    (corpus / "notes.tmp").write_text("an editor's temporary file")
    r = vp("run", ".", "-j", "2", "--no-report", cwd=corpus)  # nothing to publish: the stale file still goes
    assert r.returncode == 0, text(r)[-2000:]
    db = sqlite3.connect(corpus / "outputs" / "vnpolicy.sqlite")
    paths = [p for (p,) in db.execute("SELECT path FROM files")]
    db.close()
    assert sorted(Path(p).name for p in paths) == sorted(g.name for g in good), paths
    assert not list((corpus / "outputs").glob(".*.tmp"))  # the stale temporary output is gone
    assert_sound(corpus / "outputs" / "vnpolicy.sqlite", good)


def test_file_link_out_of_the_inputs_is_not_followed(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("KẾ HOẠCH\nI. NHIỆM VỤ\n- Mật khẩu SECRET-TOKEN-42 của Sở Nội vụ.\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / good[0].name)  # a link inside the folder is fine
    r = vp("run", corpus, "--out", out, "-j", "2")
    assert r.returncode == 1, text(r)[-2000:]
    err = r.stderr.decode()
    for n in ("passwd.txt", "secret.txt"):
        assert f"{n}: symbolic link to a file outside the input folders" in err, err[-2000:]
    outputs = b"".join(p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith("vnpolicy"))
    assert b"SECRET-TOKEN" not in outputs and b"root:" not in outputs
    assert_sound(out / "vnpolicy.sqlite", good)
    # asked for, it is followed
    r = vp("run", corpus, "--out", out, "-j", "2", "--follow-links")
    assert r.returncode == 0, text(r)[-2000:]
    assert b"SECRET-TOKEN" in (out / "catalogue.json").read_bytes()
    normal_run_succeeds(corpus, out, good)


def test_same_folder_absolute_and_relative_is_one_folder(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus, 3)
    r = vp("run", corpus.resolve(), "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 0, text(r)[-2000:]
    gone = good.pop()
    gone.unlink()
    r = vp("run", "corpus", "--out", out, "-j", "2", "--no-report", cwd=tmp_path)  # relative this time
    assert r.returncode == 0, text(r)[-2000:]
    names = [Path(p).name for d in catalogue(out)["documents"] for p in d["paths"]]
    assert sorted(names) == sorted(g.name for g in good), names
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)


def test_second_writer_is_refused_in_one_line(tmp_path):
    from pipeline.store import Store

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 0
    with Store(out / "vnpolicy.sqlite", writer=True):  # a run in progress
        r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--force")
        one_line_error(r, 13, "another run is writing to this store")
        r = vp("search", "chuyển đổi số", "--store", out / "vnpolicy.sqlite")  # readers still read
        assert r.returncode == 0 and r.stdout.strip()
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)


def test_duplicated_fts_rows_and_mentions_are_removed_and_cannot_come_back(tmp_path):
    from pipeline.store import Store, index_rows

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 0
    store = out / "vnpolicy.sqlite"
    db = sqlite3.connect(store)  # what two concurrent runs of the old code left
    db.execute("INSERT INTO items_fts(doc, item, kind, text) SELECT doc, item, kind, text FROM items_fts")
    db.execute("DROP INDEX IF EXISTS mentions_key")
    db.execute("INSERT INTO mentions SELECT * FROM mentions")
    db.execute("DELETE FROM meta WHERE key='rows_keyed'")
    db.commit()
    db.close()
    with Store(store, writer=True) as st:
        rows = st.search("chuyển đổi số", 1000)
        assert rows and len(rows) == len(set(rows))
        ext = next(st.extractions())
        for _ in range(2):  # a retry of one document writes its rows again
            st.db.execute("DELETE FROM extractions WHERE sha256=?", (ext.document,))  # as if not yet stored
            st.put_rows(next(p for p, v in st.files().items() if v["sha256"] == ext.document), 1, 1, "v",
                        ext.document, ext.source["name"], ext.model_dump_json(), index_rows(ext))
    assert_sound(store, good)
    r = vp("search", "chuyển đổi số", "--store", store, "--limit", "1000")
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0 and lines and len(lines) == len(set(lines))
    normal_run_succeeds(corpus, out, good)


def test_search_with_bad_bytes_huge_limit_and_long_query(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    assert vp("run", corpus, "--out", out, "-j", "2", "--no-report").returncode == 0
    store = out / "vnpolicy.sqlite"
    for args in ([b"chuy\xff\xfen \xc3"], ["số", "--limit", "99999999999999999999"], ["số", "--limit", "-5"],
                 [" ".join(["số"] * 2000)], [" ".join(f"từ{i}" for i in range(2000))], ["\x01\x1b ' \" * ( NEAR"]):
        r = vp("search", *args, "--store", store, timeout=60)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, (args[0][:40], text(r)[-1500:])
        assert len(r.stdout.decode().splitlines()) <= 1000
    assert_sound(store, good)
    normal_run_succeeds(corpus, out, good)


def _read_only(folder: Path, on: bool) -> None:
    """A read-only --out: permissions for a user; root ignores them, so the immutable attribute for root."""
    paths = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        for p in paths:
            os.chmod(p, (0o555 if p.is_dir() else 0o444) if on else (0o755 if p.is_dir() else 0o644))
        return
    import subprocess

    r = subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"running as root on a filesystem without the immutable attribute: {r.stderr.strip()}")


def test_read_only_out_is_one_line_exit_14_and_outputs_intact(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    assert vp("run", corpus, "--out", out, "-j", "2", "--no-report").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("vnpolicy.sqlite")}
    _read_only(out, True)
    try:
        r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--force")
        one_line_error(r, 14, "cannot write")
    finally:
        _read_only(out, False)
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("vnpolicy.sqlite")} == before
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)


def _small_disk() -> None:
    # a full disk as the kernel reports it to one process: writes past 200 KB fail with EFBIG
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_full_disk_is_one_line_exit_14_and_outputs_intact(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    assert vp("run", corpus, "--out", out, "-j", "2", "--no-report").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("vnpolicy.sqlite")}
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--force", preexec=_small_disk)
    one_line_error(r, 14, "cannot write")
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("vnpolicy.sqlite")} == before
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)


def test_main_process_memory_limit_is_one_line_exit_16(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    assert vp("run", corpus, "--out", out, "-j", "2", "--no-report").returncode == 0
    # a limit below what publish needs: the run ends with one line, the store as it was
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report", "--force", "--main-mem-mb", "1")
    one_line_error(r, 16, "out of memory in the main process")
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)


def test_two_concurrent_runs_one_writes_the_other_is_refused(tmp_path):
    import subprocess
    import time

    from hostile import VNPOLICY, env_now

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus, 8)
    first = subprocess.Popen([*VNPOLICY, "run", str(corpus), "--out", str(out), "-j", "1", "--no-report"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env_now())
    lock = out / "vnpolicy.sqlite.lock"
    while first.poll() is None and not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        time.sleep(0.05)
    second = vp("run", corpus, "--out", out, "-j", "1", "--no-report")
    running = first.poll() is None
    print(f"first run still writing when the second started: {running}")
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()[-2000:]
    if running:  # the first held the store all along: the second must have been refused
        one_line_error(second, 13, "another run is writing to this store")
    r = vp("search", "chuyển đổi số", "--store", out / "vnpolicy.sqlite", "--limit", "1000")
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0 and lines and len(lines) == len(set(lines))
    assert_sound(out / "vnpolicy.sqlite", good)
    normal_run_succeeds(corpus, out, good)
