"""Figures about the public profiles: one code path for the website's
statistics page and the yearbook's statistics chapter.

Every table is computed from a `Publication` (public profiles only), so a
withheld profile is never counted where the public can see it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..content.model import Term
from .gate import Publication


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


def _column(counts: Counter, rows) -> tuple[tuple[int, ...], ...]:
    return tuple((counts[row.code],) for row in rows)


def tables(publication: Publication, labels: dict) -> tuple[Table, ...]:
    """The standard set of tables, titles from theme/labels.yml (`stats` block)."""
    tax = publication.content.taxonomies
    t = labels["stats"]
    kinds = tuple(tax.kinds.values())
    fields = tuple(tax.fields.values())
    # One pass over the profiles (ten thousand of them on a national site), one counter per table.
    by_field_kind, by_movement, by_locality, by_kind, by_stage, by_year = (Counter() for _ in range(6))
    for p in publication.profiles:
        by_field_kind.update((code, p.kind) for code in set(p.fields))  # a profile counts once per row
        by_movement.update(set(p.movements))
        by_locality[p.locality] += 1
        by_kind[p.kind] += 1
        by_stage[p.stage] += 1
        by_year[str(p.year)] += 1
    years = tuple(Term(year, year) for year in sorted(by_year, key=int))
    count_column = Term("count", t["count"])
    field_by_kind = tuple(tuple(by_field_kind[f.code, k.code] for k in kinds) for f in fields)
    return (
        Table("field-by-kind", t["field_by_kind"], labels["fields"], fields, kinds, field_by_kind),
        Table("movement", t["movement"], labels["movements"], tuple(tax.movements.values()), (count_column,),
              _column(by_movement, tax.movements.values())),
        Table("locality", t["locality"], labels["locality"], tuple(tax.localities.values()), (count_column,),
              _column(by_locality, tax.localities.values())),
        Table("kind", t["kind"], labels["kind"], kinds, (count_column,), _column(by_kind, kinds)),
        Table("stage", t["stage"], labels["stage"], tuple(tax.stages.values()), (count_column,),
              _column(by_stage, tax.stages.values())),
        Table("year", t["year"], labels["year"], years, (count_column,), _column(by_year, years)),
    )
