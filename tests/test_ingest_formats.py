"""The sample reads the same as .txt, .docx, text .pdf and scanned .pdf; real files read cleanly."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import docx
import pytest

from pipeline.ingest import ingest
from pipeline.ingest.docx import Numbering, format_number

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = ROOT / "tests" / "data" / "real"
STEM = "000_a9ef7522b32975cc"
CUTS = ["không ngừng nâng cao trình độ", "Nhân dân; chủ động nắm chắc",
        "văn minh, hiện đại, kết hợp hài hòa", "Phát triển các vùng sản xuất hàng hóa"]


def words(s: str) -> list[str]:
    return unicodedata.normalize("NFC", s).replace("*", " ").split()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def body(doc) -> str:
    return "\n".join(b.normalized for b in doc.blocks if b.kind != "furniture")


@pytest.fixture(scope="module")
def docs():
    return {ext: ingest(CORPUS / f"{STEM}.{ext}") for ext in ("txt", "docx", "pdf")}


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_formats_agree_with_txt(docs, ext):
    assert similarity(body(docs["txt"]), body(docs[ext])) >= 0.99


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_page_break_cuts_are_one_block(docs, ext):
    for phrase in CUTS:
        assert any(phrase in b.normalized for b in docs[ext].body), (ext, phrase)


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_offsets_index_document_text(docs, ext):
    doc = docs[ext]
    for b in doc.body:
        assert doc.text[b.start:b.end] == b.normalized


def test_docx_auto_numbering_is_shown(docs):
    raw = docx.Document(str(CORPUS / f"{STEM}.docx"))
    typed = [p.text for p in raw.paragraphs]
    assert not any(t.startswith(("1.1.", "I. ", "III. ")) for t in typed)  # numbers come from numbering.xml
    heads = [b.normalized for b in docs["docx"].blocks if b.kind == "heading"]
    for label in ("I. MỤC ĐÍCH", "II. MỤC TIÊU", "1.1. Đổi mới", "1.6.1. Về hoạt động", "2.1. Quy hoạch",
                  "3.2.2. Bảo đảm", "IV. TỔ CHỨC"):
        assert any(h.startswith(label) for h in heads), label
    items = [b.normalized for b in docs["docx"].body if b.normalized.startswith("6. Trong quá trình")]
    assert items, "part IV's own decimal list restarts at 1 and reaches 6"
    assert any(r.kind == "numbering" for b in docs["docx"].blocks for r in b.repairs)


def test_docx_furniture_and_table(docs):
    d = docs["docx"]
    furniture = [b.normalized for b in d.blocks if b.kind == "furniture"]
    assert any("Chương trình hành động" in f for f in furniture)  # page header
    cells = [b for b in d.blocks if b.kind == "table_cell"]
    assert {(b.row, b.col) for b in cells} == {(0, 0), (0, 1)}
    assert cells[-1].normalized == "Nguyễn Văn Hùng"


def test_pdf_furniture_and_pages(docs):
    d = docs["pdf"]
    furniture = [b for b in d.blocks if b.kind == "furniture"]
    assert {b.normalized for b in furniture if b.normalized.isdigit()} >= {"1", "2", str(d.pages)}
    assert not any(b.normalized.startswith("Đảng bộ phường Phạm Sự Mạnh -") for b in d.body)
    assert d.method == "text" and d.pages and d.pages > 5
    assert all(b.page for b in d.blocks)


def _numbering(xml: str) -> Numbering:
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return Numbering(etree.fromstring(f'<w:numbering xmlns:w="{w}">{xml}</w:numbering>'), {})


def test_numbering_levels_restart_and_formats():
    n = _numbering(
        '<w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/>'
        '<w:lvlRestart w:val="0"/></w:lvl>'
        '</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'
        '<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>')
    seq = [(5, 0), (5, 1), (5, 2), (5, 2), (5, 3), (5, 1), (5, 2), (5, 0), (5, 1), (5, 3)]
    got = [n.label(str(i), lv)[0] for i, lv in seq]
    assert got == ["I.", "1.", "1.1.", "1.2.", "a)", "2.", "2.1.", "II.", "1.", "b)"]
    assert n.label("6", 0)[0] == "IV."  # startOverride: a list of its own
    assert n.label("7", 0)[0] == "•"
    assert n.label("99", 0) is None
    assert [format_number(k, "upperRoman") for k in (4, 9, 14)] == ["IV", "IX", "XIV"]
    assert format_number(28, "lowerLetter") == "bb"


def test_font_fault_pdf_repaired():
    d = ingest(REAL / "1178-DCK-CTT-huong-dan-CCN-dia-gioi-moi.pdf")
    assert "THƯƠNG" in d.text and "HÒA" in d.text
    assert "THƢƠNG" not in d.text and "HÕA" not in d.text
    assert any(r.kind == "font" and r.before == "HÕA" for b in d.blocks for r in b.repairs)
    assert d.method == "text"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.docx")))
def test_real_docx_read(name):
    d = ingest(REAL / name)
    assert d.source.format == "docx" and len(d.body) > 20
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in d.text.upper().replace("HOÀ", "HÒA")


@pytest.mark.slow
def test_real_doc_via_libreoffice():
    d = ingest(REAL / "quangninh_99-2025-NQ-HDND_2025-12-16_muc-chi-bau-cu.doc")
    assert d.method == "libreoffice" and d.source.format == "doc"
    assert "NGHỊ QUYẾT" in d.text and "99/2025/NQ-HĐND" in d.text


# ---------------------------------------------------------------- OCR (slow but run in CI)

@pytest.mark.slow
def test_scanned_sample_ocr(docs):
    scan = ingest(CORPUS / f"{STEM}_scan.pdf")
    assert scan.method == "ocr" and scan.pages == 2
    assert all(b.method == "ocr" for b in scan.blocks)
    pdf_part = " ".join(b.normalized for b in docs["pdf"].body if b.page <= 2)
    txt_words = words(body(docs["txt"]))[: len(words(pdf_part))]
    assert similarity(" ".join(txt_words), body(scan)) >= 0.90
    assert not any("Chương trình hành động" in b.normalized and "Phạm Sự Mạnh -" in b.normalized for b in scan.body)


@pytest.mark.slow
def test_cid_layer_goes_to_ocr():
    d = ingest(REAL / "3036_SCT_CN_KHKTNT_Kho_VLCN_tam_Thuydien_MongSen1_3.6.2026.pdf")
    assert d.method == "ocr"
    assert any(x.code == "ocr" and "syllables" in x.message for x in d.diagnostics)
    assert "SỞ CÔNG THƯƠNG" in d.text and "Lào Cai" in d.text
    assert "ӝ" not in d.text and "ѭ" not in d.text


@pytest.mark.slow
def test_scan_without_text_layer(tmp_path):
    d = ingest(REAL / "CV-813-CucHoaChat.pdf")
    assert d.method == "ocr" and all(b.method == "ocr" for b in d.body)
    assert "Cục Hóa chất" in d.text or "CỤC HÓA CHẤT" in d.text
    # the other scan: its first page only, to keep the test quick
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(REAL / "CV-2265-BCT-ATMT-trien-khai.pdf")
    one = pdfium.PdfDocument.new()
    one.import_pages(src, [0])
    out = tmp_path / "CV-2265-p1.pdf"
    one.save(out)
    d = ingest(out)
    assert d.method == "ocr" and d.pages == 1
    assert "BỘ CÔNG THƯƠNG" in d.text and "Kính gửi" in d.text
