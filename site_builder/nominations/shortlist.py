"""`site-builder shortlist EVENT`: the workbook of the profiles that meet an event's criteria, and
`--apply FILE`: the rows chosen in it written into the event file's `honourees:`.

A candidate is a profile of one of the criteria's kinds, submitted by the event's first day, not
withdrawn, holding an award of the criteria's forms dated in the criteria's period. Withheld
profiles are candidates too: the list is the council's. Each row says why it qualifies and, as
formulas the spreadsheet keeps up to date while the council chooses, how many are chosen so far
in its group, of its kind and in all, against the event's shares.

Applying writes nothing on any error (a changed heading, a choice outside the drop-down, a
profile removed since the workbook was made), each named `FILE: Ứng viên!L12` as the import
names its cells; applying the same workbook again changes nothing. Entries already on the list
keep their place; a chosen row updates its role and delegation, a new one is added at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..common.files import write_atomically
from ..common.messages import _
from ..common.paths import THEME_DIR
from ..content.diagnostics import Problems, did_you_mean
from ..content.events import Event, validate_event
from ..content.model import KINDS_NEEDING_CONSENT, Content, Profile
from ..content.read import SourceDocument, parse_yaml, read_text
from ..content.text import format_date, sort_key
from .importer import _Dumper
from .spec import column_letter, heading_key
from .template import save_workbook

SPEC_FILE = "shortlist.yml"
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_CHOICE_FILL = PatternFill("solid", fgColor="FFF2CC")


def load_texts(theme_dir: Path = THEME_DIR) -> dict:
    return yaml.safe_load((theme_dir / SPEC_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Candidate:
    profile: Profile
    group: str  # the event's group code its fields fall in, "" when none
    reasons: tuple[str, ...]  # the qualifying awards, one line each


def group_of(profile: Profile, event: Event) -> str:
    """The first of the event's groups that holds one of the profile's fields, in the profile's order."""
    for field in profile.fields:
        for group in event.groups.values():
            if field in group.fields:
                return group.code
    return ""


def candidates(content: Content, event: Event, texts: dict) -> list[Candidate]:
    """The profiles meeting the event's criteria, by group, then kind, then name."""
    criteria = event.criteria
    if criteria is None:
        return []
    found = []
    for p in content.profiles:
        if p.status == "withdrawn" or p.kind not in criteria.kinds or p.submitted > event.start:
            continue
        held = sorted((a for a in p.awards if a.award.code in criteria.awards
                       and criteria.start <= a.date <= criteria.end), key=lambda a: a.date)
        if held:
            reasons = tuple(texts["reason"].format(award=a.award.name, decision=a.decision, date=format_date(a.date))
                            for a in held)
            found.append(Candidate(p, group_of(p, event), reasons))
    groups = list(event.groups)
    kinds = list(content.taxonomies.kinds)
    found.sort(key=lambda c: (groups.index(c.group) if c.group else len(groups), kinds.index(c.profile.kind),
                              sort_key(c.profile.name), c.profile.slug))
    return found


def _status(profile: Profile, texts: dict) -> str:
    """The profile's status as the council reads it, with its embargo and a missing consent."""
    parts = [texts["statuses"][profile.status]]
    if profile.publish_from:
        parts.append(texts["embargo"].format(date=format_date(profile.publish_from)))
    if profile.kind in KINDS_NEEDING_CONSENT and not profile.consent.given:
        parts.append(texts["no_consent"])
    return "; ".join(parts)


def _columns(texts: dict) -> list[str]:
    return list(texts["columns"])


def build_workbook(content: Content, event: Event, texts: dict) -> tuple[Workbook, int]:
    """The workbook and how many candidates it lists."""
    tax, terms = content.taxonomies, content.events.terms
    headings = texts["columns"]
    keys = _columns(texts)
    letter = {key: get_column_letter(index) for index, key in enumerate(keys, start=1)}
    listed = {h.profile: h for h in event.honourees}
    shares = {(s.by, s.code): s.count for s in event.criteria.shares} if event.criteria else {}
    found = candidates(content, event, texts)

    book = Workbook()
    sheet = book.active
    sheet.title = texts["sheets"]["candidates"]
    summary = book.create_sheet(texts["sheets"]["shares"])
    lists = book.create_sheet(texts["sheets"]["lists"])
    roles = [term.name for term in terms.roles.values()]
    for row, name in enumerate(roles, start=1):
        lists.cell(row=row, column=1, value=name)
    lists.sheet_state = "hidden"

    for index, key in enumerate(keys, start=1):
        cell = sheet.cell(row=1, column=index, value=headings[key])
        cell.font, cell.fill = Font(bold=True), _HEADING_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = len(found) + 1
    for row, c in enumerate(found, start=2):
        p, entry = c.profile, listed.get(c.profile.slug)
        group = event.groups.get(c.group)
        locality = tax.localities.get(p.locality)
        unit = tax.units.get(p.unit)
        kind_name = tax.kinds[p.kind].name
        choice, group_name = letter["choice"], letter["group"]
        values = {
            "number": row - 1, "profile": p.slug, "name": p.name, "kind": kind_name,
            "fields": "; ".join(tax.fields[f].name for f in p.fields),
            "locality": locality.name if locality else "", "unit": unit.name if unit else "",
            "status": _status(p, texts), "group": group.name if group else texts["no_group"],
            "reasons": "\n".join(c.reasons), "listed": terms.roles[entry.role].name if entry else "",
            "choice": terms.roles[entry.role].name if entry else None,
            "delegation": entry.delegation if entry and entry.delegation else None,
            # Running totals as formulas: they follow the choices as the council makes them.
            "group_total": f'=COUNTIFS(${group_name}$2:{group_name}{row},{group_name}{row},'
                           f'${choice}$2:{choice}{row},"?*")',
            "group_share": shares.get(("group", c.group), texts["no_share"]),
            "kind_total": f'=COUNTIFS(${letter["kind"]}$2:{letter["kind"]}{row},{letter["kind"]}{row},'
                          f'${choice}$2:{choice}{row},"?*")',
            "kind_share": shares.get(("kind", p.kind), texts["no_share"]),
            "total": f'=COUNTIF(${choice}$2:{choice}{row},"?*")',
            "total_share": (event.criteria.total if event.criteria else None) or texts["no_share"],
        }
        for index, key in enumerate(keys, start=1):
            cell = sheet.cell(row=row, column=index, value=values[key])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key in ("choice", "delegation"):
                cell.fill = _CHOICE_FILL
    rule = DataValidation(type="list", formula1=f"'{lists.title}'!$A$1:$A${len(roles)}", allow_blank=True,
                          showErrorMessage=True, errorTitle=texts["list_error_title"], error=texts["list_error"],
                          showInputMessage=True, promptTitle=headings["choice"][:32], prompt=texts["choice_help"][:255])
    rule.add(f"{letter['choice']}2:{letter['choice']}{max(last, 2)}")
    sheet.add_data_validation(rule)
    for key, width in {"name": 30, "fields": 28, "locality": 22, "unit": 28, "status": 18, "group": 22,
                       "reasons": 48, "listed": 18, "choice": 22, "delegation": 24}.items():
        sheet.column_dimensions[letter[key]].width = width
    sheet.freeze_panes = f"{letter['name']}2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(last, 2)}"

    # "Chỉ tiêu": each share with how many are chosen, the candidates' sheet counted by formulas.
    for index, text in enumerate(texts["share_headings"], start=1):
        summary.cell(row=1, column=index, value=text).font = Font(bold=True)
    ref = f"'{sheet.title}'!"
    choice_range = f"{ref}${letter['choice']}$2:${letter['choice']}${max(last, 2)}"
    row = 1
    for share in (event.criteria.shares if event.criteria else ()):
        row += 1
        if share.by == "group":
            label, column = event.groups[share.code].name, letter["group"]
        else:
            label, column = tax.kinds[share.code].name, letter["kind"]
        area = f"{ref}${column}$2:${column}${max(last, 2)}"
        for index, value in enumerate((label, share.count, f'=COUNTIFS({area},A{row},{choice_range},"?*")',
                                       f"=COUNTIF({area},A{row})"), start=1):
            summary.cell(row=row, column=index, value=value)
    if event.criteria and event.criteria.total:
        row += 1
        for index, value in enumerate((texts["share_total"], event.criteria.total,
                                       f'=COUNTIF({choice_range},"?*")', len(found)), start=1):
            summary.cell(row=row, column=index, value=value)
    summary.column_dimensions["A"].width = 40
    return book, len(found)


def write_workbook(content: Content, event: Event, out: Path, theme_dir: Path = THEME_DIR) -> int:
    book, count = build_workbook(content, event, load_texts(theme_dir))
    save_workbook(book, out)
    return count


# --- Applying a filled-in workbook ---------------------------------------------------------


@dataclass
class ApplyResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False


def _where(display: str, sheet: str, column: int, row: int) -> str:
    return f"{display}: {sheet}!{column_letter(column)}{row}"


def read_choices(path: Path, content: Content, event: Event, texts: dict, problems: Problems
                 ) -> dict[str, tuple[str, str]] | None:
    """profile slug -> (role code, delegation) of every chosen row, or None with the problems."""
    display = path.name
    try:
        book = load_workbook(path, data_only=True, read_only=True)
    except (OSError, ValueError, KeyError) as exc:  # not a workbook (zipfile errors are ValueErrors)
        problems.error(display, 0, _("cannot read the workbook: {reason}", reason=exc))
        return None
    name = texts["sheets"]["candidates"]
    if name not in book.sheetnames:
        problems.error(display, 0, _("the sheet '{sheet}' is missing; apply the workbook that site-builder shortlist "
                                     "made", sheet=name))
        return None
    rows = list(book[name].iter_rows(values_only=True))
    keys = _columns(texts)
    header = list(rows[0]) if rows else []
    for index, key in enumerate(keys):
        found = header[index] if index < len(header) else None
        if heading_key(str(found or "")) != heading_key(texts["columns"][key]):
            problems.error(_where(display, name, index, 1), 0, _(
                "the heading is '{found}' where '{expected}' belongs; keep the workbook's columns as they were "
                "made (or make it again with site-builder shortlist {event})", found=found or "",
                expected=texts["columns"][key], event=event.slug))
    if problems.errors:
        return None
    column = {key: index for index, key in enumerate(keys)}
    roles = {term.name: code for code, term in content.events.terms.roles.items()}
    roles.update({code: code for code in content.events.terms.roles})
    profiles = {p.slug: p for p in content.profiles}
    chosen: dict[str, tuple[str, str]] = {}
    for number, values in enumerate(rows[1:], start=2):
        def cell(key: str):
            value = values[column[key]] if column[key] < len(values) else None
            return str(value).strip() if value is not None and str(value).strip() else ""

        slug, choice = cell("profile"), cell("choice")
        if not slug and not choice:
            continue
        if slug not in profiles:
            problems.error(_where(display, name, column["profile"], number), 0, _(
                "no profile has the slug '{slug}' (removed or renamed since the workbook was made){hint}; make the "
                "workbook again with site-builder shortlist {event}", slug=slug, hint=did_you_mean(slug, profiles),
                event=event.slug))
            continue
        if not choice:
            continue
        if choice not in roles:
            problems.error(_where(display, name, column["choice"], number), 0, _(
                "'{value}' is not one of the choices ({choices}){hint}; choose from the drop-down or leave it empty",
                value=choice, choices=", ".join(r.name for r in content.events.terms.roles.values()),
                hint=did_you_mean(choice, [r.name for r in content.events.terms.roles.values()])))
            continue
        profile = profiles[slug]
        if profile.submitted > event.start:
            problems.error(_where(display, name, column["profile"], number), 0, _(
                "the event ({date}) is before {name} was submitted ({submitted}); an exemplar is honoured after "
                "the unit submits the profile", date=format_date(event.start), name=profile.name,
                submitted=format_date(profile.submitted)))
            continue
        if slug in chosen:
            problems.error(_where(display, name, column["profile"], number), 0, _(
                "{name} ({slug}) is chosen on two rows; keep one", name=profile.name, slug=slug))
            continue
        chosen[slug] = (roles[choice], cell("delegation"))
    return None if problems.errors else chosen


class _IndentedDumper(_Dumper):
    """The import's YAML, with a list's items indented under their key as the event files write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _entry_yaml(entry) -> dict:
    """An honouree as the event file writes it."""
    data: dict = {"profile": entry["profile"], "role": entry["role"]}
    for key in ("delegation", "group", "award", "note"):
        if entry.get(key):
            data[key] = entry[key]
    return data


def _existing(event: Event) -> list[dict]:
    found = []
    for h in event.honourees:
        award = None
        if h.award:
            award = {"award": h.award.award.code, "decision": h.award.decision, "date": format_date(h.award.date)}
            if h.award.issuer != h.award.award.issuer:
                award["issuer"] = h.award.issuer
        found.append({"profile": h.profile, "role": h.role, "delegation": h.delegation, "group": h.group,
                      "award": award, "note": h.note})
    return found


def replace_honourees(text: str, block: str) -> str:
    """The event file's text with its front matter's `honourees:` block replaced by `block` (added at
    the end of the front matter when it has none); every other line as it was."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    start = next((i for i in range(1, end) if lines[i].startswith("honourees:")), None)
    if start is None:
        return "\n".join(lines[:end] + block.rstrip("\n").split("\n") + lines[end:])
    stop = start + 1
    while stop < end and (not lines[stop] or lines[stop][0] in " #-"):
        stop += 1
    return "\n".join(lines[:start] + block.rstrip("\n").split("\n") + lines[stop:])


def apply_workbook(path: Path, content: Content, event: Event, theme_dir: Path = THEME_DIR
                   ) -> tuple[ApplyResult | None, Problems]:
    """Write the workbook's chosen rows into the event file, or nothing with the problems."""
    problems = Problems()
    texts = load_texts(theme_dir)
    chosen = read_choices(path, content, event, texts, problems)
    if chosen is None:
        return None, problems
    result = ApplyResult()
    entries = _existing(event)
    by_slug = {e["profile"]: e for e in entries}
    profiles = {p.slug: p for p in content.profiles}
    for slug, (role, delegation) in chosen.items():
        entry = by_slug.get(slug)
        if entry is None:
            entries.append({"profile": slug, "role": role, "delegation": delegation,
                            "group": group_of(profiles[slug], event)})
            result.added += 1
        elif (entry["role"], entry["delegation"]) != (role, delegation):
            entry["role"], entry["delegation"] = role, delegation
            result.changed += 1
        else:
            result.unchanged += 1
    if not result.added and not result.changed:
        return result, problems  # the file is left exactly as it is
    own = Problems()
    old = read_text(event.source, event.display_path, own)
    if old is None:  # the event file cannot be read now: read_text said why
        return None, own
    new = replace_honourees(old, _dump({"honourees": [_entry_yaml(e) for e in entries]}))
    _check_in_memory(new, content, event, own)
    if own.errors:
        return None, own
    write_atomically(event.source, new.encode("utf-8"))
    result.written = True
    return result, problems


def _check_in_memory(text: str, content: Content, event: Event, problems: Problems) -> None:
    """The event file as it would be written, checked as `check` would: a mistake stops the apply."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    meta = parse_yaml("\n".join(lines[1:end]), event.display_path, problems, first_line=2)
    if meta is None:
        return
    doc = SourceDocument(event.source, event.display_path, meta, "\n".join(lines[end + 1:]), end + 2)
    validate_event(content.root, doc, content.taxonomies, content.events.terms,
                    {p.slug: p for p in content.profiles}, problems, content.site.max_photo_megabytes * 1_000_000)
