"""Build the collection of bad input files in tests/data/bad/ and its expected.tsv.

    .venv/bin/python scripts/make_bad_files.py [OUT_DIR]

Every file is made from fixed seeds and the sample documents in corpus/, so the collection is
reproducible. expected.tsv has one row per file: file, outcome (ok | failed), the expected
reason (substrings, `|` between alternatives, matched case-insensitively against the reason)
and a note. Files that only exist at run time (symlink loops, FIFOs, unreadable files, names
that are not UTF-8) are made by tests/test_bad_files.py itself.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

from pipeline.ingest.legacy import encode_cp1258

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TXT = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
SAMPLE_DOCX = ROOT / "corpus" / "000_a9ef7522b32975cc.docx"
SAMPLE_PDF = ROOT / "corpus" / "000_a9ef7522b32975cc.pdf"
LEGACY_DOC = Path("/work/shared/corpus/real/quangninh_99-2025-NQ-HDND_2025-12-16_muc-chi-bau-cu.doc")

VI = ("KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n"
      "I. MỤC ĐÍCH, YÊU CẦU\n1. Phấn đấu đến năm 2030 tỷ lệ dân số trưởng thành có chữ ký số đạt 80%.\n"
      "II. NHIỆM VỤ, GIẢI PHÁP\n"
      "- Sở Khoa học và Công nghệ chủ trì xây dựng cơ sở dữ liệu, hoàn thành trong năm 2026.\n")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def pdf_bytes(objects: list[bytes], *, root: int = 1, xref: bool = True, extra_trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, extra_trailer, start))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def simple_pdf(content: bytes, *, resources: bytes = b"/Font << /F1 5 0 R >>", more: list[bytes] | None = None,
               compress: bool = False) -> bytes:
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 4 0 R >>" % resources,
        stream(content, compress=compress),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_bytes(objs + (more or []))


TEXT_OPS = (b"BT /F1 12 Tf 50 780 Td (KE HOACH thuc hien Nghi quyet so 57-NQ/TW) Tj "
            b"0 -20 Td (I. MUC DICH, YEU CAU) Tj 0 -20 Td (1. Hoan thanh co so du lieu trong nam 2026.) Tj ET")


def docx_with(document_xml: bytes | str, *, base: Path = SAMPLE_DOCX, drop: set[str] | None = None,
              level: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The sample .docx with word/document.xml replaced (and some parts dropped)."""
    if isinstance(document_xml, str):
        document_xml = document_xml.encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(buf, "w", level) as dst:
        for info in src.infolist():
            if drop and info.filename in drop:
                continue
            data = document_xml if info.filename == "word/document.xml" else src.read(info.filename)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data, compress_type=level,
                         compresslevel=9)
    return buf.getvalue()


def zip_bomb(char_mb: int) -> bytes:
    """A .docx whose document.xml is `char_mb` MB of one character, streamed so it never sits in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(SAMPLE_DOCX) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                continue
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
        zi = zipfile.ZipInfo("word/document.xml", date_time=(2025, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(zi, "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"a" * (1 << 20)
            for _ in range(char_mb):
                f.write(chunk)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def build(out: Path) -> list[tuple[str, str, str, str]]:
    rnd = random.Random(20250101)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file() or old.is_symlink():
            old.unlink()
    rows: list[tuple[str, str, str, str]] = []

    def put(name: str, data: bytes, outcome: str, reason: str, note: str) -> None:
        (out / name).write_bytes(data)
        rows.append((name, outcome, reason, note))

    sample_docx = SAMPLE_DOCX.read_bytes()
    sample_pdf = SAMPLE_PDF.read_bytes()

    # empty and nearly empty
    put("empty.txt", b"", "failed", "empty", "zero bytes")
    put("whitespace.txt", b" \t\n\r\n   \n\t\t\n" * 50, "failed", "empty", "whitespace only")
    put("bom_only.txt", b"\xef\xbb\xbf\n\n", "failed", "empty|no text", "a UTF-8 BOM and newlines")
    put("markers_only.md", b"#\n##\n###\n\n|---|---|\n", "ok", "", "Markdown markers, no words: read as text")
    put("empty_body.docx", docx_with(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body/></w:document>'),
        "failed", "empty|no text", "a .docx with an empty body")
    put("no_pages.pdf", pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        "failed", "empty|no text|no pages|page|damaged", "a valid PDF with zero pages")
    put("blank_page.pdf", simple_pdf(b""), "failed", "empty|no text|scan|ocr", "one page, no content")

    # random bytes
    noise = bytes(rnd.getrandbits(8) for _ in range(20000))
    put("random.pdf", b"\x93" + noise[1:], "failed", "not a pdf|random|unsupported|binary", "random bytes named .pdf")
    put("random.txt", b"\x93" + noise[1:8001], "failed", "binary|random|nul", "random bytes named .txt")
    put("random_noext", b"\x94" + noise[8001:16000], "failed", "binary|random|nul", "random bytes, no extension")
    put("random.docx", b"\x95" + noise[2000:12000], "failed", "not a docx|random|unsupported|binary",
        "random bytes named .docx")
    put("nul_bytes.txt", VI.encode()[:60] + b"\x00\x00" + VI.encode()[60:] + b"\x00", "failed", "nul",
        "UTF-8 text with NUL bytes in it")
    put("control_chars.txt", VI.encode() + bytes(range(1, 9)) * 40 + b"\n" + VI.encode(), "ok", "",
        "UTF-8 text with control characters")

    # sizes and shapes
    line = "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; "
    put("huge_line.txt", (line * (3 * 1024 * 1024 // len(line.encode()))).encode(), "ok", "",
        "3 MB of text on one line")
    put("deep_outline.md", "".join(f"{'  ' * (i % 40)}- mục {i} thực hiện nhiệm vụ\n" for i in range(3000)).encode(),
        "ok", "", "3,000 list items nested 40 deep")

    # format by content, not by name
    put("docx_named.pdf", sample_docx, "ok", "", "a .docx named .pdf")
    put("pdf_named.docx", sample_pdf, "ok", "", "a .pdf named .docx")
    put("txt_named.doc", VI.encode(), "ok", "", "plain text named .doc")

    # damaged containers
    put("truncated.docx", sample_docx[:3000], "failed", "damaged|corrupt|truncated|zip", "first 3000 bytes of a .docx")
    put("truncated_half.docx", sample_docx[: len(sample_docx) // 2], "failed", "damaged|corrupt|truncated|zip",
        "first half of a .docx (no central directory)")
    put("truncated.pdf", sample_pdf[: len(sample_pdf) // 3], "failed", "damaged|corrupt|truncated|pdf",
        "first third of a .pdf")
    bad_crc = bytearray(sample_docx)
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as z:
        info = z.getinfo("word/document.xml")
    data_at = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(data_at + 50, data_at + 400):
        bad_crc[i] ^= 0x5A
    put("corrupt_member.docx", bytes(bad_crc), "failed", "damaged|corrupt|zip|crc|xml",
        "document.xml's compressed bytes scrambled")
    cd = bytearray(sample_docx)
    eocd = cd.rfind(b"PK\x05\x06")
    cd[eocd + 16: eocd + 20] = b"\xff\xff\xff\x7f"  # central directory offset points past the end
    put("corrupt_cd.docx", bytes(cd), "failed", "damaged|corrupt|zip", "central directory offset broken")
    put("not_docx.docx", _zip({"readme.txt": b"hello", "data/x.xml": b"<x/>"}), "failed",
        "not a .docx|word/document.xml|unsupported", "a zip without word/document.xml")
    put("bad_xml.docx", docx_with(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'
                                  "Kế hoạch</w:r>"), "failed", "xml|corrupt|damaged", "document.xml is not well formed")
    put("zip_bomb.docx", zip_bomb(400), "failed", "large|limit|memory|too|bomb",
        "document.xml of 400 MB of one character, compressed to < 1 MB")
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs = '<!ENTITY lol0 "lol">' + laughs
    put("billion_laughs.docx", docx_with(
        f'<?xml version="1.0"?><!DOCTYPE w:document [{laughs}]><w:document xmlns:w="{W_NS}"><w:body>'
        "<w:p><w:r><w:t>Kế hoạch thực hiện &lol9;</w:t></w:r></w:p></w:body></w:document>"),
        "failed", "entit|doctype|xml|corrupt|unsafe", "XML entity expansion (billion laughs) in document.xml")
    put("ole_garbage.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise[:6000], "failed",
        "doc|corrupt|convert|damaged|legacy", "OLE signature then random bytes")

    # PDFs that are damaged or hostile
    enc = _qpdf_encrypt(sample_pdf)
    if enc is not None:
        put("encrypted.pdf", enc, "failed", "encrypt|password", "AES-256 with a user password (qpdf)")
    good = simple_pdf(TEXT_OPS)
    broken = good[: good.rfind(b"xref")] + b"xref\n0 6\n" + b"0000000999 00000 n \n" * 6 + \
        good[good.rfind(b"trailer"):]
    put("broken_xref.pdf", broken, "ok", "", "every xref offset wrong: readers rebuild it")
    put("no_xref.pdf", pdf_bytes(_objs(TEXT_OPS), xref=False).replace(b"startxref\n", b"startxref\n9"), "ok", "",
        "no xref table and a wrong startxref")
    put("header_only.pdf", b"%PDF-1.7\n%%EOF\n", "failed", "damaged|corrupt|pdf|empty", "a PDF header and nothing else")
    form = stream(b"/X0 Do", b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
                           b" /Resources << /XObject << /X0 6 0 R >> >>")
    put("loop_form.pdf", simple_pdf(b"q /X0 Do Q " + TEXT_OPS, more=[form],
                                    resources=b"/Font << /F1 5 0 R >> /XObject << /X0 6 0 R >>"),
        "ok", "", "a Form XObject that draws itself")
    loop_pages = pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                            b" /Resources << /Font << /F1 5 0 R >> >> >>",
                            stream(TEXT_OPS), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])
    put("loop_pages.pdf", loop_pages, "failed", "damaged|corrupt|page|loop",
        "a page tree whose Pages node is its own kid")
    put("huge_repeat.pdf", simple_pdf(TEXT_OPS + b"\n" + b"BT /F1 1 Tf 1 1 Td (a) Tj ET\n" * 300_000, compress=True),
        "ok", "", "a content stream of 300,000 text objects (Flate, small on disk)")

    # encodings
    put("mixed_encoding.txt", VI.encode() + encode_cp1258(VI) + VI.encode(), "ok", "",
        "UTF-8 lines then Windows-1258 lines then UTF-8")
    put("utf16_nobom.txt", VI.encode("utf-16-le"), "ok", "", "UTF-16 LE without a BOM")
    put("utf16be_nobom.txt", VI.encode("utf-16-be"), "ok", "", "UTF-16 BE without a BOM")
    put("latin1.txt", "Plan d'action: réalisé à 80 % en année 2026, coût élevé.\n".encode("latin-1") * 20, "ok", "",
        "Latin-1 French text (not Vietnamese, still text)")
    tcvn = _tcvn3(VI.lower())  # TCVN3 has tone-marked capitals only in separate fonts
    if tcvn is not None:
        put("tcvn3.txt", tcvn, "ok", "", "TCVN3 (ABC) legacy Vietnamese encoding")

    # other formats
    put("document.rtf", b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 K\\'e9 ho\\'e1ch\\par}", "failed",
        "rtf", "an RTF file")
    put("page.htm", ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Kế hoạch</title></head>"
                     f"<body><h1>KẾ HOẠCH</h1><p>{VI}</p></body></html>\n").encode(), "failed", "html",
        "an HTML page")
    put("image.png", _png(), "failed", "image|png|unsupported", "a PNG image")
    put("archive.txt.gz", _gzip(VI.encode() * 20), "failed", "binary|random|nul|unsupported|gzip|compressed",
        "gzip data")
    if LEGACY_DOC.exists():
        shutil.copyfile(LEGACY_DOC, out / "legacy.doc")
        ok = shutil.which("soffice") or shutil.which("libreoffice")
        rows.append(("legacy.doc", "ok" if ok else "failed", "" if ok else "legacy|doc|libreoffice",
                     "Word 97-2003 .doc (ok when LibreOffice converts it)"))

    with open(out / "expected.tsv", "w", encoding="utf-8") as f:
        f.write("file\toutcome\treason\tnote\n")
        for r in sorted(rows):
            f.write("\t".join(r) + "\n")
    return rows


def _objs(content: bytes) -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Contents 4 0 R >>", stream(content), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data, mtime=0)


def _png() -> bytes:
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    w, h = 64, 32
    raw = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(w)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _qpdf_encrypt(data: bytes) -> bytes | None:
    if not shutil.which("qpdf"):
        print("qpdf not found: encrypted.pdf not made", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "in.pdf", Path(d) / "out.pdf"
        src.write_bytes(data)
        subprocess.run(["qpdf", "--encrypt", "u", "o", "256", "--", str(src), str(dst)], check=True)
        return dst.read_bytes()


def _vni(text: str) -> bytes | None:
    try:
        from pipeline.ingest.legacy import encode_vni
    except ImportError:
        return None
    return encode_vni(text)


def _tcvn3(text: str) -> bytes | None:
    """Encode with the legacy reader's own table, when it has one."""
    try:
        from pipeline.ingest.legacy import encode_tcvn3
    except ImportError:
        return None
    return encode_tcvn3(text)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "bad"
    made = build(target)
    total = sum((target / r[0]).stat().st_size for r in made)
    print(f"{len(made)} files in {target} ({total / 1e6:.1f} MB)")
