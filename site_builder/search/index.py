"""Stage: site search — a Pagefind index of the public profiles, and the search page.

The index is written into the built site (`pagefind/`) from `Publication.profiles`
only, so a withheld profile or a `private:` value can never be found. Each
profile is one record, written as a small page (theme/templates/search_record.html)
that the Pagefind CLI indexes:

* content: name, summary, facts, achievements, the story's opening, awards and
  members as plain text in `search_text.index_form` (tones placed one way, "đ"
  marked), so Pagefind's own accent folding covers the rest of Vietnamese;
* meta: what a result shows (name, photo, kind, locality) and `keys`: the name
  from each word on ("nzthizhoaz"), its words spelled with accents (hashed) and
  word pairs ("pzthanhzlong"), which the search page asks for to rank name
  matches, exact spellings and phrases first;
* filters: the facets (kind, field, movement, locality, year, award), keyed by
  the same URL parameters the search page reads (`?linh-vuc=nong-nghiep`);
* sort: the profile's place in Vietnamese alphabetical order, for browsing (given to
  the merge of the index shards, not written in the record page).

The page `/tim-kiem/` is rendered from theme/templates/search.html; its script
(theme/overrides/assets/javascripts/dh-search.js) loads Pagefind only when the
reader searches. Pagefind's own ready-made interfaces are not used and not shipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html.parser
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..common import stage_clock, work
from ..common.caches import Memo, code_fingerprint
from ..common.files import digest_bytes
from ..common.messages import _
from ..common.parallel import map_on_cores
from ..common.paths import PACKAGE_DIR
from ..common.products import products
from ..content.model import Profile
from ..content.text import format_date
from ..media.photos import PhotoSet
from ..public.gate import Publication
from ..public.groupings import groupings
from ..public.places import ProfilePlace, now_places
from ..public.views import colour_for, initials
from ..site.documents import Document
from ..site.renderer import Renderer
from . import bundle as search_bundle
from . import suggest
from .folding import index_form, name_keys, phrase_keys, spelled_name_keys

SEARCH_URL = "tim-kiem/"
BUNDLE_DIR = "pagefind"  # Pagefind's files, inside the site
LANGUAGE = "vi"
THUMBNAIL_WIDTH = 480  # the smallest rendition the media stage makes
# How much of a story is indexed. Pagefind stores every position of every word, so the
# chunk of a common word ("thị", "nguyễn") grows with the text indexed: with whole
# 600-word stories a first query at 10,000 profiles fetched about 670 KB. Name, summary,
# facts, achievements, awards and members are indexed in full; the story's opening is
# what a search result can show anyway.
STORY_WORDS = 60
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


# --- Facets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    code: str
    name: str
    count: int  # public profiles with this value, in the whole collection


@dataclass(frozen=True)
class OptionGroup:
    """Options shown together: under an <optgroup> named `label`, or, with no label, on their own."""

    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter and Pagefind filter name, e.g. "linh-vuc"
    label: str
    groups: tuple[OptionGroup, ...]

    @property
    def options(self) -> tuple[FacetOption, ...]:
        return tuple(option for group in self.groups for option in group.options)


FacetValues = Callable[[Profile], Iterable[str]]

# The search page's filters, in the order it shows them: (grouping key, label key in labels.search.facets).
FACETS = (("kinds", "kind"), ("fields", "field"), ("movements", "movement"), ("localities", "locality"),
          ("years", "year"), ("awards", "award"))


def _facet_values(publication: Publication) -> list[tuple[str, str, list[tuple[str, str]], FacetValues]]:
    """(filter name, label key, [(code, name)] in display order, values of a profile) for every facet.

    The locality filter finds a profile by every place it is in, then and now (`ProfilePlace.every_code`:
    choosing Tỉnh Lâm Đồng finds a 2023 profile of the former Huyện Hàm Thuận Bắc, Tỉnh Bình Thuận);
    its options are grouped by current unit in `facets`."""
    every = groupings(publication)
    tax = publication.content.taxonomies
    places = {p.slug: publication.places[p.slug].every_code() for p in publication.profiles}
    made = []
    for key, label_key in FACETS:
        grouping = every[key]
        if key == "localities":
            options = [(loc.code, loc.name) for loc in tax.localities.values()]
            made.append((grouping.prefix, label_key, options, lambda p: places.get(p.slug, ())))
        else:
            made.append((grouping.prefix, label_key, [(t.code, t.label) for t in grouping.terms], grouping.members))
    return made


def facets(publication: Publication, labels: dict) -> tuple[Facet, ...]:
    """The search page's facets, with counts over all public profiles; empty options left out.

    The locality facet offers the current units, each as a group with the former places that count
    under it (public/places.py), dated: "Tỉnh Lâm Đồng" › "Tỉnh Bình Thuận (đến 30/06/2025)"."""
    result = []
    for key, label_key, options, values in _facet_values(publication):
        counts: dict[str, int] = {}
        for profile in publication.profiles:
            for code in values(profile):
                counts[code] = counts.get(code, 0) + 1
        label = labels["search"]["facets"][label_key]
        if label_key == "locality":
            groups = _locality_groups(publication, counts, labels)
        else:
            groups = (OptionGroup("", tuple(FacetOption(code, name, counts[code])
                                            for code, name in options if counts.get(code))),)
        result.append(Facet(key, label, groups))
    return tuple(result)


def _locality_groups(publication: Publication, counts: dict[str, int], labels: dict) -> tuple[OptionGroup, ...]:
    """One group per current unit with profiles: the unit, then each former place counting under it."""
    localities, today = publication.content.taxonomies.localities, publication.today
    under: dict[str, list[FacetOption]] = {}
    for loc in localities.values():
        now = now_places(localities, loc.code, today)
        if not counts.get(loc.code) or not now:
            continue
        former = now[0].code != loc.code and loc.valid_to
        name = labels["search"]["former_option"].format(name=loc.name, date=format_date(loc.valid_to)) \
            if former else loc.name
        under.setdefault(now[0].code, []).append(FacetOption(loc.code, name, counts[loc.code]))
    current = groupings(publication)["localities"].terms
    return tuple(OptionGroup(term.name, tuple(sorted(under[term.code], key=lambda o: o.code != term.code)))
                 for term in current if term.code in under)


def profile_filters(facet_values: list[tuple[str, str, list[tuple[str, str]], FacetValues]],
                    profile: Profile) -> dict[str, list[str]]:
    """A profile's facet values; `facet_values` is `_facet_values(publication)`, made once per build."""
    filters = {key: list(values(profile)) for key, _, _, values in facet_values}
    return {key: codes for key, codes in filters.items() if codes}


# --- Records ------------------------------------------------------------------------------


class _TextOnly(html.parser.HTMLParser):
    """The text of sanitised story HTML, block elements separated."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def story_text(story_html: str) -> str:
    """The words of a story, from the HTML rendered and sanitised once at validation."""
    parser = _TextOnly()
    parser.feed(story_html)
    parser.close()
    return " ".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())


def _sentence(text: str) -> str:
    """End a piece of text with a full stop, so Pagefind's excerpts do not run two fields together."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…:;" else text + "."


@dataclass(frozen=True)
class SearchRecord:
    """One profile as Pagefind sees it (see the module docstring)."""

    url: str  # site-relative, "ho-so/nguyen-thi-hoa/"
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str] = field(default_factory=dict)


def records(publication: Publication, photo_sets: dict[str, PhotoSet], memo: Memo | None = None) -> list[SearchRecord]:
    """A record per public profile, in Vietnamese alphabetical order.

    A record's text and keys cost most of this stage (folding, word pairs); with
    `memo` they are kept between builds under the profile's file digest and the
    taxonomy names they show, so an unchanged profile is not worked out again.
    """
    tax = publication.content.taxonomies
    width = len(str(len(publication.profiles)))
    facet_values = _facet_values(publication)
    names = digest_bytes(*(repr(mapping).encode()  # every name a record can show
                           for mapping in (tax.kinds, tax.localities, tax.fields, tax.movements, tax.units, tax.awards)))
    memo = memo or Memo(None)
    # What a place is now depends on the publication's date too: the names are in each key.
    places = publication.places
    # The keys, and the records below, are those of the last build of this process while what they
    # are made of is the same (common/products.py).
    kept_keys, kept_records = products("search keys", work.KEYS), products("search records", work.SEARCH_RECORDS)
    keys_of = [kept_keys.get(p.slug, (p, names, places[p.slug]), lambda: digest_bytes(
                   p.fingerprint.encode(), p.slug.encode(), names.encode(), repr(places[p.slug].every_name()).encode()))
               if p.fingerprint else "" for p in publication.profiles]
    # Profiles not in the memo (a first build, a new code version) are worked out on every core.
    missing = [p for p, key in zip(publication.profiles, keys_of) if not key or key not in memo]
    work.count(work.SEARCH_RECORDS, len(missing))
    made = dict(zip((p.slug for p in missing),
                    map_on_cores(lambda p: _text_and_keys(publication, p, places[p.slug]), missing, PARALLEL_FROM)))
    result = []
    for rank, (p, key) in enumerate(zip(publication.profiles, keys_of)):
        # Its rank in the A–Z order moves with every profile added before it: set apart, not remade.
        sort = {"ten": str(rank).zfill(width)}
        content_and_keys = memo.get(key, lambda: made[p.slug]) if key else made[p.slug]
        photo = next((photo_sets[ph.relative] for ph in p.photos if ph.relative in photo_sets), None)
        record = kept_records.get(p.slug, (p, content_and_keys, places[p.slug], photo, names),
                                  lambda: _record(p, content_and_keys, places[p.slug], photo, tax, facet_values, sort))
        result.append(record if record.sort == sort else dataclasses.replace(record, sort=sort))
    memo.save()
    return result


def _record(p: Profile, content_and_keys: tuple[str, str], place: ProfilePlace, photo: PhotoSet | None,
            tax, facet_values: list, sort: dict[str, str]) -> SearchRecord:
    """A profile's search record, from its text and keys."""
    content, keys = content_and_keys
    meta = {
        "title": index_form(p.name),
        "name": p.name,
        "kind": tax.kinds[p.kind].name,
        "place": place.recorded.place.label if place.recorded else "",
        "keys": keys,
    }
    if place.now_part_of:  # shown as "Hàm Thuận Bắc (nay thuộc Tỉnh Lâm Đồng)"
        meta["now"] = "; ".join(chain.place.name for chain in place.now_part_of)
    if photo is not None:
        thumb = photo.best("webp", THUMBNAIL_WIDTH)
        meta.update(image=thumb.url, image_width=str(thumb.width), image_height=str(thumb.height))
    else:
        meta.update(initials=initials(p.name), colour=colour_for(p.name))
    return SearchRecord(url=f"ho-so/{p.slug}/", content=content, meta=meta, filters=profile_filters(facet_values, p),
                        sort=sort)


def _text_and_keys(publication: Publication, p: Profile, place: ProfilePlace) -> tuple[str, str]:
    """The text Pagefind indexes for a profile, and its ranking keys (see the module docstring).
    Its place is there as recorded and as it is now, each with its parents ("Huyện Hàm Thuận Bắc,
    Tỉnh Bình Thuận, Tỉnh Lâm Đồng"), so the old and the new names both find it."""
    tax = publication.content.taxonomies
    kind = tax.kinds[p.kind].name
    place_names = place.every_name()
    locality = ", ".join(place_names)
    facts = [kind, locality, *(tax.fields[c].name for c in p.fields),
             *(tax.movements[c].name for c in p.movements),
             tax.units[p.unit].name if p.unit in tax.units else "", str(p.year)]
    story = story_text(p.story_html).split()
    parts = [p.name, p.summary, ", ".join(f for f in facts if f), *p.achievements,
             " ".join(story[:STORY_WORDS]) + (" …" if len(story) > STORY_WORDS else ""),
             *(g.award.name for g in p.awards),
             *(f"{m.name} {m.role}".strip() for m in p.members)]
    content = " ".join(_sentence(index_form(part)) for part in parts if part.strip())
    phrase_sources = [p.name, p.summary, *p.achievements, *(tax.fields[c].name for c in p.fields),
                      *(tax.movements[c].name for c in p.movements), *place_names]
    keys = list(dict.fromkeys(name_keys(p.name) + spelled_name_keys(p.name)
                              + [k for text in phrase_sources for k in phrase_keys(text)]))
    return content, " ".join(keys)


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
# Below this many records to work out, a second process costs more than it saves.
PARALLEL_FROM = 200


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
        # The shard's words decoded once, ready to merge: in a process of its own, on the other core.
        with (work / "describe.log").open("w+", encoding="utf-8") as said_file:
            describing = subprocess.Popen([sys.executable, "-m", "site_builder.search.bundle", "describe", str(bundle)],
                                          stdout=said_file, stderr=subprocess.STDOUT, text=True, cwd=PACKAGE_DIR.parent)
            if stage_clock.wait_measured(describing) != 0:
                said_file.seek(0)
                raise SearchIndexError(_("the search index shard could not be read: {reason}",
                                         reason=said_file.read().strip()[-2000:]))
        _keep(bundle, shard.bundle)

    def finish(self) -> IndexSummary:
        """Wait for the shards, merge them (unless this merge is kept) and name the bundle's files."""
        with self._taking:
            shards_left = bool(self._queue)
        if shards_left:  # the build only waits now: a second Pagefind run at a time
            helper = threading.Thread(target=self._index_pending, name="pagefind-2", daemon=True)
            self._threads.append(helper)
            helper.start()
        self._join()
        if self.error is not None:
            raise self.error
        if not (self.merged / "pagefind-entry.json").is_file():
            bundle = self.work_dir / "merged"
            try:
                search_bundle.merge([s.bundle for s in self.shards], bundle, self.sorts, INDEX_CHUNK_BYTES)
            except search_bundle.UnsupportedBundle as exc:
                raise SearchIndexError(str(exc)) from None
            _keep(bundle, self.merged)
        if self.cache_dir is not None:  # only the newest index is worth keeping
            _drop_all_but(self.cache_dir, {"shards", "merged"})
            _drop_all_but(self.cache_dir / "shards", {s.bundle.name for s in self.shards})
            _drop_all_but(self.cache_dir / "merged", {self.merged.name})
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
