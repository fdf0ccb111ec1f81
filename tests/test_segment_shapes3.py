"""Shapes met in the third round of real documents (tests/data/realshapes, round 3), on excerpts of
the development documents (tests/data/shapes/SOURCES.tsv)."""

from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
ROOT = Path(__file__).resolve().parents[1]


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


def test_citations_of_round_three():
    """Lines of the round-3 development documents: a joint resolution named again by its short form
    (Lương Minh, hội nghị hiệp thương lần thứ hai) keeps its full id; the former labour ministry's
    code without 'B' (Cần Thơ 159) and a provincial 'Phương án' (Quảng Trị 06/CT) are citations."""
    from pipeline.cite import find_in_text

    text = ("Căn cứ Nghị quyết liên tịch số 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN, ngày 26 tháng 9 năm 2025 "
            "của Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam;\n"
            "5. Hội nghị thông qua biên bản (theo Mẫu số 01/BCĐBHĐND-MT ban hành kèm theo Nghị quyết liên tịch "
            "số 102 của Ủy ban Thường vụ Quốc hội, Chính phủ và Đoàn Chủ tịch Ủy ban Trung ương "
            "Mặt trận Tổ quốc Việt Nam).")
    assert {h.id for h in find_in_text(text) if h.id} == {"102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"}
    # another resolution numbered 102 by another issuer is not folded into it
    other = text + "\nThực hiện Nghị quyết số 102 ngày 03/10/2025 của Ban Thường vụ Tỉnh ủy."
    assert "102-NQ/TU" in {h.id for h in find_in_text(other)}
    text = ("Căn cứ Quyết định số\n650/QĐ-LĐTBXH ngày 21 tháng 7 năm 2022 của Bộ trưởng Bộ Lao động - Thương binh "
            "và Xã hội (được điều chỉnh bổ sung bởi Quyết định số 128/QĐ-LĐTBXH ngày 17\ntháng 3 năm 2023); "
            "Chỉ thị số 03/CT-UBND ngày 19/3/2019, Phương án số 728/PA-UBND ngày 28/02/2025 của UBND tỉnh")
    assert [h.id for h in find_in_text(text)] == ["650/QĐ-LĐTBXH", "128/QĐ-LĐTBXH", "03/CT-UBND", "728/PA-UBND"]


def test_campaign_theme_is_not_a_task():
    """Đắk Lắk 0124/KH-UBND (emulation campaign): 'II. NỘI DUNG THI ĐUA' -> '1. Chủ đề thi đua' over a
    quoted motto, '2. Thời gian thực hiện: ...' (a field), '3. Nội dung thi đua' a)-d): four tasks."""
    s = segment(ingest(SHAPES / "province_DakLak_0124-KH-UBND_excerpt.md"))
    assert [(t.path, t.marker) for t in s.tasks] == [(["II", "3"], m) for m in ("a)", "b)", "c)", "d)")]
    assert not [t for t in s.tasks if t.text.lstrip("“\"").startswith("Lập thành tích")]


def test_column_number_row_of_a_task_table_is_not_a_task():
    """Lào Cai KH on 11-CT/TU (original .docx, dev): the appendix table numbers its columns
    '(1) (2) (3) (4) (5)' under the header; its 14 rows are tasks, the numbering row is not."""
    doc = Path(__file__).resolve().parent / "data" / "realshapes" / "docs" / (
        "province_LaoCai_KH-UBND-unnumbered_2026_trien-khai-11-CT-TU-khoang-san.docx")
    s = segment(ingest(doc))
    rows = [t for t in s.tasks if "/T" in t.id]
    assert len(rows) == 14 and rows[0].text.startswith("Tổ chức quán triệt sâu rộng Chỉ thị")
    assert rows[1].lead == "Sở Nông nghiệp và Môi trường" and rows[1].deadline == "Xong trong tháng 5/2026"
    assert not [t for t in s.tasks if t.text.strip() in ("(1)", "1")]


def test_front_heading_with_a_stray_slash_names_the_issuer():
    """Lương Minh, hội nghị hiệp thương lần thứ hai (.docx, dev): the heading cell opens with a typed
    '/' and writes 'ỦY BAN MTTQ VIỆT NAM'; the issuing sentence says 'Ban Thường trực Ủy ban Mặt trận
    Tổ quốc Việt Nam xã ban hành ...' without the place: the heading's fuller name is the issuer."""
    from pipeline.segment.issuer import issuer

    texts = ["/ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH BAN THƯỜNG TRỰC Số: /KH-MTTQ-BTT  CỘNG HOÀ XÃ HỘI CHỦ NGHĨA "
             "VIỆT NAM Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH",
             "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã ban hành kế hoạch tổ chức hội nghị hiệp thương "
             "lần thứ hai để thỏa thuận, lập danh sách sơ bộ những người ứng cử, cụ thể như sau:"]
    assert issuer(texts, None) == "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"


def test_bold_roman_marker_alone_on_its_line_opens_the_part():
    """Đắk Lắk 0129/KH-UBND (flood relief; a crawl outside the labelled corpus): '**III.' stands alone
    and 'PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ**' follows on the next line. The marker and
    its title are one heading: the parts after 'II. MỤC TIÊU' are not swallowed by the objectives,
    and 'IV. PHÂN CÔNG NHIỆM VỤ' gives its bodies' bullets as tasks (0 before)."""
    s = segment(ingest(SHAPES / "province_DakLak_0129-KH-UBND_excerpt.md"))
    tops = [(x.title.strip("* "), x.role) for x in s.sections if x.depth == 1][:3]
    assert tops == [("MỤC TIÊU", "objectives"), ("PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ", "other"),
                    ("PHÂN CÔNG NHIỆM VỤ", "tasks")]
    assert [t.path for t in s.tasks] == [["IV", "1"]] * 3 + [["IV", "2"]] * 3


def test_a_situation_heading_naming_tasks_is_not_the_tasks_part():
    """Cà Mau 0204/KH-UBND (3-year budget plan, outside the labelled corpus) opens with 'I. TÌNH HÌNH
    THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2025': what was done, not
    the work assigned; 'NHIỆM VỤ' inside it does not make it the tasks part."""
    from pipeline.segment.roles import role_of

    assert role_of("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2025**") == "other"
    assert role_of("**KẾT QUẢ ĐẠT ĐƯỢC TRONG THỰC HIỆN NHIỆM VỤ") == "other"
    assert role_of("NHIỆM VỤ TRỌNG TÂM QUÝ IV") == "tasks"
    assert role_of("NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP") == "tasks"


def test_directive_responsibility_parts_are_what_it_orders():
    """Đắk Lắk 010/CT-UBND (a directive outside the labelled corpus): its parts are 'I. Trách nhiệm
    phối hợp trong công tác thẩm định ...' and 'II. Trách nhiệm phối hợp giải quyết thủ tục ...' (by
    body), then 'III. Tổ chức thực hiện'. No part is named for tasks; a directive's responsibility
    parts are its orders (0 tasks and a no-tasks diagnostic before), its closing part stays apart.
    In a plan the same words keep naming the implementation part."""
    s = segment(ingest(SHAPES / "province_DakLak_010-CT-UBND_excerpt.md"))
    tops = [(x.title[:20], x.role) for x in s.sections if x.depth == 1][:3]
    assert tops == [("Trách nhiệm phối hợp", "tasks"), ("Trách nhiệm phối hợp", "tasks"),
                    ("Tổ chức thực hiện**", "implementation")]
    assert [t.path for t in s.tasks] == [["I", "1"], ["I", "1"], ["II"], ["II"]]
    assert not [d for d in s.diagnostics if d.code == "no-tasks"]
    plan = segment(ingest(SHAPES / "province_CanTho_159-KH-UBND_excerpt.md"))
    assert [x.role for x in plan.sections if x.depth == 1 and "TỔ CHỨC" in x.title] == ["implementation"]


def test_a_web_page_quoting_a_directive():
    """A Q&A page quoting Chỉ thị 32/CT-TTg (tests/data/align/docs, a development alignment parent):
    its title is a question ("Yêu cầu ... gồm những gì?"), which names no purpose part; "... Thủ tướng
    Chính phủ yêu cầu:" announces the numbered bodies (1)-(8), which are then no longer preamble; a
    body with bullets gives its bullets, one without gives itself."""
    path = next((ROOT / "tests" / "data" / "align" / "docs").glob("central_32-CT-TTg_*.md"))
    s = segment(ingest(path))
    assert not [x for x in s.sections if x.role == "purpose"]
    firsts = [t for t in s.tasks if t.path and t.path[-1].startswith("(")]
    assert s.tasks[0].text.startswith("- Tổ chức tự rà soát, đánh giá tất cả")
    assert any(t.text.startswith("(3) Bộ trưởng Bộ Quốc phòng chỉ đạo") for t in s.tasks)
    assert any(t.text.startswith("(8) Giao Bộ trưởng Bộ Công an") for t in s.tasks)
    assert firsts and len(s.tasks) >= 24
