"""The events as the public may see them: each event's honourees that the editorial gate lets
through, and only a count of the others.

A withheld profile may be on an event's list (the list is the council's), so every public stage
(the event pages, the profile pages' "honoured at", the open data, JSON-LD) takes its honourees
from here, never from `Event.honourees`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..content.events import Event, EventBook, Honouree
from ..content.model import Profile
from .gate import Publication


@dataclass(frozen=True)
class PublicHonouree:
    entry: Honouree
    profile: Profile


@dataclass(frozen=True)
class PublicEvent:
    event: Event
    honourees: tuple[PublicHonouree, ...]  # public ones, in the list's order
    withheld: int  # how many of the list are not public: counted, never named

    @property
    def url(self) -> str:
        return event_url(self.event.slug)

    @property
    def total(self) -> int:
        return len(self.honourees) + self.withheld


EVENTS_URL = "su-kien/"


def event_url(slug: str) -> str:
    return f"{EVENTS_URL}{slug}/"


def event_book(publication: Publication) -> EventBook | None:
    return publication.content.events


def public_events(publication: Publication) -> tuple[PublicEvent, ...]:
    """Every event, newest first, with its public honourees."""
    book = event_book(publication)
    if book is None:
        return ()
    public = {p.slug: p for p in publication.profiles}
    events = []
    for event in book.events:
        shown = tuple(PublicHonouree(h, public[h.profile]) for h in event.honourees if h.profile in public)
        events.append(PublicEvent(event, shown, len(event.honourees) - len(shown)))
    return tuple(events)


def honours_by_profile(events: tuple[PublicEvent, ...]) -> dict[str, list[tuple[PublicEvent, Honouree]]]:
    """Public profile slug -> the events it is on (newest first) with its entry."""
    found: dict[str, list[tuple[PublicEvent, Honouree]]] = defaultdict(list)
    for event in events:
        for honouree in event.honourees:
            found[honouree.profile.slug].append((event, honouree.entry))
    return dict(found)
