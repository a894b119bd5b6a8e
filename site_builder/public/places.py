"""Where a public profile is: the place as recorded, and what that place is now.

A profile keeps the locality it was recognised in (valid on its `submitted` date:
"Huyện Hàm Thuận Bắc" in 2023); since the 2025 reorganisation that place may have
ceased. Pages, listings, statistics and search also need it as it is on the
publication's date. The history itself is content (taxonomies/localities.yml) and
its graph functions are `content.localities`; this module decides how the public
outputs use them.

The counting rule (also in the README, "Writing content"): a profile counts under
the current units `now_places` gives — its own locality while that is still valid;
else `now_part_of`: the one current successor, or, when its place was split among
several current units, the nearest current unit containing all of them (a 2023
profile of the former Huyện Hàm Thuận Bắc, whose communes are now several communes
of Lâm Đồng, counts under Tỉnh Lâm Đồng, never under one of those communes, since
nobody recorded which). So each profile counts once, under a unit that surely
contains it, and a table by current units adds up to the number of profiles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..content.localities import ancestors_of, now_part_of
from ..content.model import Locality, Profile


def now_places(localities: dict[str, Locality], code: str, today: dt.date) -> tuple[Locality, ...]:
    """The current units a profile recorded at `code` counts under on `today` (module docstring);
    () for a profile without a locality."""
    if code not in localities:
        return ()
    return now_part_of(localities, code, today) or (localities[code],)


@dataclass(frozen=True)
class PlaceChain:
    """A locality and those containing it on one day, nearest first: Xã Hàm Thuận Bắc, Tỉnh Lâm Đồng."""

    localities: tuple[Locality, ...]

    @property
    def place(self) -> Locality:
        return self.localities[0]


@dataclass(frozen=True)
class ProfilePlace:
    """A profile's place for every public output: as recorded, and what it is part of now."""

    recorded: PlaceChain | None  # the profile's locality and its parents on its `submitted` date
    # What the recorded place is part of on the publication's date, each with its parents then;
    # () while the recorded place is still valid (nothing to add after "nay thuộc").
    now_part_of: tuple[PlaceChain, ...]

    def _every_locality(self) -> tuple[Locality, ...]:
        chains = ((self.recorded,) if self.recorded else ()) + self.now_part_of
        return tuple(dict.fromkeys(loc for chain in chains for loc in chain.localities))

    def every_name(self) -> tuple[str, ...]:
        """The names a reader may search it by: the place as recorded and as now, with their parents."""
        return tuple(dict.fromkeys(loc.name for loc in self._every_locality()))

    def every_code(self) -> tuple[str, ...]:
        """The codes a locality filter finds it by: the recorded place and its parents then, the
        current units it counts under and their parents now (choosing a province finds all of it)."""
        return tuple(loc.code for loc in self._every_locality())


def profile_place(localities: dict[str, Locality], profile: Profile, today: dt.date) -> ProfilePlace:
    """`profile`'s place as recorded and, when it has ceased by `today`, what it is part of now."""
    return profile_places(localities, (profile,), today)[profile.slug]


def profile_places(localities: dict[str, Locality], profiles: Iterable[Profile],
                   today: dt.date) -> dict[str, ProfilePlace]:
    """Slug → `profile_place` for many profiles at once (`Publication.places`, made once per build).

    Many profiles share a locality (10,000 synthetic ones sit in about 60): what a locality is part
    of now is worked out once per locality, and a recorded chain once per locality and day, so that
    the pages, the search records and the open data share one `ProfilePlace` instead of walking the
    history again (the walks were about a fifth of a preview rebuild at 10,000 profiles)."""
    now: dict[str, tuple[PlaceChain, ...]] = {}
    places: dict[tuple[str, dt.date], ProfilePlace] = {}
    result = {}
    for profile in profiles:
        code = profile.locality
        if code not in localities:
            result[profile.slug] = ProfilePlace(None, ())
            continue
        if code not in now:
            now[code] = tuple(PlaceChain((loc, *ancestors_of(localities, loc.code, today)))
                              for loc in now_part_of(localities, code, today))
        key = (code, profile.submitted)
        if key not in places:
            places[key] = ProfilePlace(PlaceChain((localities[code], *ancestors_of(localities, code, profile.submitted))),
                                       now[code])
        result[profile.slug] = places[key]
    return result
