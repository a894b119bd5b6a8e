"""Caches that make a rebuild cost what changed, not what exists.

Every entry is keyed by content (file bytes hashed), never by time alone, so
a cache can be deleted at any moment and can never serve a stale result:

- `ValidationCache`: a profile's validated model and its warnings, reused
  while its file, its photos, the taxonomies, site.yml and the code are the
  same. Profiles with errors are never cached (they are re-checked every time).
- `FileDigests`: the SHA-256 of large files (photos), recomputed whenever the
  file's size, mtime, ctime or inode changes.
- `Memo`: results of an expensive, pure function of one profile (its search
  text, for one), kept under a key made of everything the result depends on.

The first and the last are stored by `ShardedPickles`, so that a rebuild after
one edit writes back one small file, not the whole store.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import pickle
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, TypeVar, cast

from .files import digest_bytes, stat_signature, write_atomically
from .paths import PACKAGE_DIR

T = TypeVar("T")


def code_fingerprint() -> str:
    """Changes whenever the package's code changes, so no cache outlives it. While the stores are
    kept in memory (`kept_in_memory`, the preview), the fingerprint taken when that began: the
    code running is the code that was loaded then, whatever is on disk since (and a build does
    not read the package's hundred files again)."""
    if _kept_in_memory is not None:
        return _kept_in_memory.code
    return digest_bytes(*(p.read_bytes() for p in sorted(PACKAGE_DIR.rglob("*.py"))))


@dataclass
class _Entry:
    file_digest: str
    file_signature: tuple[Any, ...] | None  # the file's stat signature, taken before it was read
    photos: dict[str, tuple[Any, ...] | None]  # photo path -> stat signature when validated
    profile: object  # model.Profile
    problems: list[Any]  # the profile's warnings (content.diagnostics.Problem)


class ShardedPickles:
    """A dict kept between builds in `SHARDS` pickle files, by a hash of the key.

    A rebuild after one edit changes one entry: only the file holding it is
    written again (at 10,000 profiles the whole store is tens of megabytes, and
    writing it all cost about a second per build). Entries stored under another
    `context` (another code version, other settings) are not read.
    """

    SHARDS = 64

    def __init__(self, folder: Path | None, context: str):
        self.folder = folder
        self.context = context
        self.stored: list[dict[str, object]] = [{} for _ in range(self.SHARDS)]
        if folder is None or not folder.is_dir():
            return
        kept = _kept_in_memory.stores.get((str(folder), context)) if _kept_in_memory is not None else None
        if kept is not None:  # a long-lived process (the preview) has them already: nothing to unpickle
            self.stored = kept
            return
        with cycle_collector_paused():
            for number in range(self.SHARDS):
                try:
                    stored_context, entries = pickle.loads(self._file(number).read_bytes())
                except FileNotFoundError:
                    continue
                except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                    continue  # unreadable: its entries are made afresh
                if stored_context == context:
                    self.stored[number] = entries
        if _kept_in_memory is not None:
            _kept_in_memory.stores[(str(folder), context)] = self.stored

    def _file(self, number: int) -> Path:
        assert self.folder is not None
        return self.folder / f"{number:02d}.pickle"

    def _shard(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self.SHARDS

    def get(self, key: str, default: object = None) -> Any:
        return self.stored[self._shard(key)].get(key, default)

    def save(self, entries: Mapping[str, object]) -> None:
        """Keep exactly `entries`; only the files whose entries changed are written."""
        if self.folder is None:
            return
        grouped: list[dict[str, object]] = [{} for _ in range(self.SHARDS)]
        for key, value in entries.items():
            grouped[self._shard(key)][key] = value
        for number, (new, old) in enumerate(zip(grouped, self.stored)):
            if new.keys() != old.keys() or any(new[k] is not old[k] for k in new):
                write_atomically(self._file(number),
                                 pickle.dumps((self.context, new), protocol=pickle.HIGHEST_PROTOCOL))
        self.stored = grouped
        if _kept_in_memory is not None:
            _kept_in_memory.stores[(str(self.folder), self.context)] = grouped


# While a long-lived process runs (`kept_in_memory()`, the preview), the stores' contents as last
# read or saved, by (folder, context): each build reads its caches from here instead of unpickling
# tens of megabytes, and what it saves is on disk too, for the next process. Entries are keyed by
# content, so a `build` sharing the cache meanwhile makes the memory older, never wrong.
@dataclass
class _Kept:
    code: str  # the code's fingerprint when keeping began
    stores: dict[tuple[str, str], list[dict[str, object]]] = field(default_factory=dict)


_kept_in_memory: _Kept | None = None


@contextlib.contextmanager
def kept_in_memory() -> Iterator[None]:
    """The `ShardedPickles` stores (validation, memos) kept in memory between builds in the block."""
    global _kept_in_memory
    previous, _kept_in_memory = _kept_in_memory, _Kept(code_fingerprint())
    try:
        yield
    finally:
        _kept_in_memory = previous


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for the `with` block, then left as it was.

    Unpickling makes many objects and no garbage, and while the heap grows the
    collector walks all of it again and again: at 10,000 profiles that was 0.4 s
    of reading the caches."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def cycle_collector_resumed() -> Iterator[None]:
    """Python's cycle collector on for the `with` block (inside `cycle_collector_paused`: work that
    does make cycles, such as WeasyPrint's layout of a yearbook), then left as it was."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


class ValidationCache:
    def __init__(self, folder: Path | None, context: str):
        self._store = ShardedPickles(folder, context)
        self.hits = 0
        self._new: dict[str, _Entry] = {}

    def unchanged(self, source: Path) -> tuple[object, list[Any]] | None:
        """(profile, problems) when the file's stat signature (size, times, inode) is the one
        recorded, without reading it, as git and make do; else None. At 10,000 profiles,
        reading and hashing every file cost about a second per build."""
        entry = self._store.get(str(source))
        if entry is None or entry.file_signature is None or stat_signature(source) != entry.file_signature:
            return None
        return self._hit(source, entry)

    def get(self, source: Path, data: bytes, signature: tuple[Any, ...] | None) -> tuple[object, list[Any]] | None:
        """(profile, problems) cached for this exact file content, or None."""
        entry = self._store.get(str(source))
        if entry is None or entry.file_digest != digest_bytes(data):
            return None
        if entry.file_signature != signature:  # touched, not changed: remember the new signature
            entry = replace(entry, file_signature=signature)
        return self._hit(source, entry)

    def _hit(self, source: Path, entry: _Entry) -> tuple[object, list[Any]] | None:
        if any(stat_signature(p) != sig for p, sig in entry.photos.items()):
            return None
        self._new[str(source)] = entry
        self.hits += 1
        return entry.profile, entry.problems

    def put(self, source: Path, data: bytes, signature: tuple[Any, ...] | None, profile: object, problems: list[Any],
            photo_paths: list[Path]) -> None:
        self._new[str(source)] = _Entry(digest_bytes(data), signature,
                                        {str(p): stat_signature(p) for p in photo_paths}, profile, problems)

    def save(self) -> None:
        """Keep the entries used in this run (only the files holding a changed entry are written)."""
        self._store.save(self._new)


class FileDigests:
    """SHA-256 of files, remembered by their stat signature."""

    def __init__(self, path: Path | None):
        self.path = path
        self._known: dict[str, list[Any]] = {}
        if path and path.is_file():
            try:
                self._known = json.loads(path.read_text())
            except (OSError, ValueError):
                self._known = {}
        self._used: dict[str, list[Any]] = {}

    def digest(self, file: Path) -> str:
        signature = list(stat_signature(file) or ())
        known = self._known.get(str(file))
        if known and known[:-1] == signature:
            value: str = known[-1]
        else:
            with open(file, "rb") as handle:  # in pieces: a film may be a gigabyte
                value = hashlib.file_digest(handle, "sha256").hexdigest()
        self._used[str(file)] = [*signature, value]
        return value

    def save(self, keep_unused: bool = False) -> None:
        """Keep the digests used in this run; with `keep_unused` (a run that saw only some of the
        files: the preview's new profile first), the others known too, for the next whole run."""
        if self.path:
            kept = {**self._known, **self._used} if keep_unused else self._used
            write_atomically(self.path, json.dumps(kept, sort_keys=True).encode())


_MISSING = object()


class Memo:
    """Results of a pure function, kept between builds under keys the caller makes.

    The caller's key must cover everything the result depends on (a profile's
    file digest, the taxonomy names it shows...); the code's fingerprint is
    added here, so no result outlives the code that made it. Only the entries
    used in a run are kept, and a file is written only when one of its entries changed.
    """

    def __init__(self, folder: Path | None):
        self._store = ShardedPickles(folder, code_fingerprint())
        self._new: dict[str, object] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._new or self._store.get(key, _MISSING) is not _MISSING

    def get(self, key: str, make: Callable[[], T]) -> T:
        # This run's entries first: a key asked twice in one build is made once.
        value = self._new.get(key, _MISSING)
        if value is _MISSING:
            value = self._store.get(key, _MISSING)
        if value is _MISSING:
            value = make()
        self._new[key] = value
        return cast(T, value)

    def save(self) -> None:
        self._store.save(self._new)
