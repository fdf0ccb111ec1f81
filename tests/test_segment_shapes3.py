"""Shapes met in the third round of real documents (tests/data/realshapes, round 3), on excerpts of
the development documents (tests/data/shapes/SOURCES.tsv)."""

from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"


def test_directive_orders_bodies_after_yeu_cau():
    """Quảng Trị 06/CT-UBND: no Roman parts; a paragraph ending 'Ủy ban nhân dân tỉnh yêu cầu:'
    orders the numbered bodies that follow. Their bullets (and the free paragraph of '4. Công an
    tỉnh') are the tasks; '6. Các sở ... theo chức năng nhiệm vụ được giao phối hợp ...' is a
    numbered item that is itself a task (its words 'nhiệm vụ' do not make it a tasks heading);
    the closing 'Yêu cầu Giám đốc ... Chỉ thị này./.' and the '** **' lines of the crawl are not."""
    s = segment(ingest(SHAPES / "province_QuangTri_06-CT-UBND_excerpt.md"))
    assert s.meta.doc_type == "CT"
    assert [t.path[-1] if t.path else t.marker for t in s.tasks] == ["1", "1", "1", "1", "4", "6."]
    assert s.tasks[4].text.startswith("Chỉ đạo các đơn vị trực thuộc")
    assert s.tasks[5].text.startswith("6. Các sở, ban, ngành liên quan")
    assert not [t for t in s.tasks if "Yêu cầu Giám đốc" in t.text or not t.text.strip("*_ -")]
