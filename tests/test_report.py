"""The HTML report over real extractions: self-contained, complete, escaped, fast, bilingual."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from pipeline.catalogue import build_catalogue
from pipeline.extract import extract_file
from pipeline.report.common import COMPARATORS, FocusNotFound, _fmt_num, fold
from pipeline.report.html import render_report, write_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
REAL = ROOT / "corpus" / "real"


def _real(prefix: str) -> Path:
    (hit,) = sorted(REAL.glob(f"{prefix}*.md"))  # committed; exactly one
    return hit


@pytest.fixture(scope="module")
def extractions():
    return [extract_file(SAMPLE), extract_file(_real("central_57-NQ-TW"))]


@pytest.fixture(scope="module")
def alignments(extractions):
    from pipeline.align import align

    sample, parent = extractions
    return [align(sample, parent, corpus=extractions).model_dump(mode="json")]


@pytest.fixture(scope="module")
def cat(extractions, alignments):
    return build_catalogue(extractions, paths={}, links=[], alignments=alignments, failures=[])


@pytest.fixture(scope="module")
def page(cat):
    return render_report(cat, None)


def _doc_section(page: str, n: int) -> str:
    start = page.index(f'<section class="doc" id="d{n}"')
    end = page.find('<section class="doc"', start + 10)
    return page[start:end if end > 0 else len(page)]


def test_no_external_resources(page):
    assert not re.search(r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "@import" not in page
    assert "<link" not in page.lower()
    assert not re.search(r"<script[^>]+src=", page, re.I)
    assert "<style>" in page and "<script>" in page


def test_size_and_structure(page):
    assert len(page.encode()) > 20_000
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page
    assert 'id="q"' in page and 'id="gcanvas"' in page and 'id="gdata"' in page
    assert "@media print" in page


def test_directive_and_every_task(page, cat):
    assert "57-NQ/TW" in page
    for d in cat.documents:
        assert d.tasks, d.source["name"]
        for t in d.tasks:
            assert str(escape(t.text.replace("**", ""))) in page, t.id  # markdown emphasis is not shown


def test_task_elements_are_searchable(page, cat):
    n = next(i for i, d in enumerate(cat.documents) if d.source["name"] == SAMPLE.name)
    sec = _doc_section(page, n)
    for i, t in enumerate(cat.documents[n].tasks):
        m = re.search(rf'<li class="task" id="d{n}-t{i}" data-search="([^"]*)"', sec)
        assert m, t.id
        assert str(escape(fold(t.text)[:40])) in m.group(1)
        assert "<details" in sec


def test_targets_table_with_parsed_values(page, cat):
    n = next(i for i, d in enumerate(cat.documents) if d.source["name"] == SAMPLE.name)
    doc = cat.documents[n]
    sec = _doc_section(page, n)
    assert 'class="grid targets"' in sec
    with_metrics = [t for t in doc.targets if t.metrics]
    assert len(with_metrics) >= 5
    for i, t in enumerate(doc.targets):
        row = re.search(rf'<tr class="target" id="d{n}-g{i}".*?</tr>', sec, re.S)
        assert row, t.id
        for m in t.metrics:
            assert f"<b>{_fmt_num(m.value)}" in row.group(0), (t.id, m.value)
            if m.comparator:
                assert str(escape(COMPARATORS[m.comparator])) in row.group(0)
            if m.unit:
                assert str(escape(m.unit)) in row.group(0)


def test_diagnostics_show_repaired_citation(page, cat):
    n = next(i for i, d in enumerate(cat.documents) if d.source["name"] == SAMPLE.name)
    sec = _doc_section(page, n)
    diag = sec[sec.index('class="grid diag"'):]
    rows = [r for r in re.findall(r"<tr class=\"sev-.*?</tr>", diag, re.S) if "07-NQ/TU" in r]
    assert rows, "no diagnostic row for 07-NQ/TU"
    assert any("đã sửa lỗi gõ" in r for r in rows)  # the flag "repaired", said in Vietnamese
    assert any("07-Q/TU" in r for r in rows)  # the original spelling is shown


def test_directives_grouped_by_level(page):
    assert re.search(r'class="grid dirs lvtab-central"', page)
    assert re.search(r'class="grid dirs lvtab-province"', page)
    assert ".lv-central{" in page and ".lv-commune{" in page


def test_alignment_view(page, alignments):
    a = alignments[0]
    assert 'class="align"' in page
    assert 'class="grid pairs"' in page
    for p in a["pairs"]:
        assert str(escape(p["parent_text"].replace("**", ""))) in page
        for m in p["matches"]:
            assert str(escape(m["text"].replace("**", ""))) in page
    for g in a["gaps"]:
        assert str(escape(g["text"].replace("**", ""))) in page
    assert page.count('<li class="gap"') == len(a["gaps"])
    verdicts = {t["verdict"] for t in a["targets"]}
    for v in verdicts:
        cls = {"missing_in_child": "missing", "not_comparable": "nc"}.get(v, v)
        assert f'class="cmp st-{cls}"' in page


def test_english_labels(cat):
    en = render_report(cat, None, lang="en")
    assert '<html lang="en">' in en
    for label in ("Targets", "Diagnostics", "Outline and tasks", "Cited directives", "Alignment report"):
        assert label in en
    assert "Chỉ tiêu</h3>" not in en
    vi = render_report(cat, None)
    assert "Chỉ tiêu" in vi and "Chẩn đoán" in vi


def test_focus_on_document_and_alignment(cat, extractions):
    sample = extractions[0]
    one = render_report(cat, None, focus=sample.document)
    assert one.count('<section class="doc"') == 1
    by_name = render_report(cat, None, focus=SAMPLE.name)
    assert by_name == one
    child = sample.meta.id or sample.source["name"]
    pair = render_report(cat, None, focus=f"{child}~57-NQ/TW")
    assert pair.count('<section class="align"') == 1
    assert pair.count('<section class="doc"') == 2
    with pytest.raises(FocusNotFound):
        render_report(cat, None, focus="no-such-document")


def test_text_is_escaped(extractions):
    sample = extractions[0]
    evil = "<script>alert(1)</script> & \"quote\""
    t0 = sample.tasks[0].model_copy(update={"text": evil})
    ext = sample.model_copy(update={"tasks": [t0, *sample.tasks[1:]]})
    out = render_report(build_catalogue([ext], paths={}, links=[], alignments=[], failures=[]), None)
    assert "<script>alert(1)" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quote&#34;" in out


def test_odd_alignment_shapes_are_refused_at_the_boundary(extractions):
    """Alignments are typed records: a dict of another shape fails when the catalogue is built, not
    halfway through a report that guesses key names."""
    import pydantic

    odd = [{"child": {"id": "x"}, "parent": "y", "pairs": [{"parent": "p1", "child": "c1", "score": 0.5}]}]
    with pytest.raises(pydantic.ValidationError):
        build_catalogue(list(extractions), paths={}, links=[], alignments=odd, failures=[])


def test_render_is_stable_for_five_documents(extractions, alignments):
    exts = list(extractions)
    i = 0
    while len(exts) < 5:
        src = extractions[i % len(extractions)]
        exts.append(src.model_copy(update={"document": f"{len(exts):064x}",
                                           "source": dict(src.source, name=f"copy{len(exts)}.txt")}))
        i += 1
    c = build_catalogue(exts, paths={}, links=[], alignments=alignments, failures=[])
    # its speed (under 0.5 s) is measured by scripts/bench.py; here: the same pages each time
    assert render_report(c, None) == render_report(c, None)


def test_write_report_is_atomic_file(cat, tmp_path):
    p = write_report(cat, {"nodes": [], "links": []}, tmp_path / "sub" / "report.html", lang="en")
    assert p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [x.name for x in p.parent.iterdir()] == ["report.html"]
