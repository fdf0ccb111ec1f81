"""`vnpolicy report ID` reads one document's or one pair's records by key (#15), and writes the page a
report over the whole catalogue gives.

Over the four real documents of test_graph (the ward sample, 57-NQ/TW, 03/NQ-CP, Bắc Ninh 144/KH-UBND),
stored and published as a run does: every way a user names a document or a pair is rendered both
ways and compared byte for byte.
"""

from __future__ import annotations

import json

import pytest
from test_incremental import VERSION, _store


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    from test_graph import corpus

    from pipeline.publish import publish

    exts, reps = corpus()
    tmp = tmp_path_factory.mktemp("focused")
    st, _ = _store(tmp / "s.sqlite", exts, reps)
    with st:
        publish(st, tmp / "out", VERSION, report=False)
        pairs = [(a["child"], a["parent"]) for a in map(json.loads, st.alignment_json())]
    return tmp / "s.sqlite", exts, pairs


def _focused(path, focus, **kw):
    from pipeline.report.focused import focused_catalogue
    from pipeline.store import Store

    with Store(path, create=False) as st:
        return focused_catalogue(st, focus, **kw)


def _both(path, focus):
    from pipeline.cli_report import load_catalogue
    from pipeline.report.html import render_report

    whole = render_report(load_catalogue(path), focus=focus)
    got = _focused(path, focus)
    return whole, render_report(got.catalogue, focus=got.focus), got


def _names(exts):
    out = []
    for e in exts:
        out += [e.source["name"], e.document[:10], *(k for k in (e.meta.id, e.meta.number) if k)]
    return out


def test_a_document_report_read_by_key_is_the_whole_catalogues(stored):
    path, exts, pairs = stored
    assert pairs  # the sample and Bắc Ninh carry out 57-NQ/TW and 03/NQ-CP: the reports have alignments
    for key in _names(exts):
        whole, mine, got = _both(path, key)
        assert mine == whole, key
        assert len(got.catalogue.documents) < len(exts) or len(pairs) >= len(exts) - 1


def test_an_alignment_report_read_by_key_is_the_whole_catalogues(stored):
    path, exts, pairs = stored
    by = {e.document: e for e in exts}
    for c, p in pairs:
        ce, pe = by[c["sha256"]], by[p["sha256"]]
        for focus in (f"{ce.meta.id or ce.source['name']}~{pe.meta.id or pe.source['name']}",
                      f"{ce.document[:12]}~{pe.document[:12]}"):
            whole, mine, got = _both(path, focus)
            assert mine == whole, focus
            assert got.focus == f"{ce.document}~{pe.document}"
            assert {d.document for d in got.catalogue.documents} == {ce.document, pe.document}


def test_a_document_with_more_alignments_than_a_file_holds_says_how_many_and_how_to_open_one(stored):
    from pipeline.report.html import render_report

    path, exts, pairs = stored
    parent = next(e for e in exts if e.meta.id == "57-NQ/TW")
    n = sum(1 for c, p in pairs if parent.document in (c["sha256"], p["sha256"]))
    assert n >= 2
    got = _focused(path, "57-NQ/TW", max_alignments=1)
    assert len(got.catalogue.alignments) == 1 and got.more_alignments == n - 1
    assert got.example.endswith("~57-NQ/TW")
    page = render_report(got.catalogue, focus=got.focus, more_alignments=got.more_alignments,
                         more_example=got.example)
    assert f"… và {n - 1} đối chiếu khác không in trong tệp này" in page
    assert f'vnpolicy report &#34;{got.example}&#34;' in page
    assert f"<td>{n}</td>" in page  # the summary counts every alignment, not the ones in the file


def test_an_unknown_document_or_pair_is_not_found(stored):
    from pipeline.report.common import FocusNotFound

    path, _, _ = stored
    for focus in ("nothing-like-this", "57-NQ/TW~nothing-like-this", "03/NQ-CP~000_a9ef7522b32975cc.txt"):
        with pytest.raises(FocusNotFound):
            _focused(path, focus)


def test_report_all_of_a_store_over_the_whole_limit_is_written_as_pages(stored, tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    import pipeline.whole
    from pipeline.cli_report import register

    path, exts, pairs = stored
    app = typer.Typer()
    register(app)
    monkeypatch.setattr(pipeline.whole, "WHOLE_LIMIT", len(exts) - 1)
    res = CliRunner().invoke(app, ["report", "all", "--store", str(path), "--out", str(tmp_path / "r" / "report.html")])
    assert res.exit_code == 0, res.output
    assert "báo cáo được ghi theo trang" in res.output
    index = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    pages = sorted((tmp_path / "r" / "report").rglob("*.html"))
    assert len([p for p in pages if p.parent.name == "van-ban"]) >= 3  # the copies of one text share a page
    assert len([p for p in pages if p.parent.name == "doi-chieu"]) == len(pairs)
    assert all(f"report/van-ban/{p.name}" in index for p in pages if p.parent.name == "van-ban")
    monkeypatch.setattr(pipeline.whole, "WHOLE_LIMIT", len(exts))  # at the limit: one file, as before
    res = CliRunner().invoke(app, ["report", "all", "--store", str(path), "--out", str(tmp_path / "one.html")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "one.html").read_text(encoding="utf-8").count('<section class="doc"') >= 3


def _sheets(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def _docx_text(path):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def test_export_of_a_store_over_the_whole_limit_writes_the_same_files_one_record_at_a_time(stored, tmp_path,
                                                                                          monkeypatch):
    import typer
    from typer.testing import CliRunner

    import pipeline.whole
    from pipeline.cli_report import register

    path, exts, pairs = stored
    app = typer.Typer()
    register(app)
    outs = {}
    for name, limit in (("catalogue", len(exts)), ("scaled", len(exts) - 1)):
        monkeypatch.setattr(pipeline.whole, "WHOLE_LIMIT", limit)
        outs[name] = tmp_path / name
        res = CliRunner().invoke(app, ["export", "--store", str(path), "--out", str(outs[name])])
        assert res.exit_code == 0, res.output
    old, new = ({p.name: p for p in d.iterdir()} for d in outs.values())
    assert sorted(old) == sorted(new)
    assert sum(n.endswith(".docx") for n in new) == len(pairs)
    for n in sorted(new):
        if n.endswith(".csv"):
            assert new[n].read_bytes() == old[n].read_bytes(), n
        elif n.endswith(".xlsx"):
            assert _sheets(new[n]) == _sheets(old[n]), n
        else:
            assert _docx_text(new[n]) == _docx_text(old[n]), n
