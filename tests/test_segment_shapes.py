"""Realistic shapes written for these tests (tests/data/shapes) and a fuzz of outline markers."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.ingest import ingest
from pipeline.segment import segment

SHAPES = Path(__file__).resolve().parent / "data" / "shapes"


def test_plan_with_alpha_items_and_plus_bullets():
    s = segment(ingest(SHAPES / "ke_hoach_alpha_plus.txt"))
    assert (s.meta.doc_type, s.meta.number, s.meta.level, s.meta.date) == ("KH", "", "province", "2026-05-12")
    ids = [t.id for t in s.tasks]
    # Choice: a "-" bullet that has "+" children is a heading; each "+" is its own task and keeps
    # the bullet's words in its heading chain. A "-" without children is one task.
    assert ids == ["II/1/a", "II/1/b", "II/1/đ", "II/2/a/t1/t1", "II/2/a/t1/t2", "II/2/a/t2", "II/2/b"]
    plus = s.tasks[3]
    assert plus.marker == "+" and plus.headings[-1].startswith("Phủ sóng di động 5G")
    a = s.tasks[0]
    assert (a.lead, a.partners, a.deadline) == ("Sở Tư pháp", ["Sở Khoa học và Công nghệ"], "quý II/2026")
    assert s.tasks[2].path[-1] == "1" and s.tasks[2].marker == "đ)"  # đ) is not d)
    assert [r.body for r in s.responsibilities] == ["Sở Khoa học và Công nghệ", "Các sở, ban, ngành"]
    assert not any("Lưu" in t.text for t in s.tasks)  # closing furniture is not content


def test_resolution_with_inline_targets():
    s = segment(ingest(SHAPES / "nghi_quyet_inline.md"))
    assert (s.meta.doc_type, s.meta.number, s.meta.level) == ("NQ", "12-NQ/TU", "province")
    got = [(m.value, m.unit, m.comparator, m.deadline) for t in s.targets for m in t.metrics]
    assert got == [(20, "% GRDP", ">=", 2030), (90, "%", ">", 2030), (100, "doanh nghiệp", ">=", 2030),
                   (0, None, "=", 2030), (35, "% GRDP", ">", 2045)]
    assert len(s.tasks) == 3 and len(s.responsibilities) == 2


def test_document_without_targets():
    s = segment(ingest(SHAPES / "bao_cao_no_targets.txt"))
    assert s.targets == []
    assert [t.id for t in s.tasks] == ["II/1/t1", "II/1/t2", "II/2/t1"]
    assert s.meta.level == "commune" and s.meta.issuer == "Đảng ủy xã Tân Lập"
    assert [r.body for r in s.responsibilities] == ["Văn phòng Đảng ủy"]


def test_broken_numbering_gives_sound_tree_and_diagnostics():
    s = segment(ingest(SHAPES / "broken_numbering.txt"))
    assert [t.id for t in s.targets] == ["I/2/a/(1)", "I/2/a/(3)", "I/2/b/(1)", "I/2/b/(1)~2"]
    assert [t.group for t in s.targets] == ["a", "a", "b", "b"]
    assert [t.id for t in s.tasks] == ["III/1/t1", "III/3/t1", "III/3/a", "III/3/1.1"]
    codes = sorted(d.code for d in s.diagnostics)
    assert "outline-restart" in codes and codes.count("outline-skip") >= 2
    assert len(s.responsibilities) == 1


MARKERS = ["I.", "II-", "III.", "1.", "2.", "1.1.", "1.6.1.", "a)", "b,", "đ)", "(1)", "(4)", "-", "+", "•",
           "PHẦN I", "PHỤ LỤC", "Nơi nhận:", "# ", "## ", "NHIỆM VỤ", "MỤC TIÊU, CHỈ TIÊU", "TỔ CHỨC THỰC HIỆN",
           "Chỉ tiêu", "T/M", ""]
WORDS = ["Xây dựng chính quyền", "đạt 95% trở lên", "Sở Tài chính chủ trì", "đến năm 2030",
         "hoàn thành trong quý II/2026", "không còn hộ nghèo", "trên 55%", "| a | b |"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MARKERS), st.sampled_from(WORDS), st.booleans()), min_size=1, max_size=30))
def test_fuzz_outline_never_crashes_nor_loses_blocks(tmp_path_factory, lines):
    text = "\n".join(f"{m} {w}".strip() + ("\n" if blank else "") for m, w, blank in lines)
    p = tmp_path_factory.mktemp("fz") / "doc.md"
    p.write_text(text, encoding="utf-8")
    try:
        doc = ingest(p)
        s = segment(doc)
    except PipelineError:
        return
    covered = set()
    for sec in s.sections:
        covered.update([sec.prov.block, *sec.prov.blocks])
    for rec in [*s.tasks, *s.targets, *s.responsibilities]:
        covered.update([rec.prov.block, *rec.prov.blocks])
    from pipeline.segment import units
    landed = {b.id for u in units.build(doc) for b in u.blocks}
    body = {b.id for b in doc.body if b.normalized.strip()}
    assert body <= landed  # every body block is in a unit of the outline
    assert covered <= {b.id for b in doc.blocks}


def test_a_phone_number_in_a_task_is_no_quantity():
    """Found when continuation paragraphs joined their bullet: a contact line under a task
    (quangninh guidance, tests/data/real) crashed the metric reader."""
    from pipeline.segment.metrics import parse

    assert parse("Liên hệ đồng chí Trưởng ban, số điện thoại 0936.828.858 để phối hợp.") == []
    assert [m.value for m in parse("Phấn đấu đạt 1.250 hội viên và 95% hộ gia đình.")] == [1250, 95]
