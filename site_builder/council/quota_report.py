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

Units are created, merged and dissolved (units.yml's `valid_from`, `valid_to`,
`became`): a unit counts only for the days it existed. In a period it did not
exist at all it has no quota (ABSENT, shown as "—"); in a period it existed
for only a part of (a department merged on 01/03/2025, a unit founded mid-
quarter) it is judged on that part, against a minimum PRO-RATED by days and
rounded to the nearest whole number (half up). We pro-rate rather than only
mark the cell because the report must still say met or not met for every
unit: the full minimum would fail a unit for the days it did not exist, and no
minimum would let a unit that existed two months of three send nothing. The
report says so under the table (each such unit, its dates, what it became or
came from), so a reader sees why the minimum is smaller. A unit merged on
1 July counts in full until 30 June and its successor in full from 1 July:
quarters and halves begin on that day, so neither is pro-rated.

The report's text, CSV, JSON and HTML are written by council/quota_formats.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..common.messages import _
from ..content.diagnostics import Problem
from ..content.model import Content, Group, Quota, Unit
from ..content.text import format_date

# Period states. A met quota is met whatever the date; an unmet one fails only
# once its period has ended.
MET, NOT_MET, IN_PROGRESS, UPCOMING = "met", "not-met", "in-progress", "upcoming"
ABSENT = "absent"  # the unit did not exist on any day of the period: no quota there
STATUSES = (MET, NOT_MET, IN_PROGRESS, UPCOMING, ABSENT)

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


def counted_part(entry: Unit | Group, period: Period) -> Period | None:
    """The part of `period` in which a unit (or a group) existed: the whole period, a part, or None."""
    start = max(period.start, entry.valid_from) if entry.valid_from else period.start
    end = min(period.end, entry.valid_to) if entry.valid_to else period.end
    return Period(period.code, start, end) if start <= end else None


def prorated_minimum(minimum: int, part: Period, period: Period) -> int:
    """The minimum for the days of `part`, rounded half up (see the module's docstring)."""
    days, period_days = (part.end - part.start).days + 1, (period.end - period.start).days + 1
    return (2 * minimum * days + period_days) // (2 * period_days)


@dataclass(frozen=True)
class PeriodCount:
    """One unit in one period: how many it sent against its minimum."""

    period: Period
    submitted: int
    minimum: int  # pro-rated when the unit existed for part of the period only
    status: str
    ended: bool  # the counted part's last day is before "today"
    counted: Period | None = None  # the part of the period the unit existed in; None: ABSENT

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.submitted)

    @property
    def partial(self) -> bool:
        """The unit existed for part of the period only (began or ceased inside it)."""
        return self.counted is not None and self.counted != self.period


@dataclass(frozen=True)
class UnitQuota:
    unit: Unit
    quota: Quota
    counts: tuple[PeriodCount, ...]
    successors: tuple[Unit, ...] = ()  # what it became (units.yml `became`)
    predecessors: tuple[Unit, ...] = ()  # the units that became it

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
        return any(c.ended for c in self.counts if c.status != ABSENT)

    def began_in(self, year: int) -> bool:
        return self.unit.valid_from is not None and self.unit.valid_from.year == year

    def ceased_in(self, year: int) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to.year == year


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
                units=sum(1 for u in self.units if u.counts[i].status != ABSENT),
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
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
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
    year_as_period = Period("year", first_day, last_day)
    for group in tax.groups.values():  # groups.yml order
        if counted_part(group, year_as_period) is None:  # the group did not exist that year
            continue
        members = [u for u in tax.units.values()  # units.yml order; only those of the year
                   if u.group == group.code and counted_part(u, year_as_period) is not None]
        sections = []
        for key, quota, units in _sections(group, members):
            periods = periods_of(quota.cadence, year)
            unit_rows = []
            for unit in units:
                dates = submitted_by_unit.get(unit.code, [])
                counts = []
                for period in periods:
                    part = counted_part(unit, period)
                    if part is None:
                        counts.append(PeriodCount(period, 0, 0, ABSENT, ended=today > period.end))
                        continue
                    n = sum(1 for d in dates if part.contains(d))
                    minimum = quota.minimum if part == period else prorated_minimum(quota.minimum, part, period)
                    counts.append(PeriodCount(period, n, minimum, period_status(n, minimum, part, today),
                                              ended=today > part.end, counted=part))
                unit_rows.append(UnitQuota(
                    unit, quota, tuple(counts),
                    successors=tuple(tax.units[c] for c in unit.became),
                    predecessors=tuple(u for u in tax.units.values() if unit.code in u.became)))
            sections.append(QuotaSection(key, quota, periods, tuple(unit_rows)))
        groups.append(GroupQuota(group, tuple(sections)))
    return QuotaReport(year, today, tuple(groups), without_unit, after_today)


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
