"""The embedded store: SQLite, one transaction per document, full-text search over items.

WAL journaling means a run killed at any moment leaves the last committed state readable, and
the next run carries on from it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .derived import SCHEMA as DERIVED_SCHEMA
from .environment import environment_error
from .errors import StoreError
from .fts_terms import spellings
from .graph_index import QUERY_INDEXES
from .links import ensure_schema as ensure_links
from .lock import WriterLock
from .store_keys import ITEMS_FTS, fts_rowid, key_rows
from .textfold import fold

if TYPE_CHECKING:
    from .align.model import AlignmentReport
    from .records import Extraction

GRAPH_SCHEMA = """
CREATE TABLE IF NOT EXISTS graph_rows(
  doc TEXT, phase INTEGER, seq INTEGER, op TEXT, node TEXT, dst TEXT, type TEXT, owner TEXT, attrs TEXT);
CREATE INDEX IF NOT EXISTS graph_rows_node ON graph_rows(node);
CREATE INDEX IF NOT EXISTS graph_rows_dst ON graph_rows(dst);
CREATE INDEX IF NOT EXISTS graph_rows_owner ON graph_rows(owner);
CREATE INDEX IF NOT EXISTS graph_rows_doc ON graph_rows(doc);
CREATE TABLE IF NOT EXISTS node_keys(doc TEXT, node TEXT, exact TEXT, prefix TEXT);
CREATE INDEX IF NOT EXISTS node_keys_exact ON node_keys(exact);
CREATE INDEX IF NOT EXISTS node_keys_prefix ON node_keys(prefix);
CREATE INDEX IF NOT EXISTS node_keys_doc ON node_keys(doc);
CREATE TABLE IF NOT EXISTS alignment_links(
  child TEXT, parent TEXT, seq INTEGER, src TEXT, dst TEXT, type TEXT, attrs TEXT);
CREATE INDEX IF NOT EXISTS alignment_links_dst ON alignment_links(dst);
CREATE INDEX IF NOT EXISTS alignment_links_src ON alignment_links(src);
CREATE INDEX IF NOT EXISTS alignment_links_pair ON alignment_links(child, parent);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
  path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, mtime_ns INTEGER,
  status TEXT, reason TEXT, version TEXT, updated REAL);
CREATE TABLE IF NOT EXISTS extractions(
  sha256 TEXT PRIMARY KEY, version TEXT, name TEXT, json TEXT);
CREATE TABLE IF NOT EXISTS documents(
  sha256 TEXT PRIMARY KEY, name TEXT, format TEXT, doc_type TEXT, number TEXT, doc_id TEXT,
  level TEXT, date TEXT, title TEXT, pages INTEGER);
CREATE TABLE IF NOT EXISTS blocks(
  doc TEXT, id TEXT, kind TEXT, page INTEGER, line INTEGER, start INTEGER, "end" INTEGER,
  PRIMARY KEY(doc, id));
CREATE TABLE IF NOT EXISTS tasks(
  doc TEXT, id TEXT, section TEXT, text TEXT, lead TEXT, deadline TEXT, cites TEXT,
  block TEXT, page INTEGER, line INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY(doc, id));
CREATE TABLE IF NOT EXISTS targets(
  doc TEXT, id TEXT, section TEXT, grp TEXT, label TEXT, text TEXT, metrics TEXT, cites TEXT,
  block TEXT, page INTEGER, line INTEGER, PRIMARY KEY(doc, id));
CREATE TABLE IF NOT EXISTS directives(
  doc TEXT, id TEXT, kind TEXT, level TEXT, issuer_code TEXT, issuer TEXT, date TEXT,
  title TEXT, known INTEGER, flags TEXT, PRIMARY KEY(doc, id));
CREATE TABLE IF NOT EXISTS mentions(
  doc TEXT, directive TEXT, block TEXT, start INTEGER, "end" INTEGER, text TEXT, flags TEXT);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS decisions(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, child TEXT, parent TEXT, kind TEXT, item TEXT, state TEXT,
  child_items TEXT, note TEXT, by TEXT, at TEXT, parent_hash TEXT, child_hash TEXT, recorded REAL);
CREATE TABLE IF NOT EXISTS items_words(folded TEXT, term TEXT, PRIMARY KEY(folded, term)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_directive ON mentions(directive);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
""" + ITEMS_FTS + ";\n"

# Incremental publish (#15): one row per alignment, keyed by the two documents and the version it was made with
ALIGNMENTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS alignments(child TEXT, parent TEXT, version TEXT, json TEXT, PRIMARY KEY(child, parent));
CREATE INDEX IF NOT EXISTS alignments_parent ON alignments(parent);
CREATE TABLE IF NOT EXISTS implements(doc TEXT, directive TEXT);
CREATE INDEX IF NOT EXISTS implements_doc ON implements(doc);
CREATE TABLE IF NOT EXISTS missing_parents(child TEXT, parent_id TEXT, json TEXT);
CREATE INDEX IF NOT EXISTS missing_parents_child ON missing_parents(child);
"""

_PER_DOC = ("documents", "blocks", "tasks", "targets", "directives", "mentions", "items_fts", "implements",
            "graph_rows", "node_keys", "doc_outputs")


def _make_tables(db: sqlite3.Connection, *, base: bool = True) -> None:
    """Every table a store has (IF NOT EXISTS: an older store gains the ones it lacks); `base=False`
    leaves out the files/extractions tables, which a store opened only to write already has."""
    for script in ((SCHEMA,) if base else ()) + (ALIGNMENTS_SCHEMA, GRAPH_SCHEMA, DERIVED_SCHEMA, QUERY_INDEXES):
        db.executescript(script)


def _create_new(path: Path) -> None:
    """A new store's tables are made in a file of its own, then linked to `path` in one step: a run
    killed while creating the store leaves no file at `path`, or a file with every table (never an
    empty database that query commands would take for something else). Linking never replaces a store
    another process created meanwhile."""
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        db = sqlite3.connect(str(tmp))
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _make_tables(db)
            db.commit()
        finally:
            db.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: a rename, which a racing creator could win
            if not path.exists():
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Store:
    """The SQLite store of a corpus.

    Args:
        path: the database file.
        create: make the file (and its folder) when missing; `False` for commands that only
            read (status, queries, reports), which must never leave a store behind a typo.
        writer: take the one-writer lock (`StoreBusy` while another run holds it), as every
            command that writes does. A writer, or an open that may create, keys the full-text
            rows (store_keys.key_rows).

    Raises:
        StoreError: with create=False, no file at `path` or a file that is not a vnpolicy store.
        StoreBusy: with writer=True, another run is writing to this store.
        OutputUnwritable: the folder or the database cannot be written (read-only, disk full).
    """

    def __init__(self, path: str | Path, *, create: bool = True, writer: bool = False):
        self.path = Path(path)
        self._lock: WriterLock | None = None
        self._words: set[tuple[str, str]] | None = None  # items_words rows written, read once by a writer
        if not create and not self.path.is_file():
            raise StoreError(f"{self.path}: no store here (run `vnpolicy run` first, or fix --store)")
        tables: set[str] = set()
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if writer:
                self._lock = WriterLock(self.path).acquire()
            if create:
                if not self.path.exists():
                    _create_new(self.path)
                self.db = sqlite3.connect(str(self.path), timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                _make_tables(self.db)
            else:
                # mode=rw: an existing database only, never a new empty one
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
                tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if create or writer:
                ensure_links(self.db)  # links: per document and per alignment pair (links.py)
                # the one writer's inserts (the full-text table, graph rows) touch many pages: a 64 MB
                # page cache took 15 % off its CPU on a 200-document batch (the default is 2 MB)
                self.db.execute("PRAGMA cache_size=-65536")
            if writer and not create:
                _make_tables(self.db, base=False)
            if create or writer:
                # every open that may write keys the full-text rows (pipeline.run opens without the
                # lock): a document put into a store at an older version would miss its folded words
                key_rows(self.db)
        except (sqlite3.Error, OSError) as exc:
            if self._lock:
                self._lock.release()
            raise environment_error(exc, self.path) or StoreError(
                f"{self.path}: cannot open the store: {exc}") from None
        if not create and not {"files", "extractions", "meta"} <= tables:
            self.db.close()
            if self._lock:
                self._lock.release()
            raise StoreError(f"{self.path}: not a vnpolicy store (no files/extractions tables)")

    def close(self) -> None:
        self.db.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # files -----------------------------------------------------------------------------
    def files(self) -> dict[str, sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        rows = {r["path"]: r for r in self.db.execute("SELECT * FROM files")}
        self.db.row_factory = None
        return rows

    def set_file(self, path: str, sha256: str | None, size: int, mtime_ns: int, status: str,
                 reason: str | None, version: str) -> None:
        with self.db:
            old = self._sha_of(path)
            self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?,?,?,?)",
                            (path, sha256, size, mtime_ns, status, reason, version, time.time()))
            self._drop_orphan(old, sha256)

    def remove_file(self, path: str) -> None:
        with self.db:
            old = self._sha_of(path)
            self.db.execute("DELETE FROM files WHERE path=?", (path,))
            self._drop_orphan(old, None)

    def _sha_of(self, path: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM files WHERE path=?", (path,)).fetchone()
        return row[0] if row else None

    def _drop_orphan(self, old: str | None, new: str | None) -> str | None:
        """A changed or removed file's old content goes when no other path still holds it (returned)."""
        if old and old != new and not self.db.execute(
                "SELECT 1 FROM files WHERE sha256=?", (old,)).fetchone():
            self._delete_doc(old)
            self.db.execute("DELETE FROM extractions WHERE sha256=?", (old,))
            return old
        return None

    # extractions -------------------------------------------------------------------------
    def decisions_seq(self) -> int:
        """The number of the latest staff decision (0: none): outputs made before it are stale."""
        try:
            row = self.db.execute("SELECT max(seq) FROM decisions").fetchone()
        except sqlite3.OperationalError:  # a store made before decisions, opened read-only
            return 0
        return int(row[0] or 0)

    def has_extraction(self, sha256: str, version: str) -> bool:
        return self.db.execute("SELECT 1 FROM extractions WHERE sha256=? AND version=?",
                               (sha256, version)).fetchone() is not None

    def put(self, path: str, size: int, mtime_ns: int, version: str, ext: Extraction,
            ext_json: str | None = None, *, commit: bool = True) -> None:
        """Replace everything known about this document.

        With commit=False the caller commits later (`commit()`), so a batch can group many
        small documents in one transaction; the group is still all-or-nothing.
        """
        payload = ext_json if ext_json is not None else ext.model_dump_json()
        self.put_rows(path, size, mtime_ns, version, ext.document, ext.source["name"], payload,
                      index_rows(ext), commit=commit)

    def put_rows(self, path: str, size: int, mtime_ns: int, version: str, sha: str, name: str,
                 payload: str | bytes, rows: dict[str, list[tuple]], *, commit: bool = True) -> None:
        """`put` with the index rows already made (by a worker, off the main process); the JSON as
        text or as its UTF-8 bytes (stored as text all the same)."""
        self.put_group([(path, size, mtime_ns, version, sha, name, payload, rows)], commit=commit)

    def put_group(self, docs: Sequence[tuple[str, int, int, str, str, str, str | bytes, dict[str, list[tuple]]]], *,
                  commit: bool = True) -> None:
        """`put_rows` for several documents in one transaction, all-or-nothing.

        Their full-text rows go in last, together and in rowid order: FTS5 writes its pending words
        out as a new segment whenever a rowid is not above the one before, so the hashed rowids of a
        document's items, written as they came, made a segment about every other row, and merging
        those was most of the one writer's full-text work (see `_write_fts`).
        """
        fts: dict[int, tuple] = {}
        try:
            for path, size, mtime_ns, version, sha, name, payload, rows in docs:
                old = self._sha_of(path)
                if self.db.execute("SELECT 1 FROM extractions WHERE sha256=?", (sha,)).fetchone():
                    self._delete_doc(sha)  # only a re-processed document has rows to replace
                    _drop_pending(fts, sha)
                self.db.execute("INSERT OR REPLACE INTO extractions VALUES(?,?,?,CAST(? AS TEXT))",
                                (sha, version, name, payload))
                self.db.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?,?,?,?,?)",
                                (path, sha, size, mtime_ns, "ok", None, version, time.time()))
                self._index(rows, fts)
                gone = self._drop_orphan(old, sha)
                if gone:
                    _drop_pending(fts, gone)
            self._write_fts(fts)
            if commit:
                self.db.commit()
        except BaseException:
            self.db.rollback()
            self._words = None  # rows written in the rolled-back transaction are gone: read again
            raise

    def commit(self) -> None:
        self.db.commit()

    def _delete_doc(self, sha: str) -> None:
        for table in _PER_DOC:
            col = "sha256" if table == "documents" else "doc"
            self.db.execute(f"DELETE FROM {table} WHERE {col}=?", (sha,))
        # its links are made again at the next publish, which reads the nodes they touched first
        self.db.execute("UPDATE link_sets SET version='' WHERE doc=? AND parent=''", (sha,))

    def _index(self, rows: dict[str, list[tuple]], fts: dict[int, tuple] | None = None) -> None:
        """Insert one document's rows; its full-text rows into `fts` (by rowid) when given, for the caller to write."""
        for table, batch in rows.items():
            if not batch:
                continue
            if table == "items_fts":
                if fts is None:
                    self._write_fts({r[0]: r for r in batch})
                else:
                    fts.update((r[0], r) for r in batch)
                continue
            if table == "items_words":
                self._add_words(batch)
                continue
            marks = ",".join("?" * len(batch[0]))
            self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES({marks})", batch)

    def _write_fts(self, rows: dict[int, tuple]) -> None:
        """Full-text rows keyed by (doc, item, kind), rowid made by the worker (a retry or a second run
        replaces, never duplicates), written in rowid order: one FTS5 segment for all of them instead of
        one each time the rowid goes down (400 documents replayed in groups of 40: 7.6 -> 3.5 ms a document)."""
        if rows:
            self.db.executemany("INSERT OR REPLACE INTO items_fts(rowid, doc, item, kind, text, folded) "
                                "VALUES(?,?,?,?,?,?)", [rows[k] for k in sorted(rows)])

    def _add_words(self, batch: list[tuple]) -> None:
        """The folded spellings of a document's words not yet stored (most are, after a few documents)."""
        if self._words is None:
            self._words = set(self.db.execute("SELECT folded, term FROM items_words"))
        new = [w for w in map(tuple, batch) if w not in self._words]
        if new:
            self.db.executemany("INSERT OR IGNORE INTO items_words VALUES(?,?)", new)
            self._words.update(new)

    def extractions(self, shas: list[str] | None = None) -> Iterator[Extraction]:
        from .records import Extraction

        if shas is None:
            for (payload,) in self.db.execute("SELECT json FROM extractions ORDER BY sha256"):
                yield Extraction.model_validate_json(payload)
            return
        wanted = sorted(set(shas))
        for i in range(0, len(wanted), 500):  # by key: one document costs one row, not a scan of all
            chunk = wanted[i:i + 500]
            for (payload,) in self.db.execute(f"SELECT json FROM extractions WHERE sha256 IN "
                                              f"({','.join('?' * len(chunk))}) ORDER BY sha256", chunk):
                yield Extraction.model_validate_json(payload)

    def paths_and_failures(self) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
        """The paths of each stored document (by sha256), and the files that failed with why."""
        paths: dict[str, list[str]] = {}
        failures: list[tuple[str, str]] = []
        for path, row in self.files().items():
            if row["status"] == "ok" and row["sha256"]:
                paths.setdefault(row["sha256"], []).append(path)
            elif row["status"] in ("failed", "error"):  # error: not the file's fault, retried next run
                failures.append((path, row["reason"] or "failed"))
        return paths, failures

    def current_shas(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT sha256 FROM files WHERE status='ok' ORDER BY sha256")
        return [r[0] for r in rows]

    # alignments: one row per (child, parent), with the version it was made with ---------------
    def doc_node(self, sha: str) -> str:
        """The graph node of a stored document (graph.document_node without its extraction)."""
        row = self.db.execute("SELECT doc_id FROM documents WHERE sha256=?", (sha,)).fetchone()
        return f"directive:{row[0]}" if row and row[0] else f"document:{sha[:16]}"

    def alignment_versions(self) -> dict[tuple[str, str], str]:
        return {(c, p): v for c, p, v in self.db.execute("SELECT child, parent, version FROM alignments")}

    def put_alignment(self, rep: AlignmentReport, version: str, *, commit: bool = True) -> None:
        """Store one alignment and its aligns_with edges, replacing what the pair had."""
        from .graph_rows import alignment_rows

        c, p = rep.child.sha256, rep.parent.sha256
        self.drop_alignments([(c, p)], commit=False)
        self.db.execute("INSERT INTO alignments VALUES(?,?,?,?)", (c, p, version, rep.model_dump_json()))
        self.db.executemany("INSERT INTO alignment_links VALUES(?,?,?,?,?,?,?)",
                            alignment_rows(rep, self.doc_node(c), self.doc_node(p)))
        if commit:
            self.db.commit()

    def drop_alignments(self, pairs: list[tuple[str, str]], *, commit: bool = True) -> None:
        self.db.executemany("DELETE FROM alignments WHERE child=? AND parent=?", pairs)
        self.db.executemany("DELETE FROM alignment_links WHERE child=? AND parent=?", pairs)
        self.db.executemany("DELETE FROM pair_outputs WHERE child=? AND parent=?", pairs)
        self.db.executemany("UPDATE link_sets SET version='' WHERE doc=? AND parent=?", pairs)  # made again
        if commit:
            self.db.commit()

    def alignment_json(self, child: str | None = None, parent: str | None = None) -> Iterator[str]:
        """Stored alignments as JSON, by child then by the parent's id and sha (align_corpus's order)."""
        where, args = [], []
        for col, val in (("a.child", child), ("a.parent", parent)):
            if val is not None:
                where.append(f"{col}=?")
                args.append(val)
        sql = ("SELECT a.json FROM alignments a LEFT JOIN documents d ON d.sha256 = a.parent "
               + ("WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY a.child, COALESCE(d.doc_id, ''), a.parent")
        for (payload,) in self.db.execute(sql, args):
            yield payload

    def replace_missing_parents(self, rows: list[tuple[str, str, str]]) -> None:
        """(child sha, parent id, MissingParent JSON): what children carry out that is not stored."""
        with self.db:
            self.db.execute("DELETE FROM missing_parents")
            self.db.executemany("INSERT INTO missing_parents VALUES(?,?,?)", rows)

    def missing_parents(self, child: str | None = None) -> dict[str, list[dict]]:
        """Stored missing parents by child sha, in child then insertion order (align.missing_parents')."""
        sql = "SELECT child, json FROM missing_parents" + (" WHERE child=?" if child else "") + " ORDER BY child, rowid"
        out: dict[str, list[dict]] = {}
        for c, payload in self.db.execute(sql, (child,) if child else ()):
            out.setdefault(c, []).append(json.loads(payload))
        return out

    # meta (links: links.py) ------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES(?,?)", (key, value))

    def search(self, query: str, limit: int = 50) -> list[tuple[str, str, str, str]]:
        """Tasks and targets containing the words of `query`, the exact phrase first.

        Vietnamese words are syllables, so "chuyển đổi số" must be found as a phrase before the
        same three syllables anywhere in a task.
        """
        words = query.replace('"', " ").split()
        if not words:
            return []
        sql = ("SELECT i.doc, d.name, i.item, i.kind, snippet(items_fts, 3, '[', ']', '…', 12) "
               "FROM items_fts i JOIN documents d ON d.sha256 = i.doc WHERE items_fts MATCH ? "
               "ORDER BY rank LIMIT ?")
        phrase = [tuple(r[1:]) for r in self.db.execute(sql, ('"' + " ".join(words) + '"', limit))]
        if len(phrase) >= limit or len(words) == 1:
            return phrase  # type: ignore[return-value]
        seen = {(r[0], r[1]) for r in phrase}
        loose = [tuple(r[1:]) for r in self.db.execute(sql, (" ".join(f'"{w}"' for w in words), limit))]
        return (phrase + [r for r in loose if (r[0], r[1]) not in seen])[:limit]  # type: ignore[return-value]


def _drop_pending(fts: dict[int, tuple], sha: str) -> None:
    """Forget the full-text rows of `sha` not yet written: its document was removed or is put again."""
    for k in [k for k, r in fts.items() if r[1] == sha]:
        del fts[k]


def index_rows(ext: Extraction) -> dict[str, list[tuple]]:
    """The store's rows for one extraction, table by table (pure: workers can make them)."""
    from .graph_rows import document_rows

    sha, m = ext.document, ext.meta
    return {
        **document_rows(ext),
        "implements": [(sha, d) for d in m.implements],
        "documents": [(sha, ext.source["name"], ext.source["format"], m.doc_type, m.number, m.id,
                       m.level, m.date, m.title, ext.pages)],
        "tasks": [(sha, t.id, t.section, t.text, t.lead, t.deadline, json.dumps(t.cites, ensure_ascii=False),
                   t.prov.block, t.prov.page, t.prov.line, t.prov.start, t.prov.end) for t in ext.tasks],
        "targets": [(sha, t.id, t.section, t.group, t.label, t.text,
                     json.dumps([x.model_dump() for x in t.metrics], ensure_ascii=False),
                     json.dumps(t.cites, ensure_ascii=False), t.prov.block, t.prov.page, t.prov.line)
                    for t in ext.targets],
        "directives": [(sha, d.id, d.kind, d.level, d.issuer_code, d.issuer, d.date, d.title, int(d.known),
                        json.dumps(d.flags)) for d in ext.directives],
        "mentions": [(sha, mm.directive, mm.block, mm.doc_start, mm.doc_end, mm.text, json.dumps(mm.flags))
                     for d in ext.directives for mm in d.mentions],
        "items_fts": [(fts_rowid(sha, t.id, kind), sha, t.id, kind, t.text, fold(t.text or ""))
                      for kind, items in (("task", ext.tasks), ("target", ext.targets)) for t in items],
        # the folded spellings of the words, for the search typed without diacritics (fts_terms)
        "items_words": spellings([t.text for t in ext.tasks] + [t.text for t in ext.targets]),
    }
