#!/usr/bin/env python3
"""Does a full run grow linearly? Per-document figures of the national benches, and a labelled extrapolation.

    python scripts/bench_linearity.py [outputs/bench/national-1000.json outputs/bench/national-3000.json ...]
                                      [--to 10000]

Reads the figures scripts/bench_national.py wrote (default: every outputs/bench/national-*.json) and,
for each corpus size N, prints the full run's wall and CPU seconds per document, its peak memory,
the CPU seconds per alignment pair and per stage (publish_seconds), with the load average the bench
noted. On a machine shared with other work the wall time waits for others, so the fit is made on
the CPU time (user + sys of the command and its workers): a least-squares line cpu = a + b * N over
the sizes given, evaluated at --to. Peak memory is fitted the same way. Both are EXTRAPOLATIONS
from the sizes measured, labelled so in the output, never a measurement at --to.
Writes outputs/bench/national-linearity.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def points(files: list[Path]) -> dict[int, dict]:
    """Size -> the full run's figures, from every bench file that has one (the last file wins)."""
    out: dict[int, dict] = {}
    for f in files:
        for n, res in json.loads(f.read_text(encoding="utf-8")).items():
            run = res.get("full run")
            if run and (not run.get("rc") or run.get("note")):  # a noted rc: one file failed, figures kept
                out[int(n)] = {"file": f.name, **run}
    return dict(sorted(out.items()))


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """(a, b) of the least-squares line y = a + b x; through the origin with one point."""
    if len(xs) == 1:
        return 0.0, ys[0] / xs[0]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def table(pts: dict[int, dict], to: int) -> dict:
    rows = {}
    for n, r in pts.items():
        st = r.get("stages") or {}
        pairs = st.get("aligned_pairs") or 0
        cpu_stages = {k[4:]: v for k, v in st.items() if k.startswith("cpu_")}
        rows[n] = {"wall_s": r["wall"], "cpu_s": r["cpu"], "peak_mb": r["rss_mb"], "load": r["load"],
                   "wall_ms_per_doc": round(1000 * r["wall"] / n, 1), "cpu_ms_per_doc": round(1000 * r["cpu"] / n, 1),
                   "peak_kb_per_doc": round(1024 * r["rss_mb"] / n, 1), "aligned_pairs": pairs,
                   "pairs_per_doc": round(pairs / n, 3) if pairs else None,
                   "run_cpu_s_per_pair": round(r["cpu"] / pairs, 3) if pairs else None,
                   "main_process_cpu_s_by_stage": cpu_stages,
                   "main_process_peak_mb": max((v for k, v in st.items() if k.startswith("peak_mb_")), default=None)}
    ns = list(pts)
    a, b = fit(ns, [pts[n]["cpu"] for n in ns])
    ma, mb = fit(ns, [pts[n]["rss_mb"] for n in ns])
    extra = {"formula": f"cpu_s(N) = {a:.1f} + {b:.4f} * N; peak_mb(N) = {ma:.0f} + {mb:.4f} * N "
                        f"(least squares over N = {', '.join(map(str, ns))})",
             "N": to, "cpu_s": round(a + b * to), "peak_mb": round(ma + mb * to),
             "note": "EXTRAPOLATION from the sizes measured, not a measurement",
             "memory_note": "peak_mb is the largest process of the run (GNU time), often an align worker whose "
                            "caches fill up to a fixed bound: a straight line through it is an upper bound, "
                            "not a prediction; main_process peak per stage is in the stages"}
    return {"sizes": rows, "extrapolation": extra}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--to", type=int, default=10000)
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "outputs" / "bench").glob("national-[0-9]*.json"))
    pts = points(files)
    if not pts:
        sys.exit("no full-run figures: run scripts/bench_national.py first")
    res = table(pts, args.to)
    for n, r in res["sizes"].items():
        print(f"N={n:6}  cpu {r['cpu_s']:8.1f} s = {r['cpu_ms_per_doc']:7.1f} ms/doc  wall {r['wall_s']:8.1f} s = "
              f"{r['wall_ms_per_doc']:7.1f} ms/doc  peak {r['peak_mb']:5} MB  pairs {r['aligned_pairs']} "
              f"({r['run_cpu_s_per_pair']} run cpu s a pair)  load {r['load']}")
    e = res["extrapolation"]
    print(f"{e['note']}: N={e['N']}: cpu {e['cpu_s']} s, peak {e['peak_mb']} MB; {e['formula']}")
    print(e["memory_note"])
    from bench_out import write_result

    write_result("national-linearity", res)


if __name__ == "__main__":
    main()
