"""For listeners, search engines and re-users of the films and radio pieces: the captions as
WebVTT files, a podcast feed per programme with radio pieces, and each episode's JSON-LD.

    phong-su/<slug>/phu-de.vtt       the captions, as WebVTT whatever the editor gave (SRT too)
    chuyen-muc/<code>/podcast.xml    RSS 2.0 with the iTunes tags and podcast:transcript; each
                                     enclosure with its length and type, each GUID the episode's address
    anh/podcast/<key>.jpg            the feed's square cover, 1400 px (media/podcast_cover.py)
    JSON-LD                          VideoObject / AudioObject on the episode's page

Everything here is made from the public reportage only (public/reportage.py).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..media.podcast_cover import Cover, make_covers
from ..media.share import Fonts
from ..public.gate import Publication
from ..site.reportage import EpisodeView, podcast_url, programme_url
from .feeds import VIETNAM, add_element, xml_bytes
from .structured_data import SCHEMA_ORG, _publisher, script_json

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)


def iso_duration(seconds: float) -> str:
    """ISO 8601, as schema.org wants it: "PT1M5S"."""
    whole = round(seconds)
    hours, minutes, rest = whole // 3600, whole // 60 % 60, whole % 60
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{rest}S"


def _rfc822(day: dt.date) -> str:
    return email.utils.format_datetime(dt.datetime.combine(day, dt.time(), VIETNAM))


def transcript_text(episode: EpisodeView) -> str:
    return " ".join(episode.item.captions.transcript()) if episode.item.captions else ""


def reportage_files(episodes: list[EpisodeView], publication: Publication, cache_dir: Path, theme_dir: Path,
                    badge: str) -> dict[str, bytes | Path]:
    """The captions of every public episode, and the podcast feed and square cover of every programme
    with radio pieces; the covers are drawn into `cache_dir` (with `badge` on sample content)."""
    files: dict[str, bytes | Path] = {e.captions_url: e.item.captions.webvtt().encode("utf-8")
                                      for e in episodes if e.captions_url and e.item.captions}
    by_programme: dict[str, list[EpisodeView]] = {}
    for episode in episodes:
        if episode.item.kind == "audio":
            by_programme.setdefault(episode.programme.code, []).append(episode)
    site = publication.content.site
    covers = {code: Cover(shown[0].programme.name, shown[0].programme.station, site.title, badge)
              for code, shown in by_programme.items()}
    cover_urls, cover_files = make_covers(covers, cache_dir, Fonts.in_theme(theme_dir))
    files.update(cover_files)
    for code, shown in by_programme.items():
        files[podcast_url(code)] = podcast_feed(shown, publication, cover_urls[code])
    return files


def podcast_feed(episodes: list[EpisodeView], publication: Publication, image_url: str) -> bytes:
    """RSS 2.0 of one programme's radio pieces, newest first, as podcast apps read it; `image_url`:
    its square cover."""
    site = publication.content.site
    programme = episodes[0].programme
    base = site.base_url
    rss = ET.Element("rss", {"version": "2.0"})
    channel = add_element(rss, "channel")
    add_element(channel, "title", programme.name)
    add_element(channel, "link", base + programme_url(programme.code))
    add_element(channel, "description", programme.description or programme.name)
    add_element(channel, "language", "vi")
    add_element(channel, "copyright", site.copyright or site.council)
    add_element(channel, f"{{{ATOM}}}link", href=base + podcast_url(programme.code), rel="self",
                type="application/rss+xml")
    image = add_element(channel, "image")  # RSS 2.0's own, for readers without the iTunes tags
    add_element(image, "url", base + image_url)
    add_element(image, "title", programme.name)
    add_element(image, "link", base + programme_url(programme.code))
    add_element(channel, "pubDate", _rfc822(max(e.item.published_on for e in episodes)))
    add_element(channel, f"{{{ITUNES}}}author", programme.station)
    add_element(channel, f"{{{ITUNES}}}summary", programme.description or programme.name)
    add_element(channel, f"{{{ITUNES}}}type", "episodic")
    add_element(channel, f"{{{ITUNES}}}explicit", "false")
    add_element(channel, f"{{{ITUNES}}}category", text_="Government")
    owner = add_element(channel, f"{{{ITUNES}}}owner")
    add_element(owner, f"{{{ITUNES}}}name", site.council)
    add_element(owner, f"{{{ITUNES}}}email", site.press.email or "")
    add_element(channel, f"{{{ITUNES}}}image", href=base + image_url)
    for episode in episodes:
        item, recording = episode.item, episode.recording
        if recording is None:  # a radio programme's episodes are all radio pieces, each with its recording
            continue
        entry = add_element(channel, "item")
        add_element(entry, "title", item.title)
        add_element(entry, "description", item.summary)
        add_element(entry, "link", base + episode.url)
        # The episode's address: it never changes, whatever is re-encoded or corrected.
        add_element(entry, "guid", base + episode.url, isPermaLink="true")
        add_element(entry, "pubDate", _rfc822(item.published_on))
        add_element(entry, "enclosure", url=base + recording.url, length=str(recording.bytes), type=recording.mime_type)
        add_element(entry, f"{{{ITUNES}}}duration", str(round(recording.duration)))
        add_element(entry, f"{{{ITUNES}}}explicit", "false")
        add_element(entry, f"{{{ITUNES}}}episodeType", "full")
        add_element(entry, f"{{{PODCAST}}}transcript", url=base + episode.captions_url, type="text/vtt",
                    language="vi", rel="captions")
    return xml_bytes(rss)


def episode_structured_data(episodes: list[EpisodeView], publication: Publication) -> dict[str, Markup]:
    """Page URL -> the JSON-LD of a film's or a radio piece's page (press/head.py puts it in the head)."""
    site = publication.content.site
    base = site.base_url
    found = {}
    for episode in episodes:
        item, recording = episode.item, episode.recording
        if recording is None:
            continue
        entity: dict[str, Any] = {
            "@context": SCHEMA_ORG,
            "@type": "VideoObject" if recording.kind == "video" else "AudioObject",
            "name": item.title,
            "description": item.summary,
            "url": base + episode.url,
            "uploadDate": item.published_on.isoformat(),
            "duration": iso_duration(recording.duration),
            "contentUrl": base + recording.url,
            "encodingFormat": recording.mime_type,
            "contentSize": str(recording.bytes),
            "inLanguage": "vi",
            "transcript": transcript_text(episode),
            "caption": {"@type": "MediaObject", "contentUrl": base + episode.captions_url, "encodingFormat": "text/vtt"},
            "copyrightHolder": {"@type": "Organization", "name": item.rights.holder if item.rights else site.council},
            "publisher": _publisher(site),
            "about": [{"@id": base + view.url + "#subject", "name": view.name, "url": base + view.url}
                      for view in episode.profiles],
        }
        if episode.poster is not None:
            entity["thumbnailUrl"] = [base + episode.poster.set.best("jpg", 960).url]
        if recording.kind == "video":
            entity["width"], entity["height"] = str(recording.width), str(recording.height)
        found[episode.url] = script_json(entity)
    return found


def sitemap_videos(episodes: list[EpisodeView], publication: Publication) -> dict[str, dict[str, str]]:
    """Page URL -> its film's entry in the video sitemap (press/sitemap.py), in the order the extension lists them."""
    base = publication.content.site.base_url
    return {e.url: {"thumbnail_loc": base + e.poster.set.best("jpg", 960).url, "title": e.item.title,
                    "description": e.item.summary, "content_loc": base + e.recording.url,
                    "duration": str(max(1, round(e.recording.duration))),
                    "publication_date": e.item.published_on.isoformat(), "family_friendly": "yes"}
            for e in episodes if e.recording is not None and e.recording.kind == "video" and e.poster is not None}
