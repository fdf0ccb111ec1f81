"""The hand-labelled alignment pairs (tests/data/align/labels.tsv, labels_dev2.tsv, labels_p2c.tsv) stay well formed.

An evaluation on a broken label file gives numbers without meaning, so the files' rules are checked here:
one split per document pair across both files, labels 0/1, verdicts only on positive target rows, documents
present with a source; labels_dev2.tsv holds development pairs only.
"""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALIGN = ROOT / "tests" / "data" / "align"
FILES = ("labels.tsv", "labels_dev2.tsv", "labels_p2c.tsv")
COLUMNS = ["split", "pair", "kind", "child_doc", "child_text_prefix", "parent_doc", "parent_text_prefix",
           "label", "verdict", "scope", "note"]


def _rows(name: str = "labels.tsv") -> list[dict[str, str]]:
    with open(ALIGN / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        assert reader.fieldnames == COLUMNS
        return list(reader)


def _all_rows() -> list[dict[str, str]]:
    return [r for name in FILES for r in _rows(name)]


def _doc_path(name: str) -> Path:
    return ROOT / name if "/" in name else ALIGN / "docs" / name


@pytest.mark.parametrize("name", FILES)
def test_rows_follow_the_conventions(name):
    for r in _rows(name):
        assert r["split"] in {"dev", "test"}, r
        assert r["kind"] in {"task", "target"}, r
        assert r["label"] in {"0", "1"}, r
        assert r["scope"] in {"", "this-level", "higher-level"}, r
        assert r["verdict"] in {"", "weaker", "equal", "stronger", "not_comparable"}, r
        if r["verdict"]:
            assert r["kind"] == "target" and r["label"] == "1", r
        assert 20 <= len(r["child_text_prefix"]) <= 60 and 20 <= len(r["parent_text_prefix"]) <= 60, r
        assert r["note"].strip(), r


def test_split_is_per_document_pair_and_test_is_large_enough():
    splits: dict[str, set[str]] = defaultdict(set)
    for r in _all_rows():  # a pair labelled in both files must not be dev in one and test in the other
        splits[r["pair"]].add(r["split"])
    assert all(len(s) == 1 for s in splits.values()), splits
    rows = _rows()
    test = [r for r in rows if r["split"] == "test"]
    assert len(rows) >= 150 and len(test) >= 50
    assert {r["label"] for r in test} == {"0", "1"}
    assert sum(1 for r in rows if r["kind"] == "target") >= 20


def test_second_development_file_is_dev_only_and_new_pairs():
    rows = _rows("labels_dev2.tsv")
    assert rows and {r["split"] for r in rows} == {"dev"}
    assert {r["label"] for r in rows} == {"0", "1"}
    assert not {r["pair"] for r in rows} & {r["pair"] for r in _rows()}
    assert sum(1 for r in rows if r["kind"] == "task") >= 60


def test_province_to_commune_file_has_a_test_and_a_dev_pair_of_its_own():
    rows = _rows("labels_p2c.tsv")
    pairs = {r["pair"]: r["split"] for r in rows}
    assert {"dev", "test"} <= set(pairs.values())  # a dev pair to tune on, a test pair to report on
    assert not set(pairs) & {r["pair"] for name in FILES[:2] for r in _rows(name)}
    for split in ("dev", "test"):
        labels = [r["label"] for r in rows if r["split"] == split and r["kind"] == "task"]
        assert {"0", "1"} <= set(labels) and len(labels) >= 30
    assert {r["scope"] for r in rows if r["label"] == "1"} == {"this-level"}


@pytest.mark.parametrize("name", FILES)
def test_documents_exist_and_new_ones_have_a_source(name):
    with open(ALIGN / "docs" / "SOURCES.tsv", encoding="utf-8", newline="") as f:
        sourced = {row["file"] for row in csv.DictReader(f, delimiter="\t")}
    for r in _rows(name):
        for doc in (r["child_doc"], r["parent_doc"]):
            assert _doc_path(doc).is_file(), doc
            if "/" not in doc:
                assert doc in sourced, doc


def test_03_nq_cp_is_never_labelled_against_57_nq_tw():
    for r in _all_rows():
        docs = {r["child_doc"], r["parent_doc"]}
        assert not (any("03-NQ-CP" in d for d in docs) and any("57-NQ-TW_" in d for d in docs)), r


def test_a_document_keeps_one_split_in_every_label_set():
    """Tuning the segmenter on a dev document must never tune the extraction of an alignment test pair."""
    shapes = ROOT / "tests" / "data" / "realshapes" / "SOURCES.tsv"
    with open(shapes, encoding="utf-8") as f:
        split_of = {r["file"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    seen = 0
    for name in FILES:
        for r in _rows(name):
            for side in ("child_doc", "parent_doc"):
                doc = r[side]
                if "realshapes/docs/" in doc:
                    seen += 1
                    assert split_of[doc.rsplit("/", 1)[1]] == r["split"], (name, r["pair"], doc)
    assert seen
