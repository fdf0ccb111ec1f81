"""Everything a staff member reads is Vietnamese: the report, the workbook and the CLI answers.

Runs `vnpolicy run` on the committed corpus (the sample in four renderings and the real documents)
and walks every text a person reads, failing on English words and machine codes known to have
leaked into Vietnamese outputs before (issue #12).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

# words and codes seen in Vietnamese outputs; matched as whole words, case-insensitive
ENGLISH = ["no child target", "matched", "missing_in_child", "tasks", "objectives", "closing", "outline-start",
           "mean(tfidf", "weaker", "stronger", "documents", "parent tasks", "targets", "directives", "alignment",
           "commune", "province", "district", "central", "unknown", "repaired", "warning", "info", "error",
           "suspect", "aligns", "cites", "implements", "more", "no match", "gap", "local", "review", "score",
           "not_comparable", "upper_level", "qualitative", "equal", "verdict", "doc_id", "task_id", "none",
           "true", "false", "parent_missing", "citation_unresolved", "pair", "target", "document", "node",
           "level", "title", "generated", "file", "sha256", "children", "items", "inferred", "Parent", "child"]
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
DEFECTS = ["Nơi Nơi nhận", "T/M T/M", "**"]


def leaks(text: str) -> list[str]:
    low = text.lower()
    out = [w for w in ENGLISH if re.search(rf"(?<![\w/.-]){re.escape(w.lower())}(?![\w/-])", low)]
    out += [d for d in DEFECTS if d in text]
    out += ISO_TIME.findall(text)
    return out


class _Text(HTMLParser):
    """The text a reader sees: element text and the attributes shown on screen, without script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for k, v in attrs:
            if k in ("title", "placeholder", "aria-label", "alt") and v:
                self.parts.append(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return "\n".join(p.parts)


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    parts = list(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def run(vp, tmp_path_factory):
    out = tmp_path_factory.mktemp("vi-run")
    r = vp("run", str(ROOT / "corpus"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


def _assert_clean(where: str, text: str) -> None:
    bad = leaks(text)
    assert not bad, f"{where}: English or defects left: {sorted(set(bad))[:20]}"


def test_report_is_vietnamese(run):
    _assert_clean("report.html", html_text(run / "report.html"))


def test_workbook_is_vietnamese(run):
    _assert_clean("catalogue.xlsx", xlsx_text(run / "catalogue.xlsx"))


@pytest.mark.parametrize("args", [
    ("align", "144/KH-UBND"), ("align", "000_a9ef7522b32975cc.txt"), ("trace", "57-NQ/TW"), ("show", "57-NQ/TW"),
    ("show", "144/KH-UBND"), ("status",), ("search", "chuyen doi so"), ("search", "khong-co-tu-nay-xyz"),
])
def test_cli_answers_are_vietnamese(vp, run, args):
    store = str(run / "vnpolicy.sqlite")
    r = vp(*args, "--store", store) if args[0] != "status" else vp("status", str(ROOT / "corpus"), "--store", store)
    assert r.returncode == 0, r.stderr
    _assert_clean(" ".join(args), r.stdout + r.stderr)


def test_english_on_request(vp, run):
    r = vp("align", "144/KH-UBND", "--lang", "en", "--store", str(run / "vnpolicy.sqlite"))
    assert r.returncode == 0, r.stderr
    assert "Matched" in r.stdout or "matched" in r.stdout
