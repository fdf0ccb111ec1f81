"""Citation forms met in the real-shapes corpus (issue #10)."""

from pipeline.cite import find_in_text


def test_capitalised_state_code_is_the_same_act():
    """A title in capitals writes 'QUYẾT ĐỊNH SỐ 06/QĐ-TTG' (Hồ Chí Minh 2820/QĐ-UBND): it is 06/QĐ-TTg."""
    hits = find_in_text("TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ")
    assert [h.id for h in hits] == ["06/QĐ-TTg"] and "case" in hits[0].flags
    assert [h.id for h in find_in_text("Quyết định số 06/QĐ-TTg")] == ["06/QĐ-TTg"]
    assert [h.id for h in find_in_text("Luật số 63/2025/QH15")] == ["63/2025/QH15"]


def test_joint_resolution_keeps_all_its_parties():
    """Lương Minh MTTQ plans cite the election joint resolution with its four parties."""
    text = "theo Nghị quyết liên tịch số 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN ngày 24/10/2025"
    assert [h.id for h in find_in_text(text)] == ["102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"]
