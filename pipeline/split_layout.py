"""The catalogue as one file per document, for a store past the whole-file limit (whole.py, #15).

`catalogue/<name>-<sha12>.json` holds one document as catalogue.json shows it (its `paths`
included), the links from it and its items, its alignments as child and its missing parents.
Each file is made from the pieces kept in the store (derived.doc_outputs, pair_outputs, the
links table) and rewritten only when what it is made of changed: `split_files` keeps, per
document, a digest of those inputs, compared with one read of a few small tables, so a publish
after one new document writes that document's file and the index. A file whose document is no
longer stored is removed. `catalogue/index.json` lists every document with its file, sha and
version; catalogue.schema.json beside the folder describes the `document` object.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write
from .textfold import slug

if TYPE_CHECKING:
    from .catalogue import Failure
    from .store import Store

SPLIT_VERSION = "1"  # bump when what a file holds changes
FOLDER = "catalogue"
INDEX = "index.json"
SCHEMA = "CREATE TABLE IF NOT EXISTS split_files(doc TEXT PRIMARY KEY, file TEXT, digest TEXT)"


def file_name(name: str, sha: str) -> str:
    """A portable file name for a document: its file name folded to ASCII, and its sha's start."""
    stem = slug(Path(name).stem)[:60].strip("_.") if name else ""
    return f"{stem or 'document'}-{sha[:12]}.json"


def write_split(store: Store, shas: list[str], paths: dict[str, list[str]], failures: list[Failure],
                out_dir: Path, *, version: str, generated_at: str | None,
                touched: set[str] | None = None, prior: str | None = None) -> tuple[list[Path], int]:
    """Write the files of the documents whose inputs changed, the index, and remove stale files;
    returns the paths written and how many document files were (re)written. With `touched` (the
    documents whose pieces, pairs, missing parents or links may have changed since the last publish)
    and `prior` (take_state, read when that publish began), the inputs of the others are not read
    again (`_settled`)."""
    from . import __version__
    from .catalogue import SCHEMA_VERSION
    from .derived import ensure_docs, ensure_pairs, pair_order, stubs

    db = store.db
    db.execute(SCHEMA)
    folder = out_dir / FOLDER
    current = set(shas)
    head = {"schema_version": SCHEMA_VERSION, "generator": f"vnpolicy {__version__}"}
    salt = json.dumps([SPLIT_VERSION, head, str(folder.resolve())])
    run_key = hashlib.sha256(json.dumps([salt, piece_version(version)]).encode()).hexdigest()[:32]
    trusted = touched is not None and prior == run_key  # the last publish finished this layout, same code
    ensure_docs(store, shas, version)
    if trusted:  # the pairs of touched children only, with the stubs they name
        ensure_pairs(store, shas, version, _Stubs(store, paths), children=touched)
    else:
        ensure_pairs(store, shas, version, stubs(store, shas, paths))
    folder.mkdir(parents=True, exist_ok=True)
    names = {sha: name for sha, name in db.execute("SELECT sha256, name FROM extractions") if sha in current}
    ext_version = {sha: v for sha, v in db.execute("SELECT sha256, version FROM extractions") if sha in current}
    piece = {d: v for d, v in db.execute("SELECT doc, version FROM doc_outputs") if d in current}
    link_digest = {d: g for d, g in db.execute("SELECT doc, digest FROM doc_links") if d in current}
    pairs: dict[str, list[tuple[str, str]]] = {}
    keys = {(c, p): k for c, p, k in db.execute("SELECT child, parent, key FROM pair_outputs")}
    for c, p in pair_order(store, shas):
        pairs.setdefault(c, []).append((p, keys.get((c, p)) or ""))
    missing = store.missing_parents()
    state = {d: (f, g) for d, f, g in db.execute("SELECT doc, file, digest FROM split_files")}
    present = set(os.listdir(folder))
    made = 0
    index: list[dict[str, str | None]] = []
    files: set[str] = {INDEX}
    settled = _settled(store, current, touched, paths, run_key if trusted else None)
    for sha in sorted(current, key=lambda s: (names.get(s) or "", s)):
        known = state.get(sha)
        if sha in settled and known and known[0] in present:
            files.add(known[0])
            index.append({"sha256": sha, "name": names.get(sha), "file": f"{FOLDER}/{known[0]}",
                          "version": ext_version.get(sha)})
            continue
        fname = file_name(names.get(sha) or "", sha)
        files.add(fname)
        want = hashlib.sha256(json.dumps([salt, fname, piece.get(sha), sorted(paths.get(sha, [])),
                                          pairs.get(sha, []), link_digest.get(sha), missing.get(sha)],
                                         ensure_ascii=False).encode()).hexdigest()[:32]
        index.append({"sha256": sha, "name": names.get(sha), "file": f"{FOLDER}/{fname}",
                      "version": ext_version.get(sha)})
        if state.get(sha) == (fname, want) and fname in present:
            continue
        atomic_write(folder / fname, _document_file(store, sha, paths, pairs.get(sha, []), missing.get(sha), head))
        db.execute("INSERT OR REPLACE INTO split_files VALUES(?,?,?)", (sha, fname, want))
        made += 1
        if made % 200 == 0:
            db.commit()
    for name in present - files:
        if name.endswith(".json"):
            (folder / name).unlink(missing_ok=True)
    db.execute("DELETE FROM split_files WHERE doc NOT IN (SELECT sha256 FROM extractions)")
    db.commit()
    _remember(store, current, settled, paths, run_key)
    idx = {**head, "generated_at": generated_at, "layout": "one file per document",
           "schema": "../catalogue.schema.json",
           "documents": index, "failures": [f.model_dump(mode="json") for f in sorted(failures, key=lambda f: f.path)]}
    atomic_write(folder / INDEX, index_text(idx))
    return [folder / INDEX], made


class _Stubs(dict):
    """derived.stubs read by key as ensure_pairs asks for them (it names the two documents of each pair
    it looks at), not every document's."""

    def __init__(self, store: Store, paths: dict[str, list[str]]):
        super().__init__()
        self.store, self.paths = store, paths

    def __missing__(self, sha: str) -> Any:
        from .derived import stub_of

        self[sha] = stub_of(self.store, sha, self.paths)
        return self[sha]


_SLOT = "\u0000documents"  # no document entry holds a NUL
_KEYS = ("sha256", "name", "file", "version")


def index_text(idx: dict[str, Any]) -> str:
    """json.dumps(idx, ensure_ascii=False, indent=1) + newline, its documents list rendered by hand: with
    an indent json uses its Python encoder, 0.15 s for the 1,000 entries under a profiler, growing
    with the store; each entry here is four values through the C encoder."""
    docs = idx["documents"]
    if not docs or any(tuple(d) != _KEYS for d in docs):
        return json.dumps(idx, ensure_ascii=False, indent=1) + "\n"
    enc = json.JSONEncoder(ensure_ascii=False).encode
    entries = ",\n".join("  {\n" + ",\n".join(f'   "{k}": {enc(d[k])}' for k in _KEYS) + "\n  }" for d in docs)
    text = json.dumps({**idx, "documents": _SLOT}, ensure_ascii=False, indent=1)
    return text.replace(json.dumps(_SLOT), "[\n" + entries + "\n ]", 1) + "\n"


def piece_version(version: str) -> str:
    from .derived import code_digest

    return f"{code_digest()}:{version}"


def _paths_text(paths: dict[str, list[str]], sha: str) -> str:
    return "\n".join(sorted(paths.get(sha, [])))


def take_state(store: Store) -> str | None:
    """The key of the last split publish that finished, taken away at the start of a publish: one that
    stops anywhere (its links already synced, say) leaves none, so the next reads every document."""
    key = store.get_meta(_STATE)
    if key is not None:
        with store.db:
            store.db.execute("DELETE FROM meta WHERE key=?", (_STATE,))
    return key


def _settled(store: Store, current: set[str], touched: set[str] | None, paths: dict[str, list[str]],
             run_key: str | None) -> set[str]:
    """The documents whose file needs no look: not `touched`, their paths as the last publish wrote
    them, and that publish made with the same layout, folder and output code (`run_key`). Reading
    every document's inputs and digesting them grew with the store (0.25 s at 1,000 documents for
    one new document)."""
    db = store.db
    db.execute(_PATHS)
    if touched is None or run_key is None:
        return set()
    moved = {d for d, text in db.execute("SELECT doc, paths FROM split_paths")
             if d in current and text != _paths_text(paths, d)}
    known = {r[0] for r in db.execute("SELECT doc FROM split_paths")}
    return (current & known) - touched - moved


def _remember(store: Store, current: set[str], settled: set[str], paths: dict[str, list[str]], run_key: str) -> None:
    """After the files are written: the paths each document's file was made with, and the key of this
    run (a later publish with the same key may trust both)."""
    db = store.db
    with db:
        db.executemany("INSERT OR REPLACE INTO split_paths VALUES(?,?)",
                       [(d, _paths_text(paths, d)) for d in sorted(current - settled)])
        db.execute("DELETE FROM split_paths WHERE doc NOT IN (SELECT sha256 FROM extractions)")
        db.execute("INSERT OR REPLACE INTO meta VALUES(?,?)", (_STATE, run_key))


_STATE = "split_state"
_PATHS = "CREATE TABLE IF NOT EXISTS split_paths(doc TEXT PRIMARY KEY, paths TEXT)"


def _document_file(store: Store, sha: str, paths: dict[str, list[str]], pairs: list[tuple[str, str]],
                   missing: list[dict[str, Any]] | None, head: dict[str, Any]) -> str:
    from .derived import pair_texts
    from .links import doc_links

    (doc_json,) = store.db.execute("SELECT doc_json FROM doc_outputs WHERE doc=?", (sha,)).fetchone()
    document = doc_json[:-1] + ', "paths": ' + json.dumps(sorted(paths.get(sha, [])), ensure_ascii=False) + "}"
    lines = list(pair_texts(store, [(sha, p) for p, _ in pairs], "line"))
    return ("{\n" + "".join(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items())
            + f' "document": {document},\n'
            + f' "links": {json.dumps(doc_links(store.db, sha), ensure_ascii=False)},\n'
            + ' "alignments": [' + ", ".join(lines) + "],\n"
            + f' "missing_parents": {json.dumps(missing or [], ensure_ascii=False)}\n' + "}\n")
