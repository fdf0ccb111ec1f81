"""Fuzzing with hypothesis: readers, outline parser and citation finder raise only PipelineError."""

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.ingest import ingest
from pipeline.ingest.txt import read_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)

NAMES = st.sampled_from(["a.txt", "a.md", "a.pdf", "a.docx", "a.doc", "noext", "a.TXT"])
HEADS = st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"PK", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1",
                         b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html>", b"\x89PNG\r\n\x1a\n", b"\x1f\x8b"])
VI_WORDS = ["Nghị quyết", "số", "57-NQ/TW", "ngày", "22/12/2024", "của", "Bộ Chính trị", "Kế hoạch", "144/KH-UBND",
            "Sở", "chủ trì", "hoàn thành", "năm 2026", "Quyết định", "749/QĐ-TTg", "Chỉ thị", "05-CT/TW", "và", "%",
            "80%", "Chương trình", "17-CTr/TU", "Luật", "số 30/2020/NĐ-CP", "Đề án 06", "khóa XIII", "Đại hội", "XIV",
            "nêu trên", "(", ")", ",", ";", "\n", "  ", "\t", "\u0301", "\u200b", "Ð", "Ðảng", "/", "-"]
MARKERS = ["I.", "II.", "III", "IV.", "1.", "1.1.", "1.2.3.", "2)", "a)", "b,", "đ)", "-", "+", "•", "*", "(1)",
           "Điều 1.", "Chương I", "Mục 2", "PHẦN I", "A.", "#", "##", "|", "| 1 | Nhiệm vụ | Sở Nội vụ | 2026 |",
           "|---|---|", "\f", "", "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN", "Chỉ tiêu:",
           "Nơi nhận:", "TM. BAN THƯỜNG VỤ", "KẾ HOẠCH", "Số: 17-CTr/TU"]
vi_text = st.lists(st.sampled_from(VI_WORDS) | st.text(max_size=6), max_size=40).map(" ".join)
marker_doc = st.lists(st.tuples(st.sampled_from(MARKERS), vi_text).map(lambda t: f"{t[0]} {t[1]}".rstrip()),
                      min_size=1, max_size=30).map("\n".join)


@FAST
@given(name=NAMES, head=HEADS, body=st.binary(max_size=3000))
def test_ingest_random_bytes(name, head, body):
    with contextlib.suppress(PipelineError):
        ingest(Path(name), data=head + body)


@FAST
@given(text=st.text(max_size=2000), enc=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1258",
                                                          "latin-1"]))
def test_read_text_any_encoding(text, enc):
    try:
        data = text.encode(enc, errors="replace")
        read_text(data, Path("a.txt"))
    except PipelineError:
        pass


def _doc(text: str):
    return ingest(Path("fuzz.md"), data=text.encode("utf-8"))


@FAST
@given(text=marker_doc)
def test_segment_random_outlines(text):
    from pipeline.segment import segment

    try:
        doc = _doc(text)
    except PipelineError:
        return
    try:
        seg = segment(doc)
    except PipelineError:
        return
    n = len(doc.text)
    for item in [*seg.tasks, *seg.targets, *seg.sections]:
        assert 0 <= item.prov.start <= item.prov.end <= n


@FAST
@given(text=vi_text)
def test_find_citations_in_random_text(text):
    from pipeline.cite import find_in_text

    with contextlib.suppress(PipelineError):
        find_in_text(text)


@FAST
@given(text=marker_doc)
def test_cite_and_extract_random_documents(text):
    from pipeline.cite import cite
    from pipeline.extract import extract_document

    try:
        doc = _doc(text)
        cits = cite(doc)
        for d in cits.directives:
            for m in d.mentions:
                assert doc.text[m.doc_start:m.doc_end] == m.text or m.blocks
        extract_document(doc)
    except PipelineError:
        pass
