"""Vietnamese text rules: NFC, slugs without diacritics, collation, dates."""

import datetime as dt
import unicodedata

import pytest

from site_builder.content.text import (
    DateError,
    fold,
    format_date,
    nfc,
    parse_date,
    slugify,
    sort_key,
)


def test_slug_drops_diacritics_and_maps_d_stroke():
    assert slugify("Đặng Thị Ánh Tuyết") == "dang-thi-anh-tuyet"
    assert slugify("Trần Văn Đức") == "tran-van-duc"
    assert slugify("Hợp tác xã Thanh Long Hàm Đức") == "hop-tac-xa-thanh-long-ham-duc"


def test_slug_is_the_same_for_nfd_input():
    assert slugify(unicodedata.normalize("NFD", "Nguyễn Thị Hoà")) == "nguyen-thi-hoa"


def test_slug_collapses_punctuation():
    assert slugify("  Trường THCS Lê Lợi – (Phan Thiết)!  ") == "truong-thcs-le-loi-phan-thiet"


def test_fold_and_nfc():
    assert fold("NÔNG NGHIỆP") == "nong nghiep"
    decomposed = unicodedata.normalize("NFD", "ệ")
    assert len(decomposed) == 3 and nfc(decomposed) == "ệ"


def test_vietnamese_alphabet_order():
    names = ["Đào", "Dung", "Ân", "Anh", "An", "Ăn", "Bình", "Ưng", "Uyên", "Ơn", "Ông", "Oanh"]
    assert sorted(names, key=sort_key) == [
        "An", "Anh", "Ăn", "Ân", "Bình", "Dung", "Đào", "Oanh", "Ông", "Ơn", "Uyên", "Ưng",
    ]


def test_tones_only_break_ties_in_customary_order():
    assert sorted(["Bạ", "Bá", "Bã", "Bả", "Bà", "Ba"], key=sort_key) == ["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ"]
    # A tone never outranks a letter: "Bạc" (heaviest tone) still comes before "Bàn".
    assert sorted(["Bàn", "Bạc", "Bác"], key=sort_key) == ["Bác", "Bạc", "Bàn"]


def test_word_boundary_sorts_before_letters():
    assert sorted(["Anh Tuấn", "An Bình"], key=sort_key) == ["An Bình", "Anh Tuấn"]


@pytest.mark.parametrize("raw, expected", [
    ("19/05/2023", dt.date(2023, 5, 19)),
    ("1/4/2024", dt.date(2024, 4, 1)),
    ("2023-05-19", dt.date(2023, 5, 19)),
    (dt.date(2022, 1, 2), dt.date(2022, 1, 2)),
])
def test_dates_in_both_notations(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2023", "2023-02-31", "19.05.2023", "mai 2023", "05/19/2023"])
def test_impossible_or_unreadable_dates_are_errors(raw):
    with pytest.raises(DateError):
        parse_date(raw)


def test_dates_are_shown_dd_mm_yyyy():
    assert format_date(dt.date(2023, 5, 9)) == "09/05/2023"
