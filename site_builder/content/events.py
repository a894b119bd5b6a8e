"""content/events/<slug>.md -> Event: the honouring events (a national conference of exemplars,
an emulation congress, a commendation ceremony) with the list of exemplars each honours.

An event names profiles by slug, so events are checked after every profile is read and has its
slug. Its kinds, levels and roles are data (taxonomies/event-kinds.yml, event-levels.yml,
event-roles.yml), read only when content/events/ holds an event, so a site without events needs
none of them. The groups an event counts its honourees in (economy, security and defence, …) are
its own, written in the event file.

Withheld profiles may be on the list (the list goes to the People's Committee); the public stages
name only the honourees the editorial gate lets through (public/gate.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..common.messages import _
from . import schema as s
from .diagnostics import Problems, did_you_mean
from .model import KINDS, AwardGrant, Photo, Profile, Taxonomies, Term
from .profiles import _resolve_photo, photos_option
from .read import YamlList, display_path, read_front_matter_document
from .taxonomies import _TERM_OPTIONS, _read_taxonomy, _terms
from .text import format_date, is_slug

EVENTS_FOLDER = "events"
KINDS_FILE, LEVELS_FILE, ROLES_FILE = "event-kinds.yml", "event-levels.yml", "event-roles.yml"

# A role says, on each honouree's profile page, how the exemplar took part: "Được tôn vinh tại".
_ROLE_OPTIONS = {**_TERM_OPTIONS, "on_profile": s.Text(required=True, single_line=True)}


@dataclass(frozen=True)
class EventTerms:
    """The events' own taxonomies: kinds, levels and the roles an honouree may have."""

    kinds: dict[str, Term]
    levels: dict[str, Term]
    roles: dict[str, Term]
    on_profile: dict[str, str]  # role code -> "Được tôn vinh tại" (what the profile page says)


@dataclass(frozen=True)
class EventGroup:
    """One of the event's own groups (a sector): its profiles are those of its fields."""

    code: str
    name: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Share:
    """A share of the list: at most `count` honourees of one group or one kind."""

    by: str  # "group" | "kind"
    code: str
    count: int


@dataclass(frozen=True)
class Criteria:
    """Who may be chosen: an award of `awards` dated in [start, end], of one of `kinds`."""

    start: dt.date
    end: dt.date
    awards: tuple[str, ...]
    kinds: tuple[str, ...]
    shares: tuple[Share, ...] = ()
    total: int | None = None  # how many the list holds, when the event says so


@dataclass(frozen=True)
class Decision:
    """The decision that approved the list: "368/QĐ-TTg" of 11/04/2023, signed by …"""

    number: str
    date: dt.date
    signer: str
    issuer: str  # the issuing body, top left of the official list ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")


@dataclass(frozen=True)
class Honouree:
    profile: str  # the profile's slug
    role: str  # a code of event-roles.yml
    delegation: str = ""
    group: str = ""  # a code of the event's groups, "" when it has none
    award: AwardGrant | None = None  # the award given at the event
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Event:
    slug: str
    source: Path
    display_path: str
    name: str
    kind: str
    level: str
    start: dt.date
    end: dt.date
    place: str
    organiser: str
    decision: Decision | None
    description: str  # Markdown
    photos: tuple[Photo, ...]
    groups: dict[str, EventGroup]
    criteria: Criteria | None
    honourees: tuple[Honouree, ...]
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def dates_text(self) -> str:
        """"29/09/2025", or "26/12/2025 – 27/12/2025" for an event of several days."""
        if self.start == self.end:
            return format_date(self.start)
        return f"{format_date(self.start)} – {format_date(self.end)}"


@dataclass(frozen=True)
class EventBook:
    """Every event, newest first, with the terms they use."""

    terms: EventTerms
    events: tuple[Event, ...]

    def by_slug(self) -> dict[str, Event]:
        return {event.slug: event for event in self.events}


def event_schema(tax: Taxonomies, terms: EventTerms, groups: dict[str, Any]) -> s.Record:
    """The front matter of an event; `groups` are the codes of its own groups (none in the web editor)."""
    def code(what: str, table: Any, file: str, required: bool = False) -> s.Code:
        return s.Code(what, lambda: table, f"taxonomies/{file}", required=required)

    award = s.Record({
        "award": code(_("award"), tax.awards, "awards.yml"),
        "decision": s.Text(required=True, single_line=True),
        "date": s.Date(required=True),
        "issuer": s.Text(single_line=True),
    })
    return s.Record({
        "name": s.Text(required=True, single_line=True, max_length=200, plain=True),
        "kind": code(_("event kind"), terms.kinds, KINDS_FILE, required=True),
        "level": code(_("event level"), terms.levels, LEVELS_FILE, required=True),
        "start": s.Date(required=True),
        "end": s.Date(),
        "place": s.Text(required=True, single_line=True, plain=True),
        "organiser": s.Text(required=True, single_line=True, plain=True),
        "decision": s.Record({
            "number": s.Text(required=True, single_line=True),
            "date": s.Date(required=True),
            "signer": s.Text(required=True, single_line=True),
            "issuer": s.Text(required=True, single_line=True),
        }),
        "photos": photos_option(),
        "groups": s.ListOf(s.Record({
            "code": s.Slug(required=True),
            "name": s.Text(required=True, single_line=True, plain=True),
            "fields": s.ListOf(code(_("field"), tax.fields, "fields.yml"), unique=True),
        })),
        "criteria": s.Record({
            "from": s.Date(required=True),
            "to": s.Date(required=True),
            "awards": s.ListOf(code(_("award"), tax.awards, "awards.yml"), required=True, min_items=1, unique=True),
            "kinds": s.ListOf(s.Choice(KINDS), unique=True),
            "total": s.Integer(minimum=1),
            "shares": s.ListOf(s.Record({
                "group": s.Code(_("group"), lambda: groups, _("the event's 'groups:'")),
                "kind": s.Choice(KINDS),
                "count": s.Integer(required=True, minimum=0),
            })),
        }),
        "honourees": s.ListOf(s.Record({
            "profile": s.Slug(required=True),
            "role": code(_("role"), terms.roles, ROLES_FILE, required=True),
            "delegation": s.Text(single_line=True, plain=True),
            "group": s.Code(_("group"), lambda: groups, _("the event's 'groups:'")),
            "award": award,
            "note": s.Text(single_line=True, plain=True),
        })),
    })


def read_event_terms(root: Path, problems: Problems) -> EventTerms:
    roles = _read_taxonomy(root, ROLES_FILE, _ROLE_OPTIONS, problems)
    return EventTerms(
        kinds=_terms(_read_taxonomy(root, KINDS_FILE, _TERM_OPTIONS, problems)),
        levels=_terms(_read_taxonomy(root, LEVELS_FILE, _TERM_OPTIONS, problems)),
        roles=_terms(roles),
        on_profile={e["code"]: e["on_profile"] for e in roles},
    )


def event_terms_if_present(root: Path, problems: Problems) -> EventTerms | None:
    """The events' taxonomies where content/taxonomies/ has them (a site may have no events)."""
    if not (root / "taxonomies" / KINDS_FILE).is_file():
        return None
    return read_event_terms(root, problems)


def event_files(root: Path) -> list[Path]:
    folder = root / EVENTS_FOLDER
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def validate_events(root: Path, tax: Taxonomies, profiles: list[Profile], problems: Problems,
                    max_photo_bytes: int) -> EventBook | None:
    """Every event of content/events/, newest first; None when there is none and no event taxonomies
    (with the taxonomies and no event yet, a book without events: the web editor offers to add one)."""
    files = event_files(root)
    terms = read_event_terms(root, problems) if files else event_terms_if_present(root, problems)
    if terms is None:
        return None
    by_slug = {p.slug: p for p in profiles}
    events = []
    for path in files:
        doc = read_front_matter_document(path, display_path(path), problems)
        if doc is None or doc.meta is None:
            continue
        event = validate_event(root, doc, tax, terms, by_slug, problems, max_photo_bytes)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: (-e.start.toordinal(), e.slug))
    return EventBook(terms, tuple(events))


def _raw_groups(meta: Any) -> dict[str, Any]:
    """The event's group codes as written, so that shares and honourees can name them while the
    groups themselves are checked in the same pass."""
    raw = meta.get("groups")
    if not isinstance(raw, YamlList):
        return {}
    return {g["code"]: g.get("name", "") for g in raw if isinstance(g, dict) and isinstance(g.get("code"), str)}


def validate_event(root: Path, doc: Any, tax: Taxonomies, terms: EventTerms, profiles: dict[str, Profile],
                    problems: Problems, max_photo_bytes: int) -> Event | None:
    meta, display = doc.meta, doc.display
    slug = doc.path.stem
    if not is_slug(slug):
        problems.error(display, 1, _(
            "the event's file name '{name}' makes its address; name it in lowercase letters a-z, digits "
            "and '-' (like dai-hoi-thi-dua-2025.md)", name=doc.path.name))
        return None
    clean = event_schema(tax, terms, _raw_groups(meta)).check_mapping(meta, s.Where(display, 1, ""), problems)
    if clean is s.INVALID:
        return None
    start, end = clean["start"], clean["end"] or clean["start"]
    if end < start:
        problems.error(display, meta.line_of("end"), _(
            "'end' {end} is before 'start' {start}", end=format_date(end), start=format_date(start)))
        return None
    photos = []
    for index, raw in enumerate(clean["photos"]):
        line = meta["photos"].line_of(index)
        photo = _resolve_photo(root, doc.path, raw, s.Where(display, line, f"photos[{index + 1}]"),
                               problems, max_photo_bytes)
        if photo:
            photos.append(photo)
    groups = {g["code"]: EventGroup(g["code"], g["name"], tuple(g["fields"])) for g in clean["groups"]}
    honourees = _honourees(display, meta, clean["honourees"], start, end, tax, profiles, problems)
    if honourees is None or len(photos) < len(clean["photos"]):
        return None
    decision = clean["decision"]
    return Event(
        slug=slug, source=doc.path, display_path=display, name=clean["name"], kind=clean["kind"],
        level=clean["level"], start=start, end=end, place=clean["place"], organiser=clean["organiser"],
        decision=Decision(decision["number"], decision["date"], decision["signer"], decision["issuer"])
        if decision else None,
        description=doc.body.strip(), photos=tuple(photos), groups=groups,
        criteria=_criteria(display, meta, clean["criteria"], problems), honourees=honourees,
        lines={key: meta.line_of(key) for key in meta},
    )


def _criteria(display: str, meta: Any, raw: dict[str, Any] | None, problems: Problems) -> Criteria | None:
    if not raw:
        return None
    shares = []
    lines = meta["criteria"]
    for index, share in enumerate(raw["shares"]):
        line = lines["shares"].line_of(index)
        if bool(share["group"]) == bool(share["kind"]):
            problems.error(display, line, _(
                "'criteria.shares[{number}]': name either a 'group' or a 'kind' with its 'count', not both "
                "and not neither", number=index + 1))
            continue
        by = "group" if share["group"] else "kind"
        shares.append(Share(by, share[by], share["count"]))
    return Criteria(raw["from"], raw["to"], tuple(raw["awards"]), tuple(raw["kinds"]) or KINDS, tuple(shares),
                    raw["total"])


def _honourees(display: str, meta: Any, entries: Any, start: dt.date, end: dt.date, tax: Taxonomies,
               profiles: dict[str, Profile], problems: Problems) -> tuple[Honouree, ...] | None:
    """The list, each entry checked against the profiles: one that exists, once, submitted before
    the event, and an award given at the event dated within it."""
    found: list[Honouree] = []
    seen: dict[str, int] = {}  # slug -> its line
    failed = False
    raw_list = meta.get("honourees")
    for index, entry in enumerate(entries):
        line = raw_list.line_of(index)
        where = f"honourees[{index + 1}]"
        slug = entry["profile"]
        profile = profiles.get(slug)
        if profile is None:
            problems.error(display, line, _(
                "'{field}.profile': no profile has the slug '{slug}'{hint}", field=where, slug=slug,
                hint=did_you_mean(slug, profiles)))
            failed = True
            continue
        if slug in seen:
            problems.error(display, line, _(
                "'{field}': {name} ({slug}) is already on the list (line {line}); an exemplar is listed once "
                "per event", field=where, name=profile.name, slug=slug, line=seen[slug]))
            failed = True
            continue
        seen[slug] = line
        if start < profile.submitted:
            problems.error(display, line, _(
                "'{field}': the event ({date}) is before {name} was submitted ({submitted}); an exemplar "
                "is honoured after the unit submits the profile: check the event's 'start' or the "
                "profile's 'submitted' ({file})", field=where, date=format_date(start), name=profile.name,
                submitted=format_date(profile.submitted), file=profile.display_path))
            failed = True
        award = entry["award"]
        grant = None
        if award:
            if not start <= award["date"] <= end:
                problems.error(display, line, _(
                    "'{field}.award.date': {date} is outside the event ({start} – {end}); an award given at "
                    "the event is dated on one of its days", field=where, date=format_date(award["date"]),
                    start=format_date(start), end=format_date(end)))
                failed = True
            kind = tax.awards[award["award"]]
            grant = AwardGrant(kind, award["decision"], award["date"], award["issuer"] or kind.issuer)
        found.append(Honouree(slug, entry["role"], entry["delegation"], entry["group"] or "", grant,
                              entry["note"], line))
    return None if failed else tuple(found)
