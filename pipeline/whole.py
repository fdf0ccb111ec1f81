"""The files that cover the whole corpus, and when a publish writes them (#15).

catalogue.json and its JSON Lines, graph.json, graph.graphml and the CSV/XLSX tables each hold
every document: rewriting them costs time and memory that grow with the corpus (24 s of a 40 s
re-run at 1,000 documents), so a store of national size cannot have them rewritten on every new
document. `vnpolicy run` writes them while the store holds at most `limit` current documents
(`--whole auto`, the default), always (`--whole always`) or never (`--whole never`); otherwise it
writes the per-document layout (split_layout.py) and `vnpolicy export --whole` writes them on
request, from the store as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_write

if TYPE_CHECKING:
    from .catalogue import DecisionEntry, Failure
    from .store import Store

WHOLE_LIMIT = 1000  # current documents up to which `run` rewrites the whole-corpus files
POLICIES = ("auto", "always", "never")
JSONL_NAMES = tuple(f"{k}.jsonl" for k in ("documents", "tasks", "targets", "responsibilities", "directives",
                                             "links", "alignments", "missing_parents", "failures", "decisions"))
WHOLE_NAMES = ("catalogue.json", *JSONL_NAMES, "graph.json", "graph.graphml", "tasks.csv", "targets.csv",
               "directives.csv", "catalogue.xlsx")


def whole_wanted(policy: str, limit: int, documents: int) -> bool:
    """True when a publish of `documents` current documents writes the whole-corpus files."""
    if policy not in POLICIES:
        raise ValueError(f"--whole must be one of {', '.join(POLICIES)}, not {policy!r}")
    return policy == "always" or policy == "auto" and documents <= limit


def split_note(documents: int, limit: int, policy: str, out_dir: Path) -> str:
    """The one line `run` prints when it wrote the per-document layout instead (Vietnamese)."""
    why = "theo --whole never" if policy == "never" else f"vượt giới hạn {limit:,}".replace(",", ".")
    return (f"Kho có {documents:,}".replace(",", ".") + f" tài liệu ({why}): đã ghi danh mục theo từng tài liệu "
            f"({out_dir}/catalogue/); các tệp toàn bộ (catalogue.json, graph.json, graph.graphml, bảng CSV/XLSX) "
            f"chỉ được tạo khi yêu cầu: vnpolicy export --whole --store {out_dir}/vnpolicy.sqlite --out {out_dir}")


def remove_whole(out_dir: Path) -> list[Path]:
    """The whole-corpus files of an earlier publish: once the per-document layout is written they no
    longer say what the store holds, so they go (export --whole makes them again)."""
    gone = []
    for name in WHOLE_NAMES:
        p = out_dir / name
        if p.is_file():
            p.unlink()
            gone.append(p)
    return gone


def write_whole(store: Store, shas: list[str], paths: dict[str, list[str]], failures: list[Failure],
                out_dir: Path, *, version: str, generated_at: str | None,
                decisions: list[DecisionEntry], lap: Callable[[str], None] = lambda _s: None
                ) -> tuple[list[Path], list[dict[str, Any]], int]:
    """catalogue.json (+ JSON Lines, schema), graph.json, graph.graphml and the tables, from the
    store's rows (the links table kept by links.sync_links); returns the paths, the merged
    directive entries and how many links the catalogue lists."""
    from .catalogue import catalogue_schema
    from .catalogue_stream import write_catalogue
    from .derived import stubs
    from .export.tables_stream import write_tables_stream
    from .graph_stream import write_graph_stream
    from .links import all_links

    directives: list[dict[str, Any]] = []
    counted = _Counted(all_links(store.db))
    written = write_catalogue(store, shas, paths, counted, failures, out_dir, generated_at=generated_at,
                              decisions=decisions, version=version, directives=directives)
    atomic_write(out_dir / "catalogue.schema.json", json.dumps(catalogue_schema(), ensure_ascii=False, indent=1) + "\n")
    written.append(out_dir / "catalogue.schema.json")
    lap("catalogue")
    written += write_graph_stream(store.db, out_dir)  # no merged graph in memory
    lap("graph_files")
    written += write_tables_stream(store, shas, stubs(store, shas, paths), directives, out_dir, decisions=decisions)
    lap("tables")
    return written, directives, counted.n


class _Counted:
    """An iterator that counts what went through it."""

    def __init__(self, it: Any):
        self.it, self.n = it, 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Any:
        x = next(self.it)
        self.n += 1
        return x


def export_whole(store: Store, out_dir: Path, version: str) -> list[Path]:
    """`vnpolicy export --whole`: the whole-corpus files of the store as it is, into `out_dir`."""
    from datetime import UTC, datetime

    from .catalogue import Failure
    from .links import sync_links
    from .publish import backfill, published_decisions

    shas = store.current_shas()
    backfill(store)
    sync_links(store.db)
    paths, failed = store.paths_and_failures()
    out_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    written, _, _ = write_whole(store, shas, paths, [Failure(path=p, reason=r) for p, r in failed], out_dir,
                                version=version, generated_at=now, decisions=published_decisions(store, shas))
    return written
