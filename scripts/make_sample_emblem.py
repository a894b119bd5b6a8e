#!/usr/bin/env python3
"""Draw the sample yearbook's cover emblem: content/yearbook/emblem.png.

A plain invented mark (gold rings, a five-pointed star over a rising sun and
sea waves), not the emblem of any real body. Deterministic; nothing is
downloaded.

Usage:
    python scripts/make_sample_emblem.py [OUT_PNG]
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 800
GOLD = (232, 190, 92, 255)
RED = (122, 20, 24, 255)
SEA = (40, 110, 150, 255)


def star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(out: Path) -> None:
    scale = 4  # draw large, then shrink: smooth edges without antialiasing support
    big = SIZE * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    c = big / 2
    d.ellipse((0, 0, big - 1, big - 1), fill=GOLD)
    d.ellipse((big * 0.05, big * 0.05, big * 0.95, big * 0.95), fill=RED)
    d.ellipse((big * 0.08, big * 0.08, big * 0.92, big * 0.92), outline=GOLD, width=6 * scale)
    # Rising sun and sea at the bottom.
    d.pieslice((c - big * 0.22, big * 0.55, c + big * 0.22, big * 0.99), 180, 360, fill=GOLD)
    for k in range(3):
        y = big * (0.74 + 0.06 * k)
        left = big * (0.16 + 0.04 * k)  # the rows narrow with the circle
        for x0 in range(int(left), int(big - left - big * 0.08), int(big * 0.08)):
            d.arc((x0, y, x0 + big * 0.08, y + big * 0.05), 180, 360, fill=SEA, width=7 * scale)
    d.polygon(star(c, big * 0.40, big * 0.25, big * 0.10), fill=GOLD)
    image.resize((SIZE, SIZE), Image.LANCZOS).save(out, "PNG", optimize=True)


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "content" / "yearbook" / "emblem.png"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    draw(target)
    print(f"wrote {target}")
