"""Work shared across the machine's cores.

- `map_on_cores`: forked workers that start with everything the parent had
  built (taxonomies, schema, templates, shells), so nothing is pickled on the
  way in but an item's index; only results travel back. For many small items
  that need the parent's state: the profiles to validate, the pages to render.
- `map_in_processes`: a process pool for self-contained jobs, each pickled on
  its way (a photo to encode, a share card to draw): heavy items, few enough
  that pickling them costs nothing beside the work.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
from typing import Any, Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
_job: tuple[Any, ...] = ()  # (function, items), set before the pool forks


def _run(index: int) -> Any:
    function, items = _job
    return function(items[index])


def map_on_cores(function: Callable[[Item], Result], items: Sequence[Item], parallel_from: int) -> list[Result]:
    """`[function(item) for item in items]`, in order, on every core when there are at least
    `parallel_from` items (below that a second process costs more than it saves)."""
    global _job
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < parallel_from or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _job = (function, items)
    try:
        # A worker collects its own cycles, whether or not the parent paused its collector
        # meanwhile (common.caches.cycle_collector_paused: a build does, pipeline/run.py).
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                    initializer=gc.enable) as pool:
            return list(pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (workers * 8))))
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
