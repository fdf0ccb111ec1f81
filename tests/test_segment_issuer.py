"""The issuing body: heading forms and issuing sentences of the real documents in tests/data/realshapes
(development split), and the acts a document cites, whose issuers are not its own."""

import json
from pathlib import Path

import pytest

from pipeline.segment.issuer import cased, heading_body, issuer

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "tests" / "data" / "realshapes"


@pytest.mark.parametrize("head, want", [
    (["ỦY BAN NHÂN DÂN  THÀNH PHỐ CẦN THƠ", "-------"], "Ủy ban nhân dân thành phố Cần Thơ"),
    (["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: /UBND-XD"],
     "Ủy ban nhân dân tỉnh Lào Cai"),
    (["UỶ BAN MTTQ VIỆT NAM PHƯỜNG BẮC CAM RANH BAN THƯỜNG TRỰC Số: /KH-MTTQ-BTT CỘNG HÒA XÃ HỘI"],
     "Ban Thường trực Ủy ban MTTQ Việt Nam phường Bắc Cam Ranh"),
    (["", "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TUYÊN GIÁO VÀ DÂN VẬN", "", "ĐẢNG CỘNG SẢN VIỆT NAM"],
     "Ban Tuyên giáo và Dân vận Trung ương"),
    (["THỦ TƯỚNG CHÍNH PHỦ", "-------"], "Thủ tướng Chính phủ"),
    (["UBND TỈNH LÀO CAI SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"], "Sở Nông nghiệp và Môi trường tỉnh Lào Cai"),
    (["[Bản trích chữ tự động bằng pdftotext]", "TỈNH UỶ LÀO CAI  ĐẢNG CỘNG SẢN VIỆT NAM", "*"],
     "Tỉnh ủy Lào Cai"),
    (["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "*", "Số 45-KH/ĐU"], "Đảng ủy xã Công Hải"),
])
def test_heading_forms(head, want):
    assert heading_body(head) == want


def test_a_title_is_not_a_heading():
    assert heading_body(["KẾ HOẠCH", "Triển khai thực hiện Nghị quyết"]) is None
    assert heading_body(["CHƯƠNG TRÌNH HÀNH ĐỘNG", "CỦA BAN CHẤP HÀNH ĐẢNG BỘ PHƯỜNG"]) is None


def test_capitals_undone_keep_place_names_and_leave_society_alone():
    assert cased("UỶ BAN NHÂN DÂN TỈNH BẮC NINH") == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert cased("MẶT TRẬN TỔ QUỐC VIỆT NAM VÀ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI") == \
        "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"


def test_the_issuing_sentence_wins_and_the_heading_completes_it():
    head = ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "-------", "KẾ HOẠCH",
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau:"]
    assert issuer(head, None) == "Ủy ban nhân dân tỉnh Nghệ An"
    sample = ["CHƯƠNG TRÌNH HÀNH ĐỘNG", "Thực hiện Chương trình hành động số 17-CTr/TU, ngày 06/3/2026 của Ban Chấp "
              "hành Đảng bộ thành phố; Ban Chấp hành Đảng bộ phường Phạm Sự Mạnh ban hành Chương trình hành động"]
    assert issuer(sample, None) == "Ban Chấp hành Đảng bộ phường Phạm Sự Mạnh"


@pytest.mark.parametrize("texts, title", [
    (["Ngày 29/6/2026, Bộ trưởng Bộ Xây dựng ban hành Quyết định số 1074/QĐ-BXD về việc ban hành giải pháp"], None),
    (["Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ ban hành Kế hoạch hành động của Chính phủ"], None),
    ([], "KẾ HOẠCH thực hiện Kết luận số 156-KL/TW ngày 21/5/2025 của Bộ Chính trị về văn hóa"),
])
def test_the_issuer_of_a_cited_act_is_not_this_documents(texts, title):
    assert issuer(texts, title) is None


def test_development_documents_issuer_and_level():
    """On the development split the labelled issuer is found for most documents, and the level
    for all (the number's own code beats words of the title such as "bầu cử đại biểu Quốc hội")."""
    from pipeline.extract import extract_file

    def fold(s):
        return " ".join((s or "").lower().split())

    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((SHAPES / "labels").glob("*.json"))]
    dev = [r for r in rows if r["split"] == "dev"]
    metas = [(r, extract_file(SHAPES / "docs" / Path(r["file"]).name).meta) for r in dev]
    assert all(m.level == r["level"] for r, m in metas), [(r["file"], m.level) for r, m in metas
                                                         if m.level != r["level"]]
    right = sum(fold(m.issuer) == fold(r["issuer"]) for r, m in metas)
    assert right >= 0.75 * len(dev), right


# ---- the signature block (wave 4): a dashboard's export moves the heading off the top ----------

_SIGNED = ["- Phối hợp ... kịp thời báo cáo Thường trực Đảng uỷ.", "Nơi nhận:", "T/M BAN THƯỜNG VỤ",
           "- Ban Thường vụ Tỉnh uỷ (báo cáo),", "- Lưu Văn phòng Đảng uỷ.", "BÍ THƯ", "Vũ Thị Thuỳ Trang",
           "ĐẢNG UỶ XÃ CÔNG HẢI", "13-10-2025 11:04:17 +07:00"]  # Công Hải 18-KH/ĐU, its last lines
_WRAPPER = ['--- stt: 565 the_loai: "KẾ HOẠCH" so_hieu: "18-KH/ĐU" nam: "2025"', "---",
            "KẾ HOẠCH lãnh đạo cuộc bầu cử đại biểu Quốc hội khóa XVI",
            "Số hiệu: 18-KH/ĐU | Ngày ban hành: ngày 16/5/2025 | Lĩnh vực: Công tác Tổ chức - Đảng viên"]


def test_signature_block_names_the_body_signed_for_with_its_stamp():
    from pipeline.segment.issuer import signature_body

    assert signature_body(_SIGNED) == "Ban Thường vụ Đảng ủy xã Công Hải"
    # "T/M ĐẢNG UỶ" over its own stamp is the Đảng ủy; the Ban Chấp hành is the Đảng bộ's
    assert signature_body(["T/M ĐẢNG UỶ", "BÍ THƯ", "Vũ Thị Thuỳ Trang", "ĐẢNG UỶ XÃ CÔNG HẢI"]) == \
        "Đảng ủy xã Công Hải"
    assert signature_body(["T/M BAN CHẤP HÀNH", "BÍ THƯ", "ĐẢNG UỶ XÃ CÔNG HẢI"]) == \
        "Ban Chấp hành Đảng bộ xã Công Hải"
    # no place anywhere in the block (Lương Minh MTTQ, "KT. CHỦ TỊCH"): nothing rather than "Ban Thường trực"
    assert signature_body(["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Lan Thị Vân"]) is None
    assert signature_body(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Phú Hiền"]) is None
    assert signature_body(["TM. ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "KT. CHỦ TỊCH"]) == "Ủy ban nhân dân tỉnh Lào Cai"
    assert signature_body(["**T/M BAN THƯỜNG VỤ**", "BÍ THƯ", "**ĐẢNG UỶ XÃ CÔNG HẢI**"]) == \
        "Ban Thường vụ Đảng ủy xã Công Hải"  # a .md conversion keeps the bold marks


def test_issuer_from_the_signature_when_no_heading_or_a_partial_name():
    assert issuer(_WRAPPER, _WRAPPER[2], "18-KH/ĐU") is None  # the heading is below the wrapper
    assert issuer(_WRAPPER, _WRAPPER[2], "18-KH/ĐU", _SIGNED) == "Ban Thường vụ Đảng ủy xã Công Hải"
    # Công Hải 23-CTr/ĐU: the title names "BAN CHẤP HÀNH ĐẢNG BỘ XÃ" without its place
    title = "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI"
    assert issuer([title], title, None, _SIGNED) == "Ban Chấp hành Đảng bộ xã Công Hải"
    # a whole name from the heading stays, whatever the signature block says
    assert issuer(["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: /UBND-XD"], None, None, _SIGNED) == \
        "Ủy ban nhân dân tỉnh Lào Cai"


def test_party_organisation_is_not_a_ministry_when_cased():
    assert cased("BAN CHẤP HÀNH ĐẢNG BỘ XÃ") == "Ban Chấp hành Đảng bộ xã"
    assert cased("BỘ KHOA HỌC VÀ CÔNG NGHỆ") == "Bộ Khoa học và Công nghệ"


def test_dashboard_export_reads_its_issuer_from_the_signature():
    """The dev document itself, end to end (tests/data/realshapes, split dev)."""
    from pipeline.extract import extract_file

    ex = extract_file(SHAPES / "docs" / "commune_xaCongHai-KhanhHoa_18-KH-DU_2025-10-13_lanh-dao-bau-cu-46-CT.md")
    label = json.loads((SHAPES / "labels" /
                        "commune_xaCongHai-KhanhHoa_18-KH-DU_2025-10-13_lanh-dao-bau-cu-46-CT.md.json").read_text())
    assert label["split"] == "dev" and ex.meta.issuer == label["issuer"] == "Ban Thường vụ Đảng ủy xã Công Hải"
