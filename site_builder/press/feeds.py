"""Stage: discovery files — Atom feeds, sitemap.xml and robots.txt.

    feed.xml                     newly published profiles, newest first
    linh-vuc/<code>/feed.xml     the same, one feed per field
    sitemap.xml                  a sitemap index naming sitemap-1.xml, sitemap-2.xml…
    sitemap-<n>.xml              every page, with the last-modified date taken from content
    robots.txt                   everything may be crawled; where the sitemap is

Entries are built from the open-data records (`data_export.profile_record`),
so a feed can carry nothing the data files do not. XML is written with
ElementTree, which escapes every text and attribute.

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
from dataclasses import dataclass
from typing import Callable, Iterable

from ..content.text import sort_key
from ..public.gate import Publication
from ..public.groupings import sections_for
from ..site.documents import Document, PendingPage

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_PATH = "feed.xml"
# A feed is a notice of what is new, not an archive (the data files are):
# readers fetch it often, so it stays small whatever the number of profiles.
FEED_ENTRIES = 50
SITEMAP_PATH = "sitemap.xml"
SITEMAP_URLS = 50_000  # the protocol's limit per sitemap file
# Dates in content are days in Vietnam; Atom wants a full timestamp.
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def field_feed_path(code: str) -> str:
    return f"linh-vuc/{code}/{FEED_PATH}"


def _timestamp(iso_date: str) -> str:
    return dt.datetime.combine(dt.date.fromisoformat(iso_date), dt.time(), VIETNAM).isoformat()


def _published(record: dict) -> str:
    """When the public could first read the profile: its embargo date, else its submission."""
    return record["publish_from"] or record["submitted"]


def newest_first(records: Iterable[dict]) -> list[dict]:
    ordered = sorted(records, key=lambda r: sort_key(r["name"]))
    ordered.sort(key=lambda r: (_published(r), r["updated"]), reverse=True)  # stable: A–Z within a day
    return ordered


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


@dataclass(frozen=True)
class FeedInfo:
    path: str  # site-relative, e.g. "feed.xml"
    title: str
    page: str  # site-relative URL of the page the feed follows


def atom_feed(info: FeedInfo, records: list[dict], publication: Publication,
              entry_html: Callable[[dict], str], file_size: Callable[[str], int | None]) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the newest `FEED_ENTRIES` of `records`.

    `entry_html(record)` renders an entry's HTML content; `file_size(url)` gives
    the byte length of a photo for its enclosure link.
    """
    site = publication.content.site
    base = site.base_url
    entries = newest_first(records)[:FEED_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _add(feed, "id", base + info.path)
    _add(feed, "title", info.title)
    _add(feed, "subtitle", site.description)
    newest = max((r["updated"] for r in entries), default=None)
    # An empty feed still needs <updated>: the newest date of the whole publication.
    newest = newest or max((p.last_update for p in publication.profiles), default=dt.date(2000, 1, 1)).isoformat()
    _add(feed, "updated", _timestamp(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + info.path)
    _add(feed, "link", rel="alternate", type="text/html", href=base + info.page)
    author = _add(feed, "author")
    _add(author, "name", site.council)
    _add(author, "uri", base)
    _add(feed, "rights", f"{site.text_licence.name} – {site.council}")
    _add(feed, "generator", "site_builder")
    for record in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", record["url"])
        _add(entry, "title", record["name"])
        _add(entry, "link", rel="alternate", type="text/html", href=record["url"])
        if record["photos"]:
            photo = record["photos"][0]
            size = file_size(photo["url"][len(base):])
            attributes = {"rel": "enclosure", "type": "image/jpeg", "href": photo["url"]}
            if size is not None:
                attributes["length"] = str(size)
            _add(entry, "link", **attributes)
        _add(entry, "published", _timestamp(_published(record)))
        _add(entry, "updated", _timestamp(record["updated"]))
        for term in record["fields"]:
            _add(entry, "category", term=term["code"], label=term["name"], scheme=base + "linh-vuc/")
        for term in record["movements"]:
            _add(entry, "category", term=term["code"], label=term["name"], scheme=base + "phong-trao/")
        _add(entry, "summary", record["summary"], type="text")
        _add(entry, "content", entry_html(record), type="html")
    return _xml(feed)


# --- sitemap.xml and robots.txt -------------------------------------------------


def page_dates(urls: Iterable[str], publication: Publication, labels: dict) -> dict[str, dt.date | None]:
    """The last-modified date of every page, from content, never from the clock.

    A profile page: its last update. A listing of one field, movement, kind,
    locality or year (all its pages): the newest update among its profiles.
    Free pages from content/pages carry no date: None (no <lastmod>). Every
    other page (home, overviews, statistics, data…) shows the whole
    publication: its newest update.
    """
    newest = max((p.last_update for p in publication.profiles), default=None)
    dates: dict[str, dt.date | None] = {}
    for p in publication.profiles:
        dates[f"ho-so/{p.slug}/"] = p.last_update
    term_dates: dict[str, dt.date | None] = {}
    for section in sections_for(publication, labels):
        latest: dict[str, dt.date] = {}  # one pass over the profiles per section, not per term
        for p in publication.profiles:
            for code in section.members(p):
                if code not in latest or p.last_update > latest[code]:
                    latest[code] = p.last_update
        for term in section.terms:
            term_dates[f"{section.prefix}/{term.code}/"] = latest.get(term.code, newest)
    free_pages = {f"{page.slug}/" for page in publication.content.pages}
    result: dict[str, dt.date | None] = {}
    for url in urls:
        if url in dates:
            result[url] = dates[url]
        elif url in free_pages:
            result[url] = None
        else:
            listing = url.split("trang/")[0]  # "linh-vuc/y-te/trang/2/" -> "linh-vuc/y-te/"
            result[url] = term_dates.get(listing, newest)
    return result


_NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.IGNORECASE)


def indexable(page: Document | PendingPage) -> bool:
    """A page that asks search engines not to index it (a withdrawn profile's
    address) has no place in the sitemap."""
    return not _NOINDEX.search(page.head)


def sitemap_files(base_url: str, dates: dict[str, dt.date | None]) -> dict[str, bytes]:
    """sitemaps.org 0.9: sitemap.xml indexes sitemap-<n>.xml files of at most
    `SITEMAP_URLS` pages each, <lastmod> wherever content gives a date."""
    urls = sorted(dates, key=lambda u: (u != "", u))  # home first, then by address
    chunks = [urls[i:i + SITEMAP_URLS] for i in range(0, len(urls), SITEMAP_URLS)] or [[]]
    files: dict[str, bytes] = {}
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for number, chunk in enumerate(chunks, start=1):
        urlset = ET.Element("urlset", {"xmlns": SITEMAP})
        for url in chunk:
            item = _add(urlset, "url")
            _add(item, "loc", base_url + url)
            if dates[url]:
                _add(item, "lastmod", dates[url].isoformat())
        path = f"sitemap-{number}.xml"
        files[path] = _xml(urlset)
        entry = _add(index, "sitemap")
        _add(entry, "loc", base_url + path)
        newest = max((dates[u] for u in chunk if dates[u]), default=None)
        if newest:
            _add(entry, "lastmod", newest.isoformat())
    files[SITEMAP_PATH] = _xml(index)
    return files


def robots_txt(base_url: str) -> bytes:
    return (
        "# Every public page, data file and feed may be read by crawlers and re-users.\n"
        "User-agent: *\n"
        "Allow: /\n"
        f"Sitemap: {base_url}{SITEMAP_PATH}\n"
    ).encode("utf-8")
