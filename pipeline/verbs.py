"""Three verbs share their name with the stage that does the work (`ingest`, `extract`, `align`).

Importing `pipeline.ingest` (the package) sets the attribute `pipeline.ingest` to that package,
hiding the verb `pipeline.ingest(path)`. Making those three stage modules callable keeps one
name for both: the module for code inside the package, the verb for a caller.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def make_callable(module_name: str, verb: str) -> None:
    """Let `sys.modules[module_name](...)` call `pipeline.api.<verb>(...)`."""
    module = sys.modules[module_name]

    class _Stage(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            from . import api

            return getattr(api, verb)(*args, **kwargs)

    _Stage.__call__.__doc__ = f"The verb pipeline.{verb}: see pipeline.api.{verb}."
    module.__class__ = _Stage
