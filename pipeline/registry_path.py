"""Where the citation registry is, known without loading the citation reader.

`pipeline.cite` loads its scanners and the record classes on import; the names a query
prints (report/names.py) only need the registry's code tables, so `vnpolicy search` reads the
folder from here and starts in less time.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "VNPOLICY_REGISTRY"
# a regular (not zipped) install: the package's data is a real folder beside its modules, which the digest
# and readers need; the same path importlib.resources.files("pipeline") gives, without importing
# importlib.resources and tempfile (5-7 ms of every `vnpolicy extract`, #15)
DEFAULT_DIR = Path(__file__).parent / "data" / "registry"


def registry_dir(path: str | Path | None = None) -> Path:
    """The registry folder in use: `path`, else $VNPOLICY_REGISTRY, else the one in the package."""
    return Path(path or os.environ.get(ENV) or DEFAULT_DIR)
