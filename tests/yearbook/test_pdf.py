"""The print edition of the sample: A4, its text in NFC with every public name, only the
bundled fonts (embedded), every profile on a new page, nothing withheld."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import assert_nothing_withheld_or_private
from support.epub_checkers import pdf_fonts, pdf_info, pdf_text

from site_builder.yearbook.book import Edition, select

PLAN_PERIOD = Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def pdf(sample_site) -> Path:
    found = sorted((sample_site / "ky-yeu").glob("*-2022-2025.pdf"))
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return pdf_text(pdf)


def test_a4_pages_and_metadata_in_vietnamese(pdf, pages):
    info = pdf_info(pdf)
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")
    assert int(info["Pages"]) == len(pages) > 50
    assert info["Title"].startswith("Kỷ yếu điển hình tiên tiến")
    assert info["Author"] == "Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng"  # the council on 31/12/2025 (site.yml)
    assert info["CreationDate"] == info["ModDate"]  # from the content, not the clock


def test_text_is_nfc_and_holds_every_public_name_of_the_period(pages, sample):
    text = "\n".join(pages)
    assert unicodedata.is_normalized("NFC", text)
    for profile in select(sample, PLAN_PERIOD).profiles:
        assert profile.name in text, profile.name
    for marks in ("ă", "â", "đ", "ê", "ô", "ơ", "ư", "ệ", "ộ"):
        assert marks in text


def test_only_the_bundled_fonts_all_embedded(pdf):
    fonts = pdf_fonts(pdf)
    assert fonts
    for font in fonts:
        assert font["embedded"] and font["subset"] and font["unicode"], font
        assert re.fullmatch(r"[A-Z]{6}\+Book-(Serif|Sans)(-Bold|-Italic|-BoldItalic)?", font["name"]), font


def first_lines(page: str, count: int = 5) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()][:count]


def contents_entries(lines: list[str]) -> list[tuple[str, int]]:
    """(entry, page number) from the contents as printed: an entry and its number on one line (the
    dots between them are a background); an entry that wraps goes on on the next line."""
    entries, pending = [], ""
    for line in (line.strip() for line in lines):
        if not line or line == "Mục lục" or line.isdigit():  # the contents page's own number, in its foot
            continue
        found = re.fullmatch(r"(.*?)\s{2,}(\d+)", line) or re.fullmatch(r"(\D.*?)\s+(\d+)", line)
        if found:
            entries.append((f"{pending} {found[1]}".strip(), int(found[2])))
            pending = ""
        else:
            pending = f"{pending} {line}".strip()
    return entries


def test_each_profile_starts_a_new_page_that_the_contents_point_to(pdf, pages, sample):
    expected = select(sample, PLAN_PERIOD).profiles
    first = next(i for i, page in enumerate(pages) if "Mục lục" in first_lines(page, 2))
    last = next(i for i, page in enumerate(pages) if i > first and "CHƯƠNG 1" in first_lines(page))
    # Read as laid out: in reading order, pdftotext may give a chapter's number after the name of
    # its first profile, and the two numbers in the wrong order.
    laid_out = pdf_text(pdf, layout=True)[first:last]
    heads = {page.strip() for page in pdf_text(pdf, area=(0, 0, 596, 62))[first:last]}  # the running heads
    listed = contents_entries([line for page in laid_out for line in page.splitlines() if line.strip() not in heads])
    profiles = [(name.strip(), int(number)) for name, number in listed
                if not name.startswith(("Chương", "Lời nói đầu", "Thống kê", "Bảng tra cứu", "Thông tin xuất bản"))]
    assert sorted(name for name, _ in profiles) == sorted(p.name for p in expected)
    for name, number in profiles:
        # the page opens with the running head, the kicker, then the profile's name
        assert name in first_lines(pages[number - 1], 6), (name, number)
    assert len({number for _, number in profiles}) == len(profiles)  # one profile per page start


def test_running_heads_and_page_numbers(pdf, pages):
    # what is printed in the top and bottom margins (22 mm = 62 pt) of the A4 page
    heads = [page.strip() for page in pdf_text(pdf, area=(0, 0, 596, 62))]
    feet = [page.strip() for page in pdf_text(pdf, area=(0, 780, 596, 62))]
    assert len(heads) == len(feet) == len(pages)
    assert heads[9] == "Kỷ yếu điển hình tiên tiến chào mừng Đại hội Thi đua yêu nước tỉnh lần thứ IX"  # page 10
    assert heads[10] == "Xây dựng Đảng, chính quyền, đoàn thể"  # page 11: its chapter
    assert feet[:2] == ["", ""]  # cover and title page
    for number, foot in enumerate(feet[2:], start=3):  # numbered from the foreword on
        assert foot == str(number)


def test_nothing_withheld_or_private_is_printed(pages, sample):
    assert_nothing_withheld_or_private("\n".join(pages), sample)


def test_statistics_index_and_colophon_are_there(pages):
    text = "\n".join(pages)
    for heading in ("Thống kê", "Điển hình theo lĩnh vực và đối tượng", "Điển hình theo phong trào thi đua",
                    "Điển hình theo địa phương", "Bảng tra cứu tên", "Thông tin xuất bản", "CC BY 4.0"):
        assert heading in text
    assert "dữ liệu mẫu hư cấu" in text  # the sample notice while the content is the sample


def test_loading_weasyprint_leaves_pillows_truncated_image_check_on():
    from PIL import ImageFile

    from site_builder.yearbook.pdf import _weasyprint

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    _weasyprint()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False  # media.py still refuses a truncated photo
