"""Normalization keeps a map back to the original text and records every repair."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import ingest
from pipeline.model import Block
from pipeline.normalize import normalize

CASES = [
    ("Phân đầu tỷ lệ", "Phấn đấu tỷ lệ", "lexicon"),
    ("phân đấu hoàn thành", "phấn đấu hoàn thành", "lexicon"),
    ("ứng dụng chuyên đổi số", "ứng dụng chuyển đổi số", "lexicon"),
    ("nhiệm vụ tuyên quân", "nhiệm vụ tuyển quân", "lexicon"),
    ("ít nhất **01** tổ chức", "ít nhất 01 tổ chức", "markdown"),
    ("chuẩn “*Chính quyền thân thiện*”", "chuẩn “Chính quyền thân thiện”", "markdown"),
    ("nghiên cứu phát triển (R\\&D)", "nghiên cứu phát triển (R&D)", "markdown"),  # 57-NQ/TW
    ("hệ số a\\*b\\* và \\*\\*c\\*\\*", "hệ số a*b* và **c**", "markdown"),  # escaped stars stay stars
    ("a\u00a0\u00a0b", "a b", "space"),
    ("THƢƠNG MẠI", "THƯƠNG MẠI", "font"),
    (unicodedata.normalize("NFD", "Nghị quyết"), "Nghị quyết", "nfc"),
]


@pytest.mark.parametrize(("raw", "want", "kind"), CASES, ids=[c[2] + ":" + c[1][:12] for c in CASES])
def test_repairs(raw, want, kind):
    t = normalize(raw)
    assert t.chars == want
    assert kind in {r.kind for r in t.repairs}


@pytest.mark.parametrize("raw", ["tuyên truyền", "Phân công trách nhiệm", "chuyên môn", "a * b * c"])
def test_no_false_repairs(raw):
    # words that look like lexicon entries but are valid must stay as they are
    assert normalize(raw).chars == raw


def test_offsets_map_back_to_original():
    raw = "x  **57-NQ/TW**\u00a0y"
    t = normalize(raw)
    b = Block(id="b", kind="paragraph", text=raw, normalized=t.chars, offsets=t.anchors())
    i = t.chars.index("57-NQ/TW")
    j = b.to_original(i)
    assert raw[j:j + 8] == "57-NQ/TW"


@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạ *_\u00a0\t-0123456789")),
               max_size=80))
def test_every_normalized_char_maps_into_original(raw):
    t = normalize(raw)
    src = t.src if t.src is not None else range(len(t.chars))
    assert len(src) == len(t.chars)
    assert all(0 <= i < max(len(raw), 1) for i in src)
    assert t.src is not None or t.chars == raw
    assert unicodedata.is_normalized("NFC", t.chars)


def test_sample_txt_page_break_cuts_are_joined(sample_txt):
    doc = ingest(sample_txt)
    for cut in ("không ngừng nâng cao trình độ", "Nhân dân; chủ động nắm chắc",
                "văn minh, hiện đại, kết hợp hài hòa", "Phát triển các vùng sản xuất hàng hóa"):
        hits = [b for b in doc.body if cut in b.normalized]
        assert len(hits) == 1, cut
        assert "join" in {r.kind for r in hits[0].repairs}
    assert all(doc.text[b.start:b.end] == b.normalized for b in doc.body)


def test_sample_txt_keeps_original_text(sample_txt):
    doc = ingest(sample_txt)
    raw = sample_txt.read_text(encoding="utf-8")
    for b in doc.blocks:
        for part in b.text.split("\n"):
            assert part in raw
