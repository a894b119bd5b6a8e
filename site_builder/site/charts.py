"""Bar charts of statistics tables, as geometry for inline SVG.

A chart is drawn from a `stats.Table`: one horizontal bar per row, stacked
by column when the table has several (fields × kinds). This module computes
positions only; `theme/templates/charts.html` writes the SVG and, beside it,
the table itself, which is the real data: the SVG is one image
(`role="img"` with a title) and screen readers, print and the yearbook read
the numbers from the table.

Why no chart library: every one worth having draws in the browser with
JavaScript (or fetches it from a CDN), and these bars need a dozen lines of
arithmetic. Bars are placed in percent of the SVG's width and text in pixels,
so the chart fills any screen width without scaling its text down to
unreadable sizes on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Term
from ..public.stats import Table

# Fill colours for the columns of a stacked bar, in order. Each has at least
# 3:1 contrast with the white page (WCAG 1.4.11), and red, blue and ochre stay
# apart for the common colour-vision deficiencies; a white gap separates the
# segments and the legend names them, so colour is never the only cue.
PALETTE = ("#9e1b1b", "#1f5f8b", "#8a5a00", "#2e6b30", "#5b3f8c", "#4a4a4a")

# Layout in CSS pixels.
LABEL_SIZE = 13  # font size of row labels and values
ROW_HEIGHT = 40  # label line + bar + gap
BAR_OFFSET = 18  # from the top of a row to the top of its bar
BAR_HEIGHT = 14
LEGEND_LINE = 20
# The longest bar takes this share of the width; the rest holds its value.
MAX_BAR_PERCENT = 85.0


@dataclass(frozen=True)
class Segment:
    column: Term
    value: int
    x: str  # percent of the chart's width, formatted ("12.50")
    width: str
    colour: str


@dataclass(frozen=True)
class Bar:
    row: Term
    total: int
    segments: tuple[Segment, ...]  # zero values are left out
    label_y: int  # baseline of the row's label
    bar_y: int  # top of the bar
    value_x: str  # percent where the bar ends: its value is written just after
    value_y: int


@dataclass(frozen=True)
class LegendItem:
    column: Term
    colour: str
    y: int  # top of the swatch


@dataclass(frozen=True)
class BarChart:
    key: str  # the table's key: ids in the page derive from it
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]  # empty when the table has one column
    height: int
    bar_height: int = BAR_HEIGHT
    font_size: int = LABEL_SIZE


def _percent(value: float) -> str:
    """Fixed two decimals: the same table always gives the same bytes."""
    return f"{value:.2f}"


def bar_chart(table: Table) -> BarChart:
    """Stacked horizontal bars for `table`, the longest at MAX_BAR_PERCENT of the width."""
    stacked = len(table.columns) > 1
    legend = tuple(
        LegendItem(column, PALETTE[i % len(PALETTE)], y=i * LEGEND_LINE)
        for i, column in enumerate(table.columns)
    ) if stacked else ()
    top = len(legend) * LEGEND_LINE + (8 if legend else 0)
    largest = max(table.row_totals, default=0)
    scale = MAX_BAR_PERCENT / largest if largest else 0.0

    bars = []
    for index, (row, cells) in enumerate(zip(table.rows, table.cells)):
        y = top + index * ROW_HEIGHT
        segments, start = [], 0
        for column_index, (column, value) in enumerate(zip(table.columns, cells)):
            if value:
                segments.append(Segment(column, value, _percent(start * scale), _percent(value * scale),
                                        PALETTE[column_index % len(PALETTE)]))
            start += value
        bars.append(Bar(
            row=row, total=sum(cells), segments=tuple(segments),
            label_y=y + LABEL_SIZE, bar_y=y + BAR_OFFSET,
            value_x=_percent(start * scale), value_y=y + BAR_OFFSET + BAR_HEIGHT - 2,
        ))
    height = top + len(bars) * ROW_HEIGHT
    return BarChart(table.key, tuple(bars), legend, height)
