"""Shapes of the documents added by shapes8 (dev only: tests/data/realshapes, round 8), from writers the
corpus did not hold yet: provincial plans of Thanh Hóa, Đồng Nai, Quảng Ngãi and Sơn La, and two ministries'
signed PDFs (Bộ Nội vụ, Bộ Xây dựng). Each test names the count before the change (main at 9ad5fef)."""

from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment

DOCS = Path(__file__).resolve().parent / "data" / "realshapes" / "docs"
MONITORING = DOCS / "province_ThanhHoa_235-KH-UBND_2025-11-18_quan-trac-moi-truong-thuy-san.md"
DRUGS = DOCS / "province_DongNai_182-KH-UBND_2025-11-20_CTMTQG-phong-chong-ma-tuy.md"
INVENTORY = DOCS / "province_QuangNgai_1627-QD-UBND_2025-11-21_KH-tong-kiem-ke-tai-san-cong.md"
EXPORT = DOCS / "province_SonLa_2954-QD-UBND_2025-11-20_KH-xuat-khau-2026-2030.md"
HOME = DOCS / "commune_xaLuongMinh-QuangNinh_KH-MTTQ-BTT_2026-01-12_hn-lay-y-kien-cu-tri.docx"
MINISTRY_LETTER = DOCS / "central_BNV_8151-BNV-CCHC_2025-09-18_gop-y-BC-so-ket-CCHC.pdf"
MINISTRY_DECISION = DOCS / "central_BXD_1074-QD-BXD_2026-06-29_giai-phap-PCCC-co-so-cu.pdf"


def test_detail_lines_and_the_lists_they_announce_are_fields_not_tasks():
    """Each monitoring item is described by 'Điểm quan trắc: ... lấy mẫu tại 15 vị trí như sau:' over the
    sampling points ('- Cửa sông lạch Càn: Lấy mẫu 01 vị trí ...', '+ 01 vị trí ...') and '- Thông số, tần
    suất, thời gian và số lượng mẫu quan trắc:' over '+ Các thông số: ...'; the information item by
    'Hình thức:' and 'Số lượng:'. Six work items (hand count 6); before: 42, every point a task."""
    tasks = segment(ingest(MONITORING)).tasks
    assert len(tasks) == 6
    words = [t.text.lstrip("-+* ") for t in tasks]
    assert not [w for w in words if w.startswith(("Cửa sông", "01 vị trí", "Xã ", "Các thông số", "Thông số",
                                                    "Hình thức", "Số lượng", "Điểm quan trắc"))]
    assert any("Ngao" in w for w in words) and any("Cá lồng nước ngọt" in w for w in words)


def test_a_detail_word_heading_a_numbered_item_still_heads_its_items():
    """'2. Phương thức tổ chức:' opens with a detail word but is a numbered heading: its four bullets stay
    tasks ('- Xác định địa điểm: ...' among them), while the bullet '- Địa điểm tổ chức hội nghị: ...' is a
    field of the convening item (the hand count leaves it out)."""
    texts = [t.text for t in segment(ingest(HOME)).tasks]
    assert any(t.startswith("- Xác định địa điểm") for t in texts)
    assert any(t.startswith("- Sau hội nghị hiệp thương lần thứ hai") for t in texts)
    assert not any(t.startswith("- Địa điểm tổ chức hội nghị") for t in texts)


def test_a_targets_sub_heading_of_the_tasks_part_gives_targets_not_tasks():
    """'II. NỘI DUNG TRỌNG TÂM' ends with '6. Chỉ tiêu chủ yếu đến năm 2030' 6.1-6.9 ('Trên 80% ...',
    'Phấn đấu 100% ...'): numbers to reach, not work. Hand count 56; before: 65."""
    seg = segment(ingest(DRUGS))
    assert len(seg.tasks) == 56
    assert not [t for t in seg.tasks if t.id.startswith("II/6/")]
    values = sorted(m.value for t in seg.targets if t.section.startswith("II/6") or t.id.startswith("II/6")
                    for m in t.metrics)
    assert values.count(100.0) >= 5 and 90.0 in values


def test_imperative_sub_headings_of_a_targets_part_are_tasks():
    """'II. CHỈ TIÊU XUẤT KHẨU ĐẾN NĂM 2030': '1. Sản phẩm tham gia xuất khẩu' states numbers (targets), '2.
    Phát triển thị trường xuất khẩu' (seven market paragraphs of work) and '3. Phát triển dịch vụ hỗ trợ xuất
    khẩu' (four bullets) name none: they are tasks. Hand count 29; before: 18."""
    tasks = segment(ingest(EXPORT)).tasks
    assert len(tasks) == 29
    assert any(t.text.startswith("Tiếp tục được xác định là thị trường xuất khẩu chính") for t in tasks)
    assert not any("tấn" in t.text[:80] for t in tasks)


def test_a_group_line_with_figures_and_objectives_with_figures_are_targets():
    """'- Các sản phẩm trái cây**: *Tổng sản phẩm ... đạt trên 46.200 tấn; ... 48,3 triệu USD ...' heads the
    fruit list and states its own figures (the '46.200' wrapped to a line start, which is no item 46), and
    'I. MỤC TIÊU' '3. Phấn đấu ... đạt 400 triệu USD, tăng bình quân ... 10 - 13%/năm' states the plan's
    headline figures. Before: 25 of the 35 hand-counted values."""
    seg = segment(ingest(EXPORT))
    metrics = [(m.value, m.value_max, m.unit) for t in seg.targets for m in t.metrics]
    assert (46200.0, None, "tấn") in metrics and (48.3, None, "triệu USD") in metrics
    assert (400.0, None, "triệu USD") in metrics and (10.0, 13.0, "%") in metrics
    assert (5.0, 6.0, "%") in metrics  # "05" then "- 06%/năm" on the next line: a range, not a bullet
    assert not [d for d in seg.diagnostics if "'46.'" in d.message]


def test_a_bullet_alone_on_its_line_takes_the_words_of_the_next():
    """The crawl wraps '-' and 'Phân công, chỉ đạo, giao trách nhiệm ...' onto two lines: one duty, not a
    paragraph continuing the duty before it. Hand count 34; before: 32."""
    tasks = segment(ingest(INVENTORY)).tasks
    assert len(tasks) == 34
    assert any(t.text.lstrip("- ").startswith("Phân công, chỉ đạo, giao trách nhiệm") for t in tasks)


def test_ministries_are_central_and_a_decision_without_work_says_why():
    """'Bộ Nội vụ' (8151/BNV-CCHC: the ministry's code is the number's first part) and 1074/QĐ-BXD (a B...
    code) are central; before: 'unknown'. The decision's only duty sits in 'Điều 3. Tổ chức thực hiện' (an
    implementation article): no task, and a diagnostic says so."""
    letter = segment(ingest(MINISTRY_LETTER))
    decision = segment(ingest(MINISTRY_DECISION))
    assert letter.meta.level == "central" and decision.meta.level == "central"
    assert not decision.tasks
    assert [d for d in decision.diagnostics if d.code == "no-tasks"]


def test_the_national_congress_and_a_state_conclusion_are_cited():
    """'Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII' (with 'Đảng', wrapped before 'XIII') names the national
    congress, and 'Kết luận liên ngành Tư pháp Trung ương số 23/KL-LNTPTW' is a State-form conclusion of a
    central issuer. Before: both missed."""
    from pipeline.extract import extract_file

    kl = extract_file(DOCS / "central_VPTW_07-KL-VPTW_2025-12-01_ket-luan-hoi-nghi-van-phong-cap-uy.md")
    assert "congress:XIII:central" in {d.id for d in kl.directives}
    assert "23/KL-LNTPTW" in {d.id for d in extract_file(DRUGS).directives}


def test_a_letters_request_after_its_purpose_clause_is_its_task():
    """A ministry's letter with no list: the subject line 'V/v lấy ý kiến ...' makes it a letter (CV), and
    'Để tiếp tục hoàn thiện dự thảo Báo cáo, Bộ Nội vụ đề nghị các bộ, cơ quan ngang bộ ... nghiên cứu, tham
    gia góp ý ...' is its one task (hand count 1; before: 0 and no word why). The reply address paragraph
    ('Văn bản tham gia ý kiến ... đề nghị gửi về Bộ Nội vụ ...') asks no body to act."""
    seg = segment(ingest(MINISTRY_LETTER))
    assert seg.meta.doc_type == "CV"
    assert len(seg.tasks) == 1 and "đề nghị các bộ" in seg.tasks[0].text


def test_a_body_after_cac_in_lower_case_is_assigned_work():
    """Orders and requests name bodies in lower case after 'các' ('Giao các chi bộ ...', 'Đề nghị các bộ, cơ
    quan ngang bộ ...', 'Yêu cầu các cơ quan, đơn vị ...'): they assign work as 'Giao Ủy ban nhân dân xã ...'
    does. Before: only capitalised names were bodies, so a conclusion's 'Giao các chi bộ ...' was no task."""
    from pipeline.segment import roles

    assert roles.is_assignment("Giao các chi bộ tổ chức quán triệt, triển khai thực hiện nghị quyết.", True)
    assert roles.is_assignment("Đề nghị các chi bộ khẩn trương rà soát, báo cáo kết quả.", True)
    assert roles.is_assignment("Giao Ủy ban nhân dân xã chủ trì, phối hợp thực hiện.", True)
    assert not roles.is_assignment("Các chi bộ đã tổ chức quán triệt đầy đủ nghị quyết.", True)
