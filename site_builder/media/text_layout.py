"""Text drawn with Pillow, laid out the same on every machine.

Pillow lays text out with libraqm where the machine has it and with its own basic
layout elsewhere, and the two place marks differently: pixels (and the bytes of every
file that embeds them) would depend on the machine. Every image the project draws (share
cards, the yearbook's cover) therefore loads its fonts here, with the basic layout, which
draws every precomposed Vietnamese letter of the bundled Noto fonts (text is NFC).
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import ImageFont


@functools.lru_cache(maxsize=64)  # an image uses a few sizes; parse each font file once per size
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap to `width` pixels; a word wider than a line is cut with "…", and text
    beyond `max_lines` is cut with " …"."""
    return list(_wrapped(text, face, width, max_lines))


# Ten thousand share cards repeat a few hundred lines (fields, kind and place, the site's name):
# each is measured once per process. `face` is one of `font`'s, so the same object per font and size.
@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int | None) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    lines = [fit(line, face, width) for line in lines]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and face.getlength(f"{last} …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = f"{last} …"
    return tuple(lines)


def largest_fitting(text: str, faces: list[ImageFont.FreeTypeFont], width: int, max_lines: int
                    ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The first of `faces` (largest first) at which `text` wraps into at most `max_lines` lines,
    with those lines; the last face, its text cut with " …", when none does (a card's title)."""
    for face in faces:
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    return face, wrap(text, face, width, max_lines)


@functools.lru_cache(maxsize=4096)
def fit(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """`line`, cut with "…" where it is wider than `width` pixels."""
    if face.getlength(line) <= width:
        return line
    while line and face.getlength(line + "…") > width:
        line = line[:-1]
    return line + "…"
