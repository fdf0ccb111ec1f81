"""Query commands from the store alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from test_graph import corpus

    from pipeline.store import Store

    exts, reps = corpus()
    path = tmp_path_factory.mktemp("q") / "s.sqlite"
    with Store(path) as st:
        for e in exts:
            st.put(e.source["path"], 1, 1, "test", e)
        st.set_meta("alignments", json.dumps([r.model_dump(mode="json") for r in reps], ensure_ascii=False))
    return path


@pytest.fixture(scope="module")
def app():
    from pipeline.cli_query import register

    a = typer.Typer()
    register(a)
    return a


def test_trace_cli(app, store_path):
    r = CliRunner().invoke(app, ["trace", "57-NQ/TW", "--store", str(store_path)])
    assert r.exit_code == 0, r.output
    assert "03/NQ-CP" in r.output and "144/KH-UBND" in r.output
    # the sample has no number: it is named by its kind and title, never by its file name
    assert "Chương trình hành động" in r.output and "000_a9ef7522b32975cc" not in r.output
    if "và " in r.output:  # a cut list says so, and how to see it all
        assert "dùng --all" in r.output
    full = CliRunner().invoke(app, ["trace", "57-NQ/TW", "--all", "--store", str(store_path)])
    assert "dùng --all" not in full.output and len(full.output) >= len(r.output)


def test_align_cli_formats(app, store_path):
    r = CliRunner().invoke(app, ["align", "03/NQ-CP", "--parent", "57-NQ/TW", "--format", "json",
                                 "--store", str(store_path)])
    assert r.exit_code == 0, r.output
    reps = json.loads(r.output)
    assert reps[0]["parent"]["id"] == "57-NQ/TW" and reps[0]["pairs"]
    r = CliRunner().invoke(app, ["align", "144/KH-UBND", "--parent", "03/NQ-CP", "--store", str(store_path)])
    assert r.exit_code == 0, r.output  # not stored: aligned on the fly
    assert "Chưa có" in r.output and "khớp" in r.output
    # everything by default: every gap announced is printed, whole
    gaps = int(r.output.split("## Chưa có (nhiệm vụ cấp trên chưa được cụ thể hóa): ")[1].split()[0])
    block = r.output.split("## Chưa có (nhiệm vụ cấp trên chưa được cụ thể hóa): ")[1].split("\n## ")[0]
    assert gaps > 0 and block.count("\n- ") == gaps and "dùng --all" not in r.output
    cut = CliRunner().invoke(app, ["align", "144/KH-UBND", "--parent", "03/NQ-CP", "--max", "2",
                                   "--store", str(store_path)])
    assert f"… và {gaps - 2} mục khác; dùng --all" in cut.output
    r = CliRunner().invoke(app, ["align", "144/KH-UBND", "--format", "xml", "--store", str(store_path)])
    assert r.exit_code == 2


def test_show_search_and_errors(app, store_path):
    r = CliRunner().invoke(app, ["show", "57-NQ/TW", "--store", str(store_path)])
    assert r.exit_code == 0 and "in_corpus" not in r.output
    # the registry's title, not words run on from a citing document's header
    assert "Trích yếu: đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia\n" in r.output
    r = CliRunner().invoke(app, ["search", "chuyển đổi số", "--store", str(store_path)])
    assert r.exit_code == 0 and "nhiệm vụ" in r.output
    # diacritics are optional, the total is told, and a cut list says where it stopped
    bare = CliRunner().invoke(app, ["search", "chuyen doi so", "--limit", "3", "--store", str(store_path)])
    assert bare.exit_code == 0 and bare.output.count("[chuyển đổi số]") == 3
    total = int(bare.output.rsplit(" trong ", 1)[1].split()[0])
    assert total > 3 and f"--limit {total}" in bare.output
    every = CliRunner().invoke(app, ["search", "chuyen doi so", "--limit", str(total), "--store", str(store_path)])
    assert every.output.count("\n") >= total and f"{total} kết quả cho" in every.output
    r = CliRunner().invoke(app, ["show", "999-XX/YY", "--store", str(store_path)])
    assert r.exit_code == 15  # not found
    r = CliRunner().invoke(app, ["trace", "57-NQ/TW", "--store", str(store_path) + ".missing"])
    assert r.exit_code == 12 and not Path(str(store_path) + ".missing").exists()  # no store, none made


def _as_version(path, version: str) -> None:
    """Make a store look written by an older release: v2 kept a second, folded FTS5 table; v1 neither."""
    import sqlite3

    from pipeline.store_keys import fts_rowid
    from pipeline.textfold import fold

    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE items_words")
        if version == "2":
            db.execute("CREATE VIRTUAL TABLE items_fold USING fts5(doc UNINDEXED, text)")
            db.executemany("INSERT INTO items_fold(rowid, doc, text) VALUES(?,?,?)",
                           [(fts_rowid(d, i, k), d, fold(t or "")) for d, i, k, t in
                            db.execute("SELECT doc, item, kind, text FROM items_fts")])
        db.execute("UPDATE meta SET value=? WHERE key='rows_keyed'", (version,))


def test_old_stores_are_searched_the_same_before_and_after_their_first_writer(store_path, tmp_path):
    import shutil

    from pipeline.search_folded import search_folded
    from pipeline.store import Store

    queries = ["chuyen doi so", "dang vien", "kinh te so", "57-nq/tw", "ha tang", "d", "2025-203", "45-nq"]
    with Store(store_path, create=False) as st:
        now = {q: search_folded(st, q) for q in queries}
    assert all(now.values())
    v2, v1 = tmp_path / "v2.sqlite", tmp_path / "v1.sqlite"
    shutil.copy(store_path, v2)
    shutil.copy(store_path, v1)
    _as_version(v2, "2")
    _as_version(v1, "1")
    with Store(v2, create=False) as st:  # a reader changes nothing: the folded table answers
        assert {q: search_folded(st, q) for q in queries} == now
    with Store(v1, create=False) as st:  # no index of folded words: every item scanned
        scanned = {q: search_folded(st, q) for q in queries}
    for old in (v2, v1):
        with Store(old, create=False, writer=True):  # the first writer makes the words, drops the table
            pass
        with Store(old, create=False) as st:
            tables = {r[0] for r in st.db.execute("SELECT name FROM sqlite_master")}
            assert "items_fold" not in tables and st.db.execute("SELECT COUNT(*) FROM items_words").fetchone()[0]
            assert {q: search_folded(st, q) for q in queries} == now
    for q in queries:
        # the index matches words from their start; the scan matched inside words too, so it may find more
        assert set(now[q]) <= set(scanned[q]), q
        if len(q) < 3:
            continue  # a letter or two is inside many words: the scan's "phrases" are no words
        phrase = [h for h in scanned[q] if "[" in h[3] and len(h[3].split("[", 1)[1].split("]")[0]) == len(q)]
        assert [h for h in now[q] if h in phrase] == phrase, q  # every exact phrase, in the same order


def test_trace_cut_from_the_store_reads_only_the_documents_it_shows(tmp_path):
    import pipeline
    from pipeline import query
    from pipeline.store import Store

    root = Path(__file__).resolve().parents[1]
    pipeline.run([root / "corpus"], tmp_path / "out", workers=1, report=False)
    with Store(tmp_path / "out" / "vnpolicy.sqlite", create=False) as st:
        G = query.store_graph(st)
        assert hasattr(G, "sources")  # the indexed path, not a rebuilt graph
        whole = query.trace(G, "57-NQ/TW")
        n = len(whole["children"])
        assert n >= 3
        G = query.store_graph(st)
        cut = query.trace(G, "57-NQ/TW", max_docs=2)
        # the edges of the documents left out were never read
        read = {a.get("doc") for edges in G._in.values() for u, _, a in edges} | set(G._nodes)
    assert cut["more_docs"] == n - 2
    assert [(c["node"], c["items"]) for c in cut["children"]] == [(c["node"], c["items"])
                                                                   for c in whole["children"][:2]]
    left_out = {c["node"] for c in whole["children"][2:]} - {c["node"] for c in cut["children"]}
    assert left_out and not any(d in read for d in left_out)


def test_align_cli_filters_by_the_parent_lead(app, store_path):
    """144/KH-UBND against 03/NQ-CP: 03/NQ-CP's appendix names a lead ministry for each task."""
    args = ["align", "144/KH-UBND", "--parent", "03/NQ-CP", "--store", str(store_path)]
    whole = json.loads(CliRunner().invoke(app, [*args, "--format", "json"]).output)[0]
    leads = [g.get("lead") for g in whole["gaps"]] + [p.get("parent_lead") for p in whole["pairs"]]
    assert any(x and "Bộ Khoa học và Công nghệ" in x for x in leads)
    r = CliRunner().invoke(app, [*args, "--format", "json", "--lead", "bo khoa hoc va cong nghe"])
    rep = json.loads(r.output)[0]
    kept = [g.get("lead") for g in rep["gaps"]] + [p.get("parent_lead") for p in rep["pairs"]]
    assert kept and all("Khoa học và Công nghệ" in x for x in kept)
    assert rep["lead_filter"]["parent_tasks"] == len(kept) < rep["lead_filter"]["of"] == len(leads)
    assert rep["targets"] == whole["targets"] and rep["local"] == whole["local"]
    md = CliRunner().invoke(app, [*args, "--lead", "Bộ Khoa học và Công nghệ"]).output
    assert f"do «Bộ Khoa học và Công nghệ» chủ trì: {len(kept)} trong {len(leads)} nhiệm vụ cấp trên" in md
