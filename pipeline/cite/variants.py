"""Typo variants of a citation: the same act, flagged, never a second directive.

Their mentions have form "variant": like a short form, the span read alone is not that act (it
takes the document's correct form to know it).

A variant is taken for an act only when the document itself (or the registry) shows the right
form: a misprinted separator ("66.4.2025/NQ-CP" where the document also writes 66.4/2025/NQ-CP),
or a number one keystroke off an act the same document cites with the same kind, issuer and date
("Chỉ thị 466-CT/TW ngày 14/4/2025" once, "46-CT/TW ngày 14/4/2025" three times). Two numbers
a last digit apart (1234, 1235) may be two acts of one day: only the registry merges those.
"""

from __future__ import annotations

import re
from collections import Counter

from .find import Hit
from .registry import Registry

_STATE_YEAR = re.compile(r"^(?P<num>[\d.]+)/(?P<year>(?:19|20)\d\d)/(?P<rest>\S+)$")


def misprinted(text: str, hits: list[Hit]) -> list[Hit]:
    """Mentions of a State act with a year whose first slash was typed as "." or "-"
    ("66.4.2025/NQ-CP"), found only for acts the document writes correctly elsewhere."""
    out: list[Hit] = []
    taken = [(h.start, h.end) for h in hits]
    seen: set[str] = set()
    for h in hits:
        m = _STATE_YEAR.match(h.id or "")
        if m is None or h.id in seen or h.form != "full":
            continue
        seen.add(h.id or "")
        rx = re.compile(rf"(?<![\w./-]){re.escape(m['num'])}[.\-]{m['year']}/{re.escape(m['rest'])}(?![\w/])")
        for v in rx.finditer(text):
            if any(s < v.end() and v.start() < e for s, e in taken):
                continue
            out.append(Hit(v.start(), v.end(), v.group(0), h.id, form="variant", kind=h.kind, number=h.number,
                           year=h.year, issuer_code=h.issuer_code, system=h.system, level=h.level,
                           flags=["variant"]))
    return out


def _one_off(a: str, b: str) -> bool:
    """One substitution, insertion or deletion apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def same_act(hits: list[Hit], reg: Registry) -> None:
    """Re-point a number one keystroke off another of the same kind, issuer and date to it, when
    the registry knows only that one or the document writes it more often (in place, flagged)."""
    dated = [h for h in hits if h.id and h.date and h.number and h.form == "full"]
    count = Counter(h.id for h in hits if h.id)
    for h in dated:
        for o in dated:
            hid, oid, hn, on = h.id or "", o.id or "", h.number or "", o.number or ""
            if oid == hid or (o.kind, o.issuer_code, o.date, o.year) != (h.kind, h.issuer_code, h.date, h.year):
                continue
            if not _one_off(hn, on):
                continue
            h_known, o_known = reg.known(hid) is not None, reg.known(oid) is not None
            # two numbers a last digit apart on one date may be two acts of one day (1234, 1235):
            # only the registry tells those apart; the document's majority decides the other slips
            neighbours = len(hn) == len(on) and hn[:-1] == on[:-1]
            by_text = not neighbours and o_known == h_known and count[oid] >= 2 and count[oid] > count[hid]
            if (o_known and not h_known) or by_text:
                wrong = h.id
                for x in hits:
                    if x.id == wrong:
                        x.id, x.number, x.form = o.id, o.number, "variant"
                        x.flags.append("variant")
                break


def joint_key(did: str) -> tuple[str, frozenset[str]] | None:
    """The number and the set of code parts of an id that names three or more parts (joint issuers,
    or a year and two): "16/KH-MTTQ-BTT" and "16/KH-BTT-MTTQ" -> ("16", {KH, MTTQ, BTT}), the Party form
    "123-KH/ĐU-MTTQ" alike; None for any other id. Two ids with one key are one act written in two orders."""
    if did.startswith(("congress:", "charter:")):
        return None
    m = _JOINT.match(did)
    if not m:
        return None
    parts = frozenset(p for p in re.split(r"[-/]", m.group(2)) if p)
    return (m.group(1), parts) if len(parts) >= 3 else None


_JOINT = re.compile(r"(\d+)[-/](.+)")


def joint_order(hits: list[Hit]) -> None:
    """One act written with its joint issuers in two orders ("Kế hoạch số 16/KH-MTTQ-BTT", later "16/KH-BTT-MTTQ":
    the Front's committee and its Standing Board sign together) is one act: later spellings take the first
    one's id (in place, flagged). Source: the Lương Minh plans of tests/data/realshapes (round 1 labels list
    16/KH-MTTQ-BTT once)."""
    first: dict[tuple[str, frozenset[str]], str] = {}
    for h in hits:
        if not h.id or (key := joint_key(h.id)) is None:
            continue
        seen = first.setdefault(key, h.id)
        if seen != h.id:
            h.id, h.form = seen, "variant"
            h.flags.append("variant")


_CUT_TAIL = re.compile(r"[ \t]*[-–][ \t]*[A-ZĐ]")


def truncated(text: str, hits: list[Hit]) -> None:
    """A code cut short by a space inside its issuer part ("102/2025/NQLT/UBTVQH15-CP- ĐCTUBTWMTTQVN")
    is the one longer id the same document writes whole (102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN):
    re-pointed to it in place, flagged, never a second directive."""
    for h in hits:
        if not h.id or h.form != "full" or not _CUT_TAIL.match(text, h.end):
            continue
        longer = {o.id for o in hits if o.id and o.id.startswith(h.id + "-") and o.number == h.number}
        if len(longer) == 1:
            h.id, h.form = longer.pop(), "variant"
            h.flags.append("variant")


_MARK_TAIL = re.compile(r"(?<=[A-Za-zĐđ])(?P<mark>\d{1,2})$")


def footnote_marks(text: str, hits: list[Hit]) -> None:
    """A footnote mark a text layer glued to the code it follows ("Công văn số 2548/SNV-TĐKT1 ngày ...", the
    footnote at the page foot reading "1 Công văn số 2548/SNV-TĐKT ngày ...") is no part of the number: the
    mention is re-pointed to the id the footnote writes (in place, flagged). Only when that footnote exists,
    so codes that end in digits ("QH15", "BCĐ389") stay whole. Source: tests/data/realshapes
    province_DongThap_2967-SNV-TDKT (dev, shapes7)."""
    for h in hits:
        m = _MARK_TAIL.search(h.id or "") if h.form == "full" else None
        if m is None:
            continue
        stem = (h.id or "")[:m.start()]
        for o in hits:
            if o.id != stem:
                continue
            line = text[text.rfind("\n", 0, o.start) + 1:o.start]
            if re.fullmatch(rf"\s*{m['mark']}\s+(?:\D.*)?", line):  # the footnote opens with the mark
                h.id, h.form = stem, "variant"
                h.flags.append("variant")
                break
