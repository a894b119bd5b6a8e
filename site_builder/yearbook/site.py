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

from ..common.files import file_size
from ..common.messages import _
from ..content.diagnostics import ContentError, Problems
from ..media.photos import MediaResult
from ..public.gate import Publication
from ..site.documents import Document
from ..site.renderer import Renderer
from .book import (
    Edition,
    YearbookSettings,
    load_settings,
    select,
    settings_exist,
)
from .render import YearbookResult, render_yearbook
from .reportage import BookReportage

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


def load_or_raise(content_root: Path) -> YearbookSettings:
    problems = Problems()
    settings = load_settings(content_root, problems)
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
        small = image.convert("RGB").resize((COVER_THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue(), COVER_THUMBNAIL_WIDTH, height


def build_for_site(content_root: Path, publication: Publication, media: MediaResult, theme_dir: Path,
                   cache_dir: Path, labels: dict, renderer: Renderer, today: dt.date,
                   progress: Callable[[str], None],
                   reportage: dict[str, tuple[BookReportage, ...]] | None = None) -> SiteYearbooks:
    """Every edition of the yearbook and the page that lists them (nothing without yearbook.yml);
    `reportage`: by profile slug, what each appears in (yearbook/reportage.py)."""
    result = SiteYearbooks()
    if not settings_exist(content_root):
        progress(_("yearbook: no content/yearbook/yearbook.yml, no yearbook"))
        return result
    settings = load_or_raise(content_root)
    y = labels["yearbook"]
    views = []
    for edition in site_editions(settings, today):
        if not select(publication, edition).profiles:
            progress(_("yearbook {edition}: no public profile in this period, no edition", edition=edition.slug))
            continue
        made = render_yearbook(publication, settings, edition, media.photos, media.files, theme_dir,
                               cache_dir, labels, reportage=reportage)
        result.results.append(made)
        progress(_("yearbook {name}: {profiles} profiles, {pages} pages, {seconds} s{cached}", name=made.base_name,
                   profiles=made.profiles, pages=made.pages, seconds=format(made.seconds, ".1f"),
                   cached=_(" (PDF from cache)") if made.pdf_cached else ""))
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
