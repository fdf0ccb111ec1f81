"""The bad-input collection (tests/data/bad, made by scripts/make_bad_files.py) and files that
can only be made at run time: every bad file is a failure with a clear reason, never a crash."""

import csv
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import pipeline.extract  # noqa: F401 - imported before the pool forks
from pipeline.batch import run_batch
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
GOOD = [p for p in (ROOT / "corpus" / f"000_a9ef7522b32975cc.{e}" for e in ("txt", "docx", "pdf")) if p.exists()]
VNPOLICY = [sys.executable, "-m", "pipeline"]  # the command end to end, as installed or not
TIMEOUT = 20.0
# outcomes that are other modules' open bugs: reported as xfail, not hidden
KNOWN: dict[str, str] = {}  # file -> where the bug is
EXPECTED = {r["file"]: r for r in csv.DictReader((BAD / "expected.tsv").read_text(encoding="utf-8").splitlines(),
                                                 delimiter="\t")}


def matches(reason: str | None, expected: str) -> bool:
    return any(alt.strip().lower() in (reason or "").lower() for alt in expected.split("|"))


def runtime_files(folder: Path) -> dict[str, tuple[str, str]]:
    """Bad files git cannot hold: name -> (outcome, expected reason)."""
    out: dict[str, tuple[str, str]] = {}
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    out["loop_a.txt"] = out["loop_b.txt"] = ("failed", "not a regular file")
    (folder / "dangling.pdf").symlink_to(folder / "does-not-exist.pdf")
    out["dangling.pdf"] = ("failed", "not a regular file")
    os.mkfifo(folder / "pipe.txt")
    out["pipe.txt"] = ("failed", "not a regular file")
    locked = folder / "locked.txt"
    locked.write_text("KẾ HOẠCH\nI. NHIỆM VỤ\n- Sở Nội vụ chủ trì rà soát.\n", encoding="utf-8")
    locked.chmod(0)
    # as root the file stays readable, which is then correct too
    out["locked.txt"] = ("ok", "") if os.geteuid() == 0 else ("failed", "permission denied")
    raw = os.fsencode(folder) + b"/k\xe9_ho\xe1ch_\xff.txt"  # Latin-1 bytes: not valid UTF-8
    with open(raw, "wb") as f:
        f.write("KẾ HOẠCH\nI. NHIỆM VỤ\n- Sở Tài chính chủ trì bố trí kinh phí.\n".encode())
    out["k\\xe9_ho\\xe1ch_\\xff.txt"] = ("ok", "")
    (folder / "x.pdf").mkdir()  # a folder named like a file: walked, holds nothing
    return out


def test_batch_of_all_bad_files(tmp_path):
    import pipeline.cite  # noqa: F401
    import pipeline.segment  # noqa: F401

    corpus = tmp_path / "corpus"
    shutil.copytree(BAD, corpus, ignore=shutil.ignore_patterns("expected.tsv"))
    for g in GOOD:
        shutil.copy(g, corpus / f"good_{g.name}")
    special = runtime_files(corpus)
    t0 = time.perf_counter()
    with Store(tmp_path / "s.sqlite") as st:
        report = run_batch([corpus], st, workers=2, timeout=TIMEOUT, mem_mb=3072)
        files = st.files()
        stored_docs = st.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"\n{len(report.results)} files in {time.perf_counter() - t0:.1f} s")
    got = {Path(r.path).name: r for r in report.results}
    problems = []
    for name, row in EXPECTED.items():
        r = got.get(name)
        if r is None:
            problems.append(f"{name}: not reported")
            continue
        if r.status == "skipped":  # identical bytes to another file (e.g. a good copy): same outcome
            continue
        if r.status != row["outcome"] or (row["outcome"] == "failed" and not matches(r.reason, row["reason"])):
            problems.append(f"{name}: want {row['outcome']} ({row['reason']}), got {r.status}: {r.reason}")
    for name, (outcome, reason) in special.items():
        r = got.get(name)
        if r is None or r.status != outcome or (outcome == "failed" and not matches(r.reason, reason)):
            problems.append(f"{name}: want {outcome} ({reason}), got {r and r.status}: {r and r.reason}")
    for r in report.results:
        if r.status == "failed" and (not r.reason or "\n" in r.reason or "Traceback" in r.reason
                                     or r.reason.startswith("internal error")):
            problems.append(f"{r.path}: unclear reason {r.reason!r}")
    for g in GOOD:
        r = got.get(f"good_{g.name}")
        if r is None or r.status != "ok":
            problems.append(f"good file {g.name}: {r and r.status}: {r and r.reason}")
        elif files[r.path]["status"] != "ok":
            problems.append(f"good file {g.name} not ok in the store")
    known = [p for p in problems if p.split(":")[0] in KNOWN]
    problems = [p for p in problems if p not in known]
    assert not problems, "\n".join(problems)
    assert "x.pdf" not in got
    if known:
        pytest.xfail("known: " + "; ".join(known))
    assert stored_docs >= len(GOOD)


DRIVER = r"""
import contextlib, io, json, sys, traceback
from pipeline.cli import main
out = []
for path in sys.argv[1:]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            rc = main(["ingest", path])
        except BaseException:
            rc, tb = -1, traceback.format_exc()
            err.write("Traceback (escaped main):\n" + tb)
    out.append([path, rc, err.getvalue()])
print(json.dumps(out))
"""


def _ingest_cli(path: Path) -> tuple[Path, int, str]:
    proc = subprocess.run([*VNPOLICY, "ingest", str(path)], capture_output=True, text=True, timeout=120,
                          errors="replace")
    return path, proc.returncode, proc.stderr


def test_cli_ingest_each_bad_file(tmp_path):
    import json

    special = tmp_path / "special"
    special.mkdir()
    extra = runtime_files(special)
    # the failures; files that read ok are checked by the batch test (printing their JSON is slow)
    paths = [BAD / n for n, r in EXPECTED.items() if r["outcome"] == "failed"]
    paths += [special / n for n, (o, _) in extra.items() if o == "failed"] + [special / "x.pdf"]
    # a few through the real command, all of them through main() in one interpreter (start-up is ~1 s)
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        results = list(pool.map(_ingest_cli, [BAD / "empty.txt", BAD / "zip_bomb.docx", special / "pipe.txt"]))
    proc = subprocess.run([sys.executable, "-c", DRIVER, *map(str, paths)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results += [(Path(p), rc, err) for p, rc, err in json.loads(proc.stdout)]
    problems = []
    for path, rc, stderr in results:
        lines = stderr.strip().splitlines()
        if "Traceback" in stderr:
            problems.append(f"{path.name}: traceback\n{stderr[-800:]}")
        elif rc in (0, -1) or len(lines) != 1 or path.name not in lines[0]:
            problems.append(f"{path.name}: exit {rc}, stderr {stderr.strip()!r}")
    known = [p for p in problems if p.split(":")[0] in KNOWN]
    problems = [p for p in problems if p not in known]
    assert not problems, "\n".join(problems)
    if known:
        pytest.xfail("known: " + "; ".join(known))


def test_pdf_failure_reason_does_not_depend_on_the_file_before():
    """PDFium keeps its last error per process: a zero-page PDF read after an encrypted one was
    called encrypted, depending on which worker took which file (it failed CI once)."""
    from pipeline.errors import EncryptedDocument
    from pipeline.ingest import ingest as read_document

    with pytest.raises(EncryptedDocument):
        read_document(BAD / "encrypted.pdf")
    for _ in range(2):
        with pytest.raises(Exception) as info:
            read_document(BAD / "no_pages.pdf")
        assert not isinstance(info.value, EncryptedDocument)
        assert matches(str(info.value), EXPECTED["no_pages.pdf"]["reason"]), str(info.value)
