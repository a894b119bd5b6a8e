"""The print edition: HTML + CSS laid out on A4 by WeasyPrint.

WeasyPrint draws text with Pango/HarfBuzz from the fonts the stylesheet names
(the bundled Noto faces), embeds subsets of them, and gives every element with
an id an anchor on the page where it starts: those page numbers become the
EPUB's page-list.

Laying out a few hundred pages takes seconds, so results are cached under a
hash of everything that decides the bytes (the HTML, the stylesheet, the
fonts, the images' content keys, the WeasyPrint version): an unchanged book
is never laid out twice, a changed one never comes from the cache.

The PDF is tagged (PDF/UA-1 by default, or a PDF/A variant for archives): see
`pdf_tags.py`. The variant is part of the cache key.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..common.files import digest_bytes, write_atomically
from ..common.messages import _
from ..common.weasy import import_weasyprint
from . import pdf_tags
from .errors import YearbookError
from .pdf_tags import DEFAULT_PDF_VARIANT, PDF_VARIANTS, finish_tagged_pdf

# Bump when the rendering code changes in a way the hash cannot see.
RENDERER_VERSION = "2"  # 2: tagged


@dataclass(frozen=True)
class PrintResult:
    pdf: bytes
    pages: int
    anchor_pages: dict[str, int]  # element id -> 1-based page where it starts
    cached: bool


def _weasyprint():
    # Pillow's process-wide settings are kept as they were (common/weasy.py).
    try:
        return import_weasyprint()
    except OSError as exc:  # Pango missing: WeasyPrint loads it with ctypes/cffi at import
        raise YearbookError(
            _("WeasyPrint cannot load its system libraries ({reason}); install Pango: "
              "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (bash scripts/setup.sh does it)", reason=exc),
            cannot_finish=True,
        ) from None


IMAGE_SCHEME = "book-image:"


def image_url(name: str) -> str:
    """The address of an image in the print HTML.

    WeasyPrint names each image in the PDF after its URL; a name that does
    not depend on where the cache lives keeps the PDF's bytes the same on
    every machine. `name` must say what the image is (a content hash).
    """
    return f"{IMAGE_SCHEME}{name}"


def _fetcher(weasyprint, images: dict[str, Path]):
    """Images by name, the bundled fonts and stylesheet from disk; nothing from the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BookFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(IMAGE_SCHEME):
                path = images[url[len(IMAGE_SCHEME):]]
                # Photos and the cover are JPEG; the reportage's QR codes SVG, which WeasyPrint draws as vectors.
                kind = "image/svg+xml" if path.suffix == ".svg" else "image/jpeg"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            return super().fetch(url, headers)

    return BookFetcher(allowed_protocols=("file", IMAGE_SCHEME.rstrip(":")), fail_on_errors=True)


def render_pdf(html: str, stylesheet: Path, fonts_dir: Path, base_dir: Path, cache_dir: Path,
               images: dict[str, Path], variant: str = DEFAULT_PDF_VARIANT) -> PrintResult:
    """Lay out `html` on A4 as a tagged PDF of `variant` (one of PDF_VARIANTS); `images`
    maps each name used with `image_url` to its file."""
    if variant not in PDF_VARIANTS:
        raise ValueError(f"unknown PDF variant '{variant}'; use one of {', '.join(PDF_VARIANTS)}")
    weasyprint = _weasyprint()
    fonts = sorted(fonts_dir.glob("*.ttf"))
    # Image names are content hashes, so the HTML already says which pixels it shows.
    # pdf_tags.py rewrites the PDF after WeasyPrint: its code is part of what decides the bytes.
    key = digest_bytes(RENDERER_VERSION, weasyprint.__version__, variant, Path(pdf_tags.__file__).read_bytes(),
                       html, stylesheet.read_bytes(), *(f.read_bytes() for f in fonts),
                       *(f.read_bytes() for f in sorted(base_dir.glob("*.svg"))))[:32]  # the stylesheet's images
    pdf_path = cache_dir / f"{key}.pdf"
    anchors_path = cache_dir / f"{key}.json"
    if pdf_path.is_file() and anchors_path.is_file():
        meta = json.loads(anchors_path.read_text())
        return PrintResult(pdf_path.read_bytes(), meta["pages"], meta["anchors"], cached=True)

    font_config = weasyprint.text.fonts.FontConfiguration()
    fetcher = _fetcher(weasyprint, images)
    css = weasyprint.CSS(filename=str(stylesheet), font_config=font_config, url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=font_config,
    )
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    pdf = document.write_pdf(uncompressed_pdf=False, pdf_variant=variant, pdf_tags=True,
                             finisher=finish_tagged_pdf)
    write_atomically(pdf_path, pdf)
    write_atomically(anchors_path, json.dumps({"pages": len(document.pages), "anchors": anchors},
                                              sort_keys=True).encode())
    return PrintResult(pdf, len(document.pages), anchors, cached=False)
