"""`vnpolicy serve`: start the web workspace (uvicorn) over one store."""

from __future__ import annotations

from pathlib import Path

import typer

DEFAULT_STORE = Path("outputs/vnpolicy.sqlite")


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(store: Path = typer.Option(DEFAULT_STORE, "--store", help="the SQLite store (created by the first "
                                                                          "upload when missing)"),
              host: str = typer.Option("127.0.0.1", "--host", help="address to listen on; another address than "
                                                                  "the loopback needs --token"),
              port: int = typer.Option(8000, "--port", help="port"),
              token: str = typer.Option(None, "--token", envvar="VNPOLICY_TOKEN",
                                        help="access token (12+ characters), or 'auto' to make one and print it; "
                                             "also $VNPOLICY_TOKEN"),
              out: Path = typer.Option(None, "--out", help="folder the outputs are republished to after an upload "
                                                           "(default: the store's folder, as `vnpolicy run` uses)"),
              max_mb: int = typer.Option(50, "--max-mb", help="largest file accepted, MB"),
              max_files: int = typer.Option(20, "--max-files", help="most files in one upload"),
              workers: int = typer.Option(0, "--workers", "-j", help="worker processes of a batch (0 = all cores)"),
              no_report: bool = typer.Option(False, "--no-report", help="skip report.html when republishing")) -> None:
        """Open a web workspace over the store: documents, uploads, alignment review, exports (Vietnamese).

        Example: vnpolicy serve --store outputs/vnpolicy.sqlite   (then open http://127.0.0.1:8000/)
        """
        from ..sanitize import name as safe_name
        from .security import BindRefused, check_bind

        try:
            required = check_bind(host, token)
        except BindRefused as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        import uvicorn

        from .app import Settings, create_app

        settings = Settings(store=store, out=out or store.parent, token=required, host=host, max_mb=max_mb,
                            max_files=max_files, workers=workers or None, report=not no_report)
        web = create_app(settings)
        where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        if required and token == "auto":  # a token made here is printed once, a given one never (logs)
            typer.echo(f"vnpolicy serve: {where}?token={required}", err=True)
        elif required:
            typer.echo(f"vnpolicy serve: {where}  (cần mã truy cập: mở {where}?token=MÃ)", err=True)
        else:
            typer.echo(f"vnpolicy serve: {where}  (kho: {safe_name(str(settings.store))})", err=True)
        uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)
