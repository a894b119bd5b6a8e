"""content/taxonomies/*.yml -> Taxonomies: kinds, stages, fields, movements, localities,
emulation groups with their quotas, units and award types, in the order the files give."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

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
    display_path,
    read_yaml_file,
)
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
_GROUP_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "description": s.Text(),
    "cadence": s.Choice(CADENCES, required=True),
    "minimum": s.Integer(required=True, minimum=0),
    "armed_forces": _QUOTA,
}
_AWARD_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "type": s.Choice(AWARD_TYPES, required=True),
    "issuer": s.Text(single_line=True),
    "description": s.Text(),
}


def _unit_options(groups: dict) -> dict:
    return {
        "code": s.Slug(required=True),
        "name": s.Text(required=True, single_line=True),
        "group": s.Code(_("group"), lambda: groups, "taxonomies/groups.yml", required=True),
        "armed_forces": s.Boolean(default=False),
        "description": s.Text(),
    }


def taxonomy_schemas(tax: Taxonomies) -> dict[str, dict]:
    """Each taxonomy file's entry options, by file name (the web editor's forms are made from them)."""
    return {"kinds.yml": _TERM_OPTIONS, "stages.yml": _TERM_OPTIONS, "fields.yml": _TERM_OPTIONS,
            "movements.yml": _TERM_OPTIONS, "localities.yml": _LOCALITY_OPTIONS, "groups.yml": _GROUP_OPTIONS,
            "units.yml": _unit_options(tax.groups), "awards.yml": _AWARD_OPTIONS}


def _read_taxonomy(root: Path, filename: str, options: dict, problems: Problems,
                   repeats: bool = False) -> list[dict]:
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
    entries: list[dict] = []
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
        clean["_lines"] = {key: item.line_of(key) for key in item}
        entries.append(clean)
    if not entries and data:
        return []
    if not data:
        problems.error(display, 1, _("the taxonomy is empty"))
    return entries


def _terms(entries: list[dict]) -> dict[str, Term]:
    return {
        e["code"]: Term(e["code"], e["name"], e["description"], e["short_name"])
        for e in entries
    }


def _require_exact_codes(root: Path, filename: str, terms: dict, codes: tuple, problems: Problems):
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
    code, official codes of the right shape, known parents valid over their children's dates, known
    successors starting the day after their predecessor ends, and no cycle of `became`."""
    display = display_path(root / "taxonomies" / "localities.yml")
    entries = _read_taxonomy(root, "localities.yml", _LOCALITY_OPTIONS, problems, repeats=True)
    localities: dict[str, Locality] = {}
    lines: dict[str, dict] = {}
    for e in entries:
        code = e["code"]
        if code in localities:
            _report_repeated_code(display, e, localities[code], lines[code]["code"], problems)
            continue
        if e["official_code"]:
            _check_official_code(display, e, problems)
        localities[code] = Locality(
            code, e["name"], e["description"], e["short_name"], level=e["level"],
            official_code=e["official_code"], valid_from=e["valid_from"], valid_to=e["valid_to"],
            parent=e["parent"] or "", became=tuple(e["became"]))
        lines[code] = {**{key: e["_line"] for key in _LOCALITY_OPTIONS}, **e["_lines"]}
    for code, loc in localities.items():
        _check_dates(display, loc, lines[code], problems)
        _check_parent(display, loc, localities, lines[code], problems)
        _check_became(display, loc, localities, lines[code], problems)
    _check_no_cycle(display, localities, lines, problems)
    return localities


def _level(level: str) -> str:
    """A level as the messages name it (the YAML value stays English: province, district, commune)."""
    return {"province": _("province"), "district": _("district"), "commune": _("commune")}[level]


def _day(day: dt.date | None, none: str) -> str:
    return format_date(day) if day else none


def _report_repeated_code(display: str, e: dict, first: Locality, first_line: int, problems: Problems) -> None:
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


def _check_official_code(display: str, e: dict, problems: Problems) -> None:
    digits = _OFFICIAL_CODE_DIGITS[e["level"]]
    code = e["official_code"]
    if not (code.isascii() and code.isdigit() and len(code) == digits):
        problems.error(display, e["_lines"].get("official_code", e["_line"]), _(
            "'official_code': '{value}' is not a {level} code of the General Statistics Office; a {level} "
            "has {digits} digits (Tỉnh Lâm Đồng 68, Huyện Bắc Bình 596, Xã Bắc Bình 23005), leading zeros "
            "included, written in quotes", value=code, level=_level(e["level"]), digits=digits))


def _check_dates(display: str, loc: Locality, lines: dict, problems: Problems) -> None:
    if loc.valid_from and loc.valid_to and loc.valid_to < loc.valid_from:
        problems.error(display, lines["valid_to"], _(
            "'valid_to' {end} is before 'valid_from' {start}", end=format_date(loc.valid_to),
            start=format_date(loc.valid_from)))
    if loc.became and not loc.valid_to:
        problems.error(display, lines["became"], _(
            "'{code}' became {successors} but has no 'valid_to': write its last day (30/06/2025 for the "
            "2025 reorganisation)", code=loc.code, successors=", ".join(loc.became)))


def _check_parent(display: str, loc: Locality, localities: dict[str, Locality], lines: dict,
                  problems: Problems) -> None:
    if not loc.parent:
        return
    parent = localities.get(loc.parent)
    if parent is None:
        problems.error(display, lines["parent"], _(
            "'parent': unknown locality code '{value}'{hint}; it must be a code of this file",
            value=loc.parent, hint=did_you_mean(loc.parent, localities)))
        return
    if LOCALITY_LEVELS.index(parent.level) >= LOCALITY_LEVELS.index(loc.level):
        problems.error(display, lines["parent"], _(
            "'parent': '{parent}' is a {parent_level}, it cannot contain the {level} '{code}'",
            parent=parent.code, parent_level=_level(parent.level), level=_level(loc.level), code=loc.code))
    starts_before = parent.valid_from is None or (loc.valid_from is not None and parent.valid_from <= loc.valid_from)
    ends_after = parent.valid_to is None or (loc.valid_to is not None and loc.valid_to <= parent.valid_to)
    if not (starts_before and ends_after):
        problems.error(display, lines["parent"], _(
            "'parent': '{parent}' was valid from {parent_from} to {parent_to}, not over all the dates of "
            "'{code}' ({start} to {end}); choose the parent of those dates, or give '{code}' dates inside "
            "its parent's", parent=parent.code, parent_from=_day(parent.valid_from, "…"),
            parent_to=_day(parent.valid_to, "…"), code=loc.code, start=_day(loc.valid_from, "…"),
            end=_day(loc.valid_to, "…")))


def _check_became(display: str, loc: Locality, localities: dict[str, Locality], lines: dict,
                  problems: Problems) -> None:
    for successor_code in loc.became:
        successor = localities.get(successor_code)
        if successor is None:
            problems.error(display, lines["became"], _(
                "'became': unknown locality code '{value}'{hint}; add it to this file with its "
                "'valid_from'", value=successor_code, hint=did_you_mean(successor_code, localities)))
            continue
        if loc.valid_to is None:
            continue  # reported by _check_dates
        expected = loc.valid_to + dt.timedelta(days=1)
        if successor.valid_from != expected:
            problems.error(display, lines["became"], _(
                "'became': '{code}' ends on {end} but its successor '{successor}' begins on {start}: a gap "
                "or an overlap; the successor's 'valid_from' must be the day after, {expected}",
                code=loc.code, end=format_date(loc.valid_to), successor=successor_code,
                start=_day(successor.valid_from, "…"), expected=format_date(expected)))


def _check_no_cycle(display: str, localities: dict[str, Locality], lines: dict[str, dict],
                    problems: Problems) -> None:
    """A locality cannot become, through others, itself: every function of localities.py relies on it."""
    state: dict[str, str] = {}  # "open" while its successors are being walked, then "done"

    def walk(code: str, path: list[str]) -> None:
        state[code] = "open"
        for successor in localities[code].became:
            if successor not in localities:
                continue
            if state.get(successor) == "open":
                cycle = path[path.index(successor):] + [successor]
                problems.error(display, lines[code]["became"], _(
                    "'became' makes a cycle: {cycle}; a locality cannot become one that it came from",
                    cycle=" → ".join(cycle)))
                # Break the cycle so that the functions of localities.py still end on this content.
                localities[code] = replace(localities[code], became=tuple(
                    c for c in localities[code].became if c != successor))
            elif successor not in state:
                walk(successor, path + [successor])
        state[code] = "done"

    for code in list(localities):
        if code not in state:
            walk(code, [code])


def validate_taxonomies(root: Path, problems: Problems) -> Taxonomies:
    kinds = _terms(_read_taxonomy(root, "kinds.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "kinds.yml", kinds, KINDS, problems)
    stages = _terms(_read_taxonomy(root, "stages.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "stages.yml", stages, STAGES, problems)
    fields = _terms(_read_taxonomy(root, "fields.yml", _TERM_OPTIONS, problems))
    movements = _terms(_read_taxonomy(root, "movements.yml", _TERM_OPTIONS, problems))
    localities = _localities(root, problems)

    groups: dict[str, Group] = {}
    for e in _read_taxonomy(root, "groups.yml", _GROUP_OPTIONS, problems):
        armed = e["armed_forces"]
        groups[e["code"]] = Group(
            code=e["code"], name=e["name"],
            quota=Quota(e["cadence"], e["minimum"]),
            armed_forces_quota=Quota(armed["cadence"], armed["minimum"]) if armed else None,
        )

    units = {
        e["code"]: Unit(e["code"], e["name"], e["group"], e["armed_forces"])
        for e in _read_taxonomy(root, "units.yml", _unit_options(groups), problems)
    }
    awards = {
        e["code"]: AwardType(e["code"], e["name"], e["type"], e["issuer"])
        for e in _read_taxonomy(root, "awards.yml", _AWARD_OPTIONS, problems)
    }
    return Taxonomies(kinds, stages, fields, movements, localities, groups, units, awards)
