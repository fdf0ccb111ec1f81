"""Graph over real extractions: the ward sample, 57-NQ/TW, 03/NQ-CP and Bắc Ninh 144/KH-UBND."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = ["corpus/000_a9ef7522b32975cc.txt",
         "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
         "corpus/real/central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md",
         "corpus/real/bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md"]


@lru_cache(maxsize=1)
def corpus():
    from pipeline.extract import extract_file

    exts = [extract_file(ROOT / f) for f in FILES]
    from pipeline.align import align_corpus

    return exts, align_corpus(exts)


@pytest.fixture(scope="module")
def built():
    from pipeline.graph import build_graph

    exts, reps = corpus()
    return exts, reps, build_graph(exts, reps)


def test_document_and_directive_are_one_node(built):
    _, _, G = built
    n = G.nodes["directive:57-NQ/TW"]
    assert n["kind"] == "document" and n["directive"] == "57-NQ/TW"
    assert n["name"].startswith("central_57-NQ-TW")
    assert not any(a.get("number") == "57-NQ/TW" for m, a in G.nodes(data=True) if m != "directive:57-NQ/TW")
    # the ward sample's citation leads into the 57-NQ/TW text and its tasks
    cites = [u for u, _, a in G.in_edges("directive:57-NQ/TW", data=True) if a["type"] == "cites"]
    assert any("/task:" in u for u in cites)
    assert any(a["type"] == "contains" for _, _, a in G.out_edges("directive:57-NQ/TW", data=True))


def test_trace_57_reaches_ward_03_and_bacninh_tasks(built):
    from pipeline.query import render_trace, trace

    _, _, G = built
    t = trace(G, "57-NQ/TW")

    def items(node):
        for c in node.get("children", []):
            for it in c.get("items", []):
                yield c.get("name", ""), it
            yield from items(c)

    found = list(items(t))
    assert any(name.startswith("000_") and "tạo đột phá về chuyển đổi số" in it.get("text", "")
               and "/2.5/" in it["node"] for name, it in found)
    assert any(name.startswith("central_03") and it["kind"] == "task" for name, it in found)
    assert any(name.startswith("bacninh_144") and it["kind"] == "task" for name, it in found)
    text = render_trace(t)
    assert "03/NQ-CP" in text and "144/KH-UBND" in text


def test_trace_cut_lists_the_first_documents_and_counts_the_rest(built):
    from pipeline.query import render_trace, trace

    _, _, G = built
    whole = trace(G, "57-NQ/TW")
    n = len(whole["children"])
    assert n >= 3 and "more_docs" not in whole
    cut = trace(G, "57-NQ/TW", max_docs=2)
    assert cut["more_docs"] == n - 2
    # the documents kept are the whole trace's first ones, with the same items
    assert [(c["node"], c["items"]) for c in cut["children"]] == [(c["node"], c["items"])
                                                                   for c in whole["children"][:2]]
    assert f"… và {n - 2} văn bản khác; dùng --all" in render_trace(cut)
    assert "văn bản khác" not in render_trace(whole)


def test_every_edge_ends_at_a_node_and_round_trips(built, tmp_path):
    from pipeline.graph import graph_links, write_graph

    _, _, G = built
    assert all(u in G and v in G for u, v in G.edges())
    assert {a["type"] for _, _, a in G.edges(data=True)} >= {"contains", "cites", "implements", "aligns_with"}
    write_graph(G, tmp_path)
    H = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    J = nx.node_link_graph(json.loads((tmp_path / "graph.json").read_text()), edges="links")
    assert (J.number_of_nodes(), J.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    links = graph_links(G)
    assert links and all(lk.type != "contains" for lk in links)


def test_deterministic(built, tmp_path):
    from pipeline.graph import build_graph, write_graph

    exts, reps, G = built
    write_graph(G, tmp_path / "a")
    write_graph(build_graph(list(reversed(exts)), list(reversed(reps))), tmp_path / "b")
    assert (tmp_path / "a/graph.json").read_bytes() == (tmp_path / "b/graph.json").read_bytes()
    assert (tmp_path / "a/graph.graphml").read_bytes() == (tmp_path / "b/graph.graphml").read_bytes()


def test_downward_citation_is_suspect(built):
    from pipeline.graph import build_graph

    exts, _, _ = built
    ward = next(e for e in exts if e.source["name"].startswith("000_"))
    central = next(e for e in exts if e.meta.id == "57-NQ/TW")
    # make the ward a numbered commune document and have the central text cite it
    ward2 = ward.model_copy(update={"meta": ward.meta.model_copy(update={"id": "99-CTr/ĐU", "level": "commune",
                                                                         "date": "2026-04-01"})})
    d = next(x for x in ward.directives if x.id == "57-NQ/TW")
    fake = d.model_copy(update={"id": "99-CTr/ĐU", "level": "commune"})
    central2 = central.model_copy(update={"directives": [*central.directives, fake]})
    G = build_graph([ward2, central2], [])
    e = [a for u, v, a in G.edges(data=True) if u == "directive:57-NQ/TW" and v == "directive:99-CTr/ĐU"]
    assert e and set(e[0]["suspect"]) >= {"downward"}
    ok = [a for u, v, a in G.edges(data=True) if u == "directive:99-CTr/ĐU" and v == "directive:57-NQ/TW"
          and a["type"] == "cites"]
    assert ok and "downward" not in ok[0].get("suspect", [])


def test_graph_files_hold_what_networkx_wrote(built, tmp_path):
    """graph.json is byte for byte networkx's node-link dump; graph.graphml reads back (networkx) as the
    GraphML networkx itself wrote of the same graph, attributes and types included."""
    from pipeline.graph import write_graph
    from pipeline.graph_files import _scalar
    from pipeline.sanitize import xml_value

    _, _, G = built
    write_graph(G, tmp_path)
    assert (tmp_path / "graph.json").read_text(encoding="utf-8") == json.dumps(
        nx.node_link_data(G, edges="links"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    H = nx.MultiDiGraph()
    for n, a in G.nodes(data=True):
        H.add_node(xml_value(n), **{k: _scalar(v) for k, v in a.items() if v is not None})
    for u, v, k, a in G.edges(keys=True, data=True):
        H.add_edge(xml_value(u), xml_value(v), key=xml_value(k),
                   **{x: _scalar(y) for x, y in a.items() if y is not None})
    nx.write_graphml(H, tmp_path / "nx.graphml", encoding="utf-8")
    ours = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    theirs = nx.read_graphml(tmp_path / "nx.graphml", force_multigraph=True)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
