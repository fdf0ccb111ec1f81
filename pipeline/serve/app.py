"""The routes of `vnpolicy serve`: Starlette, Jinja2 templates with autoescape, one store.

Pages read through a connection of their own that cannot write (`PRAGMA query_only`), opened per request:
SQLite's WAL lets them read while the batch writes, so a page never waits for or errors on a writer. Every
write (a decision, an upload's batch) takes the store's one-writer lock, as the command line does.
"""

from __future__ import annotations

import secrets
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import NotFound, PipelineError, StoreBusy
from . import alignment as al
from . import queries as qy
from .security import CSRF_FIELD, Guard, form_csrf_ok, is_loopback
from .uploads import UPLOAD_DIR, Job, Jobs, check, open_writer, run_job, save

HERE = Path(__file__).parent
BY_COOKIE = "vnp_by"


@dataclass
class Settings:
    store: Path
    out: Path
    token: str | None = None
    host: str = "127.0.0.1"
    max_mb: int = 50  # per file
    max_files: int = 20  # per upload
    workers: int | None = None
    report: bool = True  # publish report.html after a batch, as `vnpolicy run` does
    lock_wait: float = 5.0  # seconds a decision waits for the store's writer lock
    flash: dict[str, tuple[float, str, str]] = field(default_factory=dict)


def _env() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda v: urllib.parse.quote(str(v), safe="")
    env.globals["num"] = lambda s: "" if s is None else f"{s:.2f}"
    return env


class Web:
    def __init__(self, settings: Settings):
        self.s = settings
        self.env = _env()
        self.jobs = Jobs()

    # -- helpers ---------------------------------------------------------------------------------
    @contextmanager
    def reader(self):
        """The store for a page: read-only, its own connection, closed after the page."""
        from ..store import Store

        st = Store(self.s.store, create=False)
        try:
            st.db.execute("PRAGMA query_only=ON")
            yield st
        finally:
            st.close()

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        flash = None
        fid = request.query_params.get("tb")
        if fid and fid in self.s.flash:
            flash = self.s.flash[fid][1:]
        html = self.env.get_template(name).render(csrf=request.scope.get("state", {}).get("csrf", ""),
                                                  csrf_field=CSRF_FIELD, path=request.url.path, flash=flash,
                                                  reviewer=_reviewer(request), **ctx)
        return HTMLResponse(html, status_code=status)

    def note(self, kind: str, text: str) -> str:
        """A message for the next page, kept here (never echoed from the address bar)."""
        now = time.time()
        for k in [k for k, v in self.s.flash.items() if now - v[0] > 600]:
            self.s.flash.pop(k, None)
        fid = secrets.token_urlsafe(8)
        self.s.flash[fid] = (now, kind, text)
        return fid

    def no_store(self, request: Request) -> HTMLResponse | None:
        if not self.s.store.is_file():
            return self.page(request, "empty.html.j2", status=200)
        return None

    # -- Kho văn bản -------------------------------------------------------------------------------
    def documents(self, request: Request) -> Response:
        if (r := self.no_store(request)) is not None:
            return r
        p = request.query_params
        q, level, doc, lead = p.get("q", ""), p.get("cap", ""), p.get("vb", ""), p.get("chu_tri", "")
        with self.reader() as st:
            rows = qy.documents(st)
            hits, total = qy.search(st, q, level=level, doc=doc, lead=lead) if (q or lead or doc) else ([], 0)
            leads = qy.lead_agencies(st)
        shown = [r for r in rows if (not level or r.level == level) and (not doc or doc in (r.sha, r.file))]
        return self.page(request, "documents.html.j2", rows=rows, groups=qy.by_level(shown), hits=hits,
                         total=total, q=q, level=level, doc=doc, lead=lead, leads=leads,
                         levels=[(lv, name) for lv, name, _ in qy.by_level(rows)], searched=bool(q or lead or doc))

    def document(self, request: Request) -> Response:
        from ..report.graph_svg import GraphUnavailable, graph_svg

        if (r := self.no_store(request)) is not None:
            return r
        sha = request.path_params["sha"]
        with self.reader() as st:
            data = qy.document(st, sha)
        if data is None:
            return self.page(request, "error.html.j2", status=404, message="Không có văn bản này trong kho.")
        svg, graph_error = "", ""
        try:
            from markupsafe import Markup

            svg = Markup(graph_svg(qy.document_graph(data), {"implements": "thực hiện", "cites": "dẫn chiếu",  # noqa: S704
                                                              "aligns_with": "tương ứng"}))
        except GraphUnavailable as exc:
            graph_error = str(exc)
        return self.page(request, "document.html.j2", d=data, svg=svg, graph_error=graph_error)

    # -- Đối chiếu ---------------------------------------------------------------------------------
    def alignment(self, request: Request) -> Response:
        if (r := self.no_store(request)) is not None:
            return r
        p = request.query_params
        child, parent = p.get("con", ""), p.get("cha", "")
        f = {"lop": p.get("lop", ""), "chu_tri": p.get("chu_tri", ""), "muc": p.get("muc", ""), "q": p.get("q", "")}
        with self.reader() as st:
            docs = qy.documents(st)
            by_sha = {d.sha: d for d in docs}
            if child not in by_sha:
                child = next((d.sha for d in docs if d.as_child), "")
            parents = al.parents_for(st, child, docs) if child else None
            if parents and parent not in by_sha:
                parent = parents.cited[0].sha if parents.cited else ""
            rep = al.load(st, child, parent) if child and parent else None
            rows = al.rows(st, rep) if rep else []
        shown = [x for x in rows if al.keep(x, f["lop"], f["chu_tri"], f["muc"], f["q"])]
        counts: dict[str, int] = {}
        for x in rows:
            counts[x.machine] = counts.get(x.machine, 0) + 1
        return self.page(request, "align.html.j2", docs=docs, child=child, parent=parent, parents=parents,
                         rep=rep, rows=shown, all_rows=len(rows), decided=sum(1 for x in rows if x.decision),
                         counts=sorted(counts.items(), key=lambda kv: -kv[1]), f=f, filters=al.CLASS_FILTERS,
                         sections=al.top_sections(rows), by_sha=by_sha)

    def decide(self, request: Request, form: dict[str, str]) -> Response:
        from ..review.decisions import decide

        child, parent = form.get("con", ""), form.get("cha", "")
        item, state = form.get("item", ""), form.get("state", "")
        keep = {k: form[k] for k in ("lop", "chu_tri", "muc", "q") if form.get(k)}
        back = "/doi-chieu?" + urllib.parse.urlencode({"con": child, "cha": parent, **keep})
        by = _reviewer(request)
        if not by:
            fid = self.note("err", "Hãy nhập tên người rà soát trước khi quyết định.")
            return RedirectResponse(f"{back}&tb={fid}", status_code=303)
        try:
            with open_writer(self.s.store, self.s.lock_wait, create=False) as st:
                d = decide(st, child, item, state, parent=parent, note=form.get("note", ""), by=by)
            msg, kind = f"Đã ghi: {d.key.item}: {d.label} ({d.by}, {d.at}).", "ok"
        except StoreBusy:
            msg, kind = "Kho đang được cập nhật (đang xử lý tệp tải lên); hãy thử lại sau ít phút.", "err"
        except (NotFound, PipelineError) as exc:
            msg, kind = f"Không ghi được: {exc}", "err"
        return RedirectResponse(back + "&tb=" + self.note(kind, msg) + "#r-" + urllib.parse.quote(item, safe=""),
                                status_code=303)

    def set_reviewer(self, request: Request, form: dict[str, str]) -> Response:
        back = form.get("back", "/doi-chieu")
        if not back.startswith("/") or back[1:2] in ("/", "\\") or any(ord(ch) < 32 for ch in back):
            back = "/doi-chieu"  # a path of this server only: "//x" and "/\\x" are other hosts to a browser
        name = " ".join(form.get("by", "").split())[:80]
        resp = RedirectResponse(back, status_code=303)
        resp.set_cookie(BY_COOKIE, urllib.parse.quote(name), max_age=365 * 86400, httponly=True, samesite="strict")
        return resp

    # -- Thêm văn bản ------------------------------------------------------------------------------
    def upload_page(self, request: Request) -> Response:
        job = self.jobs.get(request.query_params.get("job", ""))
        return self.page(request, "upload.html.j2", job=job.as_dict() if job else None, busy=self.jobs.busy(),
                         wanted=request.query_params.get("can", ""), max_mb=self.s.max_mb, max_files=self.s.max_files)

    async def upload(self, request: Request) -> Response:
        limit = self.s.max_mb * 1024 * 1024
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit * self.s.max_files + 1_000_000:
            return self.page(request, "upload.html.j2", status=413, job=None, busy=self.jobs.busy(), wanted="",
                             max_mb=self.s.max_mb, max_files=self.s.max_files,
                             error=f"Tải lên quá lớn: tối đa {self.s.max_files} tệp, mỗi tệp {self.s.max_mb} MB.")
        from starlette.formparsers import MultiPartException

        try:
            form = await request.form(max_files=self.s.max_files, max_fields=10)
        except MultiPartException as exc:
            return self.page(request, "upload.html.j2", status=400, job=None, busy=self.jobs.busy(), wanted="",
                             max_mb=self.s.max_mb, max_files=self.s.max_files,
                             error=f"Không nhận được tệp: {exc.message}")
        if not form_csrf_ok(request, form.get(CSRF_FIELD)):
            return HTMLResponse("Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF).", status_code=403)
        if self.jobs.busy():
            return self.page(request, "upload.html.j2", status=409, job=None, busy=True, wanted="",
                             max_mb=self.s.max_mb, max_files=self.s.max_files,
                             error="Đang xử lý đợt tải lên trước; chờ xong rồi tải tiếp.")
        accepted, refused = [], []
        for up in form.getlist("files"):
            if isinstance(up, str):
                continue
            data = await up.read(limit + 1)
            safe, why = check(up.filename or "", data, limit)
            if why is not None:
                refused.append(why)
            else:
                accepted.append(await run_in_threadpool(save, self.s.store.parent / UPLOAD_DIR, safe, data))
            await up.close()
        if not accepted and not refused:
            refused_msg = "Chưa chọn tệp nào."
            return self.page(request, "upload.html.j2", status=400, job=None, busy=False, wanted="",
                             max_mb=self.s.max_mb, max_files=self.s.max_files, error=refused_msg)
        job = Job(files=accepted, refused=refused)
        s = self.s
        self.jobs.start(job, partial(_run, store=s.store, out=s.out, workers=s.workers, report=s.report))
        return RedirectResponse(f"/them?job={job.id}", status_code=303)

    def progress(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"error": "không có đợt xử lý này"}, status_code=404)
        return JSONResponse(job.as_dict())

    # -- Xuất ---------------------------------------------------------------------------------------
    def export(self, request: Request) -> Response:
        from . import exports

        if (r := self.no_store(request)) is not None:
            return r
        kind, p = request.path_params["kind"], request.query_params
        with self.reader() as st:
            if kind == "word":
                rep = al.load(st, p.get("con", ""), p.get("cha", ""))
                if rep is None:
                    return self.page(request, "error.html.j2", status=404, message="Không có kết quả đối chiếu này.")
                name, data = exports.word(st, rep)
                mime = exports.DOCX
            elif kind == "excel":
                name, data = exports.excel(st)
                mime = exports.XLSX
            elif kind == "json":
                shas = p.getlist("vb") or [s for s in (p.get("con"), p.get("cha")) if s] or [
                    d.sha for d in qy.documents(st) if not p.get("cap") or d.level == p.get("cap")]
                name, data, mime = "catalogue.json", exports.catalogue_json(st, shas), "application/json"
            else:
                return self.page(request, "error.html.j2", status=404, message="Không có mục xuất này.")
        quoted = urllib.parse.quote(name)
        return Response(data, media_type=mime, headers={
            "content-disposition": f"attachment; filename=\"{name.encode('ascii', 'replace').decode()}\"; "
                                   f"filename*=UTF-8''{quoted}"})

    def exports_page(self, request: Request) -> Response:
        if (r := self.no_store(request)) is not None:
            return r
        with self.reader() as st:
            docs = qy.documents(st)
            pairs = [(c, p) for c, p in st.db.execute("SELECT child, parent FROM alignments ORDER BY child, parent")]
        by = {d.sha: d for d in docs}
        pairs = [(by[c], by[p]) for c, p in pairs if c in by and p in by]
        return self.page(request, "exports.html.j2", pairs=pairs, docs=docs)


def _reviewer(request: Request) -> str:
    return urllib.parse.unquote(request.cookies.get(BY_COOKIE, ""))[:80]


def _run(job: Job, *, store: Path, out: Path, workers: int | None, report: bool) -> None:
    run_job(job, store, out, workers=workers, report=report)


def create_app(settings: Settings) -> Starlette:
    """The web app over `settings.store` (absolute paths are made here)."""
    settings.store = settings.store.resolve()
    settings.out = settings.out.resolve()
    web = Web(settings)

    def form_route(handler):
        async def endpoint(request: Request) -> Response:
            form = await request.form(max_files=0, max_fields=30)
            values = {k: v for k, v in form.items() if isinstance(v, str)}
            return await run_in_threadpool(handler, request, values)
        return endpoint

    routes = [
        Route("/", web.documents),
        Route("/van-ban/{sha:str}", web.document),
        Route("/doi-chieu", web.alignment),
        Route("/doi-chieu/quyet-dinh", form_route(web.decide), methods=["POST"]),
        Route("/nguoi-ra-soat", form_route(web.set_reviewer), methods=["POST"]),
        Route("/them", web.upload_page),
        Route("/them", web.upload, methods=["POST"]),
        Route("/them/tien-do/{job:str}", web.progress),
        Route("/xuat", web.exports_page),
        Route("/xuat/{kind:str}", web.export),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/report-assets", StaticFiles(directory=HERE.parent / "report" / "assets"), name="report-assets"),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(Guard, token=settings.token, loopback=is_loopback(settings.host))  # type: ignore[arg-type]
    app.state.web = web
    return app
