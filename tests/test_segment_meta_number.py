"""The document's own number wherever its header puts it (issue #12 item 5, issue #10 second round)."""

import pytest

from pipeline.ingest import ingest
from pipeline.segment import segment

HEAD = "HỘI ĐỒNG NHÂN DÂN\nTỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"


def _meta(tmp_path, text: str):
    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    return segment(ingest(p)).meta


@pytest.mark.parametrize(("head", "number"), [
    (HEAD + "Số: 99/2025/NQ-HĐND\nBắc Ninh, ngày 10 tháng 12 năm 2025\nNGHỊ QUYẾT\n", "99/2025/NQ-HĐND"),
    ("ĐẢNG ĐOÀN QUỐC HỘI\n*\nSố 3260-KH/ĐĐQH15\nHà Nội, ngày 10 tháng 01 năm 2025\nKẾ HOẠCH\n", "3260-KH/ĐĐQH15"),
    ("ĐẢNG ỦY XÃ TÂN LẬP\nSố: 05 -CTr/ĐU\nTân Lập, ngày 20 tháng 10 năm 2025\nCHƯƠNG TRÌNH\n", "05-CTr/ĐU"),
    # a wrapper's front matter ends the heading block early: the "Số hiệu:" line a few lines on counts
    ("---\nstt: 1\n---\nCHƯƠNG TRÌNH công tác\nSố hiệu: 22-CTr/ĐU | Ngày ban hành: 13/11/2025\n", "22-CTr/ĐU"),
])
def test_number_line_anywhere_in_the_header(tmp_path, head, number):
    body = "I. MỤC ĐÍCH, YÊU CẦU\n- Quán triệt sâu sắc.\nII. NHIỆM VỤ\n1. Tổ chức học tập.\n"
    assert _meta(tmp_path, head + body).number == number


def test_blank_number_stays_blank_and_a_cited_number_is_not_the_documents(tmp_path):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: /UBND-XD\nV/v triển khai thực hiện Quyết định số\n"
            "1074/QĐ-BXD ngày 29/6/2026\nKính gửi: các sở.\n1. Tổ chức thực hiện.\n")
    assert _meta(tmp_path, text).number in ("", None)


def test_issuer_drops_the_tense_word(tmp_path):
    text = ("KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW, Bộ Chính trị đã ban hành nghị quyết về khoa học.\n"
            "I. MỤC ĐÍCH\n- Quán triệt.\n")
    assert _meta(tmp_path, text).issuer == "Bộ Chính trị"
