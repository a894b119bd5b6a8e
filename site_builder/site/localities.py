"""The pages of localities (/dia-phuong/<code>/): one for every place that ever was.

* A current unit (valid on the publication's date) lists the profiles recorded under its own
  name first, then, in a block each, those recorded under a former name ("Hồ sơ ghi theo
  địa danh cũ: Huyện Phú Quý (đến 30/06/2025)"): every place that became it (its
  predecessors, even one that was split among several units: a reader of Xã Hàm Thuận Bắc
  looks for the former Huyện Hàm Thuận Bắc's exemplars there), and every other former
  place that counts under it (public/places.py: a split district counts under its province).
  It names the places it came from, with their dates, as links.
* A former one lists the profiles recorded under it and links what it became, from the
  day after its last, and the current unit it is now part of.
* A province's page, current or former, links the places it contains (or contained then).

So the page a statistics row links to lists every profile the row counts, and the
profiles of a split predecessor on the page of each of its successors (the page says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..content.localities import came_from_index, now_part_of, predecessors_of
from ..content.model import Locality
from ..content.text import format_date
from ..public.gate import Publication
from ..public.groupings import Grouping
from ..public.views import ProfileView


@dataclass(frozen=True)
class LocalityHistory:
    """What a locality's page says of its dates: when it was valid, what it came from, what it became."""

    locality: Locality
    current: bool  # valid on the publication's date
    predecessors: tuple[Locality, ...]  # every place that became it (a current unit's page lists them)
    became: tuple[Locality, ...]  # what it became the day after `valid_to`
    became_on: dt.date | None  # that day
    now_part_of: tuple[Locality, ...]  # the current unit(s) containing it now, when it has ceased
    # The localities it contains(ed), in the taxonomy's order: a province's page links its districts or
    # communes, whose profiles are on their own pages.
    parts: tuple[Locality, ...] = ()
    # The page lists the profiles of a former place that is now split among several units
    # (they are on each successor's page, and counted once, under the unit containing them all).
    lists_shared: bool = False


@dataclass(frozen=True)
class LocalityPage:
    url: str
    locality: Locality
    members: list[ProfileView]  # in the order shown
    headings: list[str] | None  # one per member: the block it is shown in; None: a single block
    history: LocalityHistory


def former_heading(locality: Locality, labels: dict) -> str:
    """"Hồ sơ ghi theo địa danh cũ: Huyện Phú Quý (đến 30/06/2025)"."""
    words = labels["locality_page"]
    if locality.valid_to is None:
        return words["former_block_undated"].format(name=locality.name)
    return words["former_block"].format(name=locality.name, date=format_date(locality.valid_to))


def locality_pages(publication: Publication, current: Grouping, counted: dict[str, list[ProfileView]],
                   recorded: dict[str, list[ProfileView]], labels: dict) -> list[LocalityPage]:
    """A page for every locality of the taxonomy, in its order. `current` is the grouping by current
    unit, `counted` its profiles per unit and `recorded` the profiles per recorded place (A–Z)."""
    localities, today = publication.content.taxonomies.localities, publication.today
    current_codes = {term.code for term in current.terms}
    order = {code: position for position, code in enumerate(localities)}
    a_to_z = {p.slug: position for position, p in enumerate(publication.profiles)}  # Vietnamese order
    parts: dict[str, list[Locality]] = {}
    for loc in localities.values():
        if loc.parent:
            parts.setdefault(loc.parent, []).append(loc)
    came_from = came_from_index(localities)
    pages = []
    for code, locality in localities.items():
        ceased = not locality.valid_on(today)
        became = tuple(localities[c] for c in locality.became)
        history = LocalityHistory(
            locality, current=not ceased, predecessors=predecessors_of(localities, code, came_from), became=became,
            became_on=locality.valid_to + dt.timedelta(days=1) if became and locality.valid_to else None,
            now_part_of=now_part_of(localities, code, today), parts=tuple(parts.get(code, ())))
        headings = None
        if code in current_codes:
            listed = {v.profile.slug: v for v in counted[code]}
            for before in history.predecessors:
                listed.update((v.profile.slug, v) for v in recorded[before.code])
            # Its own profiles first, then each former name's, in the taxonomy's order; A–Z within each.
            members = sorted(listed.values(), key=lambda v: (0 if v.profile.locality == code
                                                             else 1 + order[v.profile.locality], a_to_z[v.profile.slug]))
            if any(v.profile.locality != code for v in members):
                own = labels["locality_page"]["own_block"].format(name=locality.name)
                headings = [own if v.profile.locality == code else former_heading(localities[v.profile.locality], labels)
                            for v in members]
            counted_here = {v.profile.slug for v in counted[code]}
            history = replace(history, lists_shared=any(v.profile.slug not in counted_here for v in members))
        else:
            members = recorded[code]
        pages.append(LocalityPage(f"{current.prefix}/{code}/", locality, members, headings, history))
    return pages
