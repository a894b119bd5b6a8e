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
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from ..content.diagnostics import Problems, did_you_mean
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
        problems.error(display, 0, "không tìm thấy tệp")
        return None
    limit = spec.megabytes("workbook_megabytes")
    size = path.stat().st_size
    if size > limit * 1_000_000:
        problems.error(display, 0, f"tệp nặng {size / 1e6:.0f} MB, quá giới hạn {limit} MB của một danh sách đề nghị "
                                   "(thường dưới 1 MB); xóa ảnh dán trong bảng tính, gửi ảnh thành tệp riêng")
        return None
    if suffix == ".csv":
        return _read_csv(path, display, spec, problems)
    if suffix not in SPREADSHEETS:
        problems.error(display, 0, "không phải bảng tính; hãy gửi tệp .xlsx, .xls, .ods hoặc .csv")
        return None
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not (head.startswith(_ZIP) or head.startswith(_OLE)):
        problems.error(display, 0, f"tệp có đuôi {suffix} nhưng không phải bảng tính Excel/LibreOffice "
                                   "(có thể là trang web hoặc văn bản đổi đuôi); mở bằng Excel rồi lưu lại dạng .xlsx")
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        problems.error(display, 0, "bảng tính có mật khẩu; hãy gỡ mật khẩu rồi gửi lại")
        return None
    except Exception as exc:  # calamine's errors: a damaged zip, XML or binary file
        problems.error(display, 0, f"không đọc được bảng tính, tệp bị hỏng ({type(exc).__name__}); "
                                   "mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi nhập lại")
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
            problems.error(display, 0, f"không có trang '{spec.data_sheet}' (các trang: {listed}); "
                                       f"đổi tên trang chứa danh sách thành '{spec.data_sheet}'")
            return None
        chosen = candidates[0]
    for name in names:
        if name != chosen and has_data[name] and heading_key(name) not in known:
            problems.error(display, 0, f"trang '{name}' có dữ liệu nhưng không được nhập: chỉ trang "
                                       f"'{chosen}' được đọc; chuyển các dòng sang trang '{chosen}' "
                                       f"hoặc xóa trang '{name}'")
    sheet = book.get_sheet_by_name(chosen)
    table = _read_rows(sheets[chosen], display, chosen, spec, problems)
    if table is None:
        return None
    header = table.header
    for (first_row, first_col), (last_row, last_col) in sheet.merged_cell_ranges or ():
        if last_row + 1 >= header:
            span = f"{column_letter(first_col)}{first_row + 1}:{column_letter(last_col)}{last_row + 1}"
            problems.error(table.where(first_row + 1, first_col), 0,
                           f"các ô {span} được gộp (merge); bỏ gộp ô và ghi đủ giá trị vào từng ô, mỗi điển hình một dòng")
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
        problems.error(table.where(1), 0, f"không thấy dòng tiêu đề của mẫu (ví dụ '{spec.sheet_cells()[0].heading}', "
                                          f"'{spec.sheet_cells()[1].heading}'); hãy dùng bảng tính mẫu của Hội đồng "
                                          "(site-builder template)")
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
                problems.error(where, 0, "cột này có dữ liệu nhưng không có tiêu đề; ghi tiêu đề theo mẫu hoặc xóa cột")
            continue
        text = str(text).strip()
        if spec.is_ignored(text):
            continue
        cell = spec.match_heading(text)
        if cell is None:
            if used:
                problems.error(where, 0, f"cột '{text}' không có trong mẫu{_vi(did_you_mean(text, all_headings))}; "
                                         "đổi tiêu đề cho đúng mẫu hoặc xóa cột")
            continue
        key = (cell.column.key, cell.n)
        if key in seen:
            problems.error(where, 0, f"cột '{text}' có hai lần (cũng ở cột {column_letter(seen[key])}); xóa một cột")
            continue
        seen[key] = col
        table.columns[col] = cell
    for column in spec.columns:
        if column.required and (column.key, 1) not in seen:
            problems.error(table.where(header_index + 1), 0,
                           f"thiếu cột '{column.heading_of(1)}' (bắt buộc); thêm cột này theo mẫu")
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


def _vi(suggestion: str) -> str:
    """did_you_mean() in Vietnamese: " — có phải 'x'?"."""
    if not suggestion:
        return ""
    return " — có phải '" + suggestion.split("'", 1)[1].rsplit("'", 1)[0] + "'?"


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
                    problems.error(where, 0, f"ô có công thức '{cell.value}' nhưng tệp không lưu kết quả; "
                                             "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại, hoặc dán giá trị "
                                             "thay cho công thức (Dán đặc biệt → Giá trị)")
                else:
                    problems.warning(where, 0, f"ô có công thức '{cell.value}': đã nhập kết quả '{value}'")
    finally:
        book.close()


def _read_csv(path: Path, display: str, spec: Spec, problems: Problems) -> Table | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Vietnamese Windows is in code page 1258.
        text = raw.decode("cp1258", errors="replace")
        problems.warning(display, 0, "tệp CSV không phải UTF-8, đã đọc theo bảng mã Windows-1258; "
                                     "nếu chữ bị lỗi, hãy lưu lại bằng 'CSV UTF-8'")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = [row for row in csv.reader(io.StringIO(text), dialect)]
    return _read_rows(grid, display, None, spec, problems)
