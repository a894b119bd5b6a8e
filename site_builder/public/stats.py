"""Figures about the public profiles: one code path for the website's
statistics page and the yearbook's statistics chapter.

Every table is computed from a `Publication` (public profiles only), so a
withheld profile is never counted where the public can see it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from ..content.model import Term
from .gate import Publication
from .groupings import Grouping, groupings


@dataclass(frozen=True)
class Table:
    """A table of counts: rows × columns, with totals.

    A plain count by one taxonomy has a single column (labels' `stats.count`).
    """

    key: str  # stable identifier: "field-by-kind"
    title: str
    row_header: str
    rows: tuple[Term, ...]
    columns: tuple[Term, ...]
    cells: tuple[tuple[int, ...], ...]

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        width = len(self.cells[0]) if self.cells else 0
        return tuple(sum(row[i] for row in self.cells) for i in range(width))

    @property
    def total(self) -> int:
        return sum(self.row_totals)


def tables(publication: Publication, labels: dict) -> tuple[Table, ...]:
    """The standard set of tables, titles from theme/labels.yml (`stats` block)."""
    every = groupings(publication)
    t = labels["stats"]
    count_column = (Term("count", t["count"]),)
    fields, kinds = every["fields"], every["kinds"]
    years = replace(every["years"], terms=tuple(reversed(every["years"].terms)))  # oldest first, as a time series
    # By locality twice: by the current units (the default, see public/places.py for the rule), and
    # by the place as recorded when the profile was recognised.
    one_column = (("movement", "movements", labels["movements"]), ("locality", "localities", labels["locality"]),
                  ("locality-recorded", "recorded_localities", labels["locality"]),
                  ("kind", "kinds", labels["kind"]), ("stage", "stages", labels["stage"]))
    counted = [every[key] for _, key, _ in one_column] + [years]
    # One pass over the profiles (ten thousand of them on a national site), one counter per table;
    # a profile counts once per row.
    by_field_kind: Counter = Counter()
    counters: list[Counter[str]] = [Counter() for _ in counted]
    for p in publication.profiles:
        kind = next(iter(kinds.members(p)))
        by_field_kind.update((code, kind) for code in set(fields.members(p)))
        for counter, grouping in zip(counters, counted):
            counter.update(set(grouping.members(p)))
    field_by_kind = tuple(tuple(by_field_kind[f.code, k.code] for k in kinds.terms) for f in fields.terms)

    def column(counter: Counter, grouping: Grouping) -> tuple[tuple[int, ...], ...]:
        return tuple((counter[row.code],) for row in grouping.terms)

    made = [Table("field-by-kind", t["field_by_kind"], labels["fields"], fields.terms, kinds.terms, field_by_kind)]
    for (key, _, header), counter, grouping in zip(one_column, counters, counted):
        # Localities are many (3,321 communes in the country): only those with profiles are rows.
        if key in ("locality", "locality-recorded"):
            grouping = replace(grouping, terms=tuple(term for term in grouping.terms if counter[term.code]))
        made.append(Table(key, t[key], header, grouping.terms, count_column, column(counter, grouping)))
    made.append(Table("year", t["year"], labels["year"], years.terms, count_column, column(counters[-1], years)))
    return tuple(made)
