"""The front door: `pipeline.ingest/extract/run/align/open_store`, documented and cheap to import."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import StoreError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
PARENT = next((ROOT / "corpus" / "real").glob("central_57-NQ-TW*.md"))
VERBS = ("ingest", "extract", "run", "align", "open_store")


def test_import_loads_no_stage():
    code = "import sys, pipeline; print(sorted(m for m in sys.modules if m.startswith(('pipeline', 'pydantic', " \
           "'spacy', 'networkx', 'underthesea'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "['pipeline']"


@pytest.mark.parametrize("verb", VERBS)
def test_verbs_have_docstrings(verb):
    from pipeline import api

    doc = getattr(api, verb).__doc__
    assert verb in pipeline.__all__ and doc and "Args:" in doc


def test_verbs_work_before_and_after_their_stage_is_imported(tmp_path):
    doc = pipeline.ingest(SAMPLE)
    for stage in ("align", "extract", "ingest"):  # the attribute is now the stage module, still callable
        importlib.import_module(f"pipeline.{stage}")

    assert pipeline.ingest(SAMPLE).text == doc.text
    child, parent = pipeline.extract(doc), pipeline.extract(PARENT)
    assert len(child.tasks) == 65 and pipeline.extract(SAMPLE) == child
    rep = pipeline.align(child, parent)
    assert rep.model_dump()  # a record, not a dict
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    batch, published = pipeline.run([corpus], tmp_path / "out", workers=1, report=False)
    assert batch.count("ok") == 1 and published is not None and published.documents == 1
    with pipeline.open_store(tmp_path / "out" / "vnpolicy.sqlite") as st:
        assert st.current_shas() == [child.document]
    with pytest.raises(StoreError):
        pipeline.open_store(tmp_path / "typo" / "s.sqlite")
    assert not (tmp_path / "typo").exists()
