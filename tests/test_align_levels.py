"""Level of a guidance's parallel branches, wrapped heading titles, and what 'fills' a document.

The Quảng Ninh front guidance (development parent of tests/data/align/labels_p2c.tsv) states each step
twice: branch A for the National Assembly election, branch B for the People's Councils. The xã Lương
Minh plan for its second consultation conference (the development child) carries out branch B."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDANCE = (ROOT / "tests/data/align/docs"
            / "province_QuangNinh_HD-MTTQ-BTT_2025-11_quy-trinh-hiep-thuong-UBMTTQ-cac-cap_du-thao.docx")
COMMUNE = (ROOT / "tests/data/realshapes/docs"
           / "commune_xaLuongMinh-QuangNinh_KH-MTTQ-BTT_2026-01_hn-hiep-thuong-lan-2.docx")


@pytest.fixture(scope="module")
def front():
    from pipeline.extract import extract_file

    return extract_file(GUIDANCE), extract_file(COMMUNE)


def test_wrapped_heading_keeps_its_second_line(front):
    guidance, _ = front
    titles = {s.id: s.title for s in guidance.sections}
    # "A. ĐỐI VỚI VIỆC HIỆP THƯƠNG," and "GIỚI THIỆU NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI" are two paragraphs
    assert titles["3/A"].endswith("ĐẠI BIỂU QUỐC HỘI"), titles["3/A"]
    assert titles["3/B"].endswith("ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN"), titles["3/B"]
    # a title already whole is left alone, and a section's own sub-heading is not glued to it
    assert titles["4/A"] == "ĐỐI VỚI NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI"
    assert not any("THÀNH PHẦN HỘI NGHỊ" in t for k, t in titles.items() if k.count("/") == 1)


def test_branch_level_from_titles():
    from pipeline.align.evidence import branch_level

    assert branch_level("ĐỐI VỚI VIỆC HIỆP THƯƠNG, GIỚI THIỆU NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI") == "central"
    assert branch_level("ĐỐI VỚI NGƯỜI ỨNG CỬ ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN") == "local"
    assert branch_level("XÁC MINH ... ĐỐI VỚI NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI, ĐẠI BIỂU HỘI ĐỒNG NHÂN DÂN") is None
    assert branch_level("NỘI DUNG, TRÌNH TỰ, THỦ TỤC") is None


def test_commune_plan_matches_its_own_branch(front):
    from pipeline.align import align
    from pipeline.align.core import task_indices
    from pipeline.align.sections import other_level

    guidance, commune = front
    pts = [guidance.tasks[i] for i in task_indices(guidance)]
    off = other_level(guidance, pts, commune.meta.level)
    flagged = {t.section.split("/")[1] for t, o in zip(pts, off, strict=True) if o and "/" in t.section}
    # the National Assembly branches of every step, and step 4's "D. ĐIỀU CHỈNH LẦN THỨ HAI ... SỐ LƯỢNG NGƯỜI
    # ỨNG CỬ ĐẠI BIỂU QUỐC HỘI" (the Standing Committee's adjustment): nothing of the People's Councils
    assert flagged == {"A", "D"}, flagged
    assert not any(o for t, o in zip(pts, off, strict=True) if t.section.startswith(("3/B", "4/B", "5/B")))
    # the same guidance read for a central child: the People's Council branches are the other level
    central = other_level(guidance, pts, "central")
    assert any(o for t, o in zip(pts, central, strict=True) if t.section.startswith("3/B"))

    rep = align(commune, guidance)
    # the child's People's Council standard is best matched with the guidance's, not the National Assembly's
    std = max(((p, m) for p in rep.pairs for m in p.matches if m.text.startswith("- Tiêu chuẩn của đại biểu Hội đồng")),
              key=lambda pm: pm[1].score)
    assert "Hội đồng nhân dân" in std[0].parent_text and std[1].klass == "match"
    other = {t.id for t, o in zip(pts, off, strict=True) if o}
    khop = [(p.parent_task, m.text[:40]) for p in rep.pairs for m in p.matches if m.klass == "match"]
    assert len(khop) >= 5 and not [k for k in khop if k[0] in other], khop


def test_a_plan_without_parallel_branches_is_left_alone():
    from pipeline.align.core import task_indices
    from pipeline.align.sections import other_level
    from pipeline.extract import extract_file

    parent = extract_file(ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md")
    pts = [parent.tasks[i] for i in task_indices(parent)]
    assert not any(other_level(parent, pts, "commune"))


def test_two_items_do_not_fill_a_document():
    from pipeline.align.text import TfIdf

    a = ["cải cách hành chính và chuyển đổi số", "phát triển nông thôn mới"]
    a += [f"nhiệm vụ thi đua số {i}" for i in range(11)]
    b = ["đẩy mạnh cải cách hành chính", "xây dựng nông thôn mới"]
    b += [f"phong trào thi đua yêu nước {i}" for i in range(10)]
    m = TfIdf(a + b, sides=[a, b])
    assert m.df_share("cải_cách") > 0.05
    assert not m.fills("cải_cách", 0.05, 3)  # one item of each: it tells those two apart
    assert m.fills("thi_đua", 0.5, 3)  # every item of both: it says nothing about a pair


def test_eval_align_help_runs_nothing():
    out = subprocess.run([sys.executable, str(ROOT / "scripts/eval_align.py"), "--help"], capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0 and "--dev" in out.stdout
    assert "labelled rows" not in out.stdout and "== TEST" not in out.stdout  # nothing was scored
