#!/usr/bin/env python3
"""Draw the illustrative photos of the sample profiles.

The sample content is fictional, and so are its photos: every image is a
simple drawn scene (sky, sun, hills, fields, sea or buildings, a few stylised
people), never a photograph of anyone. For each profile under
content/profiles/, this script reads the front matter and draws every file
named in `photos[].file`.

The output is deterministic: the random generator of each image is seeded
from the profile's folder name and the file name, so running the script again
gives the same pictures. Nothing is downloaded.

Usage:
    python scripts/make_sample_photos.py [CONTENT_DIR]

Images are 1200x800 JPEG, quality 82, without EXIF or other metadata.
"""

from __future__ import annotations

import hashlib
import math
import random
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 800
SCALE = 2  # draw at twice the size, then downsample for smooth edges
QUALITY = 82
MAX_BYTES = 150_000

# Sky palettes: (top, horizon, sun colour, sun height as a fraction of H).
SKIES = [
    ((70, 130, 200), (190, 220, 240), (255, 240, 190), 0.18),   # clear noon
    ((40, 90, 170), (160, 200, 235), (255, 250, 220), 0.14),    # deep blue
    ((110, 140, 200), (250, 200, 150), (255, 210, 120), 0.34),  # late afternoon
    ((60, 80, 150), (245, 170, 120), (255, 190, 100), 0.40),    # sunset
    ((120, 170, 220), (235, 235, 220), (255, 245, 200), 0.22),  # hazy morning
    ((90, 160, 210), (210, 235, 245), (255, 255, 230), 0.12),   # bright sea sky
]
HILL_GREENS = [(96, 140, 90), (120, 150, 100), (80, 120, 95), (140, 150, 110), (110, 130, 120)]
FIELD_GREENS = [(110, 170, 80), (90, 150, 70), (130, 175, 90), (150, 170, 80)]
SEA_BLUES = [(40, 120, 170), (30, 100, 160), (50, 140, 180), (35, 115, 150)]
SANDS = [(230, 210, 160), (225, 200, 150), (240, 220, 175)]
WALLS = [(240, 220, 170), (235, 235, 225), (250, 210, 160), (220, 230, 235), (245, 200, 190)]
ROOFS = [(180, 70, 50), (150, 60, 45), (90, 110, 130), (200, 100, 60)]
SHIRTS = [(200, 60, 60), (40, 110, 180), (240, 240, 240), (60, 150, 90), (230, 170, 40),
          (120, 80, 160), (30, 60, 110), (230, 120, 150), (90, 150, 200)]
TROUSERS = [(40, 40, 60), (60, 70, 90), (90, 70, 50), (30, 50, 80), (220, 220, 215)]
SKINS = [(230, 190, 150), (210, 165, 120), (190, 140, 100), (225, 180, 140)]
HAT = (225, 205, 140)

# Which scenes suit a profile, by its first field.
SCENES_BY_FIELD = {
    "nong-nghiep": ["fields", "orchard", "hills"],
    "quoc-phong-an-ninh": ["sea", "town", "hills"],
    "cong-thuong-xay-dung-giao-thong-van-tai": ["town", "sea", "fields"],
    "tai-chinh-ngan-hang-thue": ["town", "sea"],
    "y-te": ["town", "hills"],
    "giao-duc-dao-tao": ["town", "orchard"],
    "khoa-hoc-cong-nghe": ["fields", "town"],
    "van-hoa-nghe-thuat-the-duc-the-thao": ["town", "sea"],
    "doi-ngoai": ["town", "sea"],
    "thong-tin-truyen-thong": ["town", "fields"],
    "cai-cach-hanh-chinh": ["town"],
    "an-sinh-xa-hoi": ["hills", "fields", "town"],
    "doi-song-xa-hoi": ["sea", "town", "hills"],
    "xay-dung-dang-chinh-quyen-doan-the": ["town", "fields", "hills"],
}
COASTAL = {"phan-thiet", "la-gi", "tuy-phong", "phu-quy", "ham-tan"}


def seed_for(folder: str, file: str) -> int:
    digest = hashlib.sha256(f"{folder}/{file}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def jitter(colour, rng, amount=12):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


class Canvas:
    """Drawing helpers in 1200x800 units on a SCALE-times larger image."""

    def __init__(self):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
        self.draw = ImageDraw.Draw(self.image)

    def s(self, value):
        return int(round(value * SCALE))

    def rect(self, x0, y0, x1, y1, fill):
        self.draw.rectangle([self.s(x0), self.s(y0), self.s(x1), self.s(y1)], fill=fill)

    def rounded(self, x0, y0, x1, y1, radius, fill):
        self.draw.rounded_rectangle([self.s(x0), self.s(y0), self.s(x1), self.s(y1)],
                                    radius=self.s(radius), fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse([self.s(x0), self.s(y0), self.s(x1), self.s(y1)], fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill)

    def polygon(self, points, fill):
        self.draw.polygon([(self.s(x), self.s(y)) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([(self.s(x), self.s(y)) for x, y in points], fill=fill, width=self.s(width))

    def arc(self, box, start, end, fill, width):
        self.draw.arc([self.s(v) for v in box], start, end, fill=fill, width=self.s(width))


# --- Scene parts ------------------------------------------------------------


def sky(c: Canvas, rng, horizon):
    top, bottom, sun_colour, sun_height = rng.choice(SKIES)
    top, bottom = jitter(top, rng, 10), jitter(bottom, rng, 10)
    for y in range(0, c.s(horizon) + 1):
        t = y / max(1, c.s(horizon))
        c.draw.line([(0, y), (c.image.width, y)], fill=mix(top, bottom, t ** 0.8))
    # The sun with a soft halo.
    sx = rng.uniform(0.12, 0.88) * WIDTH
    sy = min(horizon - 60, sun_height * HEIGHT + rng.uniform(-30, 30))
    radius = rng.uniform(34, 56)
    for i in range(6, 0, -1):
        halo = mix(bottom, sun_colour, 0.25 + 0.1 * (6 - i))
        c.circle(sx, sy, radius + i * 14, mix(mix(top, bottom, sy / horizon), halo, 0.35))
    c.circle(sx, sy, radius, sun_colour)
    # A few flat clouds.
    for _ in range(rng.randint(1, 4)):
        cx, cy = rng.uniform(0, WIDTH), rng.uniform(40, horizon * 0.6)
        w = rng.uniform(90, 200)
        cloud = mix((255, 255, 255), bottom, 0.25)
        for k in range(4):
            c.ellipse(cx + k * w * 0.22 - w * 0.4, cy - 18 - (k % 2) * 10,
                      cx + k * w * 0.22 - w * 0.4 + w * 0.45, cy + 16, cloud)


def ridge(c: Canvas, rng, base, amplitude, colour, bottom=HEIGHT):
    phase = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    freq = [rng.uniform(0.8, 1.6), rng.uniform(2.0, 3.5), rng.uniform(5, 8)]
    points = []
    for i in range(0, 61):
        x = WIDTH * i / 60
        u = x / WIDTH * 2 * math.pi
        y = base - amplitude * (0.6 * math.sin(freq[0] * u + phase[0])
                                + 0.3 * math.sin(freq[1] * u + phase[1])
                                + 0.1 * math.sin(freq[2] * u + phase[2]))
        points.append((x, y))
    c.polygon(points + [(WIDTH, bottom), (0, bottom)], colour)


def distant_hills(c: Canvas, rng, horizon):
    haze = jitter((150, 170, 190), rng)
    ridge(c, rng, horizon - 10, rng.uniform(30, 70), mix(haze, rng.choice(HILL_GREENS), 0.4), horizon + 2)
    ridge(c, rng, horizon + 5, rng.uniform(15, 40), mix(haze, rng.choice(HILL_GREENS), 0.75), horizon + 2)


def tree(c: Canvas, x, ground, size, rng):
    c.rect(x - size * 0.06, ground - size * 0.5, x + size * 0.06, ground, (110, 80, 55))
    green = jitter(rng.choice(HILL_GREENS), rng, 15)
    for dx, dy, r in ((0, -0.7, 0.32), (-0.2, -0.55, 0.25), (0.2, -0.55, 0.25)):
        c.circle(x + dx * size, ground + dy * size, r * size, mix(green, (40, 80, 40), rng.uniform(0, 0.3)))


def person(c: Canvas, x, ground, height, rng, hat=None):
    """A stylised standing figure whose feet touch `ground`."""
    shirt = rng.choice(SHIRTS)
    trousers = rng.choice(TROUSERS)
    skin = rng.choice(SKINS)
    h = height
    leg_w = h * 0.07
    c.rect(x - h * 0.11, ground - h * 0.45, x - h * 0.11 + leg_w, ground, trousers)
    c.rect(x + h * 0.11 - leg_w, ground - h * 0.45, x + h * 0.11, ground, trousers)
    c.rounded(x - h * 0.15, ground - h * 0.80, x + h * 0.15, ground - h * 0.40, h * 0.06, shirt)
    arm = mix(shirt, (0, 0, 0), 0.12)
    c.rounded(x - h * 0.22, ground - h * 0.78, x - h * 0.13, ground - h * 0.46, h * 0.04, arm)
    c.rounded(x + h * 0.13, ground - h * 0.78, x + h * 0.22, ground - h * 0.46, h * 0.04, arm)
    c.circle(x, ground - h * 0.89, h * 0.10, skin)
    if hat is None:
        hat = rng.random()
    if hat < 0.35:  # conical hat (nón lá)
        c.polygon([(x - h * 0.20, ground - h * 0.90), (x + h * 0.20, ground - h * 0.90),
                   (x, ground - h * 1.08)], HAT)
    elif hat < 0.55:  # cap
        c.ellipse(x - h * 0.11, ground - h * 1.0, x + h * 0.11, ground - h * 0.90, rng.choice(SHIRTS))
    else:  # hair
        c.ellipse(x - h * 0.10, ground - h * 0.99, x + h * 0.10, ground - h * 0.89, (40, 30, 25))


def people(c: Canvas, rng, ground_min, ground_max, count=None):
    count = count if count is not None else rng.randint(1, 5)
    xs = sorted(rng.uniform(120, WIDTH - 120) for _ in range(count))
    figures = []
    for x in xs:
        ground = rng.uniform(ground_min, ground_max)
        figures.append((ground, x))
    for ground, x in sorted(figures):  # far ones first
        depth = (ground - ground_min) / max(1, ground_max - ground_min)
        person(c, x, ground, 120 + 110 * depth + rng.uniform(-10, 10), rng)


# --- Scenes -----------------------------------------------------------------


def scene_fields(c: Canvas, rng):
    horizon = rng.uniform(0.42, 0.52) * HEIGHT
    sky(c, rng, horizon)
    distant_hills(c, rng, horizon)
    base = jitter(rng.choice(FIELD_GREENS), rng)
    c.rect(0, horizon, WIDTH, HEIGHT, base)
    # Crop rows converging on a vanishing point.
    vx = rng.uniform(0.3, 0.7) * WIDTH
    dark = mix(base, (40, 70, 30), 0.35)
    for i in range(-14, 15):
        x_bottom = vx + i * rng.uniform(95, 110)
        c.line([(vx + i * 6, horizon + 4), (x_bottom, HEIGHT)], dark, 7)
    # A path and a hut.
    c.polygon([(vx - 4, horizon + 2), (vx + 4, horizon + 2), (vx + 90, HEIGHT), (vx - 90, HEIGHT)],
              jitter((200, 175, 130), rng))
    hx = rng.choice([rng.uniform(80, vx - 260), rng.uniform(vx + 160, WIDTH - 220)])
    hy = horizon + rng.uniform(20, 60)
    c.rect(hx, hy - 60, hx + 120, hy, jitter(rng.choice(WALLS), rng))
    c.polygon([(hx - 15, hy - 60), (hx + 135, hy - 60), (hx + 60, hy - 105)], rng.choice(ROOFS))
    for _ in range(rng.randint(2, 5)):
        tree(c, rng.uniform(0, WIDTH), horizon + rng.uniform(5, 30), rng.uniform(60, 110), rng)
    people(c, rng, HEIGHT * 0.72, HEIGHT * 0.97)


def scene_orchard(c: Canvas, rng):
    """Rows of posts with green crowns: dragon fruit, grapes, fruit trees."""
    horizon = rng.uniform(0.40, 0.50) * HEIGHT
    sky(c, rng, horizon)
    distant_hills(c, rng, horizon)
    soil = jitter((170, 120, 80), rng)
    c.rect(0, horizon, WIDTH, HEIGHT, soil)
    crown = jitter(rng.choice(FIELD_GREENS), rng)
    fruit = rng.choice([(220, 50, 110), (200, 40, 90), (120, 60, 140), (240, 170, 40)])
    rows = 6
    for r in range(rows):
        t = (r + 1) / rows
        y = horizon + (HEIGHT - horizon) * (t ** 1.6) * 0.9 + 10
        size = 18 + 70 * t ** 1.6
        gap = size * 2.4
        offset = rng.uniform(0, gap)
        x = -offset
        while x < WIDTH + gap:
            c.rect(x - size * 0.08, y - size * 0.9, x + size * 0.08, y, (150, 140, 130))
            c.ellipse(x - size * 0.7, y - size * 1.5, x + size * 0.7, y - size * 0.6,
                      mix(crown, (30, 80, 30), rng.uniform(0, 0.25)))
            for _ in range(rng.randint(0, 3)):
                fx = x + rng.uniform(-0.5, 0.5) * size
                fy = y - size * rng.uniform(0.7, 1.3)
                c.circle(fx, fy, size * 0.12, fruit)
            x += gap
    people(c, rng, HEIGHT * 0.80, HEIGHT * 0.97, rng.randint(1, 3))


def scene_sea(c: Canvas, rng):
    horizon = rng.uniform(0.42, 0.50) * HEIGHT
    sky(c, rng, horizon)
    sea = jitter(rng.choice(SEA_BLUES), rng)
    shore = horizon + rng.uniform(0.22, 0.30) * HEIGHT
    for y in range(c.s(horizon), c.s(shore) + 1):
        t = (y - c.s(horizon)) / max(1, c.s(shore) - c.s(horizon))
        c.draw.line([(0, y), (c.image.width, y)], fill=mix(mix(sea, (200, 225, 235), 0.35), sea, t))
    # Waves.
    wave = mix(sea, (255, 255, 255), 0.45)
    for _ in range(rng.randint(14, 26)):
        wx, wy = rng.uniform(0, WIDTH), rng.uniform(horizon + 15, shore - 10)
        w = 20 + 60 * (wy - horizon) / (shore - horizon)
        c.arc((wx, wy - 6, wx + w, wy + 6), 200, 340, wave, 2)
    # Island or headland.
    if rng.random() < 0.6:
        ix = rng.uniform(0, WIDTH * 0.7)
        c.ellipse(ix, horizon - 30, ix + rng.uniform(200, 380), horizon + 18, jitter((110, 135, 110), rng))
        c.rect(0, horizon, WIDTH, horizon + 2, mix(sea, (200, 225, 235), 0.35))
    # Boats.
    for _ in range(rng.randint(1, 4)):
        by = rng.uniform(horizon + 25, shore - 20)
        size = 30 + 90 * (by - horizon) / (shore - horizon)
        bx = rng.uniform(60, WIDTH - 60)
        hull = rng.choice([(30, 80, 160), (190, 50, 50), (40, 120, 90), (230, 230, 230)])
        c.polygon([(bx - size, by - size * 0.25), (bx + size, by - size * 0.25),
                   (bx + size * 0.7, by + size * 0.15), (bx - size * 0.7, by + size * 0.15)], hull)
        c.rect(bx - size * 0.3, by - size * 0.6, bx + size * 0.2, by - size * 0.25, (240, 240, 235))
        c.line([(bx + size * 0.05, by - size * 0.6), (bx + size * 0.05, by - size * 1.2)], (90, 70, 50), 2)
    # Lighthouse sometimes.
    if rng.random() < 0.35:
        lx = rng.uniform(WIDTH * 0.75, WIDTH * 0.92)
        c.polygon([(lx - 14, horizon + 4), (lx + 14, horizon + 4), (lx + 8, horizon - 90),
                   (lx - 8, horizon - 90)], (245, 245, 240))
        c.rect(lx - 9, horizon - 60, lx + 9, horizon - 45, (200, 50, 50))
        c.rect(lx - 10, horizon - 102, lx + 10, horizon - 90, (60, 60, 60))
    # Beach.
    sand = jitter(rng.choice(SANDS), rng)
    c.rect(0, shore, WIDTH, HEIGHT, sand)
    c.polygon([(0, shore), (WIDTH, shore), (WIDTH, shore + 10), (0, shore + 16)],
              mix(sand, (255, 255, 255), 0.5))
    if rng.random() < 0.5:  # basket boats on the sand
        for _ in range(rng.randint(1, 3)):
            tx, ty = rng.uniform(60, WIDTH - 60), rng.uniform(shore + 40, HEIGHT - 30)
            c.ellipse(tx - 45, ty - 18, tx + 45, ty + 18, (110, 85, 55))
            c.ellipse(tx - 38, ty - 12, tx + 38, ty + 8, (80, 60, 40))
    people(c, rng, shore + 60, HEIGHT * 0.97)


def scene_town(c: Canvas, rng):
    horizon = rng.uniform(0.50, 0.58) * HEIGHT
    sky(c, rng, horizon)
    distant_hills(c, rng, horizon)
    ground = jitter((185, 180, 170), rng)
    c.rect(0, horizon, WIDTH, HEIGHT, ground)
    # A row of buildings on the horizon line.
    x = rng.uniform(-60, 0)
    while x < WIDTH:
        w = rng.uniform(110, 260)
        h = rng.uniform(90, 260)
        wall = jitter(rng.choice(WALLS), rng, 10)
        top = horizon + 20 - h
        c.rect(x, top, x + w, horizon + 20, wall)
        if rng.random() < 0.5:
            c.polygon([(x - 8, top), (x + w + 8, top), (x + w / 2, top - h * 0.25)], rng.choice(ROOFS))
        window = mix(wall, (60, 90, 120), 0.55)
        cols = max(1, int(w // 45))
        floors = max(1, int(h // 55))
        for i in range(cols):
            for j in range(floors):
                wx = x + 14 + i * (w - 20) / cols
                wy = top + 16 + j * (h - 30) / floors
                c.rect(wx, wy, wx + 22, wy + 26, window)
        x += w + rng.uniform(6, 40)
    # Flagpole, trees and a street.
    if rng.random() < 0.6:
        fx = rng.uniform(100, WIDTH - 100)
        c.line([(fx, horizon + 30), (fx, horizon - 230)], (200, 200, 200), 4)
        c.rect(fx + 2, horizon - 230, fx + 70, horizon - 185, (218, 37, 29))
        star = []
        for k in range(10):
            r = 12 if k % 2 == 0 else 5
            a = -math.pi / 2 + k * math.pi / 5
            star.append((fx + 36 + r * math.cos(a), horizon - 207 + r * math.sin(a)))
        c.polygon(star, (255, 221, 0))
    for _ in range(rng.randint(2, 6)):
        tree(c, rng.uniform(0, WIDTH), horizon + rng.uniform(25, 45), rng.uniform(80, 140), rng)
    road = jitter((120, 120, 125), rng)
    ry = rng.uniform(horizon + 60, horizon + 110)
    c.rect(0, ry, WIDTH, ry + 70, road)
    for k in range(0, WIDTH, 120):
        c.rect(k + 20, ry + 32, k + 80, ry + 38, (235, 235, 220))
    people(c, rng, ry + 110, HEIGHT * 0.97)


def scene_hills(c: Canvas, rng):
    horizon = rng.uniform(0.40, 0.50) * HEIGHT
    sky(c, rng, horizon)
    distant_hills(c, rng, horizon)
    greens = rng.sample(HILL_GREENS + FIELD_GREENS, 3)
    c.rect(0, horizon, WIDTH, HEIGHT, mix(jitter(greens[0], rng), (150, 170, 190), 0.3))
    ridge(c, rng, horizon + 60, 50, jitter(greens[0], rng))
    ridge(c, rng, horizon + 160, 60, jitter(greens[1], rng))
    ridge(c, rng, horizon + 280, 50, jitter(greens[2], rng))
    for _ in range(rng.randint(4, 10)):
        gy = rng.uniform(horizon + 70, HEIGHT * 0.8)
        tree(c, rng.uniform(0, WIDTH), gy, 40 + 120 * (gy - horizon) / (HEIGHT - horizon), rng)
    if rng.random() < 0.7:  # a house among the hills
        hx, hy = rng.uniform(100, WIDTH - 250), rng.uniform(horizon + 90, horizon + 170)
        c.rect(hx, hy - 70, hx + 150, hy, jitter(rng.choice(WALLS), rng))
        c.polygon([(hx - 15, hy - 70), (hx + 165, hy - 70), (hx + 75, hy - 120)], rng.choice(ROOFS))
        c.rect(hx + 60, hy - 45, hx + 90, hy, (110, 80, 55))
    people(c, rng, HEIGHT * 0.80, HEIGHT * 0.97)


SCENES = {
    "fields": scene_fields,
    "orchard": scene_orchard,
    "sea": scene_sea,
    "town": scene_town,
    "hills": scene_hills,
}


def choose_scene(meta: dict, rng: random.Random) -> str:
    fields = meta.get("fields") or []
    options = list(SCENES_BY_FIELD.get(fields[0] if fields else "", ["town", "hills", "fields"]))
    if meta.get("locality") in COASTAL and "sea" not in options and rng.random() < 0.3:
        options.append("sea")
    return rng.choice(options)


def draw_photo(folder: str, file: str, meta: dict) -> Image.Image:
    rng = random.Random(seed_for(folder, file))
    canvas = Canvas()
    SCENES[choose_scene(meta, rng)](canvas, rng)
    image = canvas.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    return image.filter(ImageFilter.SMOOTH)


def save_jpeg(image: Image.Image, path: Path) -> int:
    """Save without EXIF, ICC or comments; lower the quality only if a file is too big."""
    quality = QUALITY
    while True:
        image.save(path, "JPEG", quality=quality, optimize=True)
        size = path.stat().st_size
        if size <= MAX_BYTES or quality <= 60:
            return size
        quality -= 4


def read_front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}
    data = yaml.safe_load("\n".join(lines[1:end]))
    return data if isinstance(data, dict) else {}


def main(argv: list[str]) -> int:
    content = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "content"
    profiles = content / "profiles"
    written = 0
    for md in sorted(profiles.rglob("*.md")):
        meta = read_front_matter(md)
        for photo in meta.get("photos") or []:
            name = str((photo or {}).get("file") or "")
            if not name:
                continue
            target = (md.parent / name).resolve()
            if content.resolve() not in target.parents:
                print(f"skipped {md}: {name} is outside {content}", file=sys.stderr)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            size = save_jpeg(draw_photo(md.parent.name, name, meta), target)
            written += 1
            print(f"{target.relative_to(content.resolve())}  {size // 1024} KB")
    print(f"{written} photos written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
