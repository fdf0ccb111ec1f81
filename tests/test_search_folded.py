"""The search typed without diacritics, answered from the one full-text table and the folded spellings of
its words, finds exactly what the second, folded table (rows_keyed v2) found, on any Vietnamese text."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.fts_terms import spellings, tokens
from pipeline.search_folded import search_folded
from pipeline.store import Store
from pipeline.store_keys import fts_rowid
from pipeline.textfold import fold

SHA = "ab" * 32
# letters with one mark (folded by unicode61) and with two ("ể", kept), "đ", a loose combining mark,
# digits and the punctuation a task carries
LETTERS = "aăâeêioôơuưyđĐAÂƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
ALPHABET = LETTERS + "bcdghklmnpqrstvxCHNT0123456789 \u0301\u0323-/,.;:()"


def _store(folder: Path, texts: list[str]) -> Path:
    path = folder / "s.sqlite"
    items = [(fts_rowid(SHA, f"t{i}", "task"), SHA, f"t{i}", "task", t, fold(t)) for i, t in enumerate(texts)]
    with Store(path, writer=True) as st:
        st.put_rows("a.txt", 1, 1, "v", SHA, "a.txt", "{}",
                    {"documents": [(SHA, "a.txt", "txt", None, None, None, None, None, None, 1)],
                     "items_fts": items, "items_words": spellings(texts)})
    return path


def _both(path: Path, query: str) -> tuple[list, list]:
    """(the words path, the v2 folded-table path) on the same rows."""
    with Store(path, create=False) as st:
        now = search_folded(st, query)
    with sqlite3.connect(path) as db:
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS items_fold USING fts5(doc UNINDEXED, text)")
        db.execute("DELETE FROM items_fold")
        db.executemany("INSERT INTO items_fold(rowid, doc, text) VALUES(?,?,?)",
                       [(r, d, fold(t)) for r, d, t in db.execute("SELECT rowid, doc, text FROM items_fts")])
        db.execute("UPDATE meta SET value='2' WHERE key='rows_keyed'")
    with Store(path, create=False) as st:
        old = search_folded(st, query)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value='3' WHERE key='rows_keyed'")
    return now, old


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=60), min_size=1, max_size=6),
       picks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 60), st.integers(1, 12)), min_size=1,
                      max_size=3),
       typed=st.text(alphabet="adeou đ-", max_size=6))
def test_the_words_find_what_the_folded_table_found(texts, picks, typed):
    # queries cut from the texts themselves (so they hit), with and without the diacritics, and typed at random
    queries = [typed]
    for i, start, n in picks:
        cut = texts[i % len(texts)][start:start + n]
        queries += [cut, fold(cut)]
    with tempfile.TemporaryDirectory() as d:
        path = _store(Path(d), texts)
        for q in queries:
            words = fold(q)
            if not words.split():
                continue
            now, old = _both(path, words)
            assert now == old, (texts, words)


def test_real_text_queries(tmp_path):
    root = Path(__file__).resolve().parents[1]
    text = (root / "corpus" / "000_a9ef7522b32975cc.txt").read_text(encoding="utf-8")
    lines = [x for x in text.splitlines() if len(x) > 20][:200]
    path = _store(tmp_path, lines)
    for q in ("chuyen doi so", "d", "dang uy", "ha tang", "57-nq/tw", "tinh uy", "nang cao nang luc", "x-y"):
        now, old = _both(path, q)
        assert now == old, q
    assert _both(path, "chuyen doi so")[0]


def test_the_worker_splits_words_as_the_index_does(tmp_path):
    texts = ["Chuyển đổi số; ĐẢNG ỦY xã 57-NQ/TW", "cafe\u0301 ho\u0323c, 2025–2030", "ƕ¹ ß İstanbul"]
    path = _store(tmp_path, texts)
    with sqlite3.connect(path) as db:
        db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, items_fts, instance)")
        index = {}
        for doc, term, _off in db.execute("SELECT doc, term, offset FROM temp.v ORDER BY doc, offset"):
            index.setdefault(doc, []).append(term)
        stored = set(db.execute("SELECT folded, term FROM items_words"))
    assert [index[fts_rowid(SHA, f"t{i}", "task")] for i in range(len(texts))] == tokens(texts)
    assert stored == {(fold(w), w) for toks in index.values() for w in toks if not w.isascii()}
    assert ("chuyen", "chuyển") in stored and ("dang", "đang") in stored  # "Đ" folded, "Ả" one mark: gone


def test_words_of_a_rolled_back_document_are_written_again(tmp_path):
    texts = ["Xây dựng hạ tầng số đồng bộ"]
    rows = {"documents": [(SHA, "a.txt", "txt", None, None, None, None, None, None, 1)],
            "items_fts": [(fts_rowid(SHA, "t0", "task"), SHA, "t0", "task", texts[0], fold(texts[0]))],
            "items_words": spellings(texts)}
    with Store(tmp_path / "s.sqlite", writer=True) as st:
        with pytest.raises(sqlite3.Error):  # the words went in, then the document failed: all rolled back
            st.put_rows("a.txt", 1, 1, "v", SHA, "a.txt", "{}", {**rows, "no_such_table": [(1,)]})
        assert st.db.execute("SELECT COUNT(*) FROM items_words").fetchone()[0] == 0
        st.put_rows("a.txt", 1, 1, "v", SHA, "a.txt", "{}", rows)
        assert st.db.execute("SELECT COUNT(*) FROM items_words").fetchone()[0] == len(rows["items_words"]) > 0
        assert search_folded(st, "ha tang so")
