"""`vnpolicy serve` refuses what it must, and the store is left as it was: a POST without the CSRF token,
a non-loopback bind without a token, a request without the token, an oversized upload, a file that is not
a document, a hostile file name, a page asked for under another host name; a document's `<script>` is shown
as text."""

from __future__ import annotations

import re

import pytest
from serve_helpers import SAMPLE, client, csrf, fingerprint, make_store, upload, wait_job


@pytest.fixture(scope="module")
def store(vp, tmp_path_factory):
    return make_store(vp, tmp_path_factory.mktemp("serve-refusals"))


def _row(c, store):
    """(child sha, parent sha, first row item) of the sample's alignment with 57-NQ/TW."""
    page = c.get("/doi-chieu").text
    child = re.search(r'name="con" value="([0-9a-f]{64})"', page).group(1)
    parent = re.search(r'name="cha" value="([0-9a-f]{64})"', page).group(1)
    item = re.search(r'name="item" value="([^"]+)"', page).group(1)
    return child, parent, item


def test_post_without_csrf_token_is_refused(store):
    c = client(store)
    token = csrf(c)
    c.cookies.set("vnp_by", "Nguy%E1%BB%85n%20V%C4%83n%20A")
    child, parent, item = _row(c, store)
    before = fingerprint(store)
    form = {"con": child, "cha": parent, "item": item, "state": "xac-nhan", "note": "x"}
    for sent in ({}, {"csrf": "sai-ma-chong-gia-mao-0123456789"}, {"csrf": ""}):
        r = c.post("/doi-chieu/quyet-dinh", data={**form, **sent}, follow_redirects=False)
        assert r.status_code == 403, r.text
        assert "CSRF" in r.text
    # the cookie alone is not enough: a page of another site sends the cookie, never the field
    r = c.post("/nguoi-ra-soat", data={"by": "Kẻ giả mạo"}, follow_redirects=False)
    assert r.status_code == 403
    # an upload without the form's token writes no file
    r = c.post("/them", files=[("files", ("a.txt", "Kế hoạch".encode(), "text/plain"))], follow_redirects=False)
    assert r.status_code == 403
    # the name form goes back to a page of this server only, never to another host
    for back in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example"):
        r = c.post("/nguoi-ra-soat", data={"csrf": token, "by": "A", "back": back}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/doi-chieu", back
    # other methods are not state-changing doors either
    assert c.request("DELETE", "/doi-chieu").status_code == 405
    assert fingerprint(store) == before
    # with the token the same decision goes through: the refusals above were the token's doing
    r = c.post("/doi-chieu/quyet-dinh", data={**form, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and fingerprint(store) != before


def test_non_loopback_bind_needs_a_token(vp, store):
    from pipeline.serve.security import BindRefused, check_bind

    r = vp("serve", "--host", "0.0.0.0", "--store", store)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "--token" in r.stderr
    for host in ("0.0.0.0", "192.168.1.20", "::", "example.org"):
        with pytest.raises(BindRefused):
            check_bind(host, None)
    assert check_bind("127.0.0.1", None) is None and check_bind("::1", None) is None
    assert check_bind("localhost", None) is None
    with pytest.raises(BindRefused):
        check_bind("0.0.0.0", "ngan")  # too short to be a secret
    made = check_bind("0.0.0.0", "auto")
    assert made and len(made) >= 24 and made != check_bind("0.0.0.0", "auto")


def test_token_is_checked_on_every_request(store):
    from starlette.testclient import TestClient

    from pipeline.serve import Settings, create_app

    secret = "mot-ma-truy-cap-du-dai"
    app = create_app(Settings(store=store, out=store.parent, token=secret, host="0.0.0.0"))
    c = TestClient(app, base_url="http://192.168.1.20:8000")
    for url in ("/", "/doi-chieu", "/xuat/excel", "/static/serve.js", "/them/tien-do/x"):
        r = c.get(url)
        assert r.status_code == 401, url
        assert "mã truy cập" in r.text
    assert c.get("/?token=sai-ma-truy-cap-0000").status_code == 401
    r = c.get("/?token=" + secret, follow_redirects=False)
    assert r.status_code == 303 and "token" not in r.headers["location"]
    assert c.get("/").status_code == 200  # the cookie carries it now
    other = TestClient(app, base_url="http://192.168.1.20:8000")
    assert other.get("/", headers={"x-vnpolicy-token": secret}).status_code == 200


def test_loopback_server_answers_only_to_loopback_names(store):
    c = client(store)
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
    r = c.get("/", headers={"host": "evil.example:8000"})  # a rebound DNS name pointing at 127.0.0.1
    assert r.status_code == 403


def test_oversized_upload_is_refused(store):
    c = client(store, max_mb=1)
    token = csrf(c)
    before = fingerprint(store)
    big = ("Kế hoạch thực hiện Nghị quyết số 57-NQ/TW. " * 40_000).encode()
    assert len(big) > 1024 * 1024
    r, job = upload(c, token, [("ke-hoach-lon.txt", big)])
    j = wait_job(c, job)
    assert j["results"] == [] and len(j["refused"]) == 1
    assert "ke-hoach-lon.txt" in j["refused"][0] and "quá lớn" in j["refused"][0]
    page = c.get(f"/them?job={job}").text
    assert "quá lớn" in page and "Không có tệp nào hợp lệ" in page
    # a body over every limit is refused from its Content-Length, before it is read
    c2 = client(store, max_mb=1, max_files=1)
    t2 = csrf(c2)
    r, job = upload(c2, t2, [("a.txt", big + big)])
    assert r.status_code == 413 and "quá lớn" in r.text
    r, job = upload(c2, t2, [("a.txt", b"Ke hoach"), ("b.txt", b"Ke hoach")])  # more files than allowed
    assert r.status_code == 400 and job is None
    assert fingerprint(store) == before


def test_upload_that_is_not_a_document_is_refused(store):
    c = client(store)
    token = csrf(c)
    before = fingerprint(store)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r, job = upload(c, token, [("anh-chup.pdf", png), ("trong.txt", b"  \n"), ("nen.zip.docx", b"PK\x03\x04xx"),
                               ("chuong-trinh.exe", b"MZ\x90\x00"), ("nhi-phan.txt", b"\x00\x01\x02" * 100)])
    j = wait_job(c, job)
    assert j["results"] == [] and len(j["refused"]) == 5
    lines = dict(x.split(": ", 1) for x in j["refused"])
    assert "không phải văn bản" in lines["anh-chup.pdf"] and "ảnh PNG" in lines["anh-chup.pdf"]
    assert "rỗng" in lines["trong.txt"]
    assert "hỏng" in lines["nen.zip.docx"]
    assert ".exe" in lines["chuong-trinh.exe"]
    assert "nhị phân" in lines["nhi-phan.txt"]
    page = c.get(f"/them?job={job}").text
    assert page.count("Từ chối") == 5
    assert "unsupported" not in page and "damaged" not in page  # said in Vietnamese
    assert fingerprint(store) == before


def test_second_upload_while_a_batch_runs_is_refused(store):
    """One batch at a time (the store has one writer): a second upload is refused and nothing is saved."""
    import threading

    c = client(store)
    token = csrf(c)
    before = fingerprint(store)
    release = threading.Event()
    busy = threading.Thread(target=release.wait, daemon=True)
    busy.start()
    c.app.state.web.jobs.thread = busy  # as a running batch leaves it
    try:
        r, job = upload(c, token, [("ke-hoach-moi.txt", SAMPLE.read_bytes())])
        assert r.status_code == 409 and job is None and "Đang xử lý đợt tải lên trước" in r.text
        assert "disabled" in c.get("/them").text.split('id="upload-form"', 1)[1].split("</form>")[0]
    finally:
        release.set()
        busy.join()
    assert fingerprint(store) == before


def test_hostile_file_names_are_made_safe_or_refused(store, tmp_path):
    from pipeline.serve.security import safe_filename

    assert safe_filename("../../etc/cron.d/x.txt") == "x.txt"
    assert safe_filename("C:\\Users\\a\\Kế hoạch.docx") == "Kế hoạch.docx"
    assert safe_filename("a\x1b[31mđỏ\x07.pdf") == "a[31mđỏ.pdf"
    assert safe_filename("x\u202egpj.txt") == "xgpj.txt"  # a right-to-left override hides the real suffix
    assert safe_filename("  .hidden.md") == "hidden.md"
    for bad in ("../../", "evil.sh", "x.txt/..", "/", "\x00.pdf", ".txt"):
        with pytest.raises(ValueError):
            safe_filename(bad)
    c = client(store)
    token = csrf(c)
    before = fingerprint(store)
    r, job = upload(c, token, [("../../ngoai-kho.png", b"\x89PNG\r\n\x1a\n"), ("..\\..\\x.sh", b"echo x")])
    j = wait_job(c, job)
    assert len(j["refused"]) == 2 and j["results"] == []
    assert not (store.parent.parent / "ngoai-kho.png").exists()
    page = c.get(f"/them?job={job}").text
    assert "\x1b" not in page
    assert fingerprint(store) == before


def test_pages_read_while_a_writer_holds_the_store(store):
    """A batch holds the writer lock for minutes: pages still load, a decision says the store is busy."""
    from pipeline.store import Store

    c = client(store, lock_wait=0.3)
    token = csrf(c)
    c.cookies.set("vnp_by", "A")
    child, parent, item = _row(c, store)
    before = fingerprint(store)
    with Store(store, writer=True) as w:
        w.db.execute("BEGIN IMMEDIATE")
        w.db.execute("INSERT INTO meta VALUES('serve-test', 'x')")  # an open write transaction
        for url in ("/", f"/van-ban/{child}", f"/doi-chieu?con={child}&cha={parent}", "/?q=chuyen+doi+so"):
            assert c.get(url).status_code == 200, url
        r = c.post("/doi-chieu/quyet-dinh", data={"csrf": token, "con": child, "cha": parent, "item": item,
                                                   "state": "bac-bo"})
        assert r.status_code == 200 and "Kho đang được cập nhật" in r.text
        w.db.rollback()
    assert fingerprint(store) == before
