"""The secretariat's entry workbook: its columns (theme/contest.yml `intake:`, as a nominations
Spec, so that the nominations' table reader reads it) and the template `contest template` writes."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..content.model import Taxonomies
from ..nominations.spec import Column, Spec
from .model import Contest
from .office import dated_archive
from .words import contest_words

TEMPLATE_ROWS = 500


def intake_spec() -> Spec:
    words = contest_words()["intake"]
    return Spec(
        columns=tuple(Column(**column) for column in words["columns"]), sheets=dict(words["sheets"]),
        texts={k: words[k] for k in ("title", "guide_intro", "list_error_title", "list_error")},
        ignored_headings=tuple(words["ignored_headings"]), yes=tuple(words["answer_yes"]),
        no=tuple(words["answer_no"]), defaults={}, limits=dict(words["limits"]))


def list_values(contest: Contest, tax: Taxonomies, name: str) -> list[str]:
    """The names a drop-down offers: the contest's genres, or the localities valid while it runs."""
    if name == "genres":
        return [g.name for g in contest.genres.values()]
    return [loc.name for loc in tax.localities.values() if loc.valid_on(contest.opens)]


def entry_template(contest: Contest, tax: Taxonomies) -> bytes:
    spec = intake_spec()
    book = Workbook()
    data = book.active
    data.title = spec.data_sheet
    guide = book.create_sheet(spec.sheets["guide"])
    lists = book.create_sheet(spec.sheets["lists"])
    ranges = {}
    for index, name in enumerate(("genres", "localities"), start=1):
        values = list_values(contest, tax, name)
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            lists.cell(row, index, value)
        ranges[name] = f"'{lists.title}'!${letter}$1:${letter}${len(values)}"
    lists.sheet_state = "hidden"
    for index, cell in enumerate(spec.sheet_cells(), start=1):
        column, letter = cell.column, get_column_letter(index)
        head = data.cell(1, index, cell.heading)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[letter].width = 22
        if column.type in ("list", "yesno"):
            formula = ranges[column.list] if column.type == "list" else f'"{spec.yes[0]},{spec.no[0]}"'
            rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                  errorTitle=spec.texts["list_error_title"], error=spec.texts["list_error"])
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            data.add_data_validation(rule)
        if column.type == "date":
            for row in range(2, TEMPLATE_ROWS + 2):
                data.cell(row, index).number_format = "DD/MM/YYYY"
    data.freeze_panes = "B2"
    guide.cell(1, 1, spec.texts["title"].format(contest=contest.name)).font = Font(bold=True, size=14)
    guide.cell(2, 1, " ".join(spec.texts["guide_intro"].split())).alignment = Alignment(wrap_text=True)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 80
    for row, cell in enumerate(spec.sheet_cells(), start=4):
        guide.cell(row, 1, cell.heading).font = Font(bold=cell.column.required)
        guide.cell(row, 2, cell.column.help)
    out = io.BytesIO()
    book.save(out)
    return dated_archive(out.getvalue(), dt.datetime.combine(contest.opens, dt.time()))
