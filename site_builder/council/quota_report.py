"""The council's quota report: which units sent their exemplars, period by period.

The plan (section IV.1) asks every member unit of an emulation group to send
at least `minimum` exemplars per period, a quarter or a half-year; the rules
are data in taxonomies/groups.yml (with the armed-forces quota of Khối 9) and
units.yml. This module counts, for one calendar year, the profiles each unit
submitted in each period and says whether the quota was met.

Two deliberate differences from every public output:

* It counts EVERY profile, by its `submitted` date and `unit`, whatever its
  later status (draft, withdrawn, embargoed, no consent): the quota measures
  what units sent, not what was published. So it reads `Content.profiles`,
  not `Publication.profiles`.
* Because of that it carries counts only, never a profile's name, slug or
  file: even when `site.yml` publishes it (`publish_quota_report: true`), it
  tells the public how many profiles a unit sent and nothing about them.

A period that has not ended on "today" is never a failure: it is in progress
(or upcoming, when it has not started), unless its quota is already met.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from ..common.messages import _
from ..content.diagnostics import Problem
from ..content.model import Content, Group, Quota, Unit
from ..content.text import format_date

# Period states. A met quota is met whatever the date; an unmet one fails only
# once its period has ended.
MET, NOT_MET, IN_PROGRESS, UPCOMING = "met", "not-met", "in-progress", "upcoming"
STATUSES = (MET, NOT_MET, IN_PROGRESS, UPCOMING)
FORMATS = ("text", "csv", "html", "json")

# Sections of a group: all its units under one quota, or (Khối 9) the
# armed-forces units and the others under their own quotas.
ALL_UNITS, ARMED_FORCES, OTHER_UNITS = "all", "armed-forces", "others"


@dataclass(frozen=True)
class Period:
    """A calendar quarter or half-year of the report's year."""

    code: str  # "q1".."q4", "h1", "h2": stable, for CSV, JSON and labels
    start: dt.date
    end: dt.date  # inclusive: a profile submitted on 31/03 belongs to Q1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def periods_of(cadence: str, year: int) -> tuple[Period, ...]:
    """The periods of `year` for a cadence: four quarters or two halves."""
    months = {"quarter": 3, "half": 6}[cadence]
    prefix = cadence[0]  # "q" | "h"
    result = []
    for number, first_month in enumerate(range(1, 13, months), start=1):
        start = dt.date(year, first_month, 1)
        following = first_month + months
        end = (dt.date(year, following, 1) if following <= 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)
        result.append(Period(f"{prefix}{number}", start, end))
    return tuple(result)


def period_status(submitted: int, minimum: int, period: Period, today: dt.date) -> str:
    if submitted >= minimum:
        return MET
    if today > period.end:
        return NOT_MET
    if today < period.start:
        return UPCOMING
    return IN_PROGRESS


@dataclass(frozen=True)
class PeriodCount:
    """One unit in one period: how many it sent against its minimum."""

    period: Period
    submitted: int
    minimum: int
    status: str
    ended: bool  # the period's last day is before "today"

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.submitted)


@dataclass(frozen=True)
class UnitQuota:
    unit: Unit
    quota: Quota
    counts: tuple[PeriodCount, ...]

    @property
    def submitted(self) -> int:
        return sum(c.submitted for c in self.counts)

    @property
    def missed(self) -> tuple[PeriodCount, ...]:
        """Ended periods whose quota was not met."""
        return tuple(c for c in self.counts if c.status == NOT_MET)

    @property
    def judged(self) -> bool:
        """At least one period has ended: until then a unit has neither met nor missed its quota."""
        return any(c.ended for c in self.counts)


@dataclass(frozen=True)
class PeriodTotal:
    """All units of a section in one period."""

    period: Period
    submitted: int
    units_met: int
    units: int


@dataclass(frozen=True)
class QuotaSection:
    """The units of one group that follow one quota."""

    key: str  # ALL_UNITS | ARMED_FORCES | OTHER_UNITS
    quota: Quota
    periods: tuple[Period, ...]
    units: tuple[UnitQuota, ...]

    @property
    def totals(self) -> tuple[PeriodTotal, ...]:
        return tuple(
            PeriodTotal(
                period,
                submitted=sum(u.counts[i].submitted for u in self.units),
                units_met=sum(1 for u in self.units if u.counts[i].status == MET),
                units=len(self.units),
            )
            for i, period in enumerate(self.periods)
        )

    @property
    def submitted(self) -> int:
        return sum(u.submitted for u in self.units)


@dataclass(frozen=True)
class GroupQuota:
    group: Group
    sections: tuple[QuotaSection, ...]

    @property
    def units(self) -> tuple[UnitQuota, ...]:
        return tuple(u for s in self.sections for u in s.units)

    @property
    def submitted(self) -> int:
        return sum(s.submitted for s in self.sections)

    @property
    def below_quota(self) -> tuple[UnitQuota, ...]:
        return tuple(u for u in self.units if u.missed)


@dataclass(frozen=True)
class QuotaReport:
    year: int
    today: dt.date
    groups: tuple[GroupQuota, ...]
    without_unit: int  # profiles of the year that name no unit, so count nowhere
    after_today: int = 0  # dated after "today": not sent yet on the report's date (or a typing slip)

    @property
    def units(self) -> tuple[UnitQuota, ...]:
        return tuple(u for g in self.groups for u in g.units)

    @property
    def below_quota(self) -> tuple[tuple[GroupQuota, UnitQuota], ...]:
        """Units that missed the quota in at least one ended period, in groups.yml/units.yml order."""
        return tuple((g, u) for g in self.groups for u in g.below_quota)

    @property
    def submitted(self) -> int:
        return sum(g.submitted for g in self.groups)


def _sections(group: Group, units: list[Unit]) -> list[tuple[str, Quota, list[Unit]]]:
    if group.armed_forces_quota is None:
        return [(ALL_UNITS, group.quota, units)]
    armed = [u for u in units if u.armed_forces]
    others = [u for u in units if not u.armed_forces]
    split = [(ARMED_FORCES, group.armed_forces_quota, armed), (OTHER_UNITS, group.quota, others)]
    return [s for s in split if s[2]] or [(ALL_UNITS, group.quota, [])]


def quota_report(content: Content, year: int, today: dt.date) -> QuotaReport:
    """Count every profile submitted in `year` up to `today` per unit and period; judge each against its quota.

    The report is the state on `today`: a profile dated later had not been sent
    then, so `--today` in the past shows the report as it stood on that day.
    """
    tax = content.taxonomies
    submitted_by_unit: dict[str, list[dt.date]] = {}
    without_unit = after_today = 0
    for profile in content.profiles:  # every status: see the module's docstring
        if profile.submitted.year != year:
            continue
        if profile.submitted > today:
            after_today += 1
        elif profile.unit:
            submitted_by_unit.setdefault(profile.unit, []).append(profile.submitted)
        else:
            without_unit += 1

    groups = []
    for group in tax.groups.values():  # groups.yml order
        members = [u for u in tax.units.values() if u.group == group.code]  # units.yml order
        sections = []
        for key, quota, units in _sections(group, members):
            periods = periods_of(quota.cadence, year)
            unit_rows = []
            for unit in units:
                dates = submitted_by_unit.get(unit.code, [])
                counts = []
                for period in periods:
                    n = sum(1 for d in dates if period.contains(d))
                    counts.append(PeriodCount(period, n, quota.minimum,
                                              period_status(n, quota.minimum, period, today),
                                              ended=today > period.end))
                unit_rows.append(UnitQuota(unit, quota, tuple(counts)))
            sections.append(QuotaSection(key, quota, periods, tuple(unit_rows)))
        groups.append(GroupQuota(group, tuple(sections)))
    return QuotaReport(year, today, tuple(groups), without_unit, after_today)


# --- Output -----------------------------------------------------------------
# Words come from theme/labels.yml (`quota` block); the layout is here.


def section_heading(group: GroupQuota, section: QuotaSection, labels: dict) -> str:
    q = labels["quota"]
    rule = q["rule"].format(cadence=q["cadence"][section.quota.cadence], minimum=section.quota.minimum)
    if section.key == ALL_UNITS:
        return f"{group.group.name} — {rule}"
    return f"{group.group.name} — {q['sections'][section.key]}: {rule}"


def cell_text(count: PeriodCount, labels: dict) -> str:
    return f"{count.submitted}/{count.minimum} {labels['quota']['status'][count.status]}"


def missed_text(unit: UnitQuota, labels: dict) -> str:
    q = labels["quota"]
    return "; ".join(
        q["missed"].format(period=q["periods"][c.period.code], submitted=c.submitted, minimum=c.minimum,
                           missing=c.missing)
        for c in unit.missed
    )


def _columns(rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Rows of cells -> lines with aligned columns (NFC text: one code point, one column)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [(indent + "   ".join(cell.ljust(w) for cell, w in zip(row, widths))).rstrip() for row in rows]


def render_text(report: QuotaReport, labels: dict, council: str) -> str:
    q = labels["quota"]
    lines = [q["title"].format(year=report.year).upper(), council,
             q["as_of"].format(date=format_date(report.today)), q["counting"], ""]
    for group in report.groups:
        for section in group.sections:
            lines.append(section_heading(group, section, labels))
            if not section.units:
                lines += [f"  {q['no_units']}", ""]
                continue
            header = [q["unit"], *(q["periods"][p.code] for p in section.periods), q["year_total"]]
            rows = [header]
            for unit in section.units:
                rows.append([unit.unit.name, *(cell_text(c, labels) for c in unit.counts), str(unit.submitted)])
            totals = section.totals
            rows.append([q["total_submitted"], *(str(t.submitted) for t in totals), str(section.submitted)])
            rows.append([q["units_met"], *(f"{t.units_met}/{t.units}" for t in totals), ""])
            lines += _columns(rows) + [""]
    below = report.below_quota
    lines.append(q["below_heading"].format(count=len(below)).upper())
    if not below:
        lines.append(f"  {q['none_below']}")
    for group, unit in below:
        lines.append(f"  {group.group.name} · {unit.unit.name}: {missed_text(unit, labels)}")
    lines.append("")
    if report.without_unit:
        lines += [q["without_unit"].format(count=report.without_unit), ""]
    if report.after_today:
        lines += [q["after_today"].format(count=report.after_today, date=format_date(report.today)), ""]
    lines.append(summary_line(report, labels))
    return "\n".join(lines) + "\n"


def summary_line(report: QuotaReport, labels: dict) -> str:
    units = report.units
    below = len(report.below_quota)
    pending = sum(1 for u in units if not u.judged)  # early in the year: no period has ended yet
    return labels["quota"]["summary"].format(
        year=report.year, units=len(units), met=len(units) - below - pending, below=below, pending=pending,
        submitted=report.submitted,
    )


def render_csv(report: QuotaReport, labels: dict) -> str:
    """One row per unit and period, for a spreadsheet.

    Starts with a UTF-8 byte-order mark: without it Excel, which most council
    offices open CSV files with, shows Vietnamese letters as mojibake.
    """
    q = labels["quota"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([q["csv"][c] for c in ("year", "group_code", "group", "unit_code", "unit", "armed_forces",
                                           "cadence", "period", "start", "end", "submitted", "minimum",
                                           "status")])
    for group in report.groups:
        for section in group.sections:
            for unit in section.units:
                for c in unit.counts:
                    writer.writerow([
                        report.year, group.group.code, group.group.name, unit.unit.code, unit.unit.name,
                        q["yes"] if unit.unit.armed_forces else q["no"], q["cadence"][unit.quota.cadence],
                        q["periods"][c.period.code], format_date(c.period.start), format_date(c.period.end),
                        c.submitted, c.minimum, q["status"][c.status],
                    ])
    return "\ufeff" + buffer.getvalue()


def report_data(report: QuotaReport) -> dict:
    """The report as plain data (codes and ISO dates), for JSON."""
    def period(p: Period) -> dict:
        return {"code": p.code, "start": p.start.isoformat(), "end": p.end.isoformat()}

    return {
        "year": report.year,
        "today": report.today.isoformat(),
        "submitted": report.submitted,
        "without_unit": report.without_unit,
        "after_today": report.after_today,
        "groups": [
            {
                "code": g.group.code,
                "name": g.group.name,
                "submitted": g.submitted,
                "sections": [
                    {
                        "key": s.key,
                        "cadence": s.quota.cadence,
                        "minimum": s.quota.minimum,
                        "totals": [dict(period(t.period), submitted=t.submitted, units_met=t.units_met,
                                        units=t.units) for t in s.totals],
                        "units": [
                            {
                                "code": u.unit.code,
                                "name": u.unit.name,
                                "armed_forces": u.unit.armed_forces,
                                "submitted": u.submitted,
                                "periods": [dict(period(c.period), submitted=c.submitted, minimum=c.minimum,
                                                 status=c.status) for c in u.counts],
                            }
                            for u in s.units
                        ],
                    }
                    for s in g.sections
                ],
            }
            for g in report.groups
        ],
        "below_quota": [
            {
                "group": g.group.code,
                "unit": u.unit.code,
                "missed": [dict(period(c.period), submitted=c.submitted, minimum=c.minimum, missing=c.missing)
                           for c in u.missed],
            }
            for g, u in report.below_quota
        ],
    }


def render_json(report: QuotaReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def render_html(report: QuotaReport, renderer) -> str:
    """A standalone HTML document (inline styles, nothing fetched), printable."""
    return renderer.render("quota_report.html", "", report=report, **template_helpers())


def template_helpers() -> dict:
    """The wording functions, so the HTML says exactly what the text report says."""
    return {"section_heading": section_heading, "missed_text": missed_text, "summary_line": summary_line}


def render(report: QuotaReport, fmt: str, labels: dict, renderer, council: str) -> str:
    """The report in one of FORMATS; `renderer` (site.renderer.Renderer) is used for HTML."""
    if fmt == "text":
        return render_text(report, labels, council)
    if fmt == "csv":
        return render_csv(report, labels)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, renderer)
    raise ValueError(_("unknown report format '{format}'; use one of {formats}", format=fmt, formats=", ".join(FORMATS)))


def years_with_submissions(content: Content) -> tuple[int, ...]:
    return tuple(sorted({p.submitted.year for p in content.profiles}))


def uncounted_warnings(content: Content, year: int, today: dt.date) -> list[Problem]:
    """Profiles of `year` the report cannot count: tell the editor which and why."""
    problems = []
    for p in content.profiles:
        if p.submitted.year != year:
            continue
        if p.submitted > today:
            problems.append(Problem(
                p.display_path, p.line_of("submitted"), "warning",
                _("'submitted': {submitted} is after the report's date {today}, "
                  "so this profile is not counted; check the date (or the --today option)",
                  submitted=format_date(p.submitted), today=format_date(today))))
        elif not p.unit:
            problems.append(Problem(
                p.display_path, p.line_of("submitted"), "warning",
                _("'unit': no submitting unit, so this profile (submitted {submitted}) counts "
                  "toward no unit's quota; add 'unit:' with a code from taxonomies/units.yml",
                  submitted=format_date(p.submitted))))
    return problems
