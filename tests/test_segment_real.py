"""Real documents (tests/data/real, see SOURCES_segment.tsv); counts verified by reading the files."""

from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.segment import segment

REAL = Path(__file__).resolve().parent / "data" / "real"


def seg(name):
    return segment(ingest(REAL / name))


def test_03_appendix_II_tasks():
    s = seg("central_03-NQ-CP_PhuLucII_danh-muc-nhiem-vu.md")
    assert len(s.tasks) == 140
    assert Counter(t.group for t in s.tasks) == {"I": 13, "II": 29, "III": 34, "IV": 12, "V": 28, "VI": 15, "VII": 9}
    assert [t.marker for t in s.tasks][:3] == ["1", "2", "3"]
    # every row has a lead body; every row but 42 (empty cell in the source) has a deadline
    assert all(t.lead for t in s.tasks)
    assert [t.marker for t in s.tasks if not t.deadline] == ["42"]
    t1 = s.tasks[0]
    assert t1.lead == "Bộ Khoa học và Công nghệ" and t1.deadline == "6/2025"
    assert "Ban Tuyên giáo Trung ương" in t1.partners


def test_03_appendix_I_targets():
    s = seg("central_03-NQ-CP_PhuLucI_chi-tieu.md")
    assert len(s.targets) == 57
    labels = [t.label for t in s.targets]
    assert sum(1 for x in labels if "." not in x) == 41
    assert [x for x in labels if x.startswith("11.")] == [f"11.{i}" for i in range(1, 13)]
    assert [x for x in labels if x.startswith("23.")] == [f"23.{i}" for i in range(1, 5)]
    by = {t.label: t for t in s.targets}

    def m(label, i=0):
        x = by[label].metrics[i]
        return x.value, x.value_max, x.comparator

    assert m("4") == (3, None, "<=") and m("4", 1) == (50, None, "<=")
    assert m("10") == (30, None, ">=") and by["10"].unit == "% GDP"
    assert m("16") == (60, None, ">") and m("19") == (40, 50, None) and m("14") == (0.7, None, ">")
    assert m("41") == (20, 50, None) and m("29") == (3, None, ">=") and m("23.2")[0] == 9
    assert by["1"].qualitative and by["36"].group == "II" and by["36"].metrics[0].deadline == 2045


def test_57_inline_targets_and_tasks():
    s = seg("central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md")
    assert (s.meta.doc_type, s.meta.number, s.meta.level) == ("NQ", "57-NQ/TW", "central")
    ms = [(m.value, m.unit, m.comparator) for t in s.targets for m in t.metrics]
    assert (55, "%", ">") in ms and (30, "% GDP", ">=") in ms and (12, "người", "=") in ms
    assert (50, "% GDP", ">=") in ms  # 2045 vision
    assert all(m.value != 5 for t in s.targets if "5G" in t.text for m in t.metrics)
    # III: 2 + 4 + 6 + 3 + 3 + 4 bullets, and the lone paragraph of section 7
    assert len(s.tasks) == 23 and all(t.path[0] == "III" for t in s.tasks)
    assert Counter(t.path[1] for t in s.tasks) == {"1": 2, "2": 4, "3": 6, "4": 3, "5": 3, "6": 4, "7": 1}
    assert [r.body for r in s.responsibilities][1:] == [
        "Đảng đoàn Quốc hội", "Ban cán sự đảng Chính phủ",
        "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội", "Ban Tuyên giáo Trung ương",
        "Văn phòng Trung ương Đảng"]


def test_laocai_body_targets_tasks_responsibilities():
    s = seg("laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt")
    meta = (s.meta.number, s.meta.doc_type, s.meta.level, s.meta.date)
    assert meta == ("104-CTr/TU", "CTr", "province", "2026-08-30")
    assert s.meta.issuer == "Tỉnh ủy Lào Cai"
    # II.2: 2.1 (one line) + 3 + 2 + 2 + 5 bullets
    assert len([t for t in s.targets if t.id.startswith("II/")]) == 13
    ms = [(m.value, m.value_max, m.unit, m.comparator) for t in s.targets for m in t.metrics]
    assert (2, None, "%", ">=") in ms and (30, None, "%", "<") in ms and (1.0, 1.5, "%", None) in ms
    # III.3: 4 + 4 + 4 + 9 + 3 + 6 + 4 + 3 + 2 bullets, plus the two paragraphs of III.1 and III.2
    assert Counter(t.path[-1] for t in s.tasks if t.id.startswith("III/3")) == {
        "3.1": 4, "3.2": 4, "3.3": 4, "3.4": 9, "3.5": 3, "3.6": 6, "3.7": 4, "3.8": 3, "3.9": 2}
    assert [r.body for r in s.responsibilities] == [
        "Các cấp ủy, tổ chức đảng", "Đảng ủy Ủy ban nhân dân tỉnh", "Đảng uỷ Hội đồng nhân dân tỉnh",
        "Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh", "Ban Tuyên giáo Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"]


@pytest.mark.parametrize("name", ["central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md",
                                  "bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md"])
def test_full_plans_segment(name):
    s = seg(name)
    body = [t for t in s.tasks if t.group is None]
    assert len(body) > 100 and all(t.text and t.path for t in body)
    assert len({t.id for t in s.tasks}) == len(s.tasks)


def test_03_full_counts():
    s = seg("central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md")
    assert (s.meta.number, s.meta.doc_type, s.meta.level, s.meta.date) == ("03/NQ-CP", "NQ", "central", "2025-01-09")
    assert Counter(t.path[0] for t in s.tasks if t.group is None) == {"II": 106}
    assert len([t for t in s.tasks if t.group]) >= 140
    # 57 from the objectives and the appendix table; 5 more stated inside task bullets ("Phấn đấu ...
    # có ít nhất 05 dự án", "Bố trí ít nhất 15% ngân sách ..."), each a target besides its task
    in_tasks = [t for t in s.targets if t.id.rsplit("/", 1)[-1].startswith("m")]
    # and the objectives' number-less sentences as qualitative targets ("Tổ chức thể chế hóa ...")
    words = [t for t in s.targets if t.id.rsplit("/", 1)[-1].startswith("q")]
    assert len(s.targets) - len(in_tasks) - len(words) == 57 and len(in_tasks) == 5
    assert words and all(t.qualitative and not t.metrics for t in words)
    assert {m.value for t in in_tasks for m in t.metrics} == {25, 5, 1, 15}


def test_bacninh_counts():
    s = seg("bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md")
    meta = (s.meta.number, s.meta.doc_type, s.meta.level, s.meta.date)
    assert meta == ("144/KH-UBND", "KH", "province", "2025-11-24")
    # IV.3 holds '*3.1.' / '*3.2.' / '*3.3.' with their titles on the next line: three sub-headings, so
    # '**3. Thương mại, công nghiệp và năng lượng**' is a heading, not a task (75 before shapes3)
    assert Counter(t.path[0] for t in s.tasks) == {"III": 63, "IV": 74, "V": 32}
    assert [t.path[:3] for t in s.tasks if t.text.startswith("Lĩnh vực năng lượng")] == [["IV", "3", "3.3"]]


def test_laocai_column_appendices():
    """Phụ lục 1 (15 target rows) and Phụ lục 2 laid out as pdftotext columns. Phụ lục 2 has 27 task
    rows, not 24: group I numbers its 3 rows 1-3, then group II numbers its rows 1-24 across II.1-II.7."""
    s = seg("laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt")
    tg = [t for t in s.targets if t.section == "PL1"]
    assert [t.label for t in tg] == [str(i) for i in range(1, 16)]
    by = {t.label: t for t in tg}
    assert by["1"].text == "Tỷ lệ chi sự nghiệp bảo vệ môi trường trong tổng chi ngân sách nhà nước hằng năm"
    m = by["1"].metrics[0]
    assert (m.value, m.unit, m.comparator, m.deadline) == (2, "%", ">=", 2030) and by["1"].lead == "Đảng ủy UBND tỉnh"
    m = by["13"].metrics[0]
    assert (m.value, m.value_max, m.unit) == (1.0, 1.5, "%")
    assert (by["11"].metrics[0].value, by["11"].unit) == (1, "khu")
    assert (by["6"].metrics[0].value, by["6"].metrics[0].comparator) == (30, "<")
    assert by["8"].text.endswith("có khả năng chống chịu với các loại hình thiên tai chủ yếu")  # row across a page
    tk = [t for t in s.tasks if t.section == "PL2"]
    assert len(tk) == 27
    assert Counter(t.group for t in tk) == {"I": 3, "II": 24}
    assert Counter(t.path[-1] for t in tk if t.group == "II") == {
        "II.1": 7, "II.2": 3, "II.3": 3, "II.4": 2, "II.5": 2, "II.6": 4, "II.7": 3}
    first, last = tk[0], tk[-1]
    assert (first.marker, first.lead, first.deadline) == ("1", "Các cấp ủy, tổ chức đảng", "Trước ngày 15/10/2026")
    assert first.text.startswith("Tổ chức nghiên cứu, học tập") and first.text.endswith("trên địa bàn tỉnh.")
    assert (last.marker, last.lead, last.deadline) == ("24", "Đảng ủy UBND tỉnh", "2026 - 2030")
    assert last.path == ["II", "II.7"] and last.headings == [
        "Nhiệm vụ thực hiện theo lộ trình đến năm 2030", "Phát triển khoa học, công nghệ, chuyển đổi số"]
    assert all(t.lead and t.deadline for t in tk)
    by = {t.id: t for t in tk}
    t8 = by["PL2/II.2/8"]
    assert (t8.lead, t8.deadline) == ("Đảng ủy HĐND tỉnh; Đảng uỷ UBND tỉnh", "2026 - 2027")
    assert by["PL2/II.3/11"].deadline.startswith("2026 – 2030 (Ngay sau khi")
