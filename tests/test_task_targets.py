"""Targets stated inside task bullets and goal clauses of prose (issue #10, second round), on real
development documents of tests/data/realshapes, with the negatives beside them."""

from functools import cache
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "tests" / "data" / "realshapes" / "docs"


@cache
def seg(name: str):
    return segment(ingest(DOCS / name if "/" not in name else ROOT / name))


def _from(s, kind: str):
    return [t for t in s.targets if t.id.rsplit("/", 1)[-1][:1] == kind and t.id.rsplit("/", 1)[-1][1:].isdigit()]


def test_task_bullet_quantities_are_targets_and_the_task_stays():
    s = seg("province_CanTho_165-KH-UBND_2025-11-21_trien-khai-27-CT-TTg-dan-so.md")
    got = {(m.value, m.unit) for t in _from(s, "m") for m in t.metrics}
    assert {(2.1, "con/phụ nữ"), (22, "%"), (12, "%"), (51, "%"), (90, "%"), (50, "%"), (60, "%"), (70, "%")} <= got
    task_ids = {t.id for t in s.tasks}
    assert all(t.id.rsplit("/", 1)[0] in task_ids for t in _from(s, "m"))  # each hangs on a task that is still there


def test_counts_with_a_count_noun_in_a_wrapped_bullet():
    s = seg("province_NgheAn_987-KH-UBND_2025-11-20_5G-IoT-KCN.md")
    values = sorted(m.value for t in _from(s, "m") for m in t.metrics)
    # "58 trạm (Trong đó: VNPT:\n25 trạm, Viettel: 33 trạm)": the wrapped line stays in its bullet
    assert values == sorted([58, 25, 33, 35, 9, 26, 125, 22, 56, 47, 188])
    assert [m.value for t in _from(s, "g") for m in t.metrics] == [100, 100]  # purpose goal, tasks lead-in


def test_situation_figures_are_not_targets():
    s = seg("province_NgheAn_987-KH-UBND_2025-11-20_5G-IoT-KCN.md")
    # "Hiện trạng": "... là 87 trạm. Trong đó, có 28 trạm 5G ... (Chiếm 32,2 %)" are results
    assert not {87, 28, 32.2} & {m.value for t in s.targets for m in t.metrics}


def test_conditions_and_item_numbers_are_not_targets():
    s = seg("commune_xaLuongMinh-QuangNinh_HD-MTTQ-BTT_2025-11_mttq-tham-gia-bau-cu.docx")
    got = [(m.value, m.unit, m.comparator) for t in _from(s, "m") for m in t.metrics]
    # "ít nhất là 12 cuộc" are minimum meeting counts; "không đạt sự tín nhiệm của trên 50%" is a
    # legal threshold, "4.7." an item number
    assert got == [(12, "cuộc", ">="), (7, "cuộc", ">="), (5, "cuộc", ">=")]


def test_the_sample_tasks_state_no_target():
    s = seg("corpus/000_a9ef7522b32975cc.txt")
    # "Phấn đấu đến năm 2030 phường cơ bản đạt chuẩn ...": a year, not 2030 wards; "Đề án 06": a name
    assert _from(s, "m") == [] and _from(s, "g") == [] and len(s.targets) == 19


def test_objectives_state_number_less_goals_as_qualitative_targets():
    s = seg("corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md")
    words = {t.text for t in s.targets if t.qualitative}
    assert {"Phủ sóng 5G toàn quốc",
            "Việt Nam thuộc nhóm các nước dẫn đầu về an toàn, an ninh không gian mạng, an ninh dữ liệu "
            "và bảo vệ dữ liệu"} <= words
    assert any(w.startswith("Hoàn thành xây dựng đô thị thông minh") for w in words)
    assert all(not t.metrics for t in s.targets if t.qualitative)
    # a sentence with a number stays numeric only: "Thu hút thêm ít nhất 3 tổ chức ..." is not also a word goal
    assert not any(w.startswith("Thu hút thêm ít nhất") for w in words)
    numeric = [t for t in s.targets if t.metrics and "/c" in t.id]
    assert len(numeric) == 21
