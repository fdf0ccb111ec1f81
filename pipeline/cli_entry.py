"""The `vnpolicy` command's entry point: a plain `vnpolicy extract FILE` runs without the CLI library.

`extract` is what a script or another service runs once per document, so its start-up is most of
its cost, and typer with every command's definition is about 40 ms of it (#15). A command line of
exactly `extract FILE` does here what cli.extract does, without importing typer; every other
command line (options, another command, --help, a usage error, shell completion) goes to the typer
app in cli.py unchanged. The two paths print the same bytes and return the same exit codes:
tests/test_cli_entry.py runs both on the same files, good and bad.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

# typer's rich help costs 0.2 s at start-up; plain click help keeps `vnpolicy --help` fast
os.environ.setdefault("TYPER_USE_RICH", "0")
# pydantic looks for plugins in every installed package's entry points (120 here) when it builds its
# first model: 6-10 ms of every command, and vnpolicy uses none; a user can still set it to "0"
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")


def main(argv: list[str] | None = None) -> int:
    """Run `vnpolicy`; returns the exit status (the table is in README and pipeline/errors.py)."""
    prepare()
    args = sys.argv[1:] if argv is None else list(argv)
    if plain_extract(args):
        return _extract(args[1], whole_process=argv is None)
    from . import cli_plain  # trace, search, show on a plain command line: without typer either

    query = cli_plain.parse(args)
    if query is not None:
        return cli_plain.run(*query)
    from .cli import main as cli_main

    return cli_main(argv)


def prepare() -> None:
    """What every command gets before its stages load (cli.main calls it too, for a console script
    installed before this entry point existed)."""
    from . import plugin_scan, regex_cache

    regex_cache.install()  # vnpolicy's patterns from the last run's compile (regex_cache.py)
    plugin_scan.skip()  # no importlib.metadata for pydantic's plugin scan while plugins are off


def plain_extract(args: list[str]) -> bool:
    """`extract FILE` and nothing else, FILE not an option (`-h`, `--help`, `--`) and not empty;
    with shell completion asked for, typer answers instead."""
    return (len(args) == 2 and args[0] == "extract" and bool(args[1]) and not args[1].startswith("-")
            and not os.environ.get("_VNPOLICY_COMPLETE"))


def print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1))
    sys.stdout.write("\n")


def _extract(file: str, whole_process: bool = False) -> int:
    """cli.extract under typer's standalone handling (typer.core._main): the same output, the same
    one-line error, 130 on Ctrl-C, 1 on a closed pipe."""
    from .errors import PipelineError

    try:
        extract_file = _stages(whole_process)
        try:
            rec = extract_file(Path(file))
        except PipelineError as exc:
            from .sanitize import name as safe_name

            _echo(f"error: {safe_name(str(exc))}")
            return exc.exit_code
        print_json(rec.model_dump(mode="json"))
    except KeyboardInterrupt:
        return 130
    except EOFError:
        _echo("")
        _echo("Aborted!")
        return 1
    except OSError as exc:
        return pipe_closed(exc)
    return 0


def pipe_closed(exc: OSError) -> int:
    """Exit 1 when the reader of the output went away (`vnpolicy ... | head`), as click does: the
    streams are wrapped so the interpreter's last flush stays quiet. Any other OSError is raised."""
    if exc.errno != errno.EPIPE:
        raise exc
    from typer._click.utils import PacifyFlushWrapper

    sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
    sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
    return 1


def _stages(whole_process: bool) -> Any:
    """extract_file, imported. As the process's own command, without the garbage collector while the
    stages import (the record classes and the stages' tables: 5,000 tracked objects and no garbage,
    which its collections only walk over again and again; 26,000 and 12-15 ms when the records were
    pydantic models), and with what they made
    frozen, so the collections during the extraction walk only what the extraction makes. Not when
    main() is called in a longer process (tests): freezing would keep that process's garbage cycles."""
    if not whole_process:
        from .extract import extract_file

        return extract_file
    gc.disable()
    try:
        from .extract import extract_file
    finally:
        gc.freeze()
        gc.enable()
    return extract_file


def _echo(message: str) -> None:
    # typer.echo itself (click's echo: ANSI stripped when stderr is not a terminal), only on a failure
    from typer._click.utils import echo

    echo(message, err=True)


if __name__ == "__main__":
    sys.exit(main())
