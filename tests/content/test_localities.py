"""Localities with a history: what a place was on a date, what it became, what it came from.

The fixture is a small piece of the 2025 reorganisation: Tỉnh Bình Thuận and two of its
districts up to 30/06/2025, Tỉnh Lâm Đồng and the communes that replaced them from 01/07/2025.
"""

from __future__ import annotations

import datetime as dt

from site_builder.content.localities import (
    ancestors_of,
    current_of,
    now_part_of,
    predecessors_of,
)
from site_builder.content.model import Locality
from site_builder.content.succession import not_valid_on

LAST_DAY = dt.date(2025, 6, 30)
CHANGE = dt.date(2025, 7, 1)
TODAY = dt.date(2026, 6, 30)


def _localities(*items: Locality) -> dict[str, Locality]:
    return {loc.code: loc for loc in items}


PLACES = _localities(
    Locality("binh-thuan", "Tỉnh Bình Thuận", level="province", official_code="60", valid_to=LAST_DAY,
             became=("lam-dong",)),
    Locality("lam-dong", "Tỉnh Lâm Đồng", level="province", official_code="68", valid_from=CHANGE),
    Locality("ham-thuan-bac", "Huyện Hàm Thuận Bắc", level="district", official_code="597", valid_to=LAST_DAY,
             parent="binh-thuan", became=("xa-ham-thuan-bac", "xa-hong-son", "xa-ham-liem")),
    Locality("phu-quy", "Huyện Phú Quý", level="district", official_code="602", valid_to=LAST_DAY,
             parent="binh-thuan", became=("dac-khu-phu-quy",)),
    Locality("xa-ham-thuan-bac", "Xã Hàm Thuận Bắc", official_code="23089", valid_from=CHANGE, parent="lam-dong"),
    Locality("xa-hong-son", "Xã Hồng Sơn", official_code="23086", valid_from=CHANGE, parent="lam-dong"),
    Locality("xa-ham-liem", "Xã Hàm Liêm", official_code="23095", valid_from=CHANGE, parent="lam-dong"),
    Locality("dac-khu-phu-quy", "Đặc khu Phú Quý", official_code="23272", valid_from=CHANGE, parent="lam-dong"),
)


def codes(localities) -> list[str]:
    return [loc.code for loc in localities]


def test_a_district_is_valid_up_to_and_including_30_june_2025_and_not_on_1_july():
    district = PLACES["ham-thuan-bac"]
    assert district.valid_on(dt.date(2023, 5, 19))
    assert district.valid_on(LAST_DAY)
    assert not district.valid_on(CHANGE)


def test_a_new_commune_is_valid_from_1_july_2025_and_not_the_day_before():
    commune = PLACES["xa-ham-thuan-bac"]
    assert not commune.valid_on(LAST_DAY)
    assert commune.valid_on(CHANGE)
    assert commune.valid_on(dt.date(2030, 1, 1))


def test_a_locality_without_dates_is_valid_on_any_day():
    assert Locality("x", "X").valid_on(dt.date(1900, 1, 1)) and Locality("x", "X").valid_on(dt.date(2100, 1, 1))


def test_a_locality_keeps_the_term_fields_pages_already_use():
    loc = Locality("phu-quy", "Huyện Phú Quý", short_name="Phú Quý", level="district")
    assert (loc.code, loc.name, loc.label) == ("phu-quy", "Huyện Phú Quý", "Phú Quý")


def test_a_locality_valid_today_is_its_own_current_locality():
    assert codes(current_of(PLACES, "xa-ham-thuan-bac", TODAY)) == ["xa-ham-thuan-bac"]


def test_a_former_district_is_now_all_the_communes_it_became_in_vietnamese_order():
    assert codes(current_of(PLACES, "ham-thuan-bac", TODAY)) == ["xa-ham-liem", "xa-ham-thuan-bac", "xa-hong-son"]


def test_on_30_june_2025_the_district_was_still_current():
    assert codes(current_of(PLACES, "ham-thuan-bac", LAST_DAY)) == ["ham-thuan-bac"]


def test_current_follows_became_over_several_steps():
    chain = _localities(
        Locality("a", "A", valid_to=dt.date(2020, 12, 31), became=("b",)),
        Locality("b", "B", valid_from=dt.date(2021, 1, 1), valid_to=LAST_DAY, became=("c",)),
        Locality("c", "C", valid_from=CHANGE),
    )
    assert codes(current_of(chain, "a", TODAY)) == ["c"]
    assert codes(current_of(chain, "a", dt.date(2022, 1, 1))) == ["b"]


def test_the_predecessors_of_a_new_commune_are_the_district_it_came_from():
    assert codes(predecessors_of(PLACES, "xa-ham-thuan-bac")) == ["ham-thuan-bac"]
    assert codes(predecessors_of(PLACES, "dac-khu-phu-quy")) == ["phu-quy"]


def test_the_predecessors_of_the_new_province_are_the_old_province_only():
    # the districts were *in* Bình Thuận; they did not *become* Lâm Đồng
    assert codes(predecessors_of(PLACES, "lam-dong")) == ["binh-thuan"]


def test_predecessors_are_found_transitively_and_sorted_vietnamese_wise():
    chain = _localities(
        Locality("dong", "Đông", valid_to=dt.date(2020, 12, 31), became=("moi",)),
        Locality("an", "An", valid_to=dt.date(2020, 12, 31), became=("moi",)),
        Locality("moi", "Mới", valid_from=dt.date(2021, 1, 1), valid_to=LAST_DAY, became=("nay",)),
        Locality("nay", "Nay", valid_from=CHANGE),
    )
    assert codes(predecessors_of(chain, "nay")) == ["an", "dong", "moi"]  # Đ after D, before M
    assert predecessors_of(chain, "an") == ()


def test_the_ancestors_of_a_district_in_2023_are_binh_thuan():
    assert codes(ancestors_of(PLACES, "ham-thuan-bac", dt.date(2023, 5, 19))) == ["binh-thuan"]


def test_the_ancestors_of_a_new_commune_are_lam_dong():
    assert codes(ancestors_of(PLACES, "xa-ham-thuan-bac", CHANGE)) == ["lam-dong"]
    assert ancestors_of(PLACES, "lam-dong", CHANGE) == ()


def test_a_district_that_became_several_communes_is_now_part_of_their_province():
    assert codes(now_part_of(PLACES, "ham-thuan-bac", TODAY)) == ["lam-dong"]


def test_a_district_that_became_one_commune_is_now_part_of_that_commune():
    assert codes(now_part_of(PLACES, "phu-quy", TODAY)) == ["dac-khu-phu-quy"]


def test_the_old_province_is_now_part_of_the_new_one():
    assert codes(now_part_of(PLACES, "binh-thuan", TODAY)) == ["lam-dong"]


def test_a_current_locality_is_now_part_of_nothing():
    assert now_part_of(PLACES, "xa-ham-thuan-bac", TODAY) == ()
    assert now_part_of(PLACES, "ham-thuan-bac", LAST_DAY) == ()


def test_successors_with_no_common_parent_are_all_named():
    apart = _localities(
        Locality("old", "Cũ", valid_to=LAST_DAY, became=("x", "y")),
        Locality("x", "X", valid_from=CHANGE),
        Locality("y", "Y", valid_from=CHANGE),
    )
    assert codes(now_part_of(apart, "old", TODAY)) == ["x", "y"]


def test_why_a_locality_cannot_be_recorded_on_a_day_names_its_successors_or_predecessors():
    # The same rule and words as for units (content/succession.py): one function for every dated entry.
    assert not_valid_on(PLACES, "ham-thuan-bac", LAST_DAY, "locality") is None
    assert not_valid_on(PLACES, "phu-quy", CHANGE, "locality") == (
        "'phu-quy' (Huyện Phú Quý) exists until 30/06/2025, not on 01/07/2025: it became dac-khu-phu-quy "
        "(Đặc khu Phú Quý) on 01/07/2025; write that code")
    assert not_valid_on(PLACES, "dac-khu-phu-quy", LAST_DAY, "locality") == (
        "'dac-khu-phu-quy' (Đặc khu Phú Quý) exists from 01/07/2025, not on 30/06/2025: before 01/07/2025 it "
        "was phu-quy (Huyện Phú Quý); write that code")
