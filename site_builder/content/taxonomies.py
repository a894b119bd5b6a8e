"""content/taxonomies/*.yml -> Taxonomies: kinds, stages, fields, movements, localities,
emulation groups with their quotas, units and award types, in the order the files give."""

from __future__ import annotations

from pathlib import Path

from ..common.messages import _
from . import schema as s
from .diagnostics import Problems, did_you_mean
from .model import (
    AWARD_TYPES,
    CADENCES,
    KINDS,
    STAGES,
    AwardType,
    Group,
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

_TERM_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "short_name": s.Text(single_line=True),
    "description": s.Text(),
}
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


def _unit_options(groups: dict) -> dict:
    return {
        "code": s.Slug(required=True),
        "name": s.Text(required=True, single_line=True),
        "group": s.Code(_("group"), lambda: groups, "taxonomies/groups.yml", required=True),
        "armed_forces": s.Boolean(default=False),
        "description": s.Text(),
        **_DATED_OPTIONS,
    }


def taxonomy_schemas(tax: Taxonomies) -> dict[str, dict]:
    """Each taxonomy file's entry options, by file name (the web editor's forms are made from them)."""
    return {"kinds.yml": _TERM_OPTIONS, "stages.yml": _TERM_OPTIONS, "fields.yml": _TERM_OPTIONS,
            "movements.yml": _TERM_OPTIONS, "localities.yml": _TERM_OPTIONS, "groups.yml": _GROUP_OPTIONS,
            "units.yml": _unit_options(tax.groups), "awards.yml": _AWARD_OPTIONS}


def _read_taxonomy(root: Path, filename: str, options: dict, problems: Problems) -> list[dict]:
    """Read one taxonomy file: a list of records with unique codes."""
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
        if clean["code"] in seen:
            problems.error(display, line,
                           _("code '{code}' is used twice (also on line {line})", code=clean["code"],
                             line=seen[clean["code"]]))
            continue
        seen[clean["code"]] = line
        clean["_line"] = line
        clean["_lines"] = {key: item.line_of(key) for key in item} if isinstance(item, YamlMap) else {}
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


def validate_taxonomies(root: Path, problems: Problems) -> Taxonomies:
    kinds = _terms(_read_taxonomy(root, "kinds.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "kinds.yml", kinds, KINDS, problems)
    stages = _terms(_read_taxonomy(root, "stages.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "stages.yml", stages, STAGES, problems)
    fields = _terms(_read_taxonomy(root, "fields.yml", _TERM_OPTIONS, problems))
    movements = _terms(_read_taxonomy(root, "movements.yml", _TERM_OPTIONS, problems))
    localities = _terms(_read_taxonomy(root, "localities.yml", _TERM_OPTIONS, problems))

    groups: dict[str, Group] = {}
    group_entries = _read_taxonomy(root, "groups.yml", _GROUP_OPTIONS, problems)
    check_succession(display_path(root / "taxonomies" / "groups.yml"), group_entries, problems)
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
    check_succession(units_display, unit_entries, problems)
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
