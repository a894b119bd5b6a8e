"""The workbook's columns and words, read from theme/nominations.yml.

Both directions use this one description: `template` writes these headings,
drop-downs and explanations; `import` finds the same headings (in any order,
accents, case and spacing forgiven) and reads each cell by its column's type.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.messages import _
from ..common.paths import THEME_DIR
from ..content.text import fold, nfc

COLUMN_TYPES = ("text", "multiline", "date", "yesno", "list")
# The taxonomy tables a column may draw its drop-down from (attributes of Taxonomies).
LISTS = ("kinds", "stages", "fields", "movements", "localities", "units", "awards")


@dataclass(frozen=True)
class Column:
    """One column group of the sheet; `repeat` numbered copies when > 1."""

    key: str
    heading: str  # with "{n}" when repeated
    type: str = "text"
    list: str = ""
    repeat: int = 1
    group: str = ""  # columns of one group repeat together: award 1's columns, then award 2's
    required: bool = False
    help: str = ""
    example: str = ""

    def headings(self) -> builtins.list[str]:  # `list` is the column's field here
        return [self.heading_of(n) for n in range(1, self.repeat + 1)]

    def heading_of(self, n: int) -> str:
        return self.heading.replace("{n}", str(n)) if self.repeat > 1 else self.heading


@dataclass(frozen=True)
class SheetCell:
    """A concrete column of the sheet: its group and its number (1 when not repeated)."""

    column: Column
    n: int

    @property
    def heading(self) -> str:
        return self.column.heading_of(self.n)


def heading_key(text: str) -> str:
    """What two headings are compared by: no accents, case, extra spaces or marks
    a unit adds ("Tên điển hình (*)", "NGÀY GỬI:")."""
    folded = fold(nfc(str(text)))
    folded = re.sub(r"\(\s*\*\s*\)|\*", " ", folded)
    return re.sub(r"\s+", " ", folded).strip(" :.")


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...]
    sheets: dict
    texts: dict  # title, guide_intro, guide_headings, guide_example, required_mark, optional_mark
    ignored_headings: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    defaults: dict
    limits: dict

    @property
    def data_sheet(self) -> str:
        return self.sheets["data"]

    def sheet_cells(self) -> list[SheetCell]:
        """Every column of the sheet "Đề nghị" in the template's order."""
        cells, done = [], set()
        for column in self.columns:
            if column.group and column.group in done:
                continue
            members = [c for c in self.columns if c.group == column.group] if column.group else [column]
            done.add(column.group)
            cells += [SheetCell(c, n) for n in range(1, column.repeat + 1) for c in members]
        return cells

    def match_heading(self, text: str) -> SheetCell | None:
        """The column a heading names: "Lĩnh vực 2", or "Lĩnh vực" alone for the
        first of a repeated group (a CSV with one cell of "Y tế; Giáo dục")."""
        key = heading_key(text)
        for column in self.columns:
            for n in range(1, column.repeat + 1):
                if heading_key(column.heading_of(n)) == key:
                    return SheetCell(column, n)
            if column.repeat > 1:
                plain = heading_key(column.heading.replace("{n}", ""))
                if plain == key:
                    return SheetCell(column, 1)
        return None

    def is_ignored(self, text: str) -> bool:
        return heading_key(text) in {heading_key(h) for h in self.ignored_headings}

    def megabytes(self, name: str) -> int:
        return int(self.limits[name])


def load_spec(theme_dir: Path = THEME_DIR) -> Spec:
    data = yaml.safe_load((theme_dir / "nominations.yml").read_text(encoding="utf-8"))
    columns = []
    for raw in data["columns"]:
        values: dict[str, Any] = {k: (nfc(v) if isinstance(v, str) else v) for k, v in raw.items()}
        column = Column(**values)
        if column.type not in COLUMN_TYPES or (column.type == "list") != bool(column.list) \
                or (column.list and column.list not in LISTS):
            raise ValueError(_("theme/nominations.yml: the column '{key}' has a wrong type or list", key=column.key))
        columns.append(column)
    texts = {k: data[k] for k in ("title", "guide_intro", "guide_headings", "guide_example", "required_mark",
                                  "optional_mark", "list_hint", "list_error_title", "list_error")}
    return Spec(
        columns=tuple(columns), sheets=dict(data["sheets"]), texts=texts,
        ignored_headings=tuple(data.get("ignored_headings") or ()),
        yes=tuple(data["answer_yes"]), no=tuple(data["answer_no"]),
        defaults=dict(data["defaults"]), limits=dict(data["limits"]),
    )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
