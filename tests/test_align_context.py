"""A child task's context (its document's title and headings) decides khớp when the words fit two places.

The Quảng Ninh front guidance (development parent, tests/data/align/labels_p2c.tsv) states the order of
business of the workplace voters' conference (step two); the xã Lương Minh plan for the conferences of
voters at the place of residence (development child, carrying out step four) copies that order word for
word. The copy is for a person to check ("cần xem"), not khớp; the plan's own step-four items stay khớp."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDANCE = (ROOT / "tests/data/align/docs"
            / "province_QuangNinh_HD-MTTQ-BTT_2025-11_quy-trinh-hiep-thuong-UBMTTQ-cac-cap_du-thao.docx")
RESIDENCE = (ROOT / "tests/data/realshapes/docs"
             / "commune_xaLuongMinh-QuangNinh_KH-MTTQ-BTT_2026-01-12_hn-lay-y-kien-cu-tri.docx")


@pytest.fixture(scope="module")
def scored():
    from pipeline.align.core import score
    from pipeline.extract import extract_file

    guidance, plan = extract_file(GUIDANCE), extract_file(RESIDENCE)
    return guidance, plan, score(plan, guidance)


def _child(plan, start: str) -> int:
    return next(j for j, t in enumerate(plan.tasks) if t.text.lstrip("-+ ").startswith(start))


def test_copied_order_of_business_is_not_khop(scored):
    guidance, plan, sc = scored
    j = _child(plan, "3.2. Thư ký hội nghị đọc tiểu sử tóm tắt")
    got = [(guidance.tasks[i].section, k) for (i, jj), k in sc.classes.items() if jj == j]
    assert got, "the copy is still shown"
    # step two's order of business (section 2/...) matches the words, not the conference the plan is for
    assert all(k == "review" for s, k in got if s.startswith("2/")), got


def test_own_step_stays_khop(scored):
    guidance, plan, sc = scored
    j = _child(plan, "Hội nghị cử tri nơi cư trú được tổ chức theo hình thức")
    # pairs, not a dict by section: two parent tasks of step four share the section 4/B/3
    got = [(guidance.tasks[i].section, k) for (i, jj), k in sc.classes.items() if jj == j]
    assert any(s.startswith("4/B") and k == "match" for s, k in got), got

