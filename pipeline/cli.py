"""The `vnpolicy` command: thin wrappers over the library verbs.

Heavy libraries are imported inside the commands so `vnpolicy --help` stays fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from . import cli_entry  # first: it sets typer's and pydantic's environment before they load

_print_json = cli_entry.print_json
import typer  # noqa: E402

from .errors import PipelineError, ResourceLimit  # noqa: E402
from .sanitize import name as safe_name  # noqa: E402
from .sanitize import terminal  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Read Vietnamese programme documents into a linked catalogue.")

STORE = Path("outputs/vnpolicy.sqlite")


@app.callback()
def _options(registry: Path = typer.Option(
        None, "--registry", metavar="DIR",
        help="registry folder (codes.json, directives.json) instead of the one in the package; "
             "also $VNPOLICY_REGISTRY")) -> None:
    """Read Vietnamese programme documents into a linked catalogue."""
    if registry is not None:
        # the environment, not an argument, so the worker processes of a batch see it too
        os.environ["VNPOLICY_REGISTRY"] = str(registry)


def _fail(exc: PipelineError) -> None:
    typer.echo(f"error: {safe_name(str(exc))}", err=True)
    raise typer.Exit(exc.exit_code)


def _environment(exc: BaseException, where: object) -> PipelineError:
    """A read-only folder or a full disk as one line (exit 14); anything else is a bug and re-raised."""
    from .environment import environment_error

    env = environment_error(exc, where)
    if env is None:
        raise exc
    return env


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


def _progress_printer():
    """A rich progress bar on a terminal, plain log lines otherwise."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn(), TextColumn("{task.fields[current]}"), transient=True)
        state: dict[str, Any] = {}

        def show(res, done, total):
            if "task" not in state:
                bar.start()
                state["task"] = bar.add_task("vnpolicy", total=total, current="")
            from rich.markup import escape

            bar.update(state["task"], completed=done, current=escape(safe_name(Path(res.path).name)[:40]))
            if done == total:
                bar.stop()
        return show

    def log(res, done, total):
        extra = f": {res.reason}" if res.reason else ""
        typer.echo(safe_name(f"[{done}/{total}] {res.status} {res.path} ({res.seconds:.2f} s){extra}"), err=True)
    return log


@app.command()
def run(
    inputs: list[Path] = typer.Argument(..., help="files or folders of documents"),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="folder for the catalogue, graph and report"),
    store: Path = typer.Option(None, "--store", help="embedded store (default OUT/vnpolicy.sqlite)"),
    force: bool = typer.Option(False, "--force", help="re-process every file"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="re-process the files that failed"),
    workers: int = typer.Option(0, "--workers", "-j", help="worker processes (0 = all cores)"),
    timeout: float = typer.Option(300.0, "--timeout", help="seconds allowed per file"),
    mem_mb: int = typer.Option(4096, "--mem-mb", help="memory limit per worker, MB"),
    main_mem_mb: int = typer.Option(8192, "--main-mem-mb", help="memory limit of the main process, MB (0 = none)"),
    executor: str = typer.Option("local", "--executor", help="local | dask"),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, tcp://HOST:8786"),
    no_report: bool = typer.Option(False, "--no-report", help="skip report.html"),
    lang: str = typer.Option("vi", "--lang", help="report language: vi | en"),
    follow_links: bool = typer.Option(False, "--follow-links",
                                      help="follow links to files outside the input folders"),
    whole: str = typer.Option("auto", "--whole",
                              help="auto | always | never: write catalogue.json, graph and tables (files of the "
                                   "whole corpus) on every run; auto: while the store holds at most --whole-limit "
                                   "documents, else one catalogue file per document (export --whole makes them)"),
    whole_limit: int = typer.Option(1000, "--whole-limit", help="documents up to which --whole auto writes them"),
) -> None:
    """Process new or changed documents and write the catalogue, graph, tables and report.

    Example: vnpolicy run corpus/ --out outputs/
    """
    from .atomic import remove_stale
    from .batch import run_batch
    from .limits import at_limit, limit_main_memory, memory_limit, restore_memory_limit
    from .publish import outputs_current, publish
    from .store import Store

    if whole not in ("auto", "always", "never"):
        typer.echo(f"error: --whole must be auto, always or never, not {whole!r}", err=True)
        raise typer.Exit(2)
    if executor not in ("local", "dask"):
        typer.echo(f"error: --executor must be local or dask, not {executor!r}", err=True)
        raise typer.Exit(2)
    for inp in inputs:
        if not inp.exists():
            typer.echo(f"error: {inp}: no such file or folder", err=True)
            raise typer.Exit(2)
    store_path = store or out / "vnpolicy.sqlite"
    before = memory_limit()
    try:
        from .batch import pipeline_version
        from .cite.registry import load_registry

        pipeline_version()  # a missing or broken registry stops here: no output folder, no store
        load_registry()
        with Store(store_path, writer=True) as st:
            remove_stale(out)  # a killed run's partial outputs, also when nothing is published now
            report = run_batch(inputs, st, force=force, retry_failed=retry_failed, workers=workers or None,
                               timeout=timeout,
                               mem_mb=mem_mb, executor=executor, scheduler=scheduler,
                               progress=_progress_printer(), exclude=[out, store_path],
                               follow_links=follow_links)
            # after the batch: its worker pool (and the pool's threads) is gone; publish holds the corpus
            limit_main_memory(main_mem_mb)
            if report.changed or force or not outputs_current(st, out, report.version, whole, whole_limit,
                                                                                 report=not no_report):
                pub = publish(st, out, report.version, report=not no_report, lang=lang, whole=whole,
                              whole_limit=whole_limit)
                typer.echo(f"wrote {len(pub.files)} files to {out}/ ({pub.documents} documents, "
                           f"{pub.directives} directives, {pub.links} links)", err=True)
                if pub.note:
                    typer.echo(pub.note, err=True)
            else:
                typer.echo(f"outputs in {out}/ are up to date", err=True)
    except PipelineError as exc:
        _fail(exc)
    except (OSError, sqlite3.Error, MemoryError, ImportError, SystemError) as exc:  # a library that cannot map
        # (pydantic-core reports a failed allocation as SystemError "error return without exception set")
        if isinstance(exc, MemoryError) or at_limit():
            _fail(ResourceLimit(f"out of memory in the main process (over --main-mem-mb {main_mem_mb}); "
                                "raise it or run on a smaller corpus"))
        _fail(_environment(exc, out))
    finally:
        restore_memory_limit(before)
    for r in report.failed:
        typer.echo(safe_name(f"failed: {r.path}: {r.reason}"), err=True)
    typer.echo(report.summary(), err=True)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def status(
    inputs: list[Path] = typer.Argument(None, help="folders to compare with the store"),
    store: Path = typer.Option(STORE, "--store", help="embedded store"),
    lang: str = typer.Option("vi", "--lang", help="vi (default) or en: the language of the state words"),
) -> None:
    """List what the store holds and what is new, changed, failed or gone.

    Example: vnpolicy status corpus/ --store outputs/vnpolicy.sqlite
    """
    from .batch import pipeline_version
    from .discover import admit, discover, roots_of
    from .errors import IngestError
    from .ingest import display_path
    from .store import Store

    try:
        st = Store(store, create=False)
        version = pipeline_version()
    except PipelineError as exc:
        _fail(exc)
    with st:
        known = st.files()
        rows: list[tuple[str, str, str]] = []
        seen = set()
        roots = roots_of(inputs or [])
        for p in discover(inputs or [], [store]):
            key = display_path(p)
            seen.add(key)
            row = known.get(key)
            try:
                stt = admit(p, roots)
            except IngestError as exc:
                rows.append(("failed", key, exc.message))
                continue
            if row is None:
                rows.append(("new", key, ""))
            elif row["size"] != stt.st_size or row["mtime_ns"] != stt.st_mtime_ns \
                    or row["version"] != version:
                rows.append(("changed", key, ""))
            else:
                rows.append((row["status"], key, row["reason"] or ""))
        for key, row in sorted(known.items()):
            if key not in seen:
                state = "gone" if inputs else row["status"]
                rows.append((state, key, row["reason"] or ""))
    from .report.i18n import labels

    L = labels(lang if lang in ("vi", "en") else "vi")  # the state words a person reads; JSON has none

    def said(state: str) -> str:
        return L.get(f"st_{state}", state)

    for state, key, reason in rows:  # a tab after the state: a state may be two words ("đã đọc")
        typer.echo(said(state) + "\t" + safe_name(key + (f"  ({reason})" if reason else "")))
    counts: dict[str, int] = {}
    for state, _, _ in rows:
        counts[state] = counts.get(state, 0) + 1
    typer.echo(", ".join(f"{v} {said(k)}" for k, v in sorted(counts.items())) or L["st_empty"], err=True)


@app.command()
def watch(
    folder: Path = typer.Argument(..., help="folder to watch"),
    out: Path = typer.Option(Path("outputs"), "--out", "-o"),
    store: Path = typer.Option(None, "--store"),
    settle: float = typer.Option(1.0, "--settle", help="seconds a file must stop growing before it is taken"),
    duration: float = typer.Option(0.0, "--for", help="stop after this many seconds (0 = until Ctrl-C)"),
) -> None:
    """Process documents as they arrive in FOLDER, until interrupted.

    Example: vnpolicy watch inbox/ --out outputs/
    """
    from .watch import watch_folder

    if not folder.is_dir():
        typer.echo(f"error: {folder}: not a folder", err=True)
        raise typer.Exit(2)
    watch_folder(folder, out, store or out / "vnpolicy.sqlite", settle=settle, duration=duration,
                 echo=lambda s: typer.echo(terminal(s), err=True))


def _register_subcommands() -> None:
    from .cli_query import register as register_query
    from .cli_report import register as register_report

    register_query(app)
    register_report(app)
    from .review.cli import register as register_review

    register_review(app)
    from .serve.cli import register as register_serve

    register_serve(app)


_register_subcommands()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status (the table is in README and pipeline/errors.py)."""
    cli_entry.prepare()
    registry = os.environ.get("VNPOLICY_REGISTRY")
    try:
        app(args=argv, prog_name="vnpolicy")  # standalone: click turns usage errors into exit 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except PipelineError as exc:
        typer.echo(f"error: {safe_name(str(exc))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    finally:  # --registry lasts one command, also when main() is called in-process
        if registry is None:
            os.environ.pop("VNPOLICY_REGISTRY", None)
        else:
            os.environ["VNPOLICY_REGISTRY"] = registry
    return 0


if __name__ == "__main__":
    sys.exit(main())
