"""The publishing pipeline, in order: one function, one stage per step.

    load + validate -> gate -> media -> pages -> engine -> extra files -> output

Nothing in the output folder changes until every file of the build is on disk
(pipeline/output.py): a first build is swapped in whole, a rebuild applies
the files that changed. A failed build leaves the published site exactly as it
was. A lock file keeps two builds from running at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import fcntl
import gc
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..cms import admin as editor_admin
from ..common import products, work
from ..common.caches import Memo, cycle_collector_paused, cycle_collector_resumed
from ..common.files import digest_bytes, make_folders, write_atomically
from ..common.messages import _
from ..common.paths import PROJECT_DIR
from ..common.stage_clock import StageClock
from ..content.addresses import record_addresses
from ..content.diagnostics import ContentError, raise_for_problems
from ..content.load import load_content
from ..contest.load import check_contests
from ..contest.public import public_contest
from ..engine import mkdocs as engine
from ..media.photos import process_photos
from ..media.video import process_recordings
from ..press import contest_data, event_data
from ..press.head import add_head_tags
from ..press.kit import DATA_URL, PRESS_URL, make_press_kit
from ..press.reportage import episode_structured_data, reportage_files, sitemap_videos
from ..press.sitemap import discovery_files
from ..public.gate import NO_DATE, Publication, publish, withheld_summary
from ..public.honours import public_events
from ..public.reportage import publish_reportage
from ..search import index as search
from ..search import suggest as search_suggest
from ..search.records import records as search_records_of
from ..search.reportage import with_reportage
from ..site import contests as contest_pages
from ..site import events as site_events
from ..site import pages, statistics
from ..site.documents import SiteBuildPlan
from ..site.renderer import Renderer, load_labels
from ..site.reportage import add_reportage_pages, episode_views, reportage_photos
from ..yearbook import site as yearbook_site
from ..yearbook.reportage import book_reportage
from . import compress, finished, output
from .changed_first import LastPages


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    today: dt.date
    project_dir: Path = PROJECT_DIR  # where theme/ and the engine's settings live
    cache_dir: Path | None = None  # default: <project>/.cache
    strict: bool = False  # warnings count as errors
    yearbook: bool = True  # the live preview skips it: a PDF layout per save would be too slow
    # content/addresses.yml gets the addresses this build gave; the live preview records none (a
    # preview publishes nothing, and a write into the watched folder would start another rebuild).
    record_addresses: bool = True
    drafts: bool = False  # `serve --drafts`: drafts and profiles in review shown, with a banner; never a build
    cms_local_backend: str | None = None  # `serve --cms`: /quan-tri/ saves through decap-server at this URL
    # .gz and .br copies of the text files (pipeline/compress.py), unless site.yml says `precompress: false`;
    # the live preview makes none: its own server sends files as they are.
    precompress: bool = True

    @property
    def cache(self) -> Path:
        return self.cache_dir or (self.project_dir / ".cache")


@dataclass
class BuildSummary:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    profiles_published: int = 0
    profiles_withheld: int = 0
    withheld: str = ""  # how many are withheld, by reason: "5 withheld (2 draft, 1 embargo, …)"
    photos_encoded: int = 0
    recordings_encoded: int = 0  # films and radio pieces encoded in this run; the others came from the cache
    pages_rendered: int = 0  # pages rendered in this run; the others were unchanged
    yearbooks: int = 0  # yearbook editions built (EPUB + PDF each)
    search_shards: int = 0  # the search index's shards, and how many Pagefind indexed in this run
    search_shards_indexed: int = 0
    files_written: int = 0  # files written into the output in this run: all (a first build) or the changes
    files_deleted: int = 0  # files of the last build that this one no longer makes
    # The per-profile work done, by kind (common/work.py): what a save costs, counted, not timed.
    work: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class BuildError(Exception):
    """A build that could not finish; the previous output is untouched."""


Progress = Callable[[str], None]


def _no_progress(message: str) -> None:
    pass


@contextlib.contextmanager
def exclusive_lock(out_dir: Path):
    """One build per output folder at a time; a second one stops with a message."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildError(
                    _("another build is writing {folder} right now (lock {lock}); "
                      "wait for it to finish and run the command again", folder=out_dir, lock=lock_path)
                ) from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_previous_output(record: Path, out_dir: Path) -> output.OutputRecord | None:
    """The record of the build that made `out_dir`, if `out_dir` is still exactly that."""
    try:
        previous = pickle.loads(record.read_bytes())
        # A record written by code whose records had other fields (pickle restores only the fields
        # it had) is not used: the build is then a first build.
        if (isinstance(previous, output.OutputRecord) and out_dir.is_dir()
                and all(hasattr(previous.engine, f.name) for f in dataclasses.fields(previous.engine))
                and previous.signature == output.folder_signature(out_dir)):
            return previous
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    return None


def kept_output(kept: output.KeptRecord, out_dir: Path) -> output.OutputRecord | None:
    """The record kept in memory, if `out_dir` is still exactly what it describes."""
    if kept.record is not None and out_dir.is_dir() and kept.record.signature == output.folder_signature(out_dir):
        return kept.record
    return None


def save_output_record(record: Path, out_dir: Path, result: engine.EngineResult, writer: output.SiteWriter) -> None:
    made = output.OutputRecord(output.folder_signature(out_dir), result.output, writer.files)
    write_atomically(record, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))


def remove_abandoned_work(cache: Path) -> None:
    """Remove the work folders of builds that are no longer running (killed before they could
    clean up); a build that is running keeps its own."""
    for folder in cache.glob("work-*"):
        pid = folder.name.split("-")[1]
        if not pid.isdigit() or not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def new_staging_folder(out_dir: Path) -> Path:
    """An empty folder beside the output. Not `tempfile.mkdtemp`: its folder is private (0700),
    and a first build's staging folder becomes the output, which a web server must read."""
    staging = out_dir.with_name(f".{out_dir.name}.staging-{os.getpid()}-{time.monotonic_ns()}")
    make_folders(staging)  # 0755, whatever the umask
    return staging


def engine_site(publication: Publication, plan: SiteBuildPlan, labels: dict) -> engine.EngineSite:
    site = publication.content.site
    nav_docs = sorted((d for d in plan.documents if d.in_nav), key=lambda d: (d.nav_order, d.url))
    return engine.EngineSite(
        name=site.title,
        url=site.base_url,
        description=site.description,
        copyright=site.copyright,
        extra={
            "sample_notice": site.sample_notice if site.sample else "",
            "sample_badge": labels["sample_badge"],
            "council": site.council,
            "footer_note": site.footer_note,
            "text_licence": {"name": site.text_licence.name, "url": site.text_licence.url},
            "photo_licence": {"name": site.photo_licence.name, "url": site.photo_licence.url},
            "feed_title": labels["press_kit"]["feed_title"].format(site=site.title),
            "search_box_label": labels["search"]["box_label"],
        },
        nav=tuple((d.in_nav, d.url) for d in nav_docs),
        date=publication.newest_update or NO_DATE,
    )


@contextlib.contextmanager
def settled_objects_frozen():
    """Yields `settle()`: objects alive when it is called are left out of later cycle collections;
    and the cycle collector paused for the build.

    Python's cycle collector walks every live object on each full collection, and
    the heap grows for most of a build (ten thousand profiles, their views, their
    pages' plans), so full collections keep coming: about a quarter of a rebuild's
    time at 10,000 profiles. The content and the plan live to the end of the build
    anyway. Even so, the collector's passes were about 0.85 s of a 7.3 s `build` after one
    edit at 10,000, and found nothing to free (a build makes long-lived objects, and next to no
    cycles: no more memory at its peak with the collector off): it is paused, as
    `common.caches.cycle_collector_paused` does for reading the caches, but for the yearbook's
    layout (WeasyPrint does make cycles: 4b below); the workers a build starts collect their own
    (common/parallel.py). On exit the objects are handed back to the
    collector (`gc.unfreeze`), and it runs again as before, so that a preview server, which
    builds again and again, does not keep them forever.
    """
    with cycle_collector_paused():
        try:
            yield gc.freeze
        finally:
            gc.unfreeze()


def build_site(options: BuildOptions, progress: Progress = _no_progress,
               kept: output.KeptRecord | None = None) -> BuildSummary:
    """Build the site; with `kept` (pipeline/resident.py: the preview), the record of the last
    output is taken from and left in memory instead of the cache folder."""
    with work.counting() as counts, products.one_build():
        summary = _build_site(options, progress, kept)
    counts[work.PAGES_RENDERED] += summary.pages_rendered
    counts[work.FILES_WRITTEN] += summary.files_written
    summary.work = dict(counts)
    return summary


def _build_site(options: BuildOptions, progress: Progress, kept: output.KeptRecord | None) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary()
    clock = StageClock()  # SITE_BUILDER_PROFILE=stages: where the time goes, printed at the end
    out_dir = options.out_dir.resolve()
    with exclusive_lock(out_dir), settled_objects_frozen() as settle:
        # 0. A change set whose apply was cut short (a power cut) is finished first.
        if output.finish_interrupted_changes(out_dir):
            progress(_("finished applying the changes of a build that was cut short"))
        finished.forget(out_dir)  # a deploy refuses the folder until this build ends well

        # 1. Load and validate all content; any error stops here, nothing written.
        progress(_("checking content"))
        content, problems = load_content(options.content_dir, cache_dir=options.cache)
        contests = check_contests(content, problems, options.today) if content is not None else []
        raise_for_problems(problems, options.strict)
        assert content is not None
        summary.warnings.extend(str(p) for p in problems.warnings)
        settle()
        clock.mark("content checked")

        # 2. The editorial gate: from here on only public profiles exist.
        publication = publish(content, options.today, drafts=options.drafts)
        summary.profiles_published = len(publication.profiles)
        summary.profiles_withheld = len(publication.withheld)
        summary.withheld = withheld_summary(publication)
        progress(_("{public} profiles public, {withheld}", public=len(publication.profiles), withheld=summary.withheld))

        # 3. Public films and radio pieces -> renditions; then the photos of public profiles and events,
        #    the films' poster frames and the photo stories' photos -> renditions (all cached by content hash).
        #    A contest's winners published with their authors' consent go with them: their recordings
        #    as the films, their photos as the profiles' (contest/public.py says which).
        reportage = publish_reportage(publication)
        public_contests = [public_contest(c, publication) for c in contests]
        contest_media = contest_pages.published_media(public_contests)
        recordings = process_recordings([*reportage.items, *(m for m in contest_media if m.file)],
                                        options.cache / "recordings", content.site, progress)
        if recordings.problems:
            raise ContentError(recordings.problems)
        summary.recordings_encoded = recordings.encoded
        events = public_events(publication)
        photos = [photo for p in publication.profiles for photo in p.photos]
        photos += [photo for event in events for photo in event.event.photos]
        progress(_("photos: {count}", count=len(photos)))
        media = process_photos(photos + reportage_photos(reportage, recordings.recordings)
                               + contest_pages.contest_photos(public_contests, recordings.recordings),
                               options.cache / "media", content.site.original_photo_download)
        # Each with its photos.
        media.raise_for_errors([*publication.profiles, *(event.event for event in events), *contest_media])
        summary.photos_encoded = media.encoded
        clock.mark("gate, recordings, photos")

        # 4. Pages, rendered by the templates in theme/templates.
        theme_dir = options.project_dir / "theme"
        labels = load_labels(theme_dir)
        renderer = Renderer(theme_dir / "templates", labels, content.site, options.cache / "templates")
        plan = pages.generate(publication, media.photos, renderer, labels)
        episodes = episode_views(reportage, recordings.recordings, media.photos, plan.views, labels)
        add_reportage_pages(plan, episodes, reportage, renderer, labels)
        plan.add(*statistics.documents(publication, renderer, labels))
        plan.add(*site_events.documents(events, publication, media.photos, renderer, labels))
        site_events.add_honours(plan, events, publication, renderer)
        plan.add(search.search_page(publication, renderer, labels))
        plan.add(*contest_pages.documents(public_contests, renderer, media.photos, recordings.recordings))
        # A free page may not take an address the site uses itself; said now, naming the file,
        # before the search index and the yearbook are made. The press, data and yearbook pages
        # are made further on, so their addresses are named here.
        clashes = pages.address_clashes(plan, {
            PRESS_URL: labels["press_kit"]["press_title"], DATA_URL: labels["press_kit"]["data_title"],
            yearbook_site.PAGE_URL: labels["yearbook"]["page_title"]})
        if clashes:
            raise ContentError(clashes)
        settle()
        clock.mark("page plan, statistics")

        # 4a. The search index, from the public profiles only (search/index.py). Pagefind
        #     runs in its own process while the yearbook, the press kit and the pages are made.
        #     With no public profile yet (a new site) there is nothing to index, and no index.
        options.cache.mkdir(parents=True, exist_ok=True)
        remove_abandoned_work(options.cache)
        # The engine's docs and Pagefind's input; named by this process, so that the next build
        # can tell it was abandoned when a build is killed outright (kill -9, a power cut).
        work_dir = Path(tempfile.mkdtemp(prefix=f"work-{os.getpid()}-", dir=options.cache))
        staging: Path | None = None
        indexing: search.IndexJob | None = None
        early_copies: compress.EarlyCopies | None = None
        copies_meanwhile: compress.CopiesMeanwhile | None = None
        try:
            search_records = with_reportage(search_records_of(publication, media.photos, Memo(options.cache / "search-records")),
                                            episodes)
            try:
                if search_records:
                    indexing = search.start_index(search_records, renderer, work_dir, options.cache / "search")
            except search.SearchIndexError as exc:
                raise BuildError(str(exc)) from None
            clock.mark("search records")

            # 4b. The yearbook editions (EPUB + PDF), downloadable from their own page. WeasyPrint's
            #     layout does make cycles: the collector runs meanwhile (the sample's two editions
            #     peaked 29 MB higher without it).
            yearbooks = yearbook_site.SiteYearbooks()
            if options.yearbook:
                with cycle_collector_resumed():
                    yearbooks = yearbook_site.build_for_site(
                        options.content_dir, publication, media, theme_dir, options.cache, labels, renderer,
                        options.today, progress, book_reportage(reportage, recordings.recordings, content.site.base_url))
            if yearbooks.document:
                plan.add(yearbooks.document)
            summary.yearbooks = len(yearbooks.results)
            clock.mark("yearbook")

            # 4c. For journalists and re-users: data files, feeds, share images, press and data pages.
            kit = make_press_kit(publication, media, plan, renderer, labels, theme_dir, options.cache, episodes)
            plan.add(*kit.documents)
            kit.json_ld.update(episode_structured_data(episodes, publication))
            kit.json_ld.update(event_data.json_ld(publication))  # each event page's schema.org Event
            progress(_("share images: {drawn} drawn, {cached} cached", drawn=kit.share_drawn, cached=kit.share_cached))
            clock.mark("press kit, open data, share images")

            # 4d. Every page is known now: each gets its head tags (the plan is sealed), and the
            #     sitemap lists them.
            plan = add_head_tags(plan, kit, publication, renderer, labels, options.cache)
            kit.files.update(discovery_files(plan, publication, labels, sitemap_videos(episodes, publication)))
            precompress = options.precompress and content.site.precompress
            if precompress:  # the largest (the open data, the sitemap) compressed while the pages are made
                early_copies = compress.EarlyCopies(kit.files.items(), options.cache)
            clock.mark("head tags, sitemap")

            # 5. The engine builds the pages into a staging folder beside the output: all of them,
            #    or, when the output is what the last build left, only those that changed.
            staging = new_staging_folder(out_dir)
            docs_dir = work_dir / "docs"
            docs_dir.mkdir()
            record = options.cache / "outputs" / f"{digest_bytes(str(out_dir).encode())[:16]}.pickle"
            previous = load_previous_output(record, out_dir) if kept is None else kept_output(kept, out_dir)
            writer = output.SiteWriter(staging, previous.files if previous else None)
            result = engine.build(plan.documents, plan.pending, renderer.render_pending,
                                  engine_site(publication, plan, labels), options.project_dir,
                                  docs_dir, staging, previous.engine if previous else None)
            writer.add_engine_files(result.files, result.written)
            summary.warnings.extend(f"{engine.ENGINE_NAME}: {w}" for w in result.warnings)
            summary.pages_rendered = result.rendered + result.filled
            progress(_("pages: {rendered} rendered, {unchanged} unchanged", rendered=result.rendered + result.filled,
                       unchanged=result.reused))
            clock.mark("pages rendered (engine)")

            # 6. Files outside the engine: photo renditions, open data, feeds, redirects, yearbooks.
            extra: dict[str, bytes | Path] = dict(media.files)
            extra.update(recordings.files)
            extra.update(reportage_files(episodes, publication, options.cache / "podcast-covers", theme_dir,
                                         labels["sample_badge"] if content.site.sample else ""))
            extra.update(kit.files)
            extra.update(contest_data.contest_files(public_contests, content.site, media.photos, recordings.recordings))
            extra.update(contest_pages.media_files(public_contests))
            extra.update(yearbooks.files)
            if publication.profiles:  # the names the search page suggests from, where there is an index
                extra[f"{search.BUNDLE_DIR}/{search_suggest.NAMES_FILE}"] = search_suggest.names_file(publication)
            if content.site.cms or options.cms_local_backend:  # the web editor, where site.yml asks for it
                try:
                    extra.update(editor_admin.site_files(content, theme_dir, labels, result.files,
                                                         options.cms_local_backend))
                except editor_admin.EditorError as exc:
                    raise BuildError(str(exc)) from None
            for redirect in plan.redirects:
                html = renderer.render("redirect.html", redirect.url, target=redirect.target,
                                       title=redirect.title,
                                       canonical=content.site.base_url + redirect.target)
                extra[f"{redirect.url}index.html"] = html.encode("utf-8")
            for path, data in sorted(extra.items()):
                writer.write(path, data)
            clock.mark("other files")

            # 6b. The search index joins the site once Pagefind is done. While its shards merge (one
            #     core busy) the text files made so far are compressed on the others.
            try:
                if indexing is not None:
                    indexing.wait_for_shards()
                if precompress:
                    assert early_copies is not None
                    copies_meanwhile = writer.start_compressing(out_dir, options.cache, early_copies.paths)
                index = indexing.finish() if indexing is not None else search.IndexSummary()
            except search.SearchIndexError as exc:
                raise BuildError(str(exc)) from None
            for path, source in sorted(index.files.items()):
                writer.link_file(path, source)
            index_bytes = sum(writer.files[path][1] for path in index.files)
            progress(_("search index: {profiles} profiles, {files} files, {megabytes} MB"
                       " ({indexed} of {shards} shard(s) indexed, the rest kept)", profiles=index.records,
                       files=len(index.files), megabytes=format(index_bytes / 1e6, ".1f"),
                       indexed=index.shards_indexed, shards=index.shards)
                     if indexing is not None else _("search index: none, no profile is public yet"))
            summary.search_shards, summary.search_shards_indexed = index.shards, index.shards_indexed
            clock.mark("search index: wait, merge")

            # 6c. Precompressed copies beside the text files, once every file is known.
            if precompress:
                assert early_copies is not None
                compressed, cached = writer.add_compressed(out_dir, options.cache, early_copies.wait(), copies_meanwhile)
                progress(_("precompressed copies (.gz, .br): {compressed} file(s) compressed, {cached} from the cache",
                           compressed=compressed, cached=cached))

            if options.strict and summary.warnings:
                raise BuildError(_("{count} warning(s) with --strict; the site was not replaced", count=len(summary.warnings)))

            # 7. Into place: the whole new site swapped in, or the changed files applied.
            summary.files, summary.bytes = len(writer.files), writer.total_bytes()
            summary.pages = len(plan.documents) + len(plan.pending)
            record.unlink(missing_ok=True)  # the output is about to change: forget the old record first
            if kept is not None:
                kept.record = kept.pages = None
            summary.files_written = writer.written
            if writer.changes_only:
                deleted = writer.deleted()
                summary.files_deleted = len(deleted)
                progress(_("output: {written} file(s) changed or new, {deleted} deleted, {unchanged} unchanged",
                           written=writer.written, deleted=len(deleted), unchanged=len(writer.files) - writer.written))
                applying, staging = staging, None  # from here on the journal owns the change set
                output.apply_changes(applying, out_dir, deleted)
            else:
                output.swap_into_place(staging, out_dir)
                staging = None
            finished.mark(out_dir, len(writer.files))
            if kept is None:
                save_output_record(record, out_dir, result, writer)
            else:
                kept.record = output.OutputRecord(output.folder_signature(out_dir), result.output, writer.files)
                kept.pages = LastPages(content, {Path(os.path.abspath(page.context["p"].source)): page
                                                 for page in plan.pending if page.template == "profile.html"},
                                       result.output.shells, renderer, media.photos, options.cache / "media",
                                       options.today, options.drafts)
            # 8. The addresses this build gave new profiles are theirs from now on (content/addresses.yml).
            if options.record_addresses:
                record_addresses(options.content_dir, content.addresses)
            clock.mark("output into place")
        except BaseException as exc:
            if indexing is not None:
                indexing.cancel()
            with contextlib.suppress(Exception):  # the build's own error is the one to tell
                if early_copies is not None:
                    early_copies.wait()
                if copies_meanwhile is not None:
                    copies_meanwhile.cancel()
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, output.OutputError):
                raise BuildError(str(exc)) from None
            raise
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    clock.print_report()
    return summary
