"""sitemap.xml and robots.txt, made once every page of the site is known.

    sitemap.xml                  a sitemap index naming sitemap-1.xml, sitemap-2.xml…
    sitemap-<n>.xml              every page, with the last-modified date taken from content
    robots.txt                   everything may be crawled; where the sitemap is

MkDocs writes its own sitemap.xml stamped with the build date; the empty
template theme/overrides/sitemap.xml switches it off (MkDocs skips a static
template that renders empty, and then writes no sitemap.xml.gz either), so the
engine never writes a file this stage writes.

Why an index: Material's JavaScript reads every <link rel="alternate"> as a
language version and fetches "sitemap.xml" beside its address, so the feed
link in every page's head makes each page view fetch /sitemap.xml. The index
keeps that fetch a few hundred bytes (the page list is 1.5 MB at 10,000
profiles), and per-field feeds are linked from the data page, not from a head,
where Material would look for linh-vuc/<code>/sitemap.xml and get a 404.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Iterable

from ..public.gate import Publication
from ..public.groupings import recorded_localities, sections_for
from ..site.documents import Document, PendingPage, SiteBuildPlan
from .feeds import add_element, xml_bytes

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "sitemap.xml"
SITEMAP_URLS = 50_000  # the protocol's limit per sitemap file
VIDEO_SITEMAP = "http://www.google.com/schemas/sitemap-video/1.1"
ET.register_namespace("video", VIDEO_SITEMAP)


def discovery_files(plan: SiteBuildPlan, publication: Publication, labels: dict,
                    videos: dict[str, dict[str, str]] | None = None) -> dict[str, bytes]:
    """sitemap.xml, its page lists and robots.txt for every indexable page of `plan`; `videos`: the
    film on a page, by page URL, as the video sitemap's tags (press/reportage.py)."""
    base_url = publication.content.site.base_url
    pages: list[Document | PendingPage] = [*plan.documents, *plan.pending]
    dates = page_dates([p.url for p in pages if indexable(p)], publication, labels)
    return {**sitemap_files(base_url, dates, videos or {}), "robots.txt": robots_txt(base_url)}


def page_dates(urls: Iterable[str], publication: Publication, labels: dict) -> dict[str, dt.date | None]:
    """The last-modified date of every page, from content, never from the clock.

    A profile page: its last update. A listing of one field, movement, kind,
    locality or year (all its pages): the newest update among its profiles.
    Free pages from content/pages carry no date: None (no <lastmod>). Every
    other page (home, overviews, statistics, data…) shows the whole
    publication: its newest update.
    """
    newest = publication.newest_update
    dates: dict[str, dt.date | None] = {}
    for p in publication.profiles:
        dates[f"ho-so/{p.slug}/"] = p.last_update
    term_dates: dict[str, dt.date | None] = {}
    found_dates: dict[str, dt.date] = {}  # the newest update of a listing's profiles, when it has any
    # A locality's page lists the profiles counted under it (a current unit) or recorded there (a
    # former place, whose page is in no section): both groupings, the later date of the two.
    for section in (*sections_for(publication, labels), recorded_localities(publication)):
        latest: dict[str, dt.date] = {}  # one pass over the profiles per section, not per term
        for p in publication.profiles:
            for code in section.members(p):
                if code not in latest or p.last_update > latest[code]:
                    latest[code] = p.last_update
        for term in section.terms:
            url = f"{section.prefix}/{term.code}/"
            found = [d for d in (latest.get(term.code), found_dates.get(url)) if d is not None]
            if found:
                found_dates[url] = max(found)
            term_dates[url] = found_dates.get(url, newest)
    free_pages = {f"{page.slug}/" for page in publication.content.pages}
    result: dict[str, dt.date | None] = {}
    for url in urls:
        if url in dates:
            result[url] = dates[url]
        elif url in free_pages:
            result[url] = None
        else:
            listing = url.split("trang/")[0]  # "linh-vuc/y-te/trang/le-van-an/" -> "linh-vuc/y-te/"
            result[url] = term_dates.get(listing, newest)
    return result


_NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.IGNORECASE)


def indexable(page: Document | PendingPage) -> bool:
    """A page that asks search engines not to index it (a withdrawn profile's
    address) has no place in the sitemap."""
    return not _NOINDEX.search(page.head)


def sitemap_files(base_url: str, dates: dict[str, dt.date | None],
                  videos: dict[str, dict[str, str]] | None = None) -> dict[str, bytes]:
    """sitemaps.org 0.9: sitemap.xml indexes sitemap-<n>.xml files of at most
    `SITEMAP_URLS` pages each, <lastmod> wherever content gives a date, and a page's film
    (`videos`, by page URL) in Google's video extension."""
    videos = videos or {}
    urls = sorted(dates, key=lambda u: (u != "", u))  # home first, then by address
    chunks = [urls[i:i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)] or [[]]
    files: dict[str, bytes] = {}
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for number, chunk in enumerate(chunks, start=1):
        urlset = ET.Element("urlset", {"xmlns": SITEMAP})
        for url in chunk:
            item = add_element(urlset, "url")
            add_element(item, "loc", base_url + url)
            modified = dates[url]
            if modified:
                add_element(item, "lastmod", modified.isoformat())
            if url in videos:
                video = add_element(item, f"{{{VIDEO_SITEMAP}}}video")
                for tag, text in videos[url].items():
                    add_element(video, f"{{{VIDEO_SITEMAP}}}{tag}", text)
        path = f"sitemap-{number}.xml"
        files[path] = xml_bytes(urlset)
        entry = add_element(index, "sitemap")
        add_element(entry, "loc", base_url + path)
        newest = max((d for d in (dates[u] for u in chunk) if d), default=None)
        if newest:
            add_element(entry, "lastmod", newest.isoformat())
    files[SITEMAP_PATH] = xml_bytes(index)
    return files


def robots_txt(base_url: str) -> bytes:
    return (
        "# Every public page, data file and feed may be read by crawlers and re-users.\n"
        "User-agent: *\n"
        "Allow: /\n"
        f"Sitemap: {base_url}{SITEMAP_PATH}\n"
    ).encode("utf-8")
