"""Find citations in one string: numbered codes, written-out forms, and what follows them.

`scan(text, reg)` returns raw `Hit`s in text order; short forms and back-references carry no
id yet (`refs.resolve` links them to antecedents over a whole document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P
from .registry import Registry, fold


@dataclass
class Hit:
    start: int
    end: int
    text: str
    id: str | None
    form: str = "full"  # full | short | back-reference | alias | congress | named | charter | self | variant
    kind: str | None = None
    number: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    system: str = "party"
    level: str = "unknown"
    date: str | None = None
    title: str | None = None
    congress: str | None = None
    flags: list[str] = field(default_factory=list)
    ref: str | None = None  # the id as written, for self mentions


@dataclass
class _Ctx:
    text: str
    low: str
    reg: Registry
    pat: P.Compiled
    anchors: dict[str, list[int]] = field(default_factory=dict)  # literal -> where it starts a word

    @property
    def kind_anchors(self) -> tuple[str, ...]:
        return self.pat.words

    def at(self, *words: str) -> list[int]:
        return sorted({p for w in words for p in self.anchors.get(w, ())})


# ---- what follows a citation: date, issuer, title -------------------------------------------

def _date(m: re.Match) -> str | None:
    parts = ("d", "m", "y") if m.group("d") else ("d2", "m2", "y2")
    d, mo, y = (int(m.group(k)) for k in parts)
    if 1 <= d <= 31 and 1 <= mo <= 12 and 1900 < y < 2100:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _name_goes_on(c: _Ctx, pos: int) -> bool:
    """After "X và": the next word is capitalised and opens neither a body nor an act, so it
    belongs to X's own name ("Bộ Khoa học và Công nghệ", "Ban Tuyên giáo và Dân vận")."""
    if pos >= len(c.text) or not c.text[pos].isupper():
        return False
    rest = c.low[pos:pos + 40]
    heads = [*c.reg.body_heads, *(w for w, _ in c.reg.kind_words), *(w for w, _ in c.reg.title_words)]
    return c.reg.body(rest) is None and not any(
        rest.startswith(h) and (len(rest) == len(h) or not rest[len(h)].isalnum()) for h in heads)


def _field_named(c: _Ctx, pos: int) -> bool:
    """The body at `pos` is one named after its fields of work, which "và" joins (registry)."""
    return any(c.low.startswith(h + " ", pos) for h in c.reg.field_named_heads)


def _body_end(c: _Ctx, pos: int) -> int:
    limit = min(len(c.low), pos + 100)
    start = pos
    while True:
        stop = P.BODY_STOP.search(c.low, start, limit)
        if stop is None:
            return limit
        if stop.group().strip() == "và" and _field_named(c, pos) and _name_goes_on(c, stop.end() + 1):
            start = stop.end()
            continue
        return stop.start()


def _line_ends_body(c: _Ctx, pos: int, nl: int) -> bool:
    """A body's name stops at the line's end when the line holds a whole body ("Tỉnh ủy Lào Cai" /
    "Kính gửi"), when the next line is a place and date a PDF column put there, or when the next
    line opens another body ("CỦA BỘ TÀI CHÍNH" / "ỦY BAN NHÂN DÂN THÀNH PHỐ ...") unless one name
    runs across ("Thủ tướng" / "Chính phủ")."""
    line = c.low[pos:nl].rstrip()
    if P.PLACE_DATE.match(c.low, nl + 1):
        return True
    nxt = c.low[nl + 1:nl + 80].lstrip()
    across = c.reg.body_name(line + " " + nxt)
    if across and len(across) > len(line):
        return False
    if c.reg.body(nxt) is not None:
        return True
    if c.reg.body(line) is None:
        return False
    # "Ủy ban nhân dân Thành phố Hồ Chí" / "Minh về ...": a proper name cut mid-way goes on when the
    # next line's first word is capitalised and a stop word ends it at once ("Kính gửi:" does not)
    word = re.match(r"[ \t]*(\w+)", c.text[nl + 1:nl + 40])
    last = c.text[pos:nl].split()
    return not (word and word.group(1)[:1].isupper() and last and last[-1][:1].isupper()
                and _name_goes_on(c, nl + 1 + word.start(1))
                and P.BODY_STOP.match(c.low, nl + 1 + word.end(1)) is not None)


def _body(c: _Ctx, pos: int) -> tuple[str | None, int]:
    """The issuing body named at `pos` (after "của "), up to a stop word; with "(khóa XIII)"."""
    if pos >= len(c.text) or not c.text[pos].isupper():
        return None, pos
    end = _body_end(c, pos)
    nl = c.text.find("\n", pos, end)
    if nl >= 0 and _line_ends_body(c, pos, nl):
        end = nl
    term = P.TERM.match(c.low, end)
    if term:
        end = term.end()
    body = " ".join(c.text[pos:end].split())
    # "Bộ" alone: the rest of its name is elsewhere on the page
    if body.lower() in c.reg.body_heads and not c.reg.body(body.lower()):
        return None, pos
    return (body or None), end


def _title(c: _Ctx, pos: int) -> tuple[str | None, int]:
    stop = c.pat.title_stop.search(c.low, pos, min(len(c.low), pos + 400))
    end = stop.start() if stop else min(len(c.text), pos + 300)
    title = " ".join(c.text[pos:end].split()).strip(" ,“”\"*")
    return (title or None), end


def _tail(c: _Ctx, h: Hit) -> None:
    """Fill date, issuer and title from the words right after the hit (facts from the text)."""
    pos = h.end
    for _ in range(3):
        m = P.DATE.match(c.low, pos)
        if m and h.date is None:
            h.date, pos = _date(m), m.end()
            continue
        m = P.OF.match(c.low, pos)
        if m and h.issuer is None:
            body, end = _body(c, m.end())
            if body:
                h.issuer, pos = body, end
                continue
        break
    m = P.ABOUT.match(c.low, pos)
    if m:
        h.title, _ = _title(c, m.end())


def _context_level(c: _Ctx, h: Hit) -> str | None:
    """Level named by the issuer body or the words right after a contextual code (HĐND phường)."""
    if h.issuer:
        hit = c.reg.body(fold(h.issuer))
        if hit:
            return hit[1]
        probe = fold(h.issuer)
    else:
        end = P.CONTEXT_END.search(c.low, h.end, h.end + 60)
        probe = c.low[h.end:end.start() if end else h.end + 60]
    m = c.pat.context.search(probe)
    return dict(c.reg.context_levels).get(m.group("w")) if m else None


def _kind_word_before(c: _Ctx, start: int) -> tuple[str | None, int]:
    m = c.pat.kind_before.search(c.low, max(0, start - 40), start)
    if not m:
        return None, start
    return c.reg.kind_of_word(m.group("w")), m.start()


def _subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


# ---- numbered codes ---------------------------------------------------------------------------

def _finish(c: _Ctx, h: Hit, code_start: int, contextual: bool) -> Hit:
    """Widen the span over the kind word before it, read the tail, settle the level."""
    word_kind, word_start = _kind_word_before(c, code_start)
    if word_kind and P.SELF_BEFORE.search(c.low, max(0, word_start - 8), word_start) is None:
        h.start = word_start
    if P.SELF_BEFORE.search(c.low, max(0, code_start - 16), code_start):
        h.form, h.ref, h.id = "self", h.id, None
    elif c.pat.form_before.search(c.low, max(0, code_start - 16), code_start):
        h.form, h.id = "form", None  # "mẫu số 01/BCĐBQH-MT": a form appended to an act, not an act
    if code_start > 0 and c.text[code_start - 1].isalpha() or \
            (h.end < len(c.text) and c.text[h.end - 1].isupper() and c.text[h.end].islower()):
        h.flags.append("glued")  # "Chỉ thị46-CT/TW", "46-CT/TWcủa": the space a PDF text layer dropped
    h.text = c.text[h.start:h.end]
    _tail(c, h)
    if contextual or h.level == "unknown":
        h.level = _context_level(c, h) or h.level
    if h.date and h.year is None:
        h.year = int(h.date[:4])
    return h


def _party(c: _Ctx, m: re.Match) -> Hit | None:
    reg = c.reg
    kind, iss = reg.party_kind(m["kind"]), reg.party_issuer(m["iss"])
    end = m.end()
    glued = re.match(r"[A-ZĐ]{2,8}(?=[a-z])", m["iss"]) if iss is None and not m["sub"] else None
    if glued:  # "12-NQ/TWtheo": a word in plain letters glued on; the capitals are the code
        iss, end = reg.party_issuer(glued.group()), m.start("iss") + glued.end()
    if iss is None:
        return None
    flags = []
    if kind is None:
        word_kind, _ = _kind_word_before(c, m.start())
        tok = m["kind"].lower()
        if not word_kind or not (_subsequence(tok, word_kind.lower()) and len(word_kind) - len(tok) <= 1):
            return None
        kind = word_kind
        flags.append("repaired")
    sep = m["sep"]
    if "\n" in sep.split("-")[0].split("–")[0] and _kind_word_before(c, m.start())[0] is None:
        return None  # "46" / "-CT/TW" is one number only after "Chỉ thị số": a line may open with a dash
    if sep != "-" or "\n" in m.group(0):
        flags.append("linebreak" if "\n" in m.group(0) else "spacing")
    if (m["kind"] != kind and "repaired" not in flags) or (m["iss"] != iss.code and not glued):
        flags.append("case")
    sub = m["sub"] or ""
    cid = f"{m['num']}-{kind}/{iss.code}{sub}"
    h = Hit(m.start(), end, "", cid, kind=kind, number=m["num"], issuer_code=iss.code, system="party",
            level=iss.level, flags=flags)
    return _finish(c, h, m.start(), iss.contextual)


def _party_as_state(c: _Ctx, m: re.Match) -> Hit | None:
    """ "27/NQ-TW", "27/NQ- TW": a Party number written in the State order; the codes say which it is
    (TW, TU, ĐU... issue no State act), so it is the Party act, flagged repaired."""
    reg = c.reg
    kind, iss = reg.party_kind(m["a"]), reg.party_issuer(m["b"])
    if kind is None or iss is None or m["year"] or m["sub"] or m["sep"] == "/" or "." in m["num"]:
        return None
    if m["a"] != kind or m["b"] != iss.code:
        return None  # only exact codes: a case slip on top of an order slip is too far from the form
    h = Hit(m.start(), m.end(), "", f"{m['num']}-{kind}/{iss.code}", kind=kind, number=m["num"],
            issuer_code=iss.code, system="party", level=iss.level, flags=["repaired"])
    return _finish(c, h, m.start(), iss.contextual)


def _state(c: _Ctx, m: re.Match) -> Hit | None:
    reg = c.reg
    if m["sep"] == "/" and not m["year"]:
        return None  # "01/KH/TU": no State form has a slash there; only "102/2025/NQLT/UBTVQH15" is repaired
    kind, iss = reg.state_kind(m["a"]), reg.state_issuer(m["b"])
    unit = m["sub"] or ""
    if iss is None and reg.party_issuer(m["b"]) is not None:
        return _party_as_state(c, m)
    if kind is not None and iss is None and _kind_word_before(c, m.start())[0] == kind:
        iss = reg.dropped_letter_issuer(m["b"])  # "Quyết định số 866/QĐ-Tg": TTg with a letter dropped
        if iss is not None:
            cid = f"{m['num']}/{m['year'] + '/' if m['year'] else ''}{kind}-{iss.code}{unit}"
            h = Hit(m.start(), m.end(), "", cid, kind=kind, number=m["num"],
                    year=int(m["year"]) if m["year"] else None, issuer_code=iss.code, system="state",
                    level=iss.level, flags=["repaired"])
            return _finish(c, h, m.start(), iss.contextual)
    if kind is None or iss is None:
        iss = reg.state_issuer(m["a"])  # 9387/UBND-KT: a letter (công văn) of the UBND's KT office
        if iss is None or reg.state_kind(m["a"]):
            return None
        kind, unit = "CV", f"-{m['b']}{unit}"
        head = f"{iss.code}{m['a'][len(iss.code):]}"
    else:
        b = m["b"]
        if b != iss.code and b.upper() == iss.code.upper() and b.rstrip("0123456789") == b:
            b = iss.code  # "06/QĐ-TTG" in a capitalised title is 06/QĐ-TTg
        head = f"{kind}-{b}"
    year = m["year"]
    cid = f"{m['num']}/{year + '/' if year else ''}{head}{unit}"
    flags = ["spacing"] if re.search(r"\s", m.group(0)) else []
    if m["sep"] == "/":
        flags.append("repaired")
    if unit == (m["sub"] or "") and m["b"] != iss.code and head.endswith(iss.code):
        flags.append("case")
    h = Hit(m.start(), m.end(), "", cid, kind=kind, number=m["num"], year=int(year) if year else None,
            issuer_code=iss.code, system="state", level=iss.level, flags=flags)
    return _finish(c, h, m.start(), iss.contextual)


def _state_glued(c: _Ctx, m: re.Match) -> Hit | None:
    """ "1626/QĐTTg": a kind and an issuer code of the registry run together, both exactly as
    the tables spell them (so "QĐTTg" splits, "QĐTT" or "ABCD" do not)."""
    reg, ab = c.reg, m["ab"]
    for i in range(1, len(ab)):
        kind, rest = ab[:i], ab[i:]
        iss = reg.state_issuer(rest)
        if kind in reg.state_kinds and iss is not None and rest.rstrip("0123456789") == iss.code:
            year = m["year"]
            cid = f"{m['num']}/{year + '/' if year else ''}{kind}-{rest}"
            h = Hit(m.start(), m.end(), "", cid, kind=kind, number=m["num"], year=int(year) if year else None,
                    issuer_code=iss.code, system="state", level=iss.level, flags=["repaired"])
            return _finish(c, h, m.start(), iss.contextual)
    return None


def _law(c: _Ctx, m: re.Match) -> Hit:
    word_kind, _ = _kind_word_before(c, m.start())
    cid = f"{m['num']}/{m['year']}/{m['iss']}"
    h = Hit(m.start(), m.end(), "", cid, kind=word_kind or "L", number=m["num"], year=int(m["year"]),
            issuer_code=m["iss"].rstrip("0123456789"), system="state", level="central")
    return _finish(c, h, m.start(), False)


def _at_slash(c: _Ctx, p: int) -> Hit | None:
    """The code around the slash at `p`: regexes run only in a small window, never over the text."""
    if not P.CODE_AFTER_SLASH.match(c.text, p):  # a date or a ratio: "20/8/2025", "100%/năm"
        return None
    lo, hi = max(0, p - 24), min(len(c.text), p + 64)
    for pattern, build in ((P.LAW, _law), (P.STATE, _state), (P.PARTY, _party), (P.STATE_GLUED, _state_glued)):
        for m in pattern.finditer(c.text, lo, hi):
            if m.start() <= p < m.end() and (m.end() < hi or hi == len(c.text)):
                h = build(c, m)
                if h is not None:
                    return h
    return None


def _codes(c: _Ctx) -> list[Hit]:
    hits: list[Hit] = []
    done = -1
    p = c.text.find("/")
    while p >= 0:
        if p >= done:
            h = _at_slash(c, p)
            if h is not None:
                if h.form != "form":
                    hits.append(h)
                done = h.end
        p = c.text.find("/", p + 1)
    return hits
