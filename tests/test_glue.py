"""Glued-word repair (pipeline/glue.py): spaces back where a PDF text layer dropped them, and
nothing changed on clean text."""

from pathlib import Path

import pytest

from pipeline.cite import find_in_text
from pipeline.ingest import ingest
from pipeline.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
GLUED_LAYERS = {"commune_xaCongHai_23-CTr-DU_excerpt.txt", "commune_xaCongHai_22-CTr-DU_excerpt.txt"}

# the glued forms issue #10 quotes from commune Party PDFs (text layers pasted as text)
GLUED = [
    ("Ban Chấp hành Đảng bộxã Tân Lập", "Ban Chấp hành Đảng bộ xã Tân Lập"),
    ("các chỉtiêu chủ yếu", "các chỉ tiêu chủ yếu"),
    ("nhiệm kỳ2025 - 2030", "nhiệm kỳ 2025 - 2030"),
    ("Thực hiện Chỉ thịsố46-CT/TW", "Thực hiện Chỉ thị số 46-CT/TW"),
    ("Chỉ thị46-CT/TW ngày", "Chỉ thị 46-CT/TW ngày"),
    ("NHIỆM KỲ2025 - 2030", "NHIỆM KỲ 2025 - 2030"),
    ("Đại hội toàn quốc lần thứXIV, Đảng bộtỉnh lần thứI", "Đại hội toàn quốc lần thứ XIV, Đảng bộ tỉnh lần thứ I"),
    ("- Nhưtrên;", "- Như trên;"),  # the "Nơi nhận" line of 3036/SCT-CN as its scan was read
]


@pytest.mark.parametrize(("raw", "want"), GLUED, ids=[g[1][:20] for g in GLUED])
def test_glued_words_are_split(raw, want):
    t = normalize(raw)
    assert t.chars == want
    assert [r.kind for r in t.repairs] == ["glue"] * len(t.repairs) and t.repairs
    # every character of the output maps back onto the original; an inserted space onto the next one
    src = t.src
    assert len(src) == len(t.chars)
    for i, ch in enumerate(t.chars):
        if ch != " " or raw[src[i]] == " ":
            assert raw[src[i]] == ch


@pytest.mark.parametrize("text", [
    "chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh",  # a loan name is one capitalised run
    "quan điểm mácxít",  # a hyphenated loan word written joined
    "Luật số 63/2025/QH15, khí CO2, mạng 5G, COVID-19, PM2.5",  # codes glue letters and digits
    "anhem online internet Pleiku",  # ASCII runs are never touched
    "nghiêng ngoặt khuỷu quyển giường",  # long single syllables
])
def test_clean_phrases_unchanged(text):
    t = normalize(text)
    assert t.chars == text and not [r for r in t.repairs if r.kind == "glue"]


def _clean_documents() -> list[Path]:
    """The sample in its text renderings and every real document with a text layer or text."""
    out = [ROOT / "corpus" / f"000_a9ef7522b32975cc.{e}" for e in ("txt", "docx", "pdf")]
    out += sorted((ROOT / "corpus" / "real").glob("*.md"))
    out += [p for p in sorted((ROOT / "tests" / "data" / "real").iterdir())
            if p.suffix in (".md", ".txt", ".docx")]
    # tests/data/shapes holds one real glued text layer (its repairs: test_segment_programme_shapes)
    out += [p for p in sorted((ROOT / "tests" / "data" / "shapes").glob("*.*")) if p.name not in GLUED_LAYERS]
    return [p for p in out if p.suffix in (".md", ".txt", ".docx", ".pdf")]


@pytest.mark.parametrize("path", _clean_documents(), ids=lambda p: p.name[:40])
def test_clean_documents_change_nothing(path):
    doc = ingest(path)
    glued = [(b.id, r.before) for b in doc.blocks for r in b.repairs if r.kind == "glue"]
    assert glued == []


def test_citation_finder_reads_glued_codes_on_its_own():
    """Without the repair: a code right after a Vietnamese letter is still found, flagged."""
    text = "Thực hiện Chỉ thịsố46-CT/TW, Chỉ thị50-CT/TW, Nghị quyết57-NQ/TW và Quyết định số749/QĐ-TTg"
    hits = find_in_text(text)
    assert [h.id for h in hits] == ["46-CT/TW", "50-CT/TW", "57-NQ/TW", "749/QĐ-TTg"]
    assert all("glued" in h.flags for h in hits)
    # an upper-case code before the number is not a glued word
    assert find_in_text("mã QĐ123/QĐ-UBND và CTr57-NQ/TW") == []
