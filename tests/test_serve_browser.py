"""`vnpolicy serve` in a real headless Chromium, as office staff use it: against a fresh store, upload the
sample ward programme and 57-NQ/TW, wait for the batch, open the alignment, confirm one row and reject
another, reload and find both decisions, download the Word report and find the confirmed row marked in it.

Needs Debian's chromium and chromium-driver (`make test` installs them; this test installs nothing, and
fails when they are missing) and the `selenium` package, like tests/test_report_browser.py. The server is
uvicorn in a thread on a free loopback port. A screenshot of each page is saved under the test's temporary
folder; with $VNPOLICY_SERVE_SHOTS set they are also copied there (scripts/make_examples.py does, for
outputs/examples/serve/).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from serve_helpers import NQ57, SAMPLE

from pipeline.report.shot import CHROMIUM, DRIVER

pytestmark = pytest.mark.slow


def _check_chromium() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    assert not missing, f"{', '.join(missing)} missing: `make test` installs chromium and chromium-driver"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from pipeline.serve import Settings, create_app

    store = tmp_path / "kho" / "vnpolicy.sqlite"
    app = create_app(Settings(store=store, out=store.parent, workers=2))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, name="uvicorn-test", daemon=True)
    t.start()
    end = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < end and t.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    srv.should_exit = True
    t.join(timeout=30)


@pytest.fixture
def driver(tmp_path):
    _check_chromium()
    from pipeline.report.shot import chrome

    d = chrome(tmp_path / "chrome-profile", width=1400, height=1000)
    yield d
    d.quit()


def test_staff_workflow_in_browser(server, driver, tmp_path):
    import docx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, store = server
    shots = tmp_path / "shots"
    shots.mkdir()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})

    def shot(name: str) -> None:
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(shots / f"{name}.png"))

    def severe() -> list:
        return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]

    driver.get(base + "/")
    assert "Kho văn bản còn trống" in driver.page_source
    # Thêm văn bản: both files in one upload, the batch followed on the page
    driver.get(base + "/them")
    driver.find_element(By.ID, "files").send_keys(f"{SAMPLE}\n{NQ57}")
    driver.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
    WebDriverWait(driver, 300).until(lambda d: d.find_element(By.ID, "job").get_attribute("data-state")
                                     in ("done", "failed"))
    assert driver.find_element(By.ID, "job").get_attribute("data-state") == "done"
    results = driver.find_element(By.ID, "job-results").text
    assert results.count("đã đọc") == 2, results
    assert driver.find_element(By.ID, "job-next").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").is_enabled()
    shot("1-them-van-ban")

    driver.get(base + "/")
    assert "Nghị quyết số 57-NQ/TW của Bộ Chính trị" in driver.page_source
    shot("2-kho-van-ban")
    driver.get(base + "/?q=chuyen+doi+so")
    assert driver.find_elements(By.CSS_SELECTOR, "table.hits mark")
    shot("3-tim-kiem")

    # Đối chiếu: the ward programme against the resolution it cites, chosen for us
    driver.get(base + "/doi-chieu")
    assert "57-NQ/TW" in driver.find_element(By.ID, "pick-parent").text
    reviewer = driver.find_element(By.ID, "reviewer")
    reviewer.send_keys("Nguyễn Thị Bình")
    reviewer.submit()
    rows = driver.find_elements(By.CSS_SELECTOR, "tr.row")
    assert len(rows) > 5
    picked = []
    for i, (state, note) in enumerate((("xac-nhan", "đúng nội dung"), ("bac-bo", "không liên quan"))):
        row = driver.find_elements(By.CSS_SELECTOR, "tr.row")[i]
        item = row.get_attribute("data-item")
        text = row.find_element(By.CSS_SELECTOR, ".ptext").text
        picked.append((item, text))
        row.find_element(By.NAME, "note").clear()
        row.find_element(By.NAME, "note").send_keys(note)
        button = row.find_element(By.CSS_SELECTOR, f'button[value="{state}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".flash.ok")))
    driver.refresh()
    by_item = {r.get_attribute("data-item"): r for r in driver.find_elements(By.CSS_SELECTOR, "tr.row")}
    for (item, _), label in zip(picked, ("xác nhận", "bác bỏ"), strict=True):
        cell = by_item[item].find_element(By.CSS_SELECTOR, "td.decide").text
        assert label in cell and "Nguyễn Thị Bình" in cell, cell
    shot("4-doi-chieu")
    assert not severe()

    # the Word report of the alignment on screen, with the confirmed row marked
    driver.find_element(By.ID, "xuat-word").click()
    end = time.monotonic() + 60
    while not list(downloads.glob("*.docx")):
        assert time.monotonic() < end, "no Word report downloaded"
        time.sleep(0.2)
    time.sleep(0.5)
    (path,) = downloads.glob("*.docx")
    cells = [[c.text for c in row.cells] for t in docx.Document(str(path)).tables for row in t.rows]
    confirmed = " ".join(picked[0][1].split())[:50]
    marked = [r for r in cells if any(confirmed in " ".join(c.split()) for c in r)]
    assert marked and "Cán bộ rà soát: xác nhận" in marked[0][-1] and "Nguyễn Thị Bình" in marked[0][-1]
    rejected = " ".join(picked[1][1].split())[:50]
    assert any("Cán bộ rà soát: bác bỏ" in r[-1] for r in cells if any(rejected in " ".join(c.split()) for c in r))

    # the document page with its graph, and the export page
    driver.get(base + "/")
    driver.find_element(By.PARTIAL_LINK_TEXT, "57-NQ/TW").click()
    assert driver.find_elements(By.CSS_SELECTOR, "#gsvg g.node")
    shot("5-van-ban")
    driver.get(base + "/xuat")
    shot("6-xuat")
    assert not severe()
    copy = os.environ.get("VNPOLICY_SERVE_SHOTS")
    if copy:
        Path(copy).mkdir(parents=True, exist_ok=True)
        for p in sorted(shots.glob("*.png")):
            shutil.copy(p, Path(copy) / p.name)
