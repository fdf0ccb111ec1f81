"""Incremental publish and queries from indexes (#15), over the real documents of test_graph.

The alignments of the four real documents are computed once (test_graph.corpus); an `align`
that counts its calls serves them, and aligns for real any pair it was not given, so a test sees
exactly which pairs a publish asked for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION = "test-1"


class CountingAlign:
    def __init__(self, reps):
        self.known = {(r.child.sha256, r.parent.sha256): r for r in reps}
        self.calls: list[tuple[str, str]] = []

    def __call__(self, child, parent):
        self.calls.append((child.document, parent.document))
        rep = self.known.get((child.document, parent.document))
        if rep is None:
            from pipeline.align import align

            rep = align(child, parent)
        return rep


def _store(path, exts, reps):
    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    st = Store(path, writer=True)
    for e in exts:
        st.put(f"corpus/{e.source['name']}", 1, 1, VERSION, e)
    counter = CountingAlign(reps)
    update_alignments(st, st.current_shas(), VERSION, align=counter)
    return st, counter


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from test_graph import corpus

    from pipeline.publish import publish

    exts, reps = corpus()
    tmp = tmp_path_factory.mktemp("inc")
    st, counter = _store(tmp / "s.sqlite", exts, reps)
    pub = publish(st, tmp / "out", VERSION, report=False)
    st.close()
    return tmp, exts, reps, counter, pub


def _commune_variant(ext):
    """The ward sample re-issued as another commune's document: new text, so a new sha, same citations."""
    doc = json.loads(ext.model_dump_json())
    doc["document"] = "f" * 64
    doc["source"] = {**doc["source"], "name": "xa_moi.txt", "path": "corpus/xa_moi.txt", "sha256": "f" * 64}
    doc["tasks"] = [{**t, "text": t["text"] + " (xã Tân Phú)"} for t in doc["tasks"]]
    from pipeline.records import Extraction

    return Extraction.model_validate(doc)


def test_first_publish_aligns_each_pair_once_and_one_copy_of_a_parent(published):
    _, exts, reps, counter, _ = published
    assert sorted(counter.calls) == sorted(counter.known)  # the pairs align_corpus makes, each once
    assert len(set(counter.calls)) == len(counter.calls)


def test_adding_a_document_aligns_only_its_pairs_and_removing_drops_its_rows(published, tmp_path):
    from pipeline.incremental import update_alignments

    _, exts, reps, _, _ = published
    st, first = _store(tmp_path / "s.sqlite", exts, reps)
    with st:
        before = st.alignment_versions()
        new = _commune_variant(next(e for e in exts if e.source["name"].endswith(".txt")
                                    and e.source["name"].startswith("000_")))
        st.put("corpus/xa_moi.txt", 1, 1, VERSION, new)
        counter = CountingAlign(reps)
        up = update_alignments(st, st.current_shas(), VERSION, align=counter)
        assert counter.calls and all(new.document in pair for pair in counter.calls)
        assert up.kept == len(before) and up.dropped == 0
        after = st.alignment_versions()
        assert set(after) - set(before) == set(counter.calls)
        # a second publish over the same store computes nothing
        again = CountingAlign(reps)
        update_alignments(st, st.current_shas(), VERSION, align=again)
        assert again.calls == []
        # the new document goes: its alignments, their links and its graph rows go with it
        st.remove_file("corpus/xa_moi.txt")
        up = update_alignments(st, st.current_shas(), VERSION, align=CountingAlign(reps))
        assert up.computed == [] and up.dropped == len(counter.calls)
        assert set(st.alignment_versions()) == set(before)
        for table, col in (("alignment_links", "child"), ("graph_rows", "doc"), ("node_keys", "doc")):
            assert not st.db.execute(f"SELECT 1 FROM {table} WHERE {col}=?", (new.document,)).fetchone()
        # a new pipeline version recomputes every pair
        redo = CountingAlign(reps)
        update_alignments(st, st.current_shas(), "test-2", align=redo)
        assert sorted(redo.calls) == sorted(before)


def test_graph_from_rows_is_the_graph_build_graph_makes(published):
    from pipeline.graph import build_graph
    from pipeline.graph_rows import StoreGraph
    from pipeline.store import Store

    tmp, exts, reps, _, _ = published
    G = build_graph(exts, reps)
    with Store(tmp / "s.sqlite", create=False) as st:
        H = StoreGraph(st.db).whole()
        assert list(H.nodes(data=True)) == list(G.nodes(data=True))
        assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
        # node by node, as a query reads it
        S = StoreGraph(st.db)
        for n in ["directive:57-NQ/TW", "directive:03/NQ-CP", "directive:57-NQ/TW/task:III/1/t1"]:
            assert S.nodes[n] == G.nodes[n]
            assert S.in_edges(n) == list(G.in_edges(n, data=True))
            assert S.out_edges(n) == list(G.out_edges(n, data=True))


def test_queries_from_the_store_answer_as_the_whole_graph(published):
    from pipeline import query
    from pipeline.graph import build_graph
    from pipeline.store import Store

    tmp, exts, reps, _, _ = published
    G = build_graph(exts, reps)
    with Store(tmp / "s.sqlite", create=False) as st:
        assert query.indexed(st)
        S = query.store_graph(st)
        for ident in ["57-NQ/TW", "03/NQ-CP", "144/KH-UBND", "bacninh_144"]:
            assert query.trace(S, ident) == query.trace(G, ident)
            assert query.show(S, ident) == query.show(G, ident)
        with pytest.raises(query.QueryError):
            query.resolve(S, "999-XX/YY")
        reps_json = {(r.child.sha256, r.parent.sha256): r.model_dump(mode="json") for r in reps}
        got = query.find_alignments(st, "03/NQ-CP", "57-NQ/TW")
        assert [got[0]] == [reps_json[(got[0]["child"]["sha256"], got[0]["parent"]["sha256"])]]


def test_extract_and_query_commands_do_not_import_heavy_libraries(published):
    """`extract` and the queries pay only for what they use (#15 start-up): no graph, array or NLP library."""
    tmp = published[0]
    store = str(tmp / "s.sqlite")
    sample = str(ROOT / "corpus" / "000_a9ef7522b32975cc.txt")
    code = ("import sys; from pipeline.cli import main\n"
            "heavy = {'networkx', 'numpy', 'scipy', 'spacy', 'underthesea'}\n"
            f"assert main(['extract', {sample!r}]) == 0\n"
            "assert not heavy & set(sys.modules), ('extract', sorted(heavy & set(sys.modules)))\n"
            f"for args in (['trace', '57-NQ/TW'], ['show', '03/NQ-CP'], ['search', 'chuyển đổi số'],"
            f" ['align', '03/NQ-CP', '--parent', '57-NQ/TW']):\n"
            f"    assert main([*args, '--store', {store!r}]) == 0, args\n"
            "assert not heavy & set(sys.modules), ('queries', sorted(heavy & set(sys.modules)))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert '"tasks": [' in r.stdout and "03/NQ-CP" in r.stdout and "khớp" in r.stdout


def test_streamed_catalogue_equals_the_built_one_and_validates(published):
    from pipeline.catalogue import Failure, build_catalogue, catalogue_schema
    from pipeline.publish import stored_alignments
    from pipeline.store import Store

    tmp, _, _, _, pub = published
    out = tmp / "out"
    streamed = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    with Store(tmp / "s.sqlite", create=False) as st:
        shas = st.current_shas()
        paths, failed = st.paths_and_failures()
        from pipeline.graph import build_graph, graph_links

        exts = list(st.extractions(shas))
        links = graph_links(build_graph(exts, list(stored_alignments(st, shas))))  # the whole graph's links
        built = build_catalogue(exts, paths, links,
                                list(stored_alignments(st, shas)), [Failure(path=p, reason=r) for p, r in failed],
                                generated_at=streamed["generated_at"])
    assert streamed == built.model_dump(mode="json")
    jsonschema.validate(streamed, catalogue_schema())
    for kind in ("documents", "directives", "links", "alignments", "missing_parents", "failures"):
        lines = (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
        assert [json.loads(x) for x in lines] == streamed[kind]
    tasks = (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(tasks) == sum(len(d["tasks"]) for d in streamed["documents"])


def test_a_parent_in_two_renderings_is_aligned_once(published, tmp_path):
    from pipeline.incremental import load_docs, plan_pairs
    from pipeline.records import Extraction

    _, exts, reps, _, _ = published
    st, _ = _store(tmp_path / "s.sqlite", exts, reps)
    with st:
        before = plan_pairs(load_docs(st, st.current_shas()))
        parent = next(e for e in exts if e.meta.id == "03/NQ-CP")
        doc = json.loads(parent.model_dump_json())
        doc["document"] = "0" * 64  # the same programme read from another file (a PDF beside the .md)
        doc["source"] = {**doc["source"], "name": "03-NQ-CP.pdf", "sha256": "0" * 64}
        doc["tasks"] = doc["tasks"][:-1]  # a rendering that lost a task is not the one read
        st.put("corpus/03-NQ-CP.pdf", 1, 1, VERSION, Extraction.model_validate(doc))
        after = plan_pairs(load_docs(st, st.current_shas()))
    assert [p for p in after if p[1] == "0" * 64] == []  # never the parent read
    assert sorted(p for p in after if p[0] != "0" * 64) == sorted(before)  # as a child it is aligned as any


def test_report_and_export_read_the_alignment_rows(published):
    from pipeline.cli_report import load_catalogue

    tmp, _, reps, _, _ = published
    cat = load_catalogue(tmp / "s.sqlite")
    assert sorted((a.child.sha256, a.parent.sha256) for a in cat.alignments) == sorted(
        (r.child.sha256, r.parent.sha256) for r in reps)


def test_pairs_aligned_on_two_cores_are_the_pairs_aligned_in_process(published, tmp_path, monkeypatch):
    import shutil

    import pipeline.align_pool as align_pool
    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    tmp = published[0]
    shutil.copy(tmp / "s.sqlite", tmp_path / "s.sqlite")
    monkeypatch.setenv("VNPOLICY_ALIGN_WORKERS", "2")
    monkeypatch.setattr(align_pool, "POOL_MIN_PAIRS", 2)  # the fixture's few pairs go to the pool all the same
    started = []
    pool = align_pool.ProcessPoolExecutor
    monkeypatch.setattr(align_pool, "ProcessPoolExecutor", lambda *a, **k: started.append(a) or pool(*a, **k))
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        before = {(c, p): js for c, p, js in st.db.execute("SELECT child, parent, json FROM alignments")}
        st.drop_alignments(sorted(before))
        up = update_alignments(st, st.current_shas(), VERSION)  # the real align, in a pool of two
        after = {(c, p): js for c, p, js in st.db.execute("SELECT child, parent, json FROM alignments")}
    assert len(up.computed) == len(before) >= 4 and started
    assert {k: json.loads(v)["pairs"] for k, v in after.items()} == {
        k: json.loads(v)["pairs"] for k, v in before.items()}


def _sheets(path):
    """The worksheets of a workbook as stored (values, widths, filter range), its dates left out."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/") and n != "docProps/core.xml"}


def test_streamed_tables_equal_the_tables_of_the_built_catalogue(published, tmp_path):
    from pipeline.cli_report import load_catalogue
    from pipeline.export.tables import write_tables

    tmp = published[0]
    write_tables(load_catalogue(tmp / "s.sqlite"), tmp_path)
    for f in ("tasks.csv", "targets.csv", "directives.csv"):
        assert (tmp / "out" / f).read_bytes() == (tmp_path / f).read_bytes(), f
    assert _sheets(tmp / "out" / "catalogue.xlsx") == _sheets(tmp_path / "catalogue.xlsx")


def _outputs(out):
    """Every published file's bytes; catalogue.json without its generation time."""
    files = {}
    for p in sorted(out.iterdir()):
        if p.suffix in (".sqlite", ".lock") or ".sqlite-" in p.name:
            continue
        if p.name == "catalogue.json":
            cat = json.loads(p.read_text(encoding="utf-8"))
            cat.pop("generated_at")
            files[p.name] = cat
        elif p.suffix == ".xlsx":
            files[p.name] = _sheets(p)
        else:
            files[p.name] = p.read_bytes()
    return files


def test_a_publish_after_one_new_document_makes_only_its_pieces_and_equals_a_fresh_one(published, tmp_path,
                                                                                      monkeypatch):
    import pipeline.derived as derived
    from pipeline.incremental import update_alignments
    from pipeline.publish import publish
    from pipeline.store import Store

    _, exts, reps, _, _ = published
    new = _commune_variant(next(e for e in exts if e.source["name"].startswith("000_")
                                and e.source["name"].endswith(".txt")))
    st, _ = _store(tmp_path / "s.sqlite", exts, reps)
    made: list[str] = []
    pieces = derived.doc_pieces
    monkeypatch.setattr(derived, "doc_pieces", lambda payload, v: made.append(json.loads(payload)["document"])
                        or pieces(payload, v))
    with st:
        publish(st, tmp_path / "out", VERSION, report=False)
        assert sorted(made) == sorted(e.document for e in exts)
        made.clear()
        st.put("corpus/xa_moi.txt", 1, 1, VERSION, new)
        counter = CountingAlign(reps)
        update_alignments(st, st.current_shas(), VERSION, align=counter)
        cached = dict(st.db.execute("SELECT child || parent, key FROM pair_outputs"))
        publish(st, tmp_path / "out", VERSION, report=False)
        assert made == [new.document]  # the other documents' pieces are read back, not made again
        # an old pair's catalogue line is made again only if what it depends on beyond the pair changed
        new_pairs = {c + p for c, p in counter.calls}
        remade = {k for k, v in st.db.execute("SELECT child || parent, key FROM pair_outputs") if cached.get(k) != v}
        assert new_pairs <= remade
    fresh = Store(tmp_path / "fresh.sqlite", writer=True)
    with fresh:
        for e in [*exts, new]:
            fresh.put(f"corpus/{e.source['name']}" if e is not new else "corpus/xa_moi.txt", 1, 1, VERSION, e)
        update_alignments(fresh, fresh.current_shas(), VERSION, align=CountingAlign(reps))
        publish(fresh, tmp_path / "fresh", VERSION, report=False)
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "fresh")


def test_a_publish_that_changes_nothing_rewrites_no_file_but_the_dated_ones(published, tmp_path):
    import shutil

    from pipeline.publish import publish
    from pipeline.store import Store

    tmp = published[0]
    shutil.copy(tmp / "s.sqlite", tmp_path / "s.sqlite")
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        publish(st, tmp_path / "out", VERSION, report=False)
        before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in (tmp_path / "out").iterdir()}
        publish(st, tmp_path / "out", VERSION, report=False)
        after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in (tmp_path / "out").iterdir()}
    assert set(before) == set(after)
    kept = {n for n in before if before[n][0] == after[n][0]}
    assert {"graph.json", "graph.graphml", "tasks.csv", "targets.csv", "directives.csv", "tasks.jsonl",
            "alignments.jsonl", "catalogue.schema.json"} <= kept
    assert all(before[n][1] == after[n][1] for n in kept)
    assert kept >= set(before) - {"catalogue.json", "catalogue.xlsx"}  # the two that carry their date


def test_changed_output_code_makes_every_piece_again(published, tmp_path, monkeypatch):
    """The pipeline version digests the data, not the code: the pieces carry a digest of the code
    that makes them, so a change there is never served from the store."""
    import shutil

    import pipeline.derived as derived
    from pipeline.publish import publish
    from pipeline.store import Store

    tmp, exts = published[0], published[1]
    shutil.copy(tmp / "s.sqlite", tmp_path / "s.sqlite")
    made: list[str] = []
    pieces = derived.doc_pieces
    monkeypatch.setattr(derived, "doc_pieces", lambda payload, v: made.append(v) or pieces(payload, v))
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        publish(st, tmp_path / "out", VERSION, report=False)
        assert made == []  # the fixture's publish made them
        monkeypatch.setattr(derived, "code_digest", lambda: "changed")
        publish(st, tmp_path / "out", VERSION, report=False)
    assert len(made) == len(exts) and {v.split(":")[0] for v in made} == {"changed"}


def test_a_split_publish_after_one_new_document_reads_only_what_it_touched_and_equals_a_fresh_one(
        published, tmp_path, monkeypatch):
    """Past the whole-file limit: the second publish plans the new document's pairs only (plan_delta)
    and looks at the files of the documents it touched only (split_layout._settled); what it writes
    is what a fresh store of the same documents writes."""
    import pipeline.split_layout as split_layout
    from pipeline.incremental import update_alignments
    from pipeline.publish import publish
    from pipeline.store import Store

    _, exts, reps, _, _ = published
    new = _commune_variant(next(e for e in exts if e.source["name"].startswith("000_")
                                and e.source["name"].endswith(".txt")))
    st, _ = _store(tmp_path / "s.sqlite", exts, reps)
    named: list[str] = []
    file_name = split_layout.file_name
    monkeypatch.setattr(split_layout, "file_name", lambda name, sha: named.append(sha) or file_name(name, sha))
    with st:
        publish(st, tmp_path / "out", VERSION, report=False, whole="never")
        assert sorted(named) == sorted(e.document for e in exts)
        named.clear()
        st.put("corpus/xa_moi.txt", 1, 1, VERSION, new)
        update_alignments(st, st.current_shas(), VERSION, align=CountingAlign(reps))
        import pipeline.derived as derived

        monkeypatch.setattr(derived, "stubs", None)  # every document's stub is not read: the pairs' own are
        pub = publish(st, tmp_path / "out", VERSION, report=False, whole="never")
        monkeypatch.undo()
        assert pub.seconds["planned_children"] == 1 and named == [new.document]
    fresh = Store(tmp_path / "fresh.sqlite", writer=True)
    with fresh:
        for e in [*exts, new]:
            fresh.put(f"corpus/{e.source['name']}" if e is not new else "corpus/xa_moi.txt", 1, 1, VERSION, e)
        update_alignments(fresh, fresh.current_shas(), VERSION, align=CountingAlign(reps))
        publish(fresh, tmp_path / "fresh", VERSION, report=False, whole="never")

    def files(out):
        got = {p.name: p.read_bytes() for p in (out / "catalogue").iterdir()}
        text = got["index.json"].decode()
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"  # split_layout.index_text
        index = json.loads(got.pop("index.json"))
        index.pop("generated_at")
        return got, index

    assert files(tmp_path / "out") == files(tmp_path / "fresh")
