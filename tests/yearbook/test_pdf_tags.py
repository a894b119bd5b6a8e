"""The print edition as a tagged PDF (PDF/UA-1 by default, PDF/A for archives), judged from
the file with pikepdf (tests/support/pdf_structure.py) and Poppler's pdfinfo: no PDF/UA or
PDF/A validator can be installed here, so these are the checks such a validator starts with,
not a verdict of conformance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_CONTENT
from support.epub_checkers import pdf_info
from support.pdf_structure import PdfStructure, read_structure

from site_builder.content.diagnostics import Problems
from site_builder.site.renderer import load_labels
from site_builder.yearbook.book import Edition, load_settings, plan_book, select

PLAN_PERIOD = Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31))
LABELS = load_labels(REPO / "theme")


@pytest.fixture(scope="module")
def pdf(sample_site) -> Path:
    return next((sample_site / "ky-yeu").glob("*-2022-2025.pdf"))


@pytest.fixture(scope="module")
def structure(pdf) -> PdfStructure:
    return read_structure(pdf)


@pytest.fixture(scope="module")
def book(sample):
    settings = load_settings(SAMPLE_CONTENT, Problems())
    listed = next(e for e in settings.editions if (e.start, e.end) == (PLAN_PERIOD.start, PLAN_PERIOD.end))
    return plan_book(sample, settings, listed, {}, LABELS)  # photos do not change the plan


def test_the_pdf_is_tagged_pdf_ua_in_vietnamese_and_shows_its_title(pdf, structure):
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert structure.marked and structure.tabs_in_structure_order
    assert structure.catalog_lang == "vi"
    assert structure.display_doc_title  # the window shows the title, not the file name
    assert structure.title.startswith("Kỷ yếu điển hình tiên tiến")
    assert structure.xmp["dc:title"] == structure.title
    assert structure.xmp["pdfuaid:part"] == "1"
    assert "pdfaid:part" not in structure.xmp


def test_the_structure_tree_claims_everything_drawn_on_every_page_but_the_page_furniture(structure):
    assert structure.untagged() == []  # every text, image and shading: tagged or an artefact
    claimed_pages = {page for page, _ in structure.claimed()}
    assert claimed_pages == set(range(1, structure.pages + 1))
    # Running heads and page numbers are artefacts: every page from the foreword on has a
    # page number, and none of that text is in the tree.
    furniture = {d.page for d in structure.drawings if d.artifact and d.operator in ("Tj", "TJ")}
    assert set(range(3, structure.pages + 1)) <= furniture


def test_every_image_is_a_figure_with_the_photos_alternative_text(structure, sample):
    claimed = structure.claimed()
    drawn = [d for d in structure.drawings if d.image]
    assert drawn
    figures = [claimed[(d.page, d.mcid)] for d in drawn]
    assert {f.kind for f in figures} == {"Figure"}
    alts = {f.alt for f in figures}
    assert all((alt or "").strip() for alt in alts)
    expected = {ph.alt for p in select(sample, PLAN_PERIOD).profiles for ph in p.photos}
    assert expected <= alts and len(alts - expected) == 1  # and the cover's
    assert next(iter(alts - expected)).startswith("Bìa kỷ yếu")


def test_headings_paragraphs_lists_and_tables_with_header_cells(structure, book):
    kinds = structure.kinds()
    for kind in ("H1", "H2", "H3", "P", "L", "LI", "LBody", "Table", "TR", "TH", "TD", "Caption", "Link"):
        assert kinds[kind] > 0, kind
    # one H1 a chapter, and the title page, foreword, contents, statistics, index, colophon
    assert kinds["H1"] == len(book.chapters) + 6
    assert kinds["H2"] >= len(book.entries)  # every profile's name
    cells = [e for e in structure.elements if e.kind == "TD"]
    assert cells and all(e.attributes.get("/Headers") for e in cells)  # each cell names its headers


def test_headings_start_at_h1_and_never_skip_a_level(structure):
    levels = [int(e.kind[1]) for e in structure.elements if e.kind in ("H1", "H2", "H3", "H4", "H5", "H6")]
    assert levels[0] == 1
    assert [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1] == []  # reading order: H2 → H4 never


def test_links_are_described_by_their_text(structure, book):
    assert structure.link_descriptions
    assert all(d.strip() and not d.startswith("p-") for d in structure.link_descriptions)
    assert {e.view.name for e in book.entries} <= set(structure.link_descriptions)


def test_the_outline_lists_every_chapter_with_its_profiles_at_their_pages(structure, book, sample):
    outline = [(b.level, b.title) for b in structure.bookmarks]
    expected = [(1, book.title), (1, "Lời nói đầu"), (1, "Mục lục")]
    for chapter in book.chapters:
        expected.append((1, f"Chương {chapter.number}. {chapter.term.name}"))
        expected.extend((2, entry.view.name) for entry in chapter.entries)
    expected += [(1, "Thống kê"), (1, "Bảng tra cứu tên"), (1, "Thông tin xuất bản")]
    assert outline == expected
    pages = [b.page for b in structure.bookmarks]
    assert all(pages) and pages == sorted(pages)
