"""Search typed without diacritics: "chuyen doi so" finds "chuyển đổi số", as the report's search box does.

The store's full-text index keeps the tones (SQLite's unicode61 tokenizer leaves "đ" and stacked
marks such as "ể" as they are), so a query typed on a keyboard without Vietnamese input found
nothing. The store therefore keeps a second full-text table of the folded text (`items_fold`,
same rowids): it finds the items holding every typed word at the start of one of their words
("ha" finds "hạ", "hành", no longer the "ha" inside "phát"), and the exact phrase is put first
here. A store written before that table existed (until a writer opens it), or a word of
punctuation alone, is searched the old way: every task and target folded in Python. A query with
diacritics keeps the first index.
Every hit is returned, so the command can say how many there are and where it stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .textfold import fold

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
    rows = _candidates(store, terms)
    for name, item, kind, text, stored in rows:
        text = text or ""
        f = stored if stored is not None else fold(text)
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


def _folded_index(store: Store) -> bool:
    has = store.db.execute("SELECT 1 FROM sqlite_master WHERE name='items_fold'").fetchone()
    if not has:
        return False
    full = store.db.execute("SELECT 1 FROM items_fts LIMIT 1").fetchone()
    return not full or bool(store.db.execute("SELECT 1 FROM items_fold LIMIT 1").fetchone())


def _candidates(store: Store, terms: list[str]):
    """(file name, item, kind, text) of the items that may hold every term, in document order."""
    if not _folded_index(store) or not all(any(c.isalnum() for c in t) for t in terms):
        # a term of punctuation alone ("-", "+") is no word for the index: scan every item
        return store.db.execute("SELECT d.name, i.item, i.kind, i.text, NULL FROM items_fts i "
                                "JOIN documents d ON d.sha256 = i.doc ORDER BY d.name, i.rowid")
    # each term as a quoted prefix: FTS5 syntax characters in a query are words, never operators
    match = " ".join('"' + t.replace('"', " ") + '"*' for t in terms)
    return store.db.execute("SELECT d.name, i.item, i.kind, i.text, f.text FROM items_fold f "
                            "JOIN items_fts i ON i.rowid = f.rowid JOIN documents d ON d.sha256 = i.doc "
                            "WHERE items_fold MATCH ? ORDER BY d.name, i.rowid", (match,))


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
