"""Precompressed copies of the site's text files: `page.html.gz` and `page.html.br` beside
`page.html`, for hosts that send files as they are but pick a compressed copy when the
browser accepts it (nginx `gzip_static on; brotli_static on;`, most CDNs).

Called by `output.SiteWriter.add_compressed`, the one place every output file passes
through, for the files that changed since the last build only. The compressed bytes are
kept in the build cache by the digest of the original's bytes, so a first build into an
empty folder with a warm cache (a fresh checkout's CI, a deleted site/) compresses
nothing again: it hard-links what the cache has (and a file written from bytes is not even
read again: its token holds that digest). The largest files are put in the cache earlier,
while the pages are made (`EarlyCopies`, from pipeline/run.py), and the others by workers while
the search index's shards merge (`CopiesMeanwhile`).

Same bytes in, same bytes out: gzip with mtime 0 and no file name in its header, brotli
with fixed settings; both depend only on the zlib and brotli versions installed.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterable

import brotli

from ..common.files import digest_bytes, write_atomically
from ..common.parallel import StartedOnCores, map_on_cores

# Text the browser would get compressed from a host that compresses on the fly. Images,
# fonts, PDF, EPUB and Pagefind's index (`.pf_*`, `.pagefind`: gzipped by Pagefind itself)
# are compressed already: a second pass saves nothing.
COMPRESSIBLE_SUFFIXES = frozenset({
    ".html", ".htm", ".css", ".js", ".mjs", ".json", ".map", ".xml", ".svg", ".txt", ".csv",
    ".webmanifest", ".yml", ".yaml", ".ics", ".md", ".wasm",  # .wasm: Decap's are plain WebAssembly
})

# Below this size a compressed copy saves less than a network packet (about 1,400 bytes), and
# its cost is two more files to write and upload. A host serves the original then.
MIN_BYTES = 1400

# Measured on 04/12/2026 (the text files over MIN_BYTES of a 400-profile synthetic site, 1,318 files,
# 33.3 MB): level 6 makes 7.47 MB in 0.50 CPU s, level 9 makes 7.45 MB (0.3 % less) in 0.81 CPU s.
GZIP_LEVEL = 6
# Measured on the 1,000-profile synthetic site (bench/precompress.py, 2,552 text files, 69 MB):
# quality 5 makes 13.0 MB in 1.2 CPU s, 11 makes 11.7 MB (10 % less) in 70 CPU s. The pages and
# data files, which a rebuild changes, are 60 of the 69 MB: at 10,000 profiles an edit that
# touches every page (a renamed field) would cost minutes at 11 for a few hundred bytes a page.
BROTLI_QUALITY = 5
# Part of every copy's token and of the cache folder's name: other settings, other bytes.
VARIANT = f"gzip{GZIP_LEVEL}-br{BROTLI_QUALITY}"

SUFFIXES = (".gz", ".br")

# Files; below that a second process costs more than it saves: a page's copies take about a
# millisecond, and forking a 10,000-profile build (a gigabyte of memory) for the 17 files an edit
# changes took more than compressing them (the largest are compressed early: EarlyCopies).
PARALLEL_FROM = 100

# Files at least this large are compressed as soon as they are made (`EarlyCopies`), in a thread
# while the build goes on: at 10,000 profiles the open data (`ho-so.json`, 68 MB; `ho-so.csv`,
# 16 MB) changes with every edit, and compressing it took about 1.3 s after every other stage.
EARLY_FROM = 1_000_000


def wanted(path: str, size: int) -> bool:
    """Whether `path` of `size` bytes gets compressed copies."""
    return size >= MIN_BYTES and os.path.splitext(path)[1].lower() in COMPRESSIBLE_SUFFIXES


def gzip_bytes(data: bytes) -> bytes:
    # gzip.compress writes no file name; mtime=0 leaves the time out of the header.
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


@dataclass(frozen=True)
class CompressedCopies:
    """The cached `.gz` and `.br` of one original's bytes."""

    gz: Path
    br: Path
    made: bool  # compressed in this build (False: found in the cache)


def cache_folder(cache: Path) -> Path:
    return cache / f"compressed-{VARIANT}"


def _cache_paths(folder: Path, digest: str) -> tuple[Path, Path]:
    return folder / digest[:2] / f"{digest}.gz", folder / digest[:2] / f"{digest}.br"


def _copies_of(folder: Path, source: tuple[Path, str | None]) -> CompressedCopies:
    """The copies of a file (its path, and its bytes' `digest_bytes` when the caller has it): a
    file the cache has is not read."""
    path, digest = source
    if digest is not None:
        gz, br = _cache_paths(folder, digest)
        if gz.is_file() and br.is_file():
            return CompressedCopies(gz, br, made=False)
    return _cached_copies(folder, path.read_bytes(), digest)


def _cached_copies(folder: Path, data: bytes, digest: str | None = None) -> CompressedCopies:
    """The copies of `data` (whose `digest_bytes` is `digest`, when known) in the cache `folder`,
    compressed now when it has none."""
    gz, br = _cache_paths(folder, digest or digest_bytes(data))
    if gz.is_file() and br.is_file():
        return CompressedCopies(gz, br, made=False)
    write_atomically(gz, gzip_bytes(data))  # 0644: hard-linked into the site
    write_atomically(br, brotli_bytes(data))
    return CompressedCopies(gz, br, made=True)


def compressed_copies(sources: list[tuple[Path, str | None]], cache: Path) -> list[CompressedCopies]:
    """The copies of each source file (with its bytes' digest where known), in order, compressed
    on every core where the cache does not have them."""
    return map_on_cores(partial(_copies_of, cache_folder(cache)), sources, PARALLEL_FROM)


class EarlyCopies:
    """The largest files' copies made in a thread while the build goes on (zlib and brotli let
    go of the interpreter's lock while they compress, so the thread uses the second core).
    They land in the cache, where `compressed_copies` then finds them; `wait()` before that."""

    def __init__(self, files: Iterable[tuple[str, bytes | Path]], cache: Path):
        large = [(path, data) for path, data in files
                 if isinstance(data, bytes) and len(data) >= EARLY_FROM and wanted(path, len(data))]
        self.paths = frozenset(path for path, _data in large)
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="precompress")
        folder = cache_folder(cache)
        self._done = [(path, self._pool.submit(_cached_copies, folder, data)) for path, data in large]

    def wait(self) -> frozenset[str]:
        """Until every copy is in the cache; the paths of the files compressed (not found in the
        cache). An error (a full disk) is raised here."""
        try:
            return frozenset(path for path, future in self._done if future.result().made)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


class CopiesMeanwhile:
    """Copies made on every core while the build does something that keeps only one core busy:
    the merge of the search index's shards (about 4 of a cold build's 57 s at 10,000 profiles,
    with the second core idle); every text file but Pagefind's own is known by then. `made()`
    waits for them, by their original's path; the writer makes the others as before."""

    def __init__(self, sources: list[tuple[Path, str | None]], cache: Path):
        self._sources = sources
        # Fewer than PARALLEL_FROM (a rebuild after an edit): made in this process when asked for.
        self._started: StartedOnCores[tuple[Path, str | None], CompressedCopies] = StartedOnCores(
            partial(_copies_of, cache_folder(cache)), sources, PARALLEL_FROM)

    def made(self) -> dict[Path, CompressedCopies]:
        """The copies made meanwhile, by their original's path; a worker's error is raised here."""
        return {source[0]: copies for source, copies in zip(self._sources, self._started.results())}

    def cancel(self) -> None:
        """A build that failed: no more copies (those under way finish)."""
        self._started.cancel()
