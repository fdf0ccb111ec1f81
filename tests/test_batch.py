"""run_batch + Store: incremental by size/mtime then sha256, replacement, removal, limits."""

import os
import shutil
import time
from pathlib import Path

import pytest

import pipeline.extract  # noqa: F401 - imported before the pool forks, so workers start warm
from pipeline.batch import ERROR, run_batch
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"

DOC = ("KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n"
       "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTriển khai kế hoạch số {n}.\n"
       "II. NHIỆM VỤ, GIẢI PHÁP\n1. Nhiệm vụ chung\n- {task}, hoàn thành trong năm 2026.\n"
       "- Sở Nội vụ chủ trì rà soát bộ máy, hoàn thành quý II/2026.\n")


def warm() -> None:
    """Import the stage modules in the parent, so forked workers do not each import them."""
    import pipeline.cite  # noqa: F401
    import pipeline.segment  # noqa: F401


def write_doc(path: Path, n: int, task: str = "Sở Khoa học và Công nghệ chủ trì xây dựng cơ sở dữ liệu") -> Path:
    path.write_text(DOC.format(n=n, task=task), encoding="utf-8")
    return path


def by_path(report) -> dict[str, object]:
    return {Path(r.path).name: r for r in report.results}


def tasks_in_store(st: Store) -> int:
    return st.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]


def test_thousand_unchanged_files_do_no_work(tmp_path):
    warm()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(1000):
        write_doc(corpus / f"doc{i:04d}.txt", i)
    with Store(tmp_path / "s.sqlite") as st:
        t0 = time.perf_counter()
        first = run_batch([corpus], st, workers=2, timeout=60)
        t1 = time.perf_counter() - t0
        assert first.count("ok") == 1000, [r.reason for r in first.failed][:3]
        t0 = time.perf_counter()
        second = run_batch([corpus], st, workers=2, timeout=60)
        t2 = time.perf_counter() - t0
    print(f"\n1,000 files: first pass {t1:.2f} s, unchanged re-run {t2:.3f} s")
    assert second.count("skipped") == 1000
    assert second.count("ok") == second.count("failed") == second.count("removed") == 0
    assert not second.changed
    assert all(r.seconds == 0.0 and r.reason is None for r in second.results)  # no work() ran


def test_changed_deleted_renamed_copied(tmp_path):
    warm()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        write_doc(corpus / f"d{i}.txt", i)
    with Store(tmp_path / "s.sqlite") as st:
        r1 = run_batch([corpus], st, workers=2)
        assert r1.count("ok") == 4
        per_doc = tasks_in_store(st) // 4
        assert per_doc >= 1

        # changed: re-processed, its old records replaced (no duplicate tasks)
        old_sha = st.files()[str(corpus / "d0.txt")]["sha256"]
        write_doc(corpus / "d0.txt", 0, task="Sở Tài chính chủ trì bố trí kinh phí thực hiện")
        r2 = by_path(run_batch([corpus], st, workers=2))
        assert r2["d0.txt"].status == "ok" and r2["d1.txt"].status == "skipped"
        assert tasks_in_store(st) == 4 * per_doc
        assert st.db.execute("SELECT COUNT(*) FROM tasks WHERE doc=?", (old_sha,)).fetchone()[0] == 0
        assert st.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4
        assert st.search("bố trí kinh phí")

        # deleted: reported as removed, its records gone
        (corpus / "d1.txt").unlink()
        r3 = by_path(run_batch([corpus], st, workers=2))
        assert r3["d1.txt"].status == "removed"
        assert str(corpus / "d1.txt") not in st.files()
        assert st.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3

        # renamed and copied: recognised by hash, no work
        (corpus / "d2.txt").rename(corpus / "renamed.txt")
        shutil.copy2(corpus / "d3.txt", corpus / "copy.txt")
        os.utime(corpus / "copy.txt", ns=(1, 1))  # a different mtime, same bytes
        r4 = by_path(run_batch([corpus], st, workers=2))
        assert r4["renamed.txt"].status == "skipped" and "same content" in r4["renamed.txt"].reason
        assert r4["copy.txt"].status == "skipped" and "same content" in r4["copy.txt"].reason
        assert r4["d2.txt"].status == "removed"
        assert r4["renamed.txt"].seconds == 0.0
        assert st.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3
        assert tasks_in_store(st) == 3 * per_doc
        files = st.files()
        assert files[str(corpus / "copy.txt")]["sha256"] == files[str(corpus / "d3.txt")]["sha256"]

        # and nothing to do afterwards
        r5 = run_batch([corpus], st, workers=2)
        assert not r5.changed and r5.count("skipped") == 4

        # force: everything again
        r6 = run_batch([corpus], st, workers=2, force=True)
        assert r6.count("ok") == 4 and tasks_in_store(st) == 3 * per_doc


def test_touched_but_unchanged_file_is_not_reprocessed(tmp_path):
    warm()
    f = write_doc(tmp_path / "a.txt", 1)
    with Store(tmp_path / "s.sqlite") as st:
        assert run_batch([tmp_path / "a.txt"], st, workers=1).count("ok") == 1
        os.utime(f, ns=(10**18, 10**18))
        r = run_batch([tmp_path / "a.txt"], st, workers=1)
        assert r.results[0].status == "skipped" and "same content" in r.results[0].reason
        # and the new mtime is remembered: the next pass does not even hash it
        assert run_batch([tmp_path / "a.txt"], st, workers=1).results[0].reason is None


def _big_text(path: Path, mb: int) -> Path:
    para = ("- Sở Khoa học và Công nghệ chủ trì triển khai nhiệm vụ chuyển đổi số, hoàn thành năm 2026.\n" * 50
            + "\n")
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(mb * 1024 * 1024 // len(para.encode())):
            f.write(para)
    return path


def test_timeout_fails_only_that_file(tmp_path):
    warm()
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_doc(corpus / "small.txt", 1)
    _big_text(corpus / "big.txt", 30)
    with Store(tmp_path / "s.sqlite") as st:
        r = by_path(run_batch([corpus], st, workers=2, timeout=1.5))
        assert r["small.txt"].status == "ok"
        assert r["big.txt"].status == "failed" and "longer than the 1.5 s limit" in r["big.txt"].reason
        # a timeout is not proof the file is bad: stored apart and tried again on the next run
        assert st.files()[str(corpus / "big.txt")]["status"] == ERROR


def _vm_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    pytest.skip("no /proc/self/status: not Linux (make test runs on Debian, which always has it)")


def test_memory_limit_fails_only_that_file(tmp_path):
    warm()
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_doc(corpus / "small.txt", 1)
    _big_text(corpus / "big.txt", 40)  # read and decoded at once: far over the headroom
    limit = _vm_mb() + 60  # workers are forked from this process: what it maps, plus a little
    with Store(tmp_path / "s.sqlite") as st:
        r = by_path(run_batch([corpus], st, workers=1, timeout=120, mem_mb=limit))
        assert r["small.txt"].status == "ok", r["small.txt"].reason
        assert r["big.txt"].status == "failed" and "memory" in r["big.txt"].reason.lower(), r["big.txt"].reason
        print(f"\nmemory limit {limit} MB: {r['big.txt'].reason} after {r['big.txt'].seconds:.1f} s")


def test_unreadable_path_and_missing_store_rows(tmp_path):
    warm()
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_doc(corpus / "a.txt", 1)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    with Store(tmp_path / "s.sqlite") as st:
        r = by_path(run_batch([corpus], st, workers=2, timeout=30))  # returns at all: the FIFO was not opened
        assert r["a.txt"].status == "ok"
        assert r["pipe.txt"].status == "failed" and "not a regular file" in r["pipe.txt"].reason
        assert r["gone.txt"].status == "failed" and "not a regular file" in r["gone.txt"].reason


@pytest.mark.parametrize("group_max", [1, 3, 1000])
def test_commit_groups_keep_every_document_and_failure(tmp_path, monkeypatch, group_max):
    """Documents wait in memory for their group's transaction; failed files between them, two copies of
    one text and the last file failing lose none of them."""
    import pipeline.batch as batch

    warm()
    monkeypatch.setattr(batch, "GROUP_SECONDS", 1e9)
    monkeypatch.setattr(batch, "GROUP_MAX", group_max)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        write_doc(corpus / f"doc{i}.txt", i, task=f"Sở Tư pháp chủ trì việc số {i}")
    shutil.copy(corpus / "doc2.txt", corpus / "doc2_copy.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "zz_empty.txt").write_bytes(b"")  # the last in order: the group is still written
    with Store(tmp_path / "s.sqlite") as st:
        rep = run_batch([corpus], st, workers=2, timeout=60)
        assert rep.count("ok") == 7 and rep.count("failed") == 2, [r.reason for r in rep.failed]
        files = st.files()
        assert {k.rsplit("/", 1)[-1] for k, r in files.items() if r["status"] == "failed"} == {"empty.txt",
                                                                                             "zz_empty.txt"}
        assert len(st.current_shas()) == 6
        fts = st.db.execute("SELECT COUNT(*), COUNT(DISTINCT rowid) FROM items_fts").fetchone()
        assert fts[0] == fts[1] == st.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] > 0
        for i in range(6):
            assert [h[0] for h in st.search(f"Sở Tư pháp chủ trì việc số {i}")][:1] in (
                [f"doc{i}.txt"], [f"doc{i}_copy.txt"])


def test_a_record_of_the_wrong_type_fails_its_file_and_never_reaches_the_store(tmp_path, monkeypatch):
    """The stages build records unchecked (pipeline/model.py); a worker validates the extraction it sends
    to the store, so a stage's wrong type fails that file in one line and the other files go on."""
    import pipeline.extract as ex

    warm()
    real = ex.extract_document

    def wrong_pages(doc):
        e = real(doc)
        if doc.source.name == "bad.txt":
            object.__setattr__(e, "pages", "hai")  # a stage's bug: a str where an int is declared
        return e

    monkeypatch.setattr(ex, "extract_document", wrong_pages)
    corpus = tmp_path / "c"
    corpus.mkdir()
    write_doc(corpus / "good.txt", 1)
    write_doc(corpus / "bad.txt", 2)
    with Store(tmp_path / "s.sqlite") as st:
        r = by_path(run_batch([corpus], st, workers=1))
        assert r["good.txt"].status == "ok"
        assert r["bad.txt"].status == "failed" and "ValidationError" in r["bad.txt"].reason
        assert "pages" in r["bad.txt"].reason and "\n" not in r["bad.txt"].reason
        names = [n for (n,) in st.db.execute("SELECT name FROM extractions")]
        assert names == ["good.txt"]
