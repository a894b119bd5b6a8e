"""Ways of grouping public profiles: by field, movement, kind, locality, year, stage or award.

One definition serves the site's sections and listings, the search page's
facets, the statistics tables and the feeds: each grouping names its terms in
display order and the codes a profile is filed under.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable

from ..content.model import Profile, Term
from .gate import Publication
from .places import now_places
from .views import ProfileView


@dataclass(frozen=True)
class Grouping:
    """One way of grouping profiles: its terms in display order, and the codes a profile is filed under."""

    key: str  # label key in theme/labels.yml: "fields"
    prefix: str  # URL part of its listings and name of its search filter: "linh-vuc"
    terms: tuple[Term, ...]
    members: Callable[[Profile], Iterable[str]]


def groupings(publication: Publication) -> dict[str, Grouping]:
    """Every grouping of the public profiles, by key. Years are those with public profiles, newest
    first, each named by its number."""
    tax = publication.content.taxonomies
    years = sorted({p.year for p in publication.profiles}, reverse=True)
    year_terms = tuple(Term(str(y), str(y)) for y in years)
    award_terms = tuple(Term(a.code, a.name) for a in tax.awards.values())
    # By locality: the units valid on the publication's date, each profile under the current unit
    # its recorded place counts under (public/places.py: one unit that surely contains it);
    # "recorded_localities" keeps the place as recorded, for the tables one click away.
    localities, today = tax.localities, publication.today
    counted_under = {code: tuple(loc.code for loc in now_places(localities, code, today)) for code in localities}
    # A place not valid today that a profile still counts under (one that ceased without successor,
    # or one dated after today) is kept too: a table by current unit always adds up.
    counted_codes = {c for p in publication.profiles for c in counted_under.get(p.locality, ())}
    current = tuple(loc for loc in localities.values() if loc.valid_on(today) or loc.code in counted_codes)
    found = (
        Grouping("fields", "linh-vuc", tuple(tax.fields.values()), lambda p: p.fields),
        Grouping("movements", "phong-trao", tuple(tax.movements.values()), lambda p: p.movements),
        Grouping("kinds", "doi-tuong", tuple(tax.kinds.values()), lambda p: (p.kind,)),
        Grouping("localities", "dia-phuong", current, lambda p: counted_under.get(p.locality, ())),
        Grouping("recorded_localities", "dia-phuong", tuple(localities.values()),
                 lambda p: (p.locality,) if p.locality else ()),
        Grouping("years", "nam", year_terms, lambda p: (str(p.year),)),
        Grouping("stages", "giai-doan", tuple(tax.stages.values()), lambda p: (p.stage,)),
        Grouping("awards", "khen-thuong", award_terms, lambda p: sorted({g.award.code for g in p.awards})),
    )
    return {g.key: g for g in found}


def recorded_localities(publication: Publication) -> Grouping:
    """Profiles by the locality recorded in them (every locality that ever was), beside the default
    grouping by current unit ("localities")."""
    return groupings(publication)["recorded_localities"]


# The site's sections: each has an overview page and one listing per term.
SECTION_KEYS = ("fields", "movements", "kinds", "localities", "years")


def sections_for(publication: Publication, labels: dict) -> tuple[Grouping, ...]:
    """The groupings that are sections of the site; a year's listing is titled "Năm 2024" (labels.year_name)."""
    every = groupings(publication)
    years = every["years"]
    every["years"] = replace(years, terms=tuple(Term(t.code, labels["year_name"].format(year=t.code))
                                                for t in years.terms))
    return tuple(every[key] for key in SECTION_KEYS)


def members_by_term(section: Grouping, ordered: list[ProfileView]) -> dict[str, list[ProfileView]]:
    """Profiles filed under each term of `section`, keeping the order of `ordered` (one pass)."""
    index: dict[str, list[ProfileView]] = {term.code: [] for term in section.terms}
    for view in ordered:
        for code in section.members(view.profile):
            index.setdefault(code, []).append(view)
    return index
