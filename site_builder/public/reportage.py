"""The editorial gate for films, radio pieces and photo stories: which the public may see.

An item passes the profiles' own gate (status, embargo, consent: `withheld_reason`), and more:
every profile it features must be public too, or the film would show someone the site does not.
Every stage after this one takes its items from `Reportage`, never from `Content.media`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ..content.media_items import MediaItem, Programme
from ..content.text import sort_key
from .gate import Publication, withheld_reason

# Why an item is withheld besides the profiles' reasons: a profile it features is.
FEATURED_WITHHELD = "featured-profile-withheld"


@dataclass(frozen=True)
class Reportage:
    """The public films, radio pieces and photo stories on the publication's date."""

    items: tuple[MediaItem, ...]  # public only, newest aired first
    withheld: tuple[tuple[MediaItem, str], ...]  # (item, reason), for reports only
    programmes: dict[str, Programme]  # every programme, in the order of programmes.yml

    @cached_property
    def by_profile(self) -> dict[str, list[MediaItem]]:
        """A profile's slug -> the public items that feature it, newest first."""
        found: dict[str, list[MediaItem]] = defaultdict(list)
        for item in self.items:
            for slug in item.profiles:
                found[slug].append(item)
        return dict(found)

    @cached_property
    def by_programme(self) -> dict[str, list[MediaItem]]:
        """A programme's code -> its public episodes, newest first; only programmes that have one."""
        found: dict[str, list[MediaItem]] = {}
        for item in self.items:
            found.setdefault(item.programme, []).append(item)
        return {code: found[code] for code in self.programmes if code in found}


def publish_reportage(publication: Publication) -> Reportage:
    public_profiles = {p.slug for p in publication.profiles}
    shown, withheld = [], []
    for item in publication.content.media:
        reason = withheld_reason(item, publication.today)
        if reason is None and any(slug not in public_profiles for slug in item.profiles):
            reason = FEATURED_WITHHELD
        if reason is None:
            shown.append(item)
        else:
            withheld.append((item, reason))
    shown.sort(key=lambda item: sort_key(item.title))
    shown.sort(key=lambda item: item.aired, reverse=True)  # stable: A–Z within a day
    return Reportage(tuple(shown), tuple(withheld), publication.content.programmes)
