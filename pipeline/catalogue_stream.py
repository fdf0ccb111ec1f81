"""catalogue.json written a document at a time from the store, and JSON Lines per record type beside it.

The catalogue's shape is `catalogue.Catalogue` (its schema is generated from it); building that
object holds the whole corpus in memory, so here each stored extraction is read, written and
dropped, and only what spans documents (the directives' merged facts) is kept. The JSON Lines
files hold the same records, one a line, for a reader that cannot parse one large JSON value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .atomic import atomic_path

if TYPE_CHECKING:
    from .catalogue import DecisionEntry, Failure, Link
    from .store import Store

JSONL = ("documents", "tasks", "targets", "responsibilities", "directives", "links", "alignments",
         "missing_parents", "failures", "decisions")


class _Array:
    """One top-level list of catalogue.json, element by element, and its JSON Lines file."""

    def __init__(self, out: IO[str], lines: IO[str] | None, key: str, last: bool = False):
        self.out, self.lines, self.key, self.last, self.n = out, lines, key, last, 0
        out.write(f' "{key}": [')

    def add(self, obj: Any) -> None:
        # one record a line: json's C encoder (indent= falls back to the Python one, 5x slower),
        # and the same text serves the JSON Lines file
        self.add_text(json.dumps(obj, ensure_ascii=False))

    def add_text(self, text: str) -> None:
        self.out.write(("," if self.n else "") + "\n  " + text)
        if self.lines is not None:
            self.lines.write(text + "\n")
        self.n += 1

    def close(self) -> None:
        self.out.write(("\n ]" if self.n else "]") + ("\n" if self.last else ",\n"))


def merged_entry(by_sha: list[tuple[str, dict[str, Any]]], facts: tuple[str, ...]) -> dict[str, Any]:
    """One directive's catalogue entry from what each citing document (in sha order) says of it:
    catalogue.merge_directives' rules (the first document that gives a fact wins, flags united). In one
    pass with sets: a resolution cited by every commune of a national store has 10,000 citing documents,
    and a list test per document made it quadratic."""
    from .records import DirectiveFacts

    first = by_sha[0][1]
    entry = {**{k: first[k] for k in DirectiveFacts.model_fields}, "cited_by": [], "mentions": 0}
    missing = [k for k in facts if entry.get(k) is None]
    seen: set[str] = set()
    flags: set[str] = set(first["flags"])
    for sha, d in by_sha:
        if missing:
            for k in [k for k in missing if d.get(k) is not None]:
                entry[k] = d[k]
                missing.remove(k)
        entry["known"] = entry["known"] or d["known"]
        if sha not in seen:
            seen.add(sha)
            entry["cited_by"].append(sha)
        entry["mentions"] += d["mentions"]
        flags.update(d["flags"])
    entry["flags"] = sorted(flags)
    return entry


def directive_entries(store: Store, shas: list[str], ids: set[str] | None = None) -> list[Any]:
    """catalogue.merge_directives' entries (DirectiveEntry) of the directives `ids` (None: all), from the cited lists
    cached per document (doc_outputs.cited), read only where a document cites one of them; a stored
    document's own id that nobody cites gets its entry from its stub."""
    from .catalogue import DirectiveEntry

    current = set(shas)
    cited: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for sha, text in store.db.execute("SELECT doc, cited FROM doc_outputs ORDER BY doc"):
        if sha in current and (ids is None or any(f'"{i}"' in text for i in ids)):
            for did, f in json.loads(text):
                if ids is None or did in ids:
                    cited.setdefault(did, []).append((sha, f))
    rows = store.db.execute("SELECT sha256, doc_id FROM documents WHERE doc_id IS NOT NULL ORDER BY sha256")
    own = {i: s for s, i in rows if s in current and (ids is None or i in ids)}  # the last in sha order wins

    def meta_of(sha: str) -> dict[str, Any]:
        (text,) = store.db.execute("SELECT stub FROM doc_outputs WHERE doc=?", (sha,)).fetchone()
        return json.loads(text)["meta"]

    return [DirectiveEntry(**entry) for entry in entries(cited, own, meta_of)]


def entries(cited: dict[str, list[tuple[str, dict[str, Any]]]], own: dict[str, str],
            meta_of: Callable[[str], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The directive entries, in id order, from what each citing document says of each directive
    (`cited`) and the stored document whose own id it is (`own`); a stored document nobody cites gets
    its entry from its meta (`meta_of` its sha, as a dict)."""
    from .records import FACTS

    for did in sorted(set(cited) | set(own)):
        if did in cited:
            entry = merged_entry(sorted(cited[did], key=lambda x: x[0]), FACTS)
            if did in own:
                entry["in_corpus"] = own[did]
        else:
            meta = meta_of(own[did])
            entry = {"id": did, "kind": meta.get("doc_type"), "issuer": meta.get("issuer"), "level": meta.get("level"),
                     "date": meta.get("date"), "title": meta.get("title"), "known": False, "in_corpus": own[did],
                     "cited_by": [], "mentions": 0, "flags": []}
        yield entry


def write_catalogue(store: Store, shas: list[str], paths: dict[str, list[str]], links: Iterable[Link | dict],
                    failures: list[Failure], out_dir: Path, generated_at: str | None = None,
                    decisions: list[DecisionEntry] | None = None, version: str = "",
                    directives: list[dict[str, Any]] | None = None) -> list[Path]:
    """Write catalogue.json and the JSON Lines files; returns the paths written.

    Equal, as JSON, to `build_catalogue(...).model_dump(mode="json")` over the same store. Each
    document's and alignment's text is the one cached in the store (derived.py), made first when
    missing; `directives`, when given, receives the merged directive entries (for the tables).
    """
    from . import __version__
    from .catalogue import SCHEMA_VERSION, DirectiveEntry
    from .derived import ensure_docs, ensure_pairs, ordered, pair_order, pair_texts, stubs
    from .incremental import load_docs

    ensure_docs(store, shas, version)
    stub = stubs(store, shas, paths)
    ensure_pairs(store, shas, version, stub)
    names = ["catalogue.json"] + [f"{k}.jsonl" for k in JSONL]
    with ExitStack() as stack:
        tmp = {n: stack.enter_context(atomic_path(out_dir / n)) for n in names}
        files = {n: stack.enter_context(open(p, "w", encoding="utf-8")) for n, p in tmp.items()}
        out = files["catalogue.json"]
        lines = {k: files[f"{k}.jsonl"] for k in JSONL}
        head = {"schema_version": SCHEMA_VERSION, "generator": f"vnpolicy {__version__}", "generated_at": generated_at}
        out.write("{\n" + "".join(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items()))

        # documents, in (name, sha) order; each directive's facts kept per document, merged after
        cited: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        arr = _Array(out, lines["documents"], "documents")
        cols = "doc_json, tasks_jsonl, targets_jsonl, responsibilities_jsonl, cited"
        for sha, doc_json, tasks, targets, resps, facts in ordered(store, shas, cols):
            # the cached text is json.dumps of the extraction; its paths go last, as a dict adds them
            arr.add_text(doc_json[:-1] + ', "paths": ' + json.dumps(sorted(paths.get(sha, [])), ensure_ascii=False)
                         + "}")
            lines["tasks"].write(tasks)
            lines["targets"].write(targets)
            lines["responsibilities"].write(resps)
            for did, f in json.loads(facts):
                cited.setdefault(did, []).append((sha, f))
        arr.close()

        docs = load_docs(store, shas)
        own: dict[str, str] = {}
        for d in sorted(docs.values(), key=lambda d: d.sha):
            if d.id:
                own[d.id] = d.sha  # the last in sha order, as merge_directives' dict keeps it
        arr = _Array(out, lines["directives"], "directives")
        for entry in entries(cited, own, lambda sha: stub[sha].meta.model_dump()):
            obj = DirectiveEntry(**entry).model_dump(mode="json")
            arr.add(obj)
            if directives is not None:
                directives.append(obj)
        arr.close()

        arr = _Array(out, lines["links"], "links")
        for lk in links:  # links.all_links gives them as dicts, one row at a time
            arr.add(lk if isinstance(lk, dict) else lk.model_dump(mode="json"))
        arr.close()
        arr = _Array(out, lines["alignments"], "alignments")
        for text in pair_texts(store, pair_order(store, shas), "line"):
            arr.add_text(text)
        arr.close()
        arr = _Array(out, lines["missing_parents"], "missing_parents")
        for ms in store.missing_parents().values():
            for m in ms:
                arr.add(m)
        arr.close()
        arr = _Array(out, lines["failures"], "failures")
        for f in sorted(failures, key=lambda f: f.path):
            arr.add(f.model_dump(mode="json"))
        arr.close()
        arr = _Array(out, lines["decisions"], "decisions", last=True)
        for dec in decisions or []:
            arr.add(dec.model_dump(mode="json"))
        arr.close()
        out.write("}\n")  # the files close, then each is renamed into place (ExitStack unwinds in reverse)
    return [out_dir / n for n in names]
