"""Bad input fails with the right error class, and on the command line with one line naming the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc"
REAL = ROOT / "tests" / "data" / "real"
DOCX = SAMPLE.with_suffix(".docx")
PDF = SAMPLE.with_suffix(".pdf")


def _rewrite_docx(out: Path, change=None, extra: dict[str, bytes] | None = None) -> Path:
    src = zipfile.ZipFile(DOCX)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            z.writestr(name, change(name, data) if change else data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out


def make(kind: str, d: Path) -> Path:
    """Write one bad file into `d`."""
    if kind == "empty":
        p = d / "empty.txt"
        p.write_bytes(b"")
    elif kind == "random_pdf":
        p = d / "random.pdf"
        p.write_bytes(os.urandom(4096))
    elif kind == "random_txt":
        p = d / "random.txt"
        p.write_bytes(b"\x00" + os.urandom(4095))
    elif kind == "truncated_docx":
        p = d / "truncated.docx"
        p.write_bytes(DOCX.read_bytes()[:20000])
    elif kind == "corrupt_docx":  # a sound zip whose document.xml stops half way
        p = _rewrite_docx(d / "corrupt.docx", lambda n, b: b[: len(b) // 2] if n == "word/document.xml" else b)
    elif kind == "truncated_pdf":
        p = d / "truncated.pdf"
        p.write_bytes(PDF.read_bytes()[:40000])
    elif kind == "corrupt_pdf":  # header and trailer, nothing valid between
        p = d / "corrupt.pdf"
        p.write_bytes(b"%PDF-1.7\n" + b"garbage " * 500 + b"\nstartxref\n999999\n%%EOF\n")
    elif kind == "encrypted_pdf":
        p = d / "encrypted.pdf"
        subprocess.run(["qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", str(PDF), str(p)], check=True)
    elif kind == "zip_bomb":  # 20 MB of zeros packs to ~20 KB
        p = _rewrite_docx(d / "bomb.docx", extra={"word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    elif kind == "xml_entities":
        dtd = (b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')
        p = _rewrite_docx(d / "entities.docx",
                          lambda n, b: b.replace(b"<w:document", dtd + b"<w:document", 1)
                          if n == "word/document.xml" else b)
    elif kind == "ole_garbage":  # the OLE signature, then noise: no Word stream inside
        p = d / "garbage.doc"
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(8184))
    else:
        raise ValueError(kind)
    return p


CASES = {
    "empty": errors.EmptyDocument,
    "random_pdf": errors.UnsupportedFormat,
    "random_txt": errors.CorruptDocument,
    "truncated_docx": errors.CorruptDocument,
    "corrupt_docx": errors.CorruptDocument,
    "truncated_pdf": errors.CorruptDocument,
    "corrupt_pdf": errors.CorruptDocument,
    "encrypted_pdf": errors.EncryptedDocument,
    "zip_bomb": errors.CorruptDocument,
    "xml_entities": errors.CorruptDocument,
    "ole_garbage": errors.CorruptDocument,
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_input_error_class(kind, tmp_path):
    path = make(kind, tmp_path)
    with pytest.raises(CASES[kind]) as info:
        ingest(path)
    assert path.name in str(info.value)


def cli(path: Path):
    """`vnpolicy ingest PATH` in-process (conftest.run_cli)."""
    from conftest import run_cli

    return run_cli("ingest", path)


def check_cli(r, name: str, code: int) -> None:
    err = r.stderr.strip()
    assert r.returncode == code, (r.returncode, err)
    assert "Traceback" not in err and len(err.splitlines()) == 1 and name in err, err


@pytest.mark.parametrize("kind", ["empty", "random_pdf", "random_txt", "corrupt_docx", "truncated_pdf",
                                  "encrypted_pdf", "zip_bomb", "xml_entities", "truncated_docx",
                                  "ole_garbage"])
def test_bad_input_cli(kind, tmp_path):
    path = make(kind, tmp_path)
    check_cli(cli(path), path.name, CASES[kind].exit_code)


def test_exit_codes_are_distinct():
    classes = [errors.EmptyDocument, errors.UnsupportedFormat, errors.CorruptDocument, errors.EncryptedDocument,
               errors.LegacyDocFormat, errors.TooLarge, errors.MissingTool, errors.IngestError]
    assert len({c.exit_code for c in classes}) == len(classes)
    assert all(c.exit_code != 0 for c in classes)


def test_oversized(tmp_path, monkeypatch):
    import pipeline.ingest

    with pytest.raises(errors.TooLarge):
        ingest(PDF, max_bytes=10_000)
    monkeypatch.setattr(pipeline.ingest, "MAX_BYTES", 10_000)  # what VNPOLICY_MAX_BYTES=10000 sets at import
    check_cli(cli(PDF), PDF.name, errors.TooLarge.exit_code)


def test_wrong_extensions_still_read(tmp_path):
    """A .pdf that is really a .docx and the reverse: the content decides."""
    as_pdf = tmp_path / "really_docx.pdf"
    as_pdf.write_bytes(DOCX.read_bytes())
    as_docx = tmp_path / "really_pdf.docx"
    as_docx.write_bytes(PDF.read_bytes())
    a, b = ingest(as_pdf), ingest(as_docx)
    assert a.source.format == "docx" and b.source.format == "pdf"
    assert a.text == ingest(DOCX).text and b.text == ingest(PDF).text
    r = cli(as_docx)
    assert r.returncode == 0 and '"format": "pdf"' in r.stdout


def test_legacy_doc_without_libreoffice(monkeypatch, tmp_path):
    doc = REAL / "quangninh_99-2025-NQ-HDND_2025-12-16_muc-chi-bau-cu.doc"
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(errors.LegacyDocFormat) as info:
        ingest(doc)
    assert "LibreOffice" in str(info.value)
    check_cli(cli(doc), doc.name, errors.LegacyDocFormat.exit_code)


def test_ocr_without_tesseract(tmp_path, monkeypatch):
    """A scan needs tesseract: without it, one line saying what to install."""
    from pipeline.ingest import ocr

    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    monkeypatch.setenv("PATH", str(empty_path))
    scan = SAMPLE.parent / f"{SAMPLE.name}_scan.pdf"
    ocr.tesseract.cache_clear()
    try:
        r = cli(scan)
    finally:
        ocr.tesseract.cache_clear()
    check_cli(r, scan.name, errors.MissingTool.exit_code)
    assert "tesseract-ocr-vie" in r.stderr
