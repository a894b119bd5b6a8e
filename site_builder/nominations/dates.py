"""Dates as units type them: Excel date cells, and text in the forms offices use.

A unit's spreadsheet holds dates as real date cells (read as dates), as date
serial numbers in a cell formatted "General" (45366), or as text: "15/03/2024",
"15/3/24", "15-03-2024", "15.03.2024", "2024-03-15", "ngày 15 tháng 3 năm 2024",
"15 tháng 03, 2024", "15-Mar-2024", with or without a time after it. Day always
comes before month: a Vietnamese office never writes month/day, so "03/15/2024"
is reported as a mistake, not guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from ..common.messages import _
from ..content.text import fold

# Excel counts days from 30/12/1899 (its 1900 leap-year bug included in the offset).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers read as dates only in this span: a stray "3" is not 02/01/1900.
_SERIAL_FROM, _SERIAL_TO = dt.date(1950, 1, 1), dt.date(2100, 12, 31)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

_TIME = re.compile(r"[ t]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?(am|pm|sa|ch))?$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_WORDS = re.compile(r"^(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,|\s)\s*(?:nam\s+)?(\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-/]+([a-z]{3})[a-z]*\.?[\s\-/,]+(\d{2}|\d{4})$")


class CellDateError(ValueError):
    """The message says what was read and how to write it."""


def how() -> str:
    return _("write day/month/year, e.g. 15/03/2024")


def read_date(value: object) -> dt.date:
    """A date from a cell's value, or CellDateError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellDateError(_("'{value}' is not a date; {how}", value=value, how=how()))
    if isinstance(value, (int, float)):
        if value == int(value):
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value)) if 0 < value < 200_000 else None
            if day and _SERIAL_FROM <= day <= _SERIAL_TO:
                return day
        raise CellDateError(_("'{value}' is a number, not a date; {how}", value=format(value, "g"), how=how()))
    text = re.sub(r"\s+", " ", fold(str(value))).strip().rstrip(".")
    if not text:
        raise CellDateError(_("the cell is empty; {how}", how=how()))
    text = _TIME.sub("", text).strip()
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_WORDS, "dmy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            return _checked(value, parts["d"], parts["m"], parts["y"], len(match.group(order.index("y") + 1)))
    match = _NAMED.match(text)
    if match and match.group(2) in _MONTHS:
        return _checked(value, int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3)),
                        len(match.group(3)))
    if re.fullmatch(r"(thang\s*|t)?\d{1,2}\s*[/.\-]\s*\d{4}", text):
        raise CellDateError(_("'{value}' lacks the day of the month; {how}", value=value, how=how()))
    raise CellDateError(_("cannot read '{value}' as a date; {how}", value=value, how=how()))


def _checked(original: object, day: int, month: int, year: int, year_digits: int) -> dt.date:
    if year_digits == 2:
        year += 2000  # "15/03/24": every nomination is of this century
    if month > 12 and day <= 12:
        raise CellDateError(_("'{value}' has the month {month}: the month was probably written before the day "
                               "(the American way); {how}", value=original, month=month, how=how()))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellDateError(_("'{value}' is not a real date; {how}", value=original, how=how())) from None
