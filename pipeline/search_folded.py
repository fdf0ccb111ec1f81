"""Search typed without diacritics: "chuyen doi so" finds "chuyển đổi số", as the report's search box does.

The store's full-text index keeps the tones (SQLite's unicode61 tokenizer leaves "đ" and stacked
marks such as "ể" as they are), so a query typed on a keyboard without Vietnamese input finds
nothing there as typed. Each typed word is therefore turned into the index's own spellings of it
(`items_words`: "chuyen" -> "chuyen", "chuyển", "chuyến"...; see fts_terms), and the one index
finds the items holding every typed word at the start of one of their words ("ha" finds "hạ",
"hành", not the "ha" inside "phát"); the exact phrase is put first here. A second, folded index
did this until rows_keyed v3: a store still at v2 (until a writer opens it) is searched through
it, an older one, or a word of punctuation alone, the old way: every task and target folded in
Python. A query with diacritics is searched as typed (Store.search).
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


def _keyed(store: Store) -> str | None:
    row = store.db.execute("SELECT value FROM meta WHERE key='rows_keyed'").fetchone()
    return row[0] if row else None


def _candidates(store: Store, terms: list[str]):
    """(file name, item, kind, text, folded text or None) of the items that may hold every term, in document order."""
    words = all(any(c.isalnum() for c in t) for t in terms)
    keyed = _keyed(store)
    if words and keyed == "3":
        return _from_index(store, terms)
    if words and keyed == "2" and _has(store, "items_fold"):
        match = " ".join('"' + t.replace('"', " ") + '"*' for t in terms)
        return store.db.execute("SELECT d.name, i.item, i.kind, i.text, f.text FROM items_fold f "
                                "JOIN items_fts i ON i.rowid = f.rowid JOIN documents d ON d.sha256 = i.doc "
                                "WHERE items_fold MATCH ? ORDER BY d.name, i.rowid", (match,))
    # a term of punctuation alone ("-", "+") is no word for the index: scan every item
    folded = "i.folded" if keyed == "3" else "NULL"
    return store.db.execute(f"SELECT d.name, i.item, i.kind, i.text, {folded} FROM items_fts i "
                            "JOIN documents d ON d.sha256 = i.doc ORDER BY d.name, i.rowid")


def _has(store: Store, table: str) -> bool:
    return store.db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (table,)).fetchone() is not None


def _from_index(store: Store, terms: list[str]):
    """The items whose words, folded, hold each term's tokens in a row, the last one as a prefix."""
    from .fts_terms import tokens

    groups, phrases = [], []
    for toks in tokens(terms):
        if not toks:
            continue  # as FTS5 does with an empty phrase in an AND
        alts = [_spellings(store, q, prefix=i == len(toks) - 1) for i, q in enumerate(toks)]
        if not all(alts):
            return []  # a word no indexed word folds to: nothing holds it
        # each token's spellings OR-ed; the tokens of one term AND-ed here, kept in a row by _holds
        groups += ["(" + " OR ".join(_pattern(p, star) for p, star in a) + ")" for a in alts]
        if len(toks) > 1:
            phrases.append(toks)
    if not groups:
        return []
    rows = store.db.execute("SELECT d.name, i.item, i.kind, i.text, i.folded FROM items_fts i "
                            "JOIN documents d ON d.sha256 = i.doc WHERE items_fts MATCH ? "
                            "ORDER BY d.name, i.rowid", (" AND ".join(groups),))
    if not phrases:
        return rows
    # a term of several tokens ("57-nq/tw") was asked word by word: kept where they stand in a row,
    # among the rows that hold every term as typed (search_folded keeps no other)
    held = [r for r in rows if all(t in (r[4] if r[4] is not None else fold(r[3] or "")) for t in terms)]
    found = tokens([r[3] or "" for r in held])
    return [r for r, words in zip(held, found, strict=True) if _holds([fold(w) for w in words], phrases)]


def _spellings(store: Store, q: str, *, prefix: bool) -> list[tuple[str, bool]]:
    """The index's words a folded token stands for, as (FTS5 word, is a prefix) patterns."""
    out: set[tuple[str, bool]] = set()
    if fold(q) == q:  # the word as typed: every ASCII word that is or starts with it
        out.add((q, prefix))
    if prefix:
        found = store.db.execute("SELECT term FROM items_words WHERE folded >= ? AND folded < ?",
                                 (q, q + "\U0010ffff"))
    else:
        found = store.db.execute("SELECT term FROM items_words WHERE folded = ?", (q,))
    for (w,) in found:
        if not prefix:
            out.add((w, False))
            continue
        # the shortest start of the word that folds to q: one pattern for "chuyển", "chuyển_"...
        cut = next((k for k in range(1, len(w) + 1) if fold(w[:k]) == q), None)
        out.add((w[:cut], True) if cut else (w, False))
    return sorted(out)


def _pattern(word: str, star: bool) -> str:
    return '"' + word + '"' + ("*" if star else "")


def _holds(words: list[str], phrases: list[list[str]]) -> bool:
    """Every phrase's tokens one after another among a text's folded tokens, the last as a prefix."""
    for toks in phrases:
        n = len(toks)
        if not any(words[i:i + n - 1] == toks[:-1] and words[i + n - 1].startswith(toks[-1])
                   for i in range(len(words) - n + 1)):
            return False
    return True


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
