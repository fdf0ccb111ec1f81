"""Qualitative (number-less) parent targets of 57-NQ/TW against real lower plans (development pairs only):
Hà Nội 310/KH-UBND (5G in industrial parks) and the sample ward programme."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"
HANOI = ROOT / "tests/data/align/docs/hanoi_310-KH-UBND_2025-11-24_ha-tang-5G-IoT_trien-khai-57-NQ-TW.md"
WARD = ROOT / "corpus/000_a9ef7522b32975cc.txt"


@pytest.fixture(scope="module")
def docs():
    from pipeline.extract import extract_file

    return {p: extract_file(p) for p in (PARENT, HANOI, WARD)}


def _compare(docs, child):
    from pipeline.align.core import pair_model
    from pipeline.align.targets import compare_targets

    c, p = docs[child], docs[PARENT]
    return c, p, compare_targets(c, p, pair_model(c, p))


def _parent(p, start: str):
    hits = [t for t in p.targets if t.text.startswith(start)]
    assert hits, start
    return hits[0]


def test_qualitative_5g_target_is_carried_out_by_the_child_number(docs):
    c, p, cmp = _compare(docs, HANOI)
    five_g = _parent(p, "Phủ sóng 5G toàn quốc")
    assert five_g.qualitative and not five_g.metrics
    got = [t for t in cmp if t.parent_target == five_g.id]
    assert len(got) == 1 and got[0].verdict == "qualitative"
    child = next(t for t in c.targets if t.id == got[0].child_target)
    # the numeric child target on 5G stations carries it out, not the status-quo station count
    assert child.metrics and "trạm phát sóng 5G" in child.text and not child.text.startswith("Hiện nay")
    assert "5G" in got[0].terms and "toàn quốc" not in got[0].terms  # scope is not what is done
    assert got[0].reason.startswith("mục tiêu định tính") and "5G" in got[0].reason


def test_one_shared_topic_word_does_not_carry_out_a_qualitative_target(docs):
    _c, p, cmp = _compare(docs, HANOI)
    smart = _parent(p, "Hoàn thành xây dựng đô thị thông minh")
    got = [t for t in cmp if t.parent_target == smart.id]
    # "100% ... phần mềm quản lý hạ tầng đô thị thông minh" shares "đô thị thông minh" only
    assert len(got) == 1 and got[0].verdict == "missing_in_child" and got[0].child_target is None


def test_whole_country_aim_not_taken_on_by_a_ward_is_the_upper_levels(docs):
    c, p, cmp = _compare(docs, WARD)
    assert c.meta.level == "commune" and p.meta.level == "central"
    five_g = _parent(p, "Phủ sóng 5G toàn quốc")
    got = [t for t in cmp if t.parent_target == five_g.id]
    assert len(got) == 1 and got[0].verdict == "upper_level"
    # an aim without a whole-country scope stays the ward's gap
    smart = _parent(p, "Hoàn thành xây dựng đô thị thông minh")
    assert [t.verdict for t in cmp if t.parent_target == smart.id] == ["missing_in_child"]


def test_key_terms_leave_scope_out_and_coverage_needs_a_distinctive_term():
    from pipeline.align.qualitative import aims, coverage, key_terms

    shown = [k.shown for k in key_terms("Phủ sóng 5G toàn quốc")]
    assert "5G" in shown and "toàn quốc" not in shown
    # the concept map joins "phủ sóng" with "5G", "cáp quang", "băng rộng"
    assert coverage("Phủ sóng 5G toàn quốc", "100% thôn được phủ sóng 5G")[0] == 1.0
    assert coverage("Phủ sóng 5G toàn quốc", "Phủ sóng truyền hình toàn quốc")[0] < 0.7
    # words every plan repeats are never enough on their own
    assert coverage("Phát triển kinh tế, xã hội", "Phát triển kinh tế, xã hội của phường")[0] == 0.0
    # two aims in one sentence are carried out one by one
    two = "Hoàn thành xây dựng đô thị thông minh; phủ sóng 5G tại các khu công nghiệp"
    assert len(aims(two)) == 2
    assert coverage(two, "100% cụm công nghiệp được phủ sóng 5G")[0] == 1.0
    assert coverage(two, "Ứng dụng phần mềm đô thị thông minh")[0] == 1.0
    assert coverage(two, "Ứng dụng phần mềm thông minh")[0] < 0.7
    # "số" makes another thing: "Chính phủ số" is not carried out by any sentence naming the Government
    assert coverage("Phát triển Chính phủ số", "Đề nghị Chính phủ xem xét hỗ trợ kinh phí")[0] == 0.0
    assert coverage("Phát triển Chính phủ số", "Xây dựng chính phủ số, chính quyền số")[0] == 1.0
    # the verb of reaching is not what is done: "hình thành" is not asked of the child
    assert coverage("Hình thành sàn giao dịch dữ liệu", "Đưa sàn giao dịch dữ liệu vào hoạt động")[0] == 1.0


def test_alignment_report_carries_the_qualitative_pair_and_its_evidence(docs):
    from pipeline.align import AlignmentReport, align

    rep = align(docs[HANOI], docs[PARENT])
    assert rep.stats["targets_qualitative"] >= 1
    q = [t for t in rep.targets if t.verdict == "qualitative"]
    assert all(t.terms and (t.child_target or t.child_task) and t.child_text for t in q)
    again = AlignmentReport.model_validate(rep.model_dump(mode="json"))
    assert [t.terms for t in again.targets] == [t.terms for t in rep.targets]


def test_indicator_table_row_above_numbered_sub_rows_is_a_heading_not_an_aim():
    from pipeline.align.targets import row_headings
    from pipeline.extract import extract_file

    e = extract_file(ROOT / "corpus/real/central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md")
    by_label = {t.label: t for t in e.targets if t.id.startswith("PLI/")}
    assert by_label["23"].text == "Hạ tầng số" and by_label["23.4"].metrics  # "Phủ sóng 5G cho người dân"
    heads = row_headings(e)
    assert by_label["23"].id in heads and by_label["11"].id in heads
    assert by_label["23.4"].id not in heads and by_label["1"].id not in heads  # no sub-rows under row 1


def test_mobile_coverage_does_not_carry_out_an_ultra_broadband_capacity_aim():
    """Nghệ An 987/KH-UBND's aim (5G coverage of its industrial parks) carries out 57-NQ/TW's "Phủ sóng 5G
    toàn quốc" but not its fixed-capacity aim ("dung lượng siêu lớn, băng thông siêu rộng"): mobile coverage
    and broadband capacity are two concepts, and the sector word "viễn thông" is neither."""
    from pipeline.align.qualitative import coverage
    from pipeline.extract import extract_file

    child = extract_file(ROOT / "tests/data/realshapes/docs/province_NgheAn_987-KH-UBND_2025-11-20_5G-IoT-KCN.md")
    parent = extract_file(PARENT)
    aim = next(t for t in child.targets if t.text.startswith("Chuyển dịch hạ tầng viễn thông"))
    capacity = _parent(parent, "Hạ tầng công nghệ số tiên tiến, hiện đại, dung lượng siêu lớn")
    five_g = _parent(parent, "Phủ sóng 5G toàn quốc")
    cov, held = coverage(capacity.text, aim.text)
    assert cov < 0.7 and not any("dung lượng" in h for h in held)
    assert coverage(five_g.text, aim.text)[0] >= 0.7
    # a fibre target still carries out the capacity aim through its own concept
    assert coverage(capacity.text, "Phát triển hạ tầng cáp quang băng rộng cố định đến 100% hộ gia đình")[0] > 0


def test_state_management_aim_is_carried_out_by_work_records_handled_online():
    """57-NQ/TW's "Quản lý nhà nước từ Trung ương đến địa phương trên môi trường số, kết nối và vận hành thông suốt
    ..." holds two aims; the commune's "hồ sơ công việc xử lý trên môi trường mạng" carries out the first through
    two reviewed concepts, and "từ Trung ương đến địa phương" (every level) is scope, not a term to hold."""
    from pipeline.align.core import pair_model
    from pipeline.align.qualitative import aims, coverage, key_terms
    from pipeline.align.targets import compare_targets
    from pipeline.extract import extract_file

    child = extract_file(ROOT / "tests/data/realshapes/docs/"
                         "commune_xaCongHai-KhanhHoa_02-NQ-DU_2025-09-03_thuc-hien-57-NQ-TW.md")
    parent = extract_file(PARENT)
    aim = _parent(parent, "Quản lý nhà nước từ Trung ương đến địa phương")
    first = aims(aim.text)[0]
    assert first.startswith("Quản lý nhà nước") and first.endswith("trên môi trường số")
    terms = {k.term for k in key_terms(first)}
    assert terms == {"~quản_lý_nhà_nước", "~môi_trường_số"}, terms  # no "trung_ương", no natural "môi trường"
    records = next(t for t in child.targets if t.text.startswith("Tổng số hồ sơ công việc xử lý trên môi trường mạng"))
    cov, held = coverage(aim.text, records.text)
    assert cov >= 0.7 and "quản lý nhà nước ~ hồ sơ công việc" in held
    got = [t for t in compare_targets(child, parent, pair_model(child, parent)) if t.parent_target == aim.id]
    assert any(t.child_target == records.id for t in got)
    # a child item on the digital space alone holds one aim term of two: not enough
    assert coverage(aim.text, "Tuyên truyền an toàn cho người dân trên môi trường mạng")[0] < 0.7
