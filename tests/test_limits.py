"""The main-process memory cap belongs to one run, not to the process that called the CLI."""

import resource
import shutil

from conftest import ROOT


def test_run_in_process_gives_back_the_memory_limit(vp, tmp_path):
    # A test session, or a web app, that runs `vnpolicy run` in-process and then starts Chromium
    # or LibreOffice must not hand them the run's address-space cap (Chromium dies of it).
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "000_a9ef7522b32975cc.txt", corpus)
    before = resource.getrlimit(resource.RLIMIT_AS)
    r = vp("run", str(corpus), "--out", str(tmp_path / "out"), "--main-mem-mb", "6000", "--no-report")
    assert r.returncode == 0, r.stderr
    assert resource.getrlimit(resource.RLIMIT_AS) == before
