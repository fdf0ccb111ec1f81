"""The SQLite store: one transaction per document, old content replaced, orphans dropped."""

import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import StoreError
from pipeline.records import DocMeta, Extraction, Prov, Section, Task
from pipeline.store import Store

V = "test-version"


def ext(sha: str, n_tasks: int, word: str = "nhiệm vụ") -> Extraction:
    prov = Prov(file=f"{sha}.txt", sha256=sha, block="b0000", start=0, end=10)
    sec = Section(id="I", title="NHIỆM VỤ", depth=1, prov=prov)
    tasks = [Task(id=f"I/t{i}", section="I", path=["I"], headings=["NHIỆM VỤ"], text=f"{word} số {i}", prov=prov)
             for i in range(n_tasks)]
    return Extraction(document=sha, source={"name": f"{sha}.txt", "format": "txt", "path": f"{sha}.txt"},
                      meta=DocMeta(), sections=[sec], tasks=tasks, targets=[], responsibilities=[], directives=[])


def count(st: Store, table: str, doc: str | None = None) -> int:
    if doc is None:
        return st.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    col = "sha256" if table in ("documents", "extractions") else "doc"
    return st.db.execute(f"SELECT COUNT(*) FROM {table} WHERE {col}=?", (doc,)).fetchone()[0]


def test_put_replaces_changed_file_without_duplicates(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        st.put("a.txt", 10, 1, V, ext("aaa", 3))
        st.put("a.txt", 10, 1, V, ext("aaa", 3))  # same content again: no duplicate rows
        assert count(st, "tasks") == 3 and count(st, "items_fts") == 3
        st.put("a.txt", 12, 2, V, ext("bbb", 2))  # the file changed: old content goes
        assert count(st, "tasks", "aaa") == 0 and count(st, "documents", "aaa") == 0
        assert count(st, "extractions", "aaa") == 0 and count(st, "items_fts", "aaa") == 0
        assert count(st, "tasks") == 2 and st.current_shas() == ["bbb"]


def test_shared_content_survives_until_last_path(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        st.put("a.txt", 10, 1, V, ext("aaa", 2))
        st.set_file("copy.txt", "aaa", 10, 1, "ok", None, V)  # a copy, recognised by hash
        st.remove_file("a.txt")
        assert st.has_extraction("aaa", V) and count(st, "tasks", "aaa") == 2
        st.remove_file("copy.txt")
        assert not st.has_extraction("aaa", V) and count(st, "tasks") == 0 and st.files() == {}


def test_failed_file_drops_its_old_content(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        st.put("a.txt", 10, 1, V, ext("aaa", 2))
        st.set_file("a.txt", None, 0, 0, "failed", "file is empty", V)
        assert count(st, "tasks") == 0 and st.current_shas() == []
        assert st.files()["a.txt"]["reason"] == "file is empty"
        assert not st.has_extraction("aaa", "other-version")


def test_search_and_meta(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        st.put("a.txt", 10, 1, V, ext("aaa", 2, "chuyển đổi số"))
        st.set_meta("k", "v")
        assert st.get_meta("k") == "v" and st.get_meta("nope") is None
        hits = st.search("chuyển đổi")
        assert hits and hits[0][0] == "aaa.txt"
        assert st.search('"') == []
        assert [e.document for e in st.extractions(["aaa"])] == ["aaa"]


def test_reopen_and_concurrent_reader(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as st:
        st.put("a.txt", 10, 1, V, ext("aaa", 1))
        # WAL: a second connection reads the committed state while the writer is open
        other = sqlite3.connect(path)
        assert other.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 1
        other.close()
    with Store(path) as st:
        assert list(st.files()) == ["a.txt"]


def test_not_a_database(tmp_path):
    bad = tmp_path / "s.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(bad)


def test_search_finds_the_phrase_before_scattered_syllables(tmp_path):
    from pipeline.extract import extract_file

    ext = extract_file(Path(__file__).resolve().parents[1] / "corpus" / "000_a9ef7522b32975cc.txt")
    with Store(tmp_path / "s.sqlite") as st:
        st.put("sample.txt", 1, 1, "v", ext)
        rows = st.search("chuyển đổi số")
        texts = {t.id: t.text for t in ext.tasks}
        phrase = [r for r in rows if "chuyển đổi số" in texts.get(r[1], "").lower()]
        assert phrase and rows[: len(phrase)] == phrase  # every phrase hit ranks before the rest
        assert st.search("   ") == []


def test_a_store_that_fails_while_being_created_leaves_no_file(tmp_path, monkeypatch):
    """A run killed (here: an error) while the tables are made leaves no database at the store's path,
    so `show`/`search` never meet an empty file; the next run creates the store whole."""
    import pipeline.store as store_mod

    path = tmp_path / "out" / "vnpolicy.sqlite"
    monkeypatch.setattr(store_mod, "DERIVED_SCHEMA", "CREATE TABLE broken(")
    with pytest.raises(StoreError):
        Store(path)
    assert not path.exists() and not [p for p in path.parent.iterdir() if p.name.endswith(".sqlite")]
    monkeypatch.undo()
    with Store(path) as s:
        tables = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"files", "extractions", "meta"} <= tables
    with Store(path, create=False) as s:
        assert s.db.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)


def _args(path: str, e: Extraction, *, as_bytes: bool = False) -> tuple:
    from pipeline.store import index_rows

    payload = e.model_dump_json()
    return (path, 10, 1, V, e.document, e.source["name"], payload.encode() if as_bytes else payload, index_rows(e))


def _fts(st: Store) -> list[tuple]:
    return st.db.execute("SELECT rowid, doc, item, kind, text, folded FROM items_fts ORDER BY rowid").fetchall()


def test_group_stores_what_one_put_each_stores(tmp_path):
    """A commit group (full-text rows written last, sorted) leaves the rows one `put` each leaves."""
    docs = [ext("aaa", 5, "chuyển đổi số"), ext("bbb", 7, "hạ tầng số"), ext("ccc", 3)]
    with Store(tmp_path / "one.sqlite") as one, Store(tmp_path / "group.sqlite") as grp:
        for e in docs:
            one.put(f"{e.document}.txt", 10, 1, V, e)
        grp.put_group([_args(f"{e.document}.txt", e, as_bytes=i == 1) for i, e in enumerate(docs)])
        for table in ("tasks", "documents", "graph_rows", "node_keys", "items_words"):
            q = f"SELECT * FROM {table}"
            assert sorted(map(repr, one.db.execute(q))) == sorted(map(repr, grp.db.execute(q))), table
        assert _fts(one) == _fts(grp) and len(_fts(grp)) == 15
        # the JSON sent as bytes is stored as text, as the one sent as text
        assert grp.db.execute("SELECT DISTINCT typeof(json) FROM extractions").fetchall() == [("text",)]
        assert [e.document for e in grp.extractions()] == ["aaa", "bbb", "ccc"]
        assert grp.search("hạ tầng")[0][0] == "bbb.txt"


def test_group_putting_a_document_twice_or_orphaning_it_keeps_no_stale_words(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        st.put("old.txt", 10, 1, V, ext("old", 2, "văn bản cũ"))
        # aaa twice (two copies of one file, fewer items the second time), then old.txt changes to bbb:
        # neither the first aaa rows nor old's are left behind by the rows held back for the end
        st.put_group([_args("a.txt", ext("aaa", 4)), _args("copy.txt", ext("aaa", 2)),
                      _args("old.txt", ext("bbb", 1))])
        assert sorted(i for _, d, i, *_ in _fts(st) if d == "aaa") == ["I/t0", "I/t1"]
        assert count(st, "items_fts", "old") == 0 and count(st, "tasks", "old") == 0
        assert count(st, "tasks", "aaa") == 2 and count(st, "items_fts") == 3
        assert st.search("văn bản cũ") == []


def test_group_is_all_or_nothing(tmp_path):
    with Store(tmp_path / "s.sqlite") as st:
        bad = _args("b.txt", ext("bbb", 2))
        bad[7]["no_such_table"] = [(1,)]
        with pytest.raises(sqlite3.Error):
            st.put_group([_args("a.txt", ext("aaa", 3)), bad])
        assert st.files() == {} and count(st, "tasks") == 0 and count(st, "items_fts") == 0
        st.put_group([_args("a.txt", ext("aaa", 3))])  # the pending rows of the failed group are gone
        assert count(st, "items_fts") == 3
