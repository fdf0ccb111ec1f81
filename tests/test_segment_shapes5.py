"""Shapes met in the fifth round (dev documents only: tests/data/realshapes and the dev alignment parent)."""

from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment
from pipeline.segment.roles import is_assignment

DOCS = Path(__file__).resolve().parent / "data" / "realshapes" / "docs"
ALIGN = Path(__file__).resolve().parent / "data" / "align" / "docs"


def test_a_conclusion_assigns_its_work_in_paragraphs_not_in_what_it_approves():
    """Công Hải 3-KL/ĐU (dev): '1. Chương trình hành động ...' (its wrapped title runs into 'Hội nghị cơ
    bản nhất trí thông qua ...', an approval) and '2. ...: Hội nghị cơ bản nhất trí thông qua các dự
    thảo:' over two bullets naming the drafts; the work is the assignment paragraphs 'Giao Ban Thường
    vụ Đảng uỷ ...' (twice) and '... Do đó, đề nghị Đảng uỷUBND xã ... khẩn trương xây dựng lộ trình'.
    The closing appeal 'Với tinh thần ...' is not one. Before: the topic and the two drafts."""
    s = segment(ingest(DOCS / "commune_xaCongHai-KhanhHoa_03-KL-DU_2025-11-13_hoi-nghi-BCH-lan-2-CTr-hanh-dong.md"))
    heads = [t.text[:30] for t in s.tasks]
    assert heads == ["Giao Ban Thường vụ Đảng uỷ tiế", "Các nội dung, nhiệm vụ đề ra t", "Giao Ban Thường vụ Đảng uỷ tiế"]
    assert not [t for t in s.tasks if "Với tinh thần" in t.text or "nhất trí thông qua" in t.text]


def test_a_notice_answers_the_provinces_recommendations_with_assignments():
    """VPCP 636/TB-VPCP (dev): after 'II. MỘT SỐ NHIỆM VỤ, GIẢI PHÁP' (1.-7. and three bullets of 8.),
    'III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH' answers each recommendation with one paragraph assigning a
    ministry ('Giao Bộ Tài chính ...', 'Bộ Nội vụ theo chức năng nhiệm vụ được giao khẩn trương ...'):
    those three are tasks, the topic lines and the closing 'Văn phòng Chính phủ thông báo ...' are not.
    The assessment 'I. ĐÁNH GIÁ CHUNG' stays out. Before: 10 tasks, III not read."""
    s = segment(ingest(DOCS / "central_VPCP_636-TB-VPCP_2025-11-24_ket-luan-PTTg-lam-viec-Phu-Tho.md"))
    assert len(s.tasks) == 13
    answers = [t for t in s.tasks if t.section.startswith("III")]
    assert [t.text.split()[0] for t in answers] == ["Các", "Giao", "Bộ"]
    assert not [t for t in s.tasks if t.section == "I" or "thông báo để" in t.text]


def test_assignment_paragraphs():
    assert is_assignment("Giao Ban Thường vụ Đảng uỷ tiếp thu các ý kiến", request=False)
    assert is_assignment("Bộ Nội vụ theo chức năng nhiệm vụ được giao khẩn trương nghiên cứu", request=False)
    assert is_assignment("Nội dung rõ. Do đó, đề nghị Đảng uỷUBND xã khẩn trương xây dựng", request=True)
    # a report's request is a proposal; a briefing ("giao ban") and an approval assign nothing
    assert not is_assignment("Nội dung rõ. Do đó, đề nghị Đảng uỷ UBND xã khẩn trương xây dựng", request=False)
    assert not is_assignment("Giao ban tuần được tổ chức vào sáng thứ Hai", request=True)
    assert not is_assignment("Hội nghị cơ bản nhất trí thông qua các dự thảo", request=True)
