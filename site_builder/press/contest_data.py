"""A contest's results in the open data and as a feed, from its public view only.

    du-lieu/cuoc-thi/<slug>.json   the contest, its counts and its winners (a consented winner's
                                   photos and recording as the reportage's data gives them)
    du-lieu/cuoc-thi/<slug>.csv    the winners, one a row
    cuoc-thi/<slug>/feed.xml       the winners, as an Atom feed

Before the day of the results the files hold the contest and its counts, and no winner.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from ..contest.public import PublicContest, Winner, feed_path, results_path
from ..media.photos import PhotoSet
from ..media.video import Recording
from ..site.contests import media_view
from . import feeds
from .media_data import photo_fields, recording_fields
from .open_data import iso
from .open_data_csv import csv_bytes, csv_line

CSV_COLUMNS = ["code", "prize", "title", "author", "genre", "exemplar", "locality", "profile_url", "url"]


def _media(winner: Winner, photo_sets: dict[str, PhotoSet], recordings: dict[str, Recording], base: str) -> dict:
    """A winner's published photos and recording, in the reportage data's shapes (none without consent)."""
    view = media_view(winner, photo_sets, recordings)
    if view is None:
        return {"photos": [], "recording": None}
    return {"photos": [photo_fields(pv, base) for pv in view.photos],
            "recording": recording_fields(view.recording, view.captions_url, winner.page_url, base)
            if view.recording else None}


def results_record(contest: PublicContest, base_url: str, photo_sets: dict[str, PhotoSet],
                   recordings: dict[str, Recording]) -> dict:
    return {
        "id": contest.slug, "name": contest.name, "url": base_url + contest.url,
        "organisers": list(contest.organisers),
        "opens": iso(contest.opens), "closes": iso(contest.closes), "results": iso(contest.results_on),
        "received": contest.received,
        "by_genre": [{"code": g.code, "name": g.name, "count": n} for g, n in contest.by_genre],
        "by_locality": [{"name": name, "count": n} for name, n in contest.by_locality],
        "jury": [{"name": j.name, "role": j.role} for j in contest.jury],
        "winners": [{
            "code": w.code, "prize": w.prize, "title": w.title, "author": w.author, "genre": w.genre,
            "exemplar": w.exemplar, "locality": w.locality,
            "profile_url": base_url + w.profile_url if w.profile_url else None,
            "url": base_url + w.page_url if w.page_url else None,
            **_media(w, photo_sets, recordings, base_url),
        } for w in contest.winners],
    }


def _timestamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), feeds.VIETNAM).isoformat()


def results_feed(contest: PublicContest, record: dict, site) -> bytes:
    base = site.base_url
    feed = ET.Element("feed", {"xmlns": feeds.ATOM, "xml:lang": site.language})
    feeds.add_element(feed, "id", base + feed_path(contest.slug))
    feeds.add_element(feed, "title", contest.name)
    feeds.add_element(feed, "updated", _timestamp(contest.results_on if contest.results_out else contest.opens))
    feeds.add_element(feed, "link", rel="self", type="application/atom+xml", href=base + feed_path(contest.slug))
    feeds.add_element(feed, "link", rel="alternate", type="text/html", href=record["url"])
    author = feeds.add_element(feed, "author")
    feeds.add_element(author, "name", site.council)
    for winner in record["winners"]:
        entry = feeds.add_element(feed, "entry")
        link = winner["url"] or record["url"]
        feeds.add_element(entry, "id", f"{record['url']}#{winner['code'].lower()}")
        feeds.add_element(entry, "title", f"{winner['prize']}: {winner['title']}")
        feeds.add_element(entry, "link", rel="alternate", type="text/html", href=link)
        # A consented winner's recording (a podcast client or a newsroom takes it from here), else
        # its first photo, as the profiles' feeds give theirs.
        if winner["recording"]:
            rendition = winner["recording"]["renditions"][0]
            feeds.add_element(entry, "link", rel="enclosure", type=rendition["type"], length=str(rendition["bytes"]),
                              href=rendition["url"])
        elif winner["photos"]:
            feeds.add_element(entry, "link", rel="enclosure", type="image/jpeg", href=winner["photos"][0]["url"])
        feeds.add_element(entry, "updated", _timestamp(contest.results_on))
        feeds.add_element(entry, "summary", f"{winner['author']} – {winner['exemplar']}, {winner['locality']}",
                          type="text")
    return feeds.xml_bytes(feed)


def contest_files(contests: list[PublicContest], site, photo_sets: dict[str, PhotoSet],
                  recordings: dict[str, Recording]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for contest in contests:
        record = results_record(contest, site.base_url, photo_sets, recordings)
        files[results_path(contest.slug, "json")] = (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode()
        lines = [csv_line([w[c] or "" for c in CSV_COLUMNS]) for w in record["winners"]]
        files[results_path(contest.slug, "csv")] = csv_bytes(lines, CSV_COLUMNS)
        files[feed_path(contest.slug)] = results_feed(contest, record, site)
    return files
