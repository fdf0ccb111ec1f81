"""The Word report staff file: a one-page summary first, reviewed rows marked (#12)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from test_review import _decided, _setup, _three_decisions


def _pdf_pages(docx_path, tmp_path) -> list[str]:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    assert soffice and pdftotext, "LibreOffice and poppler-utils are part of the install"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / (docx_path.stem + ".pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def _docx_text(path) -> str:
    d = Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_word_report_marks_reviewed_rows(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    confirm, reject, gap, target = _three_decisions(vp, store)
    assert len(_decided(vp, store)) == 3
    exp = tmp_path / "exp"
    assert vp("export", "--docx", "--store", store, "--out", exp).returncode == 0
    (path,) = exp.glob("alignment-144*03*.docx")
    text = _docx_text(path)
    assert text.count("Cán bộ rà soát: xác nhận") == 1 and text.count("Cán bộ rà soát: bác bỏ") == 1
    assert text.count("Cán bộ rà soát: chuyển sang mục khác") == 1
    assert "Máy đề xuất: khớp" in text and "Máy đề xuất: cần xem" in text
    assert "Nguyễn Văn A" in text and "PHỤ LỤC: NHIỆM VỤ RIÊNG CỦA CẤP DƯỚI" in text
    assert "Cán bộ đã rà soát 3 dòng (xác nhận 1, bác bỏ 1, chuyển sang mục khác 1)" in text
    for english in ("parent tasks", "matched pairs", "targets weaker", "missing_in_child", "tfidf"):
        assert english not in text


@pytest.mark.slow
def test_bac_ninh_word_report_opens_with_a_one_page_summary(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    exp = tmp_path / "exp"
    assert vp("export", "--docx", "--store", store, "--out", exp).returncode == 0
    (path,) = exp.glob("alignment-144*03*.docx")
    pages = _pdf_pages(path, tmp_path)
    first, second = pages[0], pages[1]
    for heading in ("I. TÓM TẮT", "1. Mức độ bao quát", "2. Nhiệm vụ cấp trên chưa có ở cấp này",
                    "3. Chỉ tiêu của cấp dưới thấp hơn cấp trên", "4. Văn bản cấp trên dẫn chiếu",
                    "5. Văn bản cấp trên chưa có trong kho"):
        assert heading in first
    assert "II. BẢNG ĐỐI CHIẾU" not in first
    # page 2 opens with the comparison table (after the page number in the header)
    assert second.split("II. BẢNG ĐỐI CHIẾU NHIỆM VỤ")[0].split() == ["2"]
