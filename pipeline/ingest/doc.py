"""Legacy Word 97-2003 .doc: converted to .docx by LibreOffice, then read as .docx."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .. import children
from ..children import temp_dir
from ..errors import CorruptDocument, LegacyDocFormat
from .raw import Reading

TIMEOUT = int(os.environ.get("VNPOLICY_SOFFICE_TIMEOUT", 120))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_WORD_STREAM = "WordDocument".encode("utf-16-le")


def read_doc(data: bytes, path: Path) -> Reading:
    if _WORD_STREAM not in data:
        # LibreOffice would "convert" any OLE file, even garbage, as a text import
        raise CorruptDocument(path, "damaged or not a Word .doc: the OLE container has no WordDocument stream")
    exe = soffice()
    if exe is None:
        raise LegacyDocFormat(path, "legacy Word 97-2003 .doc: convert it to .docx, or install LibreOffice "
                                    "(apt-get install libreoffice-writer)")
    with temp_dir("doc") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        # a private profile: parallel conversions must not share (and lock) one user profile
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            proc = children.run(cmd, timeout=TIMEOUT, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise CorruptDocument(path, f"LibreOffice did not convert the .doc within {TIMEOUT} s") from None
        out = Path(tmp) / "in.docx"
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            err = (proc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise CorruptDocument(path, "LibreOffice could not convert this .doc (damaged file?)"
                                        + (f": {err[-1][:160]}" if err else ""))
        converted = out.read_bytes()
    from .docx import read_docx

    reading = read_docx(converted, path)
    for b in reading.blocks:
        b.method = "libreoffice"
    reading.format = "doc"
    reading.method = "libreoffice"
    return reading
