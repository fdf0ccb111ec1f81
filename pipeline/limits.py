"""The main process's own memory limit: a clear error instead of the machine swapping or the OOM killer.

Workers have theirs (--mem-mb, set in each worker); the main process holds the store rows it
writes and, during publish, the whole corpus (until publish is streamed, issue #15). Only the
soft limit is set, so a forked worker can still set its own.
"""

from __future__ import annotations

import resource


def limit_main_memory(mb: int) -> None:
    """Cap this process's address space at `mb` MB (0: no cap); a MemoryError then ends the run."""
    if mb <= 0:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft == resource.RLIM_INFINITY or want < soft:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
