"""Records are validated where they are made under the tests ($VNPOLICY_CHECK_RECORDS, tests/conftest.py): a bad
value fails in the stage, not at publish time."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.records import Prov, Section
from pipeline.segment.common import construct

PROV = {"file": "a.txt", "sha256": "0" * 64, "block": "b0", "start": 0, "end": 4}


def test_segment_records_are_validated_at_creation():
    ok = construct(Section, id="I", title="MỤC TIÊU", role="objectives", depth=1, prov=construct(Prov, **PROV))
    assert ok.role == "objectives" and ok.children == []
    with pytest.raises(ValidationError) as info:
        construct(Section, id="I", title="x", role="NOT-A-ROLE", depth="deep", prov=construct(Prov, **PROV))
    fields = {e["loc"][0] for e in info.value.errors()}
    assert fields == {"role", "depth"}
    with pytest.raises(ValidationError):
        construct(Prov, **{**PROV, "start": "zero"})


def test_cite_records_are_validated_at_creation(monkeypatch):
    import pipeline.cite as cite
    from pipeline.ingest import ingest
    from pipeline.records import Mention

    class Broken(Mention):  # a mention whose offsets a bug left as text
        def __init__(self, **kw):
            super().__init__(**{**kw, "start": "somewhere"})

    monkeypatch.setattr(cite, "Mention", Broken)
    doc = ingest(__import__("pathlib").Path(__file__).parents[1] / "corpus" / "000_a9ef7522b32975cc.txt")
    with pytest.raises(ValidationError):
        cite.cite(doc)


def test_directive_facts_are_defined_once():
    """Hit (a dataclass, for speed inside the cite stage) carries every fact under the record's name."""
    from dataclasses import fields

    from pipeline.catalogue import DirectiveEntry
    from pipeline.cite.find import Hit
    from pipeline.records import FACTS, Directive, DirectiveFacts

    assert set(FACTS) <= {f.name for f in fields(Hit)}
    for cls in (Directive, DirectiveEntry):
        assert list(cls.model_fields)[:len(DirectiveFacts.model_fields)] == list(DirectiveFacts.model_fields)


def test_raw_block_places_like_block():
    """RawBlock (a reader's dataclass) names and types its placement fields as model.Block does."""
    import typing
    from dataclasses import fields

    from pipeline.ingest.raw import RawBlock
    from pipeline.model import Block

    hints = typing.get_type_hints(RawBlock)
    shared = [f.name for f in fields(RawBlock) if f.name in Block.model_fields]
    assert shared == ["kind", "text", "page", "paragraph", "line", "table", "row", "col", "style", "method"]
    declared = typing.get_type_hints(Block)
    for name in shared:
        assert hints[name] == declared[name], name


@pytest.mark.parametrize(("text", "level"), [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH ỦY LÀO CAI", "province"),  # the motto's XÃ HỘI is no commune
    ("Số 17-CTr/TU", "province"),
    ("Ủy ban nhân dân phường Hồng Gai", "commune"),
    ("Số: 03/NQ-CP", "central"),
    ("Huyện ủy Tiên Du", "district"),
    ("Số 12-KH/HU", "district"),
    ("BỘ CHÍNH TRỊ", "central"),
    ("UBND", "province"),
    ("Ban Chỉ đạo", "unknown"),
    ("Bộ Chính trị", "central"),
    ("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "commune"),  # capitals name a level too
    ("phát triển kinh tế - xã hội của đất nước", "unknown"),  # "xã hội" is society, not a commune
])
def test_level_words_come_from_the_registry(text, level):
    from pipeline.segment.meta import _level

    assert _level(text) == level
