"""The mark of a finished build: a deploy publishes an output folder only when the last build
into it ended well and nothing cut it short since.

The output folder itself never holds half a build (pipeline/output.py swaps or journals), but it
may hold an older build than the one that was asked for: the last build failed (bad content,
`--strict`), or was killed while applying its changes. So a build forgets the mark first, and
writes it, beside the folder (`.site.built.json`, not published), once every file is in place,
with the folder's signature and its number of files: a folder changed since, or a journal of
changes not applied, is not a finished build either.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..common.files import write_atomically
from ..common.messages import _
from . import output


def mark_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.built.json"


def forget(out_dir: Path) -> None:
    """A build begins: until it ends well, the folder is not a finished build."""
    mark_path(out_dir).unlink(missing_ok=True)


def mark(out_dir: Path, files: int) -> None:
    """Every file of a build that ended well is in place."""
    signature = list(output.folder_signature(out_dir))
    write_atomically(mark_path(out_dir), json.dumps({"folder": signature, "files": files}).encode("utf-8"))


def count_files(out_dir: Path) -> int:
    return sum(len(names) for _folder, _folders, names in os.walk(out_dir))


def unfinished_reason(out_dir: Path) -> str | None:
    """Why `out_dir` is not a finished build, or None when it is."""
    if not out_dir.is_dir():
        return _("{folder} does not exist; build the site first (site-builder build)", folder=out_dir)
    if output.journal_path(out_dir).is_file():
        return _("the last build into {folder} was cut short while applying its changes; "
                 "build again (site-builder build)", folder=out_dir)
    try:
        recorded = json.loads(mark_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _("the last build into {folder} failed or did not finish; fix what it said and build again "
                 "(site-builder build)", folder=out_dir)
    if tuple(recorded["folder"]) != output.folder_signature(out_dir) or recorded["files"] != count_files(out_dir):
        return _("{folder} was changed after its build; build again (site-builder build)", folder=out_dir)
    return None
