"""Provenance over every real document in the repository: each task, target, responsibility and
directive mention maps back to its span of the text.

Items: every word of an item's text occurs, in order, in Document.text[prov.start:prov.end]
(blocks are joined by a newline there and by a space in an item; a table read by columns takes
a cell's words from several lines of its row, still in order). A text change made outside the
offset-tracked normaliser ("R\\&D" in the span, "R&D" in the item) fails here.
Mentions: the span, read alone, is found again as the same directive (full and named forms; a
short form needs its context); the original text, normalised again with the recorded steps,
gives the mention's text; for .txt/.md every line of the block is the file's own text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.cite import find_in_text
from pipeline.extract import extract_document
from pipeline.ingest import ingest
from pipeline.normalize import normalize

pytestmark = pytest.mark.slow  # reads a .doc through LibreOffice and every PDF

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {".txt", ".md", ".docx", ".doc", ".pdf"}
# tests/data/realshapes/docs arrives with the real-shapes corpus; every folder that exists is read
FOLDERS = [ROOT / d for d in ("corpus/real", "tests/data/real", "tests/data/realshapes/docs")]
FILES = sorted(p for d in FOLDERS if d.is_dir() for p in d.iterdir() if p.suffix.lower() in FORMATS)


def test_every_real_document_is_here():
    assert len(FILES) >= 16 and {p.suffix for p in FILES} >= {".md", ".txt", ".docx", ".doc", ".pdf"}


@cache
def extracted(path: Path):
    doc = ingest(path)
    return doc, extract_document(doc)


def in_order(text: str, span: str) -> bool:
    """Every word of `text` found in `span`, each after the previous one."""
    pos = 0
    flat = " ".join(span.split())
    for word in text.split():
        k = flat.find(word, pos)
        if k < 0:
            return False
        pos = k + len(word)
    return True


@pytest.mark.parametrize("path", FILES, ids=[p.name[:48] for p in FILES])
def test_items_map_to_their_span(path):
    doc, ext = extracted(path)
    items = [(t.id, t.text, t.prov) for t in ext.tasks] + [(t.id, t.text, t.prov) for t in ext.targets]
    items += [(r.id, part, r.prov) for r in ext.responsibilities for part in (r.body, r.duties)]
    bad = []
    for ident, text, prov in items:
        first = doc.block(prov.block)
        inside = first.start <= prov.start < prov.end <= max(doc.block(b).end for b in prov.blocks or [prov.block])
        if not inside or not in_order(text, doc.text[prov.start:prov.end]):
            bad.append(f"{ident}: {text[:70]!r} not in {doc.text[prov.start:prov.end][:90]!r}")
    assert not bad, f"{len(bad)} of {len(items)}:\n" + "\n".join(bad[:10])


@pytest.mark.parametrize("path", FILES, ids=[p.name[:48] for p in FILES])
def test_mentions_map_to_their_span(path):
    doc, ext = extracted(path)
    source = path.read_text(encoding="utf-8", errors="replace") if path.suffix in (".txt", ".md") else None
    bad = []
    for d in ext.directives:
        for m in d.mentions:
            span = doc.text[m.doc_start:m.doc_end]
            block = doc.block(m.block)
            if span != m.text or block.start + m.start != m.doc_start:
                bad.append(f"{d.id}: offsets {m.doc_start}:{m.doc_end} hold {span!r}, not {m.text!r}")
            elif m.form in ("full", "named") and not any(
                    h.id == d.id and (h.start, h.end) == (0, len(span)) for h in find_in_text(span)):
                bad.append(f"{d.id}: {span!r} alone is not found as {d.id}")
            # a line break inside a block is a recorded "join" repair (newline -> space)
            again = normalize(m.original.replace("\n", " ")).chars
            if not m.blocks and again != m.text:
                bad.append(f"{d.id}: original {m.original!r} normalises to {again!r}, not {m.text!r}")
            # blocks a reader rejoined (a recorded "join") hold their lines with one newline
            if source is not None and any(line not in source for line in block.text.split("\n")):
                bad.append(f"{d.id}: block {block.id} text is not in the file")
    assert not bad, "\n".join(bad[:10])
