#!/usr/bin/env python3
"""The HTML report stage at scale (#15 item 3): one page per document and alignment, against the one-file report.

    python scripts/bench_report.py --n 300 [--keep DIR] [--before /work/main]

A synthetic national corpus of N documents (scripts/national_corpus.py) is run once without a report
(`vnpolicy run --no-report`); then only the report stage is measured, each in a fresh process under
GNU time, on the same store:

- "one file (first release)": the catalogue of the whole store built in memory and report.html
  rendered from it, as publish did before the pages (with --before, that checkout's own code);
- "pages, first time": report/pages.write_pages into an empty folder;
- "pages, nothing changed": the same again (no page rendered);
- "pages, one commune added": a new commune document run in, then the report stage again.

Each line gives wall and CPU seconds, the process's peak RSS and the RSS the stage added to it (peak
after minus peak before the stage, measured inside the process), the pages rendered, and the load
average: the machine is shared, so CPU seconds say more than wall seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

_STAGE = r"""
import json, resource, sys, time
from pathlib import Path
store_path, out, mode = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
from pipeline.batch import pipeline_version
from pipeline.store import Store
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with Store(store_path, writer=True) as st:
    version, shas = pipeline_version(), st.current_shas()
    if mode == "whole":  # publish's report block before the pages
        from pipeline.align.model import AlignmentReport
        from pipeline.catalogue import Failure, Link, build_catalogue
        from pipeline.graph_files import builder_graph, node_link
        from pipeline.graph_rows import StoreGraph
        from pipeline.publish import stored_alignments
        from pipeline.report.html import write_report
        r0, t0 = rss(), time.perf_counter()
        nodes, edges = builder_graph(StoreGraph(st.db).builder())
        paths, failed = st.paths_and_failures()
        links = [Link(src=r[0], dst=r[1], type=r[2], score=r[3], method=r[4])
                 for r in st.db.execute("SELECT src, dst, type, score, method FROM links")]
        exts = list(st.extractions(shas))
        aligns = [AlignmentReport.model_validate(a) for a in stored_alignments(st, shas)]
        cat = build_catalogue(exts, paths, links, aligns, [Failure(path=p, reason=r) for p, r in failed])
        out.mkdir(parents=True, exist_ok=True)
        write_report(cat, node_link(nodes, edges), out / "report.html")
        rendered = 1
    else:
        from pipeline.report.pages import write_pages
        r0, t0 = rss(), time.perf_counter()
        rendered = len(write_pages(st, shas, out, version=version).rendered)
    secs = time.perf_counter() - t0
print(json.dumps({"stage_s": round(secs, 2), "rss_before_mb": round(r0), "rss_peak_mb": round(rss()),
                  "rendered": rendered}))
"""


def stage(store: Path, out: Path, mode: str, code: Path = ROOT) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        load = os.getloadavg()
        r = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M", sys.executable, "-c", _STAGE,
                            str(store), str(out), mode], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(code)}, cwd=code)
        wall, user, sys_, peak = tf.read().split()[-4:]
    if r.returncode:
        raise SystemExit(f"{mode}: exit {r.returncode}\n{r.stderr[-2000:]}")
    res = json.loads(r.stdout.strip().splitlines()[-1])
    size = sum(f.stat().st_size for f in out.rglob("*.html")) if out.exists() else 0
    return {**res, "wall_s": float(wall), "cpu_s": round(float(user) + float(sys_), 2),
            "process_peak_mb": round(int(peak) / 1024), "html_mb": round(size / 2**20, 1),
            "load": [round(x, 2) for x in load]}


def vnpolicy(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pipeline", *args], check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def bench(n: int, keep: Path | None = None, before: Path | None = None, row=None) -> dict:
    from bench_national import new_commune

    base = keep / str(n) if keep else Path(tempfile.mkdtemp(prefix=f"report{n}-"))
    corpus, store_dir = base / "corpus", base / "store"
    store = store_dir / "vnpolicy.sqlite"
    if not store.exists():
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "national_corpus.py"), str(corpus), "--n", str(n)],
                       check=True, capture_output=True)
        vnpolicy("run", str(corpus), "--out", str(store_dir), "--no-report")
    res: dict[str, dict] = {}
    whole, pages = base / "whole", base / "pages"
    shutil.rmtree(whole, ignore_errors=True)
    shutil.rmtree(pages, ignore_errors=True)
    res["one file (first release)"] = stage(store, whole, "whole", before or ROOT)
    res["pages, first time"] = stage(store, pages, "pages")
    res["pages, nothing changed"] = stage(store, pages, "pages")
    new_commune(corpus, n + 7)
    vnpolicy("run", str(corpus), "--out", str(store_dir), "--no-report")
    res["pages, one commune added"] = stage(store, pages, "pages")
    for name, r in res.items():
        line = (f"N={n} report: {name}", r["stage_s"], "s",
                f"cpu {r['cpu_s']} s (process), stage +{r['rss_peak_mb'] - r['rss_before_mb']} MB RSS "
                f"(peak {r['process_peak_mb']} MB), {r['rendered']} pages rendered, {r['html_mb']} MB HTML, "
                f"load {r['load']}")
        (row or _row)(*line)
    if not keep:
        shutil.rmtree(base, ignore_errors=True)
    return res


def _row(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"{name:52} {value:10.2f} {unit:4} {note}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--keep", type=Path, help="keep the corpus, store and outputs under KEEP/N (reused when there)")
    ap.add_argument("--before", type=Path, help="a checkout whose code renders the one-file report (e.g. main)")
    args = ap.parse_args()
    res = bench(args.n, args.keep, args.before)
    from bench_out import write_result

    write_result(f"report-pages-{args.n}", res)


if __name__ == "__main__":
    main()
