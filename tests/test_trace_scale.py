"""A trace cut to its first documents, answered from the store's indexes (#15, queries at national scale).

The store holds the four real documents of test_graph and eight more communes: copies of the
ward sample with other texts (so other shas, each its own document node) carrying out 57-NQ/TW and
aligned with its parents. A cut trace must list the same first documents, and count the others the
same, as the whole networkx graph does, with or without the indexes a writer adds.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

VERSION = "test-1"
COMMUNES = 8


def _variant(ext, i):
    doc = json.loads(ext.model_dump_json())
    sha = f"{i:x}" * 64
    doc["document"] = sha
    doc["source"] = {**doc["source"], "name": f"xa_{i}.txt", "path": f"corpus/xa_{i}.txt", "sha256": sha}
    doc["tasks"] = [{**t, "text": t["text"] + f" (xã số {i})"} for t in doc["tasks"]]
    from pipeline.records import Extraction

    return Extraction.model_validate(doc)


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    from test_graph import corpus

    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    exts, reps = corpus()
    sample = exts[0]
    assert sample.meta.id is None  # the ward sample: each copy is a node of its own
    copies = [_variant(sample, i) for i in range(1, COMMUNES + 1)]
    known = {(r.child.sha256, r.parent.sha256): r for r in reps}
    for c in copies:  # each copy aligned as the sample is: the same pairs, its own sha
        for (child, parent), r in list(known.items()):
            if child == sample.document:
                ref = r.child.model_copy(update={"sha256": c.document, "name": c.source["name"]})
                known[(c.document, parent)] = r.model_copy(update={"child": ref})

    def align(child, parent):
        return known[(child.document, parent.document)]

    tmp = tmp_path_factory.mktemp("trace_scale")
    path = tmp / "s.sqlite"
    with Store(path, writer=True) as st:
        for e in [*exts, *copies]:
            st.put(f"corpus/{e.source['name']}", 1, 1, VERSION, e)
        update_alignments(st, st.current_shas(), VERSION, align=align)
        stored = [json.loads(js) for js in st.alignment_json()]
    bare = tmp / "bare.sqlite"  # as a store written before the query indexes
    shutil.copy(path, bare)
    db = sqlite3.connect(bare)
    db.execute("DROP INDEX graph_rows_cited")
    db.execute("DROP INDEX alignments_parent_child")
    db.commit()
    db.close()
    return [*exts, *copies], stored, path, bare


def test_cut_trace_counts_and_lists_what_the_whole_graph_does(stores):
    from pipeline import query
    from pipeline.graph import build_graph
    from pipeline.store import Store

    exts, aligns, path, bare = stores
    G = build_graph(exts, aligns)
    for ident in ("57-NQ/TW", "03/NQ-CP"):
        full = query.trace(G, ident)
        n = len(full["children"])
        assert n >= (COMMUNES if ident == "57-NQ/TW" else 1)
        for k in [*sorted({k for k in (1, 2, 5, n - 1, n) if k > 0}), None]:
            want = query.trace(G, ident, max_docs=k)
            for p in (path, bare):
                with Store(p, create=False) as st:
                    got = query.trace(query.store_graph(st), ident, max_docs=k)
                assert got == want, (ident, k, p.name)
            if k is not None and k < n:
                assert want["more_docs"] == n - k
                assert [c["node"] for c in want["children"]] == [c["node"] for c in full["children"][:k]]
                assert query.render_trace(want, 8).endswith(f"… và {n - k} văn bản khác; dùng --all")


def test_source_documents_from_indexes_are_the_documents_a_trace_reads(stores):
    from pipeline import query
    from pipeline.graph import build_graph
    from pipeline.graph_rows import StoreGraph
    from pipeline.store import Store

    exts, aligns, path, bare = stores
    G = build_graph(exts, aligns)
    for ident in ("directive:57-NQ/TW", "directive:03/NQ-CP", "directive:144/KH-UBND"):
        under = {c["node"] for c in query.trace(G, ident, max_depth=1)["children"]}
        for p in (path, bare):
            with Store(p, create=False) as st:
                src = StoreGraph(st.db).sources(ident)
            assert set(src.values()) == under, (ident, p.name)


def test_aligned_edges_read_with_their_score_are_the_whole_edges(stores):
    from pipeline.graph_rows import StoreGraph
    from pipeline.store import Store

    _, _, path, _ = stores
    with Store(path, create=False) as st:
        S = StoreGraph(st.db)
        items = S.items_of("directive:57-NQ/TW", aligned_only=True)
        light = {it: S.aligned_in_edges(it) for it in items}
        assert any(light.values())
        for it, edges in light.items():
            whole = [(u, v, a) for u, v, a in StoreGraph(st.db).in_edges(it) if a["type"] == "aligns_with"]
            assert [(u, v, a["type"], a.get("score")) for u, v, a in edges] == \
                   [(u, v, a["type"], a.get("score")) for u, v, a in whole]


def test_every_node_merged_from_its_rows_is_the_whole_graphs_node(stores):
    """Repeated node rows (each copy records 57-NQ/TW's facts) are decoded once: the merge is unchanged."""
    from pipeline.graph import build_graph
    from pipeline.graph_rows import StoreGraph
    from pipeline.store import Store

    exts, aligns, path, _ = stores
    G = build_graph(exts, aligns)
    with Store(path, create=False) as st:
        S = StoreGraph(st.db)
        merged = S.attrs_many(list(G.nodes))
        repeated = st.db.execute("SELECT COUNT(*) - COUNT(DISTINCT attrs) FROM graph_rows "
                                 "WHERE node='directive:57-NQ/TW' AND op='node'").fetchone()[0]
    assert repeated >= COMMUNES - 1
    assert merged == dict(G.nodes(data=True))
