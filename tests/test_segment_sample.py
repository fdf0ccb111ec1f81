"""The hand-checked sample: 65 tasks, 19 targets with metric checks, 6 responsibilities."""

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.segment import evaluate, segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/data/gold/000_a9ef7522b32975cc.gold.json").read_text(encoding="utf-8"))
SAMPLES = [ROOT / f"corpus/000_a9ef7522b32975cc.{ext}" for ext in ("txt", "docx", "pdf")]


@pytest.fixture(scope="module", params=SAMPLES, ids=["txt", "docx", "pdf"])
def seg(request):
    return segment(ingest(request.param))


def test_task_counts_per_heading(seg):
    assert len(seg.tasks) == 65
    assert dict(Counter(t.path[-1] for t in seg.tasks)) == GOLD["tasks"]["per_heading"]


def test_page_breaks_rejoined(seg):
    texts = " ".join(t.text for t in seg.tasks)
    for words in ("không ngừng nâng cao trình độ", "Nhân dân; chủ động nắm chắc",
                  "kết hợp hài hòa với việc chỉnh trang", "Phát triển các vùng sản xuất hàng hóa"):
        assert words in texts


def test_targets_and_metrics(seg):
    assert Counter(t.group for t in seg.targets) == Counter(GOLD["targets"]["groups"])
    report = evaluate(seg, GOLD)
    assert report["metrics"]["recall"] == 1.0, report
    b4 = [t for t in seg.targets if t.group == "b" and t.label == "(4)"]
    assert len(b4) == 1 and b4[0].qualitative
    ids = [t.id for t in seg.targets]
    assert "II/2/b/(4)" in ids and len(set(ids)) == len(ids)


def test_responsibilities(seg):
    assert [r.body for r in seg.responsibilities] == GOLD["responsibilities"]["bodies"]
    assert "chủ trì" in seg.responsibilities[4].roles


def test_meta_and_sections(seg):
    m = seg.meta
    assert (m.doc_type, m.issuer, m.level) == ("CTr", GOLD["meta"]["issuer"], "commune")
    assert GOLD["meta"]["title_contains"] in m.title
    assert m.implements == []
    roles = {s.id: s.role for s in seg.sections}
    assert roles["preamble"] == "preamble" and roles["I"] == "purpose" and roles["II/1"] == "objectives"
    assert roles["II/2"] == "targets" and roles["III"] == "tasks" and roles["IV"] == "implementation"
    assert "closing" in roles.values()  # .docx: the signature table ("Nơi nhận" | "T/M BAN CHẤP HÀNH")
    assert any(d.code == "outline-start" for d in seg.diagnostics)  # group b restarts at (4)


def test_task_provenance(seg):
    t = next(t for t in seg.tasks if t.id == "III/2/2.5/t2")
    assert t.path == ["III", "2", "2.5"] and t.headings[0] == "NHIỆM VỤ CHỦ YẾU"
    assert t.prov.block and t.prov.end > t.prov.start and t.cites == []


def test_evaluate_perfect_on_sample(seg):
    r = evaluate(seg, GOLD)
    assert r["tasks"]["recall"] == r["tasks"]["precision"] == 1.0
    assert r["targets"]["recall"] == r["responsibilities"]["recall"] == 1.0


def test_ids_stable_under_unrelated_edit(tmp_path):
    src = ROOT.joinpath("corpus/000_a9ef7522b32975cc.txt").read_text(encoding="utf-8")
    edited = src.replace("- Hoàn thành tốt nhiệm vụ tuyên quân", "- Hoàn thành xuất sắc nhiệm vụ tuyên quân")
    p = tmp_path / "edited.txt"
    p.write_text(edited, encoding="utf-8")
    a, b = segment(ingest(ROOT / "corpus/000_a9ef7522b32975cc.txt")), segment(ingest(p))
    assert [t.id for t in a.tasks] == [t.id for t in b.tasks]
    assert [t.id for t in a.targets] == [t.id for t in b.targets]
