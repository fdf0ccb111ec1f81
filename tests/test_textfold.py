"""The fast fold is the reference fold on every text, Vietnamese or not, composed or decomposed."""

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.textfold import fold, fold_reference

ROOT = Path(__file__).resolve().parents[1]


@given(st.text())
def test_fast_fold_is_the_reference(s):
    assert fold(s) == fold_reference(s)


@given(st.text(alphabet="aăâeêioôơuưyđAĂÂĐ \u0300\u0301\u0303\u0309\u0323bcdghklmnpqrstvx“”–"))
def test_fast_fold_on_vietnamese_letters_and_loose_marks(s):
    assert fold(s) == fold_reference(s)


def test_the_sample_in_every_normal_form():
    text = (ROOT / "corpus" / "000_a9ef7522b32975cc.txt").read_text(encoding="utf-8")
    for form in ("NFC", "NFD"):
        t = unicodedata.normalize(form, text)
        assert fold(t) == fold_reference(t)
    assert fold("Chuyển đổi số, ĐẢNG ỦY") == "chuyen doi so, dang uy"


def test_letters_decomposed_by_rule():
    """Hangul syllables decompose by rule (no decomposition table entry): hypothesis found one."""
    for s in ("한국어", "é한", "\u0300한"):
        assert fold(s) == fold_reference(s)
