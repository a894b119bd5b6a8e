"""Reading a unit's nomination list: .xlsx, .xlsm, .xls, .ods (python-calamine) or .csv.

python-calamine reads all three spreadsheet formats with one API, in Rust, and gives
date cells as dates; it reports merged cells too. Formulas are the one thing it does
not show, so for .xlsx the formulas of the sheet are looked up with openpyxl (the
library that writes the template): a formula whose result was never saved (a file
written by a program, not Excel) would otherwise read as an empty cell.

Everything found wrong is a Problem whose place is `FILE: Đề nghị!F12`; nothing here
raises on bad input.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from ..common.messages import _
from ..content.diagnostics import Problems
from .spec import SheetCell, Spec, column_letter, heading_key

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and .doc): the old binary Office formats
_ZIP = b"PK\x03\x04"  # .xlsx, .ods


@dataclass
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    values: dict[int, object]  # column index (0-based) -> value, empty cells left out


@dataclass
class Table:
    display: str  # the file's name, as messages show it
    sheet: str | None  # None for a CSV file
    columns: dict[int, SheetCell]  # column index -> which column of the template
    header: int = 0  # the heading row's number
    rows: list[Row] = field(default_factory=list)

    def where(self, row: int, column: int | None = None) -> str:
        """`de-nghi.xlsx: Đề nghị!F12` (or `…!12` for a whole row)."""
        ref = f"{column_letter(column)}{row}" if column is not None else f"{row}"
        return f"{self.display}: {self.sheet}!{ref}" if self.sheet else f"{self.display}: {ref}"


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path, spec: Spec, problems: Problems, display: str | None = None) -> Table | None:
    """The nominees' rows of the workbook, or None with the reason in `problems`."""
    display = display or path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        problems.error(display, 0, _("file not found"))
        return None
    limit = spec.megabytes("workbook_megabytes")
    size = path.stat().st_size
    if size > limit * 1_000_000:
        problems.error(display, 0, _("the file is {size} MB, over the limit of {limit} MB for a nomination list "
                                     "(usually under 1 MB); delete the pictures pasted into the workbook and send "
                                     "the photos as files of their own", size=format(size / 1e6, ".0f"), limit=limit))
        return None
    if suffix == ".csv":
        return _read_csv(path, display, spec, problems)
    if suffix not in SPREADSHEETS:
        problems.error(display, 0, _("not a workbook; send a .xlsx, .xls, .ods or .csv file"))
        return None
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not (head.startswith(_ZIP) or head.startswith(_OLE)):
        problems.error(display, 0, _("the file ends in {suffix} but is no Excel/LibreOffice workbook (perhaps a web "
                                     "page or a text renamed); open it in Excel and save it as .xlsx", suffix=suffix))
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        problems.error(display, 0, _("the workbook has a password; remove it and send the workbook again"))
        return None
    except Exception as exc:  # calamine's errors: a damaged zip, XML or binary file
        problems.error(display, 0, _("cannot read the workbook, the file is damaged ({reason}); open it in Excel or "
                                     "LibreOffice, save it as .xlsx and import it again", reason=type(exc).__name__))
        return None
    try:
        return _read_book(book, path, display, spec, problems)
    finally:
        book.close()


def _read_book(book, path: Path, display: str, spec: Spec, problems: Problems) -> Table | None:
    names = list(book.sheet_names)
    known = {heading_key(spec.sheets["guide"]), heading_key(spec.sheets["lists"])}
    chosen = next((n for n in names if heading_key(n) == heading_key(spec.data_sheet)), None)
    sheets = {}
    for name in names:
        try:
            sheets[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # a chart sheet or a damaged one
            sheets[name] = []
    has_data = {n: any(not is_empty(v) for r in rows for v in r) for n, rows in sheets.items()}
    if chosen is None:
        candidates = [n for n in names if has_data[n] and heading_key(n) not in known]
        if len(candidates) != 1:
            listed = ", ".join(f"'{n}'" for n in names)
            problems.error(display, 0, _("there is no sheet '{sheet}' (the sheets: {sheets}); rename the sheet of the "
                                         "list to '{sheet}'", sheet=spec.data_sheet, sheets=listed))
            return None
        chosen = candidates[0]
    for name in names:
        if name != chosen and has_data[name] and heading_key(name) not in known:
            problems.error(display, 0, _("the sheet '{sheet}' has data but is not imported: only the sheet '{read}' "
                                         "is read; move the rows to the sheet '{read}' or delete the sheet '{sheet}'",
                                         sheet=name, read=chosen))
    sheet = book.get_sheet_by_name(chosen)
    table = _read_rows(sheets[chosen], display, chosen, spec, problems)
    if table is None:
        return None
    header = table.header
    for (first_row, first_col), (last_row, last_col) in sheet.merged_cell_ranges or ():
        if last_row + 1 >= header:
            span = f"{column_letter(first_col)}{first_row + 1}:{column_letter(last_col)}{last_row + 1}"
            problems.error(table.where(first_row + 1, first_col), 0,
                           _("the cells {cells} are merged; unmerge them and write the value in each cell, "
                             "one nominee a row", cells=span))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        _check_formulas(path, chosen, table, problems)
    return table


def _read_rows(grid: list[list], display: str, sheet: str | None, spec: Spec, problems: Problems) -> Table | None:
    """Find the heading row (the first with known headings; titles above it are
    skipped), map its columns, and keep every non-empty row below it."""
    header_index = None
    for index, row in enumerate(grid):
        matched = sum(1 for v in row if not is_empty(v) and spec.match_heading(str(v)))
        if matched >= 2:
            header_index = index
            break
    table = Table(display, sheet, {})
    if header_index is None:
        problems.error(table.where(1), 0, _("no heading row of the template found (e.g. '{first}', '{second}'); use "
                                            "the council's template (site-builder template)",
                                            first=spec.sheet_cells()[0].heading, second=spec.sheet_cells()[1].heading))
        return None
    headings = grid[header_index]
    below = grid[header_index + 1:]
    seen: dict[tuple[str, int], int] = {}
    all_headings = [c.heading for c in spec.sheet_cells()]
    for col, text in enumerate(headings):
        used = any(col < len(r) and not is_empty(r[col]) for r in below)
        where = table.where(header_index + 1, col)
        if is_empty(text):
            if used:
                problems.error(where, 0, _("this column has data but no heading; "
                                           "write the template's heading or delete the column"))
            continue
        text = str(text).strip()
        if spec.is_ignored(text):
            continue
        cell = spec.match_heading(text)
        if cell is None:
            if used:
                close = difflib.get_close_matches(text, all_headings, n=1, cutoff=0.6)
                problems.error(where, 0, _("the column '{heading}' is not in the template{hint}; give it the template's "
                                           "heading or delete the column", heading=text,
                                           hint=_(" — is it '{name}'?", name=close[0]) if close else ""))
            continue
        key = (cell.column.key, cell.n)
        if key in seen:
            problems.error(where, 0, _("the column '{heading}' is there twice (also in column {other}); delete one",
                                       heading=text, other=column_letter(seen[key])))
            continue
        seen[key] = col
        table.columns[col] = cell
    for column in spec.columns:
        if column.required and (column.key, 1) not in seen:
            problems.error(table.where(header_index + 1), 0,
                           _("the column '{heading}' is missing (required); add it as in the template",
                             heading=column.heading_of(1)))
    table.header = header_index + 1
    for offset, row in enumerate(below, start=header_index + 2):
        values = {col: _clean(v) for col, v in enumerate(row) if col in table.columns and not is_empty(v)}
        if values:  # empty rows between nominees are skipped
            table.rows.append(Row(offset, values))
    return table


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_formulas(path: Path, sheet: str, table: Table, problems: Problems) -> None:
    """A formula's saved result is imported (with a note); one never computed is an error."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception:
        return  # calamine read it; openpyxl cannot (an .xlsm quirk): its formulas go unchecked
    try:
        rows = {r.number: r for r in table.rows}
        for cells in book[sheet].iter_rows():
            for cell in cells:
                if cell.data_type != "f" or not hasattr(cell, "column"):
                    continue
                row, col = cell.row, cell.column - 1
                if col not in table.columns:
                    continue
                where = table.where(row, col)
                value = rows[row].values.get(col) if row in rows else None
                if value is None:
                    problems.error(where, 0, _("the cell has the formula '{formula}' but the file holds no result; "
                                               "open the file in Excel or LibreOffice and save it again, or paste the "
                                               "value in place of the formula (Paste Special → Values)",
                                               formula=cell.value))
                else:
                    problems.warning(where, 0, _("the cell has the formula '{formula}': its result '{value}' was imported",
                                                 formula=cell.value, value=value))
    finally:
        book.close()


def _read_csv(path: Path, display: str, spec: Spec, problems: Problems) -> Table | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Vietnamese Windows is in code page 1258.
        text = raw.decode("cp1258", errors="replace")
        problems.warning(display, 0, _("the CSV file is not UTF-8 and was read as Windows-1258; if letters are "
                                       "wrong, save it again as 'CSV UTF-8'"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = [row for row in csv.reader(io.StringIO(text), dialect)]
    return _read_rows(grid, display, None, spec, problems)
