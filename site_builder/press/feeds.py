"""Atom feeds of newly published profiles.

    feed.xml                     newly published profiles, newest first
    linh-vuc/<code>/feed.xml     the same, one feed per field

Entries are built from the open-data records (`open_data.profile_record`),
so a feed can carry nothing the data files do not. XML is written with
ElementTree, which escapes every text and attribute.
"""

from __future__ import annotations

import datetime as dt
import heapq
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Iterable

from ..content.text import sort_key
from ..public.gate import NO_DATE, Publication

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
# A feed is a notice of what is new, not an archive (the data files are):
# readers fetch it often, so it stays small whatever the number of profiles.
FEED_ENTRIES = 50
# Dates in content are days in Vietnam; Atom wants a full timestamp.
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def field_feed_path(code: str) -> str:
    return f"linh-vuc/{code}/{FEED_PATH}"


def _timestamp(iso_date: str) -> str:
    return dt.datetime.combine(dt.date.fromisoformat(iso_date), dt.time(), VIETNAM).isoformat()


def newest_first(records: Iterable[dict], published_on: dict[str, dt.date], limit: int | None = None) -> list[dict]:
    """Records by the date the public could first read them (`published_on`, by id), then by
    their last update, newest first; A–Z within a day. With `limit`, the first `limit` of them:
    only the records as new as the limit-th newest are put in A–Z order (a Vietnamese sort key
    per name), not the whole publication's."""
    def newness(record: dict) -> tuple[dt.date, str]:
        return published_on[record["id"]], record["updated"]

    candidates = list(records)
    if limit is not None and len(candidates) > limit:
        oldest_shown = heapq.nlargest(limit, map(newness, candidates))[-1]
        candidates = [r for r in candidates if newness(r) >= oldest_shown]  # ties at the limit stay in
    ordered = sorted(candidates, key=lambda r: sort_key(r["name"]))
    ordered.sort(key=newness, reverse=True)  # stable
    return ordered if limit is None else ordered[:limit]


def xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def add_element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
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
    published_on = publication.published_on
    entries = newest_first(records, published_on, FEED_ENTRIES)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    add_element(feed, "id", base + info.path)
    add_element(feed, "title", info.title)
    add_element(feed, "subtitle", site.description)
    newest = max((r["updated"] for r in entries), default=None)
    # An empty feed still needs <updated>: the newest date of the whole publication.
    newest = newest or (publication.newest_update or NO_DATE).isoformat()
    add_element(feed, "updated", _timestamp(newest))
    add_element(feed, "link", rel="self", type="application/atom+xml", href=base + info.path)
    add_element(feed, "link", rel="alternate", type="text/html", href=base + info.page)
    author = add_element(feed, "author")
    add_element(author, "name", site.council)
    add_element(author, "uri", base)
    add_element(feed, "rights", f"{site.text_licence.name} – {site.council}")
    add_element(feed, "generator", "site_builder")
    for record in entries:
        entry = add_element(feed, "entry")
        add_element(entry, "id", record["url"])
        add_element(entry, "title", record["name"])
        add_element(entry, "link", rel="alternate", type="text/html", href=record["url"])
        if record["photos"]:
            photo = record["photos"][0]
            size = file_size(photo["url"][len(base):])
            attributes = {"rel": "enclosure", "type": "image/jpeg", "href": photo["url"]}
            if size is not None:
                attributes["length"] = str(size)
            add_element(entry, "link", **attributes)
        add_element(entry, "published", _timestamp(published_on[record["id"]].isoformat()))
        add_element(entry, "updated", _timestamp(record["updated"]))
        for term in record["fields"]:
            add_element(entry, "category", term=term["code"], label=term["name"], scheme=base + "linh-vuc/")
        for term in record["movements"]:
            add_element(entry, "category", term=term["code"], label=term["name"], scheme=base + "phong-trao/")
        add_element(entry, "summary", record["summary"], type="text")
        add_element(entry, "content", entry_html(record), type="html")
    return xml_bytes(feed)
