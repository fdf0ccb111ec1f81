"""Written forms of citations, table-driven: each relaxed rule has a negative case beside it."""

import pytest

from pipeline.cite import find_in_text

NQ = "Nghị quyết số"
# (readable id, text, expected ids in order, flags every expected hit must carry)
CASES = [
    # --- Party: {number}-{kind}/{issuer}, every kind ---
    ("party-NQ-TW", "Nghị quyết số 57-NQ/TW ngày 22/12/2024", ["57-NQ/TW"], []),
    ("party-CT-TW", "Chỉ thị số 05-CT/TW", ["05-CT/TW"], []),
    ("party-KL-TW", "Kết luận số 21-KL/TW", ["21-KL/TW"], []),
    ("party-QD-TW", "Quyết định số 384-QĐ/TW", ["384-QĐ/TW"], []),
    ("party-QDi-TW", "Quy định số 08-QĐi/TW", ["08-QĐi/TW"], []),
    ("party-QC-TW", "Quy chế số 12-QC/TW", ["12-QC/TW"], []),
    ("party-CTr-TU", "Chương trình hành động số 17-CTr/TU", ["17-CTr/TU"], []),
    ("party-KH-TW", "Kế hoạch số 03-KH/TW", ["03-KH/TW"], []),
    ("party-HD-BTGTW", "Hướng dẫn số 125-HD/BTGTW", ["125-HD/BTGTW"], []),
    ("party-TB-TU", "Thông báo số 1200-TB/TU", ["1200-TB/TU"], []),
    ("party-BC-DU", "Báo cáo số 45-BC/ĐU", ["45-BC/ĐU"], []),
    ("party-TTr-TU", "Tờ trình số 9-TTr/TU", ["9-TTr/TU"], []),
    ("party-DA-TU", "Đề án số 10-ĐA/TU", ["10-ĐA/TU"], []),
    ("party-CV-DU", "Công văn số 2449-CV/ĐU", ["2449-CV/ĐU"], []),
    # --- Party issuer codes ---
    ("iss-DUK", "Kế hoạch số 15-KH/ĐUK", ["15-KH/ĐUK"], []),
    ("iss-HU", "Nghị quyết số 12-NQ/HU", ["12-NQ/HU"], []),
    ("iss-QU", "Nghị quyết số 3-NQ/QU", ["3-NQ/QU"], []),
    ("iss-TXU", "Chỉ thị số 4-CT/TXU", ["4-CT/TXU"], []),
    ("iss-THU", "Kết luận số 6-KL/THU", ["6-KL/THU"], []),
    ("iss-BCD", "Kế hoạch số 01-KH/BCĐ", ["01-KH/BCĐ"], []),
    ("iss-UBKTTW", "Hướng dẫn số 02-HD/UBKTTW", ["02-HD/UBKTTW"], []),
    ("iss-BTCTW", "Hướng dẫn số 11-HD/BTCTW", ["11-HD/BTCTW"], []),
    ("iss-VPTW", "Công văn số 30-CV/VPTW", ["30-CV/VPTW"], []),
    ("iss-BCSD", "Nghị quyết số 5-NQ/BCSĐ", ["5-NQ/BCSĐ"], []),
    ("iss-unknown-neg", "mã 12-NQ/XYZ", [], []),
    # --- State ---
    ("state-ND-CP", "Nghị định số 30/2020/NĐ-CP", ["30/2020/NĐ-CP"], []),
    ("state-QD-TTg", "Quyết định số 749/QĐ-TTg", ["749/QĐ-TTg"], []),
    ("state-NQ-HDND", "Nghị quyết số 20/NQ-HĐND", ["20/NQ-HĐND"], []),
    ("state-QD-UBND", "Quyết định số 123/QĐ-UBND", ["123/QĐ-UBND"], []),
    ("state-TT-BNV", "Thông tư số 01/2025/TT-BNV", ["01/2025/TT-BNV"], []),
    ("state-NQ-CP", "Nghị quyết số 03/NQ-CP ngày 09/01/2025", ["03/NQ-CP"], []),
    ("state-KH-UBND", "Kế hoạch số 144/KH-UBND", ["144/KH-UBND"], []),
    ("state-law", "Luật số 63/2025/QH15", ["63/2025/QH15"], []),
    ("state-NQ-UBTVQH", "Nghị quyết số 1656/NQ-UBTVQH15", ["1656/NQ-UBTVQH15"], []),
    ("state-TTr-ministry", "Tờ trình số 04/TTr-BKHCN-BTTTT", ["04/TTr-BKHCN-BTTTT"], []),
    ("state-CV-unit", "Công văn số 9387/UBND-KT", ["9387/UBND-KT"], []),
    ("state-QD-TTg-year", "Quyết định số 37/2018/QĐ-TTg", ["37/2018/QĐ-TTg"], []),
    ("state-lowercase-neg", "giá 1.000/người-ngày", [], []),
    # --- Party and State never merge ---
    ("party-vs-state", "Nghị quyết số 68-NQ/TW và Nghị quyết số 68/NQ-CP", ["68-NQ/TW", "68/NQ-CP"], []),
    # --- damaged: spacing ---
    ("spacing-both", "Nghị quyết số 68 - NQ/TW của Bộ Chính trị", ["68-NQ/TW"], ["spacing"]),
    ("spacing-left", "Nghị quyết 57 -NQ/TW", ["57-NQ/TW"], ["spacing"]),
    ("spacing-right", "Nghị quyết số 72- NQ/TW", ["72-NQ/TW"], ["spacing"]),
    ("spacing-CT-TU", "Chỉ thị số 02 - CT/TU", ["02-CT/TU"], ["spacing"]),
    ("spacing-no-so", "Nghị quyết 79 -NQ/TW của Bộ Chính trị", ["79-NQ/TW"], ["spacing"]),
    ("spacing-neg-percent", "tăng 79 - 80% so với năm trước", [], []),
    ("spacing-neg-range", "giai đoạn 2025 - 2030/năm", [], []),
    ("space-only", "Chương trình hành động số 104 CTr/TU ngày 30/8/2026", ["104-CTr/TU"], ["spacing"]),
    ("space-only-neg", "đạt 104 người/năm", [], []),
    ("case-issuer", "Chương trình số 104-CTr/Tu", ["104-CTr/TU"], ["case"]),
    ("case-both", "Kết luận số 75-kl/tw", ["75-KL/TW"], ["case"]),
    ("linebreak", "Kết luận số 75-\nKL/TW và", ["75-KL/TW"], ["linebreak"]),
    ("linebreak-neg", "năm 75-\nkhông có gì", [], []),
    ("nfd", "Nghi\u0323 quyê\u0301t sô\u0301 57-NQ/TW", ["57-NQ/TW"], ["nfd"]),
    ("nfd-neg", "Nghi\u0323 quyê\u0301t chung", [], []),
    # --- damaged kind code, repaired only after the words ---
    ("repaired", "Nghị quyết số 07-Q/TU ngày 29/01/2026", ["07-NQ/TU"], ["repaired"]),
    ("repaired-CTr", "Chương trình số 5-Tr/TU", ["5-CTr/TU"], ["repaired"]),
    ("repair-neg-no-words", "mã hiệu 07-Q/TU trên phong bì", [], []),
    ("repair-neg-other-word", "Chỉ thị số 07-Q/TU", [], []),
    # --- missing code, inferred from the words and the body ---
    ("inferred-TU", "Nghị quyết số 06, ngày 19/01/2026 của Ban Thường vụ Thành ủy về", ["06-NQ/TU"], ["inferred"]),
    ("inferred-TW", "Kết luận số 12 ngày 01/02/2025 của Bộ Chính trị", ["12-KL/TW"], ["inferred"]),
    ("inferred-DU", "Chỉ thị số 3 của Đảng ủy phường", ["3-CT/ĐU"], ["inferred"]),
    ("inferred-CP", "Nghị quyết số 9 của Chính phủ", ["9/NQ-CP"], ["inferred"]),
    ("inferred-KH-TU", "Kế hoạch số 88 của Tỉnh ủy Lào Cai", ["88-KH/TU"], ["inferred"]),
    ("inferred-neg-alone", "Nghị quyết số 68 đã đi vào cuộc sống", [], []),
    ("inferred-neg-no-body", "Kế hoạch số 5 năm 2025", [], []),
    # --- dates and money are not citations ---
    ("date-neg", "ngày 20/8/2025 và 30 /8/2026", [], []),
    ("date-dash-neg", "ngày 22-12-2024", [], []),
    ("money-neg", "mức chi 1.000/người", [], []),
    ("ratio-neg", "đạt 100%/năm", [], []),
    ("quarter-neg", "Quý II/2026", [], []),
    # --- congress resolutions ---
    ("congress-national", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", ["congress:XIV:central"], []),
    ("congress-national-short", "Nghị quyết Đại hội lần thứ XIII của Đảng", ["congress:XIII:central"], []),
    ("congress-city", "Nghị quyết Đại hội đại biểu Đảng bộ thành phố Hải Phòng lần thứ I", ["congress:I:province"], []),
    ("congress-ward", "Nghị quyết Đại hội Đảng bộ phường lần thứ I", ["congress:I:commune"], []),
    ("congress-shared-ordinal",
     "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, Nghị quyết Đại hội đại biểu Đảng bộ thành phố "
     "và Nghị quyết Đại hội Đảng bộ phường lần thứ I",
     ["congress:XIV:central", "congress:I:province", "congress:I:commune"], []),
    ("congress-neg-event", "chuẩn bị Đại hội Đảng bộ phường lần thứ II", [], []),
    ("congress-neg-generic", "chỉ tiêu chủ yếu Nghị quyết Đại hội đề ra", [], []),
    # --- named programmes, charter ---
    ("named-DA06", "Đề án 06 của Chính phủ", ["Đề án 06"], []),
    ("named-neg-unknown", "Đề án 12 cấp thôn", [], []),
    ("charter", "chấp hành Điều lệ Đảng", ["charter:Điều lệ Đảng"], []),
    ("charter-neg", "điều lệ đảng bộ cơ sở", [], []),
    # --- generic words, things still to be written ---
    ("generic-neg", "quán triệt các nghị quyết, văn bản của Trung ương", [], []),
    ("to-be-written-neg",
     "Xây dựng Nghị quyết và tổ chức triển khai thực hiện hiệu quả Nghị quyết về xây dựng phường", [], []),
    ("self-neg", "các nhiệm vụ đề ra tại Chương trình hành động này", [], []),
    ("own-number-neg", "Số: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025", [], []),
    # --- back-references and aliases ---
    ("backref", "Kết luận số 75-KL/TW của Ban Chấp hành Trung ương. Kết luận nêu trên", ["75-KL/TW", "75-KL/TW"], []),
    ("backref-neg-no-antecedent", "thực hiện Nghị quyết nêu trên", [], []),
    ("alias", "Nghị quyết số 57-NQ/TW ngày 22/12/2024 (sau đây gọi tắt là Nghị quyết 57). Nghị quyết 57 đề ra",
     ["57-NQ/TW", "57-NQ/TW", "57-NQ/TW"], []),
    ("short-antecedent", "Nghị quyết số 68-NQ/TW của Bộ Chính trị ... Nghị quyết số 68", ["68-NQ/TW", "68-NQ/TW"], []),
    ("short-ambiguous-neg", "Nghị quyết số 68-NQ/TW và Nghị quyết 68/NQ-CP; Nghị quyết số 68",
     ["68-NQ/TW", "68/NQ-CP"], []),
    # --- codes added from the real-shapes corpus (sources in codes.json "code_sources") ---
    ("party-TT-thong-tri", "Thông tri số 02-TT/TU ngày 03/10/2025 của Thành ủy", ["02-TT/TU"], []),
    ("party-KHHD", "Kế hoạch hành động số 459-KHHĐ/TU ngày 21/5/2025", ["459-KHHĐ/TU"], []),
    ("iss-BCDTW", "Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025", ["02-KH/BCĐTW"], []),
    ("iss-BTGDVTU", "Hướng dẫn số 20-HD/BTGDVTU, ngày 22/9/2025", ["20-HD/BTGDVTU"], []),
    ("state-MTTW", "Thông tri số 04/TT-MTTW-BTT ngày 04/11/2025", ["04/TT-MTTW-BTT"], []),
    ("state-UBBC", "Quyết định số 03/QĐ-UBBC ngày 05/12/2025 của Ủy ban bầu cử xã", ["03/QĐ-UBBC"], []),
    ("state-KSVN", "Văn bản số 343/KSVN-KHTCKT", ["343/KSVN-KHTCKT"], []),
    ("state-DCKS", "Văn bản số 10699/BNNMT-ĐCKS và số 3633/ĐCKS-PCKS", ["10699/BNNMT-ĐCKS", "3633/ĐCKS-PCKS"], []),
    # --- relaxed forms, each with its negative ---
    ("dotted-number", "Nghị quyết số 66.2/2025/NQ-CP ngày 28/8/2025", ["66.2/2025/NQ-CP"], []),
    ("dotted-number-neg", "tỷ lệ 66.2/100 dân", [], []),
    ("dotted-no-year-neg", "mục 1.2/QĐ-UBND", [], []),
    ("amp-unit", "Công văn số 8935/BNV-CTTN&BĐG ngày 03/10/2025", ["8935/BNV-CTTN&BĐG"], []),
    ("amp-neg-name", "Thành viên Ban VSTBPN&BĐG Thành phố", [], []),
    ("glued-kind-issuer", "Quyết định số 1626/QĐTTg ngày 15/12/2023", ["1626/QĐ-TTg"], ["repaired"]),
    ("glued-kind-issuer-neg", "mã 1626/QĐTT và 12/ABCD", [], []),
    ("party-state-order", "Nghị quyết số 27/NQ- TW ngày 09/11/2022", ["27-NQ/TW"], ["repaired"]),
    ("party-state-order-neg-state", "Nghị quyết số 20/NQ-HĐND", ["20/NQ-HĐND"], []),
    ("party-state-order-neg-year", "số hiệu 27/2022/NQ-TW", [], []),
    ("joint-slash", "Căn cứ Nghị quyết liên tịch số 102/2025/NQLT/UBTVQH15-CP-ĐCTUBTWMTTQVN hướng dẫn",
     ["102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"], ["repaired"]),
    ("slash-neg-no-year", "Kế hoạch 01/KH/TU", [], []),
]


@pytest.mark.parametrize(("text", "want", "flags"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_form(text, want, flags):
    hits = [h for h in find_in_text(text) if h.id]
    assert [h.id for h in hits] == want
    for h in hits[:1]:
        assert set(flags) <= set(h.flags), h.flags
    for h in hits:
        assert text[h.start:h.end] == h.text


def test_enough_cases():
    assert len(CASES) >= 80
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "level"), [
    ("Nghị quyết số 20/NQ-HĐND của Hội đồng nhân dân phường", "commune"),
    ("Quyết định số 123/QĐ-UBND của Ủy ban nhân dân tỉnh", "province"),
    ("Nghị quyết số 20/NQ-HĐND", "province"),
    ("Quyết định số 5/QĐ-UBND ngày 02/01/2026 của UBND xã Tân Dân", "commune"),
    ("Nghị quyết số 57-NQ/TW", "central"),
    ("Nghị quyết số 08-NQ/TU", "province"),
    ("Nghị quyết số 12-NQ/ĐU", "commune"),
    ("Công văn số 2449-CV/ĐU của Đảng ủy Ủy ban nhân dân tỉnh", "province"),
    ("Nghị quyết số 12-NQ/HU", "district"),
    ("Thông tư số 01/2025/TT-BNV", "central"),
])
def test_level(text, level):
    assert find_in_text(text)[0].level == level


def test_facts_after_the_number():
    h = find_in_text("Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương (khóa XIII) và Kế hoạch")[0]
    assert (h.date, h.issuer) == ("2021-10-25", "Ban Chấp hành Trung ương (khóa XIII)")
    h = find_in_text("Nghị quyết số 70-NQ/TW ngày 20/8/2025 của Bộ Chính trị về bảo đảm an ninh năng lượng; tiếp")[0]
    assert h.title == "bảo đảm an ninh năng lượng"
    h = find_in_text("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị")[0]
    assert h.date == "2024-12-22"
    h = find_in_text("Chỉ thị số 1-CT/TW ngày 22-12-2024")[0]
    assert h.date == "2024-12-22"


def test_self_keeps_the_number():
    hits = find_in_text("Số: 144/KH-UBND\nKế hoạch này")
    assert [(h.form, h.ref) for h in hits] == [("self", "144/KH-UBND"), ("self", None)]


@pytest.mark.parametrize(("number", "want"), [
    ("17-CTr/TU", "17-CTr/TU"), ("104 -CTr/Tu", "104-CTr/TU"), ("Số: 144/KH-UBND", "144/KH-UBND"),
    ("03/NQ-CP", "03/NQ-CP"), ("", None), ("/KH-UBND", None),
])
def test_canonical_id(number, want):
    from pipeline.cite import canonical_id

    assert canonical_id(number) == want
