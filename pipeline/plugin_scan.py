"""pydantic's plugin loader without its import of importlib.metadata while plugins are off.

pydantic imports `pydantic.plugin._loader` when it builds its first model, and that module imports
`importlib.metadata` (email, zipfile, csv ...: 15-18 ms, 5 % of `vnpolicy extract`) at its top,
even when $PYDANTIC_DISABLE_PLUGINS says there is nothing to look for, which vnpolicy's entry
point sets unless the user chose otherwise. `skip()` puts a stand-in under that module's name:
its `get_plugins()` answers what pydantic's answers when plugins are off (nothing) without the
import, and anything else (plugins switched on later in the process, a name a newer pydantic
takes from the loader) loads the real module and goes to it. Another pydantic that no longer
imports `_loader` simply never meets the stand-in.
"""

from __future__ import annotations

import os
import sys
import types
from importlib import import_module
from typing import Any

NAME = "pydantic.plugin._loader"
_OFF = ("__all__", "1", "true")  # pydantic's own test in _loader.get_plugins


def skip() -> None:
    """Install the stand-in, unless plugins are on or pydantic's loader is already imported."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _OFF or NAME in sys.modules:
        return
    stand_in = types.ModuleType(NAME, __doc__)

    def real() -> Any:
        if sys.modules.get(NAME) is stand_in:
            del sys.modules[NAME]
        return import_module(NAME)

    def get_plugins() -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _OFF:
            return ()
        return real().get_plugins()

    def __getattr__(name: str) -> Any:  # noqa: N807 (a module's attribute hook, PEP 562)
        if name.startswith("__"):  # the import system asking for __path__ and such: a plain module
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[NAME] = stand_in
