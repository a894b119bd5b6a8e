"""Rendering one edition: the same content gives the same bytes wherever the cache lives,
the EPUB's page-list follows the PDF's pages, and a format can be made alone."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import REPO, SAMPLE_CONTENT, copy_of_sample_photos
from support.epub_checkers import pdf_text

from site_builder.content.diagnostics import Problems
from site_builder.media.photos import process_photos
from site_builder.site.renderer import load_labels
from site_builder.yearbook.book import Edition, load_settings, select
from site_builder.yearbook.render import YearbookError, render_yearbook, write_files

THEME = REPO / "theme"
LABELS = load_labels(THEME)
YEAR = Edition.year(2023)


@pytest.fixture(scope="module")
def settings(sample):
    return load_settings(SAMPLE_CONTENT, Problems())


def render(sample, settings, cache, edition=YEAR, formats=("epub", "pdf")):
    photos = [ph for p in select(sample, edition).profiles for ph in p.photos]
    media = process_photos(photos, cache / "media", sample.content.site.original_photo_download)
    return render_yearbook(sample, settings, edition, media.photos, media.files, THEME, cache, LABELS, formats)


@pytest.fixture(scope="module")
def cache(sample_build, tmp_path_factory):
    """The module's cache, starting with the sample build's encoded photos (not what is tested here)."""
    return copy_of_sample_photos(sample_build, tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def rendered(sample, settings, cache):
    return render(sample, settings, cache)


@pytest.fixture(scope="module")
def printed_pages(rendered, tmp_path_factory) -> list[str]:
    written = write_files(rendered, tmp_path_factory.mktemp("dist"))
    return pdf_text(next(p for p in written if p.suffix == ".pdf"))


def test_the_same_content_gives_byte_identical_files_whatever_the_cache(rendered, sample, settings, tmp_path):
    again = render(sample, settings, tmp_path / "another-cache")
    assert not again.pdf_cached  # laid out anew, not copied from the first run
    assert set(again.files) == {"ky-yeu-dien-hinh-tien-tien-2023.epub", "ky-yeu-dien-hinh-tien-tien-2023.pdf"}
    for name, data in rendered.files.items():
        assert again.files[name] == data, name


def test_a_second_run_reuses_the_layout(rendered, sample, settings, cache):
    second = render(sample, settings, cache)
    assert second.pdf_cached
    assert second.files == rendered.files


def test_the_page_list_follows_the_pdfs_pages(rendered, printed_pages):
    pages = printed_pages
    with zipfile.ZipFile(io.BytesIO(rendered.files["ky-yeu-dien-hinh-tien-tien-2023.epub"])) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode("utf-8")
        documents = {n: epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml")}
    assert rendered.pages == len(pages)
    assert rendered.page_list >= rendered.pages * 0.8  # nearly every page has a marker
    for profile_file in (n for n in documents if "/text/p-" in n):
        text = documents[profile_file]
        marker = text.find('epub:type="pagebreak"')
        if marker == -1:
            continue
        number = int(text[marker:].split('aria-label="Trang ', 1)[1].split('"', 1)[0])
        # The first marker of a profile is the page where its name is printed.
        name = text.split('class="profile-name">', 1)[1].split("<", 1)[0]
        assert name in pages[number - 1], (profile_file, number)
    assert 'epub:type="page-list"' in nav


def test_one_format_alone(sample, sample_build, settings, tmp_path):
    # A cache with the sample's photos and no layout: the EPUB alone still lays out the print edition.
    only_epub = render(sample, settings, copy_of_sample_photos(sample_build, tmp_path), formats=("epub",))
    assert list(only_epub.files) == ["ky-yeu-dien-hinh-tien-tien-2023.epub"]
    assert only_epub.page_list > 0  # the page-list still follows the print edition


def test_an_empty_period_is_refused_and_writes_nothing(sample, settings, tmp_path):
    with pytest.raises(YearbookError, match="no published profile has its publication date in Năm 2019"):
        render(sample, settings, tmp_path, edition=Edition.year(2019))
    assert not (tmp_path / "out").exists()


def test_files_are_written_whole(rendered, tmp_path):
    written = write_files(rendered, tmp_path / "dist")
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert path.read_bytes() == rendered.files[path.name]
