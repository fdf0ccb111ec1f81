"""Target comparison (issue #11 item 6): one indicator per number, units, deadlines and scope as part of
the indicator, qualitative aims carried out by every child target that holds them. Real documents are
development pairs only (57-NQ/TW against Công Hải 02-NQ/ĐU, Nghệ An 987/KH-UBND, Hà Nội 310/KH-UBND)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"
DOCS = ROOT / "tests/data/realshapes/docs"
CONGHAI = DOCS / "commune_xaCongHai-KhanhHoa_02-NQ-DU_2025-09-03_thuc-hien-57-NQ-TW.md"
NGHEAN = DOCS / "province_NgheAn_987-KH-UBND_2025-11-20_5G-IoT-KCN.md"
HANOI = ROOT / "tests/data/align/docs/hanoi_310-KH-UBND_2025-11-24_ha-tang-5G-IoT_trien-khai-57-NQ-TW.md"


def _target(text: str, deadline: int | None = 2030):
    from pipeline.records import Prov, Target
    from pipeline.segment.metrics import parse

    return Target(id=text[:8], section="II", text=text, metrics=parse(text, deadline),
                  prov=Prov(file="x", sha256="0", block="b1", start=0, end=10))


def _units(text: str, deadline: int | None = 2030):
    from pipeline.align.targets import units

    return units(_target(text, deadline))


def _judge(child: str, parent: str, *, local: bool = False, child_year: int | None = 2030,
           parent_year: int | None = 2030):
    from pipeline.align.targets import compare_units

    return compare_units(_units(child, child_year)[0], _units(parent, parent_year)[0], local=local)


def test_units_per_number_are_normalised():
    rate = _units("Nguồn nhân lực nghiên cứu khoa học đạt 12 người trên một vạn dân")
    assert [u.unit for u in rate] == ["người/vạn dân"]
    assert _judge("Nhân lực nghiên cứu khoa học đạt 12 người/vạn dân",
                  "Nguồn nhân lực nghiên cứu khoa học đạt 12 người trên một vạn dân").verdict == "equal"
    # a share of each year's budget is a share; a change per year is a rate
    budget = "bố trí ít nhất 3% tổng chi ngân sách hằng năm cho khoa học, công nghệ và tăng dần theo yêu cầu"
    assert [u.unit for u in _units(budget)] == ["%"]
    assert _judge("Bố trí tối thiểu 3% tổng chi ngân sách cho khoa học, công nghệ", budget).verdict == "equal"
    two = _units("số lượng đơn đăng ký sáng chế tăng trung bình 16 - 18%/năm, tỉ lệ khai thác thương mại đạt 8 - 10%")
    assert [u.unit for u in two] == ["%/năm", "%"]
    assert "khai thác" in two[1].indicator and "khai thác" not in two[0].indicator


def test_list_commas_are_not_breaks_between_numbers():
    parks = _units("100% các khu công nghệ cao, khu công nghiệp, cụm công nghiệp có tối thiểu 1 trạm phát sóng 5G")
    assert "khu công nghiệp" in parks[0].indicator
    homes = _units("Hạ tầng mạng băng thông rộng cáp quang phủ trên 80% hộ gia đình, 100% thôn có hộ dân cư")
    assert "hộ gia đình" in homes[0].indicator and "thôn" in homes[1].indicator
    assert "hộ gia đình" not in homes[1].indicator
    assert all("cáp quang" in u.indicator for u in homes)  # the shared words stay with every number


def test_deadline_and_scope_are_part_of_the_indicator():
    from pipeline.align.targets import year_of

    assert year_of("2. Mục tiêu cụ thể đến 2030:") == 2030
    assert year_of("Đến hết năm 2045: 100% DNNVV ứng dụng công nghệ số") == 2045
    assert year_of("Trong giai đoạn 2026 - 2030, bảo đảm ...") == 2030
    assert year_of("Tỷ lệ hồ sơ đạt 90%") is None
    later = _judge("Quy mô kinh tế số đạt 30% GRDP", "Việt Nam có quy mô kinh tế số đạt tối thiểu 50% GDP",
                   parent_year=2045)
    assert later.verdict == "not_comparable" and "2045" in later.reason  # never "weaker" than a 2045 aim
    # a share reads the same for the country and a province; a count does not
    share = _judge("Kinh tế số chiếm 30% GRDP", "Quy mô kinh tế số đạt tối thiểu 30% GDP", local=True)
    assert share.verdict == "equal"
    count = _judge("Có 2 doanh nghiệp công nghệ số ngang tầm khu vực",
                   "Tối thiểu có 5 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", local=True)
    assert count.verdict == "not_comparable" and "phạm vi" in count.reason
    assert _judge("Có 2 doanh nghiệp công nghệ số ngang tầm khu vực",
                  "Tối thiểu có 5 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến").verdict == "weaker"


def test_ranks_and_none_left_are_better_when_lower():
    assert _judge("Việt Nam thuộc nhóm 5 nước dẫn đầu về chỉ số đổi mới sáng tạo",
                  "Việt Nam thuộc nhóm 3 nước dẫn đầu về chỉ số đổi mới sáng tạo").verdict == "weaker"
    assert _judge("Không còn hộ nghèo trên địa bàn", "Đến năm 2030 không còn hộ nghèo").verdict == "equal"


def test_a_qualitative_aim_needs_its_own_words_not_a_shared_code():
    from pipeline.align.qualitative import coverage

    assert coverage("Phủ sóng 5G toàn quốc", "Đầu tư mới trạm 5G: 35 trạm")[0] == 1.0
    apps = "100% nhà đầu tư được tư vấn ứng dụng trên nền tảng mạng 5G riêng"
    assert coverage("Phủ sóng 5G toàn quốc", apps)[0] < 0.7
    assert coverage("Phủ sóng 5G toàn quốc", "Lắp đặt mới trạm 3G/4G: 58 trạm")[0] < 0.7


@pytest.fixture(scope="module")
def docs():
    from pipeline.extract import extract_file

    return {p: extract_file(p) for p in (PARENT, CONGHAI, NGHEAN, HANOI)}


def _compare(docs, child):
    from pipeline.align.core import pair_model
    from pipeline.align.targets import compare_targets

    c, p = docs[child], docs[PARENT]
    return c, p, compare_targets(c, p, pair_model(c, p))


def _by_parent(p, cmp, start):
    (pid,) = [t.id for t in p.targets if t.text.startswith(start)]
    return [t for t in cmp if t.parent_target == pid]


def test_commune_targets_against_the_resolution(docs):
    c, p, cmp = _compare(docs, CONGHAI)
    child = {t.id: t.text for t in c.targets}
    (dvc,) = _by_parent(p, cmp, "Tỉ lệ sử dụng dịch vụ công trực tuyến")
    assert dvc.verdict == "stronger" and child[dvc.child_target].endswith("85%")
    (budget,) = _by_parent(p, cmp, "bố trí ít nhất 3% tổng chi ngân sách")
    assert budget.verdict == "equal"  # "hằng năm" on one side, "hàng năm" on the other: both a share
    (innov,) = _by_parent(p, cmp, "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo")
    assert innov.verdict == "weaker"
    (five_g,) = _by_parent(p, cmp, "Phủ sóng 5G toàn quốc")
    assert five_g.verdict == "qualitative" and "5G" in child[five_g.child_target]
    # the 15 % science-budget task target is not the commune's 3 % of the whole budget
    assert all(t.child_target is None for t in _by_parent(p, cmp, "Bố trí ít nhất 15% ngân sách"))


def test_a_qualitative_aim_is_carried_out_by_every_child_target_that_holds_it(docs):
    c, p, cmp = _compare(docs, NGHEAN)
    child = {t.id: t.text for t in c.targets}
    got = [child[t.child_target] for t in _by_parent(p, cmp, "Phủ sóng 5G toàn quốc") if t.child_target]
    assert len(got) >= 3
    assert any(g.startswith("Đầu tư mới trạm 5G") for g in got)
    assert any(g.startswith("Chuyển đổi từ trạm 3G/4G sang trạm 5G") for g in got)
    assert not any(g.startswith("Lắp đặt mới trạm 3G/4G") for g in got)


def test_a_status_sentence_is_not_an_aim(docs):
    c, _p, cmp = _compare(docs, HANOI)
    status = {t.id for t in c.targets if t.text.startswith("Hiện nay")}
    assert status and not status & {t.child_target for t in cmp}


def test_a_value_inside_the_parents_range_is_equal():
    parent = "số lượng đơn đăng ký sáng chế tăng trung bình 16 - 18%/năm"
    assert _judge("số lượng đơn đăng ký sáng chế tăng trung bình 17%/năm", parent).verdict == "equal"
    assert _judge("số lượng đơn đăng ký sáng chế tăng trung bình 12%/năm", parent).verdict == "weaker"
    assert _judge("số lượng đơn đăng ký sáng chế tăng trung bình 20%/năm", parent).verdict == "stronger"


def test_a_share_of_the_product_is_a_share_of_gdp_whatever_the_wording():
    assert [u.unit for u in _units("Tỷ trọng kinh tế số trong GRDP của tỉnh đạt 30%")] == ["% gdp"]
    assert [u.unit for u in _units("Kinh phí chi cho R&D/GRDP đạt 2%")] == ["% gdp"]
    assert [u.unit for u in _units("Tốc độ tăng trưởng GRDP bình quân đạt 8%")] == ["%"]
    assert _judge("Tỷ trọng kinh tế số trong GRDP của tỉnh đạt 30%", "Quy mô kinh tế số đạt tối thiểu 30% GDP",
                  local=True).verdict == "equal"


def test_a_later_share_that_starts_with_its_verb_counts_the_first_shares_subject():
    """2629/QĐ-TTg: "100% bộ, ngành, địa phương đạt cấp độ 4 và 90% đạt cấp độ 5 ...": the 90% are ministries,
    sectors and localities too, so its indicator says so; a share with a subject of its own keeps it."""
    from pipeline.align.targets import units
    from pipeline.extract import extract_file

    e = extract_file(ROOT / "tests/data/align/docs/"
                     "central_2629-QD-TTg_2025-12-01_ThuTuong_CTr-phat-trien-Chinh-phu-so_can-cu-57-NQ-TW.md")
    t = next(t for t in e.targets if "đạt cấp độ 4 và 90%" in t.text)
    first, second = units(t)
    assert (first.metric.value, second.metric.value) == (100.0, 90.0)
    assert "bộ, ngành, địa phương đạt cấp độ" in second.indicator
    c = extract_file(CONGHAI)
    homes = next(t for t in c.targets if "100% thôn" in t.text)
    assert "hộ gia đình" not in units(homes)[-1].indicator  # "100% thôn có ...": its own subject
