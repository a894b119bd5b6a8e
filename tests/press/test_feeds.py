"""Atom feeds, sitemap.xml and robots.txt, parsed with an XML parser."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import SAMPLE_TODAY

from site_builder.press import feeds, sitemap

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(path: Path) -> ET.Element:
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(raw)


def published(profile) -> dt.date:
    return profile.publish_from or profile.submitted


def html_pages(site: Path) -> list[Path]:
    """Every page a reader can land on: not the redirects of old addresses, nor the web editor's page."""
    return [p for p in sorted(site.rglob("*.html"))
            if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
            and not p.relative_to(site).as_posix().startswith("quan-tri/")]


# --- Atom ----------------------------------------------------------------------------


def test_main_feed_lists_newly_published_profiles_newest_first(sample_site, sample):
    feed = parse(sample_site / "feed.xml")
    base = sample.content.site.base_url
    assert feed.tag == f"{A}feed"
    assert feed.find(f"{A}id").text == base + "feed.xml"
    assert feed.find(f"{A}link[@rel='self']").get("href") == base + "feed.xml"
    assert feed.find(f"{A}author/{A}name").text == sample.content.site.council
    entries = feed.findall(f"{A}entry")
    assert 0 < len(entries) == min(len(sample.profiles), feeds.FEED_ENTRIES)
    by_url = {f"{base}ho-so/{p.slug}/": p for p in sample.profiles}
    order = [by_url[e.find(f"{A}id").text] for e in entries]
    dates = [published(p) for p in order]
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{A}updated").text == max(e.find(f"{A}updated").text for e in entries)


def test_every_entry_has_full_summary_dates_categories_and_a_photo_enclosure(sample_site, sample):
    base = sample.content.site.base_url
    by_url = {f"{base}ho-so/{p.slug}/": p for p in sample.profiles}
    for entry in parse(sample_site / "feed.xml").findall(f"{A}entry"):
        profile = by_url[entry.find(f"{A}id").text]
        assert entry.find(f"{A}title").text == profile.name
        assert entry.find(f"{A}summary").text == profile.summary  # the full summary, never cut
        assert entry.find(f"{A}updated").text == f"{profile.last_update.isoformat()}T00:00:00+07:00"
        assert entry.find(f"{A}published").text.startswith(published(profile).isoformat())
        assert {c.get("term") for c in entry.findall(f"{A}category") if c.get("scheme").endswith("/linh-vuc/")} \
            == set(profile.fields)
        content = entry.find(f"{A}content")
        assert content.get("type") == "html"
        assert profile.summary.split('"')[0] in BeautifulSoup(content.text, "html.parser").get_text()
        for award in profile.awards:
            assert award.decision in content.text
        enclosure = entry.find(f"{A}link[@rel='enclosure']")
        if profile.photos:
            path = sample_site / enclosure.get("href")[len(base):]
            assert enclosure.get("type") == "image/jpeg"
            assert int(enclosure.get("length")) == path.stat().st_size > 0
        else:
            assert enclosure is None


def test_one_feed_per_field_with_only_that_fields_profiles(sample_site, sample):
    base = sample.content.site.base_url
    for code, term in sample.content.taxonomies.fields.items():
        feed = parse(sample_site / feeds.field_feed_path(code))
        assert term.name in feed.find(f"{A}title").text
        ids = [e.find(f"{A}id").text for e in feed.findall(f"{A}entry")]
        members = [p for p in sample.profiles if code in p.fields]
        assert sorted(ids) == sorted(f"{base}ho-so/{p.slug}/" for p in members)[:feeds.FEED_ENTRIES]
        assert feed.find(f"{A}updated") is not None  # also when the field has no profile yet


def test_feeds_carry_no_withheld_profile(sample_site, sample):
    text = "".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("feed.xml"))
    for profile, _ in sample.withheld:
        assert f"/ho-so/{profile.slug}/" not in text


def test_every_page_links_the_main_feed_and_nothing_else_as_alternate(sample_site):
    """Material fetches "sitemap.xml" beside every <link rel="alternate">; only the
    main feed is linked, so that fetch is always the small sitemap index."""
    pages = html_pages(sample_site)
    assert sample_site / "404.html" in pages
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        links = head.select('link[rel="alternate"]')
        assert len(links) == 1, f"{path.relative_to(sample_site)}"
        href = links[0]["href"]
        target = (sample_site / href.lstrip("/")) if href.startswith("/") else (path.parent / href)
        assert target.resolve() == (sample_site / "feed.xml").resolve(), f"{path.relative_to(sample_site)}: {href}"
        assert links[0]["type"] == "application/atom+xml"


def test_newest_first_keeps_vietnamese_order_within_a_day():
    records = [{"id": n, "name": n, "updated": d} for n, d in (("Ông Bảy", "2024-05-01"), ("Anh Ba", "2024-05-01"),
                                                               ("Chị Tư", "2024-06-01"))]
    published_on = {r["id"]: dt.date.fromisoformat(r["updated"]) for r in records}
    assert [r["name"] for r in feeds.newest_first(records, published_on)] == ["Chị Tư", "Anh Ba", "Ông Bảy"]


def test_the_newest_few_are_the_first_of_the_whole_order_with_ties_at_the_limit_in_vietnamese_order():
    names = ["Ông Bảy", "Anh Ba", "Chị Tư", "Bà Năm", "Đỗ Sáu", "Út Tám", "Anh Ân"]
    days = ["2024-05-01", "2024-05-01", "2024-06-01", "2024-05-01", "2024-04-01", "2024-05-01", "2024-06-01"]
    records = [{"id": n, "name": n, "updated": d} for n, d in zip(names, days)]
    published_on = {r["id"]: dt.date.fromisoformat(r["updated"]) for r in records}
    whole = [r["name"] for r in feeds.newest_first(records, published_on)]
    assert whole == ["Anh Ân", "Chị Tư", "Anh Ba", "Bà Năm", "Ông Bảy", "Út Tám", "Đỗ Sáu"]  # ô before u
    for limit in range(1, len(records) + 2):
        assert [r["name"] for r in feeds.newest_first(records, published_on, limit)] == whole[:limit]


# --- sitemap.xml and robots.txt -----------------------------------------------------------


def sitemap_entries(site: Path, base: str) -> dict[str, ET.Element | None]:
    """Every <url> of the sitemaps the index names: {page address: <lastmod> or None}."""
    index = parse(site / "sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    entries = {}
    for listed in index.findall(f"{SM}sitemap"):
        urlset = parse(site / listed.find(f"{SM}loc").text[len(base):])
        assert urlset.tag == f"{SM}urlset"
        for u in urlset.findall(f"{SM}url"):
            entries[u.find(f"{SM}loc").text[len(base):]] = u.find(f"{SM}lastmod")
    return entries


def test_sitemap_lists_every_page_with_lastmod_from_content(sample_site, sample):
    base = sample.content.site.base_url
    entries = sitemap_entries(sample_site, base)
    pages = {"" if p.parent == sample_site else p.parent.relative_to(sample_site).as_posix() + "/"
             for p in html_pages(sample_site)
             if p.name == "index.html" and 'content="noindex"' not in p.read_text(encoding="utf-8")}
    assert set(entries) == pages  # no redirect, no 404 page, no withdrawn profile's address
    withdrawn = [p for p, _ in sample.withheld if p.status == "withdrawn"]
    assert withdrawn and all(f"ho-so/{p.slug}/" not in entries for p in withdrawn)
    for profile in sample.profiles:
        assert entries[f"ho-so/{profile.slug}/"].text == profile.last_update.isoformat()
    y_te = [p.last_update for p in sample.profiles if "y-te" in p.fields]
    assert entries["linh-vuc/y-te/"].text == max(y_te).isoformat()
    assert entries["gioi-thieu/"] is None  # a free page has no date in content
    newest = max(p.last_update for p in sample.profiles).isoformat()
    assert entries[""].text == newest
    assert all(e is None or e.text <= SAMPLE_TODAY.isoformat() for e in entries.values())


def test_the_sitemap_index_stays_small_and_splits_at_the_protocol_limit():
    dates = {f"ho-so/p{i}/": dt.date(2024, 1, 1 + i % 28) for i in range(sitemap.SITEMAP_URLS + 5)}
    files = sitemap.sitemap_files("https://x.example/", dates)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    assert len(files["sitemap.xml"]) < 600
    counts = [len(ET.fromstring(files[f"sitemap-{n}.xml"]).findall(f"{SM}url")) for n in (1, 2)]
    assert counts == [sitemap.SITEMAP_URLS, 5]


def test_the_engine_writes_no_sitemap_of_its_own(sample_site):
    assert not (sample_site / "sitemap.xml.gz").exists()
    assert b"<sitemapindex" in (sample_site / "sitemap.xml").read_bytes()


def test_robots_txt_allows_crawling_and_names_the_sitemap(sample_site, sample):
    lines = (sample_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {sample.content.site.base_url}sitemap.xml" in lines
