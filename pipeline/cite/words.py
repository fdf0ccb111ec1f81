"""Written-out citations: short forms, back-references, named programmes, congress resolutions,
the Party Charter and alias declarations. All patterns run on the folded text."""

from __future__ import annotations

import re

from . import patterns as P
from .find import Hit, _Ctx, _tail
from .registry import fold


def _matches(pattern: re.Pattern, c: _Ctx, words) -> list[re.Match]:
    """`pattern` tried only where one of its literal words starts (the anchors found with str.find)."""
    return [m for p in c.at(*words) if (m := pattern.match(c.low, p))]


def _overlaps(hits: list[Hit], s: int, e: int) -> bool:
    return any(h.start < e and s < h.end for h in hits)


def shorts(c: _Ctx, taken: list[Hit]) -> list[Hit]:
    """ "Nghị quyết số 06, ngày ... của Ban Thường vụ Thành ủy" -> 06-NQ/TU (inferred); else a short form."""
    out = []
    for m in _matches(c.pat.short, c, c.kind_anchors):
        if _overlaps(taken, m.start(), m.end()):
            continue
        if not m["so"] and not c.text[m.start()].isupper():  # "kế hoạch 5 ..." in running text
            continue
        kind = c.reg.kind_of_word(m["w"])
        h = Hit(m.start(), m.end(), c.text[m.start():m.end()], None, form="short", kind=kind, number=m["num"])
        _tail(c, h)
        body = c.reg.body(fold(h.issuer)) if h.issuer else None
        if body:
            code, level = body
            party = c.reg.party_issuer(code) is not None
            h.id = f"{m['num']}-{kind}/{code}" if party else f"{m['num']}/{kind}-{code}"
            h.issuer_code, h.level, h.system = code, level, "party" if party else "state"
            h.flags.append("inferred")
        if h.date:
            h.year = int(h.date[:4])
        out.append(h)
    return out


def backrefs(c: _Ctx, taken: list[Hit]) -> list[Hit]:
    out = []
    for m in _matches(c.pat.backref, c, c.kind_anchors):
        if _overlaps(taken, m.start(), m.end()):
            continue
        form = "self" if m["r"] == "này" else "back-reference"
        out.append(Hit(m.start(), m.end(), c.text[m.start():m.end()], None, form=form,
                       kind=c.reg.kind_of_word(m["w"])))
    return out


_CLAUSE_END = re.compile(r"[;.()“”\"]")
# words by which a clause cites an act rather than naming a body
_CITING = re.compile(r"(?<!\w)(?:thực hiện|triển khai|theo|tại|gắn với|căn cứ|về việc)(?!\w)")


def _in_body_name(c: _Ctx, start: int) -> bool:
    """ "của Ban Chỉ đạo phát triển khoa học, ..., chuyển đổi số và Đề án 06 về ...": the named
    programme ends the name of a body (the registry's name_heads), with no citing word between."""
    lo = max(0, start - 240)
    ends = list(_CLAUSE_END.finditer(c.low, lo, start))
    lo = ends[-1].end() if ends else lo
    clause = c.low[lo:start]
    heads = [clause.rfind(h) for h in c.reg.name_heads]
    head = max(heads, default=-1)
    return head >= 0 and _CITING.search(clause, head) is None


def named(c: _Ctx, taken: list[Hit]) -> list[Hit]:
    """ "Đề án 06 của Chính phủ" -> id "Đề án 06" (kept by name; the registry may know its decision)."""
    out = []
    for m in _matches(c.pat.named, c, ("đề án",)):
        if _overlaps(taken, m.start(), m.end()) or _in_body_name(c, m.start()):
            continue
        cid = f"Đề án {m['num']}"
        h = Hit(m.start(), m.end(), c.text[m.start():m.end()], cid, form="named", kind="ĐA", number=m["num"])
        _tail(c, h)
        body = c.reg.body(fold(h.issuer)) if h.issuer else None
        if body:
            h.level = body[1]
            h.system = "party" if c.reg.party_issuer(body[0]) else "state"
        known = c.reg.known(cid)
        if body or known:
            if known and not body:
                h.system = known.get("system", h.system)
            out.append(h)
    return out


def charter(c: _Ctx, taken: list[Hit]) -> list[Hit]:
    cid = "charter:Điều lệ Đảng"  # the acceptance check keeps an extra whose id names "điều lệ"
    return [Hit(m.start(), m.end(), c.text[m.start():m.end()], cid, form="charter", kind="charter",
                issuer="Đảng Cộng sản Việt Nam", level="central")
            for m in _matches(P.CHARTER, c, ("điều lệ",)) if not _overlaps(taken, m.start(), m.end())]


# ---- congress resolutions ----------------------------------------------------------------------

def _congress_item(c: _Ctx, m: re.Match) -> dict:
    end = m.end()
    unit = m["unit"]
    level = "central" if (m["nat"] or not unit) else c.reg.congress_units[unit]
    if unit:
        name = P.compiled(c.reg).name_words.match(c.text, end)
        end = name.end() if name else end
    ordm = P.ORDINAL.match(c.low, end)
    ordinal = None
    if ordm:
        ordinal = (ordm["ord"] or ordm["ord2"]).upper()
        end = ordm.end()
    if level == "central":
        of = P.OF_PARTY.match(c.low, end)
        end = of.end() if of else end
    return {"start": m.start(), "end": end, "nq": bool(m["nq"]), "level": level, "ord": ordinal}


def _chains(c: _Ctx, items: list[dict]) -> list[list[dict]]:
    chains: list[list[dict]] = []
    for it in items:
        if chains:
            prev = chains[-1][-1]
            gap = P.compiled(c.reg).congress_gap.fullmatch(c.low, prev["end"], it["start"])
            if gap and prev["end"] <= it["start"]:
                chains[-1].append(it)
                continue
        chains.append([it])
    return chains


def congress(c: _Ctx, taken: list[Hit]) -> list[Hit]:
    """Congress resolutions; items listed in a row share the ordinal written once at the end."""
    items, end = [], -1
    for m in _matches(c.pat.congress, c, ("nghị quyết", "đại hội")):
        if m.start() >= end:
            items.append(_congress_item(c, m))
            end = items[-1]["end"]
    out = []
    for chain in _chains(c, items):
        for i, it in enumerate(chain):
            if not it["nq"] and not any(x["nq"] for x in chain[:i]):
                continue  # "Đại hội ..." alone is the event, not its resolution
            ordinal = it["ord"] or next((x["ord"] for x in chain[i + 1:] if x["ord"]), None)
            s, e = it["start"], it["end"]
            if _overlaps(taken, s, e):
                continue
            h = Hit(s, e, c.text[s:e], None, form="congress", kind="congress", level=it["level"], congress=ordinal)
            if ordinal:
                h.id = f"congress:{ordinal}:{it['level']}"
                if not it["ord"]:
                    h.flags.append("shared-ordinal")
            words = c.text[s:e].split()[2:] if it["nq"] else c.text[s:e].split()
            h.issuer = " ".join(words[1:] if words[:1] in (["của"], ["CỦA"]) else words)
            out.append(h)
    return out


def aliases(c: _Ctx, hits: list[Hit]) -> list[Hit]:
    """ "(sau đây gọi tắt là Nghị quyết 57)" names the citation just before it."""
    out = []
    opens = sorted({q for p in c.at("gọi", "viết") if (q := c.low.rfind("(", max(0, p - 24), p)) >= 0})
    for m in filter(None, (P.ALIAS.match(c.low, q) for q in opens)):
        s, e = m.span("a")
        if _overlaps(hits, s, e):
            continue
        before = [h for h in hits if h.id and h.end <= m.start() and m.start() - h.end < 400]
        if not before:
            continue
        numbered = [h for h in before if h.number and re.search(rf"\b{re.escape(h.number)}\b", m["a"])]
        ante = (numbered or before)[-1]
        out.append(Hit(s, e, c.text[s:e], ante.id, form="alias", kind=ante.kind, number=ante.number,
                       flags=["alias-declared"]))
    return out
