#!/usr/bin/env python3
"""Page loads of `vnpolicy serve` (#13): a store of the whole corpus/, the server in uvicorn on loopback.

    python scripts/bench_serve.py          # or: python scripts/bench.py --serve
    python scripts/bench_serve.py --store STORE   # an existing store, its longest alignment

Times, over HTTP as a browser asks, the document list (Kho văn bản) and the alignment page of Bắc Ninh
144/KH-UBND against 03/NQ-CP (and, for information, a document page and a search), beside the server's
floor measured in the same run (a static file through the same middleware), with the load average of
the machine at that moment: the machine is shared, so the ratio to the floor says more than the wall
time alone. Target: each page under 300 ms. Figures, not assertions.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_MS = 300


def _get(port: int, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, len(body)


def _median_ms(port: int, path: str, repeat: int) -> tuple[float, int]:
    status, size = _get(port, path)  # warm: templates compiled, pages cached by SQLite
    assert status == 200, (path, status)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        _get(port, path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, size


def bench(row: Callable[..., None], repeat: int = 15, store: Path | None = None) -> dict[str, float]:
    """The pages over a store of corpus/ made here, or over `store` (then its largest alignment)."""
    if store is not None:
        return _pages(row, store, repeat)
    with tempfile.TemporaryDirectory(prefix="vnpolicy-bench-serve-") as d:
        out = Path(d) / "out"
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(ROOT / "corpus"), "--out", str(out),
                        "--no-report"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        return _pages(row, out / "vnpolicy.sqlite", repeat, ("144/KH-UBND", "03/NQ-CP"))


def _pages(row: Callable[..., None], store: Path, repeat: int,
           pair: tuple[str, str] | None = None) -> dict[str, float]:
    import uvicorn

    from pipeline.serve import Settings, create_app
    from pipeline.store import Store

    with Store(store, create=False) as st:
        ids = {i: s for s, i in st.db.execute("SELECT sha256, doc_id FROM documents WHERE doc_id IS NOT NULL")}
        n_docs = len(st.current_shas())
        if pair is not None:
            child, parent = ids[pair[0]], ids[pair[1]]
        else:  # the pair with the longest stored alignment: the heaviest page a reviewer opens
            child, parent = st.db.execute("SELECT child, parent FROM alignments ORDER BY length(json) DESC "
                                          "LIMIT 1").fetchone()
        names = dict(st.db.execute("SELECT sha256, COALESCE(doc_id, name) FROM documents"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(store=store, out=store.parent)), host="127.0.0.1",
                                        port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    while not srv.started:
        time.sleep(0.05)
    res = {}
    try:
        load = os.getloadavg()[0]
        floor, _ = _median_ms(port, "/static/serve.css", repeat)
        pages = (("document list", "/"),
                 (f"alignment {names[child]} vs {names[parent]}", f"/doi-chieu?con={child}&cha={parent}"),
                 (f"document page {names[parent]} (graph by dot)", f"/van-ban/{parent}"),
                 ("search 'chuyen doi so'", "/?q=chuyen+doi+so"))
        for name, path in pages:
            ms, size = _median_ms(port, path, repeat)
            res[name] = ms
            row(f"serve: {name}"[:48], ms, "ms", f"{size // 1024} KB, {ms / floor:.0f}x the floor "
                f"({floor:.1f} ms), {n_docs} documents, load {load:.2f}; target < {TARGET_MS} ms"
                + ("" if ms < TARGET_MS else ": OVER"))
    finally:
        srv.should_exit = True
        t.join(timeout=30)
    return res


def main() -> None:
    def row(name: str, value: float, unit: str, note: str = "") -> None:
        print(f"{name:48} {value:12.1f} {unit:10} {note}")

    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="an existing store (default: one of corpus/ made here)")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    bench(row, args.repeat, args.store)


if __name__ == "__main__":
    main()
