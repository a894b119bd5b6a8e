"""The pages of localities, the profile page's place and the home page's counts, around 1 July 2025
(site/localities.py, site/pages.py, theme/templates/listing.html, section.html, profile.html)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from support import places

from site_builder.site.pages import generate
from site_builder.site.renderer import Renderer, load_labels
from site_builder.site.statistics import statistics_document

LABELS = load_labels(REPO / "theme")


@pytest.fixture
def pages(content):
    """Every page of the fixture's site on places.TODAY, as parsed HTML by address."""
    publication = places.load(content)
    renderer = Renderer(REPO / "theme" / "templates", LABELS, publication.content.site)
    plan = generate(publication, {}, renderer, LABELS)
    rendered = [*plan.documents, *(renderer.render_pending(p) for p in plan.pending),
                statistics_document(publication, renderer, LABELS)]
    return {d.url: BeautifulSoup(d.body, "html.parser") for d in rendered}


def text(node) -> str:
    return " ".join(node.get_text().split())


def card_names(node) -> list[str]:
    return [text(h) for h in node.select(".dh-card__title")]


def test_a_profile_shows_its_place_as_recorded_and_what_it_is_now_part_of_with_links(pages):
    facts = pages["ho-so/nguyen-thi-hoa/"].select_one(".dh-facts")
    place = next(dt for dt in facts.select("dt") if text(dt) == "Địa phương").find_next_sibling("dd")
    assert text(place) == "Huyện Hàm Thuận Bắc, Tỉnh Bình Thuận (nay thuộc Tỉnh Lâm Đồng)"
    assert [a["href"] for a in place.select("a")] == [
        "../../dia-phuong/ham-thuan-bac/", "../../dia-phuong/binh-thuan/", "../../dia-phuong/lam-dong/"]
    eve = pages["ho-so/tran-van-bien/"].select_one(".dh-facts")  # recognised on 30/06/2025
    assert "Huyện Phú Quý, Tỉnh Bình Thuận (nay thuộc Đặc khu Phú Quý, Tỉnh Lâm Đồng)" in text(eve)


def test_a_profile_recorded_under_a_current_place_says_nothing_after_it(pages):
    facts = pages["ho-so/le-thi-moi/"].select_one(".dh-facts")  # recognised on 01/07/2025
    assert "Xã Hàm Thuận Bắc, Tỉnh Lâm Đồng" in text(facts) and "nay thuộc" not in text(facts)


def test_a_current_commune_lists_its_predecessors_profiles_under_their_old_name_with_the_date(pages):
    page = pages["dia-phuong/dac-khu-phu-quy/"]
    blocks = {text(s.h2): card_names(s) for s in page.select(".dh-listing__block")}
    assert blocks == {"Hồ sơ ghi tại Đặc khu Phú Quý": ["Võ Thị Đảo"],
                      "Hồ sơ ghi theo địa danh cũ: Huyện Phú Quý (đến 30/06/2025)": ["Trần Văn Biển"]}
    history = text(page.select_one(".dh-locality-history"))
    assert "Đơn vị hành chính từ ngày 01/07/2025." in history
    assert "Trước đây: Huyện Phú Quý (đến 30/06/2025)." in history
    assert page.select_one(".dh-locality-history a")["href"] == "../../dia-phuong/phu-quy/"
    assert "nhiều đơn vị" not in history  # Phú Quý was not split


def test_a_commune_lists_a_split_districts_profiles_too_and_says_they_count_for_the_province(pages):
    page = pages["dia-phuong/xa-ham-liem/"]
    blocks = {text(s.h2): card_names(s) for s in page.select(".dh-listing__block")}
    assert blocks == {"Hồ sơ ghi theo địa danh cũ: Huyện Hàm Thuận Bắc (đến 30/06/2025)": ["Nguyễn Thị Hoa"]}
    assert "trong thống kê, mỗi hồ sơ được tính một lần" in text(page.select_one(".dh-locality-history"))


def test_the_current_province_lists_what_counts_under_it(pages):
    page = pages["dia-phuong/lam-dong/"]
    blocks = {text(s.h2): card_names(s) for s in page.select(".dh-listing__block")}
    assert blocks == {"Hồ sơ ghi theo địa danh cũ: Tỉnh Bình Thuận (đến 30/06/2025)": ["Phạm Văn Tỉnh"],
                      "Hồ sơ ghi theo địa danh cũ: Huyện Hàm Thuận Bắc (đến 30/06/2025)": ["Nguyễn Thị Hoa"]}


def test_a_former_district_lists_its_profiles_and_links_what_it_became_with_the_date(pages):
    page = pages["dia-phuong/ham-thuan-bac/"]
    assert card_names(page) == ["Nguyễn Thị Hoa"] and not page.select(".dh-listing__block")
    history = page.select_one(".dh-locality-history")
    assert "Địa danh cũ, có đến ngày 30/06/2025." in text(history)
    assert "Từ ngày 01/07/2025 trở thành: Xã Hàm Liêm; Xã Hàm Thuận Bắc." in text(history) or \
        "Từ ngày 01/07/2025 trở thành: Xã Hàm Thuận Bắc; Xã Hàm Liêm." in text(history)
    assert "Nay thuộc: Tỉnh Lâm Đồng." in text(history)
    links = {a.get_text(): a["href"] for a in history.select("a")}
    assert links["Tỉnh Lâm Đồng"] == "../../dia-phuong/lam-dong/"
    assert links["Xã Hàm Thuận Bắc"] == "../../dia-phuong/xa-ham-thuan-bac/"


def test_a_former_district_with_one_successor_names_it_once(pages):
    history = text(pages["dia-phuong/phu-quy/"].select_one(".dh-locality-history"))
    assert "trở thành: Đặc khu Phú Quý." in history and "Nay thuộc" not in history


def test_the_localities_overview_counts_by_current_unit_with_the_recorded_places_one_click_away(pages):
    page = pages["dia-phuong/"]
    lists = page.select("ul.dh-terms")
    current = [text(li) for li in lists[0].select("li")]
    assert current == ["Lâm Đồng 2 hồ sơ", "Xã Hàm Thuận Bắc 1 hồ sơ", "Đặc khu Phú Quý 2 hồ sơ"]
    link = page.select_one(".dh-intro a")
    assert link.get_text() == "Xem theo địa danh khi công nhận" and link["href"] == "#theo-dia-danh-khi-cong-nhan"
    recorded = page.select_one("#theo-dia-danh-khi-cong-nhan").find_parent("section")
    assert [text(li) for li in recorded.select("li")] == [
        "Tỉnh Bình Thuận (đến 30/06/2025) 1 hồ sơ", "Huyện Hàm Thuận Bắc (đến 30/06/2025) 1 hồ sơ",
        "Huyện Phú Quý (đến 30/06/2025) 1 hồ sơ", "Xã Hàm Thuận Bắc 1 hồ sơ", "Đặc khu Phú Quý 1 hồ sơ"]


def test_the_home_page_counts_by_current_unit_and_links_the_recorded_places(pages):
    home = pages[""]
    section = home.select_one("#by-locality").find_parent("section")
    assert [text(li) for li in section.select("li")] == ["Lâm Đồng 2 hồ sơ", "Xã Hàm Thuận Bắc 1 hồ sơ",
                                                         "Đặc khu Phú Quý 2 hồ sơ"]
    assert section.select("a")[-1]["href"] == "dia-phuong/#theo-dia-danh-khi-cong-nhan"


def test_the_statistics_page_has_both_locality_tables_each_linking_the_other(pages):
    page = pages["thong-ke/"]
    current = page.select_one("section[aria-labelledby='locality']")
    rows = {text(tr.th): text(tr.td) for tr in current.select("tbody tr")}
    assert rows == {"Tỉnh Lâm Đồng": "2", "Xã Hàm Thuận Bắc": "1", "Đặc khu Phú Quý": "2"}
    assert current.select_one(".dh-stat__note a")["href"] == "#locality-recorded"
    recorded = page.select_one("section[aria-labelledby='locality-recorded']")
    assert text(recorded.h2) == "Điển hình theo địa danh khi công nhận"
    assert {text(tr.th) for tr in recorded.select("tbody tr")} == {
        "Tỉnh Bình Thuận", "Huyện Hàm Thuận Bắc", "Huyện Phú Quý", "Xã Hàm Thuận Bắc", "Đặc khu Phú Quý"}
    assert recorded.select_one(".dh-stat__note a")["href"] == "#locality"


def test_blocks_continue_across_pages_under_their_heading(content):
    """Four profiles a page on average (the least site.yml allows): Tỉnh Lâm Đồng's own profile and
    four recorded under Tỉnh Bình Thuận run over pages (where a page ends: site/listings.py), a block
    going on under its heading on the next page; what the place came from is said on the first."""
    site_yml = content.root / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("page_size: 24", "page_size: 4"), encoding="utf-8")
    for number in range(3):
        content.profile(f"them-{number}", places.PROFILE.format(name=f"Hoàng Văn Thêm {number}", locality="binh-thuan",
                                                               submitted="02/02/2024"))
    content.profile("tinh-moi", places.PROFILE.format(name="Đinh Thị Tỉnh Mới", locality="lam-dong",
                                                     submitted="02/02/2026"))
    publication = places.load(content)
    renderer = Renderer(REPO / "theme" / "templates", LABELS, publication.content.site)
    plan = generate(publication, {}, renderer, LABELS)
    by_url = {p.url: p for p in plan.pending}
    front = by_url["dia-phuong/lam-dong/"]
    addresses = [href for href, _first, _last in front.context["contents"]] or [front.url]
    assert len(addresses) > 1
    blocks: list[list] = []  # [heading, cards] in reading order, a block cut by a page end joined again
    for href in addresses:
        html = BeautifulSoup(renderer.render_pending(by_url[href]).body, "html.parser")
        for block in html.select(".dh-listing__block"):
            if blocks and blocks[-1][0] == text(block.h2):
                blocks[-1][1] += len(card_names(block))
            else:
                blocks.append([text(block.h2), len(card_names(block))])
        if href == front.url:
            assert "Trước đây: Tỉnh Bình Thuận" in text(html.select_one(".dh-locality-history"))
    assert blocks == [["Hồ sơ ghi tại Tỉnh Lâm Đồng", 1],
                      ["Hồ sơ ghi theo địa danh cũ: Tỉnh Bình Thuận (đến 30/06/2025)", 4],
                      ["Hồ sơ ghi theo địa danh cũ: Huyện Hàm Thuận Bắc (đến 30/06/2025)", 1]]


def test_a_province_links_the_places_it_contains_or_contained(pages):
    now = text(pages["dia-phuong/lam-dong/"].select_one(".dh-locality-history"))
    assert "Gồm: Xã Hàm Thuận Bắc; Xã Hàm Liêm; Đặc khu Phú Quý." in now
    then = pages["dia-phuong/binh-thuan/"].select_one(".dh-locality-history")
    assert "Khi đó gồm: Huyện Hàm Thuận Bắc; Huyện Phú Quý." in text(then)
    assert then.select("a")[-1]["href"] == "../../dia-phuong/phu-quy/"
