"""The yearbook on content the sample does not have (tests/support/yearbook_content.py):
a chapter whose profiles all print in other chapters, a chapter of one profile, a period
of one profile, profiles without photos, a name and a story at their longest, every kind.
Both editions are made once; EPUBCheck and Ace judge each EPUB, pikepdf reads each PDF's
structure (tests/support/pdf_structure.py), and the PDF/A variant is made beside."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO, SAMPLE_CONTENT
from support.epub_checkers import (
    ace,
    ace_violations,
    epubcheck,
    epubcheck_summary,
    pdf_text,
)
from support.pdf_structure import read_structure
from support.yearbook_content import (
    LONG_NAME,
    SEE_ALSO_ONLY_FIELD,
    SINGLE_YEAR,
    VARIED_YEAR,
    VariedContent,
    write_varied_content,
)

from site_builder.content.diagnostics import Problems
from site_builder.content.load import load_content
from site_builder.media.photos import process_photos
from site_builder.public.gate import publish
from site_builder.site.renderer import load_labels
from site_builder.yearbook.book import Edition, load_settings
from site_builder.yearbook.render import YearbookResult, render_yearbook

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
    settings = load_settings(varied.root, Problems())
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
@pytest.mark.browser
@pytest.mark.parametrize("year", [VARIED_YEAR, SINGLE_YEAR])
def test_ace_finds_no_serious_or_critical_violation_on_generated_content(year, written, tmp_path):
    report = ace(written[(year, "epub")], tmp_path / "ace")
    assert ace_violations(report, "serious") == []


# --- the tagged PDF on generated content, and its PDF/A variant ---------------------------------


def render_single(varied, publication, cache: Path, variant: str | None) -> YearbookResult:
    labels = load_labels(THEME)
    settings = load_settings(varied.root, Problems())
    photos = [photo for profile in publication.profiles for photo in profile.photos]
    media = process_photos(photos, cache / "media", False)
    return render_yearbook(publication, settings, Edition.year(SINGLE_YEAR, "Ấn bản một hồ sơ"), media.photos,
                           media.files, THEME, cache, labels, ("pdf",), variant)


def pdf_of(result: YearbookResult, where: Path) -> Path:
    name, data = next((n, d) for n, d in result.files.items() if n.endswith(".pdf"))
    (where / name).write_bytes(data)
    return where / name


def test_the_varied_pdf_is_tagged_throughout_and_its_outline_has_every_chapter_and_profile(written, varied):
    structure = read_structure(written[(VARIED_YEAR, "pdf")])
    assert structure.catalog_lang == "vi" and structure.display_doc_title and structure.xmp["pdfuaid:part"] == "1"
    assert structure.untagged() == []
    assert {page for page, _ in structure.claimed()} == set(range(1, structure.pages + 1))
    figures = [structure.claimed()[(d.page, d.mcid)] for d in structure.drawings if d.image]
    assert len(figures) == 4 and all(f.kind == "Figure" and f.alt for f in figures)  # cover and 3 photos
    chapters = [b.title for b in structure.bookmarks if b.level == 1 and b.title.startswith("Chương")]
    assert "Chương 4. Y tế" in chapters  # the chapter of "see also" entries only
    assert len(chapters) == 10
    assert sorted(b.title for b in structure.bookmarks if b.level == 2) == sorted(varied.varied_names)
    assert LONG_NAME in structure.link_descriptions
    levels = [int(e.kind[1]) for e in structure.elements if e.kind in ("H1", "H2", "H3", "H4", "H5", "H6")]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))  # the long story's headings too


def test_the_archive_variant_is_pdf_a_still_tagged_and_reproducible(varied, publication, tmp_path):
    archive = render_single(varied, publication, tmp_path / "cache", "pdf/a-2u")
    structure = read_structure(pdf_of(archive, tmp_path))
    assert (structure.xmp["pdfaid:part"], structure.xmp["pdfaid:conformance"]) == ("2", "U")
    assert "pdfuaid:part" not in structure.xmp
    assert structure.output_intents == 1 and structure.has_identifier  # sRGB; the file's /ID
    # PDF/A: the document information and the XMP say the same
    info, xmp = structure.info, structure.xmp
    assert (info["/Title"], info["/Author"], info["/Subject"], info["/Keywords"], info["/Producer"]) == \
        (xmp["dc:title"], xmp["dc:creator"], xmp["dc:description"], xmp["pdf:Keywords"], xmp["pdf:Producer"])
    assert info["/CreationDate"] == "D:" + xmp["xmp:CreateDate"].replace("-", "").replace(":", "").replace("T", "")
    assert structure.catalog_lang == "vi" and structure.untagged() == []  # as accessible as the default
    again = render_single(varied, publication, tmp_path / "another-cache", "pdf/a-2u")
    assert not again.pdf_cached and again.files == archive.files  # same content, same bytes


def test_the_variant_is_part_of_the_pdfs_cache_key(varied, publication, tmp_path):
    default = render_single(varied, publication, tmp_path, None)  # yearbook.yml names none: pdf/ua-1
    archive = render_single(varied, publication, tmp_path, "pdf/a-3u")
    assert not archive.pdf_cached and archive.files != default.files
    assert read_structure(pdf_of(archive, tmp_path)).xmp["pdfaid:part"] == "3"
    assert render_single(varied, publication, tmp_path, "pdf/a-3u").pdf_cached


def test_the_command_takes_the_variant(varied, tmp_path, capsys):
    from site_builder.cli.main import main

    code = main(["yearbook", "--content", str(varied.root), "--year", str(SINGLE_YEAR), "--format", "pdf",
                 "--pdf-variant", "pdf/a-3u", "--out", str(tmp_path), "--today", "30/06/2026"])
    assert code == 0, capsys.readouterr().err
    (written,) = tmp_path.glob("*.pdf")
    assert read_structure(written).xmp["pdfaid:part"] == "3"


def test_yearbook_yml_sets_the_variant_and_a_wrong_one_is_named_with_its_line(varied, tmp_path):
    settings_file = varied.root / "yearbook" / "yearbook.yml"
    original = settings_file.read_text(encoding="utf-8")
    try:
        settings_file.write_text(original + "pdf_variant: pdf/a-2u\n", encoding="utf-8")
        assert load_settings(varied.root, Problems()).pdf_variant == "pdf/a-2u"
        settings_file.write_text(original + "pdf_variant: pdf/a-2\n", encoding="utf-8")
        problems = Problems()
        assert load_settings(varied.root, problems) is None
        (problem,) = problems.errors
        line = len(original.splitlines()) + 1
        assert f"yearbook.yml:{line}:" in str(problem) and "'pdf_variant'" in str(problem)
        assert "did you mean" in str(problem)
    finally:
        settings_file.write_text(original, encoding="utf-8")
