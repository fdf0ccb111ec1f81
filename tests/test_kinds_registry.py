"""One list of document kinds: the registry's title_words names the kinds a title, an issuing
sentence ("... ban hành Thông báo") and a closing line ("... thực hiện Thông tri này") are read with."""

import json
from pathlib import Path

import pytest

from pipeline.cite.registry import load_registry, title_kinds
from pipeline.segment import items
from pipeline.segment.issuer import issuer

CODES = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "registry" / "codes.json"


def test_every_title_word_is_a_registry_kind_with_a_source_when_added():
    reg = load_registry()
    codes = set(reg.party_kinds) | set(reg.state_kinds)
    assert all(code in codes for _, code in reg.title_words)
    sources = json.loads(CODES.read_text(encoding="utf-8"))["code_sources"]
    for word in ("quy chế", "thông tri", "văn bản"):
        assert word in title_kinds() and f"title_words.{word}" in sources
    kinds = title_kinds()
    assert kinds.index("chương trình hành động") < kinds.index("chương trình")  # longest first


@pytest.mark.parametrize("sentence, body", [
    # "thông báo" was missing from the issuer's own list: the body issuing a notice went unread
    ("Ban Thường vụ Đảng ủy xã Công Hải ban hành Thông báo kết luận như sau:", "Ban Thường vụ Đảng ủy xã Công Hải"),
    ("Thực hiện Chỉ thị số 46-CT/TW, Ban Thường vụ Đảng ủy xã ban hành Kế hoạch triển khai như sau:",
     "Ban Thường vụ Đảng ủy xã"),
    ("Ủy ban nhân dân tỉnh ban hành Quy chế phối hợp như sau:", "Ủy ban nhân dân tỉnh"),
])
def test_issuing_sentence_names_every_registry_kind(sentence, body):
    assert issuer([sentence], None) == body


def test_issuing_sentence_that_names_another_act_by_number_is_not_this_documents():
    assert issuer(["Ngày 29/6/2026, Bộ trưởng Bộ Xây dựng ban hành Quyết định số 1074/QĐ-BXD về"], None) is None


@pytest.mark.parametrize("line, closing", [
    ("Yêu cầu các cấp ủy, tổ chức đảng nghiêm túc thực hiện Thông tri này", True),
    ("Đề nghị các cơ quan, đơn vị triển khai thực hiện Chương trình hành động này", True),
    ("Yêu cầu các chi bộ quán triệt và thực hiện nghiêm Kế hoạch này", True),
    ("Yêu cầu các chi bộ thực hiện Kế hoạch số 12-KH/TU của Tỉnh ủy", False),
    ("Tổ chức quán triệt Thông tri này tới đảng viên", False),  # not a request: a task about the act
])
def test_closing_line_names_every_registry_kind(line, closing):
    assert items.closing(line) is closing
