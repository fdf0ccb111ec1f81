"""Records are dataclasses with pydantic's method names (pipeline/model.py): their own model_dump gives
what pydantic's serialiser gives, stored JSON reads back to the same records, and `vnpolicy extract`
never imports pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.model import adapter

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc"


@pytest.fixture(scope="module", params=[".txt", ".docx", ".pdf"])
def extraction(request):
    from pipeline.extract import extract_file

    return extract_file(SAMPLE.with_suffix(request.param))


@pytest.mark.parametrize("mode", ["python", "json"])
def test_model_dump_is_pydantics(extraction, mode):
    assert extraction.model_dump(mode=mode) == adapter(type(extraction)).dump_python(extraction, mode=mode)


def test_stored_json_reads_back_to_the_same_records(extraction):
    from pipeline.records import Extraction

    again = Extraction.model_validate_json(extraction.model_dump_json())
    assert again == extraction
    assert again.tasks and again.model_dump_json() == extraction.model_dump_json()


def test_document_reads_back_with_tuple_offsets():
    """Block.offsets are (int, int) tuples as the readers make them and as pydantic reads them back."""
    from pipeline.ingest import ingest
    from pipeline.model import Document

    doc = ingest(SAMPLE.with_suffix(".docx"))
    assert any(b.offsets for b in doc.blocks)
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_alignment_dump_is_pydantics():
    from pipeline.align import align
    from pipeline.extract import extract_file

    parent = next((ROOT / "corpus" / "real").glob("central_57-NQ-TW*.md"))
    rep = align(extract_file(SAMPLE.with_suffix(".txt")), extract_file(parent))
    assert rep.pairs and rep.model_dump(mode="json") == adapter(type(rep)).dump_python(rep, mode="json")


def test_extract_does_not_import_pydantic():
    code = ("import sys; from pipeline import cli_entry; cli_entry.prepare(); "
            "from pipeline.extract import extract_file; "
            f"rec = extract_file({str(SAMPLE.with_suffix('.txt'))!r}); rec.model_dump(mode='json'); "
            "print(sorted(m for m, mod in sys.modules.items() if m.split('.')[0] in ('pydantic', 'pydantic_core') "
            "and getattr(mod, '__file__', None)))")  # not plugin_scan's stand-in, a module of no file
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VNPOLICY_CHECK_RECORDS": "0"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert out.stdout.strip() == "[]"
