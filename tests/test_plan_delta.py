"""Planning the pairs of what changed (plan_delta.py) gives the pairs and missing parents of planning all.

Over the real documents of test_graph (the ward sample, 57-NQ/TW, 03/NQ-CP, Bắc Ninh) and copies
of them re-issued under another sha, number or level, a store goes through the changes a corpus
sees (a parent arrives, a central programme that carries out 57-NQ/TW arrives, a fuller copy of a
parent replaces the one read, parents go, a document is extracted again); after each, the pairs
kept plus those planned again must be the pairs incremental.plan_pairs makes of every document,
and the missing parents those incremental.missing_parents makes.
"""

from __future__ import annotations

import json

import pytest

VERSION = "test-1"


def _variant(ext, sha: str, name: str, **meta):
    """A copy of `ext` under another sha and file name, its meta changed by `meta`, one task fewer
    with `fewer=True`."""
    from pipeline.records import Extraction

    doc = json.loads(ext.model_dump_json())
    fewer = meta.pop("fewer", False)
    doc["document"] = sha
    doc["source"] = {**doc["source"], "name": name, "path": f"corpus/{name}", "sha256": sha}
    doc["meta"] = {**doc["meta"], **meta}
    if fewer:
        doc["tasks"] = doc["tasks"][:-1]
    return Extraction.model_validate(doc)


def _full(st):
    from pipeline.incremental import load_docs, missing_parents, plan_pairs

    docs = load_docs(st, st.current_shas())
    return set(plan_pairs(docs)), {c: [m.model_dump(mode="json") for m in ms]
                                   for c, ms in missing_parents(docs).items()}


@pytest.fixture(scope="module")
def exts():
    from test_graph import corpus

    ward, nq57, nq03, bn = corpus()[0]
    return {"ward": ward, "57": nq57, "03": nq03, "bn": bn}


def test_planning_what_changed_gives_the_pairs_of_planning_every_document(exts, tmp_path):
    from pipeline.incremental import load_docs
    from pipeline.plan_delta import delta, planned_pairs, settle, update_missing_parents
    from pipeline.store import Store

    ward = exts["ward"]
    steps = [
        ("two children, no parent stored", [("put", "ward.txt", ward), ("put", "bn.md", exts["bn"])]),
        ("57-NQ/TW arrives", [("put", "57.md", exts["57"])]),
        ("03/NQ-CP, central, carries out 57-NQ/TW", [("put", "03.md", exts["03"])]),
        ("a new commune", [("put", "xa.txt", _variant(ward, "e" * 64, "xa.txt", id="901-CTr/ĐU",
                                                      number="901-CTr/ĐU"))]),
        ("a fuller copy of 03/NQ-CP is read instead",
         [("put", "03b.md", _variant(exts["03"], "0" * 64, "03b.md")),
          ("put", "03c.md", _variant(exts["03"], "f" * 64, "03c.md", fewer=True))]),
        ("the first copy goes", [("remove", "03.md", None)]),
        ("57-NQ/TW goes", [("remove", "57.md", None)]),
        ("a child is extracted again, now a province document",
         [("put", "xa.txt", _variant(ward, "e" * 64, "xa.txt", id="901-CTr/ĐU", number="901-CTr/ĐU",
                                     level="province"), "test-1b")]),
        ("57-NQ/TW comes back, and a ward of unknown level", [
            ("put", "57.md", exts["57"]),
            ("put", "w2.txt", _variant(ward, "d" * 64, "w2.txt", id=None, number=None, level="unknown"))]),
    ]
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        pairs: set[tuple[str, str]] = set()
        for what, changes in steps:
            for op, name, ext, *version in changes:
                if op == "put":
                    st.put(f"corpus/{name}", 1, 1, version[0] if version else VERSION, ext)
                else:
                    st.remove_file(f"corpus/{name}")
            d = delta(st, st.current_shas(), VERSION)
            if d is None:  # the first publish plans every document
                want, missing = _full(st)
                pairs = want
                settle(st, None, VERSION, load_docs(st, st.current_shas()))
                continue
            planned, kids, view = planned_pairs(st, d)
            gone = d.changed - d.current
            pairs = {p for p in pairs if p[0] not in d.children and p[1] not in gone} | set(planned)
            update_missing_parents(st, d, kids, view)
            want, missing = _full(st)
            assert pairs == want, what
            assert st.missing_parents() == missing, what
            assert d.changed <= d.children <= d.current | d.changed, what
            settle(st, d, VERSION)
        assert delta(st, st.current_shas(), VERSION).changed == set()  # nothing changed since: nothing planned
        parents = {p for _, p in pairs}
        assert len(pairs) >= 5 and "0" * 64 in parents and "f" * 64 not in parents  # the fuller copy is read


def test_a_new_child_plans_its_own_pairs_only(exts, tmp_path):
    from pipeline.incremental import load_docs
    from pipeline.plan_delta import delta, settle
    from pipeline.store import Store

    with Store(tmp_path / "s.sqlite", writer=True) as st:
        for key in ("ward", "57", "03", "bn"):
            st.put(f"corpus/{key}", 1, 1, VERSION, exts[key])
        settle(st, None, VERSION, load_docs(st, st.current_shas()))
        new = _variant(exts["ward"], "e" * 64, "xa.txt", id="902-CTr/ĐU", number="902-CTr/ĐU")
        st.put("corpus/xa.txt", 1, 1, VERSION, new)
        d = delta(st, st.current_shas(), VERSION)
        assert d is not None and d.changed == {new.document} and d.children == {new.document}
        assert delta(st, st.current_shas(), "test-2") is None  # another pipeline version plans every pair
