"""`vnpolicy serve`: a local web workspace over the store for office staff (Kho văn bản, Thêm văn bản,
Đối chiếu, Xuất), built on Starlette, Jinja2 and uvicorn.

`create_app(Settings(store=..., out=...))` gives the ASGI app; `pipeline.serve.cli` starts it. The names
load on first use: `vnpolicy --help` registers the command through this package and must not pay for
Starlette.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(".app", __name__), name)
