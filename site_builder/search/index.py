"""Stage: site search — the Pagefind index of the public profiles, and the search page.

The index is written into the built site (`pagefind/`) from the search records
(search/records.py: one per public profile, from `Publication.profiles` only, so a
withheld profile or a `private:` value can never be found), each written as a small
page (theme/templates/search_record.html) that the Pagefind CLI indexes, in shards
merged exactly by search/bundle.py. The facets the records are filed under, and the
search page shows, are search/facets.py's.

The page `/tim-kiem/` is rendered from theme/templates/search.html; its script
(theme/overrides/assets/javascripts/dh-search.js) loads Pagefind only when the
reader searches. Pagefind's own ready-made interfaces are not used and not shipped.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..common import stage_clock, work
from ..common.caches import code_fingerprint
from ..common.files import digest_bytes
from ..common.messages import _
from ..common.paths import PACKAGE_DIR
from ..common.products import products
from ..public.gate import Publication
from ..site.documents import Document
from ..site.renderer import Renderer
from . import bundle as search_bundle
from . import suggest
from .facets import facets
from .records import SearchRecord

SEARCH_URL = "tim-kiem/"
BUNDLE_DIR = "pagefind"  # Pagefind's files, inside the site
LANGUAGE = "vi"
# Size of an index chunk (uncompressed CBOR; about 3 KB as served), see search_bundle.cut_chunks.
# Each word of a query loads one chunk: with Pagefind's own chunks (up to 480 KB at 10,000
# profiles) "nguyen thi hoa" fetched 780 KB of chunks, with 8,000-byte chunks 61 KB. Every
# chunk is listed in the meta file, which all searches load: 16,000 and 32,000 bytes gave a
# meta file 4 and 7 KB smaller but 68 and 93 KB of chunks for that query.
INDEX_CHUNK_BYTES = 8_000
# Pagefind writes ready-made search interfaces beside its core; the search page has its own.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind could not build the index; the site is not replaced."""


# --- Writing the index --------------------------------------------------------------------


@dataclass
class IndexSummary:
    records: int = 0
    files: dict[str, Path] = field(default_factory=dict)  # site-relative path -> the kept bundle's file
    shards: int = 0
    shards_indexed: int = 0  # shards Pagefind indexed in this build; the others were kept


# Records per shard, on average at most (see search_bundle): Pagefind's memory and time grow
# with the records of a run (2.5 GB for 10,000), and a changed record re-indexes its shard.
RECORDS_PER_SHARD = 400


def shard_count(records: int) -> int:
    """Shards for this many records: a power of two, so that a doubling splits every shard in two."""
    count = 1
    while count * RECORDS_PER_SHARD < records:
        count *= 2
    return count


def shard_of(url: str, count: int) -> int:
    """A record's shard: by its address, so adding a profile leaves the other shards as they were."""
    return int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % count


@dataclass
class Shard:
    key: str  # the hash of its records, the record template, the code and the Pagefind binary
    records: list[SearchRecord]
    bundle: Path  # where its Pagefind bundle is (kept) or will be


class IndexJob:
    """The search index being made: Pagefind runs beside the rest of the build.

    `start_index` groups the records into shards and finds those whose kept bundle can
    be reused; the job indexes the others in a thread, one Pagefind run after another,
    each followed by reading the shard's words (`search_bundle.describe_shard`). The
    build renders its pages meanwhile, then `finish` waits, merges the shards and
    names the bundle's files. `cancel` stops it when the build fails.

    One run at a time while the build works (the build has the other core: two at a
    time made a 1,000-profile cold build slower); once the build only waits for the
    index (`finish`), a second thread takes shards from the same queue. Memory stays
    bounded by two shards.
    """

    def __init__(self, records: int, shards: list[Shard], sorts: dict[str, list[str]], merged: Path,
                 renderer: Renderer, work_dir: Path, cache_dir: Path | None):
        self.records = records
        self.renderer = renderer
        self.shards = shards
        self.sorts = sorts
        self.merged = merged  # the merged bundle: kept under the hash of every shard and the sort orders
        # Every fragment file a kept shard has, by its bytes' digest (`_share_fragments`).
        self.fragments = (cache_dir or work_dir / "kept") / "fragments"
        self.work_dir = work_dir
        self.cache_dir = cache_dir
        self.pending = [] if (merged / "pagefind-entry.json").is_file() else \
            [s for s in shards if not (s.bundle / search_bundle.SHARD_PAGES).is_file()]
        self.processes: list[subprocess.Popen] = []  # every Pagefind run started
        self.error: SearchIndexError | None = None
        self._cancelled = threading.Event()
        self._starting = threading.Lock()
        self._queue = list(enumerate(self.pending))  # (number, shard) not yet taken by a thread
        self._taking = threading.Lock()
        self._threads = [threading.Thread(target=self._index_pending, name="pagefind", daemon=True)]
        self._threads[0].start()

    def _take(self) -> tuple[int, Shard] | None:
        with self._taking:
            return self._queue.pop(0) if self._queue and self.error is None else None

    def _index_pending(self) -> None:
        try:
            while (taken := self._take()) is not None:
                number, shard = taken
                self._index(shard, self.work_dir / "indexing" / str(number))
        except SearchIndexError as exc:
            with self._taking:
                self.error = self.error or exc

    def _join(self) -> None:
        for thread in self._threads:
            thread.join()

    def _index(self, shard: Shard, work: Path) -> None:
        if self._cancelled.is_set():
            return
        pages_dir, bundle = work / "records", work / "bundle"
        for record in shard.records:
            path = pages_dir / record.url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.renderer.render("search_record.html", record.url, record=record), encoding="utf-8")
        command = [str(pagefind_binary()), "--site", str(pages_dir), "--output-path", str(bundle),
                   "--force-language", LANGUAGE, "--quiet"]
        with self._starting:  # so that `cancel` cannot miss a run starting at that moment
            if self._cancelled.is_set():
                return
            work.mkdir(parents=True, exist_ok=True)
            said_file = (work / "pagefind.log").open("w+", encoding="utf-8")
            try:
                process = subprocess.Popen(command, stdout=said_file, stderr=subprocess.STDOUT, text=True)
            except OSError as exc:
                said_file.close()
                raise SearchIndexError(_("Pagefind could not build the search index: cannot run {program}: {reason}",
                                         program=command[0], reason=exc)) from None
            self.processes.append(process)
        # Output to a file, not a pipe: waited for with wait4, which tells the run's own CPU time
        # (SITE_BUILDER_PROFILE=stages counts Pagefind apart from the build's workers).
        with said_file:
            stage_clock.wait_measured(process)
            said_file.seek(0)
            said_all = said_file.read()
        shutil.rmtree(pages_dir, ignore_errors=True)
        if self._cancelled.is_set():
            return
        if process.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
            said = "\n".join(said_all.strip().splitlines()[-10:])
            raise SearchIndexError(_("Pagefind could not build the search index (exit {code}): {said}",
                                     code=process.returncode, said=said))
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
        _share_fragments(bundle, self.fragments)
        # The shard's words decoded once, ready to merge: in a process of its own, on the other core.
        with (work / "describe.log").open("w+", encoding="utf-8") as said_file:
            describing = subprocess.Popen([sys.executable, "-m", "site_builder.search.bundle", "describe", str(bundle)],
                                          stdout=said_file, stderr=subprocess.STDOUT, text=True, cwd=PACKAGE_DIR.parent)
            if stage_clock.wait_measured(describing) != 0:
                said_file.seek(0)
                raise SearchIndexError(_("the search index shard could not be read: {reason}",
                                         reason=said_file.read().strip()[-2000:]))
        _keep(bundle, shard.bundle)

    def wait_for_shards(self) -> None:
        """Until Pagefind has indexed every shard (the build only waits now: a second Pagefind run
        at a time); an error of Pagefind's is raised here."""
        with self._taking:
            shards_left = bool(self._queue)
        if shards_left:
            helper = threading.Thread(target=self._index_pending, name="pagefind-2", daemon=True)
            self._threads.append(helper)
            helper.start()
        self._join()
        if self.error is not None:
            raise self.error

    def finish(self) -> IndexSummary:
        """Wait for the shards, merge them (unless this merge is kept) and name the bundle's files."""
        self.wait_for_shards()
        if not (self.merged / "pagefind-entry.json").is_file():
            bundle = self.work_dir / "merged"
            try:
                search_bundle.merge([s.bundle for s in self.shards], bundle, self.sorts, INDEX_CHUNK_BYTES)
            except search_bundle.UnsupportedBundle as exc:
                raise SearchIndexError(str(exc)) from None
            _keep(bundle, self.merged)
        if self.cache_dir is not None:  # only the newest index is worth keeping
            _drop_all_but(self.cache_dir, {"shards", "merged", self.fragments.name})
            _drop_all_but(self.cache_dir / "shards", {s.bundle.name for s in self.shards})
            _drop_all_but(self.cache_dir / "merged", {self.merged.name})
            if self.pending:
                _drop_unlinked(self.fragments)
        summary = IndexSummary(self.records, shards=len(self.shards), shards_indexed=len(self.pending))
        for folder, _folders, names in os.walk(self.merged):
            into = os.path.relpath(folder, self.merged)
            for name in names:
                summary.files[os.path.normpath(os.path.join(BUNDLE_DIR, into, name))] = Path(folder, name)
        return summary

    def cancel(self) -> None:
        self._cancelled.set()
        with self._starting:
            for process in self.processes:
                if process.poll() is None:
                    process.kill()
        self._join()


def start_index(search_records: list[SearchRecord], renderer: Renderer, work_dir: Path,
                cache_dir: Path | None = None) -> IndexJob:
    """Start indexing the records with Pagefind; see `IndexJob`.

    Each record of a shard to index becomes a small page (theme/templates/search_record.html)
    in `work_dir`, which the Pagefind CLI indexes, a shard at a time. (Pagefind's Python API answers
    about ten requests a second, so 10,000 records would take 17 minutes; the CLI takes
    seconds.) With `cache_dir`, each shard's bundle is kept under the hash of its
    records, the record template, the code and the Pagefind binary, and the merged bundle under the
    hash of them all: a build whose records did not change (most story edits: only a
    story's opening is indexed) links the kept bundle; a changed record re-indexes
    its shard only. The sort order is not in the record pages (a profile's place in
    it moves whenever a profile is added) but given to the merge.
    """
    count = shard_count(len(search_records))
    grouped: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in search_records:
        grouped[shard_of(record.url, count)].append(record)
    grouped = [records for records in grouped if records] or [[]]  # no records: Pagefind says so
    # (a build with no public profile makes no index and does not come here)
    signature = digest_bytes(code_fingerprint().encode(), _binary_signature(),
                             (renderer.templates_dir / "search_record.html").read_bytes())
    sorts = {name: [r.url for r in sorted(search_records, key=lambda r: r.sort[name])]
             for name in sorted({name for r in search_records for name in r.sort})}
    kept = cache_dir or work_dir / "kept"
    shards = []
    # What a record's page is made of, hashed; kept from the last build of this process while the
    # record is the same (common/products.py), so a save does not hash the text of every record.
    kept_digests = products("search record digests", work.KEYS)
    for records in grouped:
        # A shard's key: what its record pages are made of (rendered only if it must be indexed).
        key = digest_bytes(signature.encode(), *(
            kept_digests.get(r.url, (r.content, r.meta, r.filters),
                             lambda: digest_bytes(repr((r.url, r.content, r.meta, r.filters)).encode())).encode()
            for r in sorted(records, key=lambda r: r.url)))
        shards.append(Shard(key, records, kept / "shards" / key))
    merged_key = digest_bytes(signature.encode(), *(s.key.encode() for s in shards),
                              repr(sorted(sorts.items())).encode())
    merged = kept / "merged" / merged_key
    return IndexJob(len(search_records), shards, sorts, merged, renderer, work_dir, cache_dir)


def _keep(bundle: Path, kept: Path) -> None:
    """Keep `bundle` as `kept`, complete or not at all: a finished folder renamed into place."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    if kept.is_dir():
        return  # another build kept the same bundle first; either copy is the same
    staging = Path(tempfile.mkdtemp(prefix=".keeping-", dir=kept.parent))
    try:
        try:
            os.rename(bundle, staging / "bundle")
        except OSError:  # another file system
            shutil.copytree(bundle, staging / "bundle")
        try:
            os.rename(staging / "bundle", kept)
        except OSError:
            if not kept.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _share_fragments(bundle: Path, pool: Path) -> None:
    """Make each fragment file of a shard Pagefind just indexed the very file (one inode) that an
    earlier shard had with the same bytes, and put the others into `pool` for the next.

    A shard is indexed again whenever one of its records changes, and Pagefind writes all its
    fragments anew: a renamed field (in the records of a tenth of the profiles, spread over every
    shard) re-indexes every shard, and the site's 10,000 fragment files were all new files to the
    writer (pipeline/output.py knows a cached file by its inode), written again though 9,000 were
    the same bytes. With the pool the unchanged ones stay the files the site has, and only the
    changed profiles' fragments are written. Named by the digest of their bytes, not by Pagefind's
    name: that is 7 hex digits, which two different fragments may share (bundle.merge)."""
    if not (bundle / "fragment").is_dir():
        return
    pool.mkdir(parents=True, exist_ok=True)
    for fragment in (bundle / "fragment").iterdir():
        pooled = pool / f"{hashlib.sha256(fragment.read_bytes()).hexdigest()}{fragment.suffix}"
        try:
            os.link(fragment, pooled)  # new bytes: the pool has them from now on
        except FileExistsError:
            replacing = fragment.with_name(f".{fragment.name}.shared")
            try:
                os.link(pooled, replacing)
            except OSError:  # just dropped by another build (`_drop_unlinked`): this shard keeps its own
                continue
            os.replace(replacing, fragment)
        except OSError:  # links not possible here: every shard keeps its own files
            return


def _drop_unlinked(pool: Path) -> None:
    """Drop the pooled fragments no kept shard and no site links any more (one link: the pool's)."""
    if not pool.is_dir():
        return
    with os.scandir(pool) as entries:
        for entry in entries:
            if entry.stat().st_nlink == 1:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


# A kept bundle that no build has used for this long is dropped. Not at once: two builds of two
# sites may share one cache (a national edition of many provinces), and each must not drop the
# shards the other is about to link.
UNUSED_FOR = 24 * 3600  # seconds


def _drop_all_but(folder: Path, keep: set[str]) -> None:
    """Drop what this build did not use and no build used for UNUSED_FOR seconds; mark what it
    used as used now (its folder's modification time)."""
    if not folder.is_dir():
        return
    now = time.time()
    unused_for = UNUSED_FOR
    for older in folder.iterdir():
        if older.name.startswith("."):
            continue
        if older.name in keep:
            os.utime(older, (now, now))
        elif now - older.stat().st_mtime > unused_for:
            shutil.rmtree(older, ignore_errors=True)


def _binary_signature() -> bytes:
    """Which Pagefind made a kept bundle: its executable's size and modification time."""
    binary = pagefind_binary()
    try:
        st = binary.stat()
    except OSError as exc:
        raise SearchIndexError(_("Pagefind could not build the search index: cannot run {program}: {reason}",
                                 program=binary, reason=exc)) from None
    return f"{st.st_size}:{st.st_mtime_ns}".encode()


def pagefind_binary() -> Path:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, else the one in the pagefind-bin-extended wheel."""
    from pagefind.service import get_executable  # the package's own lookup, same order

    found = get_executable()
    if found is None:
        raise SearchIndexError(_("Pagefind could not build the search index: no Pagefind binary found; "
                                 "install it with: pip install -c constraints.txt -e ."))
    return Path(found)


# --- The search page ----------------------------------------------------------------------


def search_page(publication: Publication, renderer: Renderer, labels: dict) -> Document:
    """`/tim-kiem/`: the form, the facets with their counts, and the script's settings.

    With no public profile there is no index (`build.py` makes none): the page says that
    nothing is published yet, and its script has no bundle to load."""
    words = labels["search"]
    page_facets = facets(publication, labels)
    settings = {
        "bundle": BUNDLE_DIR + "/" if publication.profiles else None,
        "names": f"{BUNDLE_DIR}/{suggest.NAMES_FILE}",  # loaded only when a query finds (nearly) nothing
        "root": "../",  # the site root, relative to this page
        "pageSize": 10,
        "facets": [{"key": f.key, "label": f.label} for f in page_facets],
        "labels": {k: v for k, v in words.items() if isinstance(v, str)},
    }
    body = renderer.render("search.html", SEARCH_URL, facets=page_facets, total=len(publication.profiles),
                           settings=settings)
    head = renderer.render("search_head.html", SEARCH_URL)
    return Document(SEARCH_URL, words["title"], words["description"], body, head=head)
