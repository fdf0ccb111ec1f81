"""The spaCy layer: vnpolicy's directive finder as a component other teams can add to their pipelines."""

from pathlib import Path

import pytest
import spacy  # a runtime dependency: missing, this fails loudly

from pipeline.cite import find_in_text
from pipeline.cite.spacy_component import SPANS_KEY, make_nlp

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "000_a9ef7522b32975cc.txt"


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def test_spans_are_char_exact_with_attributes(nlp):
    text = "theo tinh thần Nghị quyết 57 -NQ/TW của Bộ Chính trị, Chỉ thị số 02 - CT/TU và 749/QĐ-TTg."
    doc = nlp(text)
    spans = doc.spans[SPANS_KEY]
    ids = [s._.directive_id for s in spans]
    assert ids == ["57-NQ/TW", "02-CT/TU", "749/QĐ-TTg"]
    hits = [h for h in find_in_text(text) if h.id]
    assert [(s.start_char, s.end_char) for s in spans] == [(h.start, h.end) for h in hits]
    assert spans[0].label_ == "PARTY" and spans[2].label_ == "STATE"
    assert spans[0]._.level == "central" and spans[1]._.level == "province"
    assert "spacing" in spans[0]._.flags
    # the punctuation after a citation is its own token, so the span does not swallow it
    assert spans[2].text == "749/QĐ-TTg"


def test_pipe_over_the_sample_finds_what_cite_finds(nlp):
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    found = set()
    for doc in nlp.pipe(paragraphs):
        found |= {s._.directive_id for s in doc.spans[SPANS_KEY]}
    assert {"57-NQ/TW", "68-NQ/TW", "79-NQ/TW", "02-CT/TU", "07-NQ/TU", "17-CTr/TU"} <= found
    assert "congress:XIV:central" in found


def test_component_is_registered_by_name():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnpolicy_directives")
    doc = nlp("Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương")
    assert [s._.directive_id for s in doc.spans[SPANS_KEY]] == ["21-KL/TW"]
