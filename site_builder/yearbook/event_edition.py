"""An event's commemorative book (kỷ yếu), `site-builder yearbook --event SLUG`: the yearbook's
engine (render.render_book) on a Book made from the event's list instead of a period's fields.

    cover (the event's name, kind, place, dates; cover.py) -> title page -> contents
    -> the event: its facts, the decision, its description and photos
    -> the list: the public honourees in the official list's order, grouped by kind as the
       official list is (council/event_list.py), with role, delegation, group and award
    -> each of those honourees' profiles, in the same order -> index of names -> colophon

The book is public: its honourees are those the editorial gate lets through
(public/honours.py, as the event page's); a withheld honouree is only counted
("và 2 điển hình khác"), never named, and no `private:` value is read. An event without a
public honouree has no book.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from ..common.messages import _
from ..content.diagnostics import ContentError, Problem
from ..content.events import Event
from ..content.markup import render_markdown
from ..content.model import Photo
from ..council.event_list import by_kind, section_heading
from ..media.photos import PhotoSet
from ..public.gate import Publication
from ..public.honours import PublicEvent, public_events
from ..public.views import profile_views
from ..site.events import event_rows
from .book import (
    FORMATS,
    Book,
    BookPhoto,
    Edition,
    EventPart,
    ListRow,
    ListSection,
    YearbookSettings,
    book_identifier,
    make_entry,
    name_index,
)
from .render import Layout, YearbookResult, book_photos, render_book
from .xhtml import to_xhtml

# The book's files: ky-yeu-<event slug>.epub and .pdf, as the official list is danh-sach-<event slug>.
FILE_PREFIX = "ky-yeu"


def public_event(publication: Publication, event: Event) -> PublicEvent:
    """The event with its public honourees, from public/honours.py as the event page has it."""
    return next(found for found in public_events(publication) if found.event.slug == event.slug)


def photos_shown(found: PublicEvent) -> list[Photo]:
    """The photos the book shows: the event's, then its public honourees'."""
    return [*found.event.photos, *(ph for h in found.honourees for ph in h.profile.photos)]


def plan_event_book(publication: Publication, settings: YearbookSettings, found: PublicEvent,
                    photos: dict[str, BookPhoto], labels: dict) -> Book:
    """The book of one event: its public honourees in the official list's order, then their profiles."""
    event = found.event
    if not found.honourees:
        raise ContentError([Problem(event.display_path, event.line_of("honourees"), "error", _(
            "the commemorative book names only exemplars public on the site, and none of the {count} on "
            "this event's list is: publish them first, or add public exemplars under 'honourees:'",
            count=found.withheld))])
    content = publication.content
    terms = content.events.terms
    y = labels["yearbook"]
    listed = replace(publication, profiles=tuple(h.profile for h in found.honourees))
    views = profile_views(listed, {})  # photos are the book's own (BookPhoto)
    rows = list(zip(found.honourees, event_rows(found, publication)))  # the event page's columns
    sections: list[ListSection] = []
    number = 0
    for kind, kind_rows in by_kind(content.taxonomies.kinds, rows, lambda pair: pair[0].profile.kind):
        book_rows = []
        for honouree, row in kind_rows:
            number += 1
            entry = make_entry(views[honouree.profile.slug], None, photos)
            book_rows.append(ListRow(number, entry, row.role.name, row.delegation, row.group, row.award))
        heading = section_heading(labels["official_list"], len(sections), content.taxonomies.kinds[kind].name,
                                  len(book_rows))
        sections.append(ListSection(heading, f"list-{kind}", tuple(book_rows)))
    book_entries = [row.entry for section in sections for row in section.rows]

    kind_term = terms.kinds[event.kind]
    part = EventPart(
        event=event, kind=kind_term, level=terms.levels[event.level],
        description=to_xhtml(render_markdown(event.description, top_heading=2)) if event.description else Markup(""),
        photos=tuple(photos[ph.relative] for ph in event.photos if ph.relative in photos),
        sections=tuple(sections), withheld=found.withheld,
        has_group=any(row.group for _h, row in rows), has_award=any(row.award for _h, row in rows),
    )
    title = y["event_title"].format(event=event.name)
    dates = [d for d in (listed.newest_update, settings.updated, event.end) if d]
    base_name = f"{FILE_PREFIX}-{event.slug}"
    return Book(
        settings=settings, edition=Edition(event.start, event.end, title), period=event.dates_text,
        title=title, subtitle=y["event_subtitle"].format(kind=kind_term.name, place=event.place),
        # The council publishes the book, as the yearbook of the period that holds the event.
        publisher=settings.publisher or content.site.publisher_on(event.end),
        publication=listed, chapters=[], entries=book_entries, tables=(), index=name_index(book_entries),
        modified=max(dates), identifier=book_identifier(content.site.base_url, base_name), base_name=base_name,
        sample_notice=content.site.sample_notice if content.site.sample else "", foreword=Markup(""), event=part,
    )


def _event_middle(module, book: Book, add: Callable[..., None], y: dict) -> None:
    """The EPUB's documents between the title page and the index: the event, the list, the profiles."""
    add("event.xhtml", y["event_about"], lambda: module.event_part(book), body_type="bodymatter")
    add("list.xhtml", y["event_list"], lambda: module.honour_list(book), body_type="bodymatter")
    for entry in book.entries:
        add(entry.file, entry.view.name, lambda e=entry: module.profile(e), body_type="bodymatter")


EVENT_BOOK = Layout("event_print.html", "epub/event_nav.xhtml", _event_middle)


def render_event_book(publication: Publication, settings: YearbookSettings, event: Event,
                      photo_sets: dict[str, PhotoSet], media_files: dict[str, Path], theme_dir: Path,
                      cache_dir: Path, labels: dict, formats: tuple[str, ...] = FORMATS,
                      pdf_variant: str | None = None) -> YearbookResult:
    """The event's EPUB and PDF, in memory (render.write_files writes them)."""
    started = time.perf_counter()
    found = public_event(publication, event)
    photos = book_photos(photos_shown(found), photo_sets, media_files, cache_dir / "yearbook")
    book = plan_event_book(publication, settings, found, photos, labels)
    return render_book(book, photos, EVENT_BOOK, theme_dir, cache_dir, labels, formats,
                       pdf_variant or settings.pdf_variant, started)

