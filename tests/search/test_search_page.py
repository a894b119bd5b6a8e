"""The search page in real headless Chromium: queries typed into /tim-kiem/ of the built sample site.

Each query is typed key by key into the page's search box; the test reads the first
result and the hit count the page shows. The expected count comes from an independent
rule: a profile is a hit when every query word, without accents, starts a word of the
profile's indexed text. See tests/test_search.py for what the index holds.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, SAMPLE_TODAY, copy_of_sample_caches
from support.checkers import axe_check, chromium_context, serve

from site_builder.pipeline.run import BuildOptions, build_site
from site_builder.search import index as search
from site_builder.search.folding import display_form, folded_words
from site_builder.search.records import records

pytestmark = [pytest.mark.checkers, pytest.mark.browser]

RESULTS_PER_PAGE = 10  # "pageSize" in site_builder/search/index.py's page settings
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731 - typed as a phone keyboard may send it


@pytest.fixture(scope="module")
def expected_hits(sample):
    """Query -> names of the profiles that contain every query word (accent-free prefix match).

    A list, not a set: two profiles may share a name.
    """
    texts = [(r.meta["name"], set(folded_words(display_form(r.content)))) for r in records(sample, {})]

    def hits(query: str) -> list[str]:
        words = folded_words(query)
        return [name for name, own in texts if all(any(o.startswith(w) for o in own) for w in words)]
    return hits


@pytest.fixture(scope="module")
def site_url(sample_site: Path):
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_context() as context:
        yield context
        problems = [f"request to another host: {u}" for u in context.third_party_requests]
        problems += [f"console error: {e}" for e in context.console_errors]
        assert not problems, "\n".join(problems)


def open_search_page(browser, site_url: str):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/")
    page.wait_for_selector("[data-dh-search][data-ready]")
    return page


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    return open_search_page(browser, site_url)


def type_query(page, query: str) -> dict:
    """Clear the box and the filters, type `query` key by key, wait for its results; return what the page shows."""
    page.evaluate("""() => { const box = document.querySelector('#dh-search-q'); box.value = '';
        document.querySelectorAll('select[data-facet]').forEach(s => { s.value = ''; }); }""")
    page.locator("#dh-search-q").press_sequentially(query)
    return wait_for_results(page, query.strip())


def wait_for_results(page, query: str) -> dict:
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-dh-search]');"
        " return ['results', 'empty'].includes(r.dataset.state) && r.dataset.query === q; }",
        arg=query)
    return page.evaluate("""() => ({
        status: document.querySelector('#dh-search-status').textContent,
        names: [...document.querySelectorAll('.dh-result__title')].map(e => e.textContent),
        state: document.querySelector('[data-dh-search]').dataset.state,
    })""")


def shown_count(shown: dict) -> int:
    if shown["state"] == "empty":
        return 0
    match = re.match(r"Tìm thấy (\d+) hồ sơ", shown["status"])
    assert match, shown["status"]
    return int(match.group(1))


# (query typed, the profile expected first; "X …": a profile whose name starts with X)
QUERIES = [
    ("nguyen thi hoa", "Nguyễn Thị Hoa"),
    ("Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),
    (NFD("Nguyễn Thị Hoa"), "Nguyễn Thị Hoa"),
    ("NGUYEN THI HOA", "Nguyễn Thị Hoa"),
    ("tran van duc", "Trần Văn Đức"),
    ("Trần Văn Đức", "Trần Văn Đức"),
    ("tran van đuc", "Trần Văn Đức"),
    ("Hòa", "Lê Thị Hoà"),
    ("hoà", "Lê Thị Hoà"),
    ("le thi hoa", "Lê Thị Hoà"),
    (NFD("Lê Thị Hòa"), "Lê Thị Hoà"),
    ("thuy", "Phạm Thị Thuý"),
    ("thúy", "Phạm Thị Thuý"),
    ("thuý", "Phạm Thị Thuý"),
    ("pham thi thuy", "Phạm Thị Thuý"),
    ("cai cach hanh chinh", "Trung tâm Phục vụ hành chính công tỉnh"),
    # Both cooperatives have it in their names; the one a radio piece is about (its transcript is in
    # its record: content/media/chuyen-ke-hop-tac-xa-thanh-long) says it most often.
    ("thanh long", "Hợp tác xã Thanh long Hàm Thuận Bắc"),
    ("Nguy", "Nguyễn …"),  # a name still being typed: any Nguyễn first
    ("vo hoang long", "Võ Hoàng Long"),
    ("Đặng", "Đặng Thị Ánh Tuyết"),
    ("dang thi anh tuyet", "Đặng Thị Ánh Tuyết"),
    ("dang bo", "Đảng bộ xã Gia An"),
    ("huynh tan phuoc", "Huỳnh Tấn Phước"),
    ("Huỳnh", "Huỳnh Tấn Phước"),
    ("mui ne", "Câu lạc bộ Ngoại ngữ thanh niên Mũi Né"),
    ("PCCC", "Đội Cảnh sát PCCC và CNCH khu vực La Gi"),
    ("khoe", "Hộ bà Phùng Thị Mến"),
    ("khoẻ", "Hộ bà Phùng Thị Mến"),
    ("giao duc", "Trường Tiểu học và THCS Ngũ Phụng"),
    ("ngu phung", "Trường Tiểu học và THCS Ngũ Phụng"),
    ("VietGAP", "Nguyễn Thị Hoa"),
    ("doan van ky", "Đoàn Văn Kỷ"),
]


@pytest.mark.parametrize("query, first", QUERIES, ids=[q for q, _ in QUERIES])
def test_typed_query_finds_the_expected_profile_first_and_every_hit(search_page, expected_hits, query, first):
    assert_first_and_hits(type_query(search_page, query), query, first, expected_hits)


def assert_first_and_hits(shown: dict, query: str, first: str, expected_hits) -> None:
    assert shown["names"], (query, shown["status"])
    if first.endswith("…"):
        assert shown["names"][0].startswith(first[:-1]), f"{query!r}: {shown['names'][:5]}"
    else:
        assert shown["names"][0] == first, f"{query!r}: {shown['names'][:5]}"
    assert shown_count(shown) == len(expected_hits(query)), (query, shown["status"])
    # The list is the one counted: an older search finishing late once put the results of "thu"
    # under "Tìm thấy 5 hồ sơ cho “thuý”" (the page shows results 10 at a time).
    assert len(shown["names"]) == min(shown_count(shown), RESULTS_PER_PAGE), (query, shown)


@pytest.fixture(scope="module")
def sharded_search_page(browser, sample_build, tmp_path_factory):
    """The search page of the sample built with its index in shards of 6 records, merged."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "RECORDS_PER_SHARD", 6)
        out = tmp_path_factory.mktemp("sharded") / "site"
        cache = copy_of_sample_caches(sample_build, tmp_path_factory.mktemp("sharded") / "cache")
        summary = build_site(BuildOptions(SAMPLE_CONTENT, out, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert summary.search_shards > 4
    with serve(out) as url:
        yield open_search_page(browser, url)


def test_an_index_merged_from_shards_finds_the_same_first_profile_and_hits(sharded_search_page, expected_hits):
    for query, first in QUERIES:
        assert_first_and_hits(type_query(sharded_search_page, query), query, first, expected_hits)


@pytest.mark.parametrize("query, field, attribute", [
    ("nong nghiep", "nong-nghiep", "fields"),
    ("Nông nghiệp", "nong-nghiep", "fields"),
    # the district to 30/06/2025 or the commune of the same name from 01/07/2025 (the sample has both)
    ("ham thuan bac", ("ham-thuan-bac", "xa-ham-thuan-bac"), "locality"),
    ("phu quy", ("phu-quy", "dac-khu-phu-quy"), "locality"),
    ("quoc phong", "quoc-phong-an-ninh", "fields"),
])
def test_field_and_locality_names_find_their_profiles_first(search_page, sample, expected_hits, query, field, attribute):
    shown = type_query(search_page, query)
    first = next(p for p in sample.profiles if p.name == shown["names"][0])
    if attribute == "fields":
        assert field in first.fields, shown["names"][:3]
    else:
        assert first.locality in field, shown["names"][:3]
    assert shown_count(shown) == len(expected_hits(query))


def test_thanh_long_ranks_the_dragon_fruit_growers_above_vo_hoang_long(search_page):
    names = type_query(search_page, "thanh long")["names"]
    growers = {"Nguyễn Thị Hoa", "Hợp tác xã Thanh long sạch Hàm Đức", "Hợp tác xã Thanh long Hàm Thuận Bắc"}
    assert growers == set(names[:3]), names
    assert "Võ Hoàng Long" not in names[:3]


@pytest.mark.parametrize("query", ["SENTINEL", "SENTINEL-WITHHELD-DRAFT", "Mai Xuân Trường", "Kiều Thị Nguyệt", "xyzxyz",
                                   "thanh sentinel"])
def test_withheld_profiles_and_unknown_words_find_nothing_with_a_helpful_message(search_page, query):
    shown = type_query(search_page, query)
    assert shown["state"] == "empty" and shown["names"] == []
    assert shown["status"].startswith(f"Không tìm thấy hồ sơ nào cho “{query}”")
    assert "ít từ hơn" in shown["status"] and "bộ lọc" in shown["status"]


def test_results_show_name_photo_kind_locality_and_a_highlighted_excerpt(search_page, site_url):
    type_query(search_page, "VietGAP")
    first = search_page.locator(".dh-result").first
    assert first.locator(".dh-result__title").text_content() == "Nguyễn Thị Hoa"
    assert first.locator(".dh-result__meta").text_content() == "Cá nhân · Hàm Thuận Bắc (nay thuộc Tỉnh Lâm Đồng)"
    assert "VietGAP" in first.locator(".dh-result__excerpt mark").first.text_content()
    img = first.locator("img.dh-result__img")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0") or img.get_attribute("loading") == "lazy"
    href = first.locator("a.dh-result__link").get_attribute("href")
    assert href == "/ho-so/nguyen-thi-hoa/"
    excerpt = type_query(search_page, "tran van duc") and search_page.locator(".dh-result__excerpt").first.text_content()
    assert "Đức" in excerpt and "\u0335" not in excerpt  # "đ" shown as written, not as the index stores it


def test_a_search_is_a_shareable_link_with_facets_and_counts(browser, site_url, sample):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?q=nguyen+thi+hoa&linh-vuc=nong-nghiep")
    shown = wait_for_results(page, "nguyen thi hoa")
    assert shown["names"][0] == "Nguyễn Thị Hoa"
    assert page.input_value("#dh-search-q") == "nguyen thi hoa"
    assert page.input_value("#dh-facet-linh-vuc") == "nong-nghiep"
    in_field = [p for p in sample.profiles if "nong-nghiep" in p.fields]
    # Changing a filter updates the address, so the search can be shared as a link.
    page.select_option("#dh-facet-doi-tuong", "ca-nhan")
    page.wait_for_function("location.search.includes('doi-tuong=ca-nhan')")
    assert "q=nguyen+thi+hoa" in page.url and "linh-vuc=nong-nghiep" in page.url
    page.close()
    assert in_field


def test_facets_browse_the_whole_collection_with_an_empty_query_and_count_per_option(browser, site_url, sample,
                                                                                    expected_hits):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?linh-vuc=nong-nghiep")
    shown = wait_for_results(page, "")
    in_field = [p for p in sample.profiles if "nong-nghiep" in p.fields]
    assert shown_count(shown) == len(in_field)
    assert shown["names"] == [p.name for p in in_field][:10]  # Vietnamese A–Z when there is no query

    def option_texts(key):
        return page.eval_on_selector(f"#dh-facet-{key}",
                                     "s => Object.fromEntries([...s.options].map(o => [o.value, o.textContent]))")

    kinds = option_texts("doi-tuong")
    for code, name in (("ca-nhan", "Cá nhân"), ("tap-the", "Tập thể"), ("ho-gia-dinh", "Hộ gia đình")):
        assert kinds[code] == f"{name} ({sum(p.kind == code for p in in_field)})"
    # The active facet counts as if it were not chosen, so the reader can switch.
    fields = option_texts("linh-vuc")
    assert fields[""] == f"Tất cả ({len(sample.profiles)})"
    assert fields["y-te"].endswith(f"({sum('y-te' in p.fields for p in sample.profiles)})")

    # Two facets together, then with a query.
    page.select_option("#dh-facet-doi-tuong", "ho-gia-dinh")
    both = [p for p in in_field if p.kind == "ho-gia-dinh"]
    page.wait_for_function(f"document.querySelector('#dh-search-status').textContent.startsWith('Tìm thấy {len(both)} hồ sơ')")
    years = option_texts("nam")
    for year in {str(p.year) for p in both}:
        assert years[year].endswith(f"({sum(str(p.year) == year for p in both)})")
    page.locator("#dh-search-q").press_sequentially("thanh long")
    shown = wait_for_results(page, "thanh long")
    expected = set(expected_hits("thanh long")) & {p.name for p in both}
    assert expected and shown_count(shown) == len(expected) and set(shown["names"]) == expected
    page.close()


def test_award_and_year_facets_filter_on_their_own(browser, site_url, sample):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?khen-thuong=chien-si-thi-dua-cap-tinh&nam=2024")
    shown = wait_for_results(page, "")
    expected = [p.name for p in sample.profiles
                if p.year == 2024 and any(g.award.code == "chien-si-thi-dua-cap-tinh" for g in p.awards)]
    assert expected and shown_count(shown) == len(expected) and shown["names"] == expected[:10]
    page.close()


def test_more_results_load_on_request(browser, site_url, sample):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?doi-tuong=ca-nhan")
    wait_for_results(page, "")
    people = [p.name for p in sample.profiles if p.kind == "ca-nhan"]
    assert len(people) > 10 and page.locator(".dh-result").count() == 10
    page.click("#dh-search-more")
    page.wait_for_function(f"document.querySelectorAll('.dh-result').length === {min(20, len(people))}")
    assert page.eval_on_selector_all(".dh-result__title", "e => e.map(x => x.textContent)") == people[:20]
    page.close()


def test_query_rules_in_the_page_match_the_index_rules(search_page, sample):
    from site_builder.search.folding import fnv1a, index_form
    words = sorted({w for r in records(sample, {}) for w in display_form(r.content).split()} | {
        "Hòa", "hoà", "HÒA", "thúy", "Thủy", "quý", "khỏe", "Đức", "đ", "tuỳ", "Quỳnh", NFD("Hòa")})
    in_page = search_page.evaluate("""async (words) => { const m = await import('../assets/javascripts/dh-search.js');
        return words.map(w => [m.indexForm(w), m.fnv1a(m.indexForm(w).toLowerCase())]); }""", words)
    expected = [[index_form(w), fnv1a(index_form(w).lower())] for w in words]
    mismatches = [(w, got, want) for w, got, want in zip(words, in_page, expected) if got != want]
    assert mismatches == []


def test_header_box_sends_the_query_to_the_search_page_from_any_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "/ho-so/nguyen-thi-hoa/")
    page.fill("#dh-header-q", "thuy")
    page.press("#dh-header-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=thuy")
    shown = wait_for_results(page, "thuy")
    assert shown["names"][0] == "Phạm Thị Thuý"
    page.close()


def test_pages_load_no_search_index_until_the_reader_searches(browser, site_url):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("/", "/ho-so/nguyen-thi-hoa/", "/linh-vuc/nong-nghiep/", "/tim-kiem/"):
        page.goto(site_url + url, wait_until="networkidle")
    assert not [u for u in requested if "/pagefind/" in u]
    page.locator("#dh-search-q").press_sequentially("hoa")
    wait_for_results(page, "hoa")
    assert [u for u in requested if "/pagefind/" in u]
    page.close()


def test_before_anything_is_published_the_search_page_says_so_and_loads_no_index(browser, tmp_path_factory):
    content = tmp_path_factory.mktemp("unpublished") / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    for story in (content / "profiles").rglob("index.md"):  # a new province: everything still a draft
        text = story.read_text(encoding="utf-8")
        story.write_text(re.sub(r"^status: \w+", "status: draft", text, count=1, flags=re.M), encoding="utf-8")
    out = content.parent / "site"
    build_site(BuildOptions(content, out, SAMPLE_TODAY, cache_dir=content.parent / "cache", yearbook=False))
    with serve(out) as url:
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url + "/tim-kiem/?q=hoa")  # as the header box sends a query
        page.wait_for_selector("[data-dh-search][data-ready]")
        page.locator("#dh-search-q").press_sequentially("nguyen")
        page.wait_for_load_state("networkidle")
        assert page.locator("#dh-search-status").inner_text() == "Chưa có hồ sơ nào được công bố, nên chưa có gì để tìm."
        assert not [u for u in requested if "/pagefind/" in u]
        page.close()  # the module's browser fixture checks that no console error was logged


def test_without_javascript_the_search_page_says_so_and_links_the_index_pages(browser, site_url):
    page = browser.new_page()
    browser.new_cdp_session(page).send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(site_url + "/tim-kiem/?q=hoa")
    notice = page.locator(".dh-search__nojs")
    assert notice.is_visible() and "JavaScript" in notice.text_content()
    assert notice.locator("a").count() >= 5
    assert page.locator(".dh-result").count() == 0
    page.click(".dh-search__nojs a >> nth=0")
    assert "/linh-vuc/" in page.url
    page.close()


def test_search_page_with_results_has_no_serious_accessibility_violations(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?q=thanh+long&doi-tuong=tap-the")
    wait_for_results(page, "thanh long")
    violations = [v for v in axe_check(page) if v["impact"] in ("serious", "critical")]
    page.close()
    assert violations == [], violations


def test_focusing_the_box_asks_for_pagefind_its_entry_wasm_and_meta_at_once(browser, site_url):
    """Pagefind alone asks for pagefind.js, then (once it runs) its entry file, then (once that
    is read) its wasm and meta file: three round trips before a search can start. The page
    asks for all of them within one round trip of the focus, and Pagefind's own requests take
    the preloads over: every file is fetched once, the entry twice (the preload, and the copy
    the page reads for the wasm's and meta file's names)."""
    latency_ms = 400  # per request, from Chromium's network emulation
    page = browser.new_page()
    cdp = browser.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1})
    sent: list[tuple[float, str]] = []
    cdp.on("Network.requestWillBeSent", lambda e: sent.append((e["timestamp"], e["request"]["url"])))
    page.goto(site_url + "/tim-kiem/", wait_until="load")
    page.wait_for_selector("[data-dh-search][data-ready]")
    page.locator("#dh-search-q").focus()
    page.wait_for_function("document.querySelector('[data-dh-search]').dataset.core === 'ready'")
    page.close()
    core = [(at, re.sub(r"\?ts=\d+", "?ts=…", url.split("/pagefind/", 1)[1])) for at, url in sent if "/pagefind/" in url]
    names = [name for _at, name in core]
    focused = min(at for at, _name in core)
    wasm = [at for at, name in core if name.startswith("wasm.")]
    meta = [at for at, name in core if name.endswith(".pf_meta")]
    assert names.count("pagefind.js") == 1 and len(wasm) == 1 and len(meta) == 1, names
    assert sorted(n for n in names if n.startswith("pagefind-entry.json")) == [
        "pagefind-entry.json?ts=…", "pagefind-entry.json?ts=…-names"], names
    # One round trip (the entry) before the wasm and meta file are asked for; Pagefind's own way, three.
    assert wasm[0] - focused < 2 * latency_ms / 1000 and meta[0] - focused < 2 * latency_ms / 1000, core


# --- Places that change (issue 19) ---------------------------------------------------------


def test_a_2023_profile_of_former_binh_thuan_is_found_by_the_new_province_and_by_the_old_names(browser, site_url,
                                                                                                sample, expected_hits):
    """Issue 19's proof: a profile recognised in 2023 under Bình Thuận's districts is found by "lam dong"
    (the province it is in now), and by its district's and old province's names."""
    localities = sample.content.taxonomies.localities
    of_2023 = [p for p in sample.profiles if p.year == 2023 and p.locality in localities
               and localities[p.locality].parent == "binh-thuan"]
    assert of_2023
    page = open_search_page(browser, site_url)
    shown = type_query(page, "lam dong")  # every profile in Lâm Đồng now
    assert shown_count(shown) == len(expected_hits("lam dong"))
    assert {p.name for p in of_2023} <= set(expected_hits("lam dong"))
    # The 2023 profiles of each former district, on one page of results: the year's filter, the query.
    # One visit per district and query, whichever of its profiles is looked for (the sample has 12 in 4).
    for code in sorted({p.locality for p in of_2023}):
        district = localities[code]
        same = {p.name for p in sample.profiles if p.year == 2023 and p.locality == district.code}
        for query in ("lam dong", "Lâm Đồng", "binh thuan", district.short_name):
            page.goto(f"{site_url}/tim-kiem/?nam=2023&dia-phuong={district.code}&q=" + query.replace(" ", "+"))
            shown = wait_for_results(page, query)
            for profile in (p for p in of_2023 if p.locality == code):
                assert profile.name in shown["names"], (profile.name, query, shown["names"])
            assert set(shown["names"]) == same & set(expected_hits(query)), query
    page.close()



def test_the_locality_facet_offers_current_units_with_former_places_under_them(browser, site_url, sample):
    page = browser.new_page()
    page.goto(site_url + "/tim-kiem/?dia-phuong=phu-quy")  # a former district, chosen from its group
    shown = wait_for_results(page, "")
    assert shown["names"] == [p.name for p in sample.profiles if p.locality == "phu-quy"]  # A–Z
    groups = page.eval_on_selector("#dh-facet-dia-phuong", """s => [...s.querySelectorAll('optgroup')].map(
        g => [g.label, [...g.querySelectorAll('option')].map(o => o.value)])""")
    island = dict(groups)["Đặc khu Phú Quý"]
    assert island == ["dac-khu-phu-quy", "phu-quy"]
    assert dict(groups)["Tỉnh Lâm Đồng"][:2] == ["lam-dong", "binh-thuan"]
    page.select_option("#dh-facet-dia-phuong", "lam-dong")  # the new province: everything in it now
    found = f"Tìm thấy {len(sample.profiles)} hồ sơ"
    page.wait_for_function(f"document.querySelector('#dh-search-status').textContent.startsWith('{found}')")
    page.close()
