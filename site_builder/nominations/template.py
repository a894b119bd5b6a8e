"""`site-builder template FILE.xlsx`: the nomination workbook the council sends out.

Made with openpyxl: it writes real Excel data validation (drop-down lists), hidden
sheets and number formats, and is already the reader's companion for formulas.
The lists are the taxonomies' names (a unit chooses "Y tế", never types `y-te`),
kept on a hidden sheet because Excel limits a list typed into the rule itself
to 255 characters, which the units of one province exceed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..content.model import Taxonomies
from .spec import Spec, load_spec

# Rows of the sheet "Đề nghị" that carry the drop-downs and date formats: a unit
# sends a few dozen nominees a quarter; a thousand rows is room to spare.
TEMPLATE_ROWS = 1000
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_WIDTHS = {"text": 28, "multiline": 48, "date": 13, "yesno": 12, "list": 30}


def list_names(taxonomies: Taxonomies, name: str, day: dt.date) -> list[str]:
    """The names a drop-down offers, in the taxonomy's own order (the plan's order). A unit
    that ceased by `day` (or began after it) is not offered: the profile would be refused."""
    entries = getattr(taxonomies, name).values()
    if name == "units":
        entries = [unit for unit in entries if unit.valid_on(day)]
    return [entry.name for entry in entries]


def build_template(taxonomies: Taxonomies, council: str, day: dt.date, spec: Spec | None = None) -> Workbook:
    spec = spec or load_spec()
    texts = spec.texts
    book = Workbook()
    data = book.active
    data.title = spec.data_sheet
    guide = book.create_sheet(spec.sheets["guide"])
    lists = book.create_sheet(spec.sheets["lists"])

    # The hidden sheet of lists: one column per taxonomy that a column uses.
    ranges: dict[str, tuple[str, int]] = {}
    used = [c.list for c in spec.columns if c.list]
    for index, name in enumerate(dict.fromkeys(used)):
        letter = get_column_letter(index + 1)
        names = list_names(taxonomies, name, day)
        lists.cell(row=1, column=index + 1, value=name)
        for row, value in enumerate(names, start=2):
            lists.cell(row=row, column=index + 1, value=value)
        ranges[name] = (f"'{lists.title}'!${letter}$2:${letter}${len(names) + 1}", len(names))
    lists.sheet_state = "hidden"

    cells = spec.sheet_cells()
    for index, cell in enumerate(cells, start=1):
        column = cell.column
        letter = get_column_letter(index)
        head = data.cell(row=1, column=index, value=cell.heading)
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        head.fill = _REQUIRED_FILL if column.required and cell.n == 1 else _HEADING_FILL
        data.column_dimensions[letter].width = _WIDTHS[column.type]
        area = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.type in ("list", "yesno"):
            formula = ranges[column.list][0] if column.type == "list" else f'"{spec.yes[0]},{spec.no[0]}"'
            rule = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                                  showErrorMessage=True, errorTitle=texts["list_error_title"],
                                  error=texts["list_error"], promptTitle=cell.heading[:32],
                                  prompt=column.help[:255], showInputMessage=True)
            rule.add(area)
            data.add_data_validation(rule)
        if column.type in ("date", "multiline"):
            for row in range(2, TEMPLATE_ROWS + 2):
                target = data.cell(row=row, column=index)
                if column.type == "date":
                    target.number_format = "DD/MM/YYYY"
                else:
                    target.alignment = Alignment(wrap_text=True, vertical="top")
    data.row_dimensions[1].height = 45
    data.freeze_panes = "B2"

    # The guide: what each column is, then an example row laid out like "Đề nghị".
    guide.cell(row=1, column=1, value=texts["title"].format(council=council)).font = Font(bold=True, size=14)
    intro = guide.cell(row=2, column=1, value=" ".join(texts["guide_intro"].split()))
    intro.alignment = Alignment(wrap_text=True, vertical="top")
    guide.merge_cells(start_row=2, start_column=1, end_row=2, end_column=5)
    guide.row_dimensions[2].height = 90
    for index, heading in enumerate(texts["guide_headings"], start=1):
        guide.cell(row=4, column=index, value=heading).font = Font(bold=True)
    for width, letter in zip((8, 32, 16, 70, 40), "ABCDE"):
        guide.column_dimensions[letter].width = width
    examples = {}
    for row, (index, cell) in enumerate(enumerate(cells), start=5):
        column = cell.column
        how = column.help
        if column.type == "list":
            how = f"{how} {texts['list_hint'].format(count=ranges[column.list][1])}"
        example = example_value(column, cell.n, taxonomies, spec, day)
        examples[index] = example
        values = (get_column_letter(index + 1), cell.heading,
                  texts["required_mark"] if column.required and cell.n == 1 else texts["optional_mark"],
                  how, example)
        for col, value in enumerate(values, start=1):
            guide.cell(row=row, column=col, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    start = 5 + len(cells) + 1
    guide.cell(row=start, column=1, value=texts["guide_example"]).font = Font(bold=True)
    for index, cell in enumerate(cells):
        guide.cell(row=start + 1, column=index + 1, value=cell.heading).font = Font(bold=True)
        guide.cell(row=start + 2, column=index + 1, value=examples[index]).alignment = Alignment(wrap_text=True)
    return book


def example_value(column, n: int, taxonomies: Taxonomies, spec: Spec, day: dt.date) -> str:
    """The example row's value: the first name of a list (so the example is true of
    this province's taxonomies), the text of theme/nominations.yml otherwise."""
    if n > 1:
        return ""
    if column.type == "list":
        names = list_names(taxonomies, column.list, day)
        return names[0] if names else ""
    if column.type == "yesno":
        return spec.yes[0]
    return str(column.example or "")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_template(taxonomies: Taxonomies, council: str, day: dt.date, out: Path) -> None:
    save_workbook(build_template(taxonomies, council, day), out)


def save_workbook(book: Workbook, out: Path) -> None:
    """Save a workbook whole or not at all (written beside, then renamed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".mau-", suffix=".xlsx", dir=out.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a workbook is for sending
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
