"""The invariants the outline's require_* accessors rest on (pipeline/segment/outline.py): only the
root lacks a unit and a parent, and only the root and free paragraphs lack a marker. Checked on
the sample and on real documents of three formats, since the extractors read every node below
the root through these accessors."""

from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.segment import outline, units

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "corpus" / "000_a9ef7522b32975cc.txt",
        ROOT / "tests" / "data" / "real" / "central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
        ROOT / "tests" / "data" / "real" / "commune_luongminh-QN_16-KH-MTTQ-BTT_2025-11-18_KH-cong-tac-bau-cu.docx"]


def _tree(path: Path) -> outline.Node:
    root = outline.build(units.build(ingest(path)), [])
    outline.assign_ids(root)
    return root


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.suffix)
def test_only_the_root_lacks_a_unit_and_a_parent(path):
    root = _tree(path)
    nodes = root.walk()
    assert len(nodes) > 10
    for n in nodes:
        assert n.require_unit() is n.unit
        assert n.require_parent() is n.parent
        if n.free:
            with pytest.raises(ValueError, match="no marker"):
                n.require_marker()
        else:
            assert n.require_marker() is n.marker
    with pytest.raises(ValueError, match="root has no unit"):
        root.require_unit()
    with pytest.raises(ValueError, match="root has no parent"):
        root.require_parent()
    with pytest.raises(ValueError, match=r"\(root\) has no marker"):
        root.require_marker()
    assert any(not n.free for n in nodes) and any(n.free for n in nodes)
