"""The editorial gate: which profiles the public may see.

Every output stage (pages, search, data, feeds, yearbook) takes its profiles
from `Publication`, never from `Content.profiles`, so a withheld profile cannot
leak through a stage that forgot to filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ..common.messages import _
from ..content.media_items import MediaItem
from ..content.model import Content, Profile
from ..content.text import format_date, sort_key
from .places import ProfilePlace, profile_places

# Why a profile is not public, in the order `check --list` shows them.
DRAFT, REVIEW, WITHDRAWN, EMBARGO, NO_CONSENT = "draft", "review", "withdrawn", "embargo", "no-consent"
REASONS = (DRAFT, REVIEW, WITHDRAWN, EMBARGO, NO_CONSENT)


def withheld_reason(profile: Profile, today: dt.date) -> str | None:
    """Why a profile (or a media item: content/media_items.py) is not public on `today` (one of
    REASONS), or None when it is."""
    if profile.status != "published":
        return profile.status  # draft, review or withdrawn
    if profile.publish_from and profile.publish_from > today:
        return EMBARGO
    if profile.needs_consent and not profile.consent.given:
        return NO_CONSENT
    return None


def reason_text(profile: Profile | MediaItem, reason: str) -> str:
    """The reason as an editor reads it: "embargo until 01/09/2026"."""
    texts = {DRAFT: _("draft"), REVIEW: _("in review"), WITHDRAWN: _("withdrawn"),
             NO_CONSENT: _("no recorded consent ('consent.given: true')")}
    if reason == EMBARGO and profile.publish_from is not None:
        return _("embargo until {date}", date=format_date(profile.publish_from))
    return texts[reason]


@dataclass(frozen=True)
class Publication:
    """The public view of the content on one date."""

    content: Content
    today: dt.date
    profiles: tuple[Profile, ...]  # public only, in Vietnamese alphabetical order
    withheld: tuple[tuple[Profile, str], ...]  # (profile, one of REASONS), for reports only

    @cached_property
    def newest_update(self) -> dt.date | None:
        """The latest date any public profile speaks of (None while none is public): the
        date of pages, feeds and data that show the whole publication."""
        return max((p.last_update for p in self.profiles), default=None)

    @cached_property
    def published_on(self) -> dict[str, dt.date]:
        """Slug → the date the public could first read each public profile (the feeds' order):
        worked out once per build, not once per feed."""
        return {p.slug: p.published_on for p in self.profiles}

    @cached_property
    def places(self) -> dict[str, ProfilePlace]:
        """Slug → where each public profile is, as recorded and now (public/places.py): worked out
        once per build for the pages, the search records and the open data."""
        return profile_places(self.content.taxonomies.localities, self.profiles, self.today)


# What a date-stamped file says while no profile is public yet (a reproducible build needs a date).
NO_DATE = dt.date(2000, 1, 1)


def hidden_reason(profile: Profile, today: dt.date, drafts: bool = False) -> str | None:
    """Why `publish` leaves a profile out of its view (one of REASONS), or None when it is in. With
    `drafts` (the editors' preview, never a build), drafts and profiles in review are in too,
    whatever their embargo or consent, each page with a banner."""
    return None if drafts and profile.status in (DRAFT, REVIEW) else withheld_reason(profile, today)


def publish(content: Content, today: dt.date, drafts: bool = False) -> Publication:
    """The public view on `today` (with `drafts`, the editors' preview: `hidden_reason`)."""
    public, withheld = [], []
    for profile in content.profiles:
        reason = hidden_reason(profile, today, drafts)
        if reason is None:
            public.append(profile)
        else:
            withheld.append((profile, reason))
    public.sort(key=lambda p: (sort_key(p.name), p.slug))
    return Publication(content, today, tuple(public), tuple(withheld))


def withheld_counts(publication: Publication) -> list[tuple[str, int]]:
    """(reason, how many) for every reason that withholds a profile, in the order of REASONS."""
    counts = {reason: 0 for reason in REASONS}
    for _profile, reason in publication.withheld:
        counts[reason] += 1
    return [(reason, count) for reason, count in counts.items() if count]


def withheld_summary(publication: Publication) -> str:
    """"5 withheld (2 draft, 1 in review, 1 embargo, 1 no consent)", or "0 withheld"."""
    counts = withheld_counts(publication)
    names = reason_names()
    parts = ", ".join(_("{count} {reason}", count=count, reason=names[reason]) for reason, count in counts)
    total = len(publication.withheld)
    return _("{count} withheld ({reasons})", count=total, reasons=parts) if parts else _("{count} withheld", count=total)


def reason_names() -> dict[str, str]:
    """Each reason in a word or two, in the current language (made when asked: it may change)."""
    return {DRAFT: _("draft"), REVIEW: _("in review"), WITHDRAWN: _("withdrawn"), EMBARGO: _("embargo"),
            NO_CONSENT: _("no consent")}
