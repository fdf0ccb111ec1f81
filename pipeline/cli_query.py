"""`vnpolicy trace | align | search | show`: thin commands over pipeline.query, reading the store.

trace, search and show are plain functions (`run_trace`, `run_search`, `run_show`) that typer's
commands call and that cli_plain.py calls without typer for a plain command line (#15: typer and
the pydantic it now builds each parameter with are most of a query's start-up). They print with
`echo` and stop with `_exit`, which are typer's own when typer is loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sanitize import name as safe_name
from .sanitize import terminal

if TYPE_CHECKING:
    import typer

STORE_HELP = "the SQLite store written by `vnpolicy run`"
LANG_HELP = "vi (default) or en: the language of the printed text"


class CommandExit(Exception):
    """typer.Exit for a command run without typer (cli_plain)."""

    def __init__(self, code: int = 0):
        super().__init__(code)
        self.exit_code = code


def _exit(code: int) -> Exception:
    if "typer" in sys.modules:
        import typer

        return typer.Exit(code)
    return CommandExit(code)


def echo(text: str, err: bool = False) -> None:
    """typer.echo: click's when typer is loaded, or when the stream is one click would wrap (an ASCII
    encoding); else the same bytes written directly (the text is already escaped by `terminal`, so
    there are no ANSI codes for click to strip)."""
    stream = sys.stderr if err else sys.stdout
    if "typer" in sys.modules or (getattr(stream, "encoding", None) or "ascii").lower() in _ASCII:
        from typer._click.utils import echo as click_echo

        click_echo(text, err=err)
        return
    stream.write(text + "\n")
    stream.flush()


_ASCII = {"ascii", "us-ascii", "ansi_x3.4-1968", "646"}


def _lang(lang: str) -> str:
    if lang not in ("vi", "en"):
        echo("error: --lang is vi or en", err=True)
        raise _exit(2)
    return lang
DEFAULT_STORE = Path("outputs/vnpolicy.sqlite")
TRACE_DOCS = 30  # documents listed under each node of a trace unless --all: a page a reader scans, and the count


def _open(store: Path):
    """The store, read as it is: a query never creates one (exit 12 when missing)."""
    from .store import Store

    return _run(lambda: Store(store, create=False))


def _run(fn):
    from .errors import PipelineError

    try:
        return fn()
    except PipelineError as exc:
        echo(f"error: {safe_name(str(exc))}", err=True)
        raise _exit(exc.exit_code) from None


def _attrs(G: Any, n: str) -> dict[str, Any] | None:
    try:
        return G.nodes[n]
    except KeyError:
        return None


def run_trace(ident: str, store: Path, depth: int, as_json: bool, show_all: bool, lang: str) -> None:
    from . import query

    with _open(store) as st:
        t = _run(lambda: query.trace(query.store_graph(st), ident, max_depth=depth,
                                     max_docs=None if show_all else TRACE_DOCS))
    if as_json:
        import json

        sys.stdout.write(json.dumps(t, ensure_ascii=False, indent=1) + "\n")
    else:
        echo(terminal(query.render_trace(t, None if show_all else 8, lang=_lang(lang))))


def run_search(text: str, limit: int, store: Path, lang: str) -> None:
    from . import query
    from .report.i18n import msg
    from .search_folded import has_diacritics, one_per_document, search_folded

    lang = _lang(lang)
    words, cut = query.search_words(text)
    if cut:
        echo(msg("q_words_cut", lang, n=query.MAX_WORDS), err=True)
    if not 1 <= limit <= query.MAX_LIMIT:
        limit = max(1, min(limit, query.MAX_LIMIT))
        echo(msg("q_limit", lang, max=query.MAX_LIMIT, n=limit), err=True)
    with _open(store) as st:
        if has_diacritics(words):
            every = _run(lambda: query.search(st, text, query.MAX_LIMIT))
            hits = [(r["document"], r["item"], r["kind"], r["snippet"]) for r in every]
        else:
            hits = _run(lambda: search_folded(st, words))
        hits = one_per_document(st, hits)
        rows = [{"document": n, "item": i, "kind": k, "snippet": s} for n, i, k, s in hits[:limit]]
        total = len(hits)
        echo(terminal(query.render_search(rows, words, total, lang=lang)))


def run_show(ident: str, store: Path, show_all: bool, lang: str) -> None:
    from . import query
    from .query_render import node_name

    with _open(store) as st:
        G = query.store_graph(st)
        node = _run(lambda: query.show(G, ident))
        # names of the neighbours shown only: the store's graph is read node by node (#15)
        near = {e.get("to") or e.get("from") for e in node["out"] + node["in"]}
        names = {n: node_name(a) for n in near if n and (a := _attrs(G, n)) and
                 a.get("kind") in ("document", "directive")}
    echo(terminal(query.render_show(node, _lang(lang), None if show_all else 30, names)))


def register(app: typer.Typer) -> None:
    import typer

    @app.command()
    def trace(ident: str = typer.Argument(..., metavar="ID", help="directive id, document number, name or sha"),
              store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
              depth: int = typer.Option(4, "--depth", help="levels to follow down"),
              as_json: bool = typer.Option(False, "--json", help="print the trace as JSON"),
              show_all: bool = typer.Option(False, "--all", help=f"every document under each node and every "
                                                                  f"item under each, not {TRACE_DOCS} and 8"),
              lang: str = typer.Option("vi", "--lang", help=LANG_HELP)) -> None:
        """Follow a directive down the levels: who implements or cites it, and which of their tasks.

        Example: vnpolicy trace 57-NQ/TW --store outputs/vnpolicy.sqlite
        """
        run_trace(ident, store, depth, as_json, show_all, lang)

    @app.command()
    def align(child: str = typer.Argument(..., help="the child document (number, name or sha)"),
              parent: str = typer.Option(None, "--parent", help="the parent document; all stored parents if omitted"),
              fmt: str = typer.Option("md", "--format", help="json, md or table"),
              store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
              max_rows: int = typer.Option(0, "--max", help="at most this many items per list (0: all); "
                                                          "a cut list says how many it left out"),
              show_all: bool = typer.Option(False, "--all", help="every item of every list (overrides --max)"),
              lang: str = typer.Option("vi", "--lang", help=LANG_HELP),
              lead: str = typer.Option(None, "--lead", help="only the parent tasks whose lead agency (chủ trì) "
                                                           "contains these words; diacritics optional")) -> None:
        """Show how CHILD carries out its parents: matched tasks, gaps, local tasks, targets, citations.

        Prints every item by default, in Markdown; texts are never cut.

        Example: vnpolicy align 144/KH-UBND --parent 03/NQ-CP --format md --lead "Sở Khoa học"
        """
        from . import query

        if fmt not in ("json", "md", "table"):
            typer.echo(f"error: --format must be json, md or table, not {fmt!r}", err=True)
            raise typer.Exit(2)
        from .query_render import store_names
        from .review.show import decision_rows, render_decisions

        with _open(store) as st:
            reps = _run(lambda: query.find_alignments(st, child, parent))
            names = store_names(st)
            decided = [decision_rows(st, r) for r in reps]  # staff decisions, shown apart from the machine's
        if lead is not None and lead.strip():
            reps = [query.only_lead(r, lead) if r.get("parent") else r for r in reps]
        if fmt == "json":
            import json

            reps = [{**r, "decisions": d} for r, d in zip(reps, decided, strict=True)]
            sys.stdout.write(json.dumps(reps, ensure_ascii=False, indent=1) + "\n")
        else:
            limit = None if show_all or max_rows <= 0 else max_rows
            texts = [query.render_alignment(r, fmt, limit, lang=_lang(lang), names=names)
                     + ("\n\n" + render_decisions(d) if d else "") for r, d in zip(reps, decided, strict=True)]
            typer.echo(terminal("\n\n".join(texts)))

    @app.command()
    def search(text: str = typer.Argument(..., help="words to look for in tasks and targets"),
               limit: int = typer.Option(20, "--limit", help="print at most this many hits (the total is told)"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
               lang: str = typer.Option("vi", "--lang", help=LANG_HELP)) -> None:
        """Search the tasks and targets of every document; diacritics are optional ("chuyen doi so").

        Prints the hits, the total and whether the list stops before it. Example: vnpolicy search "chuyển đổi số"
        """
        run_search(text, limit, store, lang)

    @app.command()
    def show(ident: str = typer.Argument(..., metavar="ID", help="directive id, document, or node id"),
             store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
             show_all: bool = typer.Option(False, "--all", help="every link, not the first 30 of each kind"),
             lang: str = typer.Option("vi", "--lang", help=LANG_HELP)) -> None:
        """Show one node of the graph (document, directive, task...) and its links.

        Example: vnpolicy show 03/NQ-CP
        """
        run_show(ident, store, show_all, lang)
