"""content/taxonomies/*.yml -> Taxonomies: kinds, stages, fields, movements, localities,
emulation groups with their quotas, units and award types, in the order the files give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..common.messages import _
from . import schema as s
from .diagnostics import Problems, did_you_mean
from .model import (
    AWARD_TYPES,
    CADENCES,
    KINDS,
    LOCALITY_LEVELS,
    STAGES,
    AwardType,
    Group,
    Locality,
    Quota,
    Taxonomies,
    Term,
    Unit,
)
from .read import (
    YamlList,
    YamlMap,
    display_path,
    read_yaml_file,
)
from .succession import check_succession, check_within
from .text import format_date

_TERM_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "short_name": s.Text(single_line=True),
    "description": s.Text(),
}
# localities.yml: a place with its dates, its parent and what it became. `parent` and `became`
# name other entries of the same file, some further down, so they are checked once all are read.
_LOCALITY_OPTIONS = {
    **_TERM_OPTIONS,
    "level": s.Choice(LOCALITY_LEVELS, default="commune"),
    "official_code": s.Text(single_line=True),
    "valid_from": s.Date(),
    "valid_to": s.Date(),
    "parent": s.Slug(),
    "became": s.ListOf(s.Slug(), unique=True),
}
# The General Statistics Office numbers a province with 2 digits, a district with 3, a commune with 5.
_OFFICIAL_CODE_DIGITS = {"province": 2, "district": 3, "commune": 5}
_QUOTA = s.Record({
    "cadence": s.Choice(CADENCES, required=True),
    "minimum": s.Integer(required=True, minimum=0),
})
# A unit or a group that was created, merged or dissolved on a date (see content/succession.py).
_DATED_OPTIONS = {
    "valid_from": s.Date(),
    "valid_to": s.Date(),
    "became": s.ListOf(s.Slug(), unique=True),
}
_GROUP_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "description": s.Text(),
    "cadence": s.Choice(CADENCES, required=True),
    "minimum": s.Integer(required=True, minimum=0),
    "armed_forces": _QUOTA,
    **_DATED_OPTIONS,
}
_AWARD_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "type": s.Choice(AWARD_TYPES, required=True),
    "issuer": s.Text(single_line=True),
    "description": s.Text(),
}


def _unit_options(groups: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": s.Slug(required=True),
        "name": s.Text(required=True, single_line=True),
        "group": s.Code(_("group"), lambda: groups, "taxonomies/groups.yml", required=True),
        "armed_forces": s.Boolean(default=False),
        "description": s.Text(),
        **_DATED_OPTIONS,
    }


def taxonomy_schemas(tax: Taxonomies) -> dict[str, dict[str, Any]]:
    """Each taxonomy file's entry options, by file name (the web editor's forms are made from them)."""
    return {"kinds.yml": _TERM_OPTIONS, "stages.yml": _TERM_OPTIONS, "fields.yml": _TERM_OPTIONS,
            "movements.yml": _TERM_OPTIONS, "localities.yml": _LOCALITY_OPTIONS, "groups.yml": _GROUP_OPTIONS,
            "units.yml": _unit_options(tax.groups), "awards.yml": _AWARD_OPTIONS}


def _read_taxonomy(root: Path, filename: str, options: dict[str, Any], problems: Problems,
                   repeats: bool = False) -> list[dict[str, Any]]:
    """Read one taxonomy file: a list of records with unique codes (with `repeats`, a code listed
    twice is kept for the caller to explain). Each record has `_line` and `_lines` (by key)."""
    path = root / "taxonomies" / filename
    display = display_path(path)
    if not path.is_file():
        problems.error(display, 0, _("taxonomy file is missing; every site needs taxonomies/{file}", file=filename))
        return []
    data = read_yaml_file(path, display, problems)
    if data is None:
        return []
    if not isinstance(data, YamlList):
        problems.error(display, 1, _("a taxonomy file must be a list of entries, each starting with '- code:'"))
        return []
    record = s.Record(options)
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line = data.line_of(index)
        clean = record.check(item, s.Where(display, line, f"[{index + 1}]"), problems)
        if clean is s.INVALID:
            continue
        if clean["code"] in seen and not repeats:
            problems.error(display, line,
                           _("code '{code}' is used twice (also on line {line})", code=clean["code"],
                             line=seen[clean["code"]]))
            continue
        seen.setdefault(clean["code"], line)
        clean["_line"] = line
        clean["_lines"] = {key: item.line_of(key) for key in item} if isinstance(item, YamlMap) else {}
        entries.append(clean)
    if not entries and data:
        return []
    if not data:
        problems.error(display, 1, _("the taxonomy is empty"))
    return entries


def _terms(entries: list[dict[str, Any]]) -> dict[str, Term]:
    return {
        e["code"]: Term(e["code"], e["name"], e["description"], e["short_name"])
        for e in entries
    }


def _require_exact_codes(root: Path, filename: str, terms: dict[str, Any], codes: tuple[str, ...], problems: Problems) -> None:
    missing = [c for c in codes if c not in terms]
    extra = [c for c in terms if c not in codes]
    display = display_path(root / "taxonomies" / filename)
    if missing:
        problems.error(display, 1, _("missing code(s) {codes}: these codes are fixed, only names may change",
                                     codes=", ".join(missing)))
    for code in extra:
        problems.error(display, 1, _("code '{code}' is not allowed here; the codes are {codes}{hint}", code=code,
                                     codes=", ".join(codes), hint=did_you_mean(code, codes)))


def _localities(root: Path, problems: Problems) -> dict[str, Locality]:
    """localities.yml → Locality by code, after checking the history hangs together: one entry per
    code, official codes of the right shape, known parents of a higher level valid over their
    children's dates, and the successions every dated entry follows (content/succession.py)."""
    display = display_path(root / "taxonomies" / "localities.yml")
    entries = _read_taxonomy(root, "localities.yml", _LOCALITY_OPTIONS, problems, repeats=True)
    localities: dict[str, Locality] = {}
    firsts: dict[str, dict[str, Any]] = {}  # the first entry of each code: the one that counts
    for e in entries:
        code = e["code"]
        if code in localities:
            _report_repeated_code(display, e, localities[code], firsts[code]["_line"], problems)
            continue
        if e["official_code"]:
            _check_official_code(display, e, problems)
        localities[code] = Locality(
            code, e["name"], e["description"], e["short_name"], level=e["level"],
            official_code=e["official_code"], valid_from=e["valid_from"], valid_to=e["valid_to"],
            parent=e["parent"] or "", became=tuple(e["became"]))
        firsts[code] = e
    check_succession(display, list(firsts.values()), problems, _("locality"))
    for e in firsts.values():
        _check_parent(display, e, firsts, problems)
    return localities


def _level(level: str) -> str:
    """A level as the messages name it (the YAML value stays English: province, district, commune)."""
    return {"province": _("province"), "district": _("district"), "commune": _("commune")}[level]


def _day(day: dt.date | None, none: str) -> str:
    return format_date(day) if day else none


def _report_repeated_code(display: str, e: dict[str, Any], first: Locality, first_line: int, problems: Problems) -> None:
    again = Locality(e["code"], e["name"], valid_from=e["valid_from"], valid_to=e["valid_to"])
    overlap = _overlap(first, again)
    if overlap:
        start, end = overlap
        problems.error(display, e["_line"], _(
            "code '{code}' is listed twice with overlapping dates (also on line {line}): from {start} to {end} "
            "it would have two parents; a locality has one entry, and a locality that changed gets a new code "
            "named in the old one's 'became:'", code=e["code"], line=first_line, start=_day(start, "…"),
            end=_day(end, "…")))
    else:
        problems.error(display, e["_line"], _(
            "code '{code}' is used twice (also on line {line}); a locality that changed on a date gets "
            "a new code, named in the old one's 'became:'", code=e["code"], line=first_line))


def _overlap(a: Locality, b: Locality) -> tuple[dt.date | None, dt.date | None] | None:
    """The days two localities were both valid (None at an open end), or None if there are none."""
    start = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    end = min(a.valid_to or dt.date.max, b.valid_to or dt.date.max)
    if start > end:
        return None
    return (None if start == dt.date.min else start), (None if end == dt.date.max else end)


def _check_official_code(display: str, e: dict[str, Any], problems: Problems) -> None:
    digits = _OFFICIAL_CODE_DIGITS[e["level"]]
    code = e["official_code"]
    if not (code.isascii() and code.isdigit() and len(code) == digits):
        problems.error(display, e["_lines"].get("official_code", e["_line"]), _(
            "'official_code': '{value}' is not a {level} code of the General Statistics Office; a {level} "
            "has {digits} digits (Tỉnh Lâm Đồng 68, Huyện Bắc Bình 596, Xã Bắc Bình 23005), leading zeros "
            "included, written in quotes", value=code, level=_level(e["level"]), digits=digits))


def _check_dates(display: str, loc: Locality, lines: dict[str, Any], problems: Problems) -> None:
    if loc.valid_from and loc.valid_to and loc.valid_to < loc.valid_from:
        problems.error(display, lines["valid_to"], _(
            "'valid_to' {end} is before 'valid_from' {start}", end=format_date(loc.valid_to),
            start=format_date(loc.valid_from)))
    if loc.became and not loc.valid_to:
        problems.error(display, lines["became"], _(
            "'{code}' became {successors} but has no 'valid_to': write its last day (30/06/2025 for the "
            "2025 reorganisation)", code=loc.code, successors=", ".join(loc.became)))


def _check_parent(display: str, e: dict[str, Any], entries: dict[str, dict[str, Any]], problems: Problems) -> None:
    if not e["parent"]:
        return
    parent = entries.get(e["parent"])
    line = e["_lines"].get("parent", e["_line"])
    if parent is None:
        problems.error(display, line, _(
            "'parent': unknown locality code '{value}'{hint}; it must be a code of this file",
            value=e["parent"], hint=did_you_mean(e["parent"], list(entries))))
        return
    if LOCALITY_LEVELS.index(parent["level"]) >= LOCALITY_LEVELS.index(e["level"]):
        problems.error(display, line, _(
            "'parent': '{parent}' is a {parent_level}, it cannot contain the {level} '{code}'",
            parent=parent["code"], parent_level=_level(parent["level"]), level=_level(e["level"]), code=e["code"]))
    check_within(display, e, "parent", parent["code"], parent, problems)


def validate_taxonomies(root: Path, problems: Problems) -> Taxonomies:
    kinds = _terms(_read_taxonomy(root, "kinds.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "kinds.yml", kinds, KINDS, problems)
    stages = _terms(_read_taxonomy(root, "stages.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "stages.yml", stages, STAGES, problems)
    fields = _terms(_read_taxonomy(root, "fields.yml", _TERM_OPTIONS, problems))
    movements = _terms(_read_taxonomy(root, "movements.yml", _TERM_OPTIONS, problems))
    localities = _localities(root, problems)

    groups: dict[str, Group] = {}
    group_entries = _read_taxonomy(root, "groups.yml", _GROUP_OPTIONS, problems)
    check_succession(display_path(root / "taxonomies" / "groups.yml"), group_entries, problems, _("group"))
    for e in group_entries:
        armed = e["armed_forces"]
        groups[e["code"]] = Group(
            code=e["code"], name=e["name"],
            quota=Quota(e["cadence"], e["minimum"]),
            armed_forces_quota=Quota(armed["cadence"], armed["minimum"]) if armed else None,
            valid_from=e["valid_from"], valid_to=e["valid_to"], became=e["became"],
        )

    unit_entries = _read_taxonomy(root, "units.yml", _unit_options(groups), problems)
    units_display = display_path(root / "taxonomies" / "units.yml")
    check_succession(units_display, unit_entries, problems, _("unit"))
    groups_by_code = {e["code"]: e for e in group_entries}
    for e in unit_entries:  # a unit counts toward a group's quota only while the group exists
        check_within(units_display, e, "group", e["group"], groups_by_code.get(e["group"]), problems)
    units = {
        e["code"]: Unit(e["code"], e["name"], e["group"], e["armed_forces"],
                        valid_from=e["valid_from"], valid_to=e["valid_to"], became=e["became"])
        for e in unit_entries
    }
    awards = {
        e["code"]: AwardType(e["code"], e["name"], e["type"], e["issuer"])
        for e in _read_taxonomy(root, "awards.yml", _AWARD_OPTIONS, problems)
    }
    return Taxonomies(kinds, stages, fields, movements, localities, groups, units, awards)
