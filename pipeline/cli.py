"""The `vnpolicy` command: thin wrappers over the library verbs.

Heavy libraries are imported inside the commands so `vnpolicy --help` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# typer's rich help costs 0.2 s at start-up; plain click help keeps `vnpolicy --help` fast
os.environ.setdefault("TYPER_USE_RICH", "0")
import typer  # noqa: E402

from .errors import PipelineError  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Read Vietnamese programme documents into a linked catalogue.")

STORE = Path("outputs/vnpolicy.sqlite")


def _fail(exc: PipelineError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1))
    sys.stdout.write("\n")


@app.command()
def ingest(file: Path = typer.Argument(..., help="a .txt, .md, .docx or .pdf file")) -> None:
    """Print the document model of FILE as JSON (blocks with provenance and repairs).

    Example: vnpolicy ingest corpus/000_a9ef7522b32975cc.docx
    """
    from .ingest import ingest as do_ingest

    try:
        doc = do_ingest(file)
    except PipelineError as exc:
        _fail(exc)
    _print_json(doc.model_dump(mode="json"))


@app.command()
def extract(file: Path = typer.Argument(..., help="a .txt, .md, .docx or .pdf file")) -> None:
    """Print one JSON record: meta, sections, tasks, targets, responsibilities, directives.

    Example: vnpolicy extract corpus/000_a9ef7522b32975cc.txt
    """
    from .extract import extract_file

    try:
        rec = extract_file(file)
    except PipelineError as exc:
        _fail(exc)
    _print_json(rec.model_dump(mode="json"))


def main(argv: list[str] | None = None) -> int:
    try:
        rc = app(args=argv, standalone_mode=False)
        if isinstance(rc, int):
            return rc
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # click's own usage errors
        return int(exc.code or 0)
    except PipelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - click usage errors surface here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
