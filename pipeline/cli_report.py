"""`vnpolicy report | export`: the HTML report of one item, and office exports, from the store."""

from __future__ import annotations

from pathlib import Path

import typer

from .cli_query import DEFAULT_STORE, STORE_HELP, _open, _run
from .sanitize import name as safe_name


def load_catalogue(store_path: Path):
    """The catalogue rebuilt from the store (its failures left out: a report is about documents)."""
    import json

    from .align.model import AlignmentReport
    from .catalogue import Link, build_catalogue

    with _open(store_path) as st:
        shas = st.current_shas()
        extractions = list(st.extractions(shas or None))
        legacy = st.get_meta("alignments")  # a store published before the alignments table (#15)
        if legacy is None and st.db.execute("SELECT 1 FROM sqlite_master WHERE name='alignments'").fetchone():
            from .publish import stored_alignments

            alignments = list(stored_alignments(st, shas))
        else:
            alignments = json.loads(legacy or "[]")
        paths, _failures = st.paths_and_failures()
        links = [Link(src=r[0], dst=r[1], type=r[2], score=r[3], method=r[4],
                      evidence=json.loads(r[5]) if r[5] else None)
                 for r in st.db.execute("SELECT src, dst, type, score, method, evidence FROM links")]
        from .publish import decisions_on

        reps = [AlignmentReport.model_validate(a) for a in alignments]
        decisions = decisions_on(st, reps)
    return build_catalogue(extractions, paths=paths, links=links, alignments=reps, failures=[], decisions=decisions)


def _paged(store_path: Path, path: Path, lang: str) -> bool:
    """`report all` over a store of more than WHOLE_LIMIT documents: one file holding everything would
    need the whole catalogue in memory (4.3 GB at 2,000 documents), so the report is written as `run`
    writes it, an index and a page per document and alignment, beside `path`. False for a smaller store."""
    from datetime import UTC, datetime

    from .batch import pipeline_version
    from .publish import publish_report
    from .store import Store
    from .whole import WHOLE_LIMIT

    with _open(store_path) as st:
        if len(st.current_shas()) <= WHOLE_LIMIT:
            return False
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    with _run(lambda: Store(store_path, create=False, writer=True)) as st:  # pages keep their digests
        shas = st.current_shas()
        written = publish_report(st, shas, path.parent, version=pipeline_version(), lang=lang, generated_at=now)
    n = f"{len(shas):,}".replace(",", ".")
    typer.echo(f"Kho có {n} tài liệu (vượt giới hạn {WHOLE_LIMIT:,}".replace(",", ".")
               + "): báo cáo được ghi theo trang, một trang mục lục và một trang cho mỗi văn bản, mỗi cặp đối chiếu.",
               err=True)
    typer.echo(safe_name(str(written[0])))
    return True


def _export_scaled(store_path: Path, out: Path, *, docx: bool, xlsx: bool) -> bool:
    """`export` of a store above WHOLE_LIMIT documents: the same files, one document and alignment at a
    time (export/scaled.py), by the store's one writer (it keeps the pieces it makes). False for a
    smaller store, whose files come from the catalogue in memory as before."""
    from .batch import pipeline_version
    from .export.scaled import export_scaled
    from .store import Store
    from .whole import WHOLE_LIMIT

    with _open(store_path) as st:
        if len(st.current_shas()) <= WHOLE_LIMIT or st.get_meta("alignments") is not None:
            return False
    with _run(lambda: Store(store_path, create=False, writer=True)) as st:
        written = export_scaled(st, out, docx=docx, xlsx=xlsx, version=pipeline_version())
    for p in written:
        typer.echo(safe_name(str(p)))
    return True


def _export_whole(store_path: Path, out: Path) -> None:
    """`export --whole`: the store's one writer makes the files (it keeps their cached pieces)."""
    from .batch import pipeline_version
    from .errors import PipelineError
    from .store import Store
    from .whole import export_whole

    try:
        with Store(store_path, create=False, writer=True) as st:
            written = export_whole(st, out, pipeline_version())
    except PipelineError as exc:
        typer.echo(f"error: {safe_name(str(exc))}", err=True)
        raise typer.Exit(exc.exit_code) from None
    for p in written:
        typer.echo(safe_name(str(p)))


def register(app: typer.Typer) -> None:
    @app.command()
    def report(ident: str = typer.Argument(..., metavar="ID",
                                           help="document sha, name or number; CHILD~PARENT for an alignment; "
                                                "'all' for the whole catalogue"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
               out: Path = typer.Option(None, "--out", help="the HTML file (default outputs/report-<ID>.html)"),
               lang: str = typer.Option("vi", "--lang", help="vi or en")) -> None:
        """Write a self-contained HTML report on one document or alignment (works offline).

        Example: vnpolicy report "144/KH-UBND~03/NQ-CP" --out /tmp/bacninh.html
        """
        from .errors import PipelineError
        from .report.html import report_filename, write_report

        if lang not in ("vi", "en"):
            typer.echo("error: --lang is vi or en", err=True)
            raise typer.Exit(2)
        focus = None if ident.lower() == "all" else ident
        path = out or Path("outputs") / report_filename(focus)
        try:
            from .report.focused import focused_catalogue

            with _open(store) as st:  # read by key: what one document or pair needs, not the catalogue (#15)
                legacy = st.get_meta("alignments") is not None  # alignments kept whole, before their table
                got = focused_catalogue(st, focus) if focus is not None and not legacy else None
            if got is None and focus is None and _paged(store, path, lang):
                return
            if got is None:
                write_report(load_catalogue(store), None, path, lang=lang, focus=focus)
            else:
                write_report(got.catalogue, None, path, lang=lang, focus=got.focus,
                             more_alignments=got.more_alignments, more_example=got.example)
        except PipelineError as exc:
            typer.echo(f"error: {safe_name(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None
        typer.echo(safe_name(str(path)))

    @app.command()
    def export(docx: bool = typer.Option(False, "--docx", help="each alignment report as a Word document"),
               xlsx: bool = typer.Option(False, "--xlsx", help="catalogue.xlsx: documents, tasks, targets, "
                                                              "directives, alignment; and ra-soat.xlsx, "
                                                              "a review sheet per alignment"),
               whole: bool = typer.Option(False, "--whole", help="only the files of the whole corpus `run` writes "
                                                                 "up to its --whole-limit: catalogue.json, JSON Lines, "
                                                                 "graph.json, graph.graphml, tables"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP),
               out: Path = typer.Option(Path("outputs/export"), "--out", help="the output folder")) -> None:
        """Write tasks.csv, targets.csv, directives.csv, and with --xlsx / --docx the office files.

        Without --docx or --xlsx both are written. Example: vnpolicy export --docx --out /tmp/exp
        With --whole, the whole-corpus files of a large store: vnpolicy export --whole --out outputs
        """
        if whole:
            _export_whole(store, out)
            return
        both = not docx and not xlsx
        if _export_scaled(store, out, docx=docx or both, xlsx=xlsx or both):
            return
        from .export.tables import write_tables

        cat = load_catalogue(store)
        written = write_tables(cat, out, xlsx=xlsx or both)
        from .review.decisions import Documents, current_decisions, row_states

        with _open(store) as st:  # staff decisions: the review sheets and the Word reports show them
            if xlsx or both:
                from .export.review_xlsx import write_review_xlsx

                written.append(write_review_xlsx(st, out / "ra-soat.xlsx"))
            if docx or both:
                from .export.docx import alignment_filename, write_alignment_docx

                docs, decided = Documents(st), current_decisions(st)
                for a in cat.alignments:
                    states = row_states(st, a, docs, decided)
                    written.append(write_alignment_docx(a, out / alignment_filename(a, cat), cat, states=states))
        for p in written:
            typer.echo(safe_name(str(p)))
