#!/usr/bin/env python3
"""Scale bench (#15): a synthetic national corpus, a full run, one new commune document, queries.

    python scripts/bench_national.py --sizes 1000,3000 [--report] [--keep DIR]

For each size: generate the corpus (scripts/national_corpus.py), `vnpolicy run` it (wall time and
peak RSS of the command, publish stage times from the store), add one new commune document and
run again end to end, then time `trace 57-NQ/TW`, `search`, `show`, `align` of one stored pair
and of the new pair. Every figure is one whole-process command, measured by GNU time, with the
load average of the machine at that moment: a shared machine makes wall times noisy, so the CPU
time (user + sys) is printed beside it. Figures, not assertions: the targets are in the issue.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
VNPOLICY = [sys.executable, "-m", "pipeline"]
TARGETS = {"rerun": "<= 5 s at 10,000", "trace": "<= 1 s", "search": "<= 0.3 s", "align": "<= 0.5 s",
           "rss": "<= 1 GB every command"}


def load() -> str:
    return os.getloadavg().__repr__()


def timed(args: list[str], cwd: Path) -> dict[str, float | int | str]:
    """One command under GNU time: wall s, user+sys s, peak RSS MB, exit code, load average before."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        before = os.getloadavg()[0]
        r = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M", *VNPOLICY, *args], cwd=cwd,
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        wall, user, sys_, rss = tf.read().split()[-4:]
    return {"wall": float(wall), "cpu": round(float(user) + float(sys_), 2), "rss_mb": round(int(rss) / 1024),
            "rc": r.returncode, "load": round(before, 2), "err": r.stderr[-300:] if r.returncode else ""}


def new_commune(corpus: Path, seed: int) -> Path:
    """One more commune programme of the first province, citing that province's programme."""
    import national_corpus as nc

    rnd = random.Random(seed)
    sample = nc.SAMPLE.read_text(encoding="utf-8")
    pool = nc.BULLET.findall(sample)
    prov = sorted(corpus.glob("province_00_*-CTr-TU.txt"))[0]
    prov_no = int(prov.name.split("_")[2].split("-")[0])
    text = nc.commune_doc(sample, pool, rnd, "Tân Mới Lập", nc.PROVINCES[0], prov_no, 90000 + seed)
    path = corpus / f"commune_00_{90000 + seed}-CTr-DU.txt"
    path.write_text(text, encoding="utf-8")
    return path


def stored_pair(store: Path, name: str) -> tuple[str, str] | None:
    """(child number, parent number) of one stored alignment whose child file is `name`, or any."""
    db = sqlite3.connect(store)
    rows = db.execute("SELECT c.number, p.number, c.name FROM alignments a JOIN documents c ON c.sha256=a.child "
                      "JOIN documents p ON p.sha256=a.parent WHERE c.number IS NOT NULL AND p.number IS NOT NULL "
                      "ORDER BY c.name = ? DESC, c.name LIMIT 1", (name,)).fetchall()
    db.close()
    return (rows[0][0], rows[0][1]) if rows else None


def bench(sizes: list[int], row: Callable[..., None], report: bool = False, keep: Path | None = None,
          existing: bool = False, seed: int = 0, run_flags: list[str] | None = None) -> dict:
    """With `existing`, a corpus already run under KEEP/N is measured from the new commune on; `seed`
    makes that commune another one than the last run added (the default one is there already)."""
    results: dict[str, dict] = {}
    for n in sizes:
        base = keep / str(n) if keep else Path(tempfile.mkdtemp(prefix=f"national{n}-"))
        corpus, out = base / "corpus", base / "out"
        store = out / "vnpolicy.sqlite"
        flags = ([] if report else ["--no-report"]) + (run_flags or [])
        res: dict[str, dict] = {}
        if not (existing and store.exists()):
            shutil.rmtree(base, ignore_errors=True)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "national_corpus.py"), str(corpus), "--n",
                            str(n)], check=True, capture_output=True)
            res["full run"] = timed(["run", str(corpus), "--out", str(out), *flags], base)
            res["full run"]["stages"] = _stages(store)
        new = new_commune(corpus, n + seed)
        res["add one commune, re-run"] = timed(["run", str(corpus), "--out", str(out), *flags], base)
        res["add one commune, re-run"]["stages"] = _stages(store)
        res["re-run, nothing changed"] = timed(["run", str(corpus), "--out", str(out), *flags], base)
        st = ["--store", str(store)]
        res["trace 57-NQ/TW"] = timed(["trace", "57-NQ/TW", *st], base)
        res["search"] = timed(["search", "chuyển đổi số", *st], base)
        res["show 57-NQ/TW"] = timed(["show", "57-NQ/TW", *st], base)
        res["status"] = timed(["status", *st], base)
        pair = stored_pair(store, new.name)
        if pair:
            res[f"align {pair[0]} --parent {pair[1]}"] = timed(["align", pair[0], "--parent", pair[1], *st], base)
        for name, r in res.items():
            row(f"N={n} {name}", r["wall"], "s", f"cpu {r['cpu']} s, peak {r['rss_mb']} MB, load {r['load']}"
                + (f", rc {r['rc']} {r['err']}" if r["rc"] not in (0,) else "")
                + (f", stages {r['stages']}" if r.get("stages") else ""))
        results[str(n)] = res
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    return results


def _stages(store: Path) -> dict:
    try:
        db = sqlite3.connect(store)
        row = db.execute("SELECT value FROM meta WHERE key='publish_seconds'").fetchone()
        db.close()
        return json.loads(row[0]) if row else {}
    except sqlite3.Error:
        return {}


def _row(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"{name:48} {value:12.3f} {unit:10} {note}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000")
    ap.add_argument("--report", action="store_true", help="also write report.html (large)")
    ap.add_argument("--keep", type=Path, help="keep the corpora and stores under this folder (KEEP/N/corpus, /out)")
    ap.add_argument("--existing", action="store_true", help="KEEP/N already run: start at the new commune")
    ap.add_argument("--seed", type=int, default=0, help="with --existing: add another new commune than last time")
    ap.add_argument("--run-flags", default="", help="more options of every `run`, e.g. '--whole never'")
    args = ap.parse_args()
    print(f"load average at start: {load()}; targets: {TARGETS}")
    res = bench([int(s) for s in args.sizes.split(",")], _row, report=args.report, keep=args.keep,
                existing=args.existing, seed=args.seed, run_flags=args.run_flags.split())
    from bench_out import write_result

    write_result(f"national-{args.sizes.replace(',', '-')}", res)


if __name__ == "__main__":
    main()
