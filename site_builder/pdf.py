"""The print edition: HTML + CSS laid out on A4 by WeasyPrint.

WeasyPrint draws text with Pango/HarfBuzz from the fonts the stylesheet names
(the bundled Noto faces), embeds subsets of them, and gives every element with
an id an anchor on the page where it starts: those page numbers become the
EPUB's page-list.

Laying out a few hundred pages takes seconds, so results are cached under a
hash of everything that decides the bytes (the HTML, the stylesheet, the
fonts, the images' content keys, the WeasyPrint version): an unchanged book
is never laid out twice, a changed one never comes from the cache.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .yearbook import content_hash

# Bump when the rendering code changes in a way the hash cannot see.
RENDERER_VERSION = "1"


@dataclass(frozen=True)
class PrintResult:
    pdf: bytes
    pages: int
    anchor_pages: dict[str, int]  # element id -> 1-based page where it starts
    cached: bool


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # Pango missing: WeasyPrint loads it with ctypes/cffi at import
        raise RuntimeError(
            f"WeasyPrint cannot load its system libraries ({exc}); install Pango: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (bash scripts/setup.sh does it)"
        ) from None
    return weasyprint


def render_pdf(html: str, stylesheet: Path, fonts_dir: Path, base_dir: Path, cache_dir: Path) -> PrintResult:
    weasyprint = _weasyprint()
    fonts = sorted(fonts_dir.glob("*.ttf"))
    key = content_hash(RENDERER_VERSION, weasyprint.__version__, html, stylesheet.read_bytes(),
                       *(f.read_bytes() for f in fonts))[:32]
    pdf_path = cache_dir / f"{key}.pdf"
    anchors_path = cache_dir / f"{key}.json"
    if pdf_path.is_file() and anchors_path.is_file():
        meta = json.loads(anchors_path.read_text())
        return PrintResult(pdf_path.read_bytes(), meta["pages"], meta["anchors"], cached=True)

    font_config = weasyprint.text.fonts.FontConfiguration()
    css = weasyprint.CSS(filename=str(stylesheet), font_config=font_config)
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + os.sep).render(
        stylesheets=[css], font_config=font_config,
    )
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    pdf = document.write_pdf(uncompressed_pdf=False)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = pdf_path.with_name(f".{key}.{os.getpid()}.tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, pdf_path)
    tmp.write_text(json.dumps({"pages": len(document.pages), "anchors": anchors}, sort_keys=True))
    os.replace(tmp, anchors_path)
    return PrintResult(pdf, len(document.pages), anchors, cached=False)
