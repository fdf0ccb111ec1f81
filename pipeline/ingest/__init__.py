"""Ingest: any supported file -> one `Document`.

The format is chosen from the bytes (magic numbers), never from the extension alone; each
format has its reader module, loaded only when needed so start-up stays fast.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import stat
import sys
import zlib
from bisect import bisect_right
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from ..errors import CorruptDocument, EmptyDocument, IngestError, LegacyDocFormat, TooLarge, UnsupportedFormat
from ..model import Block, Diagnostic, Document, Repair, Source
from ..normalize import normalize
from .raw import RawBlock, Reading

MAX_BYTES = int(os.environ.get("VNPOLICY_MAX_BYTES", 50 * 1024 * 1024))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# formats that are certainly not documents we read: (magic, name, advice)
_NOT_DOCUMENTS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "images are not read; put scans in a PDF"),
    (b"\xff\xd8\xff", "a JPEG image", "images are not read; put scans in a PDF"),
    (b"GIF8", "a GIF image", "images are not read"),
    (b"II*\x00", "a TIFF image", "images are not read; put scans in a PDF"),
    (b"MM\x00*", "a TIFF image", "images are not read; put scans in a PDF"),
    (b"\x1f\x8b", "gzip-compressed data", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "a program (ELF)", "not a document"),
)
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)


def check_regular(path: Path) -> os.stat_result:
    """The stat of a regular file; anything else (FIFO, device, dangling or looping link) is refused.

    Never opens the file, so a named pipe cannot block the caller.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise IngestError(path, "not a regular file: dangling symbolic link") from None
        raise IngestError(path, "no such file") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise IngestError(path, "not a regular file: symbolic link loop") from None
        raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = "named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) \
            else "device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "special file"
        raise IngestError(path, f"not a regular file: {kind}")
    return st

# format -> "module:function"; modules import their heavy libraries themselves
READERS: dict[str, str] = {
    "txt": "pipeline.ingest.txt:read_text",
    "md": "pipeline.ingest.txt:read_text",
    "docx": "pipeline.ingest.docx:read_docx",
    "pdf": "pipeline.ingest.pdf:read_pdf",
    "doc": "pipeline.ingest.doc:read_doc",
}


def _bad_zip() -> type[Exception]:
    """zipfile's error, imported when a reader failed: zipfile (with bz2, lzma, shutil) is 3-4 ms of a
    start that reads a .txt, which needs none of it (#15)."""
    import zipfile

    return zipfile.BadZipFile


def sniff(data: bytes, path: Path) -> str:
    """Name the format from the content; the extension only separates .md from .txt."""
    if not data.strip():
        raise EmptyDocument(path, "file is empty")
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise CorruptDocument(path, f"damaged zip container (truncated .docx?): {exc}") from None
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormat(path, "zip archive without word/document.xml: not a .docx")
    if data.startswith(b"PK"):
        raise CorruptDocument(path, "damaged zip container (truncated .docx?)")
    if data.startswith(OLE_MAGIC):
        return "doc"
    if data.startswith(b"{\\rtf"):
        raise UnsupportedFormat(path, "RTF file: save it as .docx and try again")
    for magic, name, advice in _NOT_DOCUMENTS:
        if data.startswith(magic):
            raise UnsupportedFormat(path, f"unsupported format: {name}, {advice}")
    if _HTML.match(data[:1024]):
        raise UnsupportedFormat(path, "HTML page: save it as .docx, .pdf or plain text and try again")
    ext = path.suffix.lower()
    if ext in (".pdf", ".docx", ".doc") and (b"\x00" in data[:4096] or not _texty(data[:4096])):
        raise UnsupportedFormat(path, f"named {ext} but the content is not a {ext[1:].upper()} file "
                                      "(random bytes or a damaged copy)")
    return "md" if path.suffix.lower() in (".md", ".markdown") else "txt"


def _texty(head: bytes) -> bool:
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample


def _reader(fmt: str) -> Callable[..., Reading]:
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def display_path(path: str | Path) -> str:
    """The path as one printable, JSON-safe line: bytes that are not UTF-8 become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def ingest(path: str | Path, *, max_bytes: int | None = None, data: bytes | None = None) -> Document:
    """Read a file into a `Document`.

    Args:
        path: the file.
        max_bytes: refuse larger files (default VNPOLICY_MAX_BYTES or 50 MB).
        data: the bytes, when the caller already read them.

    Raises:
        IngestError: the file's fault, with the file name and what is wrong.
    """
    path = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if data is None:
        try:
            size = check_regular(path).st_size
            if size > limit:
                raise TooLarge(path, f"file is {size} bytes, over the limit of {limit}")
            data = path.read_bytes()
        except IngestError:
            raise
        except IsADirectoryError:
            raise IngestError(path, "is a directory, not a file") from None
        except PermissionError:
            raise IngestError(path, "permission denied: cannot read the file") from None
        except OSError as exc:
            raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise TooLarge(path, f"file is {len(data)} bytes, over the limit of {limit}")
    fmt = sniff(data, path)
    try:
        reader = _reader(fmt)
    except ModuleNotFoundError as exc:
        if exc.name != READERS[fmt].split(":")[0]:
            raise
        if fmt == "doc":
            raise LegacyDocFormat(path, "legacy Word 97-2003 .doc: convert it to .docx (no .doc reader)") from None
        raise UnsupportedFormat(path, f"no reader for {fmt} files is installed") from None
    try:
        reading = reader(data, path) if fmt != "md" else reader(data, path, "md")
    except (_bad_zip(), zlib.error, EOFError) as exc:
        # a damaged container a reader did not catch itself is still the file's fault
        raise CorruptDocument(path, f"damaged {fmt} file: {type(exc).__name__}: {exc}") from None
    shown = display_path(path)
    source = Source(path=shown, name=shown.rsplit("/", 1)[-1], sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data), format=reading.format, encoding=reading.encoding)  # type: ignore[arg-type]
    return assemble(source, reading)


_OUTLINE_LOWER = re.compile(r"^(?:[a-zđ][\)\.,]\s|[ivx]+[\.\)]\s)")


def _continues(prev: _Draft | None, cur: _Draft) -> bool:
    """A body block that starts in lower case continues the one before it (page or line break)."""
    if prev is None or cur.kind not in ("paragraph", "list_item") or prev.kind not in ("paragraph", "list_item"):
        return False
    first = cur.norm[:1]
    return bool(first) and first.islower() and not _OUTLINE_LOWER.match(cur.norm)


class _Draft:
    def __init__(self, rb: RawBlock):
        base = rb.fixed if rb.fixed is not None else rb.text
        t = normalize(base)
        self.rb = rb
        self.kind = rb.kind
        self.text = rb.text
        self.norm = t.chars
        self.offsets = _compose(t.anchors(), rb.fixed_offsets, len(t.chars)) if rb.fixed_offsets else t.anchors()
        self.repairs = list(rb.pre_repairs) + t.repairs
        if rb.kind == "heading":
            self._strip_md_heading()

    def _strip_md_heading(self) -> None:
        m = re.match(r"#{1,6}\s+", self.norm)
        if m:
            n = m.end()
            self.repairs.append(Repair(kind="markdown", before=m.group(0), after="", start=0))
            self.norm = self.norm[n:]
            self.offsets = _shift(self.offsets, -n, 0, floor=True)

    def absorb(self, other: _Draft) -> None:
        cut = len(self.norm) + 1
        cut_orig = len(self.text) + 1
        self.repairs.append(Repair(kind="join", before="\n", after=" ", start=len(self.norm)))
        self.repairs.extend(r.model_copy(update={"start": r.start + cut}) for r in other.repairs)
        self.offsets = self.offsets + [(n + cut, o + cut_orig) for n, o in other.offsets or [(0, 0)]]
        self.norm = f"{self.norm} {other.norm}"
        self.text = f"{self.text}\n{other.text}"


def _at(anchors: list[tuple[int, int]], i: int) -> int:
    """Where index `i` goes under `anchors` (the rule of Block.to_original)."""
    k = bisect_right(anchors, (i, sys.maxsize)) - 1
    if k < 0:
        return i
    n, o = anchors[k]
    return o + (i - n)


def _compose(first: list[tuple[int, int]], then: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Anchors of normalized -> fixed (`first`) followed by fixed -> original (`then`), so a
    reader's own fix (Word's numbering put in front) stays on the offset map."""
    out: list[tuple[int, int]] = []
    prev = -2
    for i in range(size + 1):
        o = _at(then, _at(first, i))
        if o != prev + 1:
            out.append((i, o))
        prev = o
    return out


def _shift(anchors: list[tuple[int, int]], dn: int, do: int, floor: bool = False) -> list[tuple[int, int]]:
    out = [(n + dn, o + do) for n, o in anchors]
    if floor:
        # the first anchor at or before 0 becomes the anchor of position 0
        kept = [(n, o) for n, o in out if n > 0]
        before = [(n, o) for n, o in out if n <= 0]
        if before:
            n, o = before[-1]
            kept.insert(0, (0, o - n))
        out = kept
    return out


def assemble(source: Source, reading: Reading) -> Document:
    """Normalize every block, rejoin cut paragraphs and give blocks ids and offsets."""
    drafts: list[_Draft] = []
    last_body: _Draft | None = None
    diagnostics = list(reading.diagnostics)
    for rb in reading.blocks:
        d = _Draft(rb)
        if not d.norm and rb.kind != "table_cell":
            continue
        if rb.kind == "furniture":
            drafts.append(d)
            continue
        if _continues(last_body, d):
            last_body.absorb(d)  # type: ignore[union-attr]
            continue
        drafts.append(d)
        last_body = d if rb.kind != "table_cell" else None
    blocks: list[Block] = []
    pos = 0
    for i, d in enumerate(drafts):
        rb = d.rb
        body = d.kind != "furniture"
        start = pos if body else 0
        end = start + len(d.norm) if body else 0
        if body:
            pos = end + 1
        blocks.append(Block(id=f"b{i:04d}", kind=d.kind, text=d.text, normalized=d.norm,  # type: ignore[arg-type]
                            page=rb.page, paragraph=rb.paragraph, line=rb.line, table=rb.table,
                            row=rb.row, col=rb.col, start=start, end=end, offsets=d.offsets,
                            repairs=d.repairs, method=rb.method, style=rb.style))
    if not any(b.normalized for b in blocks if b.kind != "furniture"):
        raise EmptyDocument(source.path, "no text found in the document")
    text = "\n".join(b.normalized for b in blocks if b.kind != "furniture")
    if reading.method != "text":
        diagnostics.append(Diagnostic(level="info", code="method", message=f"read by {reading.method}"))
    return Document(source=source, blocks=blocks, text=text, pages=reading.pages,
                    method=reading.method, diagnostics=diagnostics)


from ..verbs import make_callable  # noqa: E402 - after the module is complete

make_callable(__name__, "ingest")  # `pipeline.ingest(...)` stays the verb once this module is imported
