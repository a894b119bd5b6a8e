"""Entries with dates: the checks of `valid_from`, `valid_to` and `became` (units, groups, localities).

A taxonomy entry that can cease (a unit dissolved or merged, an emulation group
reorganised, a district abolished on 1 July 2025) says the dates it existed and what it became. These functions
check one file's entries against each other; they read the clean dicts that
`taxonomies._read_taxonomy` gives (with `_line` and `_lines`, the line of each
key) and report into `Problems`, naming the file, the line and the fix.

The succession rule: a successor either begins the day after its predecessor's
last day (`valid_from` = `valid_to` + 1 day: a new unit made by the merger) or
has no `valid_from` (it existed before and took the predecessor over, as the
Sở Khoa học và Công nghệ took over the Sở Thông tin và Truyền thông); in both
cases it must still exist on that day. Anything else is a gap (days when no one
did the work) or an overlap (two units counted for the same days).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..common.messages import _
from .diagnostics import Problems, did_you_mean
from .text import format_date, sort_key

ONE_DAY = dt.timedelta(days=1)


def dates_text(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    """The dates an entry existed, as an editor reads them: "từ 01/07/2025", "đến 30/06/2025"."""
    if valid_from and valid_to:
        return _("from {start} to {end}", start=format_date(valid_from), end=format_date(valid_to))
    if valid_from:
        return _("from {start}", start=format_date(valid_from))
    if valid_to:
        return _("until {end}", end=format_date(valid_to))
    return _("at all times")


def _line(entry: dict[str, Any], key: str) -> int:
    line: int = entry["_lines"].get(key, entry["_line"])
    return line


def check_succession(display: str, entries: list[dict[str, Any]], problems: Problems, what: str) -> None:
    """Dates in order, `became` naming known codes, no cycle, no gap or overlap at a succession.
    `what` names the kind of entry in the messages ("unit", "locality")."""
    by_code = {e["code"]: e for e in entries}
    for entry in entries:
        start, end, became = entry["valid_from"], entry["valid_to"], entry["became"]
        if start and end and end < start:
            problems.error(display, _line(entry, "valid_to"), _(
                "'valid_to': {end} is before 'valid_from' {start}; the last day cannot come before the first",
                end=format_date(end), start=format_date(start)))
            continue
        if became and end is None:
            problems.error(display, _line(entry, "became"), _(
                "'became': '{code}' became {codes}, so it needs 'valid_to:', its last day before that",
                code=entry["code"], codes=", ".join(became)))
            continue
        for successor_code in became:
            successor = by_code.get(successor_code)
            if successor is None:
                problems.error(display, _line(entry, "became"), _(
                    "'became': unknown code '{code}'{hint}; write the code of an entry of this file",
                    code=successor_code, hint=did_you_mean(successor_code, list(by_code))))
                continue
            _check_one_succession(display, entry, successor, problems, what)
    _check_cycles(display, entries, by_code, problems, what)


def _check_one_succession(display: str, entry: dict[str, Any], successor: dict[str, Any], problems: Problems, what: str) -> None:
    code, first_day = entry["code"], entry["valid_to"] + ONE_DAY
    begins, ends = successor["valid_from"], successor["valid_to"]
    line = _line(entry, "became")
    if begins is not None and begins > first_day:
        problems.error(display, line, _(
            "'became': '{successor}' begins on {start} but '{code}' ended on {end}: no {what} for the days "
            "between; set the successor's 'valid_from' to {next}, or correct 'valid_to'",
            successor=successor["code"], start=format_date(begins), code=code, end=format_date(entry["valid_to"]),
            next=format_date(first_day), what=what))
    elif begins is not None and begins < first_day:
        problems.error(display, line, _(
            "'became': '{successor}' begins on {start} while '{code}' still exists until {end}: both would "
            "count for the same days; set the successor's 'valid_from' to {next} (or remove it, when the "
            "successor existed before and took '{code}' over)",
            successor=successor["code"], start=format_date(begins), code=code, end=format_date(entry["valid_to"]),
            next=format_date(first_day)))
    elif ends is not None and ends < first_day:
        problems.error(display, line, _(
            "'became': '{successor}' ended on {successor_end}, before '{code}' became it on {next}; "
            "name the {what} that existed on {next}",
            successor=successor["code"], successor_end=format_date(ends), code=code, next=format_date(first_day),
            what=what))


def _check_cycles(display: str, entries: list[dict[str, Any]], by_code: dict[str, Any], problems: Problems, what: str) -> None:
    """Each cycle once, reported on the line of its first entry in the file."""
    reported: set[frozenset[str]] = set()
    for entry in entries:
        path = [entry["code"]]
        _follow(entry["code"], path, by_code, display, reported, problems, what)


def _follow(code: str, path: list[str], by_code: dict[str, Any], display: str, reported: set[Any], problems: Problems,
            what: str) -> None:
    for successor in by_code.get(code, {}).get("became", ()):
        if successor not in by_code:
            continue
        if successor == path[0]:
            cycle = frozenset(path)
            if cycle not in reported:
                reported.add(cycle)
                problems.error(display, _line(by_code[path[0]], "became"), _(
                    "'became' runs in a circle: {chain}; a {what} cannot become itself again, remove the "
                    "link that runs back", chain=" → ".join([*path, successor]), what=what))
        elif successor not in path:
            _follow(successor, [*path, successor], by_code, display, reported, problems, what)


def check_within(display: str, entry: dict[str, Any], key: str, container_code: str, container: dict[str, Any] | None,
                 problems: Problems) -> None:
    """An entry inside another (a unit in its group) exists only while the container exists."""
    if container is None:
        return
    outer_from, outer_to = container["valid_from"], container["valid_to"]
    inner_from, inner_to = entry["valid_from"], entry["valid_to"]
    starts_before = outer_from is not None and (inner_from is None or inner_from < outer_from)
    ends_after = outer_to is not None and (inner_to is None or inner_to > outer_to)
    if starts_before or ends_after:
        problems.error(display, _line(entry, key), _(
            "'{field}': '{container}' exists {container_dates}, but '{code}' exists {dates}; put it in an "
            "entry that exists on all its dates, or correct the dates",
            field=key, container=container_code, container_dates=dates_text(outer_from, outer_to),
            code=entry["code"], dates=dates_text(inner_from, inner_to)))


def not_valid_on(entries: dict[str, Any], code: str, day: dt.date, what: str) -> str | None:
    """Why the entry `code` (a Unit, a Group: anything with valid_from, valid_to, became, name)
    cannot be named for `day`, with what to write instead; None when it existed that day."""
    entry = entries[code]
    if entry.valid_on(day):
        return None
    existed = dates_text(entry.valid_from, entry.valid_to)
    if entry.valid_to is not None and day > entry.valid_to:
        successors = sorted((entries[c] for c in entry.became if c in entries), key=lambda e: sort_key(e.name))
        if successors:
            fix = _("it became {successors} on {next}; write that code",
                    successors=", ".join(f"{s.code} ({s.name})" for s in successors),
                    next=format_date(entry.valid_to + ONE_DAY))
        else:
            fix = _("it ceased after {end}; write the {what} that existed on that day",
                    end=format_date(entry.valid_to), what=what)
    else:
        predecessors = sorted((e for e in entries.values() if code in e.became), key=lambda e: sort_key(e.name))
        if predecessors:
            fix = _("before {start} it was {predecessors}; write that code",
                    start=format_date(entry.valid_from),
                    predecessors=", ".join(f"{p.code} ({p.name})" for p in predecessors))
        else:
            fix = _("it did not exist yet; check the date or write the {what} of that day", what=what)
    return _("'{code}' ({name}) exists {dates}, not on {day}: {fix}",
             code=code, name=entry.name, dates=existed, day=format_date(day), fix=fix)
