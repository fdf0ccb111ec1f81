"""One writer per store: an advisory lock on `<store>.lock`, held for as long as the run writes.

The kernel drops the lock when the process dies, however it dies, so a killed run never leaves
a store locked. Readers (search, show, status) do not take it: SQLite's WAL lets them read
while a run writes.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import StoreBusy


class WriterLock:
    def __init__(self, store: Path):
        self.path = Path(f"{store}.lock")
        self.fd: int | None = None

    def acquire(self) -> WriterLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreBusy(f"{self.path.with_suffix('')}: another run is writing to this store; "
                            "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
