"""PDF layout: the two-column header block is read column by column; section headings are headings."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.pdf"


def texts(doc, page: int = 1) -> list[str]:
    return [b.normalized for b in doc.body if b.page == page]


def where(blocks: list[str], phrase: str) -> int:
    hits = [i for i, t in enumerate(blocks) if phrase in t]
    assert hits, (phrase, blocks[:15])
    return hits[0]


def assert_columns(blocks: list[str], left: list[str], right: list[str]) -> None:
    """Every left phrase and every right phrase in blocks of their own, left before right."""
    li = [where(blocks, p) for p in left]
    ri = [where(blocks, p) for p in right]
    assert not set(li) & set(ri), "a left and a right column share a block"
    for p in left:
        assert not any(q in blocks[where(blocks, p)] for q in right), p
    assert max(li) < min(ri), (li, ri)


def test_joint_guidance_header_columns():
    d = ingest(REAL / "Huong-dan-lien-nganh-24-N2O.pdf")
    blocks = texts(d)
    assert_columns(blocks, ["BỘ CÔNG AN - BỘ QUỐC PHÒNG", "BỘ Y TẾ - BỘ CÔNG THƯƠNG", "NHÂN DÂN TÓI CAO - TÒA ÁN"],
                   ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    assert_columns(blocks, ["Số: 24 /HDLN-BCA"], ["Hà Nội, ngày 25 tháng 6 năm 2026"])
    # the issuers' row group comes before the number's, and the title after the whole header
    assert where(blocks, "Độc lập - Tự do") < where(blocks, "Số: 24") < where(blocks, "HƯỚNG DẪN LIÊN NGÀNH")
    assert d.method == "text"


def test_font_fault_letter_header_columns():
    d = ingest(REAL / "1178-DCK-CTT-huong-dan-CCN-dia-gioi-moi.pdf")
    blocks = texts(d)
    assert_columns(blocks, ["BỘ CÔNG THƯƠNG", "CỤC ĐỔI MỚI SÁNG TẠO", "KHUYẾN CÔNG"],
                   ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    # the draft's blank number stays one block; the summary under it stays in the left column
    assert "Số: /ĐCK-CTT" in blocks
    assert_columns(blocks, ["Số: /ĐCK-CTT", "V/v hướng dẫn về công tác quản lý"], ["Hà Nội, ngày tháng 7 năm 2025"])
    assert where(blocks, "Hà Nội, ngày") < where(blocks, "Kính gửi")


def _text_pdf(rows, path: Path) -> Path:
    """A one-page PDF of standard-font text objects at (x, y); objects on one baseline come out
    of pdfium as one line, as a header typeset with tab stops does."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for x, y, text, font in rows:
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, font.encode(), ctypes.c_float(13.0))
        data = (text + "\0").encode("utf-16-le")
        buf = ctypes.create_string_buffer(data, len(data))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(path)
    return path


BODY = [(100, 600, "Thuc hien Nghi quyet so 57-NQ/TW ngay 22/12/2024 cua Bo Chinh tri ve dot", "Times-Roman"),
        (70, 584, "pha phat trien khoa hoc, cong nghe, doi moi sang tao va chuyen doi so quoc gia,", "Times-Roman"),
        (70, 568, "cac co quan, don vi trien khai thuc hien cac nhiem vu sau day mot cach day du,", "Times-Roman"),
        (70, 552, "Bo Cong Thuong huong dan nhu sau.", "Times-Roman")]


def test_mixed_header_rows_are_cut(tmp_path):
    rows = [(80, 780, "BO CONG THUONG", "Times-Bold"), (300, 780, "CONG HOA XA HOI CHU NGHIA VIET NAM", "Times-Bold"),
            (90, 764, "CUC HOA CHAT", "Times-Bold"), (345, 764, "Doc lap - Tu do - Hanh phuc", "Times-Bold"),
            (85, 730, "So: 24/HDLN-BCT", "Times-Roman"), (330, 730, "Ha Noi, ngay 25 thang 6 nam 2026", "Times-Roman"),
            (220, 690, "HUONG DAN", "Times-Bold"), (85, 640, "I. MUC DICH, YEU CAU", "Times-Bold"), *BODY]
    path = _text_pdf(rows, tmp_path / "mixed.pdf")
    tp = pdfium.PdfDocument(path)[0].get_textpage()
    assert "BO CONG THUONG CONG HOA" in tp.get_text_range()  # the text layer mixes the columns
    blocks = texts(ingest(path))
    assert blocks[:6] == ["BO CONG THUONG", "CUC HOA CHAT", "CONG HOA XA HOI CHU NGHIA VIET NAM",
                          "Doc lap - Tu do - Hanh phuc", "So: 24/HDLN-BCT", "Ha Noi, ngay 25 thang 6 nam 2026"]
    assert blocks[6] == "HUONG DAN"
    assert any(b.kind == "heading" and b.normalized == "I. MUC DICH, YEU CAU" for b in ingest(path).body)


def test_small_gaps_are_not_cut(tmp_path):
    # a draft's blank number and blank day, and a justified line, stay whole
    rows = [(85, 780, "So:", "Times-Roman"), (150, 780, "/KH-UBND", "Times-Roman"),
            (330, 750, "Ha Noi, ngay", "Times-Roman"), (430, 750, "thang 7 nam 2025", "Times-Roman"),
            (70, 720, "Cac so, ban, nganh", "Times-Roman"), (200, 720, "tinh thuc hien", "Times-Roman"), *BODY]
    blocks = texts(ingest(_text_pdf(rows, tmp_path / "draft.pdf")))
    assert "So: /KH-UBND" in blocks
    assert any(b.startswith("Ha Noi, ngay thang 7") for b in blocks)
    assert any(b.startswith("Cac so, ban, nganh tinh thuc hien") for b in blocks)


@pytest.fixture(scope="module")
def sample():
    return ingest(SAMPLE)


def test_sample_section_headings(sample):
    heads = [b.normalized for b in sample.blocks if b.kind == "heading"]
    for h in ("I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC TIÊU, CHỈ TIÊU", "III. NHIỆM VỤ CHỦ YẾU", "IV. TỔ CHỨC THỰC HIỆN",
              "1. Mục tiêu", "1.1. Đổi mới phương thức lãnh đạo, chỉ đạo của Đảng",
              "1.6.1. Về hoạt động của Hội đồng nhân dân"):
        assert h in heads, h
    # a two-line bold heading is one heading
    assert any(h.startswith("1.2. Xây dựng Đảng") and h.endswith("công tác dân vận") for h in heads)


def test_sample_headings_match_docx(sample):
    docx = ingest(SAMPLE.with_suffix(".docx"))
    want = [b.normalized for b in docx.blocks if b.kind == "heading"]
    got = [b.normalized for b in sample.blocks if b.kind == "heading"]
    assert got == want


def test_sample_body_is_not_heading(sample):
    kinds = {b.normalized[:30]: b.kind for b in sample.body}
    assert kinds["CHƯƠNG TRÌNH HÀNH ĐỘNG"] == "paragraph"  # a title, not a section
    assert all(b.kind != "heading" for b in sample.body if b.normalized.startswith(("- ", "(1)", "a,", "b,")))
