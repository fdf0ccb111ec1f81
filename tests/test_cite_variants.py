"""Typo variants of a citation are the same act, flagged, when the document or the registry shows
the right form; two acts that only look alike stay two."""

import pytest

from pipeline.cite import cite
from pipeline.ingest import ingest


def _cite(tmp_path, text: str):
    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    return {d.id: d for d in cite(ingest(p)).directives}


def test_misprinted_separator_is_the_act_the_document_writes(tmp_path):
    got = _cite(tmp_path, "Căn cứ Nghị quyết số 66.4/2025/NQ-CP ngày 01/6/2025 của Chính phủ.\n"
                          "Theo Nghị quyết 66.4.2025/NQ-CP, các sở triển khai.\n")
    assert list(got) == ["66.4/2025/NQ-CP"]
    assert len(got["66.4/2025/NQ-CP"].mentions) == 2 and "variant" in got["66.4/2025/NQ-CP"].flags


def test_misprinted_separator_alone_is_nothing(tmp_path):
    assert _cite(tmp_path, "Theo Nghị quyết 66.4.2025/NQ-CP, các sở triển khai.\n") == {}


def test_number_one_keystroke_off_on_the_same_date_is_the_majority_act(tmp_path):
    got = _cite(tmp_path, "Chỉ thị số 46-CT/TW ngày 14/4/2025 của Bộ Chính trị.\n"
                          "Thực hiện Chỉ thị số 46-CT/TW ngày 14/4/2025, các chi bộ.\n"
                          "Quán triệt Chỉ thị số 466-CT/TW ngày 14/4/2025 của Bộ Chính trị.\n")
    assert list(got) == ["46-CT/TW"] and len(got["46-CT/TW"].mentions) == 3
    assert "variant" in got["46-CT/TW"].flags


@pytest.mark.parametrize("text", [
    # consecutive numbers of one day are two acts
    "Quyết định số 1234/QĐ-UBND ngày 05/3/2025; Quyết định 1234/QĐ-UBND ngày 05/3/2025; "
    "Quyết định số 1235/QĐ-UBND ngày 05/3/2025.\n",
    # another date: another act
    "Chỉ thị số 46-CT/TW ngày 14/4/2025; Chỉ thị số 46-CT/TW ngày 14/4/2025; Chỉ thị số 466-CT/TW ngày 15/4/2025.\n",
    # one mention each: nothing tells which is right
    "Chỉ thị số 46-CT/TW ngày 14/4/2025; Chỉ thị số 466-CT/TW ngày 14/4/2025.\n",
])
def test_look_alikes_stay_apart(tmp_path, text):
    assert len(_cite(tmp_path, text)) == 2


def test_variant_mentions_say_so(tmp_path):
    got = _cite(tmp_path, "Chỉ thị số 46-CT/TW ngày 14/4/2025; Chỉ thị số 46-CT/TW ngày 14/4/2025; "
                          "Chỉ thị số 466-CT/TW ngày 14/4/2025.\n")
    forms = [m.form for m in got["46-CT/TW"].mentions]
    assert forms == ["full", "full", "variant"]  # the slip's span alone is another number



def test_code_cut_by_a_space_is_the_whole_id_the_document_writes(tmp_path):
    """Quảng Ninh MTTQ guidance writes the joint resolution whole once and once as
    "102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN": one directive, the cut mention a variant."""
    cut = "Căn cứ Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN ngày 26 tháng 9 năm 2025;\n"
    whole = "theo Chương II của Nghị quyết liên tịch số 102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN.\n"
    got = _cite(tmp_path, cut + whole)
    assert list(got) == ["102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"]
    assert sorted(m.form for m in got["102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"].mentions) == ["full", "variant"]
    # alone, the cut code is what the text says: nothing longer to point at
    assert list(_cite(tmp_path, cut)) == ["102/2025/NQLT-UBTVQH15-CP"]


@pytest.mark.parametrize("first, later", [("16/KH-MTTQ-BTT", "16/KH-BTT-MTTQ"),
                                          ("123-KH/ĐU-MTTQ", "123-KH/MTTQ-ĐU")])
def test_joint_issuers_in_two_orders_are_one_act_in_state_and_party_numbers(tmp_path, first, later):
    got = _cite(tmp_path, f"Thực hiện Kế hoạch số {first} ngày 02/3/2025 về tổ chức hội nghị.\n"
                          f"Các đơn vị báo cáo kết quả theo Kế hoạch số {later} trước ngày 30/6/2025.\n")
    assert list(got) == [first]
    assert len(got[first].mentions) == 2 and "variant" in got[first].flags


def test_the_own_number_with_joint_issuers_in_another_order_is_not_a_citation():
    from pipeline.extract import _same_number

    assert _same_number("123-KH/MTTQ-ĐU", "123-KH/ĐU-MTTQ") and _same_number("16/KH-BTT-MTTQ", "16/KH-MTTQ-BTT")
    assert not _same_number("123-KH/MTTQ-ĐU", "124-KH/ĐU-MTTQ")
    assert not _same_number("57-NQ/TW", "57-KL/TW")  # two parts: one order only, another act
