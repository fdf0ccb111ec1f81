"""Per-document work on a Dask cluster; graph, alignment and store stay with the caller.

Workers need the corpus at the same path (shared storage) and vnpolicy installed.
"""

from __future__ import annotations

from collections.abc import Iterator

from .batch import Outcome


def run_dask(paths: list[str], *, scheduler: str | None = None, workers: int | None = None
             ) -> Iterator[tuple[str, Outcome]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from .errors import MissingTool

        raise MissingTool("the dask executor needs dask.distributed: pip install 'vnpolicy[dask]'") from None
    from .batch import work

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(work, paths, key=[f"vnpolicy-{i}" for i in range(len(paths))], pure=False)
        index = {f.key: p for f, p in zip(futures, paths, strict=True)}
        for fut in as_completed(futures):
            yield index[fut.key], fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
