"""The main process's own memory limit: a clear error instead of the machine swapping or the OOM killer.

Workers have theirs (--mem-mb, set in each worker); the main process holds the store rows it
writes and, during publish, the whole corpus (until publish is streamed, issue #15). Only the
soft limit is set, so a forked worker can still set its own.
"""

from __future__ import annotations

import resource


def memory_limit() -> tuple[int, int]:
    """This process's (soft, hard) address-space limit, to hand back to `restore_memory_limit`."""
    return resource.getrlimit(resource.RLIMIT_AS)


def restore_memory_limit(limit: tuple[int, int]) -> None:
    """Put back a limit taken with `memory_limit`: the cap is the run's, not the process's, so a
    caller that runs the CLI in-process (tests, a web app) and then starts a browser or a
    converter does not hand them a cap they cannot live with."""
    resource.setrlimit(resource.RLIMIT_AS, limit)


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


def _vm_size() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def at_limit(margin: int = 64 * 1024 * 1024) -> bool:
    """True when this process's address space is within `margin` of its soft limit.

    SQLite reports a failed allocation as "out of memory" or as "disk I/O error" (its shared
    memory is mapped): the limit, not the disk, is then the cause.
    """
    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return soft != resource.RLIM_INFINITY and _vm_size() + margin >= soft
