"""The record of the addresses given to profiles: content/addresses.yml.

A profile's page is /ho-so/<address>/. The first build that publishes a profile
gives it an address (its name without diacritics, or with its locality added
when another profile already has that one) and records it here; from then on the
address belongs to that profile: another file that appears, a copy that sorts
earlier, a namesake submitted earlier, a renamed folder, none of them moves it.
The record is part of the content, reviewed like any other change; `site-builder
build` adds to it, and no one needs to edit it by hand.

Each entry names the profile's file and, so that a renamed or moved file is still
known, the profile's name and submission date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common.files import write_atomically
from ..common.messages import _
from .diagnostics import Problems
from .model import Profile
from .read import YamlMap, display_path, read_yaml_file
from .schema import name_key
from .text import DateError, format_date, is_slug, parse_date

ADDRESS_FILE = "addresses.yml"
# In the council's language whatever the language of the command: the file is content.
HEADER = ("# Địa chỉ trang của mỗi hồ sơ (/ho-so/<địa-chỉ>/), do lần dựng đầu tiên công bố hồ sơ cấp.\n"
          "# Lệnh site-builder build tự ghi thêm vào tệp này; địa chỉ gắn với hồ sơ mãi mãi. Không sửa tay.\n")


@dataclass(frozen=True)
class Address:
    slug: str
    file: str  # relative to the content folder: profiles/<folder>/index.md
    name: str
    submitted: dt.date

    def identity(self) -> tuple[str, dt.date]:
        return name_key(self.name), self.submitted


def profile_file(root: Path, profile: Profile) -> str:
    return profile.source.resolve().relative_to(root.resolve()).as_posix()


def identity(profile: Profile) -> tuple[str, dt.date]:
    return name_key(profile.name), profile.submitted


def read_addresses(root: Path, problems: Problems) -> dict[str, Address]:
    """The recorded addresses by slug (none when the file does not exist yet)."""
    path = root / ADDRESS_FILE
    if not path.is_file():
        return {}
    display = display_path(path)
    data = read_yaml_file(path, display, problems)
    if data is None:
        return {}
    if not isinstance(data, YamlMap):
        problems.error(display, 1, _("the record of addresses must hold one 'address:' entry a profile (file, name, submitted); "
                                     "restore it from the last published version"))
        return {}
    found = {}
    for slug, entry in data.items():
        line = data.line_of(slug)
        try:
            if not (is_slug(str(slug)) and isinstance(entry, dict)):
                raise ValueError
            found[slug] = Address(str(slug), str(entry["file"]), str(entry["name"]), parse_date(entry["submitted"]))
        except (KeyError, ValueError, DateError):
            problems.error(display, line, _("'{slug}': an entry of the record of addresses needs file, name and "
                                            "submitted; restore it from the last published version", slug=slug))
    return found


def record_text(addresses: dict[str, Address]) -> bytes:
    header = HEADER
    body = {slug: {"file": a.file, "name": a.name, "submitted": format_date(a.submitted)}
            for slug, a in sorted(addresses.items())}
    return (header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=10_000)).encode("utf-8")


def record_addresses(root: Path, addresses: dict[str, Address]) -> bool:
    """Write the record when it changed (a new profile, a renamed file); True if it was written."""
    path = root / ADDRESS_FILE
    text = record_text(addresses)
    if path.is_file() and path.read_bytes() == text:
        return False
    write_atomically(path, text)
    return True
