"""Failures of the machine rather than of a document: a read-only folder, a full disk.

They end a run with one line and exit code 14; the store (one transaction per document) and the
outputs (each written beside and renamed) stay as the last good run left them.
"""

from __future__ import annotations

import errno
import sqlite3

from .errors import OutputUnwritable

_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_SQLITE = ("readonly", "read-only", "disk is full", "disk i/o error", "unable to open database file")


def environment_error(exc: BaseException, where: object = "") -> OutputUnwritable | None:
    """The one-line error for `exc` when it is the environment's fault, else None."""
    prefix = f"{where}: " if where else ""
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        why = "no space left on the disk" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) \
            else "read-only or no permission"
        return OutputUnwritable(f"{prefix}cannot write ({why}): {exc.strerror or exc}"
                                + (f": {exc.filename}" if exc.filename else ""))
    if isinstance(exc, sqlite3.Error) and any(s in str(exc).lower() for s in _SQLITE):
        why = "no space left on the disk" if "full" in str(exc).lower() else "read-only or no permission"
        return OutputUnwritable(f"{prefix}cannot write the store ({why}): {exc}")
    return None
