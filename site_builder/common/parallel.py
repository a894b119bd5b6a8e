"""Work shared across the machine's cores by forked workers.

Forked workers start with everything the parent had built (taxonomies, schema,
templates, shells), so nothing is pickled on the way in but an item's index;
only results travel back. Used where a build has many independent items: the
profiles to validate, the pages to render.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 4
_job: tuple = ()  # (function, items), set before the pool forks


def _run(index: int):
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
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (workers * 8))))
    finally:
        _job = ()
