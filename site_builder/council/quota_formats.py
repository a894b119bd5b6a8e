"""The council's quota report as people and programs read it: aligned text, CSV for Excel,
JSON (codes and ISO dates) and one printable HTML file.

The counting is council/quota_report.py's; here are only the words and the layout. The words
come from theme/labels.yml (its `quota` block), so the HTML says exactly what the text says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from ..common.messages import _
from ..content.text import format_date
from .quota_report import (
    ABSENT,
    ALL_UNITS,
    GroupQuota,
    Period,
    PeriodCount,
    QuotaReport,
    QuotaSection,
    UnitQuota,
)

FORMATS = ("text", "csv", "html", "json")


def section_heading(group: GroupQuota, section: QuotaSection, labels: dict) -> str:
    q = labels["quota"]
    rule = q["rule"].format(cadence=q["cadence"][section.quota.cadence], minimum=section.quota.minimum)
    if section.key == ALL_UNITS:
        return f"{group.group.name} — {rule}"
    return f"{group.group.name} — {q['sections'][section.key]}: {rule}"


def cell_text(count: PeriodCount, labels: dict) -> str:
    q = labels["quota"]
    if count.status == ABSENT:
        return q["status"][ABSENT]
    text = f"{count.submitted}/{count.minimum} {q['status'][count.status]}"
    return f"{text} {part_text(count, labels)}" if count.partial else text


def part_text(count: PeriodCount, labels: dict) -> str:
    """The days of a period a unit was counted for, when it existed for part of it only."""
    assert count.counted is not None  # a partial count is one for some days of the period
    return labels["quota"]["part"].format(start=format_date(count.counted.start), end=format_date(count.counted.end))


def unit_notes(unit: UnitQuota, year: int, labels: dict) -> list[str]:
    """Why a unit is counted for part of the year: it began or ceased in it (and what it became)."""
    q = labels["quota"]
    notes = []
    began, ceased = unit.unit.valid_from, unit.unit.valid_to
    if began is not None and began.year == year:  # unit.began_in(year)
        came_from = q["came_from"].format(units=", ".join(u.name for u in unit.predecessors)) if unit.predecessors else ""
        notes.append(q["began"].format(unit=unit.unit.name, date=format_date(began), came_from=came_from))
    if ceased is not None and ceased.year == year:  # unit.ceased_in(year)
        became = q["became"].format(units=", ".join(u.name for u in unit.successors)) if unit.successors else ""
        notes.append(q["ceased"].format(unit=unit.unit.name, date=format_date(ceased + dt.timedelta(days=1)),
                                        last=format_date(ceased), became=became))
    return notes


def section_notes(section: QuotaSection, year: int, labels: dict) -> list[str]:
    """The notes of a section's units, then the rule they follow; [] when every unit existed all year."""
    notes = [note for unit in section.units for note in unit_notes(unit, year, labels)]
    return [*notes, labels["quota"]["dates_rule"]] if notes else []


def missed_text(unit: UnitQuota, labels: dict) -> str:
    q = labels["quota"]
    return "; ".join(
        q["missed"].format(period=q["periods"][c.period.code], submitted=c.submitted, minimum=c.minimum,
                           missing=c.missing) + (f" {part_text(c, labels)}" if c.partial else "")
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
            lines += _columns(rows)
            lines += [f"  {note}" for note in section_notes(section, report.year, labels)] + [""]
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
                                           "status", "counted_from", "counted_to", "note")])
    for group in report.groups:
        for section in group.sections:
            for unit in section.units:
                note = " ".join(unit_notes(unit, report.year, labels))
                for c in unit.counts:
                    if c.status == ABSENT:  # one row per period the unit existed in
                        continue
                    assert c.counted is not None  # a period the unit existed in has its days
                    writer.writerow([
                        report.year, group.group.code, group.group.name, unit.unit.code, unit.unit.name,
                        q["yes"] if unit.unit.armed_forces else q["no"], q["cadence"][unit.quota.cadence],
                        q["periods"][c.period.code], format_date(c.period.start), format_date(c.period.end),
                        c.submitted, c.minimum, q["status"][c.status],
                        format_date(c.counted.start), format_date(c.counted.end), note if c.partial else "",
                    ])
    return "\ufeff" + buffer.getvalue()


def report_data(report: QuotaReport) -> dict:
    """The report as plain data (codes and ISO dates), for JSON."""
    def period(p: Period) -> dict:
        return {"code": p.code, "start": p.start.isoformat(), "end": p.end.isoformat()}

    def counted(c: PeriodCount) -> dict:
        """The days the unit was counted for: the period, a part of it, or null (absent)."""
        part = c.counted
        return {"counted_from": part.start.isoformat() if part else None,
                "counted_to": part.end.isoformat() if part else None}

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

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
                                "valid_from": iso(u.unit.valid_from),
                                "valid_to": iso(u.unit.valid_to),
                                "became": list(u.unit.became),
                                "submitted": u.submitted,
                                "periods": [dict(period(c.period), submitted=c.submitted, minimum=c.minimum,
                                                 status=c.status, **counted(c)) for c in u.counts],
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
    return {"section_heading": section_heading, "missed_text": missed_text, "summary_line": summary_line,
            "section_notes": section_notes}


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
