"""Taxonomy names as units type them -> codes.

A unit chooses names from the template's drop-downs, but lists also come retyped,
pasted from an older list or made by another program: "y te", "Y  tế", "Y TẾ" and
the code `y-te` all mean the field "Y tế". Anything else is an error that names the
closest names, never a guess.
"""

from __future__ import annotations

import difflib
import re

from ..common.messages import _
from ..content.text import fold, nfc


def name_key(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", fold(nfc(str(text)))).strip(" .;,")


class NameIndex:
    """One taxonomy's names (and short names and codes), forgiving accents, case and spacing."""

    def __init__(self, entries: dict, what: str):
        self.what = what  # "field", "unit"… (translated), for messages
        self.names = [entry.name for entry in entries.values()]
        self._codes: dict[str, str] = {}
        for code, entry in entries.items():
            for label in (entry.name, getattr(entry, "short_name", ""), code):
                if label:
                    self._codes.setdefault(name_key(label), code)

    def code_of(self, value: str) -> str | None:
        return self._codes.get(name_key(value))

    def closest(self, value: str, count: int = 3) -> list[str]:
        """Names that contain what was typed ("Hàm Thuận Bắc" -> "UBND huyện Hàm Thuận Bắc"),
        then the most alike."""
        key = name_key(value)
        by_key = {name_key(n): n for n in self.names}
        found = [n for k, n in by_key.items() if key and key in k]
        found += [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=count, cutoff=0.5)]
        return list(dict.fromkeys(found))[:count]

    def unknown(self, value: str) -> str:
        close = self.closest(value)
        hint = _("; the closest: {names}", names=", ".join(repr(n) for n in close)) if close else ""
        return _("there is no {what} '{value}' in the taxonomies{hint}. Choose from the lists of the template",
                 what=self.what, value=value, hint=hint)


def split_values(value: object) -> list[str]:
    """The names in one cell: "Y tế; Giáo dục và đào tạo" or one per line."""
    return [part.strip() for part in re.split(r"[;\n]", str(value)) if part.strip()]
