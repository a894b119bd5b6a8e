"""The electronic yearbook (kỷ yếu): the public profiles of one period as an
EPUB 3 and a print-ready A4 PDF, from the same content as the website.

    content/yearbook/yearbook.yml   title, publisher, cover emblem, foreword file, editions
    content/yearbook/<foreword>.md  the foreword, in Markdown

The book: cover, title page, foreword, contents, one chapter per field in the
taxonomy's (the plan's) order with its profiles grouped by movement, a
statistics chapter (`stats.py`, the same tables as the website), an index of
names in Vietnamese order and a colophon.

A profile belongs to a period when its publication date falls in it: its
`publish_from` when it has one, otherwise the date it was submitted. Profiles
come only from `Publication.profiles` (the editorial gate), filtered by
period; a profile is printed once, in the chapter of its first field, and the
chapters of its other fields point to it.

An event's commemorative book (`event_edition.py`) is a Book too, made from its ordered list of
profiles (`make_entry`) and front matter of its own (`Book.event`), with the same index, cover,
colophon and engine.

The PDF (`pdf.py`, WeasyPrint) is laid out first: its page numbers become
the EPUB's page-list (`epub.py`), so a reader of either edition can follow
"page 37" in a meeting. Both files are reproducible: the same content gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup

from ..common.messages import _
from ..content import schema as s
from ..content.diagnostics import Problems
from ..content.events import Event
from ..content.markup import render_markdown
from ..content.model import Photo, Profile, Term
from ..content.read import (
    PHOTO_SUFFIXES,
    YamlList,
    YamlMap,
    display_path,
    read_text,
    read_yaml_file,
)
from ..content.text import format_date, nfc, sort_key
from ..public.gate import Publication
from ..public.stats import Table, tables
from ..public.views import ProfileView, profile_views
from .pdf_tags import DEFAULT_PDF_VARIANT, PDF_VARIANTS
from .reportage import BookReportage
from .xhtml import number_blocks, to_xhtml

FORMATS = ("epub", "pdf")
SETTINGS_FILE = Path("yearbook") / "yearbook.yml"
# The statistics chapter: the tables the plan asks the council to report.
STATISTICS_TABLES = ("field-by-kind", "movement", "locality")


# --- Editions (periods) -------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """The period one yearbook covers, both days included."""

    start: dt.date
    end: dt.date
    title: str = ""  # optional edition title ("Kỷ yếu Đại hội …")

    @classmethod
    def year(cls, year: int, title: str = "") -> "Edition":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), title)

    @property
    def _whole_years(self) -> bool:
        return (self.start.month, self.start.day) == (1, 1) and (self.end.month, self.end.day) == (12, 31)

    @property
    def slug(self) -> str:
        """The <period> in file names: 2025, 2022-2025 or 20220315-20240630."""
        if self._whole_years:
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}-{self.end.year}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def label(self, labels: dict) -> str:
        t = labels["yearbook"]
        if self._whole_years and self.start.year == self.end.year:
            return t["period_year"].format(year=self.start.year)
        if self._whole_years:
            return t["period_years"].format(start=self.start.year, end=self.end.year)
        return t["period_dates"].format(start=format_date(self.start), end=format_date(self.end))

    def contains(self, date: dt.date) -> bool:
        return self.start <= date <= self.end


def select(publication: Publication, edition: Edition) -> Publication:
    """The public profiles of one period, still in Vietnamese order."""
    return replace(publication, profiles=tuple(p for p in publication.profiles
                                               if edition.contains(p.published_on)))


# --- Settings: content/yearbook/yearbook.yml ----------------------------------------


@dataclass(frozen=True)
class YearbookSettings:
    title: str
    subtitle: str
    file_name: str
    publisher: str  # written in yearbook.yml for every edition; "": the site's publisher of the period
    place: str
    emblem: Path | None
    emblem_alt: str
    foreword: str  # Markdown
    updated: dt.date | None
    editions: tuple[Edition, ...]
    display_path: str
    pdf_variant: str = DEFAULT_PDF_VARIANT  # the PDF's standard: PDF/UA-1, or a PDF/A for archives


_EDITION = s.Record({
    "year": s.Integer(minimum=1900),
    "from": s.Date(),
    "to": s.Date(),
    "title": s.Text(single_line=True, max_length=160),
})

SETTINGS_SCHEMA = s.Record({
    "title": s.Text(required=True, single_line=True, max_length=160),
    "subtitle": s.Text(single_line=True, max_length=300),
    "file_name": s.Slug(default="ky-yeu"),
    "publisher": s.Text(single_line=True),
    "place": s.Text(single_line=True),
    "emblem": s.Text(single_line=True),
    "emblem_alt": s.Text(single_line=True, max_length=300),
    "foreword": s.Text(single_line=True),
    "updated": s.Date(),
    "editions": s.ListOf(_EDITION),
    "pdf_variant": s.Choice(PDF_VARIANTS, default=DEFAULT_PDF_VARIANT),
})


def settings_exist(content_root: Path) -> bool:
    return (Path(content_root) / SETTINGS_FILE).is_file()


def load_settings(content_root: Path, problems: Problems) -> YearbookSettings | None:
    """Read and check content/yearbook/yearbook.yml; every problem names file, line and field."""
    root = Path(content_root)
    path = root / SETTINGS_FILE
    display = display_path(path)
    if not path.is_file():
        problems.error(display, 0, _("the yearbook settings file is missing; copy content/yearbook/ "
                                     "from the sample content and edit it"))
        return None
    data = read_yaml_file(path, display, problems)
    if data is None:
        return None
    before = len(problems.errors)
    where = s.Where(display, 1, "")
    clean = SETTINGS_SCHEMA.check(data, where, problems)
    if clean is s.INVALID:
        if not isinstance(data, YamlMap):
            return None
        clean = _valid_fields(data, where)  # go on, so that the editor sees every problem at once

    folder = path.parent
    emblem = None
    if clean["emblem"]:
        emblem = _file_inside(folder, root, clean["emblem"], PHOTO_SUFFIXES, display,
                              data.line_of("emblem"), "emblem", _("an image (.png, .jpg)"), problems)
        if emblem and not clean["emblem_alt"]:
            problems.error(display, data.line_of("emblem"),
                           _("'emblem_alt' is required with 'emblem': say what the emblem shows, for screen readers"))
    foreword = ""
    if clean["foreword"]:
        foreword_path = _file_inside(folder, root, clean["foreword"], (".md",), display,
                                     data.line_of("foreword"), "foreword", _("a Markdown file (.md)"), problems)
        if foreword_path:
            text = read_text(foreword_path, display_path(foreword_path), problems)
            foreword = nfc(text or "")

    editions = []
    raw_editions = data.get("editions")
    for index, item in enumerate(clean["editions"] or ()):  # () when a line is invalid
        line = raw_editions.line_of(index) if isinstance(raw_editions, YamlList) else data.line_of("editions")
        edition = f"'editions[{index + 1}]'"
        if item["year"] is not None and (item["from"] or item["to"]):
            problems.error(display, line, _("{edition}: give either 'year' or 'from' and 'to', not both", edition=edition))
        elif item["year"] is not None:
            editions.append(Edition.year(item["year"], item["title"]))
        elif item["from"] and item["to"]:
            if item["to"] < item["from"]:
                problems.error(display, line, _("{edition}: 'to' ({end}) is before 'from' ({start}); swap them",
                                                edition=edition, end=format_date(item["to"]),
                                                start=format_date(item["from"])))
            else:
                editions.append(Edition(item["from"], item["to"], item["title"]))
        else:
            problems.error(display, line, _("{edition}: give 'year: 2025', or 'from: 01/01/2022' and "
                                            "'to: 31/12/2025'", edition=edition))
    if len(problems.errors) > before:
        return None
    return YearbookSettings(
        title=clean["title"], subtitle=clean["subtitle"], file_name=clean["file_name"],
        publisher=clean["publisher"], place=clean["place"],
        emblem=emblem, emblem_alt=clean["emblem_alt"], foreword=foreword,
        updated=clean["updated"], editions=tuple(editions), display_path=display,
        pdf_variant=clean["pdf_variant"],
    )


def _valid_fields(data: YamlMap, where: s.Where) -> dict:
    """The fields that passed (their problems are already reported); defaults for the others."""
    scratch = Problems()
    clean = {}
    for name, option in SETTINGS_SCHEMA.options.items():
        value = data.get(name)
        checked = option.check(value, where.child(name, data.line_of(name)), scratch) if value not in (None, "") \
            else s.INVALID
        clean[name] = option.default if checked is s.INVALID else checked
    return clean


def _file_inside(folder: Path, root: Path, name: str, suffixes: tuple[str, ...], display: str, line: int,
                 field_name: str, what: str, problems: Problems) -> Path | None:
    """A file named relative to content/yearbook/, which must stay inside content/."""
    candidate = (folder / name).resolve()
    if root.resolve() not in candidate.parents:
        problems.error(display, line, _("'{field}': '{name}' points outside the content folder; "
                                        "put the file in content/yearbook/", field=field_name, name=name))
        return None
    if not candidate.is_file():
        near = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in suffixes)
        hint = (_(" — did you mean '{match}'?", match=near[0]) if len(near) == 1
                else _("; files there: {files}", files=", ".join(near)) if near else "")
        problems.error(display, line, _("'{field}': file '{name}' not found in content/yearbook/{hint}",
                                        field=field_name, name=name, hint=hint))
        return None
    if candidate.suffix.lower() not in suffixes:
        problems.error(display, line, _("'{field}': '{name}' is not {what}", field=field_name, name=name, what=what))
        return None
    return candidate


# --- The book -----------------------------------------------------------------------


@dataclass(frozen=True)
class BookPhoto:
    """A photo as both editions use it: the EPUB's small copy and the print file."""

    photo: Photo
    epub_href: str  # inside the EPUB, relative to a text document: "../images/<key>.jpg"
    epub_width: int
    epub_height: int
    print_path: Path  # the largest web rendition (1600 px), for the PDF
    print_name: str  # its stable name in the PDF: "<content key>.jpg"

    @property
    def print_url(self) -> str:
        return f"book-image:{self.print_name}"


@dataclass(frozen=True)
class Entry:
    """One profile in the book."""

    view: ProfileView
    id: str  # XML name: "p-<slug>"
    file: str  # its EPUB document: "p-<slug>.xhtml"
    chapter: "Chapter | None"
    group: Term | None  # the movement it is shown under (None: other exemplars)
    photos: tuple[BookPhoto, ...]
    story: Markup  # well-formed XHTML
    reportage: tuple[BookReportage, ...] = ()  # the public films, radio pieces and photo stories featuring it

    @property
    def profile(self) -> Profile:
        return self.view.profile


@dataclass
class Group:
    term: Term | None  # None: profiles without a movement
    id: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Chapter:
    number: int
    term: Term
    id: str
    file: str
    groups: list[Group] = field(default_factory=list)
    see_also: list[Entry] = field(default_factory=list)  # printed in another field's chapter

    @property
    def entries(self) -> list[Entry]:
        return [e for g in self.groups for e in g.entries]


@dataclass(frozen=True)
class IndexLetter:
    letter: str
    id: str
    entries: tuple[Entry, ...]


# An event's commemorative book (event_edition.py): what it has before its profiles.

@dataclass(frozen=True)
class ListRow:
    """One public honouree in the book's list."""

    number: int  # counted over the public honourees only: a gap would show where a withheld one is
    entry: Entry
    role: str
    delegation: str
    group: str
    award: str  # the award given at the event, "" when none


@dataclass(frozen=True)
class ListSection:
    heading: str  # "I. TẬP THỂ (5)", as the official list's
    id: str
    rows: tuple[ListRow, ...]


@dataclass(frozen=True)
class EventPart:
    """What the event's book has before its profiles."""

    event: Event
    kind: Term
    level: Term
    description: Markup  # XHTML
    photos: tuple[BookPhoto, ...]
    sections: tuple[ListSection, ...]
    withheld: int  # honourees on the list who are not public: counted, never named
    has_group: bool  # the event counts its honourees in groups of its own
    has_award: bool  # some honouree was given an award at the event

    @property
    def rows(self) -> list[ListRow]:
        return [row for section in self.sections for row in section.rows]


@dataclass
class Book:
    settings: YearbookSettings
    edition: Edition
    period: str  # "Năm 2025"
    title: str  # the edition's title, or the yearbook's
    subtitle: str  # yearbook.yml's; an event's book: its kind and place
    publisher: str  # yearbook.yml's, or the council publishing on the period's last day (site.yml)
    publication: Publication  # the period's public profiles
    chapters: list[Chapter]
    entries: list[Entry]  # reading order
    tables: tuple[Table, ...]
    index: tuple[IndexLetter, ...]
    modified: dt.date  # newest date in the book's content: never the clock
    identifier: str  # urn:uuid:…, stable for one site, name and period
    base_name: str  # "<file_name>-<period>"
    sample_notice: str
    foreword: Markup
    event: EventPart | None = None  # an event's book: the event and its list, before the profiles

    @property
    def profile_count(self) -> int:
        return len(self.entries)


def letter_of(name: str) -> str:
    """The index letter of a name in the Vietnamese alphabet: "Ánh" -> "A", "Ấn" -> "Â", "Đức" -> "Đ"."""
    first = unicodedata.normalize("NFD", name.strip()[:1].upper())
    tone_marks = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    return unicodedata.normalize("NFC", "".join(c for c in first if c not in tone_marks)) or "#"


def _letter_id(letter: str, position: int) -> str:
    return f"idx-{position:02d}"


def make_entry(view: ProfileView, chapter: Chapter | None, photos: dict[str, BookPhoto],
               reportage: tuple[BookReportage, ...] = ()) -> Entry:
    """One profile as the book prints it, shown under its first movement, with the reportage it
    appears in (yearbook/reportage.py)."""
    profile = view.profile
    movements = view.movements
    return Entry(
        view=view, id=f"p-{profile.slug}", file=f"p-{profile.slug}.xhtml",
        chapter=chapter, group=movements[0] if movements else None,
        photos=tuple(photos[ph.relative] for ph in profile.photos if ph.relative in photos),
        story=number_blocks(to_xhtml(render_markdown(profile.story, top_heading=4)), f"p-{profile.slug}-s"),
        reportage=reportage,
    )


def name_index(entries: list[Entry]) -> tuple[IndexLetter, ...]:
    """The index of names: the entries by letter, in Vietnamese order."""
    letters: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (sort_key(e.view.name), e.profile.slug)):
        letters.setdefault(letter_of(entry.view.name), []).append(entry)
    return tuple(IndexLetter(letter, _letter_id(letter, i), tuple(found))
                 for i, (letter, found) in enumerate(sorted(letters.items(), key=lambda kv: sort_key(kv[0]))))


def book_identifier(base_url: str, base_name: str) -> str:
    """urn:uuid:…, the same for one site and one file name."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url}{base_name}"))


def plan_book(publication: Publication, settings: YearbookSettings, edition: Edition,
              photos: dict[str, BookPhoto], labels: dict,
              reportage: dict[str, tuple[BookReportage, ...]] | None = None) -> Book:
    """Arrange the period's public profiles into chapters, groups and an index; `reportage`: by slug,
    what each profile appears in (yearbook/reportage.py)."""
    period_publication = select(publication, edition)
    content = publication.content
    tax = content.taxonomies
    views = profile_views(period_publication, {})  # photos are the book's own (BookPhoto)

    chapters = [Chapter(n, term, f"ch-{term.code}", f"ch-{n:02d}-{term.code}.xhtml")
                for n, term in enumerate(tax.fields.values(), start=1)]
    by_field = {c.term.code: c for c in chapters}
    movement_order = {code: i for i, code in enumerate(tax.movements)}
    placed: dict[str, list[Entry]] = {c.term.code: [] for c in chapters}
    entries_by_slug: dict[str, Entry] = {}
    for profile in period_publication.profiles:  # Vietnamese order
        chapter = by_field[profile.fields[0]]
        entry = make_entry(views[profile.slug], chapter, photos, (reportage or {}).get(profile.slug, ()))
        entries_by_slug[profile.slug] = entry
        placed[chapter.term.code].append(entry)
    for chapter in chapters:
        groups: dict[str | None, Group] = {}
        for entry in placed[chapter.term.code]:
            code = entry.group.code if entry.group else None
            if code not in groups:
                groups[code] = Group(entry.group, f"{chapter.id}-{code or 'khac'}")
            groups[code].entries.append(entry)
        chapter.groups = sorted(groups.values(),
                                key=lambda g: movement_order[g.term.code] if g.term else len(movement_order))
        chapter.see_also = [entries_by_slug[p.slug] for p in period_publication.profiles
                            if chapter.term.code in p.fields[1:]]
    chapters = [c for c in chapters if c.groups or c.see_also]  # a field with no exemplar this period
    for number, chapter in enumerate(chapters, start=1):
        chapter.number = number
        chapter.file = f"ch-{number:02d}-{chapter.term.code}.xhtml"
    entries = [e for c in chapters for e in c.entries]

    index = name_index(entries)

    dates = [d for d in (period_publication.newest_update, settings.updated) if d]
    modified = max(dates) if dates else edition.end
    base_name = f"{settings.file_name}-{edition.slug}"
    identifier = book_identifier(content.site.base_url, base_name)
    all_tables = {t.key: t for t in tables(period_publication, labels)}
    return Book(
        settings=settings, edition=edition, period=edition.label(labels),
        title=edition.title or settings.title, subtitle=settings.subtitle, publication=period_publication,
        # The council that closes the period publishes its yearbook: a 2022–2025 edition is the
        # new province's, a 2024 one the old province's (site.yml's `council:` with dates).
        publisher=settings.publisher or content.site.publisher_on(edition.end),
        chapters=chapters, entries=entries,
        tables=tuple(all_tables[k] for k in STATISTICS_TABLES if k in all_tables),
        index=index, modified=modified, identifier=identifier, base_name=base_name,
        sample_notice=content.site.sample_notice if content.site.sample else "",
        foreword=to_xhtml(render_markdown(settings.foreword, top_heading=2)) if settings.foreword else Markup(""),
    )
