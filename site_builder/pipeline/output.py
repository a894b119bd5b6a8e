"""Stage: writing the built site into the output folder, all or nothing.

Every file of the site passes through one `SiteWriter`, which refuses two
outputs on one path and remembers what made each file (a *token*: the digest
of its bytes, the cached file it is linked from, the key of the page it is).

- A first build, or one whose output folder is not exactly what the last build
  left there, writes every file into a staging folder beside the output and
  swaps it in with two renames (`swap_into_place`).
- A rebuild compares each file's token with the last build's record and writes
  only the files that differ into the staging folder: a *change set*. The
  change set is applied in place (`apply_changes`): a journal beside the output
  names it, each file is renamed over its old copy, files the site no longer
  has are deleted, and the journal goes. At 10,000 profiles an edited story
  changes 11 of 44,000 files; linking all of them into a fresh tree cost about
  5 s.

Once every file is claimed, `add_compressed` puts a `.gz` and a `.br` beside each text file
(pipeline/compress.py), claimed like any other file under its original's token: the copies of an
unchanged file are left alone, those of a deleted one are deleted with it.

Either way nothing in the output changes until every file of the build is on
disk, so a failed build (bad content, a failed search index) leaves the
published site exactly as it was. Each file is replaced by a rename, so a
reader never gets half a file. An apply cut short (a power cut, a killed
process) is finished by the next build before anything else
(`finish_interrupted_changes`): renames and deletions can be repeated safely.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.files import PUBLIC_FILE_MODE, PUBLIC_FOLDER_MODE, digest_bytes, link_or_copy, make_folders, write_atomically
from ..common.messages import _
from ..engine.mkdocs import EngineOutput
from . import compress

if TYPE_CHECKING:
    from .changed_first import LastPages


class OutputError(Exception):
    """Two outputs want one file, or a kept file the last build did not make."""


@dataclass
class OutputRecord:
    """What the last build left in an output folder: the next build's change set is made against it."""

    signature: tuple[int, int]  # the output folder's inode and mtime, when the record was made
    engine: EngineOutput
    files: dict[str, tuple[str, int]]  # every file of the site: path -> (token, size)


@dataclass
class KeptRecord:
    """The record of the output a long-lived process (the preview) last left, kept in memory:
    no pickle of tens of thousands of entries read and written per build; and what its changed
    page first is made from (pipeline/changed_first.py)."""

    record: OutputRecord | None = None
    pages: LastPages | None = None


def folder_signature(folder: Path) -> tuple[int, int]:
    st = folder.stat()
    return st.st_ino, st.st_mtime_ns


# The token of a file written from bytes: their `digest_bytes`, which is also the key of their
# compressed copies in the cache (pipeline/compress.py).
BYTES_TOKEN = "sha256:"


def _bytes_digest(token: str) -> str | None:
    return token.removeprefix(BYTES_TOKEN) if token.startswith(BYTES_TOKEN) else None


@dataclass
class SiteWriter:
    """Writes a build's files into `staging`: all of them (`previous` None), or only those
    whose token differs from `previous` (a change set)."""

    staging: Path
    previous: dict[str, tuple[str, int]] | None = None
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # every file of this build
    written: int = 0  # files written into staging
    _folders: set[str] = field(default_factory=set)  # tens of thousands of files share a few thousand folders
    _staged: set[str] = field(default_factory=set)  # files of this build in staging (the others are in the output)

    @property
    def changes_only(self) -> bool:
        return self.previous is not None

    def _claim(self, path: str, token: str, size: int) -> bool:
        """Record `path`; True when it must be written (new or different)."""
        if path in self.files:
            raise OutputError(_("two outputs want the same file {file}", file=path))
        self.files[path] = (token, size)
        return self.previous is None or self.previous.get(path, ("", 0))[0] != token

    def _target(self, path: str) -> Path:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            make_folders(os.path.join(self.staging, folder))
            self._folders.add(folder)
        self.written += 1
        self._staged.add(path)
        return self.staging / path

    # Every file put into staging is made 0644 here, whatever wrote it (MkDocs and `open` follow
    # the umask; a cache written before modes were set explicitly may hold 0600 files): a web
    # server running as another user reads the site. A linked file's inode is the cache's, so
    # the cached copy is mended too.

    def write_bytes(self, path: str, data: bytes) -> None:
        if self._claim(path, BYTES_TOKEN + digest_bytes(data), len(data)):
            with open(self._target(path), "xb") as out:
                out.write(data)
                os.fchmod(out.fileno(), PUBLIC_FILE_MODE)

    def link_file(self, path: str, source: Path) -> None:
        """A file from a cache (a photo rendition, a share image, the search index): hard-linked,
        copied where links are not possible.

        Cached files are written once and never rewritten in place, so a file is known by its
        inode (with its size and time): the same search fragment linked from a new merged index
        is the same file, and is not written again."""
        st = os.stat(source)
        if self._claim(path, f"file:{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}", st.st_size):
            target = self._target(path)
            link_or_copy(source, target)
            os.chmod(target, PUBLIC_FILE_MODE)

    def add_engine_files(self, tokens: dict[str, str], written: set[str]) -> None:
        """Files the engine made: those in `written` are in staging already, the others
        are unchanged in the output."""
        for path, token in tokens.items():
            if path in written:
                self._claim(path, token, os.stat(self.staging / path).st_size)
                os.chmod(self.staging / path, PUBLIC_FILE_MODE)
                folder = os.path.dirname(path)
                while folder and folder not in self._folders:  # MkDocs made them with the umask
                    os.chmod(self.staging / folder, PUBLIC_FOLDER_MODE)
                    self._folders.add(folder)
                    folder = os.path.dirname(folder)
                self.written += 1
                self._staged.add(path)
            elif self.previous is not None and path in self.previous:
                self._claim(path, token, self.previous[path][1])
            else:
                raise OutputError(_("the engine kept {file}, which the last build did not make", file=path))

    def write(self, path: str, data: bytes | Path) -> None:
        if isinstance(data, Path):
            self.link_file(path, data)
        else:
            self.write_bytes(path, data)

    def _text_files(self) -> list[tuple[str, str, bool]]:
        """(path, its copies' token, whether the last build left those copies as they are) of each
        text file claimed so far. A copy's token is its original's with the compression settings."""
        found = []
        for path, (token, size) in sorted(self.files.items()):
            if compress.wanted(path, size):
                copy_token = f"{token} {compress.VARIANT}"
                found.append((path, copy_token, self.previous is not None and all(
                    self.previous.get(path + suffix, ("", 0))[0] == copy_token for suffix in compress.SUFFIXES)))
        return found

    def _source(self, path: str, out_dir: Path) -> tuple[Path, str | None]:
        """Where the original of `path` is, with its bytes' digest when its token holds it. An
        original written in this build is in staging; one the last build made, with no copies yet
        (precompress was off), is in the output. A file written from bytes has their digest in its
        token (`write_bytes`), which is the cache's key: it is not read and hashed again."""
        return (self.staging if path in self._staged else out_dir) / path, _bytes_digest(self.files[path][0])

    def start_compressing(self, out_dir: Path, cache: Path, skipped: frozenset[str] = frozenset()
                          ) -> compress.CopiesMeanwhile:
        """Start compressing, on other cores, the text files claimed so far whose copies must be
        made (but `skipped`: those EarlyCopies has); `add_compressed` takes what they made."""
        return compress.CopiesMeanwhile([self._source(path, out_dir) for path, _token, kept in self._text_files()
                                         if not kept and path not in skipped], cache)

    def add_compressed(self, out_dir: Path, cache: Path, compressed_early: frozenset[str] = frozenset(),
                       meanwhile: compress.CopiesMeanwhile | None = None) -> tuple[int, int]:
        """`.gz` and `.br` copies beside every text file of this build (pipeline/compress.py), once
        every other file is claimed: an unchanged file's copies are not touched; a changed one's
        come from the cache by the digest of its bytes, or are compressed now (or were, by
        `meanwhile`). Returns (copies compressed in this build, copies taken from the cache),
        counting each file's pair once; a file of `compressed_early` (compress.EarlyCopies) was
        compressed in this build, though found in the cache by now."""
        changed: list[tuple[str, str]] = []
        for path, copy_token, kept in self._text_files():
            if kept:
                for suffix in compress.SUFFIXES:
                    assert self.previous is not None  # kept: the last build made them
                    self._claim(path + suffix, copy_token, self.previous[path + suffix][1])  # left as it is
            else:
                changed.append((path, copy_token))
        sources = [self._source(path, out_dir) for path, _copy_token in changed]
        made_meanwhile = meanwhile.made() if meanwhile is not None else {}
        made_now = iter(compress.compressed_copies([s for s in sources if s[0] not in made_meanwhile], cache))
        copies = [made_meanwhile[source[0]] if source[0] in made_meanwhile else next(made_now) for source in sources]
        for (path, copy_token), made in zip(changed, copies):
            for suffix, cached in zip(compress.SUFFIXES, (made.gz, made.br)):
                if self._claim(path + suffix, copy_token, os.stat(cached).st_size):
                    target = self._target(path + suffix)
                    link_or_copy(cached, target)
                    os.chmod(target, PUBLIC_FILE_MODE)
        compressed = sum(made.made or path in compressed_early for (path, _token), made in zip(changed, copies))
        return compressed, len(copies) - compressed

    def deleted(self) -> list[str]:
        """Files of the last build that this one does not make."""
        return sorted(set(self.previous or ()) - set(self.files))

    def total_bytes(self) -> int:
        return sum(size for _, size in self.files.values())


# --- Putting the files in place ---------------------------------------------------------


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by a complete `staging` with two renames.

    The old copy is deleted by a detached `rm -r`: removing tens of thousands
    of files takes seconds that the editor need not wait for. Leftovers of an
    interrupted removal are cleared by the next build.
    """
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    leftovers = [str(p) for p in out_dir.parent.glob(f".{out_dir.name}.old-*")]
    if leftovers:
        subprocess.Popen(["rm", "-rf", "--", *leftovers], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def journal_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.changes.json"


def apply_changes(staging: Path, out_dir: Path, deleted: list[str]) -> None:
    """Move the change set in `staging` into `out_dir` and delete `deleted`, journalled first."""
    journal = journal_path(out_dir)
    write_atomically(journal, json.dumps({"staging": str(staging), "out": str(out_dir), "deleted": deleted},
                                         ensure_ascii=False).encode("utf-8"))
    _carry_out(journal)


def finish_interrupted_changes(out_dir: Path) -> bool:
    """Finish a change set whose apply was cut short; True if there was one."""
    journal = journal_path(out_dir)
    if not journal.is_file():
        return False
    _carry_out(journal)
    return True


def _carry_out(journal: Path) -> None:
    plan = json.loads(journal.read_text(encoding="utf-8"))
    staging, out_dir = Path(plan["staging"]), Path(plan["out"])
    made: set[str] = set()
    for folder, _folders, names in os.walk(staging):
        into = os.path.join(out_dir, os.path.relpath(folder, staging))
        for name in names:
            if into not in made:
                make_folders(into)
                made.add(into)
            os.replace(os.path.join(folder, name), os.path.join(into, name))
    emptied: set[str] = set()
    for path in plan["deleted"]:
        try:
            os.unlink(out_dir / path)
        except FileNotFoundError:
            pass  # deleted before the apply was cut short
        emptied.add(os.path.dirname(path))
    for folder in sorted(emptied, key=lambda f: f.count("/"), reverse=True):  # deepest first
        while folder:
            try:
                os.rmdir(out_dir / folder)  # only if empty: a page removed, its folder too
            except OSError:
                break
            folder = os.path.dirname(folder)
    shutil.rmtree(staging, ignore_errors=True)
    journal.unlink()
