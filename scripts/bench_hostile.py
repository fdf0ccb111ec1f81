"""Benches for issue #16: per-document work on a 100,000-line document, and the main process's peak
memory on .docx files of 100,000 tiny paragraphs, each at two sizes so the growth shows.

    python scripts/bench_hostile.py            # also run by scripts/bench.py
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE_DOCX = ROOT / "corpus" / "000_a9ef7522b32975cc.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def cited_lines(n: int) -> str:
    head = ["KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW", "I. NHIỆM VỤ, GIẢI PHÁP"]
    return "\n".join(head + [f"- Sở Nội vụ chủ trì nhiệm vụ {i} theo Quyết định số {100 + i % 50}/QĐ-TTg."
                             for i in range(n)]) + "\n"


def tiny_paragraph_docx(n: int, seed: int) -> bytes:
    """The sample's package with a body of `n` tiny task paragraphs (a few hundred KB zipped)."""
    zin = zipfile.ZipFile(SAMPLE_DOCX)
    # each paragraph a task: the main process then holds n tasks per file through publish
    paras = "".join(f"<w:p><w:r><w:t>- Sở Nội vụ làm việc {seed}.{i}.</w:t></w:r></w:p>" for i in range(n))
    head = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ("KẾ HOẠCH", "I. NHIỆM VỤ, GIẢI PHÁP"))
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
            f"{head}{paras}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = body.encode() if info.filename == "word/document.xml" else zin.read(info)
            zout.writestr(info.filename, data)
    return buf.getvalue()


def per_document(sizes: tuple[int, ...] = (50_000, 100_000)) -> list[tuple[int, float]]:
    """Seconds to ingest and extract one .txt of n cited lines (one process, no pool)."""
    from pipeline.extract import extract_document
    from pipeline.ingest import ingest

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            p = Path(tmp) / f"lines_{n}.txt"
            p.write_text(cited_lines(n), encoding="utf-8")
            t0 = time.perf_counter()
            ext = extract_document(ingest(p))
            out.append((n, time.perf_counter() - t0))
            assert len(ext.tasks) == n
    return out


# ru_maxrss survives exec (it would report the bench's own peak): VmHWM starts again with the program
_MAIN = """
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.batch import run_batch
from pipeline.publish import publish
from pipeline.store import Store
def hwm():
    return next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM")) / 1024
with Store(Path({tmp!r}) / "s.sqlite", writer=True) as st:
    rep = run_batch([Path({tmp!r}) / "c"], st, workers=2, timeout=600, mem_mb=4096)
    batch = hwm()
    publish(st, Path({tmp!r}) / "o", rep.version, report=True)
print(json.dumps({{"ok": rep.count("ok"), "batch_mb": batch, "peak_mb": hwm()}}))
"""


def main_process_memory(sizes: tuple[int, ...] = (50_000, 100_000), files: int = 1) -> list[tuple[int, dict]]:
    """Peak RSS of the main process (workers are other processes) over a batch and publish."""
    out = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "c").mkdir()
            for k in range(files):
                (Path(tmp) / "c" / f"tiny_{k}.docx").write_bytes(tiny_paragraph_docx(n, k))
            r = subprocess.run([sys.executable, "-c", _MAIN.format(root=str(ROOT), tmp=tmp)],
                               capture_output=True, text=True, timeout=3600)
            if r.returncode != 0:
                raise RuntimeError(r.stderr[-2000:])
            out.append((n, json.loads(r.stdout.strip().splitlines()[-1])))
    return out


def bench(row) -> None:
    for n, secs in per_document():
        row(f"hostile: {n:,} cited lines, ingest+extract", secs, "s", "grows linearly: compare the two sizes")
    for n, m in main_process_memory():
        row(f"hostile: {n:,}-paragraph .docx, main peak", m["peak_mb"], "MB",
            f"after the batch {m['batch_mb']:.0f} MB; {m['ok']} ok; the rest is publish (issue #15)")


if __name__ == "__main__":
    bench(lambda name, value, unit, note="": print(f"{name:48} {value:12.4f} {unit:10} {note}"))
