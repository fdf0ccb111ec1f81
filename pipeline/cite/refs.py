"""Link short forms, aliases and back-references to what they point at, in reading order.

Only an antecedent the text itself gives is used: a declared alias, or exactly one earlier
citation of the same kind (and number). Anything else stays unresolved; nothing is guessed.
"""

from __future__ import annotations

from .find import Hit
from .registry import fold


def _alias_uses(hits: list[Hit], low: str | None) -> list[Hit]:
    """Later occurrences of every declared alias, written out without a number pattern."""
    extra: list[Hit] = []
    if low is None:
        return extra
    for decl in [h for h in hits if h.form == "alias" and h.id]:
        key = fold(decl.text)
        pos = low.find(key, decl.end)
        while pos >= 0:
            end = pos + len(key)
            if not any(h.start < end and pos < h.end and h.form != "short" for h in hits + extra):
                extra.append(Hit(pos, end, "", decl.id, form="alias", kind=decl.kind, number=decl.number))
            pos = low.find(key, end)
    return extra


def _short(h: Hit, seen: list[Hit], alias: dict[str, str]) -> None:
    key = fold(h.text)
    if key in alias:
        h.id, h.form = alias[key], "alias"
        return
    ids = {s.id for s in seen if s.kind == h.kind and s.number == h.number and s.form != "alias"}
    if len(ids) == 1:
        h.id = ids.pop()
        h.flags.append("short")
    else:
        h.flags.append("ambiguous" if ids else "no-antecedent")


def _written_out(h: Hit, seen: list[Hit]) -> None:
    """An id inferred from a short form and its issuer ("Nghị quyết liên tịch số 102 của Ủy ban
    Thường vụ Quốc hội" -> 102/NQLT-UBTVQH) names the citation the text already gave in full
    (102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN) when exactly one earlier one has its kind, number
    and issuer code: the full id is kept, no second, shorter one is made up."""
    code = h.issuer_code or ""
    ids = {s.id for s in seen if s.kind == h.kind and s.number == h.number and s.id and s.id != h.id
           and "inferred" not in s.flags and code and code in s.id.split("/", 1)[-1]}
    if len(ids) == 1:
        h.id = ids.pop()
        h.flags.append("short")


def _backref(h: Hit, seen: list[Hit], doc_kind: str | None) -> None:
    if h.form == "self":
        if doc_kind is None or h.kind == doc_kind:
            return
        h.form = "back-reference"
    prior = [s for s in seen if s.kind == h.kind]
    if prior:
        h.id = prior[-1].id
    else:
        h.flags.append("no-antecedent")


def _congress(hits: list[Hit]) -> None:
    """ "Nghị quyết Đại hội Đảng bộ xã" without its ordinal is the one congress of that level the
    document names with it ("... Đảng bộ xã lần thứ I"); with two or none, it stays unresolved."""
    for h in hits:
        if h.form == "congress" and h.id is None:
            ids = {x.id for x in hits if x.form == "congress" and x.id and x.level == h.level}
            if len(ids) == 1:
                h.id = ids.pop()
                h.congress = h.id.split(":")[1]
                h.flags.append("inferred")


def resolve(hits: list[Hit], text: str, doc_kind: str | None = None, low: str | None = None) -> list[Hit]:
    """Give short forms, alias uses and back-references the id of their antecedent when the text says it."""
    if any(h.form == "alias" for h in hits):
        low = low if low is not None else fold(text)
    hits = [h for h in hits if not (h.form == "short" and any(
        a.start <= h.start < a.end and a.form == "alias" for a in hits))]
    extra = _alias_uses(hits, low)
    hits = [h for h in hits if not (h.form == "short" and any(e.start < h.end and h.start < e.end for e in extra))]
    hits = sorted(hits + extra, key=lambda h: h.start)
    for e in extra:
        e.text = text[e.start:e.end]
    own = {h.ref for h in hits if h.form == "self" and h.ref}
    for h in hits:  # the document's own number, wherever it recurs, is not a citation
        if h.id in own:
            h.form, h.ref, h.id = "self", h.id, None
    _congress(hits)
    seen: list[Hit] = []
    alias: dict[str, str] = {}
    for h in hits:
        if h.form == "alias" and h.id and "alias-declared" in h.flags:
            alias[fold(h.text)] = h.id
        elif h.form == "short" and h.id is None:
            _short(h, seen, alias)
        elif h.form == "short" and "inferred" in h.flags:
            _written_out(h, seen)
        elif h.form in ("back-reference", "self") and h.id is None:
            _backref(h, seen, doc_kind)
        if h.id and h.form not in ("back-reference",):
            seen.append(h)
    return hits
