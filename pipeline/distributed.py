"""Per-document work on a Dask cluster; graph, alignment and store stay with the caller.

Workers need the corpus at the same path (shared storage) and vnpolicy installed.

The per-file limits of a local run hold here too: each Dask worker keeps limited child
processes (a pebble pool, one per worker thread, started with spawn because a Dask worker has
threads) in which files are read, with the same address-space cap and the same timeout. A file that hangs or
blows the cap fails alone with the local run's reason; the child is replaced and the Dask
worker, its other tasks and the cluster carry on. Workers of a cluster of your own must be
started non-daemonic (DASK_DISTRIBUTED__WORKER__DAEMON=False), as the local cluster here is.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

from .batch import Outcome

_pool: Any = None
_pool_lock = threading.Lock()


def limited_work(path: str, timeout: float, mem_mb: int) -> Outcome:
    """`batch.work` in this worker's limited child process: what a Dask task runs."""
    import multiprocessing as mp

    from pebble import ProcessPool

    from .batch import _init_worker, _outcome

    if mp.current_process().daemon:  # multiprocessing refuses children to a daemonic process
        return ("failed", "this Dask worker cannot start the limited process that reads a file: start the "
                "workers with DASK_DISTRIBUTED__WORKER__DAEMON=False", "", 0.0, 0, 0)
    global _pool
    with _pool_lock:
        if _pool is None or not _pool.active:
            _pool = ProcessPool(max_workers=_threads(), initializer=_init_worker, initargs=(mem_mb,),
                                context=mp.get_context("spawn"))
        pool = _pool
    from .batch import work

    fut = pool.schedule(work, args=(path,), timeout=timeout if timeout > 0 else None)
    return _outcome(fut, timeout)


def close_pool() -> None:
    """Stop this worker's limited children before the worker goes (run on every worker at the end):
    a child still starting when its parent dies would print a traceback."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            # closed, not stopped: a child sent SIGTERM while it runs its exit handlers (pypdfium2's)
            # prints a traceback through the term handler; idle children exit on their own
            _pool.close()
            _pool.join(timeout=30)
            if _pool.active:
                _pool.stop()
                _pool.join()
            _pool = None


def _threads() -> int:
    """As many limited children as the Dask worker runs tasks at once (1 on the local cluster)."""
    try:
        from dask.distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except Exception:  # noqa: BLE001 - not inside a worker, or another dask version: one child
        return 1


def run_dask(paths: list[str], *, scheduler: str | None = None, workers: int | None = None,
             timeout: float = 300.0, mem_mb: int = 4096) -> Iterator[tuple[str, Outcome]]:
    if not scheduler:
        # the local cluster's own shutdown logs a worker's last heartbeat to the closing scheduler as a
        # traceback on stderr; files that fail are reported by vnpolicy, a cluster that fails raises here.
        # Set before dask is imported, and inherited by the worker processes.
        os.environ.setdefault("DASK_DISTRIBUTED__LOGGING__DISTRIBUTED", "critical")
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from .errors import MissingTool

        raise MissingTool("the dask executor needs dask.distributed: pip install 'vnpolicy[dask]'") from None

    import dask

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        dask.config.set({"distributed.worker.daemon": False})  # the workers start limited children
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(limited_work, paths, timeout=timeout, mem_mb=mem_mb,
                             key=[f"vnpolicy-{i}" for i in range(len(paths))], pure=False)
        index = {f.key: p for f, p in zip(futures, paths, strict=True)}
        for fut in as_completed(futures):
            yield index[fut.key], fut.result()
    finally:
        with contextlib.suppress(Exception):  # a worker already gone has no children left
            client.run(close_pool)
        client.close()
        if cluster is not None:
            cluster.close()
