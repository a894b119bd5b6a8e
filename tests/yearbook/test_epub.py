"""The EPUB edition: the container rules, well-formed XHTML in Vietnamese, accessibility
metadata that is true of the book, and the verdicts of EPUBCheck and Ace by DAISY."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import assert_nothing_withheld_or_private
from support.epub_checkers import ace, ace_violations, epubcheck, epubcheck_summary

from site_builder.yearbook.book import Edition, select
from site_builder.yearbook.epub import Item, write_epub

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
PLAN_PERIOD = Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def epub(sample_site) -> Path:
    found = sorted((sample_site / "ky-yeu").glob("*-2022-2025.epub"))
    assert len(found) == 1, "the sample site carries the 2022–2025 yearbook"
    return found[0]


@pytest.fixture(scope="module")
def archive(epub):
    with zipfile.ZipFile(epub) as opened:
        yield opened


def documents(archive) -> dict[str, str]:
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xhtml")}


# --- the container ----------------------------------------------------------------------------


def test_write_epub_puts_mimetype_first_stored_and_is_reproducible():
    items = [Item("a", "text/a.xhtml", "application/xhtml+xml", b"<html/>", in_spine=True),
             Item("i", "images/x.jpg", "image/jpeg", b"\xff\xd8jpeg")]
    first = write_epub(b"<container/>", b"<package/>", items, dt.date(2025, 11, 20))
    assert first == write_epub(b"<container/>", b"<package/>", items, dt.date(2025, 11, 20))
    assert first[30:38] == b"mimetype"  # first local header; no extra field before the data
    assert first[38:58] == b"application/epub+zip"
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as opened:
        infos = opened.infolist()
        assert [i.filename for i in infos] == ["mimetype", "META-INF/container.xml", "EPUB/package.opf",
                                               "EPUB/text/a.xhtml", "EPUB/images/x.jpg"]
        assert infos[0].compress_type == zipfile.ZIP_STORED and infos[0].extra == b""
        assert infos[1].compress_type == zipfile.ZIP_DEFLATED
        assert {i.date_time for i in infos} == {(2025, 11, 20, 0, 0, 0)}


def test_the_sample_epub_starts_with_an_uncompressed_mimetype(epub, archive):
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert epub.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"


# --- the documents ------------------------------------------------------------------------------


def test_every_document_is_well_formed_vietnamese_xhtml_with_xml_name_ids(archive):
    docs = documents(archive)
    assert len(docs) > 40
    for name, text in docs.items():
        assert "&nbsp;" not in text, name
        root = ElementTree.fromstring(text.encode("utf-8"))  # raises on any XML error
        assert root.get(XML_LANG) == "vi" and root.get("lang") == "vi", name
        assert unicodedata.is_normalized("NFC", text), name
        for element in root.iter():
            if element.get("id") is not None:
                assert XML_NAME.match(element.get("id")), f"{name}: id {element.get('id')!r}"
            if element.tag == f"{XHTML}img":
                assert (element.get("alt") or "").strip(), f"{name}: an image without alt text"
    package = ElementTree.fromstring(archive.read("EPUB/package.opf"))
    assert package.get(XML_LANG) == "vi"


def test_accessibility_metadata_is_complete(archive):
    package = ElementTree.fromstring(archive.read("EPUB/package.opf"))
    meta: dict[str, list[str]] = {}
    for element in package.iter(f"{OPF}meta"):
        if element.get("property"):
            meta.setdefault(element.get("property"), []).append(element.text)
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert "textual" in meta["schema:accessModeSufficient"]
    assert {"alternativeText", "tableOfContents", "structuralNavigation", "index", "pageBreakMarkers",
            "pageNavigation", "readingOrder"} <= set(meta["schema:accessibilityFeature"])
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert meta["schema:accessibilitySummary"][0].strip()
    assert meta["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", meta["dcterms:modified"][0])
    assert meta["pageBreakSource"][0].endswith("-2022-2025.pdf")


def test_the_nav_has_contents_landmarks_and_a_page_list_that_points_at_markers(archive):
    nav = ElementTree.fromstring(archive.read("EPUB/nav.xhtml"))
    kinds = {n.get(f"{EPUB_NS}type"): n for n in nav.iter(f"{XHTML}nav")}
    assert {"toc", "page-list", "landmarks"} <= set(kinds)
    pages = [(a.text, a.get("href")) for a in kinds["page-list"].iter(f"{XHTML}a")]
    numbers = [int(n) for n, _ in pages]
    assert numbers == sorted(numbers) and numbers[0] == 1
    docs = documents(archive)
    for number, href in pages:
        file, _, anchor = href.partition("#")
        assert f'id="{anchor}"' in docs[f"EPUB/{file}"]
        assert anchor == f"page-{number}"


def test_only_public_profiles_of_the_period_and_no_private_value(archive, sample):
    text = "\n".join(documents(archive).values())
    expected = select(sample, PLAN_PERIOD).profiles
    for profile in expected:
        assert profile.name in text
    assert_nothing_withheld_or_private(text, sample)


def test_photos_are_downscaled_for_reading_devices(archive):
    import io

    from PIL import Image

    images = [n for n in archive.namelist() if n.startswith("EPUB/images/") and n != "EPUB/images/cover.jpg"]
    assert images
    for name in images:
        with Image.open(io.BytesIO(archive.read(name))) as image:
            assert image.width <= 720 and image.height <= 960, name
            assert not image.getexif(), name


# --- independent judges -------------------------------------------------------------------------


@pytest.mark.checkers
def test_epubcheck_finds_no_error_and_no_warning(epub, tmp_path):
    result = epubcheck(epub, tmp_path / "epubcheck.json")
    checker = result["checker"]
    assert checker["checkerVersion"].startswith("5.")
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), epubcheck_summary(result)


@pytest.mark.checkers
@pytest.mark.browser
def test_ace_finds_no_serious_or_critical_violation(epub, tmp_path):
    report = ace(epub, tmp_path / "ace")
    assert ace_violations(report, "serious") == []
    assert report["earl:assertedBy"]["doap:release"]["doap:revision"] == "1.4.6"
    metadata = report["a11y-metadata"]
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "schema:accessibilitySummary", "schema:accessModeSufficient", "dcterms:conformsTo"} \
        <= set(metadata["present"])
