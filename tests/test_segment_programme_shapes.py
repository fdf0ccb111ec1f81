"""Programme shapes of issue #10 on excerpts of real documents (tests/data/shapes/SOURCES.tsv):
a tasks part titled by content, attribute lines as fields, period groups, glued text layers, and
a diagnostic when a programme yields no task."""

from collections import Counter
from pathlib import Path

from pipeline.cite import cite
from pipeline.ingest import ingest
from pipeline.segment import markers, roles, segment

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"


def test_commune_programme_tasks_part_titled_noi_dung():
    """Xã Công Hải 23-CTr/ĐU: 'II. NỘI DUNG' -> '1. Kinh tế' -> '1.1. ...:' -> '-' bullets, read from a
    PDF text layer with glued words ('chỉtiêu', 'Đảng bộxã', 'nhiệm kỳ2025', 'Chỉ thịsố38-CT/TW')."""
    doc = ingest(SHAPES / "commune_xaCongHai_23-CTr-DU_excerpt.txt")
    s = segment(doc)
    assert s.meta.doc_type == "CTr"
    assert Counter(t.path[-1] for t in s.tasks) == {"1.1": 7, "1.2": 4, "2.1": 6}
    assert all(t.path[0] == "II" for t in s.tasks)
    assert s.tasks[1].text.startswith("- Kế hoạch hành động thực hiện Nghị quyết số 68-NQ/TW")
    # the purpose items and the implementation are not tasks
    assert [r.body for r in s.responsibilities] == ["Ban Thường vụ Đảng uỷ"]
    glued = {(r.before, r.after) for b in doc.blocks for r in b.repairs if r.kind == "glue"}
    assert {("chỉtiêu", "chỉ tiêu"), ("bộxã", "bộ xã"), ("kỳ2", "kỳ 2")} <= glued
    ids = {d.id for d in cite(doc).directives}
    assert {"38-CT/TW", "68-NQ/TW", "01-NQ/TU", "11-KH/ĐU", "72-NQ/TW", "70-KL/TW", "02-NQ/ĐU", "57-NQ/TW"} <= ids


def test_attribute_lines_are_fields_not_tasks():
    """Hà Nội 308/KH-UBND: 'a) Nhiệm vụ:' (inline or '-' bullets), 'b) Cơ quan thực hiện:' with
    '- Đơn vị chủ trì:' / '- Đơn vị phối hợp:', 'c) Thời gian thực hiện:'."""
    s = segment(ingest(SHAPES / "province_HaNoi_308-KH-UBND_excerpt.md"))
    assert Counter(t.path[-1] for t in s.tasks) == {"1.1": 1, "a": 3, "4.1": 1, "4.2": 1, "4.3": 1}
    assert not [t for t in s.tasks if "chủ trì:" in t.text or "Thời gian thực hiện" in t.text]
    first = s.tasks[0]
    assert first.text.startswith("Tham mưu UBND")  # the task's words, without 'a) Nhiệm vụ:'
    assert (first.lead, first.partners, first.deadline) == (
        "Sở Khoa học và Công nghệ", ["Các Sở, ban, ngành"], "Hoàn thành trong năm 2025")
    bullets = [t for t in s.tasks if t.path[-1] == "a"]
    assert {t.lead for t in bullets} == {"Các Sở, ban, ngành"}
    assert all(t.partners == ["Sở Khoa học và Công nghệ", "UBND xã, phường"] for t in bullets)
    assert s.tasks[-1].deadline == "Thực hiện thường xuyên"


def test_period_groups_are_sections_and_deadlines():
    s = segment(ingest(SHAPES / "chuong_trinh_ktgs_theo_nam.txt"))
    assert [t.path for t in s.tasks] == [
        ["II", "Năm 2026", "Về kiểm tra"], ["II", "Năm 2026", "Về kiểm tra"], ["II", "Năm 2026", "Về giám sát"],
        ["II", "Năm 2027"], ["II", "Quý IV/2027"]]
    assert s.tasks[0].id == "II/năm-2026/về-kiểm-tra/1"
    # a task without its own deadline takes its period's; one that names its quarter keeps it
    assert [t.deadline for t in s.tasks] == ["Năm 2026", "quý III/2026", "Năm 2026", "Năm 2027", "Quý IV/2027"]
    assert s.tasks[0].lead == "Ban Xây dựng Đảng"
    periods = [x for x in s.sections if x.marker and x.title.startswith(("Năm", "Quý"))]
    assert [x.label for x in periods] == ["Năm 2026", "Năm 2027", "Quý IV/2027"]


def test_period_marker_only_for_a_line_that_names_a_period():
    assert markers.parse("* Năm 2026: (02 cuộc kiểm tra, 02 cuộc giám sát)").style == "period"
    assert markers.parse("Quý I/2026").label == "Quý I/2026"
    assert markers.parse("- Giai đoạn 2026 – 2028:").label == "Giai đoạn 2026 – 2028"
    assert markers.parse("Năm 2026, tập trung thực hiện các nhiệm vụ sau:") is None
    assert markers.parse("Năm 2025 - 2026") is None or markers.parse("Năm 2025 - 2026").style == "period"


def test_role_words_come_from_the_data_file_as_whole_words():
    assert roles.role_of("CHƯƠNG TRÌNH HÀNH ĐỘNG THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ") is None
    assert roles.role_of("BIỂU 1. DANH MỤC") == "appendix"
    assert roles.role_of("NỘI DUNG") == "tasks" and roles.role_of("VỀ NỘI DUNG KIỂM TRA, GIÁM SÁT") == "tasks"
    assert roles.role_of("PHƯƠNG PHÁP, CÁC BƯỚC GIÁM SÁT") == "other"
    assert roles.is_closing("T/M ĐẢNG UỶ") and roles.is_closing("BÍ THƯ") and not roles.is_closing("Tổ chức")


def test_programme_without_tasks_says_why(tmp_path):
    """The 23-CTr/ĐU excerpt with its tasks part emptied: a warning, not silence."""
    text = (SHAPES / "commune_xaCongHai_23-CTr-DU_excerpt.txt").read_text(encoding="utf-8")
    head, rest = text.split("II. NỘI DUNG", 1)
    tail = rest[rest.index("III. TỔ CHỨC THỰC HIỆN"):]
    p = tmp_path / "ctr_khong_nhiem_vu.txt"
    p.write_text(head + "II. NHIỆM VỤ\n" + tail, encoding="utf-8")
    s = segment(ingest(p))
    assert s.tasks == []
    d = [x for x in s.diagnostics if x.code == "no-tasks"]
    assert len(d) == 1 and "CTr" in d[0].message and "NHIỆM VỤ" in d[0].message


def test_task_table_laid_out_one_cell_a_line():
    """Đồng Tháp 617/KH-UBND PHỤ LỤC: STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian
    hoàn thành, one cell a line between '|' lines, group rows 'I.'..'IV.' written in one cell."""
    s = segment(ingest(SHAPES / "province_DongThap_617-KH-UBND_phu-luc_excerpt.md"))
    assert [t.marker for t in s.tasks] == [str(i) for i in range(1, 12)]
    assert Counter(t.group for t in s.tasks) == {"I": 3, "II": 4, "III": 1, "IV": 3}
    first = s.tasks[0]
    assert first.text.startswith("Triển khai nền tảng đào tạo trực tuyến mở đại trà")
    assert (first.lead, first.partners, first.deadline) == (
        "Sở KH&CN", ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"], "Thường xuyên")
    assert s.tasks[3].deadline == "Quí IV-2025" and s.tasks[4].lead == "Sở Công Thương"


def test_work_programme_by_period_with_responsibility_lines():
    """Công Hải 22-CTr/ĐU B.II: period headings '1. Quý IV năm 2025', '2. Năm 2026' ... over items
    '2.1.' each followed by who prepares it, unmarked or dashed ('- Ban Xây dựng Đảng tham mưu, thực
    hiện trong Quý II/2028.'): those lines are fields; a period with one paragraph is one task."""
    s = segment(ingest(SHAPES / "commune_xaCongHai_22-CTr-DU_excerpt.txt"))
    assert Counter(t.deadline for t in s.tasks if t.deadline and t.deadline.startswith(("Năm", "Quý IV n"))) == {
        "Quý IV năm 2025": 4, "Năm 2026": 8, "Năm 2028": 2, "Năm 2029": 1}
    assert len(s.tasks) == 16 and not [t for t in s.tasks if t.text.startswith("- Ban")]
    by = {t.id: t for t in s.tasks}
    assert by["II/4/4.1"].lead == "Ban Xây dựng Đảng"
    assert by["II/4/4.2"].partners == ["Ban Xây dựng Đảng", "Đảng uỷUBND xã", "Văn phòng Đảng uỷ"]
    assert by["II/3"].text.startswith("Lãnh đạo, chỉ đạo công tác tổ chức Đại hội")  # not "3. Năm 2027 ..."
    # an unmarked responsibility line run into the item: the lead is the body, not the item's words
    assert by["II/1/1.1"].lead == "Ban Xây dựng Đảng" and by["II/3"].lead == "Ban Xây dựng Đảng"


def test_task_table_resources_column():
    """Hồ Chí Minh 2820/QĐ-UBND PHỤ LỤC: TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian dự kiến
    hoàn thành | Kết quả dự kiến | Nguồn kinh phí; a period in a cell ('Năm 2025 - 2026') is a cell, not a section."""
    s = segment(ingest(SHAPES / "province_HCM_2820-QD-UBND_phu-luc_excerpt.md"))
    assert [(t.group, t.marker) for t in s.tasks] == [("I", "1"), ("I", "2")]
    one, two = s.tasks
    assert (one.lead, one.deadline, one.output) == (
        "Sở Tài chính", "Quý IV/2025", "Luật Quy hoạch, Quyết định của cấp có thẩm quyền")
    assert one.resources == "Chi thường xuyên hoặc nguồn vốn hợp pháp khác (nếu có)"
    assert (two.deadline, two.output, two.resources) == ("Năm 2025 - 2026", "Nghị định", None)


def test_body_that_leads_its_work_is_a_task_not_a_field(tmp_path):
    """'- Sở Tài chính chủ trì bố trí kinh phí ...' assigns work (the plan shape of tests/test_batch.py);
    '- Ban Xây dựng Đảng tham mưu, thực hiện trong Quý II/2028.' (22-CTr/ĐU) only says who and when."""
    p = tmp_path / "kh.txt"
    p.write_text("KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTriển khai kế hoạch.\nII. NHIỆM VỤ, GIẢI PHÁP\n"
                 "1. Nhiệm vụ chung\n- Sở Tài chính chủ trì bố trí kinh phí thực hiện, hoàn thành trong năm 2026.\n"
                 "- Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát bộ máy, hoàn thành quý II/2026.\n"
                 "2. Sơ kết giữa nhiệm kỳ\n- Ban Xây dựng Đảng tham mưu, thực hiện trong Quý II/2028.\n",
                 encoding="utf-8")
    s = segment(ingest(p))
    assert [t.text[:22] for t in s.tasks] == [
        "- Sở Tài chính chủ trì", "- Sở Nội vụ chủ trì, p", "2. Sơ kết giữa nhiệm k"]
    assert s.tasks[2].lead == "Ban Xây dựng Đảng"


def test_number_labelled_so_hieu_is_the_documents_own(tmp_path):
    """A legal database's copy labels the number above the text ('**Số hiệu:** 23-CTr/ĐU | ...', line 18 of
    the 23-CTr/ĐU file the excerpt comes from) while the print leaves it blank ('Số -CTr/ĐU'): it is the
    document's own number, not a citation."""
    from pipeline.extract import extract_file

    head = "**Số hiệu:** 23-CTr/ĐU | **Ngày ban hành:** 13/11/2025 | **Lĩnh vực:** Kinh tế - Ngân sách\n\n"
    p = tmp_path / "ctr.txt"
    p.write_text(head + (SHAPES / "commune_xaCongHai_23-CTr-DU_excerpt.txt").read_text(encoding="utf-8"),
                 encoding="utf-8")
    ex = extract_file(p)
    assert (ex.meta.number, ex.meta.doc_type) == ("23-CTr/ĐU", "CTr")
    assert "23-CTr/ĐU" not in {d.id for d in ex.directives}
