"""Shapes of the documents added by shapes7 (dev only: tests/data/realshapes), from writers the corpus
did not hold yet: a ward decision (UBND phường Sa Đéc) and a provincial official letter (Sở Nội vụ
Đồng Tháp), both signed PDFs with a text layer."""

from pathlib import Path

from pipeline.cite import cite
from pipeline.ingest import ingest
from pipeline.segment import segment

DOCS = Path(__file__).resolve().parent / "data" / "realshapes" / "docs"
WARD = DOCS / "commune_phuongSaDec-DongThap_149-QD-UBND-TL_2025-12-31_thanh-lap-ban-bau-cu-DV1.pdf"
LETTER = DOCS / "province_DongThap_2967-SNV-TDKT_2024-09-24_ra-soat-khen-thuong-khang-chien.pdf"
FRONT = DOCS / "commune_xaLuongMinh-QuangNinh_QD-MTTQ-BTT_2026-01-12_to-tiep-cong-dan-bau-cu.docx"


def test_the_clause_ending_a_board_set_up_is_no_task():
    """Both decisions end the article of duties with when the body ceases: 'Tổ ... tự giải thể sau khi kết
    thúc bầu cử ...' (Lương Minh, a bullet) and 'Ban bầu cử hết nhiệm vụ sau khi Ủy ban bầu cử Phường kết
    thúc ...' (Sa Đéc, a paragraph). Before: each was counted as a task (5 of 4; the Sa Đéc one instead of
    the article's first duty)."""
    front = segment(ingest(FRONT)).tasks
    assert len(front) == 4
    assert not [t for t in front if "tự giải thể" in t.text]
    ward = segment(ingest(WARD)).tasks
    assert not [t for t in ward if "hết nhiệm vụ sau khi" in t.text]


def test_an_article_running_on_into_a_duty_is_a_task_besides_its_paragraphs():
    """'Điều 2. Ban bầu cử thực hiện nhiệm vụ, quyền hạn theo quy định ... và thực hiện chế độ báo cáo định
    kỳ ...' then 'Trưởng ban bầu cử chịu trách nhiệm phân công nhiệm vụ ...': two tasks, each its own words.
    The members listed under 'Điều 1.' and the executors of 'Điều 4.' are none. Before: the run-on duty was
    read as the article's title only."""
    tasks = segment(ingest(WARD)).tasks
    assert [t.text[:28] for t in tasks] == ["Ban bầu cử thực hiện nhiệm v", "Trưởng ban bầu cử chịu trách"]
    assert "Trưởng ban" not in tasks[0].text
    assert not [t for t in tasks if t.text.startswith(("1. Ông", "Chánh Văn phòng"))]


def test_a_letters_announced_items_are_its_tasks_even_when_they_open_with_a_results_word():
    """'... Sở Nội vụ đề nghị UBND huyện, thành phố ... thực hiện một số nội dung sau:' then '1. Kết quả rà
    soát hồ sơ ... đề nghị thông tin bằng văn bản về Sở Nội vụ đến ngày 11 tháng 10 năm 2024.' and '2. Đối
    với hồ sơ ...': 'Kết quả' opens the sentence's subject, it names no results part. The Ministry's request
    quoted in the grounds and the closing 'Đề nghị ... thực hiện đúng thời gian nêu trên./.' are no tasks.
    Before: no task at all."""
    tasks = segment(ingest(LETTER)).tasks
    assert [t.text[:18] for t in tasks] == ["1. Kết quả rà soát", "2. Đối với hồ sơ k"]
    assert not [t for t in tasks if "thời gian nêu trên" in t.text or "Rà soát tổng thể" in t.text]


def test_a_peoples_committee_office_numbers_its_letters():
    """'Công văn số 1254/VPUBND-VX ngày 23 tháng 9 năm 2024 của Văn phòng Ủy ban nhân dân (UBND) Tỉnh':
    the office's code (registry, with its source) makes the number a citation. Before: missed."""
    ids = {d.id for d in cite(ingest(LETTER)).directives}
    assert "1254/VPUBND-VX" in ids


def test_a_footnote_mark_glued_to_a_number_is_not_part_of_it():
    """'hướng dẫn tại Công văn số 2548/SNV-TĐKT1 ngày 22 tháng 8 năm 2024' with the footnote '1 Công văn số
    2548/SNV-TĐKT ngày 22/08/2024 ...' at the page foot: one act, 2548/SNV-TĐKT, its body mention flagged a
    variant. A code that ends in digits with no such footnote stays whole (199/2025/QH15). Before: a second
    act 2548/SNV-TĐKT1."""
    letter = {d.id: d for d in cite(ingest(LETTER)).directives}
    assert "2548/SNV-TĐKT1" not in letter
    assert sorted(m.form for m in letter["2548/SNV-TĐKT"].mentions) == ["full", "variant"]
    assert {d.id for d in cite(ingest(WARD)).directives} == {"199/2025/QH15", "16/NQ-UBBC"}
