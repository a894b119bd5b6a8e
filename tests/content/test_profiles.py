"""A profile keeps the place as it was recognised: its `locality` must be valid on its `submitted` date."""

from __future__ import annotations

from conftest import VALID_PROFILE

from site_builder.common.messages import set_language
from site_builder.content.load import load_content


def errors_for(content, front_matter: str) -> list[str]:
    content.profile("p", front_matter)
    _, problems = load_content(content.root)
    return [str(p) for p in problems.sorted() if p.severity == "error"]


def profile(locality: str, submitted: str) -> str:
    # A provincial department that exists on every date here, so that only the locality is wrong.
    return (VALID_PROFILE.replace("locality: ham-thuan-bac", f"locality: {locality}")
            .replace("unit: ubnd-huyen-ham-thuan-bac", "unit: so-noi-vu")
            .replace("submitted: 15/03/2024", f"submitted: {submitted}"))


def test_a_district_on_its_last_day_30_june_2025_is_fine(content):
    assert errors_for(content, profile("bac-binh", "30/06/2025")) == []


def test_a_district_on_the_day_of_the_change_is_an_error_naming_what_it_became(content):
    (error,) = errors_for(content, profile("bac-binh", "01/07/2025"))
    assert error.endswith(
        "profiles/p/index.md:7: error: 'locality': 'bac-binh' (Huyện Bắc Bình) exists until 30/06/2025, not on "
        "01/07/2025: it became xa-bac-binh (Xã Bắc Bình), xa-hai-ninh (Xã Hải Ninh), xa-hoa-thang (Xã Hòa Thắng), "
        "xa-hong-thai (Xã Hồng Thái), xa-luong-son (Xã Lương Sơn), xa-phan-son (Xã Phan Sơn), xa-song-luy "
        "(Xã Sông Lũy) on 01/07/2025; write that code (the profile's 'submitted' date)")


def test_a_new_commune_before_it_existed_is_an_error_naming_what_it_came_from(content):
    (error,) = errors_for(content, profile("xa-bac-binh", "30/06/2025"))
    assert error.endswith(
        "'locality': 'xa-bac-binh' (Xã Bắc Bình) exists from 01/07/2025, not on 30/06/2025: before 01/07/2025 it "
        "was bac-binh (Huyện Bắc Bình); write that code (the profile's 'submitted' date)")


def test_a_new_commune_from_the_day_of_the_change_is_fine(content):
    assert errors_for(content, profile("xa-bac-binh", "01/07/2025")) == []


def test_the_old_province_after_the_change_names_the_new_one(content):
    (error,) = errors_for(content, profile("binh-thuan", "15/01/2026"))
    assert "'binh-thuan' (Tỉnh Bình Thuận) exists until 30/06/2025, not on 15/01/2026: it became lam-dong " \
           "(Tỉnh Lâm Đồng) on 01/07/2025" in error


def test_the_locality_written_as_a_name_is_checked_on_its_date_too(content):
    (error,) = errors_for(content, profile("Bắc Bình", "02/07/2025"))  # the short name of the district
    assert "'locality': 'bac-binh' (Huyện Bắc Bình) exists until 30/06/2025, not on 02/07/2025" in error


def test_the_editor_reads_it_in_vietnamese(content):
    set_language("vi")
    (error,) = errors_for(content, profile("bac-binh", "01/07/2025"))
    assert ": lỗi: 'locality': 'bac-binh' (Huyện Bắc Bình) " in error and "xa-bac-binh (Xã Bắc Bình)" in error
