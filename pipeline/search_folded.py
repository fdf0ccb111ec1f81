"""Search typed without diacritics: "chuyen doi so" finds "chuyển đổi số", as the report's search box does.

The store's full-text index keeps the tones (SQLite's unicode61 tokenizer leaves "đ" and stacked
marks such as "ể" as they are), so a query typed on a keyboard without Vietnamese input found
nothing. A query with no diacritics at all is compared here with the folded text of every task and
target, the exact phrase first, then every word anywhere; a query with diacritics keeps the index.
Every hit is returned, so the command can say how many there are and where it stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .report.common import fold

if TYPE_CHECKING:
    from .store import Store


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def _snippet(text: str, folded: str, at: int, n: int, width: int = 90) -> str:
    start = max(0, at - width // 3)
    end = min(len(text), max(at + n, start + width))
    body = text[start:at] + "[" + text[at:at + n] + "]" + text[at + n:end]
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


Hit = tuple[str, str, str, str]  # (document, item, kind, snippet)


def search_folded(store: Store, words: str) -> list[Hit]:
    """Every hit as (file name, item, kind, snippet), the exact phrase first."""
    terms = fold(words).split()
    if not terms:
        return []
    phrase = " ".join(terms)
    exact: list[Hit] = []
    loose: list[Hit] = []
    rows = store.db.execute("SELECT d.name, i.item, i.kind, i.text FROM items_fts i "
                            "JOIN documents d ON d.sha256 = i.doc ORDER BY d.name, i.rowid")
    for name, item, kind, text in rows:
        text = text or ""
        f = fold(text)
        if len(f) != len(text):  # decomposed input: show the folded text so the brackets sit right
            text = f
        # fold keeps the length of a Vietnamese text (one letter, one letter), so offsets carry over
        at = f.find(phrase)
        if at >= 0:
            exact.append((name, item, kind, _snippet(text, f, at, len(phrase))))
        elif all(t in f for t in terms):
            at = f.find(terms[0])
            loose.append((name, item, kind, _snippet(text, f, at, len(terms[0]))))
    return exact + loose


def one_per_document(store: Store, hits: list[Hit]) -> list[Hit]:
    """Hits named by document ("Kế hoạch số 144/KH-UBND của UBND tỉnh", not the file), and the same item
    of the same document read from several files (.txt, .docx, .pdf) said once."""
    from .query_render import node_name

    names = {}
    for name, doc_type, number, ident, title in store.db.execute(
            "SELECT name, doc_type, number, doc_id, title FROM documents"):
        names[name] = node_name({"kind": "document", "doc_type": doc_type, "number": number or ident,
                                 "title": title})
    out, seen = [], set()
    for name, item, kind, snip in hits:
        label = names.get(name, name)
        if (label, item, kind) in seen:
            continue
        seen.add((label, item, kind))
        out.append((label, item, kind, snip))
    return out
