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


def test_forms_of_work_under_the_tasks_part_are_not_tasks():
    """Cần Thơ 159/KH-UBND: 'III. NỘI DUNG, HÌNH THỨC' -> '1. Nội dung' (5 tasks) and '2. Hình thức'
    whose 7 bullets are the forms the content is carried out in ('- In ấn, phát hành tờ rơi ...'),
    worded as actions but not tasks; 'Hình thức khen thưởng' elsewhere is not such a heading."""
    s = segment(ingest(SHAPES / "province_CanTho_159-KH-UBND_excerpt.md"))
    assert [t.path for t in s.tasks] == [["III", "1"]] * 5
    assert not [t for t in s.tasks if "tờ rơi" in t.text or "pa - nô" in t.text]
    assert [r.body for r in s.responsibilities] == ["Sở Nông nghiệp và Môi trường", "Sở Tài chính"]
    from pipeline.segment.vocab import vocab
    assert vocab().forms.match("HÌNH THỨC:") and not vocab().forms.match("HÌNH THỨC KHEN THƯỞNG VÀ SỐ LƯỢNG:")
