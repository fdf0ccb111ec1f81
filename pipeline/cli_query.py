"""`vnpolicy trace | align | search | show`: thin commands over pipeline.query, reading the store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .sanitize import name as safe_name
from .sanitize import terminal

STORE_HELP = "the SQLite store written by `vnpolicy run`"
DEFAULT_STORE = Path("outputs/vnpolicy.sqlite")


def _open(store: Path):
    """The store, read as it is: a query never creates one (exit 12 when missing)."""
    from .store import Store

    return _run(lambda: Store(store, create=False))


def _run(fn):
    from .errors import PipelineError

    try:
        return fn()
    except PipelineError as exc:
        typer.echo(f"error: {safe_name(str(exc))}", err=True)
        raise typer.Exit(exc.exit_code) from None


def register(app: typer.Typer) -> None:
    @app.command()
    def trace(ident: str = typer.Argument(..., metavar="ID", help="directive id, document number, name or sha"),
              store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
              depth: int = typer.Option(4, "--depth", help="levels to follow down"),
              as_json: bool = typer.Option(False, "--json", help="print the trace as JSON")) -> None:
        """Follow a directive down the levels: who implements or cites it, and which of their tasks.

        Example: vnpolicy trace 57-NQ/TW --store outputs/vnpolicy.sqlite
        """
        from . import query

        with _open(store) as st:
            t = _run(lambda: query.trace(query.store_graph(st), ident, max_depth=depth))
        if as_json:
            import json

            sys.stdout.write(json.dumps(t, ensure_ascii=False, indent=1) + "\n")
        else:
            typer.echo(terminal(query.render_trace(t)))

    @app.command()
    def align(child: str = typer.Argument(..., help="the child document (number, name or sha)"),
              parent: str = typer.Option(None, "--parent", help="the parent document; all stored parents if omitted"),
              fmt: str = typer.Option("md", "--format", help="json, md or table"),
              store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
        """Show how CHILD carries out its parents: matched tasks, gaps, local tasks, targets, citations.

        Example: vnpolicy align 144/KH-UBND --parent 03/NQ-CP --format md
        """
        from . import query

        if fmt not in ("json", "md", "table"):
            typer.echo(f"error: --format must be json, md or table, not {fmt!r}", err=True)
            raise typer.Exit(2)
        from .review.show import decision_rows, render_decisions

        with _open(store) as st:
            reps = _run(lambda: query.find_alignments(st, child, parent))
            decided = [decision_rows(st, r) for r in reps]  # staff decisions, shown apart from the machine's
        if fmt == "json":
            import json

            reps = [{**r, "decisions": d} for r, d in zip(reps, decided, strict=True)]
            sys.stdout.write(json.dumps(reps, ensure_ascii=False, indent=1) + "\n")
        else:
            typer.echo(terminal("\n\n".join(query.render_alignment(r, fmt) + ("\n\n" + render_decisions(d) if d else "")
                                              for r, d in zip(reps, decided, strict=True))))

    @app.command()
    def search(text: str = typer.Argument(..., help="words to look for in tasks and targets"),
               limit: int = typer.Option(20, "--limit"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
        """Full-text search over the tasks and targets of every document.

        Example: vnpolicy search "chuyển đổi số"
        """
        from . import query

        if query.search_words(text)[1]:
            typer.echo(f"note: only the first {query.MAX_WORDS} distinct words are searched", err=True)
        if not 1 <= limit <= query.MAX_LIMIT:
            typer.echo(f"note: --limit is between 1 and {query.MAX_LIMIT}; using {max(1, min(limit, query.MAX_LIMIT))}",
                       err=True)
        with _open(store) as st:
            typer.echo(terminal(query.render_search(_run(lambda: query.search(st, text, limit)))))

    @app.command()
    def show(ident: str = typer.Argument(..., metavar="ID", help="directive id, document, or node id"),
             store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
        """Show one node of the graph (document, directive, task...) and its links.

        Example: vnpolicy show 03/NQ-CP
        """
        from . import query

        with _open(store) as st:
            typer.echo(terminal(query.render_show(_run(lambda: query.show(query.store_graph(st), ident)))))
