"""A worker's SIGTERM: while it reads a file it unwinds (temporary folders go); idle, or already
exiting, it ends quietly (a traceback from an exit handler made the Dask test flaky)."""

import signal
import subprocess
import sys
import time

CHILD = """
import os, sys, time
from pipeline.children import busy, install_term_handler
install_term_handler()
if sys.argv[1] == "busy":
    try:
        with busy():
            print("ready", flush=True)
            time.sleep(30)
    finally:
        print("unwound", flush=True)
else:
    print("ready", flush=True)
    time.sleep(30)
"""


def _term(mode: str) -> subprocess.CompletedProcess:
    p = subprocess.Popen([sys.executable, "-c", CHILD, mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def test_busy_worker_unwinds_on_sigterm():
    r = _term("busy")
    assert r.returncode == 143 and "unwound" in r.stdout


def test_idle_worker_ends_quietly_on_sigterm():
    r = _term("idle")
    assert r.returncode == 143 and "Traceback" not in r.stderr and "unwound" not in r.stdout
