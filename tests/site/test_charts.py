"""Bar-chart geometry: bars proportional to the table, stacked in column order,
the same bytes every time, colours that stand out from the page."""

from site_builder.content.model import Term
from site_builder.public.stats import Table
from site_builder.site.charts import (
    LABEL_SIZE,
    MAX_BAR_PERCENT,
    PALETTE,
    ROW_HEIGHT,
    bar_chart,
)

KINDS = (Term("ca-nhan", "Cá nhân"), Term("tap-the", "Tập thể"), Term("ho-gia-dinh", "Hộ gia đình"))
COUNT = (Term("count", "Số hồ sơ"),)


def table(rows, columns, cells, key="t"):
    return Table(key, "Bảng", "Dòng", tuple(Term(r, r.upper()) for r in rows), columns, cells)


def test_the_longest_bar_sets_the_scale_and_the_others_follow():
    chart = bar_chart(table(["a", "b", "c"], COUNT, ((8,), (2,), (0,))))
    assert [(b.total, b.value_x) for b in chart.bars] == [(8, "85.00"), (2, "21.25"), (0, "0.00")]
    assert [s.width for s in chart.bars[0].segments] == [f"{MAX_BAR_PERCENT:.2f}"]
    assert chart.bars[2].segments == ()  # a zero draws no rectangle, only its value
    assert chart.legend == ()  # one column: nothing to tell apart


def test_stacked_segments_follow_the_columns_and_skip_zeros():
    chart = bar_chart(table(["nong-nghiep"], KINDS, ((2, 0, 3),)))
    bar = chart.bars[0]
    # 5 is the largest total: 1 profile = 17%.
    assert [(s.column.code, s.x, s.width, s.colour) for s in bar.segments] == [
        ("ca-nhan", "0.00", "34.00", PALETTE[0]),
        ("ho-gia-dinh", "34.00", "51.00", PALETTE[2]),  # keeps its column's colour after a zero
    ]
    assert [(i.column.code, i.colour) for i in chart.legend] == [
        ("ca-nhan", PALETTE[0]), ("tap-the", PALETTE[1]), ("ho-gia-dinh", PALETTE[2])]


def test_rows_are_laid_out_below_the_legend_and_the_height_fits_them():
    single = bar_chart(table(["a", "b"], COUNT, ((1,), (1,))))
    assert [b.bar_y - single.bars[0].bar_y for b in single.bars] == [0, ROW_HEIGHT]
    assert single.height == 2 * ROW_HEIGHT
    stacked = bar_chart(table(["a", "b"], KINDS, ((1, 1, 1), (0, 0, 0))))
    assert stacked.bars[0].label_y - LABEL_SIZE > stacked.legend[-1].y + 12  # the first label sits under the legend
    assert stacked.height == stacked.bars[-1].label_y - LABEL_SIZE + ROW_HEIGHT


def test_an_empty_table_draws_without_dividing_by_zero():
    chart = bar_chart(table(["a"], COUNT, ((0,),)))
    assert chart.bars[0].value_x == "0.00"
    assert bar_chart(table([], COUNT, ())).bars == ()


def test_the_same_table_gives_the_same_chart():
    t = table(["a", "b"], KINDS, ((1, 2, 3), (3, 0, 1)))
    assert bar_chart(t) == bar_chart(t)


def _relative_luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_every_bar_colour_has_3_to_1_contrast_with_the_white_page():
    for colour in PALETTE:
        assert 1.05 / (_relative_luminance(colour) + 0.05) >= 3.0, colour  # WCAG 1.4.11
    assert len(set(PALETTE)) == len(PALETTE)
