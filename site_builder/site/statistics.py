"""Stage: the statistics page (/thong-ke/) and, only when site.yml asks, the quota report pages.

/thong-ke/ shows `stats.tables()` (public profiles only: the same tables as
the yearbook's statistics chapter) as bar charts, each with its table.

The quota report (quota_report.py) counts every submitted profile, withheld ones
too, so it is for the council; it goes on the site only with
`publish_quota_report: true` in content/site.yml, at /chi-tieu/ (the current
year) and /chi-tieu/<year>/ (other years with submissions). It holds counts
only, never a profile's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Term
from ..council import quota_formats, quota_report
from ..public import stats
from ..public.gate import Publication
from ..public.groupings import sections_for
from .charts import BarChart, bar_chart
from .documents import Document
from .renderer import Renderer

STATISTICS_URL = "thong-ke/"
QUOTA_URL = "chi-tieu/"
# After the section overviews (10–14), before free pages (100+).
STATISTICS_NAV_ORDER = 50
QUOTA_NAV_ORDER = 51

# Which section's listing pages a table's rows link to (see public.groupings.sections_for).
_TABLE_SECTIONS = {
    "field-by-kind": "fields",
    "movement": "movements",
    "locality": "localities",
    "locality-recorded": "localities",  # every locality, former ones too, has its page
    "kind": "kinds",
    "year": "years",
}


@dataclass(frozen=True)
class TableRow:
    term: Term
    cells: tuple[int, ...]
    total: int
    href: str  # the term's listing page, "" when it has none (stages)


@dataclass(frozen=True)
class StatFigure:
    """One table with its chart, as the templates see it."""

    table: stats.Table
    chart: BarChart
    rows: tuple[TableRow, ...]
    note: str = ""  # a sentence under the table (labels' stats_page.notes), e.g. how places are counted
    see_also: tuple[str, str] = ("", "")  # (link text, "#key" of another table on the page), or none

    @property
    def stacked(self) -> bool:
        return len(self.table.columns) > 1


def figures(publication: Publication, labels: dict) -> tuple[StatFigure, ...]:
    prefixes = {s.key: s.prefix for s in sections_for(publication, labels)}
    result = []
    for table in stats.tables(publication, labels):
        prefix = prefixes.get(_TABLE_SECTIONS.get(table.key, ""), "")
        rows = tuple(
            TableRow(term, cells, total, f"{prefix}/{term.code}/" if prefix else "")
            for term, cells, total in zip(table.rows, table.cells, table.row_totals)
        )
        words = labels["stats_page"]
        # The two tables by locality: by the current units, and by the place as recorded, each
        # one click from the other.
        note, see_also = {
            "locality": (words["locality_note"], (words["by_recorded_locality"], "#locality-recorded")),
            "locality-recorded": (words["recorded_locality_note"], (words["by_current_locality"], "#locality")),
        }.get(table.key, ("", ("", "")))
        result.append(StatFigure(table, bar_chart(table), rows, note, see_also))
    return tuple(result)


def statistics_document(publication: Publication, renderer: Renderer, labels: dict) -> Document:
    title = labels["stats"]["title"]
    intro = labels["stats_page"]["intro"].format(
        count=len(publication.profiles), date=renderer.env.filters["date"](publication.today))
    body = renderer.render("statistics.html", STATISTICS_URL, title=title, intro=intro,
                           figures=figures(publication, labels))
    return Document(STATISTICS_URL, title, intro, body, in_nav=title, nav_order=STATISTICS_NAV_ORDER)


def quota_documents(publication: Publication, renderer: Renderer, labels: dict) -> list[Document]:
    content, today = publication.content, publication.today
    current = today.year
    years = sorted(set(quota_report.years_with_submissions(content)) | {current}, reverse=True)

    def url_of(year: int) -> str:
        return QUOTA_URL if year == current else f"{QUOTA_URL}{year}/"

    documents = []
    for year in years:
        report = quota_report.quota_report(content, year, today)
        title = labels["quota"]["title"].format(year=year)
        url = url_of(year)
        body = renderer.render("quota_page.html", url, title=title, report=report,
                               years=[(y, url_of(y)) for y in years], **quota_formats.template_helpers())
        documents.append(Document(url, title, quota_formats.summary_line(report, labels), body,
                                  in_nav=labels["quota"]["nav"] if year == current else "",
                                  nav_order=QUOTA_NAV_ORDER))
    return documents


def documents(publication: Publication, renderer: Renderer, labels: dict) -> list[Document]:
    docs = [statistics_document(publication, renderer, labels)]
    if publication.content.site.publish_quota_report:
        docs += quota_documents(publication, renderer, labels)
    return docs
