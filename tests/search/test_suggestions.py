"""The search page forgives a misspelt name: "Có phải bạn muốn tìm: Nguyễn Thị Hoa?".

Typed into /tim-kiem/ of the built sample site in headless Chromium. A query that finds
nothing, with a missing letter, a swapped pair, a wrong letter or a wrong tone in a public
profile's name, gets that name as a link; following it runs the search, which finds the
profile first. A query that already finds its profile gets no suggestion. The names come
from pagefind/dh-names.json, which holds public names only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_nothing_withheld_or_private
from support.checkers import chromium_context, serve
from test_search_page import open_search_page, type_query

from site_builder.search.suggest import NAMES_FILE

pytestmark = pytest.mark.checkers


@pytest.fixture(scope="module")
def search_page(sample_site: Path):
    with serve(sample_site) as url, chromium_context() as browser:
        page = open_search_page(browser, url)
        yield page
        assert not browser.console_errors, browser.console_errors
        assert not browser.third_party_requests, browser.third_party_requests


def suggestion(page) -> str | None:
    box = page.locator("#dh-search-suggestion")
    return None if box.get_attribute("hidden") is not None else box.text_content()


MISSPELT = [
    ("nguyn thi hoa", "Nguyễn Thị Hoa"),  # a missing letter
    ("ngyuen thi hoa", "Nguyễn Thị Hoa"),  # a swapped pair
    ("nguyen thj hoa", "Nguyễn Thị Hoa"),  # a wrong letter inside the name
    ("nguyễn thj hóa", "Nguyễn Thị Hoa"),  # a wrong tone, and a wrong letter
    ("tran van dug", "Trần Văn Đức"),
    ("ngyeen thi hoa", "Nguyễn Thị Hoa"),  # two edits in a long word
]


@pytest.mark.browser
@pytest.mark.parametrize("query, name", MISSPELT, ids=[q for q, _ in MISSPELT])
def test_a_misspelt_name_gets_the_right_suggestion_and_its_link_finds_the_profile(search_page, query, name):
    type_query(search_page, query)
    assert suggestion(search_page) == f"Có phải bạn muốn tìm: {name}?"
    link = search_page.locator("#dh-search-suggestion a")
    assert link.text_content() == name
    assert "q=" in link.get_attribute("href")
    link.click()
    search_page.wait_for_function(
        "q => { const r = document.querySelector('[data-dh-search]');"
        " return r.dataset.state === 'results' && r.dataset.query === q; }", arg=name)
    assert search_page.locator(".dh-result__title").first.text_content() == name
    assert search_page.input_value("#dh-search-q") == name
    assert suggestion(search_page) is None  # the corrected query finds its profile


@pytest.mark.browser
@pytest.mark.parametrize("query, first", [
    ("nguyen thi hoa", "Nguyễn Thị Hoa"),
    ("Trần Văn Đức", "Trần Văn Đức"),
    ("Đặng Thị Ánh Tuyêt", "Đặng Thị Ánh Tuyết"),  # a wrong tone: accents are folded, the profile is found
    ("Nguy", None),  # a name still being typed
])
def test_a_query_that_finds_its_profile_gets_no_suggestion(search_page, query, first):
    shown = type_query(search_page, query)
    assert shown["names"]
    if first:
        assert shown["names"][0] == first
    assert suggestion(search_page) is None


@pytest.mark.browser
@pytest.mark.parametrize("query", ["xyzxyz", "Mai Xuân Trường", "Kiều Thị Nguyệt"])
def test_nothing_close_and_withheld_names_get_no_suggestion(search_page, query):
    shown = type_query(search_page, query)
    assert shown["state"] == "empty"
    assert suggestion(search_page) is None


def test_the_names_file_holds_public_names_only_each_once(sample_site: Path, sample):
    text = (sample_site / "pagefind" / NAMES_FILE).read_text(encoding="utf-8")
    names = json.loads(text)["names"]
    assert set(names) == {p.name for p in sample.profiles}
    assert len(names) == len(set(names))
    assert_nothing_withheld_or_private(text, sample)
    for withheld in ("Mai Xuân Trường", "Kiều Thị Nguyệt"):
        assert withheld not in text
