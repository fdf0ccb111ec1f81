"""`vnpolicy review decide | list | import`: staff decisions on alignment rows, kept in the store."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cli_query import _run as _guard  # one line per library error, its exit code
from ..sanitize import terminal

STORE_HELP = "the SQLite store written by `vnpolicy run`"
DEFAULT_STORE = Path("outputs/vnpolicy.sqlite")

review_app = typer.Typer(no_args_is_help=True, help="Staff decisions on alignment rows (kept across runs).")


def _writer(store: Path):
    from ..store import Store

    return Store(store, create=False, writer=True)


@review_app.command("decide")
def decide_cmd(child: str = typer.Argument(..., help="the child document (number, name or sha)"),
               parent_item: str = typer.Argument(..., help="the parent task or target id (see `review list`)"),
               state: str = typer.Option(..., "--state", help="xac-nhan | bac-bo | khong-thuoc-cap | chuyen"),
               child_items: list[str] = typer.Option(None, "--child-items",
                                                     help="child item ids (required for chuyen); repeat or "
                                                          "separate with ;"),
               parent: str = typer.Option(None, "--parent", help="the parent document, when the id is ambiguous"),
               note: str = typer.Option("", "--note", help="the reviewer's note"),
               by: str = typer.Option(..., "--by", help="the reviewer's name"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
    """Record a decision on one alignment row.

    Example: vnpolicy review decide 144/KH-UBND II/1/a --state xac-nhan --by "Nguyễn Văn A"
    """
    from .decisions import decide

    items = [i.strip() for raw in child_items or [] for i in raw.split(";") if i.strip()]

    def go():
        with _writer(store) as st:
            return decide(st, child, parent_item, state, parent=parent, child_items=items or None, note=note, by=by)

    d = _guard(go)
    typer.echo(terminal(f"đã ghi: {d.key.child} ↔ {d.key.parent} {d.key.item}: {d.label} "
                        f"({d.by}, {d.at})" + (f" → {', '.join(d.child_items)}" if d.state == "chuyen" else "")))


@review_app.command("list")
def list_cmd(child: str = typer.Argument(..., help="the child document (number, name or sha)"),
             decided: bool = typer.Option(False, "--decided", help="only the rows a person decided"),
             store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
    """Every alignment row of CHILD with its state: the decision, or the machine's proposal.

    Example: vnpolicy review list 144/KH-UBND --decided
    """
    from ..store import Store
    from .decisions import Documents, alignments, decisions_for, row_states

    def go():
        with Store(store, create=False) as st:
            if decided:
                return decisions_for(st, child)
            docs = Documents(st)
            key = docs.resolve(child)
            return [s for rep in alignments(st, key) for s in row_states(st, rep, docs)]

    states = _guard(go)
    for s in states:
        key = s.decision.key if s.decision else s.row.key if s.row else None
        if key is None:
            continue
        text = s.row.parent_text if s.row else "(dòng không còn trong kết quả đối chiếu)"
        line = f"{key.parent}\t{key.item}\t{s.label}"
        if s.decision:
            d = s.decision
            line += f"\t{d.by} {d.at}" + (f"\tghi chú: {d.note}" if d.note else "")
            if d.state == "chuyen":
                line += "\t→ " + ", ".join(d.child_items)
            if s.why:
                line += "\t(" + "; ".join(s.why) + ")"
        typer.echo(terminal(f"{line}\t{' '.join(text.split())}"))
    n_dec = sum(1 for s in states if s.decision)
    n_stale = sum(1 for s in states if s.stale)
    typer.echo(f"{len(states)} dòng, {n_dec} đã rà soát, {n_stale} cần xem lại", err=True)


@review_app.command("import")
def import_cmd(file: Path = typer.Argument(..., help="a review workbook written by `vnpolicy export --xlsx`"),
               by: str = typer.Option(None, "--by", help="reviewer for rows that name none"),
               store: Path = typer.Option(DEFAULT_STORE, "--store", help=STORE_HELP)) -> None:
    """Read the decisions of a review workbook back into the store: all rows or none.

    Every row is reported with its row number; one bad row and nothing is changed.
    Example: vnpolicy review import outputs/export/ra-soat.xlsx
    """
    from ..export.review_xlsx import import_review

    def go():
        with _writer(store) as st:
            return import_review(st, file, by=by)

    result = _guard(go)
    for line in result.lines():
        typer.echo(terminal(line))
    typer.echo(terminal(result.summary()), err=True)
    if not result.ok:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
