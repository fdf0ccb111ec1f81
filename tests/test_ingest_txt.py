"""Text and Markdown reading: encodings, tables, headings, sniffing by content."""

import codecs

import pytest

from pipeline.errors import EmptyDocument, UnsupportedFormat
from pipeline.ingest import ingest
from pipeline.ingest.legacy import encode_cp1258

TEXT = "I. MỤC ĐÍCH, YÊU CẦU\n\n- Phấn đấu tỷ lệ kết nạp đảng viên mới đạt 3%.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_encodings(tmp_path, encoding):
    p = tmp_path / "a.txt"
    data = encode_cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding)  # utf-16-le: no BOM
    p.write_bytes(data)
    doc = ingest(p)
    assert doc.text.splitlines() == ["I. MỤC ĐÍCH, YÊU CẦU", "- Phấn đấu tỷ lệ kết nạp đảng viên mới đạt 3%."]


def test_markdown_table_and_heading(tmp_path):
    p = tmp_path / "plan.md"
    p.write_text("# KẾ HOẠCH\n\n| TT | Tên nhiệm vụ | Cơ quan chủ trì |\n|---|---|---|\n"
                 "| 1 | Xây dựng **cơ sở dữ liệu** | Sở Nội vụ |\n", encoding="utf-8")
    doc = ingest(p)
    assert doc.source.format == "md"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].normalized == "KẾ HOẠCH"
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert [(b.row, b.col) for b in cells][:3] == [(0, 0), (0, 1), (0, 2)]
    assert cells[4].normalized == "Xây dựng cơ sở dữ liệu"
    assert cells[4].text == " Xây dựng **cơ sở dữ liệu** "


def test_empty_and_binary(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    with pytest.raises(EmptyDocument, match="empty.txt"):
        ingest(empty)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(UnsupportedFormat, match="noise.txt"):
        ingest(noise)


def test_bom_is_not_text(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(codecs.BOM_UTF8 + "Nghị quyết".encode())
    assert ingest(p).text == "Nghị quyết"
