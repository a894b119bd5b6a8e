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
    return (VALID_PROFILE.replace("locality: ham-thuan-bac", f"locality: {locality}")
            .replace("submitted: 15/03/2024", f"submitted: {submitted}"))


def test_a_district_on_its_last_day_30_june_2025_is_fine(content):
    assert errors_for(content, profile("bac-binh", "30/06/2025")) == []


def test_a_district_on_the_day_of_the_change_is_an_error_naming_what_it_became(content):
    (error,) = errors_for(content, profile("bac-binh", "01/07/2025"))
    assert error.endswith(
        "profiles/p/index.md:7: error: 'locality': Huyện Bắc Bình no longer exists from 01/07/2025 (the date given "
        "is 01/07/2025); from that day it is Xã Bắc Bình, Xã Hải Ninh, Xã Hòa Thắng, Xã Hồng Thái, Xã Lương Sơn, "
        "Xã Phan Sơn, Xã Sông Lũy; write the code of the one the profile belongs to (xa-bac-binh, xa-hai-ninh, "
        "xa-hoa-thang, xa-hong-thai, xa-luong-son, xa-phan-son, xa-song-luy), or the date it was recognised if "
        "that was before 01/07/2025")


def test_a_new_commune_before_it_existed_is_an_error_naming_what_it_came_from(content):
    (error,) = errors_for(content, profile("xa-bac-binh", "30/06/2025"))
    assert error.endswith(
        "'locality': Xã Bắc Bình exists only from 01/07/2025 (the date given is 30/06/2025); before that it was "
        "Huyện Bắc Bình; write the code of that one (bac-binh), or a date from 01/07/2025")


def test_a_new_commune_from_the_day_of_the_change_is_fine(content):
    assert errors_for(content, profile("xa-bac-binh", "01/07/2025")) == []


def test_the_old_province_after_the_change_names_the_new_one(content):
    (error,) = errors_for(content, profile("binh-thuan", "15/01/2026"))
    assert "Tỉnh Bình Thuận no longer exists from 01/07/2025 (the date given is 15/01/2026); from that day it " \
           "is Tỉnh Lâm Đồng; write the code of the one the profile belongs to (lam-dong)" in error


def test_the_locality_written_as_a_name_is_checked_on_its_date_too(content):
    (error,) = errors_for(content, profile("Bắc Bình", "02/07/2025"))  # the short name of the district
    assert "'locality': Huyện Bắc Bình no longer exists from 01/07/2025" in error


def test_the_editor_reads_it_in_vietnamese(content):
    set_language("vi")
    (error,) = errors_for(content, profile("bac-binh", "01/07/2025"))
    assert ": lỗi: 'locality': Huyện Bắc Bình không còn từ 01/07/2025 (ngày ghi là 01/07/2025); từ ngày đó là " \
           "Xã Bắc Bình, Xã Hải Ninh," in error
