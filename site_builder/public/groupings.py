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
    found = (
        Grouping("fields", "linh-vuc", tuple(tax.fields.values()), lambda p: p.fields),
        Grouping("movements", "phong-trao", tuple(tax.movements.values()), lambda p: p.movements),
        Grouping("kinds", "doi-tuong", tuple(tax.kinds.values()), lambda p: (p.kind,)),
        Grouping("localities", "dia-phuong", tuple(tax.localities.values()), lambda p: (p.locality,)),
        Grouping("years", "nam", year_terms, lambda p: (str(p.year),)),
        Grouping("stages", "giai-doan", tuple(tax.stages.values()), lambda p: (p.stage,)),
        Grouping("awards", "khen-thuong", award_terms, lambda p: sorted({g.award.code for g in p.awards})),
    )
    return {g.key: g for g in found}


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
