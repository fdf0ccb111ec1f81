"""`vnpolicy serve` works over a real store: the document list, search without diacritics, a document's
page, the alignment with its filters, a decision saved exactly as `vnpolicy review decide` saves it, and the
Word, Excel and JSON exports; an upload goes through the batch, a failing file leaves the store as it was,
and a document's `<script>` reaches every page as text."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from serve_helpers import NQ57, SAMPLE, client, csrf, make_store, upload, wait_job


@pytest.fixture(scope="module")
def store(vp, tmp_path_factory):
    return make_store(vp, tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def shas(store):
    from pipeline.store import Store

    with Store(store, create=False) as st:
        by_name = {name: sha for sha, name in st.db.execute("SELECT sha256, name FROM documents")}
    return by_name[SAMPLE.name], by_name[NQ57.name]


def test_document_list_by_level(store, shas):
    c = client(store)
    page = c.get("/").text
    assert "Kho văn bản" in page and "2 văn bản trong kho" in page
    assert page.index("Trung ương") < page.index("Xã, phường")  # the top level first
    assert "Nghị quyết số 57-NQ/TW của Bộ Chính trị" in page
    row = re.search(rf'data-sha="{shas[1]}">(.*?)</tr>', page, re.S).group(1)
    assert "<td>Bộ Chính trị</td>" in row and NQ57.name in row
    assert re.search(r'<td class="n">(\d+)</td>', row).group(1) != "0"  # its tasks are counted
    assert f'/doi-chieu?con={shas[0]}' in page  # the ward programme has an alignment to open


def test_search_ignores_diacritics_and_filters(store, shas):
    c = client(store)
    bare = c.get("/", params={"q": "chuyen doi so"}).text
    accented = c.get("/", params={"q": "chuyển đổi số"}).text
    n = int(re.search(r"Kết quả tìm kiếm: (\d+)", bare).group(1))
    assert n > 0 and n == int(re.search(r"Kết quả tìm kiếm: (\d+)", accented).group(1))
    assert re.search(r"<mark>chuyển đổi số</mark>", bare, re.I)
    only57 = c.get("/", params={"q": "chuyen doi so", "vb": shas[1]}).text
    m = int(re.search(r"Kết quả tìm kiếm: (\d+)", only57).group(1))
    assert 0 < m < n and f"/van-ban/{shas[0]}#" not in only57.split("ket-qua", 1)[1].split("</section>")[0]
    commune = c.get("/", params={"q": "chuyen doi so", "cap": "commune"}).text
    assert int(re.search(r"Kết quả tìm kiếm: (\d+)", commune).group(1)) == n - m
    assert "Không có kết quả" in c.get("/", params={"q": "khong co tu nay xyzzy"}).text


def test_document_page_shows_its_links(store, shas):
    c = client(store)
    page = c.get(f"/van-ban/{shas[0]}").text
    assert f'href="/van-ban/{shas[1]}">57-NQ/TW</a>' in page  # cited and in the store: a link
    assert "17-CTr/TU" in page and "/them?can=17-CTr%2FTU" in page  # carried out, not in the store: upload it
    assert '<svg id="gsvg"' in page
    assert re.search(r'<a href="#t-[^"]+">', page)  # the tasks that cite it, linked
    assert "Nhiệm vụ (65)" in page
    parent = c.get(f"/van-ban/{shas[1]}").text
    assert f"/van-ban/{shas[0]}" in parent.split("Được dẫn chiếu bởi", 1)[1]
    assert c.get("/van-ban/" + "0" * 64).status_code == 404


def test_alignment_page_and_filters(store, shas):
    c = client(store)
    page = c.get("/doi-chieu", params={"con": shas[0]}).text  # the cited parent is chosen
    assert f'<option value="{shas[1]}" selected' in page
    assert "Được dẫn chiếu, đã đối chiếu" in page
    assert "17-CTr/TU" in page.split('class="missing"', 1)[1][:600]  # cited, missing, with an upload link
    rows = re.findall(r'<tr id="r-[^"]+" class="row cls-(\w+)', page)
    assert len(rows) > 5 and {"match", "review"} & set(rows)
    total = int(re.search(r"Hiện (\d+) / (\d+) dòng", page).group(2))
    for lop in ("match", "review", "gap"):
        f = c.get("/doi-chieu", params={"con": shas[0], "cha": shas[1], "lop": lop}).text
        got = re.findall(r'<tr id="r-[^"]+" class="row cls-(\w+)', f)
        assert set(got) <= {lop} and len(got) == rows.count(lop)
    assert re.search(r"Hiện (\d+) / ", c.get("/doi-chieu", params={"con": shas[0], "cha": shas[1],
                                                                  "q": "xyzzy"}).text).group(1) == "0"
    assert len(rows) == total


def test_decision_is_the_one_review_decide_records(vp, store, shas):
    from pipeline.store import Store

    c = client(store)
    token = csrf(c)
    url = f"/doi-chieu?con={shas[0]}&cha={shas[1]}"
    page = c.get(url).text
    assert "Nhập tên người rà soát" in page and re.search(r'class="b-ok"\s+disabled', page)
    r = c.post("/nguoi-ra-soat", data={"csrf": token, "by": "Nguyễn Văn A", "back": url}, follow_redirects=False)
    assert r.status_code == 303
    items = re.findall(r'name="item" value="([^"]+)"', c.get(url).text)
    confirm, reject = items[0], items[1]
    for item, state, note in ((confirm, "xac-nhan", "đúng nội dung"), (reject, "bac-bo", "không liên quan")):
        r = c.post("/doi-chieu/quyet-dinh", data={"csrf": token, "con": shas[0], "cha": shas[1], "item": item,
                                                   "state": state, "note": note})
        assert r.status_code == 200 and "Đã ghi" in r.text
    page = c.get(url).text  # on reload
    for item, label in ((confirm, "xác nhận"), (reject, "bác bỏ")):
        row = re.search(rf'<tr id="r-{re.escape(item)}".*?</tr>', page, re.S).group(0)
        assert f"<strong>{label}</strong>" in row and "Nguyễn Văn A" in row
    listed = vp("review", "list", SAMPLE.name, "--decided", "--store", store)
    assert listed.returncode == 0, listed.stderr
    lines = {ln.split("\t")[1]: ln for ln in listed.stdout.splitlines()}
    assert "xác nhận" in lines[confirm] and "Nguyễn Văn A" in lines[confirm]
    assert "ghi chú: đúng nội dung" in lines[confirm]
    assert "bác bỏ" in lines[reject]
    with Store(store, create=False) as st:
        n = st.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    # the same decision from the command line is the same record: `record` adds nothing equal to the last
    r = vp("review", "decide", SAMPLE.name, confirm, "--state", "xac-nhan", "--note", "đúng nội dung",
           "--by", "Nguyễn Văn A", "--store", store)
    assert r.returncode == 0, r.stderr
    with Store(store, create=False) as st:
        assert st.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == n
    decided = c.get(url, params={"lop": "decided"}).text
    assert len(re.findall(r'<tr id="r-', decided)) == 2


def test_exports_download(store, shas):
    import docx
    import openpyxl

    c = client(store)
    token = csrf(c)
    c.cookies.set("vnp_by", "Tr%E1%BA%A7n%20Xu%E1%BA%A5t")  # "Trần Xuất"
    url = f"/doi-chieu?con={shas[0]}&cha={shas[1]}&lop=gap"
    item = re.findall(r'name="item" value="([^"]+)"', c.get(url).text)[-1]
    r = c.post("/doi-chieu/quyet-dinh", data={"csrf": token, "con": shas[0], "cha": shas[1], "item": item,
                                               "state": "khong-thuoc-cap", "note": "việc của cấp tỉnh"})
    assert "Đã ghi" in r.text
    # the decision is in every export of the alignment
    r = c.get("/xuat/word", params={"con": shas[0], "cha": shas[1]})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    d = docx.Document(io.BytesIO(r.content))
    assert "BÁO CÁO ĐỐI CHIẾU" in "\n".join(p.text for p in d.paragraphs)
    assert any("không thuộc cấp này" in row.cells[-1].text and "Trần Xuất" in row.cells[-1].text
               for t in d.tables for row in t.rows)
    r = c.get("/xuat/excel")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [v for ws in wb for row in ws.iter_rows(values_only=True) for v in row]
    assert "không thuộc cấp này" in cells and "việc của cấp tỉnh" in cells and "Trần Xuất" in cells
    r = c.get("/xuat/json", params={"con": shas[0], "cha": shas[1]})
    cat = json.loads(r.content)
    assert {d["document"] for d in cat["documents"]} == set(shas)
    assert len(cat["alignments"]) == 1
    assert any(x["item"] == item and x["state"] == "khong-thuoc-cap" and x["by"] == "Trần Xuất"
               for x in cat["decisions"])
    one = json.loads(c.get("/xuat/json", params={"vb": shas[1]}).content)
    assert [d["document"] for d in one["documents"]] == [shas[1]] and one["alignments"] == []
    listed = c.get("/", params={"cap": "central"}).text  # the list's export is of what the list shows
    assert "/xuat/json?cap=central" in listed
    central = json.loads(c.get("/xuat/json", params={"cap": "central"}).content)
    assert [d["document"] for d in central["documents"]] == [shas[1]]
    page = c.get("/xuat").text
    assert f"/xuat/word?con={shas[0]}&amp;cha={shas[1]}" in page


def _broken_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>không đóng thẻ")
    return buf.getvalue()


def test_upload_runs_the_batch_and_script_text_stays_inert(tmp_path):
    """A fresh store: a programme whose text carries <script> goes in, a broken .docx does not and leaves
    nothing behind; every page shows the script as text; the outputs are republished as `run` does."""
    text = SAMPLE.read_text(encoding="utf-8")
    first = next(ln for ln in text.splitlines() if ln.startswith("- Quán triệt"))
    hostile = text.replace(first, first + ' <script>alert("x")</script> <img src=x onerror=alert(1)>', 1)
    store = tmp_path / "kho" / "vnpolicy.sqlite"
    c = client(store, workers=1, report=False)
    assert "Kho văn bản còn trống" in c.get("/").text
    token = csrf(c)
    name = "chương trình <i>phường<i>.txt"
    r, job = upload(c, token, [(name, hostile.encode()), ("hong.docx", _broken_docx())])
    assert job, r.text
    j = wait_job(c, job)
    assert j["state"] == "done", j
    by = {x["name"]: x for x in j["results"]}
    assert by["hong.docx"]["status"] == "lỗi" and "không đọc được" in by["hong.docx"]["message"]
    assert by[name]["status"] == "đã đọc"
    kept = [p.name for p in (store.parent / "tai-len").iterdir()]
    assert len(kept) == 1 and kept[0].endswith("_" + name)  # the broken one is gone with its row
    from pipeline.store import Store

    with Store(store, create=False) as st:
        assert [r["status"] for r in st.files().values()] == ["ok"]  # the broken file left no row
        sha = st.current_shas()[0]
    assert (store.parent / "catalogue.json").is_file()  # published, as `vnpolicy run` does
    pages = [c.get("/").text, c.get(f"/van-ban/{sha}").text, c.get("/", params={"q": "alert"}).text,
             c.get(f"/them?job={job}").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<i>phường" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[1]
    assert "&lt;script&gt;" in pages[2] and "Kết quả tìm kiếm: 0" not in pages[2]  # an upload is searchable
    assert "<td class=\"small\">" + name.replace("<", "&lt;").replace(">", "&gt;") + "</td>" in pages[0]
    before = _held(store)
    r, job = upload(c, token, [("hong-nua.docx", _broken_docx())])
    assert wait_job(c, job)["results"][0]["status"] == "lỗi"
    assert _held(store) == before


def _held(store):
    """The files, documents and uploads a store holds (a failed upload must change none of them)."""
    from pipeline.store import Store

    with Store(store, create=False) as st:
        rows = sorted((p, r["sha256"], r["status"]) for p, r in st.files().items())
        docs = sorted(st.current_shas())
    return rows, docs, sorted(p.name for p in (store.parent / "tai-len").iterdir())
