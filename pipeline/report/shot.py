"""Headless Chromium (Debian's chromium + chromedriver, via selenium) for report screenshots and tests.

Selenium is a development dependency: this module is imported only by the browser test and by
whoever makes the committed example screenshots.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage")


def chrome(profile: str | Path | None = None, *, width: int = 1400, height: int = 1000) -> Any:
    """A selenium Chrome driver on the local chromium, networking features off, browser log on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in (*FLAGS, f"--window-size={width},{height}",
              f"--user-data-dir={profile or tempfile.mkdtemp(prefix='vnp-chrome-')}"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(DRIVER), options=opts)
    d.set_page_load_timeout(60)
    return d


def screenshot(html: str | Path, png: str | Path, *, scroll_to: str | None = None, click: str | None = None,
               width: int = 1400, height: int = 1000) -> list[dict]:
    """Open a local report, optionally click a graph node / scroll to an element, save a PNG.

    Returns the browser's SEVERE console entries (empty when the page ran cleanly).
    """
    from selenium.webdriver.common.by import By

    d = chrome(width=width, height=height)
    try:
        d.get(Path(html).resolve().as_uri())
        if click:
            el = d.find_element(By.CSS_SELECTOR, click)
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
            el.click()
        if scroll_to:
            d.execute_script("document.querySelector(arguments[0]).scrollIntoView()", scroll_to)
        else:
            d.execute_script("window.scrollTo(0, 0)")
        Path(png).parent.mkdir(parents=True, exist_ok=True)
        d.save_screenshot(str(png))
        return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    finally:
        d.quit()


def print_pdf(html: str | Path, pdf: str | Path, driver: Any = None) -> Path:
    """Print a local report to PDF as a person printing it would (A4, print CSS, backgrounds off)."""
    import base64

    from selenium.webdriver.common.print_page_options import PrintOptions

    d = driver or chrome()
    try:
        d.get(Path(html).resolve().as_uri())
        d.execute_script("window.dispatchEvent(new Event('beforeprint'))")  # what a real print does first
        opts = PrintOptions()
        opts.page_width, opts.page_height = 21.0, 29.7
        Path(pdf).write_bytes(base64.b64decode(d.print_page(opts)))
        return Path(pdf)
    finally:
        if driver is None:
            d.quit()


def page_fill(pdf: str | Path) -> list[float]:
    """How far down each page of a PDF its text reaches (0..1), from poppler's `pdftotext -bbox`."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True,
                         text=True).stdout
    fills = []
    for page in re.findall(r"<page [^>]*height=\"([\d.]+)\"[^>]*>(.*?)</page>", out, re.S):
        height, body = float(page[0]), page[1]
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body)]
        fills.append(max(ys) / height if ys else 0.0)
    return fills


def graph_screenshot(html: str | Path, png: str | Path, *, max_width: int = 3000) -> tuple[int, int]:
    """A PNG of the whole graph at its natural size (the page scrolls it; the picture shows all of it).

    Returns the drawing's size in CSS pixels."""
    from selenium.webdriver.common.by import By

    d = chrome(width=1400, height=1000)
    try:
        d.get(Path(html).resolve().as_uri())
        w, h = d.execute_script("var r = document.getElementById('gsvg').getBoundingClientRect();"
                                "return [Math.ceil(r.width), Math.ceil(r.height)]")
        d.set_window_size(min(max_width, w + 420), h + 400)
        d.execute_script("var c = document.getElementById('gcanvas'); c.style.maxHeight = 'none';"
                         "c.style.overflow = 'visible'; document.getElementById('graph').scrollIntoView()")
        Path(png).parent.mkdir(parents=True, exist_ok=True)
        d.find_element(By.ID, "gsvg").screenshot(str(png))
        return w, h
    finally:
        d.quit()
