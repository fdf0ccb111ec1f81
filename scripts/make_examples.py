#!/usr/bin/env python3
"""Regenerate the committed example reports in outputs/examples/ from the store of `make run`.

    make run && python scripts/make_examples.py

Writes the sample's report and the Bắc Ninh 144/KH-UBND vs 03/NQ-CP alignment (HTML, Word,
screenshots in headless Chromium), and a picture of the document graph of 30+ real documents (the
committed corpus and the real-shapes documents of tests/data/realshapes), laid out by Graphviz.
The screenshots of `vnpolicy serve` (outputs/examples/serve/) come from its browser test, run here
against a fresh store (`python scripts/make_examples.py --serve` makes only those).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STORE = ROOT / "outputs" / "vnpolicy.sqlite"
EX = ROOT / "outputs" / "examples"
VNPOLICY = str(Path(sys.executable).parent / "vnpolicy")


def vp(*args: str) -> None:
    subprocess.run([VNPOLICY, *args, "--store", str(STORE)], check=True)


def main() -> None:
    from pipeline.report.shot import screenshot

    if not STORE.exists():
        sys.exit(f"{STORE}: no store; run `make run` first")
    sample = EX / "sample" / "report.html"
    pair = EX / "bacninh-03-NQ-CP" / "report.html"
    vp("report", "000_a9ef7522b32975cc.txt", "--out", str(sample))
    vp("report", "144/KH-UBND~03/NQ-CP", "--out", str(pair))
    with tempfile.TemporaryDirectory() as d:
        vp("export", "--docx", "--out", d)
        docx = [p for p in Path(d).glob("*.docx") if "144" in p.name and "03" in p.name]
        if docx:
            shutil.copy(docx[0], pair.parent / "alignment.docx")
    for html, kw in ((sample, {"click": '#gcanvas g.node[data-id="dir:07-NQ/TU"]'}), (pair, {})):
        try:
            errors = screenshot(html, html.with_name("report-screenshot.png"), **kw)
        except Exception as exc:  # noqa: BLE001 - a node selector that changed should not lose the shot
            print(f"{html.name}: {exc}; screenshot without the click")
            errors = screenshot(html, html.with_name("report-screenshot.png"))
        print(f"{html.relative_to(ROOT)}: {html.stat().st_size // 1024} KB, console errors: {len(errors)}")
    graph_example()
    serve_example()


def serve_example() -> None:
    """The pages of `vnpolicy serve` as tests/test_serve_browser.py walks them (upload, list, search,
    alignment with two decisions, document, exports), copied from the test's screenshots."""
    import os

    out = EX / "serve"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "slow",
                    str(ROOT / "tests" / "test_serve_browser.py")], check=True, cwd=ROOT,
                   env={**os.environ, "VNPOLICY_SERVE_SHOTS": str(out), "PYTHONPATH": str(ROOT)})
    print(f"{out.relative_to(ROOT)}: {len(list(out.glob('*.png')))} screenshots")


def graph_example() -> None:
    """The graph of every real document in the repository (corpus/ and tests/data/realshapes), drawn."""
    from pipeline.report.shot import graph_screenshot

    shapes = ROOT / "tests" / "data" / "realshapes" / "docs"
    files = [*sorted(shapes.glob("*.md")), *sorted(shapes.glob("*.docx")),
             *sorted((ROOT / "corpus" / "real").glob("*.md")),
             ROOT / "corpus" / "000_a9ef7522b32975cc.txt"]
    out = EX / "graph-30"
    with tempfile.TemporaryDirectory() as d:
        docs = Path(d) / "docs"
        docs.mkdir()
        for f in files:
            shutil.copy(f, docs / f.name)
        subprocess.run([VNPOLICY, "run", str(docs), "--out", str(Path(d) / "out")], check=True,
                       stdout=subprocess.DEVNULL)
        w, h = graph_screenshot(Path(d) / "out" / "report.html", out / "graph.png")
        shot = out / "report-screenshot.png"
        from pipeline.report.shot import screenshot

        screenshot(Path(d) / "out" / "report.html", shot, scroll_to="#graph")
    print(f"{out.relative_to(ROOT)}: {len(files)} documents, graph {w}×{h} px")


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve_example()
    else:
        main()
