"""Render one yearbook edition: cover, print layout (PDF), then the EPUB.

    book photos (Pillow) -> plan (yearbook.plan_book) -> cover (cover.py)
      -> print HTML -> WeasyPrint (pdf.py): PDF + the page each element starts on
      -> EPUB documents with page-break markers at those places -> ZIP (epub.py)

`render_book` is the engine from the plan on; a `Layout` says what differs between the yearbook
and an event's commemorative book (event_edition.py): the print template, the EPUB's navigation
and the documents between the title page and the index.

Everything is made in memory and written only when complete, each file
through a temporary name, so a failed run leaves earlier files as they were.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup, escape
from PIL import Image

from ..common.files import digest_bytes, make_folders, write_atomically
from ..common.messages import _
from ..content.model import Photo
from ..media.photos import PhotoSet
from ..public.gate import Publication
from ..site.renderer import template_environment
from . import cover as covers
from .book import (
    FORMATS,
    Book,
    BookPhoto,
    Edition,
    Entry,
    YearbookSettings,
    plan_book,
    select,
)
from .epub import Item, write_epub
from .errors import YearbookError
from .pdf import image_url, render_pdf
from .reportage import BookReportage, qr_files
from .xhtml import check_well_formed, insert_before_ids

# EPUB photos: small enough for phones and e-readers (the whole book of 200
# profiles stays under 10 MB), large enough to fill a tablet's column.
EPUB_PHOTO_BOX = (720, 960)
EPUB_PHOTO_QUALITY = 72
EPUB_IMAGES_VERSION = "1"


@dataclass
class YearbookResult:
    edition: Edition
    base_name: str
    title: str
    period: str
    files: dict[str, bytes]  # file name -> bytes
    profiles: int
    pages: int  # of the PDF
    page_list: int  # page-break markers in the EPUB
    pdf_cached: bool
    cover_jpeg: bytes  # the EPUB's cover, for the site's list of editions
    seconds: float = 0.0
    images: int = 0
    pdf_variant: str = ""  # the PDF's standard ("pdf/ua-1", "pdf/a-2u", …)


def _epub_copy(print_path: Path, key: str, cache_dir: Path) -> tuple[Path, int, int]:
    """A downscaled JPEG of a photo for reading devices, cached by the photo's content key."""
    target = cache_dir / f"{key}-{EPUB_IMAGES_VERSION}.jpg"
    if not target.is_file():
        with Image.open(print_path) as source:
            image = source.convert("RGB")
            image.thumbnail(EPUB_PHOTO_BOX, Image.Resampling.LANCZOS)
            data = io.BytesIO()
            image.save(data, "JPEG", quality=EPUB_PHOTO_QUALITY, optimize=True)
        write_atomically(target, data.getvalue())
    with Image.open(target) as done:
        return target, done.width, done.height


def book_photos(photos: Iterable[Photo], photo_sets: dict[str, PhotoSet], media_files: dict[str, Path],
                cache_dir: Path) -> dict[str, BookPhoto]:
    """Print file (the largest web rendition) and EPUB copy of each of the photos."""
    result = {}
    for photo in photos:
        photo_set = photo_sets.get(photo.relative)
        if photo_set is None:
            continue
        largest = photo_set.best("jpg", 10_000)
        print_path = media_files[largest.url]
        epub_path, width, height = _epub_copy(print_path, photo_set.key, cache_dir / "epub-images")
        result[photo.relative] = BookPhoto(
            photo=photo, epub_href=f"../images/{epub_path.name}", epub_width=width, epub_height=height,
            print_path=print_path, print_name=f"{photo_set.key}-{largest.width}.jpg",
        )
    return result


class _PageBreaks:
    """Where the EPUB marks the PDF's pages.

    The first EPUB pass records, in reading order, every place that can carry
    a marker (section ids, story paragraphs). Each PDF page then gets a marker
    before the first of those places that starts on it; the second pass writes
    them and notes the document each one landed in, for the page-list.
    """

    def __init__(self, label: str):
        self.label = label
        self.places: list[str] = []
        self.breaks: dict[str, int] = {}
        self.page_list: list[tuple[int, str]] = []
        self.document = ""
        self.recording = True

    def marker(self, place: str) -> Markup:
        if self.recording:
            self.places.append(place)
            return Markup("")
        number = self.breaks.get(place)
        if number is None:
            return Markup("")
        self.page_list.append((number, f"{self.document}#page-{number}"))
        return Markup(f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{number}" '
                      f'aria-label="{escape(self.label)} {number}"></span>')

    def story(self, entry: Entry) -> Markup:
        ids = re.findall(r' id="([^"]+)"', str(entry.story))
        if self.recording:
            self.places.extend(ids)
            return entry.story
        return insert_before_ids(entry.story, {i: str(self.marker(i)) for i in ids if i in self.breaks})

    def place(self, anchor_pages: dict[str, int]) -> None:
        """Choose each page's marker from the PDF's anchors."""
        first_place: dict[int, str] = {}
        for place in self.places:
            page = anchor_pages.get(place)
            if page is not None and page not in first_place:
                first_place[page] = place
        # Keep only markers whose pages rise in reading order.
        last = 0
        for place in self.places:
            page = anchor_pages.get(place)
            if page is not None and first_place.get(page) == place and page > last:
                self.breaks[place] = page
                last = page
        self.recording = False


def _cover_images(book: Book, labels: dict, fonts_dir: Path, cache_dir: Path) -> tuple[Path, bytes, tuple[int, int]]:
    """(print cover file, EPUB cover bytes, EPUB cover size), cached by what is drawn."""
    text = covers.CoverText(
        title=book.title, subtitle=book.subtitle, period=book.period,
        publisher=book.publisher,
        place_year=f"{book.settings.place}, {book.modified.year}" if book.settings.place else str(book.modified.year),
        badge=labels["sample_badge"] if book.sample_notice else "",
    )
    emblem = book.settings.emblem.read_bytes() if book.settings.emblem else b""
    key = digest_bytes("cover", covers.LAYOUT_VERSION, repr(text), emblem,
                       *(f.read_bytes() for f in sorted(fonts_dir.glob("*.ttf"))))[:32]
    print_path = cache_dir / f"cover-{key}.jpg"
    epub_path = cache_dir / f"cover-{key}-epub.jpg"
    if not (print_path.is_file() and epub_path.is_file()):
        image = covers.draw_cover(text, book.settings.emblem, fonts_dir)
        write_atomically(print_path, covers.encode(image))
        write_atomically(epub_path, covers.encode(image, covers.EPUB_SIZE, quality=80))
    return print_path, epub_path.read_bytes(), covers.EPUB_SIZE


# The documents between the title page and the index: `middle(module, book, add, y)` calls
# add(file, title, body, body_type) for each, in reading order (`module`: epub/parts.xhtml;
# `y`: the labels' yearbook words).
Documents = Callable[[Any, Book, Callable[..., None], dict], None]


@dataclass(frozen=True)
class Layout:
    """What makes one kind of book, beside its plan: the print template (in theme/yearbook/), the
    EPUB's navigation template and its documents between the title page and the index."""

    print_template: str
    nav_template: str
    middle: Documents


def _yearbook_middle(module, book: Book, add: Callable[..., None], y: dict) -> None:
    if book.foreword:
        add("foreword.xhtml", y["foreword"], lambda: module.foreword(book), body_type="frontmatter")
    for chapter in book.chapters:
        add(chapter.file, chapter.term.name, lambda c=chapter: module.chapter(c), body_type="bodymatter")
        for entry in chapter.entries:
            add(entry.file, entry.view.name, lambda e=entry: module.profile(e), body_type="bodymatter")
    add("statistics.xhtml", y["statistics"], lambda: module.statistics(book), body_type="backmatter")


YEARBOOK = Layout("print.html", "epub/nav.xhtml", _yearbook_middle)


def render_yearbook(publication: Publication, settings: YearbookSettings, edition: Edition,
                    photo_sets: dict[str, PhotoSet], media_files: dict[str, Path], theme_dir: Path,
                    cache_dir: Path, labels: dict, formats: tuple[str, ...] = FORMATS,
                    pdf_variant: str | None = None,
                    reportage: dict[str, tuple[BookReportage, ...]] | None = None) -> YearbookResult:
    """One edition; the PDF is of `pdf_variant`, else of the settings' (`pdf_variant:` in yearbook.yml);
    `reportage`: by profile slug, the films, radio pieces and photo stories each appears in."""
    started = time.perf_counter()
    period_publication = select(publication, edition)
    if not period_publication.profiles:
        raise YearbookError(_("no published profile has its publication date in {edition} ({start}–{end}); "
                              "choose another period", edition=edition.label(labels),
                              start=format(edition.start, "%d/%m/%Y"), end=format(edition.end, "%d/%m/%Y")))
    photos = book_photos((ph for p in period_publication.profiles for ph in p.photos), photo_sets, media_files,
                         cache_dir / "yearbook")
    book = plan_book(publication, settings, edition, photos, labels, reportage)
    return render_book(book, photos, YEARBOOK, theme_dir, cache_dir, labels, formats,
                       pdf_variant or settings.pdf_variant, started)


def render_book(book: Book, photos: dict[str, BookPhoto], layout: Layout, theme_dir: Path, cache_dir: Path,
                labels: dict, formats: tuple[str, ...], pdf_variant: str, started: float) -> YearbookResult:
    """The planned book's PDF (of `pdf_variant`) and EPUB, in memory; `started`: when the run began."""
    y = labels["yearbook"]
    yearbook_cache = cache_dir / "yearbook"
    env = template_environment(theme_dir / "yearbook", labels, book.publication.content.site)
    env.globals["y"] = labels["yearbook"]
    env.globals["image_url"] = image_url  # the print edition's images by name (pdf.py)
    fonts_dir = theme_dir / "fonts"
    cover_print, cover_epub, cover_size = _cover_images(book, labels, fonts_dir, yearbook_cache)
    cover_alt = y["cover_alt"].format(title=book.title, period=book.period, publisher=book.publisher)

    # 1. The print edition: its layout decides the page numbers.
    print_html = env.get_template(layout.print_template).render(
        book=book, epub=False, story_markup=lambda e: e.story,
        page_break=lambda place: Markup(""), cover_url=image_url(cover_print.name), cover_alt=cover_alt,
    )
    images = {ph.print_name: ph.print_path for ph in photos.values()}
    images[cover_print.name] = cover_print
    images.update(qr_files({e.profile.slug: e.reportage for e in book.entries}, yearbook_cache / "qr"))
    printed = render_pdf(print_html, theme_dir / "yearbook" / "print.css", fonts_dir,
                         theme_dir / "yearbook", yearbook_cache / "pdf", images, pdf_variant)

    # 2. The EPUB, twice: once to find where markers can go, once to write them.
    breaks = _PageBreaks(y["page"])
    _epub_documents(env, book, layout, breaks, cover_alt, cover_size)
    breaks.place(printed.anchor_pages)
    documents = _epub_documents(env, book, layout, breaks, cover_alt, cover_size)

    items: list[Item] = []
    for file, title_body, _body_type in documents:
        items.append(Item(f"doc-{file.removesuffix('.xhtml')}", f"text/{file}", "application/xhtml+xml",
                          title_body.encode("utf-8"), in_spine=True))
    pdf_name = f"{book.base_name}.pdf"
    features = ["alternativeText", "displayTransformability", "index", "readingOrder",
                "structuralNavigation", "tableOfContents"]
    if breaks.page_list:
        features = sorted(features + ["pageBreakMarkers", "pageNavigation"])
    nav = env.get_template(layout.nav_template).render(book=book, page_list=breaks.page_list)
    check_well_formed(nav, "EPUB/nav.xhtml")
    nav_item = Item("nav", "nav.xhtml", "application/xhtml+xml", nav.encode("utf-8"), properties="nav",
                    in_spine=True)
    # The contents follow the front matter in reading order, as in the PDF.
    position = next(i for i, (_file, _html, body_type) in enumerate(documents) if body_type == "bodymatter")
    items.insert(position, nav_item)
    css = (theme_dir / "yearbook" / "epub" / "book.css").read_bytes()
    items.append(Item("css", "css/book.css", "text/css", css))
    items.append(Item("cover-image", "images/cover.jpg", "image/jpeg", cover_epub, properties="cover-image"))
    seen_images = set()
    for photo in sorted(photos.values(), key=lambda ph: ph.epub_href):
        name = photo.epub_href.rsplit("/", 1)[-1]
        if name in seen_images:
            continue
        seen_images.add(name)
        items.append(Item(f"img-{name.removesuffix('.jpg')}", f"images/{name}", "image/jpeg",
                          (yearbook_cache / "epub-images" / name).read_bytes()))

    spine = [i for i in items if i.in_spine]
    opf = env.get_template("epub/package.opf").render(
        book=book, manifest=items, spine=spine, features=features, page_list=breaks.page_list,
        pdf_name=pdf_name,
    )
    check_well_formed(opf, "EPUB/package.opf")
    container = (theme_dir / "yearbook" / "epub" / "container.xml").read_bytes()

    files: dict[str, bytes] = {}
    if "epub" in formats:
        files[f"{book.base_name}.epub"] = write_epub(container, opf.encode("utf-8"), items, book.modified)
    if "pdf" in formats:
        files[pdf_name] = printed.pdf
    return YearbookResult(
        edition=book.edition, base_name=book.base_name, title=book.title, period=book.period, files=files,
        profiles=book.profile_count, pages=printed.pages, page_list=len(breaks.page_list),
        pdf_cached=printed.cached, cover_jpeg=cover_epub, seconds=time.perf_counter() - started, images=len(seen_images),
        pdf_variant=pdf_variant,
    )


def _epub_documents(env, book: Book, layout: Layout, breaks: _PageBreaks, cover_alt: str,
                    cover_size: tuple[int, int]) -> list[tuple[str, str, str]]:
    """(file name, XHTML, epub:type of its body) of every content document, in reading order."""
    y = env.globals["y"]
    parts = env.get_template("epub/parts.xhtml")
    document = env.get_template("epub/document.xhtml")
    context = dict(epub=True, page_break=breaks.marker, story_markup=breaks.story,
                   cover_alt=cover_alt, cover_size=cover_size)
    module = parts.make_module(context)
    documents: list[tuple[str, str, str]] = []

    def add(file: str, title: str, body, body_type: str = "", body_class: str = "") -> None:
        breaks.document = file
        html = document.render(title=title, body=body(), body_type=body_type, body_class=body_class)
        check_well_formed(html, f"EPUB/text/{file}")
        documents.append((file, html, body_type))

    add("cover.xhtml", y["cover"], lambda: Markup(str(breaks.marker("cover"))) + module.cover(book),
        body_type="cover", body_class="cover-page")
    add("title.xhtml", book.title, lambda: module.title_page(book), body_type="frontmatter")
    layout.middle(module, book, add, y)
    add("index.xhtml", y["index"], lambda: module.name_index(book), body_type="backmatter")
    add("colophon.xhtml", y["colophon"], lambda: module.colophon(book), body_type="backmatter")
    return documents


def write_files(result: YearbookResult, out_dir: Path) -> list[Path]:
    """Write the edition's files into `out_dir`, each through a temporary name."""
    make_folders(out_dir)  # 0755, its files 0644: for a web server or a colleague to read
    written = []
    for name, data in sorted(result.files.items()):
        write_atomically(out_dir / name, data)
        written.append(out_dir / name)
    return written
