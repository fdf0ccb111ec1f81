"""The review workbook: Vietnamese headers, a drop-down decision column and hidden ids; decisions read
back all or nothing, every row reported with its number."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from openpyxl import load_workbook
from test_review import CHILD, PARENT, _alignment, _decided, _setup

COL = {"decision": 10, "items": 11, "note": 12, "by": 13, "date": 14, "item": 18}


def _count(store: Path) -> int:
    db = sqlite3.connect(store)
    try:
        return db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    finally:
        db.close()


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, COL["item"]).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, COL["item"]).value}


def test_review_sheet_round_trip(vp, tmp_path):
    assert CHILD.exists() and PARENT.exists()
    _corpus, _out, store = _setup(vp, tmp_path)
    exp = tmp_path / "exp"
    r = vp("export", "--xlsx", "--store", store, "--out", exp)
    assert r.returncode == 0, r.stderr
    book = exp / "ra-soat.xlsx"
    wb = load_workbook(book)
    (ws,) = [w for w in wb.worksheets if "144" in w.title]
    assert ws.cell(1, 4).value == "Nhiệm vụ, chỉ tiêu cấp trên" and ws.cell(1, 10).value == "Quyết định"
    assert {ws.cell(1, c).value for c in (5, 7)} == {"Cơ quan chủ trì", "Mức tin cậy (máy đề xuất)"}
    assert ws.column_dimensions["D"].width == 60 and ws.cell(2, 4).alignment.wrap_text
    assert all(ws.column_dimensions[c].hidden for c in "OPQRSTU") and not ws.column_dimensions["J"].hidden
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and "xác nhận" in dv.formula1 and "J2" in str(dv.sqref)

    a = _alignment(store)
    rows = _rows(ws)
    confirm, reject = a["pairs"][0]["parent_task"], a["pairs"][1]["parent_task"]
    gap = next(g["task"] for g in a["gaps"] if g["status"] == "gap")
    target = a["local"][0]["task"]
    ws.cell(rows[confirm], COL["decision"]).value = "xác nhận"
    ws.cell(rows[confirm], COL["note"]).value = "đúng nội dung"
    ws.cell(rows[reject], COL["decision"]).value = "bác bỏ"
    ws.cell(rows[gap], COL["decision"]).value = "chuyển sang mục khác"
    ws.cell(rows[gap], COL["items"]).value = target
    for item in (confirm, reject, gap):
        ws.cell(rows[item], COL["by"]).value = "Lê Thị C"
    ws.cell(rows[reject], COL["date"]).value = "28/11/2026"
    wb.save(book)

    r = vp("review", "import", book, "--store", store)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"dòng {rows[confirm]}: nhận: {confirm}: xác nhận" in r.stdout
    assert f"dòng {rows[gap]}: nhận: {gap}: chuyển sang mục khác → {target}" in r.stdout
    assert "đã ghi 3 quyết định" in r.stderr
    decided = _decided(vp, store)
    assert set(decided) == {confirm, reject, gap}
    assert "Lê Thị C 2026-11-28" in decided[reject] and "ghi chú: đúng nội dung" in decided[confirm]

    # exported again, the decisions are filled in; read back unchanged, nothing is added
    exp2 = tmp_path / "exp2"
    assert vp("export", "--xlsx", "--store", store, "--out", exp2).returncode == 0
    ws2 = load_workbook(exp2 / "ra-soat.xlsx").worksheets[0]
    rows2 = _rows(ws2)
    assert ws2.cell(rows2[reject], COL["decision"]).value == "bác bỏ"
    assert ws2.cell(rows2[gap], COL["items"]).value == target
    assert "cán bộ rà soát: xác nhận" in ws2.cell(rows2[confirm], 9).value
    n = _count(store)
    again = vp("review", "import", exp2 / "ra-soat.xlsx", "--store", store)
    assert again.returncode == 0 and "đã ghi 0 quyết định" in again.stderr
    assert _count(store) == n


def test_damaged_sheet_changes_nothing(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    exp = tmp_path / "exp"
    assert vp("export", "--xlsx", "--store", store, "--out", exp).returncode == 0
    book = exp / "ra-soat.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    a = _alignment(store)
    rows = _rows(ws)
    good, unknown, no_id, foreign = (a["pairs"][i]["parent_task"] for i in range(4))
    for item in (good, unknown, no_id, foreign):
        ws.cell(rows[item], COL["decision"]).value = "xác nhận"
        ws.cell(rows[item], COL["by"]).value = "Phạm D"
    ws.cell(rows[unknown], COL["decision"]).value = "đồng ý"
    ws.cell(rows[no_id], COL["item"]).value = None
    ws.cell(rows[foreign], COL["item"]).value = "XX/99"
    extra = ws.max_row + 1
    ws.cell(extra, 4).value = "Một nhiệm vụ thêm tay"
    ws.cell(extra, COL["decision"]).value = "xác nhận"
    wb.save(book)
    before = _count(store)

    r = vp("review", "import", book, "--store", store)
    assert r.returncode == 3
    out = r.stdout
    assert f"dòng {rows[unknown]}: lỗi: {unknown}: quyết định không hợp lệ 'đồng ý'" in out
    assert f"dòng {rows[no_id]}: lỗi: thiếu mã dòng" in out
    assert f"dòng {rows[foreign]}: lỗi: XX/99:" in out and "không có trong kho" in out
    assert f"dòng {extra}: lỗi: thiếu mã dòng" in out
    assert f"dòng {rows[good]}: nhận: {good}" in out  # reported as acceptable, yet not written
    assert "4 dòng lỗi; không ghi quyết định nào" in r.stderr
    assert _count(store) == before and _decided(vp, store) == {}


def test_not_a_review_workbook(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    exp = tmp_path / "exp"
    assert vp("export", "--xlsx", "--store", store, "--out", exp).returncode == 0
    r = vp("review", "import", exp / "catalogue.xlsx", "--store", store)
    assert r.returncode == 3 and "catalogue.xlsx" in r.stderr and "không có trang rà soát" in r.stderr
    junk = tmp_path / "junk.xlsx"
    shutil.copy(PARENT, junk)
    r = vp("review", "import", junk, "--store", store)
    assert r.returncode == 3 and "junk.xlsx" in r.stderr


def test_second_look_through_the_sheet(vp, tmp_path):
    """A decision whose parent text changed stays "cần xem lại" through a plain round trip, and is
    cleared only by a reviewer changing the row (here: a new date)."""
    corpus, out, store = _setup(vp, tmp_path)
    a = _alignment(store)
    item, text = a["pairs"][0]["parent_task"], a["pairs"][0]["parent_text"]
    assert vp("review", "decide", "144/KH-UBND", item, "--state", "xac-nhan", "--by", "Hà E",
              "--store", store).returncode == 0
    src = (corpus / PARENT.name).read_text(encoding="utf-8")
    words = text.split()
    window = next(" ".join(words[i:i + 5]) for i in range(3, len(words) - 5) if " ".join(words[i:i + 5]) in src)
    (corpus / PARENT.name).write_text(src.replace(window, window + " trong năm", 1), encoding="utf-8")
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report").returncode == 0
    assert "cần xem lại" in _decided(vp, store)[item]

    exp = tmp_path / "exp"
    assert vp("export", "--xlsx", "--store", store, "--out", exp).returncode == 0
    book = exp / "ra-soat.xlsx"
    r = vp("review", "import", book, "--store", store)
    assert r.returncode == 0 and f"{item}: xác nhận" in r.stdout and "không đổi" in r.stdout
    assert "cần xem lại" in _decided(vp, store)[item]

    wb = load_workbook(book)
    ws = wb.worksheets[0]
    row = _rows(ws)[item]
    assert "cần xem lại" in ws.cell(row, 9).value
    from datetime import date, timedelta

    other = date.today() - timedelta(days=1)  # not the day the decision was made: the reviewer changed the row
    ws.cell(row, COL["date"]).value = other.strftime("%d/%m/%Y")
    wb.save(book)
    r = vp("review", "import", book, "--store", store)
    assert r.returncode == 0 and f"nhận: {item}: xác nhận" in r.stdout
    line = _decided(vp, store)[item]
    assert "cần xem lại" not in line and other.isoformat() in line
    db = sqlite3.connect(store)  # both decisions kept: nothing a person decided is lost
    assert db.execute("SELECT count(*) FROM decisions WHERE item=?", (item,)).fetchone()[0] == 2
    db.close()
