"""The links table kept per document and per pair (#15), and the whole-file policy of a publish.

Over the real documents of test_graph: after each change to the store, the links a publish lists
must be the links of the whole graph `build_graph` merges from the same extractions and
alignments (order and suspect flags included), while only the changed documents' and pairs' link
sets are made again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION = "test-1"


def _whole_graph_links(st):
    from pipeline.graph import build_graph, graph_links
    from pipeline.publish import stored_alignments

    shas = st.current_shas()
    exts = list(st.extractions())
    return [lk.model_dump(mode="json") for lk in graph_links(build_graph(exts, list(stored_alignments(st, shas))))]


def _put(st, e):
    st.put(f"corpus/{e.source['name']}", 1, 1, VERSION, e)


def _suspect_pair(exts):
    """The ward sample made a dated commune document that the central 57-NQ/TW text cites (downward),
    both as documents of their own (new shas)."""
    ward = next(e for e in exts if e.source["name"].startswith("000_"))
    central = next(e for e in exts if e.meta.id == "57-NQ/TW")
    ward2 = ward.model_copy(update={"document": "f" * 64, "source": {**ward.source, "name": "ward2.txt"},
                                    "meta": ward.meta.model_copy(update={"id": "99-CTr/ĐU", "level": "commune",
                                                                         "date": "2026-04-01"})})
    d = next(x for x in ward.directives if x.id == "57-NQ/TW")
    fake = d.model_copy(update={"id": "99-CTr/ĐU", "level": "commune"})
    central2 = central.model_copy(update={"document": "e" * 64, "source": {**central.source, "name": "c2.md"},
                                          "directives": [*central.directives, fake]})
    return ward2, central2


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from test_graph import corpus
    from test_incremental import CountingAlign

    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    exts, reps = corpus()
    st = Store(tmp_path_factory.mktemp("links") / "s.sqlite", writer=True)
    for e in exts:
        _put(st, e)
    update_alignments(st, st.current_shas(), VERSION, align=CountingAlign(reps))
    yield st, exts, tmp_path_factory.mktemp("out")
    st.close()


def test_links_follow_each_change_as_the_whole_graph_would(store):
    from pipeline.links import all_links, sync_links

    st, exts, tmp = store
    first = sync_links(st.db)
    assert first.made == len(exts) + st.db.execute("SELECT COUNT(*) FROM alignments").fetchone()[0]
    want = _whole_graph_links(st)
    assert len(want) > 100 and list(all_links(st.db)) == want
    assert sync_links(st.db).made == 0  # nothing changed: nothing made

    ward2, central2 = _suspect_pair(exts)
    _put(st, ward2)
    _put(st, central2)
    again = sync_links(st.db)
    assert again.made == 2 and again.dropped == 0
    got = list(all_links(st.db))
    assert got == _whole_graph_links(st)
    down = [lk for lk in got if lk["dst"] == "directive:99-CTr/ĐU" and lk["type"] == "cites"]
    assert down and all(set(lk["suspect"]) == {"downward", "cited-after-citing"} for lk in down)
    assert "directive:99-CTr/ĐU" in again.facts
    _same_graph_files(st, tmp / "graph")

    st.remove_file("corpus/ward2.txt")
    gone = sync_links(st.db)
    assert gone.dropped == 1 and gone.made == 0
    got = list(all_links(st.db))
    assert got == _whole_graph_links(st)
    # the commune text gone, its date (after the citing one) goes from the node: so does that flag
    assert "directive:99-CTr/ĐU" in gone.facts and central2.document in gone.docs
    down = [lk for lk in got if lk["dst"] == "directive:99-CTr/ĐU" and lk["type"] == "cites"]
    assert down and all(lk["suspect"] == ["downward"] for lk in down)
    st.remove_file("corpus/c2.md")
    sync_links(st.db)
    assert list(all_links(st.db)) == _whole_graph_links(st)


def test_node_facts_from_sql_are_the_merged_graphs(store):
    """links.node_facts asks SQLite for a node's level and date; the merged graph (StoreGraph, the
    builder's first-value-wins and overrides) must give the same, for every node the store makes."""
    from pipeline.graph_rows import StoreGraph
    from pipeline.links import node_facts

    st, exts, _ = store
    ward2, central2 = _suspect_pair(exts)
    _put(st, ward2)  # a node given a level by citing documents and overridden by its own text
    _put(st, central2)
    g = StoreGraph(st.db)
    nodes = [n for (n,) in st.db.execute("SELECT DISTINCT node FROM graph_rows WHERE op != 'edge'")]
    merged = g.attrs_many(nodes)
    assert len(nodes) > 100 and any(node_facts(st.db, n)[1] for n in nodes)
    for n in nodes:
        assert node_facts(st.db, n) == (merged[n].get("level"), merged[n].get("date")), n
    assert node_facts(st.db, "directive:no-such-id") is None
    # the facts a sync keeps (most nodes a new document touches are not merged again) are the merged ones
    from pipeline.links import sync_links

    for change in ("ward2.txt", "c2.md", None):
        sync_links(st.db)
        kept = {n: (lv, d) for n, lv, d in st.db.execute("SELECT node, level, date FROM node_facts")}
        merged = StoreGraph(st.db).attrs_many(kept)
        assert kept and kept == {n: (a.get("level"), a.get("date")) for n, a in merged.items()}
        if change:
            st.remove_file(f"corpus/{change}")


def _same_graph_files(st, tmp):
    """The streamed graph files are the ones written from the whole merged builder."""
    from pipeline.graph_files import builder_graph, write_graph_files
    from pipeline.graph_rows import StoreGraph
    from pipeline.graph_stream import write_graph_stream

    (tmp / "whole").mkdir(parents=True)
    (tmp / "stream").mkdir()
    write_graph_files(*builder_graph(StoreGraph(st.db).builder()), tmp / "whole")
    write_graph_stream(st.db, tmp / "stream")
    for name in ("graph.json", "graph.graphml"):
        assert (tmp / "whole" / name).read_bytes() == (tmp / "stream" / name).read_bytes()
    assert b'"suspect"' in (tmp / "stream/graph.json").read_bytes()
    assert sorted(p.name for p in (tmp / "stream").iterdir()) == ["graph.graphml", "graph.json"]


def test_an_old_links_table_is_replaced(tmp_path):
    import sqlite3

    from pipeline.links import ensure_schema

    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute("CREATE TABLE links(src TEXT, dst TEXT, type TEXT, score REAL, method TEXT, evidence TEXT)")
    db.execute("INSERT INTO links VALUES('a','b','cites',NULL,NULL,NULL)")
    ensure_schema(db)
    assert "via" in {r[1] for r in db.execute("PRAGMA table_info(links)")}
    assert db.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 0


def test_split_layout_holds_the_same_documents_and_links(store):
    from pipeline.publish import outputs_current, publish

    st, _exts, tmp = store
    whole, split = tmp / "whole", tmp / "split"
    pub = publish(st, whole, VERSION, report=False, whole="always")
    cat = json.loads((whole / "catalogue.json").read_text(encoding="utf-8"))
    assert pub.note is None and pub.links == len(cat["links"])
    pub = publish(st, split, VERSION, report=False, whole="auto", whole_limit=1)
    assert pub.note and "vnpolicy export --whole" in pub.note and "vượt giới hạn 1" in pub.note
    assert not (split / "catalogue.json").exists() and not (split / "graph.json").exists()
    assert outputs_current(st, split, VERSION, "auto", 1) and not outputs_current(st, split, VERSION, "always")
    index = json.loads((split / "catalogue/index.json").read_text(encoding="utf-8"))
    assert sorted(d["sha256"] for d in index["documents"]) == sorted(d["document"] for d in cat["documents"])
    files = [json.loads((split / d["file"]).read_text(encoding="utf-8")) for d in index["documents"]]
    assert [f["document"] for f in files] == cat["documents"]  # same order: name, then sha
    key = lambda lk: json.dumps(lk, sort_keys=True)  # noqa: E731
    assert sorted(map(key, (lk for f in files for lk in f["links"]))) == sorted(map(key, cat["links"]))
    assert sorted(map(key, (a for f in files for a in f["alignments"]))) == sorted(map(key, cat["alignments"]))
    assert {p.name for p in (split / "catalogue").iterdir()} == {Path(d["file"]).name for d in index["documents"]} | {
        "index.json"}

    # nothing changed: no document file rewritten; one document gone: its file goes, no other is written
    times = {p.name: p.stat().st_mtime_ns for p in (split / "catalogue").iterdir()}
    publish(st, split, VERSION, report=False, whole="never")
    assert st.db.execute("SELECT COUNT(*) FROM split_files").fetchone()[0] == len(files)
    gone = index["documents"][0]
    path = next(p for p, r in st.files().items() if r["sha256"] == gone["sha256"])
    os.utime(split / gone["file"], ns=(1, 1))
    st.remove_file(path)
    publish(st, split, VERSION, report=False, whole="never")
    now = {p.name: p.stat().st_mtime_ns for p in (split / "catalogue").iterdir()}
    assert Path(gone["file"]).name not in now
    changed = {n for n in now if now[n] != times.get(n)} - {"index.json"}
    linked = {Path(d["file"]).name for d in index["documents"]
              if d["sha256"] in {r[0] for r in st.db.execute("SELECT child FROM alignments")}}
    assert changed <= linked  # only files whose alignments (as child) named the document gone
    # back to the whole files: written again, the split layout left as it is
    publish(st, split, VERSION, report=False, whole="always")
    assert (split / "catalogue.json").exists()


def test_run_past_the_limit_says_so_and_export_writes_the_whole_files(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for f in ("corpus/000_a9ef7522b32975cc.txt",
              "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"):
        (corpus / Path(f).name).write_bytes((ROOT / f).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    vn = [sys.executable, "-m", "pipeline"]
    r = subprocess.run([*vn, "run", str(corpus), "--out", str(tmp_path / "out"), "--no-report", "-j", "1",
                        "--whole-limit", "1"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    line = [x for x in r.stderr.splitlines() if x.startswith("Kho có 2 tài liệu")]
    assert line and "vượt giới hạn 1" in line[0]
    assert (tmp_path / "out/catalogue/index.json").exists() and not (tmp_path / "out/catalogue.json").exists()
    r = subprocess.run([*vn, "run", str(corpus), "--out", str(tmp_path / "out"), "--no-report", "--whole-limit", "1"],
                       capture_output=True, text=True, env=env)
    assert "up to date" in r.stderr
    r = subprocess.run([*vn, "export", "--whole", "--store", str(tmp_path / "out/vnpolicy.sqlite"), "--out",
                        str(tmp_path / "exp")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*vn, "run", str(corpus), "--out", str(tmp_path / "out"), "--no-report", "--whole", "always"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0 and "Kho có" not in r.stderr
    a = json.loads((tmp_path / "exp/catalogue.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "out/catalogue.json").read_text(encoding="utf-8"))
    a.pop("generated_at")
    b.pop("generated_at")
    assert a == b and a["links"]
    for name in ("graph.json", "graph.graphml", "tasks.csv", "links.jsonl"):
        assert (tmp_path / "exp" / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
    r = subprocess.run([*vn, "run", str(corpus), "--out", str(tmp_path / "out"), "--whole", "some"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "--whole" in r.stderr
