"""Shapes of the round-5 documents of helper shapes6 (tests/data/realshapes, dev documents only)."""

from pathlib import Path

from pipeline.extract import extract_file
from pipeline.ingest import ingest
from pipeline.segment import segment
from pipeline.segment.vocab import vocab

DOCS = Path(__file__).resolve().parent / "data" / "realshapes" / "docs"


def _seg(name: str):
    return segment(ingest(DOCS / name))


def test_a_report_outline_after_the_signature_assigns_nothing():
    """Công Hải 10-KH/ĐU (plan to review anti-corruption work): after the signature an appended
    'ĐỀ CƯƠNG BÁO CÁO' ('III. NHIỆM VỤ, GIẢI PHÁP PCTNLPTC THỜI GIAN TỚI' 1.1-1.6, 2.1-2.3) and a
    'THỐNG KÊ SỐ LIỆU' sheet (rows 2.1-10.6) are what reporters must fill in, not the plan's tasks.
    Before: 43 tasks, 41 of them from the outline and the sheet."""
    s = _seg("commune_xaCongHai-KhanhHoa_10-KH-DU_2025-09-08_tong-ket-PCTNLPTC-nhiem-ky-XIII.md")
    assert s.tasks and all(t.path[:1] == ["II"] and t.path[1:2] == ["1"] for t in s.tasks)
    assert s.tasks[0].text.startswith("- Đánh giá tình hình, kết quả thực hiện công tác PCTNLPTC")
    assert not [t for t in s.tasks if "Nhiệm vụ, giải pháp" in t.text or "Số" in t.text[:6]]
    assert vocab().templates.search("ĐỀ CƯƠNG BÁO CÁO phục vụ làm việc")
    assert not vocab().templates.search("theo đề cương báo cáo đính kèm")  # words in running text


def test_a_part_whose_heading_runs_into_its_content_is_one_task():
    """Công Hải 12-KH/ĐU (meeting plan): 'II. Nội dung làm việc: Tình hình, kết quả ...' is the one
    task (its title runs into its content); the appended outline's 'III. Nhiệm vụ, giải pháp trọng tâm
    03 tháng cuối năm 2025' is not. Before: one task, '(Đính kèm đề cương báo cáo phục vụ làm việc)'."""
    s = _seg("commune_xaCongHai-KhanhHoa_12-KH-DU_2025-09-18_lam-viec-to-chuc-co-so-dang.md")
    assert [t.text[:48] for t in s.tasks] == ["Tình hình, kết quả lãnh đạo thực hiện nhiệm vụ Q"]


def test_a_one_paragraph_notice_has_its_order_as_its_task():
    """Công Hải 7-TB/ĐU: no heading, no list; the decision paragraph approves, the last paragraph
    'Giao Ban Xây dựng Đảng, Uỷ ban MTTQ Việt Nam xã chỉ đạo ... theo quy định./.' (which also ends the
    text) charges two bodies. Before: no task."""
    s = _seg("commune_xaCongHai-KhanhHoa_07-TB-DU_2025-08-29_chu-truong-kien-toan-PCT-Hoi-Nong-dan.md")
    assert [t.text[:40] for t in s.tasks] == ["Giao Ban Xây dựng Đảng, Uỷ ban MTTQ Việt"]


def test_a_conclusion_without_a_tasks_part_gives_what_it_asks_and_assigns():
    """Công Hải 20-TB/ĐU: topics 1.1-1.4 with no heading naming work; the tasks are the requests and
    assignments ('- Về chương trình Đại hội: Đềnghịtiếp tục rà soát ...', 'Đề nghị Ban Thường trực ...',
    '1.4. Phân công đồng chí Phó Bí thư ...'); the approved congress dates ('+ Đại hội MTTQVN xã: Từ ngày
    29/10 ...') and the lead-in ending '... lưu ý một số nội dung sau:' are not. Before: no task."""
    s = _seg("commune_xaCongHai-KhanhHoa_20-TB-DU_2025-10-16_ket-luan-Thuong-truc-dai-hoi-MTTQ-doan-the.md")
    assert len(s.tasks) == 6
    assert s.tasks[-1].text.startswith("1.4. Phân công đồng chí Phó Bí thư")
    assert not [t for t in s.tasks if "Đại hội MTTQVN xã: Từ ngày" in t.text]
    v = vocab()
    assert v.assign_plea.search("Vềchương trình Đại hội: Đềnghịtiếp tục rà soát")
    assert v.assign_order.search("Giao Đảng uỷUBND xã chỉ đạo tiếp thu")  # two names glued by the PDF layer
    assert not v.assign_order.search("Giao ban tuần của Thường trực")  # a briefing, not an order


def test_shortcomings_are_assessed_and_a_work_topic_keeps_its_bullets_beside_its_orders():
    """Công Hải 17-TB/ĐU: under 'I.', '2. Bên cạnh những kết quả đạt được, ... một số mặt hạn chế, khó
    khăn ...' lists shortcomings (not tasks); '3. Về nhiệm vụ, giải pháp trọng tâm ...' keeps its three
    bullets besides the 'Giao ...' paragraphs after them; 'II.' runs into one paragraph that charges the
    commune People's Committee's Party committee. Before: the four shortcomings and two 'Giao' paragraphs."""
    s = _seg("commune_xaCongHai-KhanhHoa_17-TB-DU_2025-10-01_ket-luan-BTV-hop-30-9.md")
    heads = [t.text[:30] for t in s.tasks]
    assert len(s.tasks) == 7
    assert heads[:3] == ["- Tập trung làm tốt công tác q", "- Tiếp tục chỉ đạo đẩy mạnh cô",
                         "- Tăng cường công tác phối hợp"]
    assert not [t for t in s.tasks if "tiềm ẩn nguy cơ" in t.text or "chưa bảo đảm tiến" in t.text]
    assert [t.id for t in s.tasks].count("II") == 1


def test_themes_that_defer_to_the_appendix_table_are_its_groups():
    """Nghệ An 980/KH-UBND: 'II. NỘI DUNG' lists eight themes, then '(Chi tiết Danh mục nhiệm vụ tại
    Phụ lục kèm theo)'; the tasks are the rows of the assignment table after the signature (lead body,
    partners, deadline, product). Before: the eight themes as tasks besides the rows (25 for 18)."""
    s = _seg("province_NgheAn_980-KH-UBND_2025-11-18_thi-hanh-ND-200-2025-phong-thu-dan-su.md")
    assert s.tasks and all("/T" in t.id for t in s.tasks)  # every task is a table row
    assert s.tasks[0].text.startswith("Tổ chức lại Ban Chỉ huy Phòng thủ dân sự") and s.tasks[0].lead
    assert not [t for t in s.tasks if t.text.startswith("1. Kiện toàn và hoàn thiện")]


def test_a_schemes_table_gives_tasks_and_a_rows_second_line_is_not_one():
    """394/NQ-CP (Government): the appendix 'DANH MỤC ĐỀ ÁN ƯU TIÊN' has the column 'Tên đề án ưu tiên'
    and a row whose lead bodies take two lines ('Trung ương Mặt trận ...' then 'Ủy ban nhân dân các
    tỉnh ... | Đài Truyền hình ...'): three tasks, not four, besides the 47 of part III. The number,
    lost with the crawled letterhead, is the one the appendix caption gives ('Kèm theo Nghị quyết số
    394/NQ-CP ngày 03 tháng 12 năm 2025'), and it is not a citation of the resolution itself."""
    name = "central_CP_394-NQ-CP_2025-12-03_phong-trao-toan-dan-bao-ve-moi-truong-rac-thai.md"
    s = _seg(name)
    rows = [t for t in s.tasks if "/T" in t.id]
    assert [t.text[:12] for t in rows] == ["Đề án triển ", "Đề án xử lý,", "Đề án đầu tư"]
    assert rows[0].lead == "Trung ương Mặt trận Tổ quốc Việt Nam"
    assert len(s.tasks) == 50
    assert (s.meta.number, s.meta.date, s.meta.level) == ("394/NQ-CP", "2025-12-03", "central")
    assert "394/NQ-CP" not in [d.id for d in extract_file(DOCS / name).directives]


def test_the_commune_party_boards_number_their_submissions_and_reports():
    """Tờ trình and Báo cáo of a commune Party committee's Ban Xây dựng Đảng (BXDĐ) and of the Party
    committee of the commune People's Committee (ĐUUBND), one cut after its hyphen by a line break."""
    tb17 = extract_file(DOCS / "commune_xaCongHai-KhanhHoa_17-TB-DU_2025-10-01_ket-luan-BTV-hop-30-9.md")
    assert {"14-TTr/ĐUUBND", "50-TTr/BXDĐ", "52-TTr/BXDĐ", "49-TTr/BXDĐ"} <= {d.id for d in tb17.directives}
    tb20 = extract_file(DOCS / ("commune_xaCongHai-KhanhHoa_20-TB-DU_2025-10-16_"
                                "ket-luan-Thuong-truc-dai-hoi-MTTQ-doan-the.md"))
    assert [d.id for d in tb20.directives] == ["03-BC/BXDĐ", "13-BC/BXDĐ"]


def test_a_crawled_pages_own_furniture_cites_nothing():
    """Nghệ An 980/KH-UBND as thuvienphapluat.vn serves it: after the document the page goes on with
    'Văn bản này chưa cập nhật nội dung Tiếng Anh', related acts and the site's notice on Nghị định
    13/2023/NĐ-CP (personal data): that number is the site's, the five before it are the plan's."""
    plan = extract_file(DOCS / "province_NgheAn_980-KH-UBND_2025-11-18_thi-hanh-ND-200-2025-phong-thu-dan-su.md")
    ids = [d.id for d in plan.directives]
    assert ids == ["1899/QĐ-TTg", "200/2025/NĐ-CP", "118/2008/QĐ-TTg", "92/2009/TT-BTC", "85/2020/TT-BTC"]


def test_one_act_with_its_joint_issuers_in_two_orders_is_one_citation(tmp_path):
    """A Front plan signed jointly is numbered 16/KH-MTTQ-BTT (tests/data/real holds it) and cited
    elsewhere as 16/KH-BTT-MTTQ too; and the plan's own number written in the other order is no
    citation of itself."""
    from pipeline.cite import find_in_text

    hits = find_in_text("Thực hiện Kế hoạch số 16/KH-MTTQ-BTT ngày 18/11/2025 của Ban Thường trực Ủy ban MTTQ "
                        "xã Lương Minh ... theo Kế hoạch số 16/KH-BTT-MTTQ, các ban công tác Mặt trận")
    assert [h.id for h in hits] == ["16/KH-MTTQ-BTT", "16/KH-MTTQ-BTT"] and hits[1].form == "variant"
    doc = tmp_path / "ke-hoach.txt"
    doc.write_text("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH\nSố: 16/KH-MTTQ-BTT\nKẾ HOẠCH\nCông tác bầu cử\n"
                   "I. NHIỆM VỤ\n1. Triển khai Kế hoạch số 16/KH-BTT-MTTQ đến các ban công tác Mặt trận.\n",
                   encoding="utf-8")
    assert [d.id for d in extract_file(doc).directives] == []
