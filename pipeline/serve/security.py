"""What keeps the workspace safe to leave running in an office: who may talk to it, which requests may
change the store, and which uploaded files are let in.

* Loopback by default. Another address needs an access token: given once as `?token=`, then kept in an
  HttpOnly cookie (or sent as the `X-Vnpolicy-Token` header by a script). Without a token the server
  refuses to start (`check_bind`).
* On loopback the Host header must name the loopback too: a web page that re-points its own name at
  127.0.0.1 (DNS rebinding) gets 403 instead of the store.
* Every state-changing request is a POST carrying the CSRF token of a double-submit cookie
  (SameSite=Strict); anything else that is not GET/HEAD is refused.
* An uploaded file's name is reduced to a safe base name (no folders, no control characters); its bytes
  are sniffed by the same `pipeline.ingest.sniff` the batch uses, so a picture called `.pdf` is refused
  before it reaches the store.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import unicodedata
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

CSRF_COOKIE = "vnp_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
TOKEN_COOKIE = "vnp_token"
TOKEN_HEADER = "x-vnpolicy-token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf")


class BindRefused(ValueError):
    """A non-loopback address without an access token."""


def is_loopback(host: str) -> bool:
    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> str | None:
    """The token the server will require: None on loopback without one; "auto" makes a new one.

    Raises:
        BindRefused: `host` is not a loopback address and no token was given.
    """
    if token == "auto":
        return secrets.token_urlsafe(24)
    if token:
        if len(token) < 12:
            raise BindRefused("--token phải dài ít nhất 12 ký tự")
        return token
    if not is_loopback(host):
        raise BindRefused(f"không mở cổng trên địa chỉ {host} khi không có mã truy cập: thêm --token MÃ "
                          "(hoặc --token auto để tạo một mã), hoặc dùng --host 127.0.0.1")
    return None


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def _refuse(status: int, text: str) -> HTMLResponse:
    from html import escape

    return HTMLResponse(f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{status}</title>'
                        f"<body><p>{escape(text)}</p></body></html>", status_code=status)


class Guard:
    """ASGI middleware: host and token checks on every request, CSRF on every request that is not a read."""

    def __init__(self, app: ASGIApp, *, token: str | None, loopback: bool):
        self.app = app
        self.token = token
        self.loopback = loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.loopback and not self.token and host_name(request.headers.get("host") or "") not in LOOPBACK_NAMES:
            await _refuse(403, "Địa chỉ truy cập không hợp lệ: máy chủ chỉ phục vụ trên máy này "
                               "(127.0.0.1).")(scope, receive, send)
            return
        if self.token:
            given = request.query_params.get("token")
            if _same(given, self.token):
                # the token leaves the address bar (and the history) at once; the cookie carries it from now on
                url = request.url.remove_query_params("token")
                resp = RedirectResponse(str(url.path) + (f"?{url.query}" if url.query else ""), status_code=303)
                # Lax: the link that carried ?token= may come from a mail or chat client (a cross-site start)
                resp.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="lax")
                await resp(scope, receive, send)
                return
            if not (_same(request.cookies.get(TOKEN_COOKIE), self.token)
                    or _same(request.headers.get(TOKEN_HEADER), self.token)):
                await _refuse(401, "Cần mã truy cập: mở địa chỉ có ?token=MÃ mà người quản trị đã cấp.")(
                    scope, receive, send)
                return
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            await PlainTextResponse("Phương thức không được phép", status_code=405)(scope, receive, send)
            return
        csrf = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not csrf or not re.fullmatch(r"[A-Za-z0-9_-]{20,100}", csrf):
            fresh = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf"] = fresh or csrf
        if method == "POST" and not await _csrf_ok(scope, receive, csrf if not fresh else None):
            await _refuse(403, "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). "
                               "Hãy tải lại trang rồi thử lại.")(scope, receive, send)
            return

        async def send_with_cookie(message: MutableMapping[str, Any]) -> None:
            if fresh and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", f"{CSRF_COOKIE}={fresh}; Path=/; HttpOnly; SameSite=Strict")
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("referrer-policy", "no-referrer")
                headers.setdefault("content-security-policy",
                                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                   "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
            await send(message)

        await self.app(scope, _replay_receive(scope) or receive, send_with_cookie)


async def _csrf_ok(scope: Scope, receive: Receive, cookie: str | None) -> bool:
    """The double-submit check: the form field or header equals the cookie. The body read for it is
    kept in the scope so the endpoint reads it again."""
    if not cookie:
        return False
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if _same(headers.get(CSRF_HEADER), cookie):
        scope["vnp_body"] = None
        return True
    ctype = headers.get("content-type", "")
    if "multipart/form-data" in ctype:
        # an upload's body is large and spooled to disk by the form parser: the endpoint checks the
        # form's field with `form_csrf_ok` before it touches anything, and refuses without it
        scope["vnp_body"] = None
        scope["vnp_csrf_deferred"] = cookie
        return True
    chunks = []
    size = 0
    while True:
        message = await receive()
        body = message.get("body", b"")
        size += len(body)
        if size > 1_000_000:
            return False
        chunks.append(body)
        if not message.get("more_body"):
            break
    raw = b"".join(chunks)
    scope["vnp_body"] = raw
    from urllib.parse import parse_qs

    form = parse_qs(raw.decode("utf-8", "replace"))
    return _same((form.get(CSRF_FIELD) or [""])[0], cookie)


def form_csrf_ok(request: Request, value: object) -> bool:
    """The deferred check of a multipart POST: its form's csrf field equals the cookie."""
    cookie = request.scope.get("vnp_csrf_deferred")
    return isinstance(value, str) and _same(value, cookie)


def host_name(header: str) -> str:
    """The host of a Host header without its port ("[::1]:8000" -> "[::1]")."""
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.rsplit(":", 1)[0]


def _replay_receive(scope: Scope):
    """A receive that gives back the body the CSRF check already read, then ends."""
    body = scope.get("vnp_body")
    if body is None:
        return None
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


# -- file names -----------------------------------------------------------------------------------

def safe_filename(name: str, *, limit: int = 120) -> str:
    """A base name safe to create in one folder: no folders, no control or format characters, no
    leading dot, NFC, at most `limit` characters, the suffix kept.

    Raises:
        ValueError: nothing usable is left, or the suffix is not one of the document formats.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a browser may send C:\\Users\\x\\a.pdf
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")  # Cc, Cf (bidi), Cs, Co, Cn
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValueError(f"đuôi tệp {suffix or '(không có)'} không được nhận: chỉ nhận "
                         + ", ".join(ALLOWED_SUFFIXES))
    stem = stem.strip(" .")[: max(1, limit - len(suffix))]
    if not stem:
        raise ValueError("tên tệp rỗng")
    return stem + suffix
