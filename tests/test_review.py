"""Staff decisions (#12): kept across runs, marked "cần xem lại" when a text changes, round-tripped
through the review workbook, and shown in the Word report that opens with a one-page summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
CHILD = REAL / "bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md"
PARENT = REAL / "central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md"
UNRELATED = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


def _setup(vp, tmp_path: Path) -> tuple[Path, Path, Path]:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(CHILD, corpus)
    shutil.copy(PARENT, corpus)
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report")
    assert r.returncode == 0, r.stderr
    return corpus, out, out / "vnpolicy.sqlite"


def _alignment(store: Path) -> dict:
    from pipeline.review.decisions import alignments
    from pipeline.store import Store

    with Store(store, create=False) as st:
        als = [a.model_dump(mode="json") for a in alignments(st)]
    (a,) = [a for a in als if a["child"]["id"] == "144/KH-UBND" and a["parent"]["id"] == "03/NQ-CP"]
    return a


def _decided(vp, store: Path) -> dict[str, str]:
    """item -> the line `review list --decided` prints for it."""
    r = vp("review", "list", "144/KH-UBND", "--decided", "--store", store)
    assert r.returncode == 0, r.stderr
    return {line.split("\t")[1]: line for line in r.stdout.splitlines() if line.strip()}


def _three_decisions(vp, store: Path) -> tuple[str, str, str, str]:
    a = _alignment(store)
    confirm, reject = a["pairs"][0]["parent_task"], a["pairs"][1]["parent_task"]
    gap = next(g["task"] for g in a["gaps"] if g["status"] == "gap")
    target = a["local"][0]["task"]  # re-point the gap to a task the machine left unmatched
    for item, args in ((confirm, ["--state", "xac-nhan", "--note", "đúng nội dung"]),
                       (reject, ["--state", "bac-bo", "--note", "không liên quan"]),
                       (gap, ["--state", "chuyen", "--child-items", target])):
        r = vp("review", "decide", "144/KH-UBND", item, *args, "--by", "Nguyễn Văn A", "--store", store)
        assert r.returncode == 0, r.stderr
    return confirm, reject, gap, target


def test_decisions_hold_across_runs_and_mark_changed_texts(vp, tmp_path):
    corpus, out, store = _setup(vp, tmp_path)
    confirm, reject, gap, target = _three_decisions(vp, store)
    before = _decided(vp, store)
    assert set(before) == {confirm, reject, gap}
    assert "cán bộ rà soát: xác nhận" in before[confirm] and "Nguyễn Văn A" in before[confirm]
    assert "cán bộ rà soát: bác bỏ" in before[reject]
    assert "chuyển sang mục khác" in before[gap] and target in before[gap]
    assert not any("cần xem lại" in line for line in before.values())

    # a forced re-run and an unrelated new document change nothing a person decided
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report", "--force").returncode == 0
    assert _decided(vp, store) == before
    shutil.copy(UNRELATED, corpus)
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report").returncode == 0
    assert _decided(vp, store) == before

    # the parent removed: its decisions stay, flagged; added back: as they were
    moved = tmp_path / PARENT.name
    shutil.move(corpus / PARENT.name, moved)
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report").returncode == 0
    gone = _decided(vp, store)
    assert set(gone) == {confirm, reject, gap} and all("cần xem lại" in line for line in gone.values())
    shutil.move(moved, corpus / PARENT.name)
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report").returncode == 0
    assert _decided(vp, store) == before

    # one parent task's text changed: that decision (only) needs a second look, and is still there
    text = next(p["parent_text"] for p in _alignment(store)["pairs"] if p["parent_task"] == confirm)
    src = (corpus / PARENT.name).read_text(encoding="utf-8")
    words = text.split()
    window = next(" ".join(words[i:i + 5]) for i in range(3, len(words) - 5) if " ".join(words[i:i + 5]) in src)
    assert src.count(window) == 1
    (corpus / PARENT.name).write_text(src.replace(window, window + " và các địa phương"), encoding="utf-8")
    assert vp("run", corpus, "--out", out, "-j", "1", "--no-report").returncode == 0
    after = _decided(vp, store)
    assert set(after) == {confirm, reject, gap}
    assert "xác nhận (cần xem lại)" in after[confirm] and "nội dung mục cấp trên đã thay đổi" in after[confirm]
    assert "cần xem lại" not in after[reject] and "cần xem lại" not in after[gap]


def test_decide_refuses_bad_input(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    item = _alignment(store)["pairs"][0]["parent_task"]
    bad_state = vp("review", "decide", "144/KH-UBND", item, "--state", "dong-y", "--by", "A", "--store", store)
    assert bad_state.returncode == 2 and "dong-y" in bad_state.stderr
    no_row = vp("review", "decide", "144/KH-UBND", "XX/99", "--state", "bac-bo", "--by", "A", "--store", store)
    assert no_row.returncode == 15
    no_items = vp("review", "decide", "144/KH-UBND", item, "--state", "chuyen", "--by", "A", "--store", store)
    assert no_items.returncode == 2 and "--child-items" in no_items.stderr
    bad_item = vp("review", "decide", "144/KH-UBND", item, "--state", "chuyen", "--child-items", "ZZ/1",
                  "--by", "A", "--store", store)
    assert bad_item.returncode == 15 and "ZZ/1" in bad_item.stderr
    assert _decided(vp, store) == {}


def test_library_verb_decide(vp, tmp_path):
    import pipeline
    from pipeline.review import decisions_for

    _corpus, _out, store = _setup(vp, tmp_path)
    item = _alignment(store)["pairs"][0]["parent_task"]
    d = pipeline.decide(store, "144/KH-UBND", item, "không thuộc cấp này", by="Trần B", note="cấp tỉnh không làm")
    assert d.state == "khong-thuoc-cap" and d.key.parent == "03/NQ-CP" and d.at
    with pipeline.open_store(store) as st:
        (s,) = decisions_for(st, "144/KH-UBND")
    assert s.source == "decision" and not s.stale and s.label == "cán bộ rà soát: không thuộc cấp này"


def test_align_shows_decisions_apart_from_the_machine(vp, tmp_path):
    _corpus, _out, store = _setup(vp, tmp_path)
    confirm, reject, gap, target = _three_decisions(vp, store)
    md = vp("align", "144/KH-UBND", "--parent", "03/NQ-CP", "--store", store)
    assert md.returncode == 0, md.stderr
    section = md.stdout.split("### Quyết định của cán bộ rà soát (3 dòng, thay cho đề xuất của máy")[1]
    assert f"- {confirm}: cán bộ rà soát: xác nhận — Nguyễn Văn A" in section
    assert f"- {gap}: cán bộ rà soát: chuyển sang mục khác — Nguyễn Văn A" in section and target in section
    js = vp("align", "144/KH-UBND", "--parent", "03/NQ-CP", "--format", "json", "--store", store)
    (rep,) = json.loads(js.stdout)
    assert {d["item"]: d["state"] for d in rep["decisions"]} == {confirm: "xac-nhan", reject: "bac-bo",
                                                                  gap: "chuyen"}


def test_hostile_notes_stay_text(vp, tmp_path):
    from openpyxl import load_workbook

    _corpus, _out, store = _setup(vp, tmp_path)
    item = _alignment(store)["pairs"][0]["parent_task"]
    note = '=HYPERLINK("http://x","y")\x07\x1b[31m'
    r = vp("review", "decide", "144/KH-UBND", item, "--state", "bac-bo", "--note", note, "--by", "A", "--store", store)
    assert r.returncode == 0
    listed = vp("review", "list", "144/KH-UBND", "--decided", "--store", store).stdout
    assert "\x1b" not in listed and "\\x1b[31m" in listed
    exp = tmp_path / "exp"
    assert vp("export", "--store", store, "--out", exp).returncode == 0
    ws = load_workbook(exp / "ra-soat.xlsx").worksheets[0]
    (cell,) = [ws.cell(r, 12) for r in range(2, ws.max_row + 1) if ws.cell(r, 18).value == item]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and "\x07" not in cell.value


def test_decisions_are_shown_in_every_published_output(vp, tmp_path):
    """The catalogue, the HTML report and the workbook show a person's decision beside the machine's
    proposal, labelled as a decision; a plain run after a decision publishes it (nothing else changed)."""
    import openpyxl

    corpus, out, store = _setup(vp, tmp_path)
    confirm, reject, gap, _target = _three_decisions(vp, store)
    r = vp("run", corpus, "--out", out, "-j", "1")
    assert r.returncode == 0 and "up to date" not in r.stderr, r.stderr
    cat = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    by_item = {d["item"]: d for d in cat["decisions"]}
    assert set(by_item) == {confirm, reject, gap}
    assert by_item[confirm]["state"] == "xac-nhan" and by_item[confirm]["by"] == "Nguyễn Văn A"
    assert by_item[reject]["machine"]  # the machine's class kept beside the decision
    # the report shows decisions on the alignment's own page (report.html is an index of the pages)
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "report" / "doi-chieu").glob("*.html"))
    assert html.count('class="decided') == 3 and "Cán bộ rà soát" in html and "Nguyễn Văn A" in html
    wb = openpyxl.load_workbook(out / "catalogue.xlsx", read_only=True)
    rows = list(wb["Quyết định rà soát"].iter_rows(values_only=True))
    assert rows[0][4] == "Quyết định của cán bộ" and len(rows) == 4
    assert {r[3] for r in rows[1:]} == {confirm, reject, gap}
    # nothing changed since: the outputs are current again
    r = vp("run", corpus, "--out", out, "-j", "1")
    assert r.returncode == 0 and "up to date" in r.stderr, r.stderr
