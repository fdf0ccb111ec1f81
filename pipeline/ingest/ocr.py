"""OCR of PDF pages: pdfium renders at 300 dpi, `tesseract -l vie` reads, pages in parallel.

One tesseract process per page with OMP_THREAD_LIMIT=1 (tesseract's own threads only fight
each other), as many at once as there are cores. Rendering stays in the calling thread because
pdfium is not thread-safe; the processes run while the next page renders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from io import BytesIO

from .. import children
from ..errors import MissingTool

DPI = 300
TIMEOUT = 120
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"


@lru_cache(maxsize=1)
def tesseract() -> str:
    exe = shutil.which("tesseract")
    if not exe:
        raise MissingTool(f"tesseract is not installed, and this PDF needs OCR: {INSTALL}")
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MissingTool(f"tesseract does not run ({exc}): {INSTALL}") from None
    langs = set((out.stdout + out.stderr).split())
    if "vie" not in langs:
        raise MissingTool(f"tesseract has no Vietnamese language data (vie): {INSTALL}")
    return exe


def _run(exe: str, image: bytes) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        r = children.run([exe, "stdin", "stdout", "-l", "vie", "--psm", "3", "--dpi", str(DPI),
                          "-c", "tessedit_do_invert=0", "tsv"],
                         input=image, timeout=TIMEOUT, env=env, die_with_parent=False)
    except subprocess.TimeoutExpired:
        return ""
    return r.stdout.decode("utf-8", errors="replace")


def ocr_pages(pdf, pages: list[int], workers: int | None = None) -> dict[int, str]:
    """OCR the given 0-based pages of an open pypdfium2 document; returns page -> text."""
    exe = tesseract()
    workers = max(1, min(workers or os.cpu_count() or 1, len(pages) or 1))
    futures: dict[int, Future[str]] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for i in pages:
            page = pdf[i]
            try:
                bitmap = page.render(scale=DPI / 72, grayscale=True)
                image = bitmap.to_pil()
            finally:
                page.close()
            buf = BytesIO()
            image.save(buf, "PPM")  # uncompressed: cheapest to write and for leptonica to read
            futures[i] = pool.submit(_run, exe, buf.getvalue())
        return {i: f.result() for i, f in futures.items()}


def parse_tsv(tsv: str) -> list[tuple[str, float, float, float, float, float]]:
    """Tesseract's TSV as lines: (text, left, right, top, bottom, confidence), pixels, top down."""
    lines: dict[tuple[str, str, str], list] = {}
    order: list[tuple[str, str, str]] = []
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        key = (f[2], f[3], f[4])
        x, y, w, h, conf = int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])
        if key not in lines:
            lines[key] = [[], x, x + w, y, y + h, []]
            order.append(key)
        ln = lines[key]
        ln[0].append(f[11].strip())
        ln[1], ln[2] = min(ln[1], x), max(ln[2], x + w)
        ln[3], ln[4] = min(ln[3], y), max(ln[4], y + h)
        ln[5].append(conf)
    out = []
    for key in order:
        words, x0, x1, top, bottom, confs = lines[key]
        out.append((" ".join(words), x0, x1, top, bottom, sum(confs) / len(confs)))
    return out


def available() -> bool:
    try:
        tesseract()
        return True
    except MissingTool:
        return False



