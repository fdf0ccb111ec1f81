"""The words of pipeline/data/segment_roles.json, compiled once: the only place they are read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .common import UP

_DATA = Path(__file__).resolve().parent.parent / "data" / "segment_roles.json"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _word_rx(words: list[str]) -> re.Pattern[str]:
    """"^X" opens the title; other words match whole words anywhere."""
    start = [w[1:] for w in words if w.startswith("^")]
    anywhere = [w for w in words if not w.startswith("^")]
    parts = []
    if start:
        parts.append(rf"^(?:{_alt(start)})(?!\w)")
    if anywhere:
        parts.append(rf"(?<!\w)(?:{_alt(anywhere)})(?!\w)")
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Vocab:
    roles: tuple[tuple[str, re.Pattern[str]], ...]
    situation: re.Pattern[str]  # a sub-heading of the tasks part that describes, not assigns
    funding: re.Pattern[str]  # a sub-heading of the tasks part that lists funding sources
    forms: re.Pattern[str]  # tasks part sub-heading: forms of work ("2. Hình thức"), a theme ("1. Chủ đề thi đua")
    criteria: re.Pattern[str]  # tasks part sub-heading: how the work is judged ("3. Tiêu chí đánh giá, xếp loại")
    composition: re.Pattern[str]  # a sub-heading listing who attends ("I. THÀNH PHẦN HỘI NGHỊ")
    rewards: re.Pattern[str]  # a part on how work is rewarded ("IV. KHEN THƯỞNG")
    closing_start: re.Pattern[str]  # a line that opens the closing furniture
    closing: re.Pattern[str]  # the same, or a signature title
    verbs: re.Pattern[str]  # an imperative opening an item of work (lower case)
    any_verb: re.Pattern[str]  # one of those words anywhere (lower case)
    programme_kinds: frozenset[str]
    report_kinds: frozenset[str]  # kinds whose imperative lists are no tasks of theirs
    order_kinds: frozenset[str]  # kinds whose body is orders: responsibility parts are their tasks
    order_parts: re.Pattern[str]  # "I. Trách nhiệm phối hợp ..." in such a document
    fields: tuple[tuple[str, re.Pattern[str]], ...]  # field name, label at the start of a line (lower case)
    period: re.Pattern[str]  # a line that only names a period
    responsibility: re.Pattern[str]  # "Ban X chủ trì, ..." (text as written)
    responsibility_rest: re.Pattern[str]  # words that only say who and when, removed to see what is left
    body_start: re.Pattern[str]  # where a body's name starts inside a longer phrase
    body_word: re.Pattern[str]  # a phrase that opens with a body's name
    period_expr: re.Pattern[str]  # the period named at the start of a title
    announce: re.Pattern[str]  # a paragraph ending "... các nhiệm vụ sau:" (lower case)
    announce_targets: re.Pattern[str]  # a paragraph ending "... bằng các chỉ tiêu cụ thể như sau:" (lower case)
    step: re.Pattern[str]  # "BƯỚC MỘT", "BƯỚC 2" alone on a line: group 1 the number or ordinal word
    step_ordinals: tuple[str, ...]
    conclusion_kinds: frozenset[str]  # kinds whose assignment paragraphs are their tasks
    assign_order: re.Pattern[str]  # "Giao Ban X ...", "Bộ Y theo chức năng ..." opening a sentence (as written)
    assign_request: re.Pattern[str]  # "Do đó, đề nghị Đảng uỷ ..." opening a sentence (as written)
    assign_plea: re.Pattern[str]  # the same, or a request followed by the work itself ("Đề nghị tiếp tục rà soát")
    request_any: re.Pattern[str]  # a request to bodies anywhere in a sentence ("..., Bộ Nội vụ đề nghị các bộ, ...")
    shortcomings: re.Pattern[str]  # a tasks part sub-heading naming shortcomings ("2. ... một số mặt hạn chế ...")
    templates: re.Pattern[str]  # a report outline or blank form after the signature ("ĐỀ CƯƠNG BÁO CÁO")
    defer: re.Pattern[str]  # a tasks part line handing its detail to the appendix (lower case)
    term_end: re.Pattern[str]  # "Tổ ... tự giải thể sau khi ...": when a body set up ceases, no task (lower case)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    d = json.loads(_DATA.read_text(encoding="utf-8"))
    starts = _alt(d["closing_starts"])
    titles = _alt(d["closing_titles"])
    # "T/M", "KT." are closed by their punctuation; words need a word end
    closing_start = re.compile(rf"^(?:{starts})(?:(?<=[./])|(?!\w))")
    closing = re.compile(rf"^(?:(?:{starts})(?:(?<=[./])|(?!\w))|(?:{titles})(?!\w))")
    fields = tuple(
        (name, re.compile(rf"^(?:{_alt(words)})(?:\s+[^\s:]+){{0,4}}?\s*:"))
        for name, words in d["fields"].items() if name != "detail"
    ) + (
        # a detail label may name several things ("Thông số, tần suất, thời gian và số lượng mẫu quan trắc:")
        # and open with a plural ("Các thông số: ..."); the other labels stay short, so a lead-in such as
        # "Chủ trì, phối hợp với các cơ quan liên quan:" over tasks is not read as a field
        ("detail", re.compile(
            rf"^(?:(?:các|những)\s+)?(?:{_alt(d['fields']['detail'])})(?:,?\s+[^\s:]+){{0,10}}?\s*:")),
    )
    periods = "|".join(f"(?:{p})" for p in d["periods"])
    # the period alone, or with a count in brackets ("Năm 2026: (02 cuộc kiểm tra)"), nothing else
    period = re.compile(rf"^(?:{periods})\s*[:.]?\s*(?:\([^()]{{0,80}}\))?\s*:?$", re.I)
    # after "các" a body is often written in lower case ("Giao các chi bộ ...", "Yêu cầu các cơ quan, đơn vị ...")
    lower = [w[:1].lower() + w[1:] for w in d["responsibility_bodies"]]
    glued = (rf"(?:[Cc]ác\s+(?:{_alt(d['responsibility_bodies'])}|{_alt(lower)})"
             rf"|(?:{_alt(d['responsibility_bodies'])}))")
    # a body's name ends at a word end, or runs into the next name in a PDF text layer ("Đảng uỷUBND xã")
    bodies = rf"(?:{glued}(?:(?!\w)|(?=[{UP}]))|(?:{_alt(d['assign_persons'])})(?!\w))"
    # a sentence start: the paragraph's, or after "." / ";" with an optional short connective ("Do đó,")
    # (or after a group label's colon: "- Về chương trình Đại hội: Đề nghị ...")
    opens = r"(?:^|(?<=[.;:])\s+)(?:[^\s,.;:]+(?:\s+[^\s,.;:]+)?,\s*)?"
    # the word opens the sentence or follows the connective ("Do đó, đề nghị"); bodies keep their capital
    # ("Giao ban tuần" is a briefing, not an order)
    def both(words: list[str]) -> str:
        return _alt(words + [w[:1].lower() + w[1:] for w in words])

    plea = both(d["assign_requests"]).replace(re.escape(" "), r"\s*").replace(" ", r"\s*")
    return Vocab(
        step=re.compile(rf"^(?:{_alt(d['step_words'])})\s+(?:THỨ\s+)?(\d{{1,2}}|{_alt(d['step_ordinals'])})\s*[.:]?$"),
        step_ordinals=tuple(d["step_ordinals"]),
        conclusion_kinds=frozenset(d["conclusion_kinds"]),
        assign_order=re.compile(
            rf"{opens}(?:(?:{both(d['assign_orders'])})\s+{bodies}"
            rf"|{bodies}[^.;:]{{0,80}}?(?<!\w)(?:{_alt(d['assign_mandates'])})(?!\w))"),
        # the body's name may be glued to the next one in a PDF text layer ("đề nghị Đảng uỷUBND xã")
        assign_request=re.compile(rf"{opens}(?:{both(d['assign_requests'])})\s+{glued}"),
        # the request word may be glued in a PDF text layer ("Đềnghịtiếp tục rà soát")
        assign_plea=re.compile(rf"{opens}(?:{plea})\s*"
                               rf"(?:{glued}|(?:{_alt(d['assign_persons'] + d['task_verbs'])})(?!\w))"),
        # a letter's request after its purpose clause: "Để ... hoàn thiện dự thảo, Bộ Nội vụ đề nghị các bộ, cơ quan
        # ngang bộ ... nghiên cứu, góp ý" (bodies after "các" are written in lower case: "các bộ", "các chi bộ")
        request_any=re.compile(
            rf"(?<!\w)(?:{both(d['assign_requests'])})\s+{glued}(?:(?!\w)|(?=[{UP}]))"),
        shortcomings=_word_rx(d["shortcomings"]),
        templates=re.compile(rf"(?<!\w)(?:{_alt(d['templates'])})(?!\w)"),
        defer=re.compile(rf"(?<!\w)(?:{_alt(d['defer'])})(?!\w).{{0,80}}\b(?:tại|theo|ở)\s+(?:các\s+)?phụ lục"),
        # after the body's name (never the sentence's first words: "Giải thể Tổ ..." orders it)
        term_end=re.compile(rf"(?<=\S)\s+(?:{_alt(d['term_end'])})(?!\w)[^.;]{{0,160}}?(?<!\w)(?:sau khi|khi)(?!\w)"),
        roles=tuple((role, _word_rx(words)) for role, words in d["roles"]),
        situation=_word_rx(d["situation"]),
        funding=_word_rx(d["funding"]),
        forms=re.compile(rf"^(?:{_alt(d['forms'] + d['themes'])})\s*[:.]?$"),  # the whole title
        criteria=_word_rx(d["criteria"]),
        composition=_word_rx(d["composition"]),
        rewards=_word_rx(d["rewards"]),
        closing_start=closing_start,
        closing=closing,
        verbs=re.compile(rf"^(?:{_alt(d['task_verbs'])})(?!\w)"),
        any_verb=re.compile(rf"(?<!\w)(?:{_alt(d['task_verbs'])})(?!\w)"),
        programme_kinds=frozenset(d["programme_kinds"]),
        report_kinds=frozenset(d["report_kinds"]),
        order_kinds=frozenset(d["order_kinds"]),
        order_parts=_word_rx(d["order_parts"]),
        fields=fields,
        period=period,
        responsibility_rest=re.compile(
            # a body's name up to the next duty word or comma ("Công an xã", "các cơ quan liên quan")
            rf"(?<!\w)(?:{_alt(d['responsibility_bodies'])})(?!\w)[^,;.()]*?"
            rf"(?=\s+(?:{_alt(d['responsibility_verbs'] + d['task_verbs'])})(?!\w)|[,;.()]|$)"
            rf"|(?<!\w)(?:{_alt(d['responsibility_rest'])})(?!\w)"
            r"|(?<!\w)(?:trong|trước|từ|đến|vào|sau|hằng|hàng)\s+(?:ngày|tháng|quý|năm|khi)?[^,;.()]*"
            r"|\([^()]*\)|[\d/.,;:–-]+"),
        body_word=re.compile(rf"^(?:{_alt(d['responsibility_bodies'])})(?!\w)"),
        body_start=re.compile(rf"(?<=[\s,(])(?:{_alt(d['responsibility_bodies'])})(?!\w)"),
        responsibility=re.compile(
            rf"^(?P<body>(?:{_alt(d['responsibility_bodies'])})(?!\w)[^.;:()]{{0,70}}?)[\s,]+"
            rf"(?P<verb>{_alt(d['responsibility_verbs'])})(?!\w)"),
        period_expr=re.compile(rf"^(?:{periods})", re.I),
        announce_targets=re.compile(rf"(?<!\w)(?:{_alt(d['announce_targets'])})(?!\w)[^.;:]{{0,60}}\bsau\s*(?:đây)?\s*:\s*$"),
        announce=re.compile(rf"(?<!\w)(?:{_alt(d['announce'])})(?!\w)[^.;:]{{0,80}}\bsau\s*(?:đây)?\s*:\s*$"
                            rf"|(?<!\w)(?:{_alt(d['announce_orders'])})(?!\w)[^.;:]{{0,120}}:\s*$"),
    )
