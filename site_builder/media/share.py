"""Stage: share images — one 1200×630 card per profile for Open Graph and Twitter.

A card shows the profile's main photo (or its initials on its colour), its
name, fields, kind and locality, and the site's name, drawn with Pillow in
Noto Sans (theme/fonts/, OFL) which covers every Vietnamese letter. The
basic layout engine is used on purpose: NFC text needs no shaping (Noto Sans
has every precomposed Vietnamese letter), and it draws the same pixels on
every machine, which raqm + fribidi versions would not guarantee.

Cards are cached like photos (media.py): the key is a hash of everything
drawn (texts, the photo rendition's bytes, the fonts, the layout version), so
an unchanged profile is never drawn again and a changed one never shows a
stale card. The key is also the file name (anh/chia-se/<key>.jpg): social
networks cache images by URL, so a new card gets a new URL.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..common import work
from ..common.files import write_atomically
from ..common.parallel import map_in_processes
from ..common.products import products
from .text_layout import fit, font, largest_fitting, wrap

WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes, so that old cached cards are not reused.
LAYOUT_VERSION = "2"
# Not progressive: crawlers fetch share images whole, and progressive encoding
# took three times as long for 2 % fewer bytes (bench/open_data.py).
JPEG_OPTIONS = {"quality": 85, "optimize": True}
SHARE_DIR = "anh/chia-se"

PANEL = (122, 20, 20)  # the site's dark red (theme colour #7a1414)
INK = (255, 255, 255)
SOFT_INK = (246, 221, 221)
BADGE = (255, 243, 205)  # the sample-data banner's colours
BADGE_INK = (61, 47, 0)


@dataclass(frozen=True)
class Card:
    """Everything drawn on one card; `photo` is a cached JPEG rendition or None."""

    title: str  # the profile's name, or the site's name
    lines: tuple[str, ...]  # fields, then "kind · locality"
    footer: tuple[str, ...]  # the site's name, its address
    badge: str = ""  # "Dữ liệu mẫu" on sample content
    photo: Path | None = None
    initials: str = ""  # drawn on `colour` when there is no photo
    colour: tuple[int, int, int] = PANEL

    def key(self, fonts_digest: str, photo_digest: str = "") -> str:
        """A hash of everything drawn; `photo_digest` is the hash of the photo's bytes."""
        digest = hashlib.sha256()
        digest.update(f"v{LAYOUT_VERSION}:{WIDTH}x{HEIGHT}:{JPEG_OPTIONS}:{fonts_digest}:{photo_digest}\0".encode())
        for text in (self.title, *self.lines, *self.footer, self.badge, self.initials, repr(self.colour)):
            digest.update(text.encode("utf-8") + b"\0")
        return digest.hexdigest()[:24]


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path

    @classmethod
    def in_theme(cls, theme_dir: Path) -> "Fonts":
        return cls(theme_dir / "fonts" / "NotoSans-Regular.ttf", theme_dir / "fonts" / "NotoSans-Bold.ttf")

    def digest(self) -> str:
        return hashlib.sha256(self.regular.read_bytes() + self.bold.read_bytes()).hexdigest()[:16]

    def load(self, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        return font(self.bold if bold else self.regular, size)


def hsl_colour(css: str) -> tuple[int, int, int]:
    """"hsl(210 45% 32%)" (public.views.colour_for) -> (r, g, b), so the card matches the page's placeholder."""
    match = re.fullmatch(r"hsl\((\d+(?:\.\d+)?) (\d+(?:\.\d+)?)% (\d+(?:\.\d+)?)%\)", css.strip())
    if not match:
        return PANEL
    hue, saturation, lightness = (float(x) for x in match.groups())
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    return round(r * 255), round(g * 255), round(b * 255)


# --- Drawing -----------------------------------------------------------------------


def _frame(fonts: Fonts, badge: str, footer: tuple[str, ...], left: int) -> Image.Image:
    """The panel with the badge and the footer, which every card of a site shares: drawn once
    per process (a fifth of a card's time), then each card is drawn on a copy. They are apart
    from everything else on the card, so the pixels are those of drawing it all on each card."""
    key = (fonts.regular, fonts.bold, badge, footer, left)
    if key not in _frames:
        image = Image.new("RGB", (WIDTH, HEIGHT), PANEL)
        draw = ImageDraw.Draw(image)
        width = WIDTH - left - 50
        if badge:
            badge_font = fonts.load(True, 24)
            box = draw.textbbox((left, 48), badge, font=badge_font)
            draw.rounded_rectangle((box[0] - 12, box[1] - 8, box[2] + 12, box[3] + 8), radius=8, fill=BADGE)
            draw.text((left, 48), badge, font=badge_font, fill=BADGE_INK)
        footer_font = fonts.load(False, 24)
        footer_y = HEIGHT - 44 - 34 * len(footer)
        for line in footer:
            draw.text((left, footer_y), fit(line, footer_font, width), font=footer_font, fill=SOFT_INK)
            footer_y += 34
        _frames[key] = image
    return _frames[key]


_frames: dict[tuple, Image.Image] = {}


def draw_card(card: Card, fonts: Fonts) -> Image.Image:
    side = HEIGHT  # the picture is a square on the left
    left = side + 50 if (card.photo is not None or card.initials) else 80
    image = _frame(fonts, card.badge, card.footer, left).copy()
    draw = ImageDraw.Draw(image)
    if card.photo is not None:
        with Image.open(card.photo) as opened:
            photo = opened.convert("RGB")
            # Bilinear is enough for the small step from a 960 px rendition to 630 px
            # (Pillow filters when it shrinks) and twice as fast as Lanczos.
            image.paste(ImageOps.fit(photo, (side, side), Image.Resampling.BILINEAR, centering=(0.5, 0.4)), (0, 0))
    elif card.initials:
        draw.rectangle((0, 0, side, side), fill=card.colour)
        big = fonts.load(True, 220)
        draw.text((side / 2, side / 2), card.initials, font=big, fill=INK, anchor="mm")
    width = WIDTH - left - 50
    y = 48
    if card.badge:
        y += 60  # below the badge (_frame)
    # The name: the largest size at which it fits in three lines.
    title_font, title_lines = largest_fitting(card.title, [fonts.load(True, size) for size in (64, 58, 52, 46, 40, 36)],
                                              width, 3)
    line_height = round(title_font.size * 1.22)
    for line in title_lines:
        draw.text((left, y), line, font=title_font, fill=INK)
        y += line_height
    y += 18
    draw.line((left, y, left + 120, y), fill=SOFT_INK, width=4)
    y += 26
    body = fonts.load(False, 30)
    footer_y = HEIGHT - 44 - 34 * len(card.footer)  # the footer is in the frame (_frame)
    for text in card.lines:
        for line in wrap(text, body, width, 2):
            if y + 38 > footer_y - 10:
                break
            draw.text((left, y), line, font=body, fill=SOFT_INK)
            y += 40
        y += 6
    return image


def _draw_job(args: tuple[Card, Fonts, str]) -> str:
    card, fonts, target = args
    jpeg = io.BytesIO()
    draw_card(card, fonts).save(jpeg, "JPEG", **JPEG_OPTIONS)
    write_atomically(Path(target), jpeg.getvalue())  # a half-written card is never visible
    return target


# --- Caching -----------------------------------------------------------------------


@dataclass
class ShareResult:
    urls: dict[str, str] = field(default_factory=dict)  # card name -> site-relative URL
    files: dict[str, Path] = field(default_factory=dict)  # site-relative URL -> cached file
    drawn: int = 0
    cached: int = 0


def make_cards(cards: dict[str, Card], cache_dir: Path, fonts: Fonts, workers: int | None = None) -> ShareResult:
    """Draw the cards not in the cache (on all cores); return their URLs and files."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digest = fonts.digest()
    result = ShareResult()
    jobs: dict[str, tuple[Card, Fonts, str]] = {}
    photo_digests: dict[Path, str] = {}  # many cards may share one photo
    # A card's key is the one of the last build of this process (common/products.py) while the card,
    # the fonts and its photo's file (its inode, size and modification time: renditions are never
    # rewritten in place; not its ctime, which each hard link into an output moves) are the same:
    # a save does not read and hash every profile's photo again.
    kept_keys = products("share card keys", work.KEYS)

    def card_key(card: Card) -> str:
        photo_digest = ""
        if card.photo is not None:
            if card.photo not in photo_digests:
                photo_digests[card.photo] = hashlib.sha256(card.photo.read_bytes()).hexdigest()
            photo_digest = photo_digests[card.photo]
        return card.key(digest, photo_digest)

    for name, card in sorted(cards.items()):
        photo_file = None
        if card.photo is not None:
            st = os.stat(card.photo)
            photo_file = (st.st_ino, st.st_size, st.st_mtime_ns)
        key = kept_keys.get(name, (card, digest, photo_file), lambda: card_key(card))
        path = cache_dir / f"{key}.jpg"
        url = f"{SHARE_DIR}/{key}.jpg"
        result.urls[name] = url
        result.files[url] = path
        if not path.is_file():
            jobs[key] = (card, fonts, str(path))
    result.drawn = len(jobs)
    result.cached = len(set(result.files)) - len(jobs)
    map_in_processes(_draw_job, list(jobs.values()), chunksize=8, workers=workers)
    return result
