"""Where a build's time goes, stage by stage: `SITE_BUILDER_PROFILE=stages`.

For each stage the build names (pipeline/run.py calls `mark` as each one ends):
wall seconds, CPU seconds of the build's own process (`time.process_time`: every
thread of it), and CPU seconds of its worker processes (the forked pools that
check profiles, render pages, encode photos, draw share images). A pool is
shut down, and its workers' CPU time lands in `RUSAGE_CHILDREN`, inside the
stage that used it. Pagefind runs in its own processes while other stages work,
so its CPU time is counted apart: each run's own usage, from `wait4`
(`wait_measured`), is subtracted from the stage in which that run ended and shown
on a line of its own. (A run ending between the two readings of one `mark` may
be counted in the next stage's workers instead: a few hundredths of a second.)

Off by default: a normal build only pays for one environment lookup.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

ENV = "SITE_BUILDER_PROFILE"

_lock = threading.Lock()
_program_cpu = 0.0  # CPU seconds of the helper programs (Pagefind) waited for so far
_program_runs = 0


def wait_measured(process: subprocess.Popen[Any]) -> int:
    """Wait for `process` (its output going to files, not pipes, which nobody would read meanwhile),
    set its return code, add its CPU time to the helper programs' total; returns the code."""
    global _program_cpu, _program_runs
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    except ChildProcessError:  # reaped already (by `poll` from a cancelling thread): no usage to count
        return process.wait()
    process.returncode = os.waitstatus_to_exitcode(status)
    with _lock:
        _program_cpu += usage.ru_utime + usage.ru_stime
        _program_runs += 1
    return process.returncode


def program_cpu() -> tuple[float, int]:
    with _lock:
        return _program_cpu, _program_runs


@dataclass
class Stage:
    name: str
    wall: float
    main_cpu: float  # the build's process, every thread
    workers_cpu: float  # forked workers, Pagefind's runs taken out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class StageClock:
    """Marks the end of each stage; `report()` is the table. Does nothing unless
    SITE_BUILDER_PROFILE=stages."""

    def __init__(self) -> None:
        self.enabled = os.environ.get(ENV) == "stages"
        self.stages: list[Stage] = []
        if self.enabled:
            self._load = os.getloadavg()[0]
            self._start = self._reading()
            self._last = self._start

    @staticmethod
    def _reading() -> tuple[float, float, float, float]:
        return time.perf_counter(), time.process_time(), _children_cpu(), program_cpu()[0]

    def mark(self, name: str) -> None:
        if not self.enabled:
            return
        now = self._reading()
        wall, main, children, programs = (a - b for a, b in zip(now, self._last))
        self.stages.append(Stage(name, wall, main, children - programs))
        self._last = now

    def report(self) -> str:
        if not self.enabled:
            return ""
        end = self._reading()
        wall, main, children, programs = (a - b for a, b in zip(end, self._start))
        runs = program_cpu()[1]
        lines = [f"stages (load average {self._load:.2f} at start, {os.cpu_count()} cores)",
                 f"  {'stage':<34}{'wall s':>8}{'main CPU s':>12}{'workers CPU s':>15}"]
        lines += [f"  {s.name:<34}{s.wall:8.2f}{s.main_cpu:12.2f}{s.workers_cpu:15.2f}" for s in self.stages]
        lines.append(f"  {'Pagefind and shard reading (' + str(runs) + ' runs)':<34}{'':>8}{'':>12}{programs:15.2f}")
        lines.append(f"  {'total':<34}{wall:8.2f}{main:12.2f}{children:15.2f}"
                     f"   = {main + children:.1f} CPU s, {(main + children) / wall if wall else 0:.2f} cores busy")
        return "\n".join(lines)

    def print_report(self) -> None:
        if self.enabled:
            print(self.report(), file=sys.stderr, flush=True)
