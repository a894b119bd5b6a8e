"""The groupings that listings are made from: each public profile under exactly the terms it is
filed under, once, in Vietnamese order (site/listings.py then cuts each into pages)."""

from conftest import REPO

from site_builder.content.text import sort_key
from site_builder.public.groupings import members_by_term, sections_for
from site_builder.public.views import profile_views
from site_builder.site.renderer import load_labels

LABELS = load_labels(REPO / "theme")


def test_each_profile_is_once_under_each_of_its_terms_in_vietnamese_order(sample):
    views = profile_views(sample, {})
    ordered = [views[p.slug] for p in sample.profiles]
    assert [sort_key(v.name) for v in ordered] == sorted(sort_key(v.name) for v in ordered)
    for section in sections_for(sample, LABELS):
        index = members_by_term(section, ordered)
        for view in ordered:
            under = [code for code, members in index.items() for member in members if member is view]
            assert sorted(under) == sorted(set(section.members(view.profile))), (section.key, view.profile.slug)
        for members in index.values():
            assert members == [v for v in ordered if v in members]  # the A–Z order kept
