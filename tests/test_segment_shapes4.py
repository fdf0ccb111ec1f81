"""Shapes met in the fourth round of real documents (tests/data/realshapes, round 4, dev documents only)."""

from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment
from pipeline.segment.vocab import vocab

DOCS = Path(__file__).resolve().parent / "data" / "realshapes" / "docs"


def test_criteria_and_announced_targets_under_the_tasks_part_are_not_tasks():
    """Cần Thơ 157/KH-UBND (emulation plan): 'III. NỘI DUNG THI ĐUA, PHƯƠNG ÁN TRIỂN KHAI, TIÊU CHÍ ...'
    -> '1. Nội dung thi đua' whose lead paragraph announces '... bằng các chỉ tiêu cụ thể như sau:' over
    (1)-(5) (targets, not tasks), '2. Phương án triển khai' a)-đ) (the 5 tasks), '3. Tiêu chí đánh giá,
    xếp loại' and '4. Cách thức xếp hạng' (rules for the judges, not tasks)."""
    s = segment(ingest(DOCS / "province_CanTho_157-KH-UBND_2025-11-18_thi-dua-chi-tra-khong-dung-tien-mat.md"))
    assert [t.path for t in s.tasks] == [["III", "2"]] * 5
    assert s.tasks[0].text.startswith("a) Ủy ban nhân dân xã, phường huy động nguồn lực")
    values = sorted(m.value for t in s.targets for m in t.metrics)
    assert values == [70, 80, 85, 100, 100]


def test_criteria_words_open_the_title():
    rx = vocab().criteria
    assert rx.search("TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI") and rx.search("CÁCH THỨC XẾP HẠNG")
    assert not rx.search("XÂY DỰNG TIÊU CHÍ ĐÁNH GIÁ CÁN BỘ")  # work about criteria is still work
    assert vocab().announce_targets.search("được cụ thể hóa bằng các chỉ tiêu cụ thể như sau:")
    assert not vocab().announce_targets.search("thực hiện tốt các chỉ tiêu, nhiệm vụ sau đây.")


def test_a_results_part_that_names_its_tasks_is_not_the_tasks_part():
    """Công Hải 100-BC/ĐU (weekly report): 'I. KẾT QUẢ TRIỂN KHAI NHIỆM VỤ' reports what was done
    (its bullets are results, though the title holds 'NHIỆM VỤ'); the tasks are the 8 bullets of
    'III. NHIỆM VỤ TRỌNG TÂM TUẦN TỚI', one of them letter-spaced by the PDF text layer."""
    s = segment(ingest(DOCS / "commune_xaCongHai-KhanhHoa_100-BC-DU_2025-12-31_cong-tac-tuan-nhiem-vu-tuan-toi.md"))
    assert [t.path[:1] for t in s.tasks] == [["III"]] * 8
    assert s.tasks[5].text.startswith("- T i ế n h à n h")
    assert not [t for t in s.tasks if "Đảng uỷtập trung chỉ đạo" in t.text]


def test_numbered_items_right_after_an_announcement_are_tasks_even_without_sub_items():
    """Cần Thơ 09/CT-UBND: '... tập trung thực hiện các nhiệm vụ trọng tâm, cụ thể như sau:' then
    '1.'-'3.' (principles written as tasks, a numbered item each, no sub-items) before the bodies
    '4. Sở Nông nghiệp và Môi trường' a)..e) ... '12.': all twelve are the ordered part."""
    s = segment(ingest(DOCS / "province_CanTho_09-CT-UBND_2025-11-18_quan-ly-nuoc-duoi-dat.md"))
    assert len(s.tasks) == 33
    heads = [t.text.replace("*", "").split() for t in s.tasks[:4]]
    assert [h[:2] for h in heads] == [["1.", "Các"], ["2.", "Kết"], ["3.", "Tuân"], ["a)", "Tăng"]]


ALIGN = Path(__file__).resolve().parent / "data" / "align" / "docs"


def test_a_web_page_quoting_a_plan_gives_its_announced_bullets_and_labelled_lists():
    """2437/QĐ-TTg as a question-and-answer page quotes it (an alignment parent, dev): italic labels
    over lists ('*Đối với các bộ, ban, ngành trung ương*') are sub-headings, not paragraphs continuing
    the bullet above them; the five '- Thi đua ...' bullets after '... tập trung thi đua thực hiện với
    các nội dung chủ yếu sau:' are tasks (a bullet's sentence holding 'nhiệm vụ' or 'chỉ tiêu' names no
    part). Before: one task, 'Đối với cá nhân'."""
    s = segment(ingest(next(ALIGN.glob("central_2437-QD-TTg_*.md"))))
    texts = [t.text for t in s.tasks]
    assert [t[:10] for t in texts[:5]] == ["- Thi đua "] * 5
    assert not [t for t in texts if t.startswith(("Đối với", "Tiêu chí", "Tại Tiểu mục"))]
    assert any(t.startswith("- Hoàn thành xuất sắc nhiệm vụ chính trị") for t in texts)


def test_a_drawn_line_is_not_a_bullet():
    from pipeline.segment import markers
    assert markers.parse("--------------") is None and markers.parse("-------") is None
    assert markers.parse("- Thi đua thực hiện tốt").style == "dash"
