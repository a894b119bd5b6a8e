"""A profile page printed from Chromium (theme/overrides/assets/stylesheets/dh-print.css).

The sample's profile of Nguyễn Thị Hoa is printed to PDF by headless Chromium as a reader's
"Print" does (print media, the page's own @page size). The PDF's text, read back by
pdftotext (poppler-utils; pikepdf, in the venv, reads the structure but has no text
extraction), must hold the profile (name, photo credit, award decision, story, source) and
the page's address and date, and none of the site's chrome: not the header's search box,
not the footer's note. pikepdf checks that every page is A4. No section heading may be the
last line of a page.

With SITE_BUILDER_SCREENSHOTS=1 the first printed page is saved as the README's
screenshots/print-profile.png; a plain test run leaves the checkout as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from support.checkers import chromium_context, require_tool, serve

from site_builder.content.text import format_date
from site_builder.site.renderer import load_labels

pytestmark = [pytest.mark.checkers, pytest.mark.browser]

SCREENSHOT = REPO / "screenshots" / "print-profile.png" if os.environ.get("SITE_BUILDER_SCREENSHOTS") else None
A4 = (595.28, 841.89)  # points


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squeezed(text: str) -> str:
    """Without any white space: the PDF's lines break where the page is full, not where the text does."""
    return re.sub(r"\s+", "", nfc(text))


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """Each page's text: in reading order, or (`layout`) line by line as it is on the page."""
    with pikepdf.open(pdf) as document:
        count = len(document.pages)
    mode = ["-layout"] if layout else []
    return [nfc(subprocess.run(["pdftotext", *mode, "-f", str(n), "-l", str(n), str(pdf), "-"],
                               check=True, capture_output=True, text=True).stdout) for n in range(1, count + 1)]


@pytest.fixture(scope="module")
def printed(sample_site: Path, sample, tmp_path_factory) -> tuple[Path, object]:
    require_tool("pdftoppm")
    profile = next(p for p in sample.profiles if p.slug == "nguyen-thi-hoa")
    pdf = tmp_path_factory.mktemp("print") / "profile.pdf"
    with serve(sample_site) as url, chromium_context() as browser:
        page = browser.new_page()
        page.goto(f"{url}/ho-so/{profile.slug}/", wait_until="networkidle")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        assert not browser.console_errors, browser.console_errors
    return pdf, profile


def test_a_printed_profile_holds_the_profile_its_address_and_date(printed, sample):
    pdf, profile = printed
    text = squeezed("".join(page_texts(pdf)))
    site = sample.content.site
    for expected in (profile.name, profile.awards[0].decision, profile.sources[0].title,
                     profile.achievements[0], f"Ảnh: {profile.photos[0].credit}",
                     f"{site.base_url}ho-so/{profile.slug}/", format_date(profile.last_update)):
        assert squeezed(expected) in text, expected
    # The story, not just its heading.
    first_words = re.sub(r"<[^>]+>", " ", profile.story_html).split()[:8]
    assert squeezed(" ".join(first_words)) in text
    assert squeezed(site.sample_notice) in text  # a printed sample profile still says it is fictional


def test_a_printed_profile_has_no_site_chrome(printed, sample):
    pdf, _profile = printed
    text = squeezed("".join(page_texts(pdf)))
    labels = load_labels(REPO / "theme")
    assert squeezed(labels["search"]["box_label"]) not in text  # the header's search box
    assert squeezed(sample.content.site.footer_note[:60]) not in text  # the footer's note
    assert squeezed(labels["press_kit"]["profile_heading"]) not in text  # the press links, for the screen


def test_a_printed_profile_is_on_a4_with_no_heading_at_a_page_bottom(printed):
    pdf, _profile = printed
    with pikepdf.open(pdf) as document:
        assert len(document.pages) >= 2  # the sample's story runs over a page: the breaks are tried
        for page in document.pages:
            box = [float(x) for x in page.mediabox]
            assert abs(box[2] - box[0] - A4[0]) < 1 and abs(box[3] - box[1] - A4[1]) < 1, box
    labels = load_labels(REPO / "theme")
    headings = {labels[key] for key in ("facts", "awards", "achievements", "story", "sources", "photos")}
    for number, page_text in enumerate(page_texts(pdf, layout=True)[:-1], start=1):
        lines = [line.strip() for line in page_text.splitlines() if line.strip()]
        assert lines and lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    if SCREENSHOT is not None:
        made = pdf.with_name("first-page")
        subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(made)],
                       check=True)
        shutil.copyfile(made.with_suffix(".png"), SCREENSHOT)
