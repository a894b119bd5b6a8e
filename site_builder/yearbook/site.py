"""The yearbook in the two commands that make it.

- `site-builder build`: the current year's edition (when that year has
  public profiles) and every edition listed in content/yearbook/yearbook.yml,
  copied into the site under `ky-yeu/`, and the "Kỷ yếu" page that lists them.
  Content without content/yearbook/yearbook.yml has no yearbook and no page.
- `site-builder yearbook`: one edition, written to `--out` (default dist/).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image

from ..content.diagnostics import ContentError, Problems
from ..public.gate import Publication
from ..media.photos import MediaResult
from ..site.pages import Document, Renderer
from .book import FORMATS, Edition, YearbookSettings, load_settings, select, settings_exist
from .render import YearbookResult, render_yearbook

SITE_FOLDER = "ky-yeu"  # where the files live on the site
PAGE_URL = f"{SITE_FOLDER}/"
NAV_ORDER = 55  # after the sections (10…) and statistics (50, 51), before the free pages (100…)
COVER_THUMBNAIL_WIDTH = 240


@dataclass(frozen=True)
class DownloadView:
    url: str
    label: str
    note: str
    media_type: str


@dataclass(frozen=True)
class EditionView:
    title: str
    period: str
    profiles: int
    pages: int
    cover: str
    cover_width: int
    cover_height: int
    files: tuple[DownloadView, ...]


@dataclass
class SiteYearbooks:
    files: dict[str, bytes] = field(default_factory=dict)  # site url -> bytes
    document: Document | None = None
    results: list[YearbookResult] = field(default_factory=list)


def file_size(size: int) -> str:
    """Sizes as Vietnamese readers write them: 1,4 MB; 820 kB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def load_or_raise(content_root: Path, site_council: str) -> YearbookSettings:
    problems = Problems()
    settings = load_settings(content_root, site_council, problems)
    if problems.errors or settings is None:
        raise ContentError(problems.sorted())
    return settings


def site_editions(settings: YearbookSettings, today: dt.date) -> list[Edition]:
    """The current year, then the editions the settings list; each period once."""
    editions: list[Edition] = []
    for edition in (Edition.year(today.year), *settings.editions):
        if all(e.slug != edition.slug for e in editions):
            editions.append(edition)
    return editions


def _thumbnail(cover_jpeg: bytes) -> tuple[bytes, int, int]:
    with Image.open(io.BytesIO(cover_jpeg)) as image:
        height = round(image.height * COVER_THUMBNAIL_WIDTH / image.width)
        small = image.convert("RGB").resize((COVER_THUMBNAIL_WIDTH, height), Image.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue(), COVER_THUMBNAIL_WIDTH, height


def build_for_site(content_root: Path, publication: Publication, media: MediaResult, theme_dir: Path,
                   cache_dir: Path, labels: dict, renderer: Renderer, today: dt.date,
                   progress: Callable[[str], None]) -> SiteYearbooks:
    """Every edition of the yearbook and the page that lists them (nothing without yearbook.yml)."""
    result = SiteYearbooks()
    if not settings_exist(content_root):
        progress("yearbook: no content/yearbook/yearbook.yml, no yearbook")
        return result
    settings = load_or_raise(content_root, publication.content.site.council)
    y = labels["yearbook"]
    views = []
    for edition in site_editions(settings, today):
        if not select(publication, edition).profiles:
            progress(f"yearbook {edition.slug}: no public profile in this period, no edition")
            continue
        made = render_yearbook(publication, settings, edition, media.photos, media.files, theme_dir,
                               cache_dir, labels)
        result.results.append(made)
        progress(f"yearbook {made.base_name}: {made.profiles} profiles, {made.pages} pages, "
                 f"{made.seconds:.1f} s{' (PDF from cache)' if made.pdf_cached else ''}")
        downloads = []
        for name, data in sorted(made.files.items()):
            url = f"{SITE_FOLDER}/{name}"
            result.files[url] = data
            if name.endswith(".epub"):
                downloads.append(DownloadView(url, y["download_epub"], y["epub_note"].format(size=file_size(len(data))),
                                              "application/epub+zip"))
            else:
                downloads.append(DownloadView(url, y["download_pdf"], y["pdf_note"].format(size=file_size(len(data))),
                                              "application/pdf"))
        cover, width, height = _thumbnail(made.cover_jpeg)
        cover_url = f"{SITE_FOLDER}/{made.base_name}.jpg"
        result.files[cover_url] = cover
        views.append(EditionView(made.title, made.period, made.profiles, made.pages, cover_url, width, height,
                                 tuple(sorted(downloads, key=lambda d: d.media_type))))
    body = renderer.render("yearbook.html", PAGE_URL, title=y["page_title"], editions=views, y=y)
    result.document = Document(PAGE_URL, y["page_title"], y["page_description"], body,
                               in_nav=y["nav"], nav_order=NAV_ORDER)
    return result


def parse_formats(value: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ValueError(f"unknown format '{','.join(unknown) or value}'; use epub, pdf or epub,pdf")
    return wanted


def command_edition(args, settings: YearbookSettings) -> Edition:
    """The period asked for on the command line: --year, or --from and --to, or the current year."""
    if args.start or args.end:
        if not (args.start and args.end):
            raise ValueError("give both --from and --to (dd/mm/yyyy), or --year")
        if args.end < args.start:
            raise ValueError(f"--to {args.end:%d/%m/%Y} is before --from {args.start:%d/%m/%Y}")
        listed = next((e for e in settings.editions if (e.start, e.end) == (args.start, args.end)), None)
        return listed or Edition(args.start, args.end)
    year = args.year if args.year is not None else args.today.year
    listed = next((e for e in settings.editions if e.slug == str(year)), None)
    return listed or Edition.year(year)


def run_command(args, progress: Callable[[str], None]) -> int:
    """`site-builder yearbook`: exit 0 written, 1 content problem or empty period, 2 could not finish."""
    import sys
    import time

    from ..build.pipeline import PROJECT_DIR, raise_for_problems
    from ..public.gate import publish
    from ..media.photos import process_photos
    from ..site.pages import load_labels
    from ..content.validate import load_content
    from .render import YearbookError, write_files

    started = time.perf_counter()
    content_root, out_dir = Path(args.content), Path(args.out)
    try:
        formats = parse_formats(args.format)
        progress("checking content")
        content, problems = load_content(content_root)
        raise_for_problems(problems, args.strict)
        assert content is not None
        settings = load_or_raise(content_root, content.site.council)
        edition = command_edition(args, settings)
        publication = publish(content, args.today)
        period = select(publication, edition)
        photos = [photo for p in period.profiles for photo in p.photos]
        progress(f"{edition.slug}: {len(period.profiles)} public profiles, {len(photos)} photos")
        cache = PROJECT_DIR / ".cache"
        # The same call as `build`, so that both make the same files for one edition.
        media = process_photos(photos, cache / "media", content.site.original_photo_download)
        if media.errors:
            for relative, message in sorted(media.errors.items()):
                print(f"{relative}: error: {message}", file=sys.stderr)
            return 1
        theme_dir = PROJECT_DIR / "theme"
        labels = load_labels(theme_dir)
        made = render_yearbook(publication, settings, edition, media.photos, media.files, theme_dir, cache,
                               labels, formats, args.pdf_variant)
        written = write_files(made, out_dir)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"yearbook stopped: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except YearbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("yearbook stopped; nothing was written", file=sys.stderr)
        return 2 if exc.cannot_finish else 1
    for path in written:
        print(f"  wrote {path} ({file_size(path.stat().st_size)})", file=sys.stderr)
    print(f"yearbook {made.base_name}: {made.profiles} profiles, {made.pages} PDF pages ({made.pdf_variant}), "
          f"{made.page_list} page-list entries, {len(written)} file(s) in {out_dir} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0
