"""Alignment on real extractions: Bắc Ninh 144/KH-UBND vs 03/NQ-CP (development labels), the sample
ward programme vs 57-NQ/TW, stability when unrelated documents join the store, targets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

UNRELATED = ["tests/data/real/laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt",
             "tests/data/real/laocai_KH-UBND_2026_trien-khai-11-CT-TU-khoang-san_draft-unnumbered.docx",
             "tests/data/real/quangninh_HD-MTTQ-BTT_2025-11_huong-dan-hiep-thuong_draft.docx",
             "tests/data/real/commune_luongminh-QN_16-KH-MTTQ-BTT_2025-11-18_KH-cong-tac-bau-cu.docx",
             "tests/data/real/CV-2265-BCT-ATMT-trien-khai.pdf"]


@pytest.fixture(scope="module")
def docs():
    from test_graph import corpus

    exts, reps = corpus()
    by = {e.meta.id: e for e in exts if e.meta.id}
    return by, exts, reps


@pytest.fixture(scope="module")
def bacninh(docs):
    from pipeline.align import align

    by, exts, _ = docs
    return align(by["144/KH-UBND"], by["03/NQ-CP"], corpus=exts)


def test_bacninh_vs_03_structure(docs, bacninh):
    from pipeline.align import AlignmentReport

    by, _, _ = docs
    rep = bacninh
    assert isinstance(rep, AlignmentReport)
    assert rep.pairs and rep.local is not None and rep.sections
    parent = by["03/NQ-CP"]
    assert len(rep.pairs) + len(rep.gaps) == rep.stats["parent_tasks"] <= len(parent.tasks)
    assert all(m.score >= rep.cutoffs["review"] for p in rep.pairs for m in p.matches)
    assert all((m.klass == "match") == (m.reasons.task_number is not None or (
        m.score >= rep.cutoffs["match"] and not m.reasons.template_only and m.reasons.better_parent is None))
        for p in rep.pairs for m in p.matches)
    # a pair left at "cần xem" because its child task resembles another parent task more names that task
    second = [m for p in rep.pairs for m in p.matches if m.reasons.better_parent]
    assert second and all(m.klass == "review" for m in second)
    assert {m.reasons.better_parent for m in second} <= {t.id for t in parent.tasks}
    # a sandbox task of Bắc Ninh carries out 03/NQ-CP's pilot-mechanism scheme
    sandbox = [p for p in rep.pairs if "cơ chế thí điểm" in p.parent_text[:60]]
    assert sandbox and any("sandbox" in m.text for p in sandbox for m in p.matches)
    rep.model_dump(mode="json")


def test_group_headings_are_never_tasks(bacninh):
    texts = [m.text for p in bacninh.pairs for m in p.matches] + [t.text for t in bacninh.local]
    assert not any("Thương mại, công nghiệp và năng lượng" in t and len(t) < 60 for t in texts)
    assert bacninh.stats["headings_skipped"] >= 1


def test_default_path_is_model_free(bacninh, monkeypatch):
    from pipeline.align import semantic

    monkeypatch.delenv(semantic.ENV, raising=False)
    assert not semantic.enabled()
    assert all(m.reasons.semantic is None for p in bacninh.pairs for m in p.matches)


def test_semantic_rule_takes_the_nearest_text_from_either_side(monkeypatch):
    """The optional model's rule, on given vectors (the model itself is an optional extra)."""
    import numpy as np

    from pipeline.align import semantic

    vec = {"p0": [1, 0, 0], "p1": [0, 1, 0], "p2": [0, 0, 1],
           "c0": [0.99, 0.14, 0], "c1": [0.95, 0.31, 0], "c2": [0, 0.6, 0.8]}
    monkeypatch.setattr(semantic, "embed", lambda texts: np.array([vec[t] for t in texts], dtype=float))
    got = semantic.nearest_pairs(["p0", "p1", "p2"], ["c0", "c1", "c2"], min_cosine=0.9)
    # c1's nearest parent is p0 although p0's nearest child is c0: both are proposed;
    # p1 and p2 have no child above the cut (0.6, 0.8) and get nothing
    assert set(got) == {(0, 0), (0, 1)}
    assert got[(0, 1)] == 0.95
    assert semantic.nearest_pairs([], ["c0"]) == {}


def test_every_pair_has_evidence_a_person_accepts(bacninh):
    from pipeline.align.text import concept_map

    concepts = {c[0].lstrip("~").replace("_", " ") for c in concept_map()}
    for p in bacninh.pairs:
        for m in p.matches:
            r = m.reasons
            assert r.terms or r.citations or r.task_number or r.semantic, (p.parent_text[:60], m.text[:60])
            for t in r.terms:  # never a single letter or a single syllable; a reviewed concept is fine
                assert " " in t or t in concepts, t


def test_khop_needs_more_than_template_phrases(bacninh):
    """A khớp pair shares a citation, the task number, or a term that is rare in programme prose;
    a pair whose shared terms are all phrases every plan repeats is at most cần xem."""
    from pipeline.align.core import pair_model
    from pipeline.align.evidence import distinctive, distinctive_evidence

    assert not distinctive("chuyển_đổi+số") and not distinctive("doanh_nghiệp")  # in most programmes
    assert distinctive("bản_sắc+dân_tộc")
    by_text = {}
    khop = 0
    for p in bacninh.pairs:
        for m in p.matches:
            if m.klass == "match":
                khop += 1
                by_text[(p.parent_text, m.text)] = bool(m.reasons.citations or m.reasons.task_number)
    assert khop >= 5
    from test_graph import corpus

    exts, _ = corpus()
    by = {e.meta.id: e for e in exts if e.meta.id}
    model = pair_model(by["144/KH-UBND"], by["03/NQ-CP"])
    assert all(cited or distinctive_evidence(model, pt, ct) for (pt, ct), cited in by_text.items())


def test_central_leads_are_the_upper_levels_own_tasks(docs, bacninh):
    upper = [g for g in bacninh.gaps if g.status == "upper_level"]
    assert upper and all(g.lead and "bộ" in g.lead.lower() or "Văn phòng" in (g.lead or "") for g in upper[:20])
    # a task led by "Các bộ, ngành, địa phương" is shared with the province: a gap, never the upper level's
    assert not [g for g in upper if "địa phương" in (g.lead or "")]
    # lead agency beside parent tasks, the body copy borrowing its appendix twin's lead
    assert sum(1 for p in bacninh.pairs if p.parent_lead) > len(bacninh.pairs) // 2


def test_dev_labels_classes(docs):
    from eval_align import ADDED, PAIRS, evaluate_alignment

    by, _, _ = docs
    ex = {k: by[k] for k in ("57-NQ/TW", "03/NQ-CP", "144/KH-UBND")}
    res = evaluate_alignment(extractions=ex, paths=(PAIRS, ADDED))
    assert res["resolved"] >= 67
    assert res["P_khop"] >= 0.9
    assert res["R_both"] >= 0.75


def test_scores_do_not_move_when_unrelated_documents_join(docs):
    """Five unrelated documents added to what the store holds: every pair's class, every gap's status and
    every target verdict stays."""
    from eval_align import _signature

    from pipeline.align import align_corpus
    from pipeline.extract import extract_file

    _, exts, reps = docs
    extra = [extract_file(ROOT / f) for f in UNRELATED]
    assert len(extra) == 5
    more = {(r.child.sha256, r.parent.sha256): r for r in align_corpus(exts + extra)}
    for r in reps:
        assert _signature(more[(r.child.sha256, r.parent.sha256)]) == _signature(r), (r.child.name, r.parent.name)


def test_ward_vs_57_missing_parent_said_out_loud(docs):
    from pipeline.align import missing_parents
    from pipeline.catalogue import build_catalogue
    from pipeline.query import render_alignment

    _, exts, reps = docs
    ward = next(e for e in exts if e.source["name"].startswith("000_"))
    missing = [m for m in missing_parents(exts) if m.child.sha256 == ward.document]
    assert [m.parent_id for m in missing] == ["17-CTr/TU"]
    assert "chưa có trong kho" in missing[0].message and "Hãy thêm" in missing[0].message
    rep = next(r for r in reps if r.child.sha256 == ward.document and r.parent.id == "57-NQ/TW")
    assert rep.missing_parents and rep.missing_parents[0].parent_id == "17-CTr/TU"
    text = render_alignment(rep.model_dump(mode="json"))
    assert "17-CTr/TU" in text and "chưa có trong kho" in text
    only = {"child": rep.child.model_dump(), "parent": None,
            "missing_parents": [m.model_dump(mode="json") for m in missing]}
    assert "Hãy thêm văn bản 17-CTr/TU" in render_alignment(only)
    cat = build_catalogue(exts, {}, [], reps, [])
    assert [m.parent_id for m in cat.missing_parents if m.child.sha256 == ward.document] == ["17-CTr/TU"]
    # a ward is not asked to reach national rankings
    assert not [t for t in rep.targets if t.verdict == "missing_in_child" and "Đông Nam Á" in (t.parent_text or "")]


def test_ward_pairs_share_more_than_common_words(docs):
    _, exts, reps = docs
    ward = next(e for e in exts if e.source["name"].startswith("000_"))
    for rep in (r for r in reps if r.child.sha256 == ward.document):
        for p in rep.pairs:
            for m in p.matches:
                assert m.reasons.terms or m.reasons.citations
                assert set(m.reasons.terms) - {"an ninh", "người dân"}, (p.parent_text[:50], m.text[:50])
                # words every programme repeats ("cán bộ", "chỉ đạo", "công nghiệp") never make a pair alone
                assert m.reasons.citations or not m.reasons.template_only, (p.parent_text[:50], m.text[:50])
                assert not set(m.reasons.terms) <= {"cán bộ", "công nghiệp", "sản phẩm", "thu hút", "nhân lực",
                                                    "hành chính", "an toàn", "trách nhiệm"}


def test_concepts_join_wordings_and_keep_fixed_phrases_apart():
    from pipeline.align.text import concepts

    _, a = concepts("thu hút nhân lực chất lượng cao")
    _, b = concepts("thu hút các chuyên gia, nhà khoa học")
    assert set(a) & set(b)
    rest, found = concepts("thành lập quỹ đầu tư mạo hiểm")
    assert "mạo hiểm" not in rest and found


def _target(text, value=None, comparator=">", unit="%", deadline=2030,
            indicator="Tỷ lệ dân số trưởng thành có chữ ký số"):
    from pipeline.records import Metric, Prov, Target

    prov = Prov(file="x", sha256="0", block="b1", start=0, end=10)
    ms = [] if value is None else [Metric(value=float(value), unit=unit, comparator=comparator, deadline=deadline,
                                          indicator=indicator, text=text, start=0, end=len(text))]
    return Target(id=text[:5], section="II", text=text, metrics=ms, prov=prov)


def test_target_verdicts():
    from pipeline.align import compare_target

    parent = _target("Tỷ lệ dân số trưởng thành có chữ ký số đạt trên 55%", 55)
    assert compare_target(_target("... đạt trên 50%", 50), parent).verdict == "weaker"
    assert compare_target(_target("... đạt trên 60%", 60), parent).verdict == "stronger"
    assert compare_target(_target("... đạt tối thiểu 55%", 55, ">="), parent).verdict == "equal"
    # another deadline is another indicator: 2030 is not weaker than a 2045 aim
    other = compare_target(_target("... đạt 50% vào năm 2030", 50), _target("... 60% năm 2045", 60, deadline=2045))
    assert other.verdict == "not_comparable" and "2045" in other.reason
    assert compare_target(_target("... 10 người", 10, unit="người"), parent).verdict == "not_comparable"


def test_using_and_processing_online_services_are_different_indicators():
    """Reviewed indicator kinds (pipeline/data/align_indicators.tsv): people using online public services
    and applications processed online share their words but are never compared."""
    from pipeline.align import compare_target
    from pipeline.records import Prov, Target
    from pipeline.segment.metrics import parse

    def _target(text, _value):
        return Target(id=text[:5], section="II", text=text, metrics=parse(text, 2030),
                      prov=Prov(file="x", sha256="0", block="b1", start=0, end=10))

    use = _target("Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên 80%", 80)
    done = compare_target(_target("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt trên 80%", 80), use)
    assert done.verdict == "not_comparable" and "khác chỉ tiêu" in done.reason
    same = compare_target(_target("Tỷ lệ người dân sử dụng dịch vụ công trực tuyến đạt 70%", 70), use)
    assert same.verdict == "weaker"
    # the kinds apply only to targets about public services
    assert compare_target(_target("Tỷ lệ chất thải được xử lý đạt 80%", 80),
                          _target("Tỷ lệ sử dụng chất thải đạt 80%", 80)).verdict == "equal"


def test_compound_targets_split_per_number_with_shared_words():
    from pipeline.align.targets import units
    from pipeline.records import Prov, Target
    from pipeline.segment.metrics import parse

    text = "Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP, trong đó kinh phí từ xã hội chiếm hơn 60%"
    t = Target(id="x", section="II", text=text, metrics=parse(text, 2030),
               prov=Prov(file="x", sha256="0", block="b1", start=0, end=10))
    us = units(t)
    assert [u.unit for u in us] == ["% gdp", "%"]
    assert all("Kinh phí chi cho nghiên cứu phát triển" in u.indicator for u in us)
    assert "xã hội" in us[1].indicator and "xã hội" not in us[0].indicator


def test_units_are_canonical():
    from pipeline.segment.metrics import canonical_unit, parse

    (m,) = parse("Số nhân lực nghiên cứu đạt 12 người/vạn dân")
    assert canonical_unit(m.unit, m.period) == "người/vạn dân"
    (m,) = parse("Tốc độ tăng trưởng kinh tế số đạt 15%/năm")
    assert canonical_unit(m.unit, m.period) == "%/năm"
    assert canonical_unit("% GRDP") == canonical_unit("% GDP")


def test_task_numbers_and_levels_from_reviewed_patterns():
    from pipeline.align.evidence import central_lead, national_scope, parent_number, task_numbers
    from pipeline.records import Prov, Task

    assert task_numbers("Thực hiện nhiệm vụ số 12 tại Phụ lục II Nghị quyết 03/NQ-CP") == {"12"}
    row = Task(id="PLII/T1/VII/136", section="PLII", path=["VII"], headings=[], marker="136", text="Xây dựng ...",
               prov=Prov(file="x", sha256="0", block="b1", start=0, end=10))
    assert parent_number(row) == "136"
    assert central_lead("Bộ Khoa học và Công nghệ") and central_lead("Văn phòng Chính phủ")
    assert not central_lead("Các bộ, ngành, địa phương") and not central_lead("Ủy ban nhân dân tỉnh")
    assert national_scope("Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á")
    assert not national_scope("Tỷ lệ hồ sơ giải quyết đúng hạn của tỉnh đạt 95%")


def _reference(model, a, b):
    """The three signals computed term by term with dictionaries, as the first version did."""
    import math
    from collections import Counter

    import numpy as np

    from pipeline.align.signals import K1, B
    from pipeline.align.text import char_grams, normalize, terms

    def unit(v):
        n = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / n for t, x in v.items()}

    def dense(vecs, index):
        m = np.zeros((len(vecs), len(index)))
        for i, v in enumerate(vecs):
            for t, x in v.items():
                if t in index:
                    m[i, index[t]] = x
        return m

    def cos(va, vb):
        idx = {t: i for i, t in enumerate(sorted(set().union(*va) & set().union(*vb)))}
        return dense(va, idx) @ dense(vb, idx).T

    def gram(t):
        g = char_grams(normalize(t))
        return unit({k: (1 + math.log(c)) * model.gram_idf.get(k, 1.0) for k, c in g.items()})

    def bm(t):
        tf = Counter(terms(normalize(t)))
        norm = K1 * (1 - B + B * sum(tf.values()) / model.avg_len)
        q = {x: model.bm25_idf.get(x, model.bm25_default) for x in tf}
        return q, {x: q[x] * c * (K1 + 1) / (c + norm) for x, c in tf.items()}

    tf = cos([model.vector(t) for t in a], [model.vector(t) for t in b])
    pa, pb = [bm(t) for t in a], [bm(t) for t in b]
    idx = {t: i for i, t in enumerate(sorted(set().union(*(q for q, _ in pa)) & set().union(*(q for q, _ in pb))))}
    both = (dense([q for q, _ in pa], idx) @ dense([d for _, d in pb], idx).T
            + dense([d for _, d in pa], idx) @ dense([q for q, _ in pb], idx).T) / 2
    sa = np.array([sum(q[t] * d[t] for t in q) for q, d in pa])
    sb = np.array([sum(q[t] * d[t] for t in q) for q, d in pb])
    den = np.sqrt(np.outer(sa, sb))
    bm25 = np.divide(both, den, out=np.zeros_like(both), where=den > 0)
    return (tf + bm25 + cos([gram(t) for t in a], [gram(t) for t in b])) / 3, tf


def test_cached_vector_signals_equal_the_dictionary_computation(docs):
    """The id/array caches of signals.py (issue 15 speed) give the same matrices bit for bit, on a
    first call and on a warm one, also when the two sides ask for different texts in turn."""
    import numpy as np

    from pipeline.align.core import pair_model
    from pipeline.align.signals import similarity

    by, _, _ = docs
    child, parent = by["144/KH-UBND"], by["03/NQ-CP"]
    model = pair_model(child, parent)
    a, b = [t.text for t in parent.tasks[:60]], [t.text for t in child.tasks[:45]]
    want = _reference(model, a, b)
    for _ in range(2):
        got = similarity(model, a, b)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    got = similarity(model, b[10:], a[:20])  # other texts first in the id space
    assert np.array_equal(got[0], _reference(model, b[10:], a[:20])[0])


def test_signal_caches_started_afresh_give_the_same_scores(docs, monkeypatch):
    """A process's text arrays (signals.Texts) are started afresh once they hold too much: a model made
    after that, and the models made before it, still score the same as one made with a warm cache."""
    import numpy as np

    from pipeline.align import signals
    from pipeline.align.text import TfIdf

    by, _, _ = docs
    child, parent = by["144/KH-UBND"], by["03/NQ-CP"]
    a, b = [t.text for t in parent.tasks[:40]], [t.text for t in child.tasks[:30]]

    def fresh() -> TfIdf:  # as core.pair_model makes it, without its cache
        sides = [[t.text for t in e.tasks] + [t.text for t in e.targets] for e in (child, parent)]
        return TfIdf([t.text for e in (child, parent) for t in e.tasks] + [t.text for e in (child, parent)
                                                                          for t in e.targets], sides=sides)

    warm = fresh()
    want = signals.similarity(warm, a, b)
    monkeypatch.setattr(signals.Texts, "TEXTS", 5)  # every new model starts a new Texts
    first = fresh()
    got1 = signals.similarity(first, a, b)
    second = fresh()
    got2 = signals.similarity(second, a, b)
    assert first.signal_cache["texts"] is not second.signal_cache["texts"]
    assert np.array_equal(got1[0], want[0]) and np.array_equal(got1[1], want[1])
    assert np.array_equal(got2[0], want[0])
    assert np.array_equal(signals.similarity(first, a, b)[0], want[0])  # the older model, after the switch
