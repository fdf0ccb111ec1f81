"""The report in a real headless Chromium: no console errors, the graph draws, search filters.

Needs Debian's chromium and chromium-driver (`make test` installs them; this test installs
nothing, and fails when they are missing) and the `selenium` package (a dev dependency). The page
is a local file; the browser is started with networking features off, so nothing is fetched.
Everything it writes (report, profile, screenshot) stays in its temporary folders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalogue import build_catalogue
from pipeline.extract import extract_file
from pipeline.report.html import write_report
from pipeline.report.shot import CHROMIUM, DRIVER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


def _check_chromium() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    assert not missing, f"{', '.join(missing)} missing: `make test` installs chromium and chromium-driver"


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
    _check_chromium()
    from pipeline.report.shot import chrome

    d = chrome(tmp_path_factory.mktemp("chrome-profile"))
    yield d
    d.quit()


def test_report_in_browser(report, driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

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
    assert driver.find_elements(By.CSS_SELECTOR, "#gcanvas svg g.edge path")

    # clicking a directive node shows its mentions and citing tasks in the side panel
    node = driver.find_element(By.CSS_SELECTOR, '#gcanvas g.node[data-id="dir:57-NQ/TW"], #gcanvas g.node.dir')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
    node.click()
    panel = driver.find_element(By.ID, "gpanel")
    assert panel.is_displayed() and panel.find_elements(By.TAG_NAME, "li")

    driver.execute_script("window.scrollTo(0, 0)")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.scrollY") == 0)
    shot = tmp_path / "report-screenshot.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000

    # typing in the search box hides the tasks that do not match
    tasks = driver.find_elements(By.CSS_SELECTOR, "li.task")
    assert len(tasks) == sum(len(d.tasks) for d in cat.documents)
    word = "OCOP"
    texts = driver.execute_script("return Array.from(document.querySelectorAll('li.task')).map(e => e.textContent)")
    want = {i for i, t in enumerate(texts) if word.lower() in t.lower()}
    assert 0 < len(want) < len(tasks)
    box = driver.find_element(By.ID, "q")
    box.send_keys(word.lower())
    # the first hit is marked and brought into view
    hit = driver.find_element(By.CSS_SELECTOR, "[data-search].hit")
    assert "ocop" in hit.text.lower()
    assert driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight", hit)
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


def test_printed_alignment_report_is_compact(report, driver, tmp_path):
    """Printing the alignment report gives pages that are filled: no page but the last is more than half
    empty (the first page used to hold only the title, the rest of a 93-page print was mostly blanks)."""
    from pipeline.report.html import write_report
    from pipeline.report.shot import page_fill, print_pdf

    path, cat = report
    child = cat.documents[0]
    focus = f"{child.meta.id or child.source['name']}~57-NQ/TW"
    html = write_report(cat, None, tmp_path / "pair.html", focus=focus)
    pdf = print_pdf(html, tmp_path / "pair.pdf", driver)
    fills = page_fill(pdf)
    assert len(fills) >= 2
    half_empty = [i + 1 for i, f in enumerate(fills[:-1]) if f < 0.5]
    assert not half_empty, (half_empty, [round(f, 2) for f in fills])
