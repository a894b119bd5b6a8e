"""The films, radio pieces and photo stories as open data, from the public reportage only.

    du-lieu/phong-su.json          every public item, newest aired first, one envelope
    du-lieu/phong-su.csv           one row per item (UTF-8 with BOM, for Excel)
    du-lieu/phong-su.schema.json   JSON Schema (2020-12) of phong-su.json, versioned

Made by the press kit beside open_data's files, as event_data's are. The record is an explicit
allowlist closed by the schema: the consent, the status, the source files' paths and the
editor's notes are never read. The items come from the episodes' views (site/reportage.py),
which hold public items only, and a public item features public profiles only (the gate,
public/reportage.py), so every profile named here has its page. A record depends only on its
item, its renditions and the profiles it names: an edit elsewhere leaves it as it was.
Dates are ISO 8601 in both files, as in every other data file; the duration is the seconds
ffprobe read from the rendition (media/video.py). Field descriptions are in
theme/open_data.yml, under `media:`.
"""

from __future__ import annotations

import datetime as dt

from ..content.model import SiteSettings
from ..content.text import SLUG_PATTERN
from ..media.video import Recording
from ..public.gate import Publication
from ..public.views import PhotoView
from ..site.reportage import EpisodeView
from . import open_data
from .open_data_csv import LIST_SEPARATOR, csv_bytes, csv_line

FORMAT_NAME = "dien-hinh-tien-tien/phong-su"
FORMAT_VERSION = "1.0.0"
JSON_PATH = f"{open_data.DATA_DIR}/phong-su.json"
CSV_PATH = f"{open_data.DATA_DIR}/phong-su.csv"
SCHEMA_PATH = f"{open_data.DATA_DIR}/phong-su.schema.json"
CSV_COLUMNS = ("id", "url", "kind", "title", "summary", "programme_code", "programme", "aired", "published",
               "duration_seconds", "rendition_url", "rendition_type", "rendition_bytes", "captions_url",
               "poster_url", "credits", "rights_holder", "rights_permission", "profiles")
TRANSCRIPT_ANCHOR = "#transcript"  # the transcript's heading on the episode page (theme/templates/episode.html)


def _image(view: PhotoView, base: str) -> dict:
    largest = view.set.best("jpg", 10**9)
    return {"url": base + largest.url, "width": largest.width, "height": largest.height, "alt": view.photo.alt}


def recording_fields(recording: Recording | None, captions_url: str, page_url: str, base: str) -> dict:
    """A recording's length, renditions, captions and transcript, as shown on `page_url` (an
    episode's page, a contest's winning piece's)."""
    return {
        "duration": recording.duration if recording else None,
        "renditions": [{"url": base + recording.url, "type": recording.mime_type, "bytes": recording.bytes,
                        "width": recording.width or None, "height": recording.height or None}]
        if recording else [],
        "captions": {"url": base + captions_url, "type": "text/vtt", "language": "vi"} if captions_url else None,
        "transcript_url": base + page_url + TRANSCRIPT_ANCHOR if recording else None,
    }


def photo_fields(view: PhotoView, base: str) -> dict:
    """A published photo: its largest rendition, text alternative, caption and credit."""
    return {**_image(view, base), "caption": view.photo.caption, "credit": view.photo.credit}


def media_record(episode: EpisodeView, base: str) -> dict:
    """The public record of one item: every key is named here, nothing else goes out."""
    item, recording, programme = episode.item, episode.recording, episode.programme
    assert item.rights is not None  # a public item has its rights: only a draft may lack them
    return {
        "id": item.slug,
        "url": base + episode.url,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "programme": {"code": programme.code, "name": programme.name, "station": programme.station,
                      "medium": programme.medium},
        "aired": item.aired.isoformat(),
        "published": item.published_on.isoformat(),
        **recording_fields(recording, episode.captions_url, episode.url, base),
        "poster": _image(episode.poster, base) if episode.poster else None,
        "photos": [photo_fields(view, base) for view in episode.photos],
        "credits": [{"role": c.role, "name": c.name} for c in item.credits],
        "rights": {"holder": item.rights.holder, "permission": item.rights.permission},
        "profiles": [view.profile.slug for view in episode.profiles],
    }


def csv_file(records: list[dict]) -> bytes:
    rows = []
    for r in records:
        rendition = r["renditions"][0] if r["renditions"] else None
        rows.append([
            r["id"], r["url"], r["kind"], r["title"], r["summary"], r["programme"]["code"], r["programme"]["name"],
            r["aired"], r["published"], "" if r["duration"] is None else str(r["duration"]),
            rendition["url"] if rendition else "", rendition["type"] if rendition else "",
            str(rendition["bytes"]) if rendition else "", r["captions"]["url"] if r["captions"] else "",
            r["poster"]["url"] if r["poster"] else "",
            LIST_SEPARATOR.join(f"{c['role']}: {c['name']}" for c in r["credits"]),
            r["rights"]["holder"], r["rights"]["permission"], LIST_SEPARATOR.join(r["profiles"]),
        ])
    return csv_bytes([csv_line(row) for row in rows], list(CSV_COLUMNS))


def json_schema(site: SiteSettings, notes: dict) -> dict:
    """JSON Schema 2020-12 of phong-su.json; every object closed, every property described."""
    obj = open_data._object
    text = {"type": "string"}
    line = {"type": "string", "minLength": 1}
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    url = {"type": "string", "format": "uri", "pattern": "^https?://"}
    pixels = {"type": "integer", "minimum": 1}
    optional_pixels = {"type": ["integer", "null"], "minimum": 1}
    slug = {"type": "string", "pattern": SLUG_PATTERN.pattern}

    def array(items: dict) -> dict:
        return {"type": "array", "items": items}

    image = {"url": url, "width": pixels, "height": pixels, "alt": text}
    item = obj({
        "id": slug, "url": url,
        "kind": {"enum": ["video", "audio", "photo-story"]},
        "title": line, "summary": line,
        "programme": obj({"code": slug, "name": line, "station": line,
                          "medium": {"enum": ["tv", "radio", "print", "online"]}}, notes["programme"]),
        "aired": date, "published": date,
        "duration": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "renditions": array(obj({"url": url, "type": {"enum": ["video/mp4", "audio/mp4"]},
                                 "bytes": {"type": "integer", "minimum": 1},
                                 "width": optional_pixels, "height": optional_pixels}, notes["rendition"])),
        "captions": obj({"url": url, "type": {"const": "text/vtt"}, "language": {"const": "vi"}},
                        notes["captions"], nullable=True),
        "transcript_url": {"type": ["string", "null"], "format": "uri", "pattern": "^https?://"},
        "poster": obj(image, notes["image"], nullable=True),
        "photos": array(obj({**image, "caption": text, "credit": text}, notes["photo"])),
        "credits": {**array(obj({"role": line, "name": line}, notes["credit"])), "minItems": 1},
        "rights": obj({"holder": line, "permission": line}, notes["rights"]),
        "profiles": {**array(slug), "uniqueItems": True},
    }, notes["item"])
    envelope = obj({
        "format": {"const": FORMAT_NAME}, "format_version": {"const": FORMAT_VERSION}, "schema": url,
        "site": {"type": "object"}, "licences": {"type": "object"}, "updated": {"type": ["string", "null"]},
        "count": {"type": "integer", "minimum": 0},
        "items": array({"$ref": "#/$defs/item"}),
    }, notes["envelope"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.base_url + SCHEMA_PATH,
        "title": notes["title"],
        "version": FORMAT_VERSION,
        **envelope,
        "$defs": {"item": item},
    }


def export(episodes: list[EpisodeView], publication: Publication, notes: dict) -> dict[str, bytes]:
    """phong-su.json, .csv and the schema (`notes`: theme/open_data.yml's `media:`); nothing when no item
    is public. The envelope is the profiles' (open_data.envelope), format aside; its date is the newest
    item's, so that it changes with the items only."""
    if not episodes:
        return {}
    site = publication.content.site
    ctx = open_data.ExportContext(site, frozenset(), publication.content.taxonomies.localities, publication.today)
    newest: dt.date = max(e.item.published_on for e in episodes)
    records = [media_record(episode, site.base_url) for episode in episodes]  # newest aired first
    envelope = {**open_data.envelope(ctx, newest), "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                "schema": site.base_url + SCHEMA_PATH, "count": len(records), "items": records}
    return {
        JSON_PATH: open_data._json(envelope, indent=None),
        CSV_PATH: csv_file(records),
        SCHEMA_PATH: open_data._json(json_schema(site, notes), indent=2),
    }
