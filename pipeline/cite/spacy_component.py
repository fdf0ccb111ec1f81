"""spaCy annotation layer: `doc.spans["directives"]`, one char-exact span per citation.

    nlp = make_nlp()                      # blank "vi" + the component
    for doc in nlp.pipe(texts): doc.spans["directives"]

Importing this module imports spaCy; `pipeline.cite` itself never does.

`spacy.blank("vi")` needs pyvi for word segmentation unless its tokenizer is built with
`use_pyvi = False`, which splits on whitespace only; that is all this layer needs (spans are
re-aligned to characters below), so no pyvi and no fallback to "xx" is needed.
Tokens are split at citation edges ("57-NQ/TW," -> "57-NQ/TW" ","), so every span covers
exactly the characters `find_in_text` found; the label is the system (PARTY, STATE, CONGRESS,
NAMED, CHARTER) and `span._.directive_id`, `._.level`, `._.flags`, `._.form` carry the rest.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import find_in_text
from .registry import load_registry

SPANS_KEY = "directives"
for _name, _default in (("directive_id", None), ("level", None), ("flags", None), ("form", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


def _label(hit) -> str:
    if hit.form in ("congress", "named", "charter"):
        return hit.form.upper()
    return hit.system.upper()


def _split_at(doc: Doc, cuts: set[int]) -> Doc:
    """Split tokens so that every char offset in `cuts` falls on a token boundary."""
    plan = []
    for tok in doc:
        inner = sorted(c - tok.idx for c in cuts if tok.idx < c < tok.idx + len(tok.text))
        if inner:
            edges = [0, *inner, len(tok.text)]
            plan.append((tok, [tok.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]))
    if plan:
        with doc.retokenize() as retok:
            for tok, orths in plan:
                retok.split(tok, orths, heads=[(tok, 0)] * len(orths))
    return doc


class DirectiveAnnotator:
    def __init__(self, nlp: Language, name: str, registry_path: str | None = None, keep_unresolved: bool = False):
        self.name = name
        self.registry = load_registry(registry_path)
        self.keep_unresolved = keep_unresolved

    def __call__(self, doc: Doc) -> Doc:
        hits = [h for h in find_in_text(doc.text, registry=self.registry) if h.id or self.keep_unresolved]
        _split_at(doc, {x for h in hits for x in (h.start, h.end)})
        spans = []
        for h in hits:
            span = doc.char_span(h.start, h.end, label=_label(h), alignment_mode="strict")
            if span is None:  # whitespace edge the tokenizer folded away: widen to whole tokens
                span = doc.char_span(h.start, h.end, label=_label(h), alignment_mode="expand")
            if span is None:
                continue
            span._.directive_id, span._.level, span._.flags, span._.form = h.id, h.level, list(h.flags), h.form
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("vnpolicy_directives", default_config={"registry_path": None, "keep_unresolved": False})
def make_directive_annotator(nlp: Language, name: str, registry_path: str | None, keep_unresolved: bool):
    return DirectiveAnnotator(nlp, name, registry_path, keep_unresolved)


def make_nlp(registry_path: str | None = None) -> Language:
    """A blank Vietnamese pipeline (whitespace tokenizer, no pyvi) with the directives component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnpolicy_directives", config={"registry_path": registry_path})
    return nlp
