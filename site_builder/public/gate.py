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
from ..content.model import KINDS_NEEDING_CONSENT, Content, Profile
from ..content.text import sort_key


def withheld_reason(profile: Profile, today: dt.date) -> str | None:
    """Why a profile is not public on `today`, or None when it is."""
    if profile.status != "published":
        return _("status is '{status}'", status=profile.status)
    if profile.publish_from and profile.publish_from > today:
        return _("embargoed until {date}", date=profile.publish_from.isoformat())
    if profile.kind in KINDS_NEEDING_CONSENT and not profile.consent.given:
        return _("no recorded consent")
    return None


@dataclass(frozen=True)
class Publication:
    """The public view of the content on one date."""

    content: Content
    today: dt.date
    profiles: tuple[Profile, ...]  # public only, in Vietnamese alphabetical order
    withheld: tuple[tuple[Profile, str], ...]  # (profile, reason), for reports only

    @cached_property
    def newest_update(self) -> dt.date | None:
        """The latest date any public profile speaks of (None while none is public): the
        date of pages, feeds and data that show the whole publication."""
        return max((p.last_update for p in self.profiles), default=None)


# What a date-stamped file says while no profile is public yet (a reproducible build needs a date).
NO_DATE = dt.date(2000, 1, 1)


def publish(content: Content, today: dt.date) -> Publication:
    public, withheld = [], []
    for profile in content.profiles:
        reason = withheld_reason(profile, today)
        if reason is None:
            public.append(profile)
        else:
            withheld.append((profile, reason))
    public.sort(key=lambda p: (sort_key(p.name), p.slug))
    return Publication(content, today, tuple(public), tuple(withheld))
