"""The search page's filters: kind, field, movement, locality, year and award.

Each is a grouping of public/groupings.py (one definition for the site's listings, the
statistics and these facets), keyed by the URL parameter the search page reads
(`?linh-vuc=nong-nghiep`) and the Pagefind filter of the same name. A record is filed under
its values (`profile_filters`); the page shows the options with their counts (`facets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..content.model import Profile
from ..content.text import format_date
from ..public.gate import Publication
from ..public.groupings import groupings
from ..public.honours import honours_by_profile, public_events
from ..public.places import now_places


@dataclass(frozen=True)
class FacetOption:
    code: str
    name: str
    count: int  # public profiles with this value, in the whole collection


@dataclass(frozen=True)
class OptionGroup:
    """Options shown together: under an <optgroup> named `label`, or, with no label, on their own."""

    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter and Pagefind filter name, e.g. "linh-vuc"
    label: str
    groups: tuple[OptionGroup, ...]

    @property
    def options(self) -> tuple[FacetOption, ...]:
        return tuple(option for group in self.groups for option in group.options)


FacetValues = Callable[[Profile], Iterable[str]]

# The search page's filters, in the order it shows them: (grouping key, label key in labels.search.facets).
FACETS = (("kinds", "kind"), ("fields", "field"), ("movements", "movement"), ("localities", "locality"),
          ("years", "year"), ("awards", "award"))
# After them, where the content has events: the honouring event (public/honours.py).
EVENT_FILTER = "su-kien"


def facet_values_of(publication: Publication) -> list[tuple[str, str, list[tuple[str, str]], FacetValues]]:
    """(filter name, label key, [(code, name)] in display order, values of a profile) for every facet.

    The locality filter finds a profile by every place it is in, then and now (`ProfilePlace.every_code`:
    choosing Tỉnh Lâm Đồng finds a 2023 profile of the former Huyện Hàm Thuận Bắc, Tỉnh Bình Thuận);
    its options are grouped by current unit in `facets`."""
    every = groupings(publication)
    tax = publication.content.taxonomies
    places = {p.slug: publication.places[p.slug].every_code() for p in publication.profiles}
    made: list[tuple[str, str, list[tuple[str, str]], FacetValues]] = []
    for key, label_key in FACETS:
        grouping = every[key]
        if key == "localities":
            options = [(loc.code, loc.name) for loc in tax.localities.values()]
            made.append((grouping.prefix, label_key, options, lambda p: places.get(p.slug, ())))
        else:
            made.append((grouping.prefix, label_key, [(t.code, t.label) for t in grouping.terms], grouping.members))
    events = public_events(publication)  # the honouring events, newest first: a profile by where it was honoured
    if events:
        honoured = honours_by_profile(events)
        made.append((EVENT_FILTER, "event", [(e.event.slug, e.event.name) for e in events],
                     lambda p: [event.event.slug for event, _entry in honoured.get(p.slug, ())]))
    return made


def facets(publication: Publication, labels: dict) -> tuple[Facet, ...]:
    """The search page's facets, with counts over all public profiles; empty options left out.

    The locality facet offers the current units, each as a group with the former places that count
    under it (public/places.py), dated: "Tỉnh Lâm Đồng" › "Tỉnh Bình Thuận (đến 30/06/2025)"."""
    result = []
    for key, label_key, options, values in facet_values_of(publication):
        counts: dict[str, int] = {}
        for profile in publication.profiles:
            for code in values(profile):
                counts[code] = counts.get(code, 0) + 1
        label = labels["search"]["facets"][label_key]
        if label_key == "locality":
            groups = _locality_groups(publication, counts, labels)
        else:
            groups = (OptionGroup("", tuple(FacetOption(code, name, counts[code])
                                            for code, name in options if counts.get(code))),)
        result.append(Facet(key, label, groups))
    return tuple(result)


def _locality_groups(publication: Publication, counts: dict[str, int], labels: dict) -> tuple[OptionGroup, ...]:
    """One group per current unit with profiles: the unit, then each former place counting under it."""
    localities, today = publication.content.taxonomies.localities, publication.today
    under: dict[str, list[FacetOption]] = {}
    for loc in localities.values():
        now = now_places(localities, loc.code, today)
        if not counts.get(loc.code) or not now:
            continue
        ended = loc.valid_to if now[0].code != loc.code else None
        name = labels["search"]["former_option"].format(name=loc.name, date=format_date(ended)) \
            if ended else loc.name
        under.setdefault(now[0].code, []).append(FacetOption(loc.code, name, counts[loc.code]))
    current = groupings(publication)["localities"].terms
    return tuple(OptionGroup(term.name, tuple(sorted(under[term.code], key=lambda o: o.code != term.code)))
                 for term in current if term.code in under)


def profile_filters(facet_values: list[tuple[str, str, list[tuple[str, str]], FacetValues]],
                    profile: Profile) -> dict[str, list[str]]:
    """A profile's facet values; `facet_values` is `facet_values_of(publication)`, made once per build."""
    filters = {key: list(values(profile)) for key, _, _, values in facet_values}
    return {key: codes for key, codes in filters.items() if codes}
