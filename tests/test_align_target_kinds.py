"""Which indicator a target counts (issue #11 item 6), on a development pair of real documents:
57-NQ/TW against 2629/QĐ-TTg (Chương trình phát triển Chính phủ số, targets by phase 2025-2027 and
2028-2030, stated in its body and again in appendix I). The kind named first is the one counted; a row of
another kind is never the pair; a phase heading gives the deadline; level and threshold numbers stay in
the indicator; a topic closing a list belongs to every number of it; a target stated twice gets both pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"
CHILD = ROOT / "tests/data/align/docs" / ("central_2629-QD-TTg_2025-12-01_ThuTuong_CTr-phat-trien-Chinh-phu-so"
                                          "_can-cu-57-NQ-TW.md")


@pytest.fixture(scope="module")
def pair():
    from pipeline.align.core import pair_model
    from pipeline.align.targets import compare_targets
    from pipeline.extract import extract_file

    c, p = extract_file(CHILD), extract_file(PARENT)
    return c, p, compare_targets(c, p, pair_model(c, p))


def _units_of(e, start):
    from pipeline.align.targets import section_years, units

    years = section_years(e)
    (t,) = [t for t in e.targets if t.text.lstrip("+ ").startswith(start)]
    return units(t, years.get(t.section))


def _text(text):
    from pipeline.align.targets import units
    from pipeline.records import Prov, Target
    from pipeline.segment.metrics import parse

    return units(Target(id="t", section="II", text=text, metrics=parse(text, 2030),
                        prov=Prov(file="x", sha256="0", block="b1", start=0, end=10)))


def test_the_kind_named_first_is_the_one_counted():
    from pipeline.align.targets import kinds, other_kind

    use = "Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên"
    happy = "người dân, doanh nghiệp đánh giá hài lòng khi sử dụng dịch vụ công trực tuyến"
    assert kinds(happy) == {"dich_vu_cong": frozenset({"người dùng hài lòng"})}
    assert other_kind(happy, use) and not other_kind("Tỷ lệ người dân sử dụng dịch vụ công trực tuyến", use)


def test_a_row_of_another_kind_is_never_the_pair_and_the_reason_says_so(pair):
    c, p, cmp = pair
    (pid,) = [t.id for t in p.targets if t.text.startswith("Tỉ lệ sử dụng dịch vụ công trực tuyến")]
    happy = {t.id for t in c.targets if "hài lòng" in t.text}
    got = [t for t in cmp if t.parent_target == pid]
    assert happy and got and not happy & {t.child_target for t in got}
    assert got[0].verdict == "missing_in_child" and "hài lòng" in got[0].reason


def test_a_phase_heading_gives_the_deadline(pair):
    c, _p, _cmp = pair
    assert [u.deadline for u in _units_of(c, "95% người dân, doanh nghiệp đánh giá hài lòng")] == [2027]
    assert [u.deadline for u in _units_of(c, "99% người dân, doanh nghiệp đánh giá hài lòng")] == [2030]


def test_level_and_threshold_numbers_stay_in_the_indicator(pair):
    c, _p, _cmp = pair
    assert [u.metric.value for u in _units_of(c, "100% bộ, ngành, địa phương đạt cấp độ 3")] == [100]
    both = _units_of(c, "100% bộ, ngành, địa phương đạt cấp độ 4 và 90%")
    assert [u.metric.value for u in both] == [100, 90]
    assert "quản trị dữ liệu" in both[0].indicator  # the closing topic is the first share's too
    assert [u.metric.value for u in _units_of(c, "100% cơ quan, tổ chức sử dụng ít nhất 01")] == [100]
    # a count opening its own clause is an aim of its own
    assert [u.metric.value for u in _text("Tỷ lệ doanh nghiệp đạt 50%, có ít nhất 10 doanh nghiệp công nghệ số")] \
        == [50, 10]


def test_a_topic_closing_a_list_belongs_to_every_number(pair):
    _c, p, _cmp = pair
    ranks = _units_of(p, "Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á")
    assert [u.metric.value for u in ranks] == [3, 50]
    assert all("năng lực cạnh tranh số" in u.indicator for u in ranks)


def _budget_pairs(c, p, cmp):
    (pid,) = [t.id for t in p.targets if t.text.startswith("bố trí ít nhất 3% tổng chi ngân sách")]
    copies = {t.id for t in c.targets if t.text.startswith("Điều chỉnh trong dự toán ngân sách nhà nước năm 2025")}
    return copies, [t for t in cmp if t.parent_target == pid]


def test_a_body_that_defers_to_its_appendix_states_the_target_once(pair):
    # 2629 closes its tasks part with "(Chi tiết tại các Phụ lục kèm theo)": the appendix holds the target
    copies, got = _budget_pairs(*pair)
    assert len(copies) == 1 and {t.child_target for t in got} == copies
    assert {t.verdict for t in got} == {"equal"}


def test_a_target_stated_in_the_body_and_the_appendix_gets_both_pairs(pair, tmp_path):
    """The same document without its deferral line states the budget target twice: both copies are paired."""
    from pipeline.align.core import pair_model
    from pipeline.align.targets import compare_targets
    from pipeline.extract import extract_file

    text = CHILD.read_text(encoding="utf-8")
    cut = text.replace("*(Chi tiết tại các\nPhụ lục kèm theo)*\n", "")
    assert cut != text
    (tmp_path / CHILD.name).write_text(cut, encoding="utf-8")
    _c, p, _cmp = pair
    c = extract_file(tmp_path / CHILD.name)
    copies, got = _budget_pairs(c, p, compare_targets(c, p, pair_model(c, p)))
    assert len(copies) == 2 and {t.child_target for t in got} == copies
    assert {t.verdict for t in got} == {"equal"}


def test_each_item_of_a_listed_aim_is_carried_out_on_its_own(pair):
    from pipeline.align.qualitative import aims

    c, p, cmp = pair
    listed = "Phát triển Chính phủ số, kinh tế số, xã hội số, công dân số, công nghiệp văn hoá số đạt mức cao"
    assert "kinh tế số" in aims(listed) and "xã hội số" in aims(listed)
    # a list of qualities, one with no key term of its own ("hiện đại"), keeps the aim whole
    infra = "Hạ tầng công nghệ số tiên tiến, hiện đại, dung lượng siêu lớn, băng thông siêu rộng ngang tầm"
    assert len(aims(infra)) == 1
    (pid,) = [t.id for t in p.targets if t.text.startswith("Phát triển Chính phủ số, kinh tế số")]
    platforms = {t.id for t in c.targets if "nền tảng số quốc gia, nền tảng số dùng chung" in t.text}
    got = {t.child_target for t in cmp if t.parent_target == pid and t.verdict == "qualitative"}
    assert platforms and platforms <= got


def test_a_ranking_paragraph_beside_the_list_is_a_target_with_one_indicator_per_number(pair):
    """2629 lists its targets in II.2 and states its rankings in the paragraph of II.3: that paragraph is read
    whole, so each rank keeps its subject ("Xếp hạng ... Chính phủ điện tử") and its own year; the general
    aim of II.1 (no number) is not a target, the list states it in measurable form."""
    c, p, cmp = pair
    (rank,) = [t for t in c.targets if "Xếp hạng của Việt Nam về phát triển Chính phủ điện tử" in t.text]
    assert not any(t.text.lstrip("+ ").startswith(("1. Mục tiêu chung", "Đến năm 2030, Việt Nam hoàn thành"))
                   for t in c.targets)
    us = _units_of(c, rank.text[:40])
    assert [(u.metric.value, u.deadline) for u in us] == [(4, 2028), (60, 2028), (3, 2030), (50, 2030)]
    assert all("Chính phủ điện tử" in u.indicator for u in us)
    (pid,) = [t.id for t in p.targets if t.text.startswith("Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á")]
    got = [t for t in cmp if t.parent_target == pid and t.child_target == rank.id]
    assert got and {t.verdict for t in got} == {"equal"}
    assert {t.child_metric.value for t in got} == {3, 50}


def test_a_rank_in_another_index_is_not_compared(pair):
    """"nhóm 30 nước dẫn đầu thế giới về đổi mới sáng tạo" (2045) is another index than the e-government rank."""
    from pipeline.align.targets import kinds, other_kind

    c, p, cmp = pair
    (pid,) = [t.id for t in p.targets if t.text.startswith("thuộc nhóm 30 nước dẫn đầu thế giới")]
    (rank,) = [t.id for t in c.targets if "Xếp hạng của Việt Nam về phát triển Chính phủ điện tử" in t.text]
    assert not [t for t in cmp if t.parent_target == pid and t.child_target == rank]
    both = "nhóm nước đứng đầu thế giới về năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử"
    assert kinds(both)["xep_hang"] == {"cạnh tranh số", "Chính phủ điện tử"}  # ranked in two indexes: both count
    assert not other_kind(both, "Xếp hạng về phát triển Chính phủ số, nhóm nước dẫn đầu")
    assert other_kind(both, "nhóm nước dẫn đầu thế giới về đổi mới sáng tạo")


def test_the_product_alone_does_not_make_a_pair(pair):
    """2629's "Tiếp tục nâng lên mức tối thiểu 02% GDP hoặc GRDP (đối với địa phương) ..." names no subject:
    sharing "GDP" and "tối thiểu" with 57-NQ/TW's digital-economy share does not make it that target."""
    c, p, cmp = pair
    (pid,) = [t.id for t in p.targets if t.text.startswith("Quy mô kinh tế số đạt tối thiểu 30% GDP")]
    cont = {t.id for t in c.targets if t.text.startswith("Tiếp tục nâng lên mức tối thiểu 02% GDP")}
    assert cont and not cont & {t.child_target for t in cmp if t.parent_target == pid}


PROVINCE_PLAN = """**ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM**

Số: 99/KH-UBND

**KẾ HOẠCH**
Phát triển kinh tế số và xã hội số tỉnh giai đoạn 2026 - 2030

Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;

**I. MỤC TIÊU**

**1. Mục tiêu cụ thể đến năm 2030**

- Kinh tế số chiếm tỷ trọng tối thiểu 30% GRDP của tỉnh.
- Tỷ lệ giao dịch thanh toán không dùng tiền mặt đạt 75%.
- Số lượng đơn đăng ký sáng chế của tỉnh tăng trung bình 17%/năm.
- Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 1,5% GRDP, trong đó kinh phí từ xã hội chiếm hơn 60%.

**II. NHIỆM VỤ, GIẢI PHÁP**

1. Phát triển hạ tầng số.
"""


def _paired(tmp_path, plan):
    """The plan aligned against the real 57-NQ/TW: a parent target's opening words -> the (verdict, child
    value) of the child targets paired with it."""
    from pipeline.align.core import pair_model
    from pipeline.align.targets import compare_targets
    from pipeline.extract import extract_file

    (tmp_path / "plan.md").write_text(plan, encoding="utf-8")
    c, p = extract_file(tmp_path / "plan.md"), extract_file(PARENT)
    cmp = compare_targets(c, p, pair_model(c, p))

    def got(start):
        (pid,) = [t.id for t in p.targets if t.text.startswith(start)]
        return [(t.verdict, t.child_metric.value if t.child_metric else None) for t in cmp
                if t.parent_target == pid and t.child_target]
    return got


def test_a_province_share_of_grdp_and_one_parent_number_per_child_number(tmp_path):
    """A province plan worded as such plans word their 2030 targets (constructed here: no development
    document states a share of GRDP) against the real 57-NQ/TW. GRDP is the province's GDP: "30% GRDP" is
    equal to "30% GDP". One child number carries out one parent number, the one it matches best: the 2030
    share, not the 2045 one; the patents' yearly rate, not the publications' rate or the commercial-use share."""
    got = _paired(tmp_path, PROVINCE_PLAN)
    assert got("Quy mô kinh tế số đạt tối thiểu 30% GDP") == [("equal", 30)]
    assert got("Việt Nam có quy mô kinh tế số đạt tối thiểu 50% GDP") == []
    assert got("số lượng đơn đăng ký sáng chế") == [("equal", 17)]
    assert got("số lượng công bố khoa học quốc tế") == []
    assert got("giao dịch không dùng tiền mặt đạt 80%") == [("weaker", 75)]
    assert sorted(got("Kinh phí chi cho nghiên cứu phát triển")) == [("equal", 60), ("weaker", 1.5)]


def test_a_2045_share_of_grdp_and_a_rank_among_provinces(tmp_path):
    """Constructed as above. The 2045 share of GRDP pairs with the 2045 share of GDP (equal), not with the share
    of the digital economy that a sector's part must reach ("70% kinh tế số": another unit); a province ranked
    among the provinces is not ranked among the countries ("nhóm 30 nước dẫn đầu thế giới")."""
    got = _paired(tmp_path, PROVINCE_PLAN.replace(
        "**II. NHIỆM VỤ", "**2. Tầm nhìn đến năm 2045**\n\n- Kinh tế số chiếm trên 50% GRDP.\n"
        "- Tỉnh thuộc nhóm 10 địa phương dẫn đầu cả nước về chuyển đổi số.\n\n**II. NHIỆM VỤ"))
    assert got("Việt Nam có quy mô kinh tế số đạt tối thiểu 50% GDP") == [("equal", 50)]
    assert got("Quy mô kinh tế số đạt tối thiểu 30% GDP") == [("equal", 30)]
    assert got("Đẩy mạnh tiêu dùng sản phẩm, dịch vụ trên môi trường số") == []
    assert got("thuộc nhóm 30 nước dẫn đầu thế giới") == []
