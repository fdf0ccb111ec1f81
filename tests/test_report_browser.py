"""The report in a real headless Chromium: no console errors, the graph draws, search filters.

Needs Debian's chromium and chromium-driver (installed here when missing and we are root) and
the `selenium` package. The page is a local file; the browser is started with networking
features off, so nothing is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.catalogue import build_catalogue
from pipeline.extract import extract_file
from pipeline.report.html import write_report
from pipeline.report.shot import CHROMIUM, DRIVER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
SCREENSHOT = ROOT / "outputs" / "report-screenshot.png"


def _ensure_chromium() -> None:
    if Path(CHROMIUM).exists() and Path(DRIVER).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium/chromium-driver are missing and we cannot apt-get install them (not root)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True, timeout=600)
        res = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium",
                              "chromium-driver"], env=env, capture_output=True, text=True, timeout=1200)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot install chromium: {exc}")
    if res.returncode != 0 or not Path(DRIVER).exists():
        pytest.skip(f"apt-get install chromium chromium-driver failed: {res.stderr.strip()[-300:]}")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from pipeline.align import align

    parents = sorted((ROOT / "corpus" / "real").glob("central_57-NQ-TW*.md"))
    exts = [extract_file(SAMPLE), *(extract_file(p) for p in parents[:1])]
    aligns = [align(exts[0], exts[1], corpus=exts).model_dump(mode="json")] if len(exts) == 2 else []
    cat = build_catalogue(exts, paths={}, links=[], alignments=aligns, failures=[])
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(cat, None, path)
    return path, cat


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    _ensure_chromium()
    pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")
    from pipeline.report.shot import chrome

    d = chrome(tmp_path_factory.mktemp("chrome-profile"))
    yield d
    d.quit()


def test_report_in_browser(report, driver):
    from selenium.webdriver.common.by import By

    path, cat = report
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"

    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe

    # the graph drew one SVG group per document and cited directive
    nodes = driver.find_elements(By.CSS_SELECTOR, "#gcanvas svg g.node")
    expected = len({x.id for d in cat.documents for x in d.directives} - {d.meta.id for d in cat.documents}) \
        + len(cat.documents)
    assert len(nodes) == driver.execute_script("return window.vnpolicyGraph.nodes") == expected
    assert len(nodes) >= 10
    assert driver.find_elements(By.CSS_SELECTOR, "#gcanvas svg path.edge")

    # clicking a directive node shows its mentions and citing tasks in the side panel
    node = driver.find_element(By.CSS_SELECTOR, '#gcanvas g.node[data-id="dir:57-NQ/TW"], #gcanvas g.node.dir')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
    node.click()
    panel = driver.find_element(By.ID, "gpanel")
    assert panel.is_displayed() and panel.find_elements(By.TAG_NAME, "li")

    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.2)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    # typing in the search box hides the tasks that do not match
    tasks = driver.find_elements(By.CSS_SELECTOR, "li.task")
    assert len(tasks) == sum(len(d.tasks) for d in cat.documents)
    word = "OCOP"
    texts = driver.execute_script("return Array.from(document.querySelectorAll('li.task')).map(e => e.textContent)")
    want = {i for i, t in enumerate(texts) if word.lower() in t.lower()}
    assert 0 < len(want) < len(tasks)
    box = driver.find_element(By.ID, "q")
    box.send_keys(word.lower())
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('li.task')).map((e, i) => [i, getComputedStyle(e).display])")
    visible = {i for i, disp in shown if disp != "none"}
    assert visible == want
    assert "OCOP".lower() in driver.find_element(By.CSS_SELECTOR, "li.task:not(.nomatch)").text.lower()
    assert driver.find_element(By.ID, "qcount").text.startswith(str(len(driver.find_elements(
        By.CSS_SELECTOR, "[data-search]:not(.nomatch)"))))
    # diacritics are optional in the query: "dang vien" finds "đảng viên"
    box.clear()
    box.send_keys("dang vien")
    assert driver.execute_script("return document.querySelectorAll('li.task:not(.nomatch)').length") > 0
    box.clear()
    driver.execute_script("document.getElementById('q').dispatchEvent(new Event('input'))")
    assert driver.execute_script("return document.querySelectorAll('li.task.nomatch').length") == 0

    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe
