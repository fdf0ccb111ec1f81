"""A digest of some of the package's own source files: what cached results were made with.

Two caches use it: the pipeline version (the code that extracts and aligns, `batch.py`) and the
output pieces kept per document and alignment (the code that renders them, `derived.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).parent


def sources_hash(names: Iterable[str], root: Path = PACKAGE, seed: bytes = b""):  # -> hashlib's sha256 object
    """sha256 over `seed`, then each named module (a .py file, or every .py under a sub-package, in
    name order) as its path relative to `root` followed by its bytes."""
    h = hashlib.sha256(seed)
    for name in names:
        for p in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h
