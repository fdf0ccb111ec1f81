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
    heads = [t.text[:24] for t in s.tasks]
    assert heads == ["Giao Ban Thường vụ Đảng ", "Các nội dung, nhiệm vụ đ", "Giao Ban Thường vụ Đảng "]
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


GUIDANCE = ALIGN / "province_QuangNinh_HD-MTTQ-BTT_2025-11_quy-trinh-hiep-thuong-UBMTTQ-cac-cap_du-thao.docx"


def test_a_guidance_in_steps_nests_each_branch_under_its_step():
    """The Quảng Ninh front's consultation guidance (dev alignment parent): 'BƯỚC MỘT' .. 'BƯỚC NĂM', each with
    'A. ĐỐI VỚI ... QUỐC HỘI' and 'B. ĐỐI VỚI ... HỘI ĐỒNG NHÂN DÂN' over their own 'I.', 'II.'. Before, the
    step and branch lines were paragraphs: each lead glued to the item above it (the commune lead of step 1
    inside the National Assembly item 6), the Roman numbers restarted at the top, and step 2 B (HĐND
    nominations by units and by thôn) gave no task."""
    s = segment(ingest(GUIDANCE))
    tops = [x.id for x in s.sections if x.depth == 1 and x.role != "preamble"]
    assert tops[:5] == ["1", "2", "3", "4", "5"]
    branches = [x.id for x in s.sections if x.depth == 2 and x.parent in ("1", "2", "3", "4", "5")]
    assert branches == ["1/A", "1/B", "2/A", "2/B", "3/A", "3/B", "4/A", "4/B", "4/C", "4/D", "5/A", "5/B"]
    by_id = {t.id: t for t in s.tasks}
    # the commune-level lead of step 1 B is its own item, not the tail of the National Assembly item 6
    assert "cấp xã" not in by_id["1/A/II/6"].text
    assert [t for t in s.tasks if t.id.startswith("1/B/") and "phường, xã, đặc khu" in t.text[:80]]
    step2b = [t for t in s.tasks if t.id.startswith("2/B/")]
    assert len(step2b) >= 20 and any("thôn, tổ dân phố" in t.text for t in step2b)
    # who attends is not work; a branch title's wrapped line in capitals is no item
    assert not [t for t in s.tasks if "/I/t" in t.id and t.text.startswith("Mời đại diện")]
    assert not [t for t in s.tasks if t.text.isupper()]


def test_a_guidance_s_rules_are_not_targets():
    """Its tally-team sizes ('Tổ kiểm phiếu gồm từ 05 đến 15 người') and the voter counts that pick the
    case ('Đối với nơi có dưới 100 cử tri thì ...') are rules; the quorum after 'thì' ('ít nhất là 50%',
    '55 cử tri') is a quantity to reach, read once per paragraph."""
    s = segment(ingest(GUIDANCE))
    read = [(m.value, m.unit) for t in s.targets for m in t.metrics]
    assert (100.0, "cử tri") not in read and (3.0, "người") not in read
    assert (50.0, "%") in read and (55.0, "cử tri") in read
    assert len({(t.prov.block, t.text) for t in s.targets}) == len(s.targets)


def test_step_and_branch_markers():
    from pipeline.segment.markers import parse

    assert parse("BƯỚC HAI").style == "part" and parse("BƯỚC HAI").label == "2"
    assert parse("A. ĐỐI VỚI VIỆC HIỆP THƯƠNG, GIỚI THIỆU NGƯỜI ỨNG CỬ").style == "upper"
    assert parse("B. Hoàng Văn Nam") is None  # an initial, not a branch
    assert parse("Bước 2: Tổ chức hội nghị") is None  # a step written as a sentence stays a paragraph
    assert parse("I. THÀNH PHẦN HỘI NGHỊ").style == "roman"


def test_a_blank_day_in_the_dateline_gives_the_month_not_a_preamble_date():
    """The Lương Minh second-conference plan (dev) is dated 'ngày    tháng 01 năm 2026' (day left blank);
    before, its date was read from the preamble's 'Nghị quyết liên tịch số 102 ... ngày 26 tháng 9 năm 2025'."""
    s = segment(ingest(DOCS / "commune_xaLuongMinh-QuangNinh_KH-MTTQ-BTT_2026-01_hn-hiep-thuong-lan-2.docx"))
    assert s.meta.date == "2026-01"
    s = segment(ingest(DOCS / "central_VPCP_636-TB-VPCP_2025-11-24_ket-luan-PTTg-lam-viec-Phu-Tho.md"))
    assert s.meta.date == "2025-11-24"  # a full dateline still gives the day


def test_an_unnamed_part_right_after_the_tasks_part_carries_the_work_on():
    """Lương Minh voter-meeting plan (dev): 'II. NỘI DUNG, PHƯƠNG THỨC TỔ CHỨC' (the tasks part by name) is
    followed by 'III. TỔ CHỨC HỘI NGHỊ LẤY Ý KIẾN ...' (convening, attendance, the meeting's steps 3.1-3.9,
    the minutes) before 'IV. TRÁCH NHIỆM ...': III is work too (before: 5 tasks, II only). A part after
    the tasks part that rewards ('IV. KHEN THƯỞNG' of Cần Thơ 157/KH) does not carry it on."""
    s = segment(ingest(DOCS / "commune_xaLuongMinh-QuangNinh_KH-MTTQ-BTT_2026-01-12_hn-lay-y-kien-cu-tri.docx"))
    third = [t for t in s.tasks if t.path[:1] == ["III"]]
    assert len(third) >= 18
    assert any(t.text.startswith("3.8. Tổ kiểm phiếu") for t in third)
    s = segment(ingest(DOCS / "province_CanTho_157-KH-UBND_2025-11-18_thi-dua-chi-tra-khong-dung-tien-mat.md"))
    assert not [t for t in s.tasks if t.path[:1] == ["IV"]] and len(s.tasks) == 5
