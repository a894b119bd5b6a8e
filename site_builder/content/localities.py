"""What a locality became, came from and belonged to: pure functions over
`Taxonomies.localities` (code → Locality), no I/O.

A profile records the place as it was on its `submitted` date; pages, search and
open data also need the place as it is now. The history in localities.yml is a
graph: `became` links a locality to its successors (a district to the communes
that replaced it, a province to the province it merged into), `parent` to the
locality containing it. Validation (taxonomies.py, with the succession rules of
succession.py shared by units and groups) reports a cycle or an unknown code, and a
build with errors goes no further; the walks below still keep a set of what they
have seen, so that content still being checked cannot make them loop.
"""

from __future__ import annotations

import datetime as dt

from .model import Locality
from .text import sort_key


def _vietnamese(localities: list[Locality] | set[Locality]) -> tuple[Locality, ...]:
    return tuple(sorted(localities, key=lambda loc: sort_key(loc.name)))


def current_of(localities: dict[str, Locality], code: str, today: dt.date) -> tuple[Locality, ...]:
    """The localities valid on `today` that `code` is now: itself if still valid, else its
    successors' current ones, following `became` (a former district → all its communes)."""
    found: dict[str, Locality] = {}
    pending = [code]
    seen: set[str] = set()
    while pending:
        here = localities[pending.pop()]
        if here.code in seen:
            continue
        seen.add(here.code)
        if here.valid_on(today):
            found[here.code] = here
        else:
            pending.extend(here.became)
    return _vietnamese(list(found.values()))


def came_from_index(localities: dict[str, Locality]) -> dict[str, list[str]]:
    """Code → the codes that became it directly. Made once for the pages of every locality: made per
    call, `predecessors_of` for the 3,000 communes of a national site took 24 s."""
    came_from: dict[str, list[str]] = {}
    for loc in localities.values():
        for successor in loc.became:
            came_from.setdefault(successor, []).append(loc.code)
    return came_from


def predecessors_of(localities: dict[str, Locality], code: str,
                    came_from: dict[str, list[str]] | None = None) -> tuple[Locality, ...]:
    """Every locality that became `code`, directly or through others, in Vietnamese order.
    `came_from` is `came_from_index(localities)` when asked for many codes, else it is made here."""
    came_from = came_from_index(localities) if came_from is None else came_from
    found: set[Locality] = set()
    pending = list(came_from.get(code, ()))
    while pending:
        before = localities[pending.pop()]
        if before not in found:
            found.add(before)
            pending.extend(came_from.get(before.code, ()))
    return _vietnamese(found)


def ancestors_of(localities: dict[str, Locality], code: str, day: dt.date) -> tuple[Locality, ...]:
    """The chain of localities containing `code` as it was on `day`, nearest first
    (a district → its province). A parent is the code in `parent`; validation makes sure
    it was valid over the child's dates."""
    chain: list[Locality] = []
    parent = localities[code].parent
    while parent and parent in localities and localities[parent] not in chain:
        loc = localities[parent]
        chain.append(loc)
        parent = loc.parent
    return tuple(loc for loc in chain if loc.valid_on(day))


def now_part_of(localities: dict[str, Locality], code: str, today: dt.date) -> tuple[Locality, ...]:
    """What a page writes after "nay thuộc": the current successor when there is one; when there
    are several, the nearest current locality that contains them all (a district that became five
    communes of Lâm Đồng → Tỉnh Lâm Đồng); () when `code` is itself valid today."""
    if localities[code].valid_on(today):
        return ()
    now = current_of(localities, code, today)
    if len(now) <= 1:
        return now
    chains = [(loc, *ancestors_of(localities, loc.code, today)) for loc in now]
    common = [loc for loc in chains[0] if all(loc in chain for chain in chains[1:])]
    return (common[0],) if common else now
