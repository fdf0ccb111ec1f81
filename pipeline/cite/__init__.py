"""Cite: find the directives a document cites (Party and State numbers, congress resolutions,
named programmes), link short forms and back-references, and fill facts from the registry.

    find_in_text(text)   -> [Hit]          one string, for tests and other stages
    cite(doc)            -> Citations      a Document: mentions with block and doc spans
    load_registry(path)  -> Registry       code tables + known directives (cached)
    evaluate(found, gold) -> dict          precision / recall against a gold file

No spaCy here: the spaCy component lives in `spacy_component.py` and is imported on demand.
"""

from __future__ import annotations

from bisect import bisect_right

from ..model import Block, Diagnostic, Document
from ..records import FACTS, Citations, Directive, Mention
from . import variants
from .find import Hit
from .refs import resolve
from .registry import Registry, fold, load_registry, read_registry
from .scan import scan

__all__ = ["Hit", "Registry", "canonical_id", "cite", "evaluate", "find_in_text", "load_registry", "read_registry"]

def find_in_text(text: str, *, registry: Registry | None = None, doc_kind: str | None = None) -> list[Hit]:
    """Every citation in `text` (spans index `text`), short forms and back-references resolved."""
    reg = registry or load_registry()
    hits = resolve(scan(text, reg), text, doc_kind)
    variants.joint_order(hits)
    return hits


def canonical_id(number: str, *, registry: Registry | None = None) -> str | None:
    """The canonical id of a document number as written ("104 -CTr/Tu" -> "104-CTr/TU"), or None."""
    for h in scan(number, registry or load_registry()):
        if h.id or h.ref:
            return h.id or h.ref
    return None


def _doc_kind(doc: Document, reg: Registry) -> str | None:
    """Kind of the document itself, from its title line ("CHƯƠNG TRÌNH HÀNH ĐỘNG" -> CTr)."""
    for b in doc.body[:10]:
        head = b.normalized.strip("*# ")
        words = head.split()
        if len(words) < 2 or not (words[0].isupper() and words[1].isupper()):
            continue
        low = fold(head)
        for word, kind in reg.title_words:
            if low.startswith(word):
                return kind
    return None


def _mention(doc: Document, blocks: list[Block], starts: list[int], h: Hit) -> Mention:
    k = max(0, bisect_right(starts, h.start) - 1)
    b = blocks[k]
    covered = [b]
    j = k + 1  # by index: blocks[k + 1:] copied the rest of the document for every mention (n x n)
    while j < len(blocks) and blocks[j].start < h.end:
        covered.append(blocks[j])
        j += 1
    if len(covered) > 1:
        original = "\n".join(x.text[x.to_original(max(h.start, x.start) - x.start):
                                    x.to_original(min(h.end, x.end) - x.start)] for x in covered)
    else:
        original = b.text[b.to_original(h.start - b.start):b.to_original(h.end - b.start)]
    # validated as it is made: costs nothing measurable against the cite budget (scripts/bench.py)
    return Mention(directive=h.id, block=b.id, start=h.start - b.start, end=h.end - b.start,
                   doc_start=h.start, doc_end=h.end, text=doc.text[h.start:h.end], original=original,
                   form=h.form, flags=list(h.flags), blocks=[x.id for x in covered] if len(covered) > 1 else [],
                   date=h.date, issuer=h.issuer, ref=h.ref)


_FACTS = tuple(k for k in FACTS if k not in ("system", "level"))  # system and level are decided below


def _directive(did: str, group: list[tuple[Hit, Mention]], reg: Registry, diags: list[Diagnostic]) -> Directive:
    f: dict = {"id": did, "system": group[0][0].system, "sources": [], "flags": []}
    # facts from a mention that names the act in full before one whose id was inferred
    ordered = sorted(group, key=lambda hm: "inferred" in hm[0].flags)
    for key in _FACTS:
        for h, m in ordered:
            value = getattr(h, key)
            if value is not None:
                if key == "issuer":  # "Ban Tổ | chức Tỉnh uỷ" cut by a table cell: a later mention's whole name
                    h, m = next(((x, y) for x, y in ordered if x.issuer and len(x.issuer) > len(value)
                                 and x.issuer.startswith(value + " ")), (h, m))
                    value = h.issuer
                f[key] = value
                if key in ("date", "issuer", "title"):
                    f["sources"].append(f"{key}: text {m.block}")
                break
    f["level"] = next((h.level for h, _ in group if h.level != "unknown"), "unknown")
    for _, m in group:
        f["flags"] += [x for x in m.flags if x not in f["flags"]]
    known = reg.known(did)
    if known is None:
        f["flags"].append("unknown")
    else:
        _fill(f, known, diags)
    return Directive(**f, mentions=[m for _, m in group])


def _fill(f: dict, known: dict, diags: list[Diagnostic]) -> None:
    """Registry facts fill what the text left out; a differing date is flagged, never overwritten."""
    f["known"] = True
    src = known.get("sources", {})
    for key in ("date", "issuer", "title", "kind", "number", "issuer_code", "year", "congress"):
        if known.get(key) is None:
            continue
        if f.get(key) is None:
            f[key] = known[key]
            if key in ("date", "issuer", "title"):
                f["sources"].append(f"{key}: registry ({src.get(key, 'pipeline/data/registry/directives.json')})")
        elif key == "date" and f[key] != known[key]:
            f["flags"].append("date-conflict")
            diags.append(Diagnostic(level="warning", code="date-conflict",
                                    message=f"{f['id']}: text says {f[key]}, registry says {known[key]}"))
    if f.get("level", "unknown") == "unknown" and known.get("level"):
        f["level"] = known["level"]
        f["sources"].append(f"level: registry ({src.get('level', 'pipeline/data/registry/directives.json')})")
    if known.get("approved_by"):
        f["sources"].append(f"approved by {known['approved_by']} ({src.get('approved_by', 'registry')})")


def cite(doc: Document, *, registry: Registry | None = None) -> Citations:
    """The directives `doc` cites, one per id with all its mentions; unresolved references apart."""
    reg = registry or load_registry()
    blocks = sorted(doc.body, key=lambda b: b.start)
    # one pass over Document.text (body blocks joined by newlines): a number cut at a line break
    # ("75-" / "KL/TW") or an issuer split over two blocks reads as one; the finders anchor on
    # literals ("/", kind words) found with str.find, so blocks without them cost nothing
    low = fold(doc.text)
    hits = resolve(scan(doc.text, reg, low), doc.text, _doc_kind(doc, reg), low)
    hits = sorted(hits + variants.misprinted(doc.text, hits), key=lambda h: h.start)
    end = _page_end(doc.text, reg)
    hits = [h for h in hits if h.start < end]
    variants.same_act(hits, reg)
    variants.joint_order(hits)
    variants.truncated(doc.text, hits)
    variants.footnote_marks(doc.text, hits)
    starts = [b.start for b in blocks]
    groups: dict[str, list[tuple[Hit, Mention]]] = {}
    unresolved: list[Mention] = []
    for h in hits:
        m = _mention(doc, blocks, starts, h)
        if h.id is None:
            unresolved.append(m)
        else:
            groups.setdefault(h.id, []).append((h, m))
    diags: list[Diagnostic] = []
    directives = [_directive(did, group, reg, diags) for did, group in groups.items()]
    return Citations(directives=directives, unresolved=unresolved, diagnostics=diags)


def _page_end(text: str, reg: Registry) -> int:
    """Where a crawled web page's own furniture starts after the document (len(text) when none)."""
    found = [k for k in (text.find(line) for line in reg.page_furniture) if k >= 0]
    return min(found, default=len(text))


def _gold_ids(gold: dict) -> set[str]:
    ids = {d["id"] for d in gold.get("directives", [])}
    ids |= {f"congress:{c['congress']}:{c['level']}" for c in gold.get("congress_resolutions", [])}
    return ids


def evaluate(found: Citations, gold: dict) -> dict:
    """Precision and recall of directive ids against a gold file (congress resolutions as
    `congress:{ordinal}:{level}`); the Party Charter is an accepted extra, never a false positive.
    Also lists level/date disagreements on the ids found."""
    want = _gold_ids(gold)
    got = {d.id for d in found.directives if not d.id.startswith("charter:")}
    tp, fp, fn = sorted(got & want), sorted(got - want), sorted(want - got)
    by_id = {d.id: d for d in found.directives}
    wrong = []
    for g in gold.get("directives", []):
        d = by_id.get(g["id"])
        if d is None:
            continue
        if d.level != g["level"]:
            wrong.append(f"{g['id']} level {d.level} != {g['level']}")
        if g.get("date") and d.date != g["date"]:
            wrong.append(f"{g['id']} date {d.date} != {g['date']}")
    return {
        "precision": len(tp) / len(got) if got else 1.0,
        "recall": len(tp) / len(want) if want else 1.0,
        "tp": len(tp), "fp": len(fp), "fn": len(fn),
        "false_positives": fp, "false_negatives": fn, "field_errors": wrong,
    }
