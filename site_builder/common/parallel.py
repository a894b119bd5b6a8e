"""Work shared across the machine's cores.

- `map_on_cores`: forked workers that start with everything the parent had
  built (taxonomies, schema, templates, shells), so nothing is pickled on the
  way in but an item's index; only results travel back. For many small items
  that need the parent's state: the profiles to validate, the pages to render.
- `map_in_processes`: a process pool for self-contained jobs, each pickled on
  its way (a photo to encode, a share card to draw): heavy items, few enough
  that pickling them costs nothing beside the work.
- `StartedOnCores`: the same, started now and its results asked for later, while
  this process does something that keeps one core busy (the search index's merge).
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
from typing import Any, Callable, Generic, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
_job: tuple[Any, ...] = ()  # (function, items), set before the pool forks


def _run(index: int) -> Any:
    function, items = _job
    return function(items[index])


def _forked_pool(count: int, parallel_from: int) -> tuple[concurrent.futures.ProcessPoolExecutor, int] | None:
    """Forked workers, one per core, for `count` items, with the chunk size to give them; None
    below `parallel_from` items (a second process would cost more than it saves), on one core, or
    where processes cannot be forked. The workers fork at the pool's first job, not here."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < parallel_from or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    # A worker collects its own cycles, whether or not the parent paused its collector
    # meanwhile (common.caches.cycle_collector_paused: a build does, pipeline/run.py).
    pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=gc.enable)
    return pool, max(1, count // (workers * 8))


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int) -> list[Result]:
    """`[function(item) for item in items]`, in order, on every core when there are at least
    `parallel_from` items (below that a second process costs more than it saves)."""
    global _job
    forked = _forked_pool(len(items), parallel_from)
    if forked is None:
        return [function(item) for item in items]
    pool, chunksize = forked
    _job = (function, items)
    try:
        with pool:
            return list(pool.map(_run, range(len(items)), chunksize=chunksize))
    finally:
        _job = ()


def map_in_processes(function: Callable[[Item], Result], items: Sequence[Item], chunksize: int = 1,
                     workers: int | None = None) -> list[Result]:
    """`[function(item) for item in items]`, in order, on a pool of `workers` processes (default:
    one per core) when there is more than one item. `function` and the items must pickle."""
    if len(items) < 2:
        return [function(item) for item in items]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                                                initializer=gc.enable) as pool:  # as map_on_cores'
        return list(pool.map(function, items, chunksize=chunksize))


class StartedOnCores(Generic[Item, Result]):
    """`[function(item) for item in items]` started on forked workers (one per core) that run
    while this process goes on; `results()` waits for them and gives them in order. The function
    and the items must pickle. With fewer than `parallel_from` items nothing is started (a
    second process would cost more than it saves) and `results()` computes them here."""

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int):
        self._function, self._items = function, items
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._results: Any = None
        forked = _forked_pool(len(items), parallel_from)
        if forked is not None:
            self._pool, chunksize = forked
            self._results = self._pool.map(function, items, chunksize=chunksize)

    def results(self) -> list[Result]:
        """Every result, in the items' order; a worker's error is raised here."""
        if self._pool is None:
            return [self._function(item) for item in self._items]
        try:
            return list(self._results)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def cancel(self) -> None:
        """Stop: the items not yet begun are dropped, those under way finish (a build that failed)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
