"""Where a profile is, as recorded and as now (public/places.py), around 1 July 2025."""

from __future__ import annotations

import datetime as dt

from support import places
from support.places import LAST_DAY, TODAY

from site_builder.public.groupings import groupings, recorded_localities
from site_builder.public.places import now_places, profile_place
from site_builder.public.views import profile_views

LOCALITIES = {loc.code: loc for loc in places.LOCALITIES}


def codes(localities) -> list[str]:
    return [loc.code for loc in localities]


def test_a_place_still_valid_counts_under_itself():
    assert codes(now_places(LOCALITIES, "xa-ham-thuan-bac", TODAY)) == ["xa-ham-thuan-bac"]
    assert codes(now_places(LOCALITIES, "lam-dong", TODAY)) == ["lam-dong"]
    assert now_places(LOCALITIES, "", TODAY) == ()


def test_a_district_with_one_successor_counts_under_it_and_a_split_one_under_its_province():
    assert codes(now_places(LOCALITIES, "phu-quy", TODAY)) == ["dac-khu-phu-quy"]
    assert codes(now_places(LOCALITIES, "ham-thuan-bac", TODAY)) == ["lam-dong"]
    assert codes(now_places(LOCALITIES, "binh-thuan", TODAY)) == ["lam-dong"]


def test_on_30_june_2025_the_old_places_are_still_current_and_from_1_july_they_are_not():
    assert codes(now_places(LOCALITIES, "ham-thuan-bac", LAST_DAY)) == ["ham-thuan-bac"]
    assert codes(now_places(LOCALITIES, "ham-thuan-bac", LAST_DAY + dt.timedelta(days=1))) == ["lam-dong"]


def test_a_profile_shows_its_place_as_recorded_with_its_parents_then_and_what_it_is_part_of_now(content):
    views = profile_views(places.load(content), {})
    by_name = {v.name: v.place for v in views.values()}
    hoa = by_name["Nguyễn Thị Hoa"]  # 2023, Huyện Hàm Thuận Bắc
    assert codes(hoa.recorded.localities) == ["ham-thuan-bac", "binh-thuan"]
    assert [codes(chain.localities) for chain in hoa.now_part_of] == [["lam-dong"]]
    assert hoa.every_name() == ("Huyện Hàm Thuận Bắc", "Tỉnh Bình Thuận", "Tỉnh Lâm Đồng")
    assert set(hoa.every_code()) == {"ham-thuan-bac", "binh-thuan", "lam-dong"}
    bien = by_name["Trần Văn Biển"]  # 30/06/2025, Huyện Phú Quý: now Đặc khu Phú Quý, Tỉnh Lâm Đồng
    assert [codes(chain.localities) for chain in bien.now_part_of] == [["dac-khu-phu-quy", "lam-dong"]]
    moi = by_name["Lê Thị Mới"]  # 01/07/2025, under the new commune: nothing to add after "nay thuộc"
    assert codes(moi.recorded.localities) == ["xa-ham-thuan-bac", "lam-dong"] and moi.now_part_of == ()


def test_before_the_change_nothing_is_now_part_of_anything_else(content):
    views = profile_views(places.load(content, today=LAST_DAY), {})
    assert all(v.place.now_part_of == () for v in views.values() if v.profile.submitted <= LAST_DAY)


def test_listings_group_by_current_unit_and_the_recorded_place_stays_one_grouping_away(content):
    publication = places.load(content)
    current = groupings(publication)["localities"]
    assert codes(current.terms) == ["lam-dong", "xa-ham-thuan-bac", "xa-ham-liem", "dac-khu-phu-quy"]
    filed = {p.name: tuple(current.members(p)) for p in publication.profiles}
    assert filed == {"Nguyễn Thị Hoa": ("lam-dong",), "Trần Văn Biển": ("dac-khu-phu-quy",),
                     "Phạm Văn Tỉnh": ("lam-dong",), "Lê Thị Mới": ("xa-ham-thuan-bac",),
                     "Võ Thị Đảo": ("dac-khu-phu-quy",)}
    recorded = recorded_localities(publication)
    assert codes(recorded.terms) == list(LOCALITIES)
    assert {p.name: tuple(recorded.members(p)) for p in publication.profiles}["Trần Văn Biển"] == ("phu-quy",)


def test_the_places_made_once_for_a_publication_are_those_worked_out_one_profile_at_a_time(content):
    publication = places.load(content)
    localities = publication.content.taxonomies.localities
    assert publication.places == {p.slug: profile_place(localities, p, publication.today)
                                  for p in publication.profiles}
    # Two profiles of one place and one day share one answer: the history is walked once for both.
    by_key: dict = {}
    for p in publication.profiles:
        by_key.setdefault((p.locality, p.submitted), set()).add(id(publication.places[p.slug]))
    assert all(len(ids) == 1 for ids in by_key.values())
