"""TCVN3 (ABC) and VNI byte encodings: round trips, detection, and reading such .txt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest, legacy

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "corpus" / "000_a9ef7522b32975cc.txt").read_text(encoding="utf-8")
TEXT = "\n".join(SAMPLE.splitlines()[8:40])  # a stretch of real prose, with capitals and numbers


def test_tables_are_complete():
    letters = set("áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđ")
    assert letters <= set(legacy.TCVN3.values())
    assert {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= set(legacy.TCVN3.values())
    assert letters | {c.upper() for c in letters} <= set(legacy.VNI.values())
    assert len(set(legacy.TCVN3)) == len(legacy.TCVN3) and len(set(legacy.VNI_INVERSE.values())) == 134


def test_tcvn3_round_trip():
    # the .Vn fonts hold lower case letters and the seven base capitals only
    text = TEXT.lower()
    data = legacy.encode_tcvn3(text)
    assert legacy.decode_tcvn3(data) == text
    assert legacy.convert(data) == (text, "tcvn3")
    assert legacy.decode_tcvn3(bytes([0xA7, 0xB8, 0xAE])) == "Đáđ"


def test_vni_round_trip():
    data = legacy.encode_vni(TEXT)
    assert legacy.decode_vni(data) == TEXT
    assert legacy.convert(data) == (TEXT, "vni")
    assert legacy.decode_vni("Vieät Nam, ñoàng baèng, Quoác hoäi".encode("cp1252")) == "Việt Nam, đồng bằng, Quốc hội"


@pytest.mark.parametrize("data", [TEXT.encode("utf-8"), legacy.encode_cp1258(TEXT), b"plain ASCII text only",
                                  "café déjà vu, naïve résumé".encode("cp1252")])
def test_no_false_detection(data):
    assert legacy.convert(data) is None


def test_cp1258_text_stays_cp1258(tmp_path):
    p = tmp_path / "cp1258.txt"
    p.write_bytes(legacy.encode_cp1258(TEXT))
    d = ingest(p)
    assert d.source.encoding == "cp1258"
    assert "Ban Chấp hành Đảng bộ" in d.text


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_legacy_txt_is_read_as_unicode(enc, tmp_path):
    text = TEXT.lower() if enc == "tcvn3" else TEXT
    p = tmp_path / f"{enc}.txt"
    p.write_bytes(legacy.encode_tcvn3(text) if enc == "tcvn3" else legacy.encode_vni(text))
    d = ingest(p)
    assert d.source.encoding == enc
    assert any(r.kind == "encoding" for b in d.blocks for r in b.repairs)
    assert "chương trình hành động" in d.text.lower()
