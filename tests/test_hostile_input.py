"""Issue #16, hostile document content: look-alike characters, lying zips, mixed encodings, huge cited
lists, programs that outlive their worker."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from hostile import (
    ROOT,
    SAMPLE,
    assert_sound,
    catalogue,
    good_corpus,
    normal_run_succeeds,
    text,
    vp,
)

from pipeline.extract import extract_file

SAMPLE_DOCX = ROOT / "corpus" / "000_a9ef7522b32975cc.docx"


def _word_spelling(body: str) -> str:
    """Ids as Word and web pages spell them: a non-breaking hyphen, a soft hyphen, joiners, full-width digits."""
    return (body.replace("80-NQ/TW", "80\u2011NQ/T\u200dW").replace("-NQ/TW", "\u2011NQ/\u2060TW")
            .replace("-KL/TW", "\u00ad-KL/TW").replace("2030", "２０３０"))


def test_invisible_and_look_alike_characters_are_repaired_and_linked(tmp_path):
    plain = extract_file(SAMPLE)
    odd = tmp_path / "word.txt"
    odd.write_text(_word_spelling(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    ext = extract_file(odd)
    assert sorted(d.id for d in ext.directives) == sorted(d.id for d in plain.directives)
    assert [t.cites for t in ext.tasks] == [t.cites for t in plain.tasks]
    mentions = [m for d in ext.directives if d.id == "80-NQ/TW" for m in d.mentions]
    # the offsets still point at what was read
    assert any("80\u2011NQ/T\u200dW" in m.original and "80-NQ/TW" in m.text for m in mentions)
    from pipeline.ingest import ingest

    repairs = [r for b in ingest(odd).blocks for r in b.repairs if r.kind == "lookalike"]
    assert {r.before for r in repairs} >= {"\u2011", "\u200d", "\u00ad", "\u2060", "２"}


def _lying_docx(src: bytes, pad: int) -> bytes:
    """word/document.xml inflates to `pad` bytes more than its headers declare, with the declared CRC right."""
    zin = zipfile.ZipFile(io.BytesIO(src))
    real = zin.read("word/document.xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info.filename, body + b" " * pad if info.filename == "word/document.xml" else body)
    data = bytearray(buf.getvalue())
    name = b"word/document.xml"
    for sig, crc_at, name_len_at, head in ((b"PK\x03\x04", 14, 26, 30), (b"PK\x01\x02", 16, 28, 46)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if bytes(data[pos + head:pos + head + n]) == name:
                struct.pack_into("<I", data, pos + crc_at, zlib.crc32(real))
                struct.pack_into("<I", data, pos + crc_at + 8, len(real))
            pos += 4
    return bytes(data)


def test_docx_that_inflates_beyond_what_it_declares_is_refused(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus)
    bomb = corpus / "bomb.docx"
    bomb.write_bytes(_lying_docx(SAMPLE_DOCX.read_bytes(), 300 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--mem-mb", "1024")
    assert r.returncode == 1, text(r)[-2000:]
    assert "bomb.docx: refused: .docx part word/document.xml declares" in r.stderr.decode(), text(r)[-2000:]
    assert_sound(out / "vnpolicy.sqlite", good)
    # a small lie is refused the same way: the check compares, it does not only cap
    bomb.write_bytes(_lying_docx(SAMPLE_DOCX.read_bytes(), 1000))
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 1 and "declares" in r.stderr.decode()
    normal_run_succeeds(corpus, out, good)


def test_mixed_utf8_and_legacy_lines_are_decoded_per_line(tmp_path):
    from pipeline.ingest.legacy import encode_tcvn3, encode_vni

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus, 1)
    lines = SAMPLE.read_text(encoding="utf-8").replace("2030", "2035").split("\n")
    half = len(lines) // 2
    # TCVN3 (.Vn fonts) has few capitals: the legacy half is lower case, and so is the UTF-8 reference
    head, tail = "\n".join(lines[:half]), "\n".join(lines[half:]).lower()
    ref = tmp_path / "reference.txt"
    ref.write_text(head + "\n" + tail, encoding="utf-8")
    want = extract_file(ref)
    for name, encode in (("tcvn3", encode_tcvn3), ("vni", encode_vni)):
        mixed = corpus / f"mixed_{name}.txt"
        mixed.write_bytes(head.encode("utf-8") + b"\n" + encode(tail))
        got = extract_file(mixed)
        assert got.source["encoding"] == f"utf-8+{name}"
        assert [t.text for t in got.tasks] == [t.text for t in want.tasks] and len(got.tasks) > 30
    # the other half in no encoding that reads as Vietnamese: refused with the reason, not "ok" with 0 tasks
    junk = bytes((i * 131 + 7) % 128 + 128 if i % 3 == 0 else 97 + i % 26 for i in range(30000))
    (corpus / "mixed_junk.txt").write_bytes(head.encode("utf-8") + b"\n" + junk)
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    assert r.returncode == 1, text(r)[-2000:]
    assert "mixed_junk.txt: mixed encodings:" in r.stderr.decode()
    docs = {d["source"]["name"]: d for d in catalogue(out)["documents"]}
    assert {"mixed_tcvn3.txt", "mixed_vni.txt"} <= set(docs)
    # a text that does not read as Vietnamese carries a diagnostic
    (corpus / "mojibake.txt").write_text(SAMPLE.read_text(encoding="utf-8").encode("utf-8").decode("cp1252", "replace"),
                                         encoding="utf-8")
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report")
    moji = next(d for d in catalogue(out)["documents"] if d["source"]["name"] == "mojibake.txt")
    assert any(x["code"] == "encoding" and "Vietnamese syllables" in x["message"] for x in moji["diagnostics"])
    assert_sound(out / "vnpolicy.sqlite", good + [corpus / "mixed_tcvn3.txt", corpus / "mixed_vni.txt"])
    normal_run_succeeds(corpus, out, good)


def test_twenty_thousand_cited_lines_are_processed(tmp_path):
    """Matching every task against every citation made this take a minute; 100,000 lines exceeded 300 s."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus, 1)
    body = ["KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW", "I. NHIỆM VỤ, GIẢI PHÁP"]
    body += [f"- Sở Nội vụ chủ trì nhiệm vụ {i} theo Quyết định số {100 + i % 50}/QĐ-TTg." for i in range(20000)]
    (corpus / "long.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    r = vp("run", corpus, "--out", out, "-j", "2", "--no-report", "--timeout", "300")
    assert r.returncode == 0, text(r)[-2000:]
    doc = next(d for d in catalogue(out)["documents"] if d["source"]["name"] == "long.txt")
    assert len(doc["tasks"]) == 20000
    assert all(t["cites"] == [f"{100 + i % 50}/QĐ-TTg"] for i, t in enumerate(doc["tasks"]))
    assert_sound(out / "vnpolicy.sqlite", [*good, corpus / "long.txt"])
    normal_run_succeeds(corpus, out, good)


def _ours() -> set[str]:
    return {d for d in os.listdir(tempfile.gettempdir()) if d.startswith("vnpolicy-doc-")}


def _soffice_using(folders: set[str]) -> list[str]:
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [ln for ln in ps.splitlines() if "office" in ln and any(f in ln for f in folders)]


@pytest.mark.slow
def test_doc_timeout_leaves_no_temp_copy_and_no_soffice(tmp_path, monkeypatch):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good = good_corpus(corpus, 1)
    shutil.copy(ROOT / "tests" / "data" / "bad" / "legacy.doc", corpus / "slow.doc")
    # A converter that hangs, first on PATH: a warm LibreOffice converts this file in well under
    # the 1 s limit, so the real one cannot be relied on to time out. The stand-in is started the
    # same way (its own process group, its arguments naming the temp folder) and must be killed.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text("#!/bin/sh\nsleep 120\n")
    fake.chmod(0o755)
    real_path = os.environ["PATH"]
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{real_path}")
    before = _ours()
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report", "--timeout", "1")
    assert r.returncode == 1 and "slow.doc: took longer than the 1 s limit" in r.stderr.decode(), text(r)[-2000:]
    monkeypatch.setenv("PATH", real_path)
    left = _ours() - before
    assert not left and not _soffice_using({"vnpolicy-doc-"} - before), (left, _soffice_using(left))
    # a worker killed outright leaves its folder: the next run removes it and what still uses it
    stale = Path(tempfile.gettempdir()) / "vnpolicy-doc-999999999-x"
    stale.mkdir()
    os.utime(corpus / "slow.doc")  # changed: processed again, this time with time enough
    r = vp("run", corpus, "--out", out, "-j", "1", "--no-report", "--timeout", "120")
    assert r.returncode == 0, text(r)[-2000:]
    assert not stale.exists()
    assert_sound(out / "vnpolicy.sqlite", [*good, corpus / "slow.doc"])
    normal_run_succeeds(corpus, out, good)


@pytest.mark.slow
def test_a_file_that_times_out_twice_is_not_retried_on_every_run(tmp_path, monkeypatch):
    """Each try of a hanging file costs the whole limit: after two timeouts in a row it stays
    failed until it changes, the limit grows, or --retry-failed."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    good_corpus(corpus, 1)
    shutil.copy(ROOT / "tests" / "data" / "bad" / "legacy.doc", corpus / "slow.doc")
    bin_dir = tmp_path / "bin"  # a converter that hangs, first on PATH (see the test above)
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text("#!/bin/sh\nsleep 120\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def run(*extra):
        r = vp("run", corpus, "--out", out, "-j", "1", "--no-report", "--timeout", "1", *extra)
        return r.returncode, r.stderr.decode()

    rc, err = run()
    assert rc == 1 and "slow.doc: took longer than the 1 s limit per file" in err and "twice" not in err
    rc, err = run()  # tried again (a timeout may be the machine's load), and timed out again
    assert rc == 1 and "twice in a row" in err
    rows = sqlite3.connect(out / "vnpolicy.sqlite").execute(
        "SELECT status FROM files WHERE path LIKE '%slow.doc'").fetchall()
    assert rows == [("failed",)]
    rc, err = run()  # not tried: reported from the store, no second of waiting
    assert rc == 1 and "twice in a row" in err
    assert "[1/1]" not in err and "[1/2]" not in err  # nothing was processed
    rc, err = run("--retry-failed")  # asked for: tried again
    assert rc == 1 and "took longer than the 1 s limit" in err and "[1/1]" in err
