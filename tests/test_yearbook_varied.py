"""The yearbook on content the sample does not have (tests/support/yearbook_content.py):
a chapter whose profiles all print in other chapters, a chapter of one profile, a period
of one profile, profiles without photos, a name and a story at their longest, every kind.
Both editions are made once; EPUBCheck and Ace judge each EPUB."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from site_builder.content.diagnostics import Problems
from site_builder.content.validate import load_content
from site_builder.media.photos import process_photos
from site_builder.public.gate import publish
from site_builder.site.pages import load_labels
from site_builder.yearbook.book import Edition, load_settings
from site_builder.yearbook.render import YearbookResult, render_yearbook

from conftest import REPO, SAMPLE_CONTENT
from support.epub_checkers import ace, ace_violations, epubcheck, epubcheck_summary, pdf_text
from support.yearbook_content import (
    LONG_NAME, SEE_ALSO_ONLY_FIELD, SINGLE_YEAR, VARIED_YEAR, VariedContent, write_varied_content,
)

THEME = REPO / "theme"
TODAY = dt.date(2026, 6, 30)
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"


@pytest.fixture(scope="module")
def varied(tmp_path_factory) -> VariedContent:
    return write_varied_content(tmp_path_factory.mktemp("varied") / "content", SAMPLE_CONTENT)


@pytest.fixture(scope="module")
def publication(varied):
    content, problems = load_content(varied.root)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    return publish(content, TODAY)


@pytest.fixture(scope="module")
def editions(varied, publication, tmp_path_factory) -> dict[int, YearbookResult]:
    """Both editions, rendered once for the module: {year: result}."""
    labels = load_labels(THEME)
    settings = load_settings(varied.root, publication.content.site.council, Problems())
    cache = tmp_path_factory.mktemp("varied-cache")
    photos = [photo for profile in publication.profiles for photo in profile.photos]
    media = process_photos(photos, cache / "media", False)
    listed = {e.slug: e for e in settings.editions}
    made = {}
    for year in (VARIED_YEAR, SINGLE_YEAR):
        edition = listed.get(str(year), Edition.year(year))
        made[year] = render_yearbook(publication, settings, edition, media.photos, media.files, THEME, cache,
                                     labels)
    return made


@pytest.fixture(scope="module")
def written(editions, tmp_path_factory) -> dict[tuple[int, str], Path]:
    """{(year, "epub" | "pdf"): file} of both editions."""
    out = tmp_path_factory.mktemp("varied-dist")
    files = {}
    for year, result in editions.items():
        for name, data in result.files.items():
            (out / name).write_bytes(data)
            files[(year, name.rsplit(".", 1)[1])] = out / name
    return files


def epub_documents(result: YearbookResult) -> dict[str, str]:
    data = next(d for n, d in result.files.items() if n.endswith(".epub"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xhtml")}


def test_a_chapter_whose_profiles_all_print_elsewhere_is_in_the_nav_without_an_empty_list(editions):
    documents = epub_documents(editions[VARIED_YEAR])
    nav = ElementTree.fromstring(documents["EPUB/nav.xhtml"])
    for ol in nav.iter(f"{XHTML}ol"):
        assert ol.findall(f"{XHTML}li"), "every list in the nav has an item (EPUBCheck RSC-005)"
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get(f"{EPUB_NS}type") == "toc")
    chapter = next(li for li in toc.iter(f"{XHTML}li")
                   if li.find(f"{XHTML}a") is not None and li.find(f"{XHTML}a").text.endswith(". Y tế"))
    assert chapter.find(f"{XHTML}ol") is None  # nothing is printed in it ...
    page = next(text for name, text in documents.items() if name.endswith(f"-{SEE_ALSO_ONLY_FIELD}.xhtml"))
    for name in ("Nguyễn Thị Một", "Chi bộ Thử", LONG_NAME):  # ... it points to where they are
        assert name in page


def test_each_edition_holds_its_public_profiles_and_nothing_withheld_or_private(editions, written, varied):
    for year, names in ((VARIED_YEAR, varied.varied_names), (SINGLE_YEAR, varied.single_names)):
        epub = "\n".join(epub_documents(editions[year]).values())
        pdf = "\n".join(pdf_text(written[(year, "pdf")]))
        for text in (epub, pdf):
            flowing = " ".join(text.split())  # a long name wraps over lines in the PDF
            for name in names:
                assert name in flowing, (year, name)
            for secret in (*varied.withheld_names, *varied.private_values):
                assert secret not in text, (year, secret)
    assert editions[SINGLE_YEAR].profiles == 1
    assert editions[VARIED_YEAR].profiles == len(varied.varied_names)


@pytest.mark.checkers
@pytest.mark.parametrize("year", [VARIED_YEAR, SINGLE_YEAR])
def test_epubcheck_finds_no_error_and_no_warning_on_generated_content(year, written, tmp_path):
    result = epubcheck(written[(year, "epub")], tmp_path / "epubcheck.json")
    checker = result["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), epubcheck_summary(result)


@pytest.mark.checkers
@pytest.mark.parametrize("year", [VARIED_YEAR, SINGLE_YEAR])
def test_ace_finds_no_serious_or_critical_violation_on_generated_content(year, written, tmp_path):
    report = ace(written[(year, "epub")], tmp_path / "ace")
    assert ace_violations(report, "serious") == []
