"""CSV/XLSX tables and the Word alignment report open in their readers with the expected rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.catalogue import build_catalogue
from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


def _parent() -> Path:
    (hit,) = sorted((ROOT / "corpus" / "real").glob("central_57-NQ-TW*.md"))  # committed; exactly one
    return hit


@pytest.fixture(scope="module")
def extractions():
    return [extract_file(SAMPLE), extract_file(_parent())]


@pytest.fixture(scope="module")
def alignment(extractions):
    from pipeline.align import align

    return align(extractions[0], extractions[1], corpus=extractions).model_dump(mode="json")


@pytest.fixture(scope="module")
def cat(extractions, alignment):
    return build_catalogue(extractions, paths={}, links=[], alignments=[alignment], failures=[])


def _csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "no BOM: Excel would garble Vietnamese"
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: _plain(v) for k, v in r.items()} for r in csv.DictReader(f)]


def _plain(v: str) -> str:
    """A cell as written before the spreadsheet guard: "'- text" was "- text" (see pipeline.sanitize)."""
    return v[1:] if v[:1] == "'" and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v


def test_csv_tables(cat, tmp_path):
    from pipeline.export.tables import write_tables

    written = write_tables(cat, tmp_path)
    assert {p.name for p in written} == {"tasks.csv", "targets.csv", "directives.csv", "catalogue.xlsx"}
    tasks, targets, dirs = (_csv(tmp_path / n) for n in ("tasks.csv", "targets.csv", "directives.csv"))
    assert len(tasks) == sum(len(d.tasks) for d in cat.documents)
    assert len(targets) == sum(len(d.targets) for d in cat.documents)
    assert len(dirs) == len(cat.directives)
    assert {t["text"] for t in tasks} == {t.text for d in cat.documents for t in d.tasks}
    assert any(r["id"] == "57-NQ/TW" for r in dirs)
    first = next(r for r in targets if r["value"])
    assert float(first["value"]) > 0 and first["comparator"] in (">=", ">", "<=", "<", "=", "")
    assert not list(tmp_path.glob(".*.tmp"))


def test_xlsx_workbook(cat, alignment, tmp_path):
    from openpyxl import load_workbook

    from pipeline.export.tables import write_tables

    write_tables(cat, tmp_path)
    wb = load_workbook(tmp_path / "catalogue.xlsx", read_only=False)
    # a workbook for people: sheets, headers and values in Vietnamese (the CSV keep machine names)
    assert wb.sheetnames == ["Văn bản", "Nhiệm vụ", "Chỉ tiêu", "Văn bản được dẫn", "Đối chiếu"]
    counts = {"Văn bản": len(cat.documents), "Nhiệm vụ": sum(len(d.tasks) for d in cat.documents),
              "Chỉ tiêu": sum(len(d.targets) for d in cat.documents), "Văn bản được dẫn": len(cat.directives)}
    for name, n in counts.items():
        ws = wb[name]
        assert ws.max_row - 1 == n, name
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        assert ws.column_dimensions["A"].width >= 8
    assert [c.value for c in wb["Nhiệm vụ"][1]][:4] == ["Văn bản", "Mã văn bản", "Cấp", "Mã nhiệm vụ"]
    al = wb["Đối chiếu"]
    kinds = [r[2] for r in al.iter_rows(min_row=2, values_only=True)]
    assert kinds.count("nhiệm vụ tương ứng") == sum(max(1, len(p["matches"])) for p in alignment["pairs"])
    assert kinds.count("cấp trên chưa được cụ thể hóa") == len(alignment["gaps"])
    assert kinds.count("nhiệm vụ riêng của cấp dưới") == len(alignment["local"])
    assert kinds.count("so sánh chỉ tiêu") == len(alignment["targets"])
    levels = {r[2] for r in wb["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)}
    assert levels <= {"Trung ương", "Tỉnh, thành phố", "Huyện", "Xã, phường", "Chưa rõ cấp"}
    texts = {r[8] for r in wb["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)}
    assert any("Đảng" in (t or "") for t in texts)


def test_tables_xlsx_optional(cat, tmp_path):
    from pipeline.export.tables import write_tables

    assert [p.name for p in write_tables(cat, tmp_path, xlsx=False)] == ["tasks.csv", "targets.csv", "directives.csv"]


def test_alignment_docx(cat, alignment, tmp_path):
    from docx import Document
    from docx.shared import Cm, Pt

    from pipeline.export.docx import write_alignment_docx

    path = write_alignment_docx(alignment, tmp_path / "a.docx", cat)
    doc = Document(str(path))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21)) < Cm(0.1) and abs(sec.page_height - Cm(29.7)) < Cm(0.1)
    assert abs(sec.left_margin - Cm(3)) < Cm(0.05)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(13)
    title = next(p for p in doc.paragraphs if p.text.strip() == "BÁO CÁO ĐỐI CHIẾU")
    assert title.alignment == 1 and all(r.bold for r in title.runs)  # centred, bold
    assert any(r.font.size == Pt(14) for r in title.runs)
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    headers = {t.rows[0].cells[1].text: t for t in grids}
    # the comparison table: every parent task (matched, gap, upper level), the machine's proposal said so
    pairs = headers["Nhiệm vụ cấp trên"]
    assert len(pairs.rows) == len(alignment["pairs"]) + len(alignment["gaps"]) + 1
    first = alignment["pairs"][0]
    assert pairs.rows[1].cells[1].text.split("\n")[0] == " ".join(first["parent_text"].split())
    assert pairs.rows[1].cells[3].text.startswith("Máy đề xuất: ")
    targets = headers["Chỉ tiêu cấp trên"]
    assert len(targets.rows) == sum(1 for t in alignment["targets"] if t["parent_target"]) + 1
    body = "\n".join(p.text for p in doc.paragraphs)
    for part in ("I. TÓM TẮT", "II. ", "III. ", "IV. ", "PHỤ LỤC"):
        assert part in body
    heading = next(p for p in doc.paragraphs if p.text.startswith("II. "))
    assert heading.paragraph_format.page_break_before  # the summary is page 1 on its own


def test_alignment_docx_without_catalogue(alignment, tmp_path):
    from docx import Document

    from pipeline.export.docx import write_alignment_docx

    write_alignment_docx(json.loads(json.dumps(alignment)), tmp_path / "b.docx")
    assert Document(str(tmp_path / "b.docx")).tables


def test_cli_report_and_export(extractions, alignment, tmp_path):
    import typer
    from typer.testing import CliRunner

    from pipeline.cli_report import register
    from pipeline.store import Store

    store = tmp_path / "s.sqlite"
    with Store(store) as st:
        for e in extractions:
            st.put(f"corpus/{e.source['name']}", 1, 1, "test", e)
        st.set_meta("alignments", json.dumps([alignment], ensure_ascii=False))
    app = typer.Typer()
    register(app)
    run = CliRunner().invoke
    out = tmp_path / "r.html"
    res = run(app, ["report", "57-NQ/TW", "--store", str(store), "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").count('<section class="doc"') == 1
    res = run(app, ["report", "nothing-like-this", "--store", str(store), "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 15  # not found
    res = run(app, ["export", "--docx", "--xlsx", "--store", str(store), "--out", str(tmp_path / "exp")])
    assert res.exit_code == 0, res.output
    names = {p.name for p in (tmp_path / "exp").iterdir()}
    assert {"tasks.csv", "targets.csv", "directives.csv", "catalogue.xlsx"} <= names
    assert any(n.startswith("alignment-") and n.endswith(".docx") for n in names)
