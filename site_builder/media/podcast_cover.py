"""Podcast covers: one square image per programme with radio pieces, for podcast apps.

Apple's directory (and the apps that follow it) wants a square JPEG or PNG of 1400 to 3000
pixels; the site's 1200×630 share card is refused. A cover shows the programme's name large,
the station that runs it and the site's name, on the site's dark red, drawn with Pillow in
the bundled Noto Sans as the share cards are (media/share.py: same colours, same fonts, the
same basic layout engine, so the same pixels on every machine).

Like the share cards, a cover is kept under a key made of everything drawn: an unchanged
programme is never drawn again, and a renamed one gets a new file name, which apps that cache
a feed's image by its address then fetch anew.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ..common.files import write_atomically
from .share import BADGE, BADGE_INK, INK, JPEG_OPTIONS, PANEL, SOFT_INK, Fonts
from .text_layout import fit, largest_fitting, wrap

SIZE = 1400  # the smallest side Apple accepts: the lightest file that passes
LAYOUT_VERSION = "1"
COVER_DIR = "anh/podcast"
MARGIN = 110


@dataclass(frozen=True)
class Cover:
    """Everything drawn on one programme's cover."""

    name: str  # the programme's name
    station: str  # the station or newspaper that runs it
    site: str  # the site's name, at the foot
    badge: str = ""  # "Dữ liệu mẫu" on sample content

    def key(self, fonts_digest: str) -> str:
        digest = hashlib.sha256(f"v{LAYOUT_VERSION}:{SIZE}:{JPEG_OPTIONS}:{fonts_digest}\0".encode())
        for text in (self.name, self.station, self.site, self.badge):
            digest.update(text.encode("utf-8") + b"\0")
        return digest.hexdigest()[:24]


def draw_cover(cover: Cover, fonts: Fonts) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), PANEL)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    y = MARGIN
    if cover.badge:
        badge_font = fonts.load(True, 56)
        box = draw.textbbox((MARGIN, y), cover.badge, font=badge_font)
        draw.rounded_rectangle((box[0] - 24, box[1] - 16, box[2] + 24, box[3] + 16), radius=16, fill=BADGE)
        draw.text((MARGIN, y), cover.badge, font=badge_font, fill=BADGE_INK)
    # The name, as large as it fits in four lines: apps show the cover at 60 px as well as 600.
    title_font, lines = largest_fitting(cover.name, [fonts.load(True, size) for size in (150, 130, 112, 96, 84)],
                                        width, 4)
    line_height = round(title_font.size * 1.18)
    y = (SIZE - line_height * len(lines)) // 2 - 60  # the name a little above the middle
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += line_height
    y += 40
    draw.line((MARGIN, y, MARGIN + 260, y), fill=SOFT_INK, width=10)
    y += 50
    station_font = fonts.load(False, 64)
    for line in wrap(cover.station, station_font, width, 2):
        draw.text((MARGIN, y), line, font=station_font, fill=SOFT_INK)
        y += 80
    footer = fonts.load(False, 52)
    draw.text((MARGIN, SIZE - MARGIN - 52), fit(cover.site, footer, width), font=footer, fill=SOFT_INK)
    return image


def make_covers(covers: dict[str, Cover], cache_dir: Path, fonts: Fonts) -> tuple[dict[str, str], dict[str, Path]]:
    """({programme code: site-relative URL}, {URL: cached file}); only the covers not in the cache are drawn."""
    digest = fonts.digest()
    urls, files = {}, {}
    for code, cover in sorted(covers.items()):
        key = cover.key(digest)
        path = cache_dir / f"{key}.jpg"
        if not path.is_file():
            jpeg = io.BytesIO()
            draw_cover(cover, fonts).save(jpeg, "JPEG", **JPEG_OPTIONS)
            write_atomically(path, jpeg.getvalue())
        urls[code] = f"{COVER_DIR}/{key}.jpg"
        files[urls[code]] = path
    return urls, files
