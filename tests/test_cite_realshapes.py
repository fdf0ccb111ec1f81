"""Citation forms met in the real-shapes corpus (issue #10)."""

import pytest

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


# ---- wave 4 audit of the dev and other real documents (issue #10, citation precision) ----------

def _ids(text: str) -> list[str]:
    """The ids found; mentions left without one ("hướng dẫn này") apart."""
    return [h.id for h in find_in_text(text) if h.id]


def test_form_numbers_are_not_acts():
    """Quảng Ninh MTTQ guidance: "theo mẫu số 01/BCĐBQH-MT" names a form appended to the joint
    resolution, not an act; the act cited beside it stays."""
    text = ("Hội nghị thông qua biên bản (theo mẫu số 01/BCĐBQH-MT và mẫu số 05/BCĐBQH-MT kèm theo hướng "
            "dẫn này); Căn cứ Nghị quyết số 101/2025/UBTVQH15, ngày 26/9/2025")
    assert _ids(text) == ["101/2025/UBTVQH15"]
    # the same code after a kind word is an act (the negative beside the rule)
    assert _ids("Công văn số 01/BCĐBQH-MT") == ["01/BCĐBQH-MT"]


def test_national_election_council_is_a_state_issuer():
    """Quảng Ninh MTTQ guidance cites "Nghị quyết 40/NQ-HĐBCQG ngày 29/9/2025 của Hội đồng bầu cử quốc gia"."""
    hits = find_in_text("và Nghị quyết số 40/NQ-HĐBCQG ngày 29/9/2025 của Hội đồng Bầu cử quốc gia")
    assert [(h.id, h.level, h.date) for h in hits] == [("40/NQ-HĐBCQG", "central", "2025-09-29")]


def test_issuer_code_with_a_dropped_letter_after_its_kind_word():
    """Lào Cai plan under 11-CT/TU: "phê duyệt tại Quyết định số 866/QĐ-Tg ngày 18/7/2023"."""
    hits = find_in_text("đã được Thủ tướng Chính phủ phê duyệt tại Quyết định số 866/QĐ-Tg ngày 18/7/2023 và")
    assert [h.id for h in hits] == ["866/QĐ-TTg"] and "repaired" in hits[0].flags
    assert _ids("mã 866/QĐ-Tg") == []  # no kind word: not repaired
    assert _ids("Quyết định số 12/QĐ-CT ngày 5/1/2026") == []  # CT is a kind code itself: never stretched


def test_ocr_so_before_the_own_number():
    """Lào Cai Sở Công Thương letter 3036/SCT-CN, OCR text layer: "Só:3036 /SCT-CN" is its own number."""
    hits = find_in_text("SỞ CÔNG THƯƠNG Độc lập - Tự do - Hạnh phúc\nSó:3036 /SCT-CN Lào Cai, ngày 28 tháng 5 năm 2026")
    assert [(h.id, h.form, h.ref) for h in hits] == [(None, "self", "3036/SCT-CN")]


def test_programme_named_inside_a_steering_committee_name():
    """Nghệ An 987/KH-UBND: "Kế hoạch số 01-KH/BCĐ ... của Ban Chỉ đạo phát triển khoa học, ...,
    cải cách hành chính và đề án 06 về ..." names the committee; Hà Nội 308/KH-UBND's "gắn với
    triển khai Đề án 06" cites the programme."""
    text = ("Kế hoạch số 01-KH/BCĐ ngày 28/06/2025 của Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới "
            "sáng tạo, chuyển đổi số, cải cách hành chính và đề án 06 về Kế hoạch hành động triển khai")
    assert _ids(text) == ["01-KH/BCĐ"]
    assert _ids("kết nối dữ liệu dân cư và dữ liệu chuyên ngành gắn với triển khai Đề án 06 theo quy định") \
        == ["Đề án 06"]


def test_issuer_names_with_va_and_line_ends():
    """Issuers as the dev documents write them: a ministry whose name holds "và", a verb right
    after the body, a second body on the next line of a title in capitals, a name across a line."""
    def issuer(text: str) -> str | None:
        return find_in_text(text)[0].issuer

    assert issuer("Căn cứ Thông tư số 06/2022/TT-BTTTT ngày 30 tháng 6 năm 2022 của Bộ trưởng Bộ Thông tin "
                  "và Truyền thông hướng dẫn") == "Bộ trưởng Bộ Thông tin và Truyền thông"
    assert issuer("Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động số 328-KH/TU") \
        == "Chính phủ"
    assert issuer("Căn cứ Nghị quyết số 71/NQ-CP ngày 01 tháng 4 năm 2025 của Chính phủ sửa đổi, bổ sung") \
        == "Chính phủ"
    assert issuer("QUYẾT ĐỊNH SỐ\n3103/QĐ-BTC NGÀY 05 THÁNG 9 NĂM 2025 CỦA BỘ TÀI CHÍNH\n"
                  "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nCăn cứ") == "BỘ TÀI CHÍNH"
    assert issuer("Quyết định số 1132/QĐ-TTg ngày 09/10/2024 của Thủ tướng\nChính phủ về việc") \
        == "Thủ tướng Chính phủ"
    assert issuer("Kế hoạch số 01-KH/TU, ngày 26/9/2025 của Tỉnh ủy và Ủy ban nhân dân tỉnh về") == "Tỉnh ủy"
    # Hồ Chí Minh 2820/QĐ-UBND: a city's name cut by the line; a heading's next line is not a name
    assert issuer("Căn cứ Quyết định số 01/2025/QĐ-UBND ngày 01 tháng 7 năm 2025 của Ủy ban nhân dân Thành phố "
                  "Hồ Chí\nMinh về việc") == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert issuer("Chỉ thị số 11-CT/TU của Tỉnh ủy Lào Cai\nKính gửi: các sở") == "Tỉnh ủy Lào Cai"
    # "và" goes on only inside a body named after its fields; elsewhere it joins two things
    assert issuer("Chỉ thị số 12-CT/TW của Đảng và Nhà nước về") == "Đảng"
    assert issuer("Kế hoạch số 14-KH/TU của Ban Thường vụ Tỉnh ủy và Văn bản số 5 của Sở") == "Ban Thường vụ Tỉnh ủy"
    # a PDF's right column ("Lào Cai, ngày ...") inside the name: no issuer rather than "Bộ Lào Cai"
    assert issuer("V/v triển khai thực hiện Quyết định số\n1074/QĐ-BXD ngày 29/6/2026 của Bộ\n"
                  "Lào Cai, ngày tháng 7 năm 2026\nXây dựng ban hành") is None


def test_department_letters_and_an_ocr_symbol_inside_a_number():
    """Cục Hóa chất letter (OCR text layer, tests/data/real/CV-813): the customs department's letters
    are cited; "13§21/CHQ-GSQL" is a number the OCR broke, not letter 21."""
    text = ("nêu tại Công văn số 13§21/CHQ-GSQL ngày 16 tháng 3 năm 2026 và Công văn số 15464/CHQ-GSQL ngày 20 "
            "tháng 4 năm 2026 của Cục Hải quan. Đề nghị tham khảo Công văn số 597/HC-QLHC ngày 27 tháng 3 năm 2026")
    assert _ids(text) == ["15464/CHQ-GSQL", "597/HC-QLHC"]


def test_number_labels_of_a_database_export_name_the_document_itself():
    """The Công Hải archive wraps each document in YAML ('so_hieu: "23-CTr/ĐU"') and a legal-database
    line ("Số hiệu: 18-KH/ĐU | Ngày ban hành: ..."): the document's own number, not a citation,
    wherever it recurs; the same number cited in a sentence elsewhere is a citation."""
    text = 'so_hieu: "23-CTr/ĐU"\nSố hiệu: 23-CTr/ĐU | Ngày ban hành: 13/11/2025\nthực hiện Chương trình số 23-CTr/ĐU'
    assert [(h.id, h.form) for h in find_in_text(text)] == [(None, "self")] * 3
    assert _ids("Thực hiện Chương trình số 23-CTr/ĐU ngày 13/11/2025 của Đảng ủy xã") == ["23-CTr/ĐU"]


@pytest.mark.parametrize("text, want", [
    ("Chỉ thị số 46-CT/\nTW ngày 16/5/2025", ["46-CT/TW"]),  # a PDF line cut after the slash
    ("Chỉ thị số 46\n-CT/TW ngày 16/5/2025", ["46-CT/TW"]),  # ... or before the dash, after its kind word
    ("Kết luận số 75-\nKL/TW và", ["75-KL/TW"]),
    ("tăng 46\n- CT/TW là", []),  # no kind word: a line opening with a dash is a bullet
])
def test_party_number_cut_by_a_line_break_at_any_joint(text, want):
    hits = find_in_text(text)
    assert [h.id for h in hits] == want and all("linebreak" in h.flags for h in hits)


@pytest.mark.parametrize("text, want, issuer", [
    ("Kết luận số 156-KL/TWngày 21/5/2025", "156-KL/TW", None),
    ("Chỉ thị 46-CT/TWcủa Bộ Chính trị", "46-CT/TW", "Bộ Chính trị"),
    ("Nghị quyết số 12-NQ/TWtheo", "12-NQ/TW", None),  # a word in plain letters glued on
    ("Quyết định 749/QĐ-UBNDngày 3/6/2020", "749/QĐ-UBND", None),
    ("Kế hoạch số 01-KH/TU, ngày 26/9/2025 củaBan Thường vụ Tỉnh uỷ về", "01-KH/TU", "Ban Thường vụ Tỉnh uỷ"),
])
def test_code_glued_to_the_next_word(text, want, issuer):
    """A PDF text layer drops the space after a code as well as before it (Công Hải archive)."""
    hits = find_in_text(text)
    assert [h.id for h in hits] == [want] and hits[0].issuer == issuer
    assert "glued" in hits[0].flags or "củaBan" in text
    assert _ids("mã 12-NQ/XYZabc") == []  # an unknown issuer stays nothing


@pytest.mark.parametrize("text, want", [
    ("Nghị quyết Đại hội đại biểu Đảng bộxã lần thứ I, nhiệm kỳ2025 - 2030", "congress:I:commune"),
    ("Nghị quyết Đại hội Đảng bộ tỉnh lần thứI", "congress:I:province"),
])
def test_congress_resolution_with_glued_words(text, want):
    assert _ids(text) == [want]


def test_congress_resolution_glued_to_its_kind_word():
    assert _ids("thực hiện Nghị quyếtĐại hội XIV của Đảng") == ["congress:XIV:central"]


def test_congress_resolution_without_ordinal_takes_the_one_the_document_names():
    """Công Hải 22-CTr/ĐU: "... Nghị quyết Đại hội Đảng bộ xã" and elsewhere "Nghị quyết Đại hội đại biểu
    Đảng bộ xã lần thứ I": the same resolution; with two ordinals of that level, or none, nothing is guessed."""
    text = ("thực hiện Nghị quyết Đại hội Đảng bộ xã. Nghị quyết Đại hội đại biểu Đảng bộ xã lần thứ I, "
            "nhiệm kỳ 2025 - 2030 và Nghị quyết Đại hội Đảng bộ tỉnh")
    assert [(h.id, "inferred" in h.flags) for h in find_in_text(text)] == [
        ("congress:I:commune", True), ("congress:I:commune", False), (None, False)]
    two = ("Nghị quyết Đại hội Đảng bộ xã lần thứ I; Nghị quyết Đại hội Đảng bộ xã lần thứ II; "
           "Nghị quyết Đại hội Đảng bộ xã")
    assert [h.id for h in find_in_text(two)] == ["congress:I:commune", "congress:II:commune", None]


def test_round_four_dev_forms():
    """Realshapes round 4 (dev): 'Nghị quyết của Đại hội ...' (Văn phòng Chính phủ 636-TB/VPCP) and a
    province board's notice numbered without its committee suffix (Công Hải weekly report 100-BC/ĐU)."""
    hits = find_in_text("điều chỉnh theo Nghị quyết của Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.")
    assert [(h.id, h.issuer) for h in hits] == [
        ("congress:XIV:central", "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng")]
    assert _ids("(5) Chỉ đạo triển khai thông báo số 10-TB/BTGDV định hướng công tác tuyên truyền miệng") \
        == ["10-TB/BTGDV"]
