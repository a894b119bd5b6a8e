"""common/parallel.py: `[function(item) for item in items]`, in order, spread over the
machine's cores when there are enough items to be worth a second process."""

from __future__ import annotations

import gc
import multiprocessing
import os

import pytest

from site_builder.common.parallel import StartedOnCores, map_in_processes, map_on_cores

several_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs at least 2 cores")


class BrokenProfile(ValueError):
    pass


# Module-level, so that map_in_processes can pickle them.
def square(n: int) -> int:
    return n * n


def process_id(_item) -> int:
    return os.getpid()


def fail_on_three(n: int) -> int:
    if n == 3:
        raise BrokenProfile(f"item {n} is broken")
    return n


# --- map_on_cores ---------------------------------------------------------------------


def test_map_on_cores_returns_the_results_in_the_items_order():
    items = list(range(50))
    assert map_on_cores(square, items, parallel_from=1) == [n * n for n in items]
    assert map_on_cores(square, items, parallel_from=1000) == [n * n for n in items]


def test_map_on_cores_of_no_items_is_an_empty_list():
    assert map_on_cores(square, [], parallel_from=0) == []


def test_below_parallel_from_everything_runs_in_the_calling_process():
    assert set(map_on_cores(process_id, list(range(9)), parallel_from=10)) == {os.getpid()}


@several_cores
def test_at_parallel_from_the_items_run_in_other_processes():
    pids = map_on_cores(process_id, list(range(10)), parallel_from=10)
    assert len(pids) == 10
    assert os.getpid() not in pids


@several_cores
def test_workers_start_with_the_parents_state_so_closures_need_not_pickle():
    """What makes map_on_cores cheap: a lambda over local data runs as it is, unpickled."""
    table = {n: f"hồ sơ {n}" for n in range(20)}
    results = map_on_cores(lambda n: (table[n], os.getpid()), list(range(20)), parallel_from=2)
    assert [text for text, _ in results] == [table[n] for n in range(20)]
    assert os.getpid() not in {pid for _, pid in results}


def test_an_exception_in_the_calling_process_reaches_the_caller():
    with pytest.raises(BrokenProfile, match="item 3 is broken"):
        map_on_cores(fail_on_three, list(range(5)), parallel_from=100)


@several_cores
def test_an_exception_in_a_worker_reaches_the_caller():
    with pytest.raises(BrokenProfile, match="item 3 is broken"):
        map_on_cores(fail_on_three, list(range(10)), parallel_from=2)


@several_cores
def test_after_a_parallel_run_the_next_run_uses_its_own_function():
    """The job handed to the forked workers is cleared after each run, even a failed one."""
    with pytest.raises(BrokenProfile):
        map_on_cores(fail_on_three, list(range(10)), parallel_from=2)
    assert map_on_cores(square, list(range(10)), parallel_from=2) == [n * n for n in range(10)]


# --- map_in_processes --------------------------------------------------------------------


def test_map_in_processes_returns_the_results_in_the_items_order():
    items = list(range(30))
    assert map_in_processes(square, items, chunksize=4) == [n * n for n in items]


def test_a_single_item_runs_in_the_calling_process():
    assert map_in_processes(process_id, ["photo.jpg"]) == [os.getpid()]
    assert map_in_processes(square, []) == []


def collector_on(_item: object) -> bool:
    return gc.isenabled()


@several_cores
def test_workers_collect_their_own_cycles_while_the_parent_has_its_collector_paused():
    """A build pauses the cycle collector of its own process (pipeline/run.py); the workers it starts
    run with theirs, so the garbage of rendering thousands of pages does not pile up in them."""
    gc.disable()
    try:
        assert map_in_processes(collector_on, [1, 2, 3]) == [True] * 3
        assert map_on_cores(collector_on, list(range(8)), parallel_from=2) == [True] * 8
    finally:
        gc.enable()


@several_cores
def test_several_items_run_in_other_processes():
    pids = map_in_processes(process_id, list(range(4)), workers=2)
    assert len(pids) == 4
    assert os.getpid() not in pids


@several_cores
def test_an_exception_in_a_pool_process_reaches_the_caller():
    with pytest.raises(BrokenProfile, match="item 3 is broken"):
        map_in_processes(fail_on_three, list(range(6)), workers=2)


# --- StartedOnCores ---------------------------------------------------------------------


@several_cores
def test_work_started_on_cores_runs_in_other_processes_while_the_caller_goes_on():
    started = StartedOnCores(process_id, list(range(40)), parallel_from=10)
    workers = started.results()
    assert len(workers) == 40 and os.getpid() not in workers
    assert StartedOnCores(square, list(range(40)), parallel_from=10).results() == [n * n for n in range(40)]


def test_below_parallel_from_nothing_is_started_and_the_results_are_made_when_asked_for():
    started = StartedOnCores(process_id, [1, 2], parallel_from=10)
    assert started.results() == [os.getpid(), os.getpid()]


@several_cores
def test_an_exception_in_work_started_on_cores_reaches_the_caller_when_it_asks():
    started = StartedOnCores(fail_on_three, list(range(20)), parallel_from=1)
    with pytest.raises(BrokenProfile, match="item 3 is broken"):
        started.results()


@several_cores
def test_cancelled_work_leaves_no_process_behind():
    started = StartedOnCores(square, list(range(2000)), parallel_from=1)
    started.cancel()
    assert not multiprocessing.active_children()
