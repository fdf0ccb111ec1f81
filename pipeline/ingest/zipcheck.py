"""What a zip member really inflates to, measured in bounded steps, not what the archive declares.

zipfile trusts the declared size and CRC: a member declaring 1.8 KB whose stream inflates to
2 GB is cut to 1.8 KB by zipfile, but only after one decompress call has produced the whole
2 GB in memory. Here each deflate stream is inflated from its raw bytes in steps of at most
CHUNK bytes of output and stopped at the cap, so the check itself never holds more than a step.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

CHUNK = 1 << 20
_LOCAL = struct.Struct("<4s5H3I2H")  # the local file header, 30 bytes


def inflated_size(data: bytes, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes the member inflates to, stopping once over `cap` (then a value > cap is returned).

    Raises:
        zipfile.BadZipFile: the local header or the stream is damaged.
    """
    off = info.header_offset
    head = data[off:off + _LOCAL.size]
    if len(head) < _LOCAL.size:
        raise zipfile.BadZipFile(f"{info.filename}: truncated local header")
    sig, *_rest, name_len, extra_len = _LOCAL.unpack(head)
    if sig != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{info.filename}: bad local header")
    start = off + _LOCAL.size + name_len + extra_len
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(raw)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"{info.filename}: compression method {info.compress_type} "
                                 "is not used by Word")
    d = zlib.decompressobj(-15)
    total = 0
    pending = bytes(raw)
    try:
        while pending and total <= cap:
            total += len(d.decompress(pending, CHUNK))
            pending = d.unconsumed_tail
        while not d.eof and total <= cap:  # output still buffered inside the decompressor
            step = d.decompress(b"", CHUNK)
            if not step:
                break
            total += len(step)
    except zlib.error as exc:
        raise zipfile.BadZipFile(f"{info.filename}: damaged deflate stream: {exc}") from None
    return total
