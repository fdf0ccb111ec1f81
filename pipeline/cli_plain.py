"""`vnpolicy trace | search | show` on a plain command line, without typer (#15, query start-up).

typer with its commands costs about 40 ms to import, and since typer 0.29 it builds a pydantic
TypeAdapter for every parameter of the command it runs (pydantic itself: 60-100 ms). A query is
a short command run often, so most of its time was that. A command line made only of the
command, its one argument and its own options (`--store S`, `--store=S`, flags) is parsed here
and runs the same function typer's command runs (cli_query.run_*), with typer's exit codes and
its handling of Ctrl-C and a closed pipe. Anything else (--help, an unknown or repeated-in-doubt
option, a value that is empty, starts with "-", is not plain digits for a number or is not valid
text, a second argument, shell completion) goes to typer unchanged, which answers or explains.
tests/test_cli_plain.py checks this table against typer's commands and runs both on the same lines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# option -> (parameter, kind): kind "flag", "int", "path" or "str"
COMMANDS: dict[str, dict[str, tuple[str, str]]] = {
    "trace": {"--store": ("store", "path"), "--depth": ("depth", "int"), "--json": ("as_json", "flag"),
              "--all": ("show_all", "flag"), "--lang": ("lang", "str")},
    "search": {"--limit": ("limit", "int"), "--store": ("store", "path"), "--lang": ("lang", "str")},
    "show": {"--store": ("store", "path"), "--all": ("show_all", "flag"), "--lang": ("lang", "str")},
}
ARGUMENT = {"trace": "ident", "search": "text", "show": "ident"}


def defaults(command: str) -> dict[str, Any]:
    from .cli_query import DEFAULT_STORE

    out: dict[str, Any] = {"store": DEFAULT_STORE, "lang": "vi"}
    if command == "trace":
        out.update(depth=4, as_json=False, show_all=False)
    elif command == "search":
        out.update(limit=20)
    else:
        out.update(show_all=False)
    return out


def _value(kind: str, raw: str) -> Any:
    """The value typer would give, or None when typer should judge it."""
    if not raw or raw.startswith("-") or "\x00" in raw:
        return None
    if kind == "int":
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None
    if kind == "path":
        return Path(raw)
    return raw


def _text(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 on the command line: typer judges
        return False
    return True


def parse(args: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, its parameters) for a plain query command line, else None."""
    if not args or args[0] not in COMMANDS or os.environ.get("_VNPOLICY_COMPLETE"):
        return None
    command, options = args[0], COMMANDS[args[0]]
    if not all(_text(a) for a in args):
        return None
    params = defaults(command)
    positional: list[str] = []
    i = 1
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            name, eq, raw = a.partition("=")
            if name not in options:
                return None
            param, kind = options[name]
            if kind == "flag":
                if eq:
                    return None
                params[param] = True
            else:
                if not eq:
                    if i + 1 >= len(args):
                        return None
                    i += 1
                    raw = args[i]
                value = _value(kind, raw)
                if value is None:
                    return None
                params[param] = value
        else:
            positional.append(a)
        i += 1
    if len(positional) != 1 or not positional[0]:
        return None
    if not _readable(params["store"]):
        return None
    params[ARGUMENT[command]] = positional[0]
    return command, params


def _readable(store: Path) -> bool:
    """typer refuses a path that exists and cannot be read, with its own message."""
    try:
        os.stat(store)
    except OSError:
        return True
    return os.access(store, os.R_OK)


def run(command: str, params: dict[str, Any]) -> int:
    """Run the command as typer's standalone mode does; returns the exit status."""
    from . import cli_query
    from .errors import PipelineError
    from .sanitize import name as safe_name

    fns: dict[str, Callable[..., None]] = {"trace": cli_query.run_trace, "search": cli_query.run_search,
                                           "show": cli_query.run_show}
    fn = fns[command]
    try:
        try:
            fn(**params)
        except PipelineError as exc:  # what cli.main prints for an error no command caught
            cli_query.echo(f"error: {safe_name(str(exc))}", err=True)
            return exc.exit_code
        except KeyboardInterrupt:
            return 130
        except EOFError:
            cli_query.echo("", err=True)
            cli_query.echo("Aborted!", err=True)
            return 1
        except Exception as exc:
            code = _exit_code(exc)
            if code is None:
                raise
            return code
    except OSError as exc:
        from .cli_entry import pipe_closed

        return pipe_closed(exc)
    return 0


def _exit_code(exc: Exception) -> int | None:
    from .cli_query import CommandExit

    if isinstance(exc, CommandExit):
        return exc.exit_code
    if "typer" in sys.modules:
        import typer

        if isinstance(exc, typer.Exit):
            return int(exc.exit_code)
    return None
