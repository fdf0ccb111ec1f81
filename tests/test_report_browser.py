"""The report pages in a real headless Chromium: no console errors, the graphs draw, search and filter work.

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
from pipeline.report.shot import CHROMIUM, DRIVER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


def _check_chromium() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    assert not missing, f"{', '.join(missing)} missing: `make test` installs chromium and chromium-driver"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The published report of the ward sample and 57-NQ/TW: the index, two document pages, one alignment page."""
    from pipeline.publish import publish
    from pipeline.store import Store

    parents = sorted((ROOT / "corpus" / "real").glob("central_57-NQ-TW*.md"))
    exts = [extract_file(SAMPLE), *(extract_file(p) for p in parents[:1])]
    tmp = tmp_path_factory.mktemp("report")
    with Store(tmp / "s.sqlite", writer=True) as st:
        for e in exts:
            st.put(f"corpus/{e.source['name']}", 1, 1, "browser-test", e)
        publish(st, tmp / "out", "browser-test")
    cat = build_catalogue(exts, paths={}, links=[], alignments=[], failures=[])
    return tmp / "out", cat


def _page(out: Path, sha: str) -> Path:
    (page,) = (out / "report" / "van-ban").glob(f"*-{sha[:10]}.html")
    return page


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    _check_chromium()
    from pipeline.report.shot import chrome

    d = chrome(tmp_path_factory.mktemp("chrome-profile"))
    yield d
    d.quit()


def _severe(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_index_in_browser(report, driver, tmp_path):
    """report.html: the graph draws and answers a click, the filter box hides the rows that do not match,
    a document's name opens its page."""
    from selenium.webdriver.common.by import By

    out, cat = report
    driver.get((out / "report.html").as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    assert not _severe(driver)
    nodes = driver.find_elements(By.CSS_SELECTOR, "#gcanvas svg g.node")
    expected = len({x.id for d in cat.documents for x in d.directives} - {d.meta.id for d in cat.documents}) \
        + len(cat.documents)
    assert len(nodes) == driver.execute_script("return window.vnpolicyGraph.nodes") == expected >= 10
    node = driver.find_element(By.CSS_SELECTOR, "#gcanvas g.node.doc")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
    node.click()
    panel = driver.find_element(By.ID, "gpanel")
    assert panel.is_displayed() and panel.find_elements(By.CSS_SELECTOR, "a[href^='report/van-ban/']")

    rows = driver.find_elements(By.CSS_SELECTOR, "tr.dir")
    assert len(rows) > 10
    box = driver.find_element(By.ID, "q")
    box.send_keys("chi thi")  # the directives of kind Chỉ thị, typed without diacritics
    shown = [r for r in rows if r.is_displayed()]
    assert 0 < len(shown) < len(rows) and all("Chỉ thị" in r.text for r in shown)
    assert len(shown) == sum("Chỉ thị" in r.get_attribute("textContent") for r in rows)
    assert all(not r.is_displayed() for r in driver.find_elements(By.CSS_SELECTOR, "tr.docrow"))
    box.clear()
    driver.execute_script("document.getElementById('q').dispatchEvent(new Event('input'))")
    link = driver.find_element(By.CSS_SELECTOR, "tr.docrow a")
    label = link.text
    link.click()
    assert driver.current_url.startswith((out / "report" / "van-ban").as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == label
    assert not _severe(driver)
    assert driver.save_screenshot(str(tmp_path / "index.png"))


def test_document_page_in_browser(report, driver, tmp_path):
    """The sample's page: its graph, the side panel of a cited directive, the search over its tasks."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out, cat = report
    doc = next(d for d in cat.documents if d.source["name"] == SAMPLE.name)
    driver.get(_page(out, doc.document).as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    assert not _severe(driver)

    # the graph drew the document and each directive it cites
    nodes = driver.find_elements(By.CSS_SELECTOR, "#gcanvas svg g.node")
    expected = len({x.id for x in doc.directives} - {doc.meta.id}) + 1
    assert len(nodes) == driver.execute_script("return window.vnpolicyGraph.nodes") == expected >= 10
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
    assert len(tasks) == len(doc.tasks)
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
    assert not _severe(driver)


def test_printed_alignment_page_is_compact(report, driver, tmp_path):
    """Printing an alignment page gives pages that are filled: no page but the last is more than half
    empty (the first page used to hold only the title, the rest of a 93-page print was mostly blanks)."""
    from pipeline.report.shot import page_fill, print_pdf

    out, _cat = report
    (page,) = (out / "report" / "doi-chieu").glob("*~57-nq_tw-*.html")
    driver.get(page.as_uri())
    assert not _severe(driver)
    pdf = print_pdf(page, tmp_path / "pair.pdf", driver)
    fills = page_fill(pdf)
    assert len(fills) >= 2
    half_empty = [i + 1 for i, f in enumerate(fills[:-1]) if f < 0.5]
    assert not half_empty, (half_empty, [round(f, 2) for f in fills])
