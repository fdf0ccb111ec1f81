"""The published catalogue: valid against its generated schema, and stable from run to run."""

import json
import re
import shutil
from pathlib import Path

import jsonschema
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "corpus" / "000_a9ef7522b32975cc.txt",
         ROOT / "corpus" / "real" / "central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, vp):
    tmp = tmp_path_factory.mktemp("cat")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for f in FILES:
        shutil.copy(f, corpus)
    outs = []
    for name in ("first", "second"):
        out = tmp / name
        r = vp("run", corpus, "--out", out, "--force", "--no-report")
        assert r.returncode == 0, r.stderr[-1500:]
        outs.append(out)
    return outs


def test_catalogue_validates_against_its_schema(runs):
    cat = json.loads((runs[0] / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((runs[0] / "catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(cat, schema)
    assert cat["schema_version"] and cat["generator"].startswith("vnpolicy")
    names = {d["source"]["name"] for d in cat["documents"]}
    assert names == {f.name for f in FILES}
    # the ward programme's task under 2.5 cites 57-NQ/TW, which is also a document of the corpus
    entry = next(d for d in cat["directives"] if d["id"] == "57-NQ/TW")
    assert entry["in_corpus"] and entry["cited_by"]


def test_schema_rejects_a_broken_catalogue(runs):
    cat = json.loads((runs[0] / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((runs[0] / "catalogue.schema.json").read_text(encoding="utf-8"))
    del cat["documents"][0]["tasks"][0]["prov"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cat, schema)


def test_two_runs_give_the_same_bytes_apart_from_the_timestamp(runs):
    def strip(p: Path) -> str:
        return re.sub(r'"generated_at": "[^"]*"', '"generated_at": ""', p.read_text(encoding="utf-8"))

    a, b = (strip(out / "catalogue.json") for out in runs)
    assert a == b
    for name in ("graph.json", "graph.graphml", "tasks.csv", "targets.csv", "directives.csv"):
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name


def test_graph_files_round_trip(runs):
    g1 = nx.read_graphml(runs[0] / "graph.graphml")
    data = json.loads((runs[0] / "graph.json").read_text(encoding="utf-8"))
    g2 = nx.node_link_graph(data, edges="links" if "links" in data else "edges")
    assert g1.number_of_nodes() == g2.number_of_nodes() > 100
    assert g1.number_of_edges() == g2.number_of_edges() > 100
