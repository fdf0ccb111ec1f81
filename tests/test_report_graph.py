"""The document graph is laid out by Graphviz `dot`: thirty real documents and what they cite, no two
boxes (and so no two labels, which dot sizes the boxes to) overlapping, embedded inline in the page.

Needs Debian's graphviz (`make test` installs it; this test installs nothing and fails without it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.catalogue import build_catalogue
from pipeline.extract import extract_file
from pipeline.report.html import render_report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _boxes(svg: str) -> dict[str, tuple[float, float, float, float]]:
    """Each node's bounding box from the shapes dot drew (polygons for boxes, ellipses for directives)."""
    out = {}
    for m in re.finditer(r'<g id="(gn\d+)"[^>]*class="node[^"]*">(.*?)</g>', svg, re.S):
        body = m.group(2)
        e = re.search(r'<ellipse[^>]*cx="([-\d.]+)" cy="([-\d.]+)" rx="([\d.]+)" ry="([\d.]+)"', body)
        if e:
            cx, cy, rx, ry = map(float, e.groups())
            out[m.group(1)] = (cx - rx, cy - ry, cx + rx, cy + ry)
            continue
        pts = re.search(r'<(?:polygon|path)[^>]*(?:points|d)="([^"]+)"', body)
        assert pts, m.group(1)
        nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", pts.group(1))]
        xs, ys = nums[0::2], nums[1::2]
        out[m.group(1)] = (min(xs), min(ys), max(xs), max(ys))
    return out


def test_thirty_documents_no_overlap():
    assert shutil.which("dot"), "dot missing: `make test` installs the graphviz package"
    shapes = ROOT / "tests" / "data" / "realshapes" / "docs"
    files = sorted(shapes.glob("*.md")) + sorted(shapes.glob("*.docx"))
    files += sorted((ROOT / "corpus" / "real").glob("*.md")) + [ROOT / "corpus" / "000_a9ef7522b32975cc.txt"]
    exts = [extract_file(p) for p in files]
    assert len(exts) >= 30
    cat = build_catalogue(exts, paths={}, links=[], alignments=[], failures=[])
    page = render_report(cat, None)
    svg = page[page.index('<div id="gcanvas">'):page.index("</svg>")]
    assert "<svg" in svg and "http://" not in svg and "<!--" not in svg
    boxes = _boxes(svg)
    docs = re.findall(r'class="node doc ', svg)
    assert len(docs) == len(exts) and len(boxes) > len(exts)
    items = sorted(boxes.items(), key=lambda kv: kv[1][0])
    overlaps = []
    for i, (a, (_ax0, ay0, ax1, ay1)) in enumerate(items):
        for b, (bx0, by0, _bx1, by1) in items[i + 1:]:
            if bx0 >= ax1:
                break
            if not (by1 <= ay0 or by0 >= ay1):
                overlaps.append((a, b))
    assert not overlaps, overlaps[:5]
    # every node can be clicked: it knows its graph id
    assert svg.count('data-id="') == len(boxes)
