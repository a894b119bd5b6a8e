"""For journalists: the press page, the data page, the "for the press" block on
every profile, and Open Graph / Twitter cards on every page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_TODAY, VALID_PROFILE

from site_builder.content.text import format_date
from site_builder.press import open_data


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolves(site: Path, page_url: str, href: str) -> bool:
    target = (site / page_url / href).resolve()
    return (target / "index.html").is_file() if target.is_dir() else target.is_file()


# --- The press page -------------------------------------------------------------------


def test_press_page_gives_contact_interviews_licences_and_downloads(sample_site, sample):
    site = sample.content.site
    page = soup(sample_site, "bao-chi")
    text = page.select_one("article").get_text(" ", strip=True)
    assert page.h1.get_text(strip=True) == "Dành cho báo chí"
    assert site.press.name in text and site.press.phone in text and site.press.address in text
    assert page.select_one(f'a[href="mailto:{site.press.email}"]')
    interviews = page.select_one("#interviews").find_parent("section")
    assert interviews.strong.get_text(strip=True) == "qua đơn vị đề xuất hồ sơ"  # Markdown from site.yml
    licences = {a["href"] for a in page.select('a[rel="license"]')}
    assert {site.text_licence.url, site.photo_licence.url, site.data_licence.url} <= licences
    downloads = [a["href"] for a in page.select("#downloads + ul a")]
    assert "../du-lieu/ho-so.csv" in downloads and "../du-lieu/ho-so.json" in downloads
    assert all(resolves(sample_site, "bao-chi", href) for href in downloads)


def test_press_and_data_pages_are_in_the_navigation(sample_site):
    labels = [a.get_text(strip=True) for a in soup(sample_site, "").select(".md-tabs a")]
    assert "Báo chí" in labels and "Dữ liệu mở" in labels


def test_no_private_phone_number_on_the_press_pages(sample_site, sample):
    phones = {str(v) for p in sample.content.profiles for k, v in p.private.items() if "phone" in k}
    assert phones
    for url in ("bao-chi", "du-lieu"):
        text = (sample_site / url / "index.html").read_text(encoding="utf-8")
        assert not [phone for phone in phones if phone in text]


# --- The data page --------------------------------------------------------------------


def test_data_page_explains_formats_licence_citation_and_change_log(sample_site, sample):
    site = sample.content.site
    page = soup(sample_site, "du-lieu")
    fields = [td.get_text(strip=True) for td in page.select("#json-fields + div tbody tr td:first-child")]
    schema = open_data.json_schema(site, open_data.load_format_notes(REPO / "theme"))
    assert fields == [name for name, _, _ in open_data.schema_fields(schema)]
    columns = [td.get_text(strip=True) for td in page.select("#csv-columns + div tbody tr td:first-child")]
    assert columns == list(open_data.load_format_notes(REPO / "theme")["csv"])
    citation = page.select_one("#cite-data + p").get_text(" ", strip=True)
    assert site.council in citation and site.base_url + "du-lieu/" in citation
    assert site.data_licence.name in citation and open_data.FORMAT_VERSION in citation
    change = page.select_one("#changes + div tbody tr td").get_text(strip=True)
    assert change == open_data.FORMAT_VERSION
    links = [a["href"] for a in page.select("article a[href]") if "://" not in a["href"]]
    assert len(links) >= 4 + len(sample.content.taxonomies.fields) * 2 + len(sample.content.taxonomies.movements)
    assert all(resolves(sample_site, "du-lieu", href) for href in links)


# --- The profile's "for the press" block -------------------------------------------------


def test_every_profile_has_a_citation_award_texts_and_photo_downloads(sample_site, sample):
    site = sample.content.site
    for profile in sample.profiles:
        page = soup(sample_site, f"ho-so/{profile.slug}")
        block = page.select_one("section.dh-press")
        cite = block.select_one("#cite + p").get_text(" ", strip=True)
        for part in (profile.name, site.title, f"{site.base_url}ho-so/{profile.slug}/",
                     format_date(profile.last_update)):
            assert part in cite
        decisions = [li.get_text(" ", strip=True) for li in block.select("#decisions + ul li")]
        assert len(decisions) == len(profile.awards)
        for text, award in zip(decisions, profile.awards):
            assert award.decision in text and format_date(award.date) in text and award.award.name in text
        downloads = block.select("#press-photos + ul li")
        assert len(downloads) == len(profile.photos)
        for item, photo in zip(downloads, profile.photos):
            link = item.select_one("a[download]")
            assert link["href"].endswith("/original.jpg")  # the sample allows original downloads
            assert resolves(sample_site, f"ho-so/{profile.slug}", link["href"])
            assert photo.credit in item.get_text(" ", strip=True)
            assert item.select_one('a[rel="license"]')["href"] == site.photo_licence.url
        data = block.select_one('a[type="application/json"]')["href"]
        assert resolves(sample_site, f"ho-so/{profile.slug}", data)
        unit = sample.content.taxonomies.units[profile.unit].name
        assert unit in block.get_text(" ", strip=True)


# --- Open Graph and Twitter cards ----------------------------------------------------------


def test_every_page_carries_open_graph_and_twitter_card_tags(sample_site, sample):
    base = sample.content.site.base_url
    pages = [p for p in sorted(sample_site.rglob("index.html"))  # the web editor's page is no page of the site
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
             and not p.relative_to(sample_site).as_posix().startswith("quan-tri/")]
    assert len(pages) > len(sample.profiles)
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head

        def meta(attribute, name):
            tag = head.select_one(f'meta[{attribute}="{name}"]')
            assert tag is not None, f"{path.relative_to(sample_site)} has no {name}"
            return tag["content"]

        assert meta("property", "og:url") == head.select_one('link[rel="canonical"]')["href"]
        assert meta("property", "og:url").startswith(base)
        assert meta("property", "og:title") == meta("name", "twitter:title")
        assert meta("property", "og:description") == meta("name", "twitter:description") != ""
        assert (meta("property", "og:image:width"), meta("property", "og:image:height")) == ("1200", "630")
        assert meta("property", "og:locale") == "vi_VN"
        assert meta("name", "twitter:card") == "summary_large_image"
        assert meta("property", "og:image:alt")
    profile = sample.profiles[0]
    head = soup(sample_site, f"ho-so/{profile.slug}").head
    assert head.select_one('meta[property="og:title"]')["content"] == profile.name
    assert head.select_one('meta[property="og:type"]')["content"] == "article"


# --- Bad input -----------------------------------------------------------------------------


def test_a_free_page_on_the_press_address_stops_the_build_with_a_clear_message(content, tmp_path):
    content.profile("a", VALID_PROFILE)
    (content.root / "pages").mkdir()
    (content.root / "pages" / "bao-chi.md").write_text("---\ntitle: Báo chí\n---\nNội dung.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous site")
    result = subprocess.run([sys.executable, "-m", "site_builder", "build", "--content", str(content.root),
                             "--out", str(out), "--today", "01/01/2025"],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "pages/bao-chi.md:1: error: the address /bao-chi/ belongs to the built-in page" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_reused_page_still_gets_a_new_share_image(content, tmp_path, monkeypatch):
    """Profile pages are reused from the previous build while their key is
    unchanged; a new share image changes only the head, and must still show."""
    from site_builder.media import share
    from site_builder.pipeline.run import BuildOptions, build_site

    content.profile("a", VALID_PROFILE)
    options = BuildOptions(content_dir=content.root, out_dir=tmp_path / "site", today=SAMPLE_TODAY,
                           cache_dir=tmp_path / "cache")

    def og_image() -> str:
        page = soup(options.out_dir, "ho-so/nguyen-thi-hoa")
        return page.head.select_one('meta[property="og:image"]')["content"]

    build_site(options)
    before = og_image()
    monkeypatch.setattr(share, "LAYOUT_VERSION", "changed-for-test")  # as after a new card layout
    build_site(options)
    after = og_image()
    assert after != before
    assert (options.out_dir / after.split("/", 3)[3]).is_file()
