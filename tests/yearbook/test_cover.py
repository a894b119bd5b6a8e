"""The cover is drawn from content, the same every time, and carries no metadata."""

import io

from conftest import REPO, SAMPLE_CONTENT
from PIL import Image

from site_builder.yearbook.cover import (
    EPUB_SIZE,
    PRINT_SIZE,
    CoverText,
    draw_cover,
    encode,
)

FONTS = REPO / "theme" / "fonts"
TEXT = CoverText(title="Kỷ yếu điển hình tiên tiến tỉnh Bình Thuận", subtitle="Những tập thể tiêu biểu",
                 period="Giai đoạn 2022 – 2025", publisher="Hội đồng Thi đua – Khen thưởng tỉnh",
                 place_year="Phan Thiết, 2025", badge="Dữ liệu mẫu")


def test_the_cover_is_a4_at_print_resolution_and_reproducible():
    first = encode(draw_cover(TEXT, SAMPLE_CONTENT / "yearbook" / "emblem.png", FONTS))
    second = encode(draw_cover(TEXT, SAMPLE_CONTENT / "yearbook" / "emblem.png", FONTS))
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == PRINT_SIZE
        assert image.info.get("dpi") == (300, 300)
        assert not image.getexif()  # no camera, software or date metadata


def test_title_period_and_badge_are_drawn_and_change_the_picture():
    with_badge = draw_cover(TEXT, None, FONTS)
    without = draw_cover(CoverText(**{**TEXT.__dict__, "badge": ""}), None, FONTS)
    other_period = draw_cover(CoverText(**{**TEXT.__dict__, "period": "Năm 2024"}), None, FONTS)
    assert with_badge.tobytes() != without.tobytes()
    assert with_badge.tobytes() != other_period.tobytes()
    # Text is drawn in the upper half: many distinct colours from antialiased glyphs.
    top = with_badge.crop((0, 0, PRINT_SIZE[0], PRINT_SIZE[1] // 2))
    assert len(top.getcolors(1_000_000)) > 50


def test_the_epub_copy_is_smaller():
    data = encode(draw_cover(TEXT, None, FONTS), EPUB_SIZE, quality=80)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == EPUB_SIZE
