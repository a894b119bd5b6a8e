"""The yearbook's cover, drawn with Pillow from content: emblem, title,
period, council, and the sample-data badge while the content is the sample.

The text is set in the bundled Noto fonts (theme/fonts) with Pillow's basic
layout (media/text_layout.py), so the cover's pixels are the same on every
machine, whether it has libraqm or not, and every Vietnamese mark is drawn.
Output is deterministic: no metadata, fixed encoder settings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from ..media.text_layout import font, wrap

# Bump when the drawing changes in a way the cover's cache key (its text, emblem and fonts) cannot see.
LAYOUT_VERSION = "2"
# A4 at 300 dpi for print; the EPUB gets a smaller copy.
PRINT_SIZE = (2480, 3508)
EPUB_SIZE = (1240, 1754)
BACKGROUND = (122, 20, 24)  # deep red
ACCENT = (232, 190, 92)  # gold
TEXT = (255, 255, 255)


@dataclass(frozen=True)
class CoverText:
    title: str
    subtitle: str
    period: str
    publisher: str
    place_year: str  # "Phan Thiết, 2025"
    badge: str  # "DỮ LIỆU MẪU" or ""


def _centred(draw, lines: list[str], font, y: int, width: int, fill, spacing: float = 1.25) -> int:
    size = font.size
    for line in lines:
        x = (width - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill=fill)
        y += int(size * spacing)
    return y


def draw_cover(text: CoverText, emblem: Path | None, fonts_dir: Path) -> Image.Image:
    width, height = PRINT_SIZE
    image = Image.new("RGB", PRINT_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    serif_bold = fonts_dir / "NotoSerif-Bold.ttf"
    sans = fonts_dir / "NotoSans-Regular.ttf"
    sans_bold = fonts_dir / "NotoSans-Bold.ttf"
    margin = 220
    inner = width - 2 * margin

    # A gold frame, as on printed commemorative books.
    draw.rectangle((110, 110, width - 110, height - 110), outline=ACCENT, width=10)
    draw.rectangle((140, 140, width - 140, height - 140), outline=ACCENT, width=3)

    y = 330
    publisher_font = font(sans_bold, 64)
    y = _centred(draw, wrap(text.publisher.upper(), publisher_font, inner), publisher_font, y, width, ACCENT)

    if emblem is not None:
        with Image.open(emblem) as source:
            mark = ImageOps.contain(ImageOps.exif_transpose(source).convert("RGBA"), (760, 760), Image.Resampling.LANCZOS)
        y += 120
        image.paste(mark, ((width - mark.width) // 2, y), mark)
        y += mark.height + 140
    else:
        y += 500

    title_font = font(serif_bold, 150)
    y = _centred(draw, wrap(text.title.upper(), title_font, inner), title_font, y, width, TEXT, 1.3)
    y += 60
    draw.line(((width // 2 - 300, y), (width // 2 + 300, y)), fill=ACCENT, width=8)
    y += 90
    period_font = font(serif_bold, 120)
    y = _centred(draw, [text.period], period_font, y, width, ACCENT)
    if text.subtitle:
        y += 60
        subtitle_font = font(sans, 70)
        _centred(draw, wrap(text.subtitle, subtitle_font, inner - 200), subtitle_font, y, width, TEXT, 1.4)

    if text.badge:
        badge_font = font(sans_bold, 64)
        label = text.badge.upper()
        w = draw.textlength(label, font=badge_font)
        top = height - 620
        draw.rounded_rectangle(((width - w) / 2 - 60, top, (width + w) / 2 + 60, top + 130), radius=24, fill=ACCENT)
        draw.text(((width - w) / 2, top + 22), label, font=badge_font, fill=BACKGROUND)

    footer_font = font(sans, 64)
    _centred(draw, [text.place_year], footer_font, height - 380, width, TEXT)
    return image


def encode(image: Image.Image, size: tuple[int, int] | None = None, quality: int = 85) -> bytes:
    """JPEG bytes without metadata; the same image always gives the same bytes."""
    if size and image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=False, dpi=(300, 300))
    return out.getvalue()
