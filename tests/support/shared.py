"""Work done once per test run and shared by every pytest-xdist worker.

Under xdist each worker is a process of its own, and a session-scoped fixture runs once per
worker. `once_per_run` makes the first worker that asks do the work while the others wait on
a file lock, then hands all of them the same folder, as pytest-xdist's documentation
suggests. Without xdist it is a plain session cache. Only for results that tests read and
never change: the folder is shared.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from pathlib import Path
from typing import Callable, TypeVar

import pytest

T = TypeVar("T")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: under xdist the parent of the workers' own folders."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> tuple[Path, T]:
    """(folder, result) of `make(folder)`, called once in this test run whatever the number of workers.

    `make` gets an empty folder to fill; its result must pickle, since the other workers read it
    from disk. A `make` that raised leaves nothing behind, so the next worker tries again and
    reports the error itself.
    """
    root = run_folder(tmp_path_factory)
    folder, result_file = root / name, root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result_file.is_file():
            return folder, pickle.loads(result_file.read_bytes())
        folder.mkdir()
        try:
            result = make(folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        result_file.write_bytes(pickle.dumps(result))  # last: its presence says the folder is complete
        return folder, result
