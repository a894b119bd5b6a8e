"""Figures about the public profiles: one code path for the website's
statistics page and the yearbook's statistics chapter.

Every table is computed from a `Publication` (public profiles only), so a
withheld profile is never counted where the public can see it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .gate import Publication
from .model import Term


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


def _count(publication: Publication, rows, members) -> tuple[tuple[int, ...], ...]:
    return tuple((sum(1 for p in publication.profiles if row.code in members(p)),) for row in rows)


def tables(publication: Publication, labels: dict) -> tuple[Table, ...]:
    """The standard set of tables, titles from theme/labels.yml (`stats` block)."""
    tax = publication.content.taxonomies
    t = labels["stats"]
    kinds = tuple(tax.kinds.values())
    fields = tuple(tax.fields.values())
    years = tuple(Term(str(y), str(y)) for y in sorted({p.year for p in publication.profiles}))
    count_column = Term("count", t["count"])
    field_by_kind = tuple(
        tuple(sum(1 for p in publication.profiles if f.code in p.fields and p.kind == k.code) for k in kinds)
        for f in fields
    )
    return (
        Table("field-by-kind", t["field_by_kind"], labels["fields"], fields, kinds, field_by_kind),
        Table("movement", t["movement"], labels["movements"], tuple(tax.movements.values()), (count_column,),
              _count(publication, tax.movements.values(), lambda p: p.movements)),
        Table("locality", t["locality"], labels["locality"], tuple(tax.localities.values()), (count_column,),
              _count(publication, tax.localities.values(), lambda p: (p.locality,))),
        Table("kind", t["kind"], labels["kind"], kinds, (count_column,),
              _count(publication, kinds, lambda p: (p.kind,))),
        Table("stage", t["stage"], labels["stage"], tuple(tax.stages.values()), (count_column,),
              _count(publication, tax.stages.values(), lambda p: (p.stage,))),
        Table("year", t["year"], labels["year"], years, (count_column,),
              _count(publication, years, lambda p: (str(p.year),))),
    )
