"""The juror's scoring workbook: written by the jury pack, read back by `contest scores`.

One sheet: the juror's code and the round above the table; one row per entry code, one column
per criterion (its weight and highest score in the heading), each score cell a drop-down of the
scores from 0 to the highest in half points (the workbook's own data validation: nothing else
can be typed there), the rest of the sheet protected (without a password: protection keeps a
juror from typing over a code by mistake, nothing more). The drop-downs' scores are numbers in
a hidden sheet, so that Excel shows them with the juror's own decimal comma.
"""

from __future__ import annotations

import datetime as dt
import io
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .model import Contest, Juror, Round
from .office import dated_archive
from .words import contest_words

JUROR_CELL, ROUND_CELL = "B3", "B4"
HEADER_ROW = 6


def scale(maximum: int, step: Fraction) -> list[float | int]:
    """The scores a drop-down offers: 0, step, 2 × step, … maximum (whole ones as whole numbers)."""
    scores = (step * n for n in range(int(maximum / step) + 1))
    return [int(s) if s.denominator == 1 else float(s) for s in scores]


def step_text(step: Fraction) -> str:
    """The step as a Vietnamese reader writes it: 0,5; 0,25; 1."""
    return str(int(step)) if step.denominator == 1 else format(float(step), "g").replace(".", ",")


def criterion_heading(contest: Contest, index: int) -> str:
    c = contest.criteria[index]
    return contest_words()["workbook"]["criterion"].format(name=c.name, weight=c.weight, max=c.maximum)


def headings(contest: Contest) -> list[str]:
    w = contest_words()["workbook"]
    return [w["code"], *(criterion_heading(contest, i) for i in range(len(contest.criteria))), w["note"]]


def score_workbook(contest: Contest, round_: Round, juror: Juror, codes: list[str]) -> bytes:
    """The workbook's bytes; the same bytes for the same contest, round, juror and entries."""
    w = contest_words()["workbook"]
    book = Workbook()
    sheet = book.active
    sheet.title = w["sheet"]
    sheet["A1"] = w["title"].format(contest=contest.name, number=round_.number, round=round_.name)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = " ".join(w["guide"].format(step=step_text(contest.score_step)).split())
    sheet["A3"], sheet[JUROR_CELL] = w["juror"], juror.code
    sheet["A4"], sheet[ROUND_CELL] = w["round"], round_.number
    for column, text in enumerate(headings(contest), start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = 14 if column == 1 else 24
    last = HEADER_ROW + len(codes)
    scales = book.create_sheet(w["scale_sheet"])
    scales.sheet_state = "hidden"
    columns: dict[int, str] = {}  # a criterion's highest score -> its scale's range
    for maximum in sorted({c.maximum for c in contest.criteria}):
        letter = get_column_letter(len(columns) + 1)
        values = scale(maximum, contest.score_step)
        for row, value in enumerate(values, start=1):
            scales.cell(row, len(columns) + 1, value)
        columns[maximum] = f"'{scales.title}'!${letter}$1:${letter}${len(values)}"
    for index, criterion in enumerate(contest.criteria):
        letter = get_column_letter(index + 2)
        rule = DataValidation(type="list", formula1=columns[criterion.maximum], allow_blank=False,
                              showErrorMessage=True, errorTitle=w["score_error_title"],
                              error=w["score_error"].format(max=criterion.maximum,
                                                            step=step_text(contest.score_step)))
        rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{max(last, HEADER_ROW + 1)}")
        sheet.add_data_validation(rule)
    for row, code in enumerate(codes, start=HEADER_ROW + 1):
        sheet.cell(row, 1, code)
        for column in range(2, len(contest.criteria) + 3):
            sheet.cell(row, column).protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    # No name in the file's own properties, and fixed dates: the same pack twice is the same bytes.
    stamp = dt.datetime.combine(round_.date, dt.time())
    book.properties.creator = ""
    book.properties.lastModifiedBy = ""
    book.properties.created = book.properties.modified = stamp
    book.properties.title = sheet["A1"].value
    out = io.BytesIO()
    book.save(out)
    return dated_archive(out.getvalue(), stamp)
