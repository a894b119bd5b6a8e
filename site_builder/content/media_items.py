"""Films, radio pieces and photo stories (content/media/<slug>/index.md) and the programmes they
belong to (content/taxonomies/programmes.yml) -> `MediaItem`s and `Programme`s.

An item is content like a profile: front matter checked by the same schema options (status,
embargo, consent and photos are the profile's own options, taken from `profile_schema`), and the
same editorial gate (public/gate.py). What an editor never types is read from the file later:
duration, size and format come from ffprobe in the media stage (media/video.py).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..common.messages import _
from . import schema as s
from .captions import CAPTION_SUFFIXES, Captions, read_captions
from .diagnostics import Problems, did_you_mean
from .markup import render_story
from .model import Consent, Photo, Profile, Taxonomies
from .profiles import _resolve_photo, profile_schema
from .read import display_path, read_front_matter_document
from .taxonomies import _TERM_OPTIONS, _read_taxonomy
from .text import is_slug

MEDIA_KINDS = ("video", "audio", "photo-story")
MEDIUMS = ("tv", "radio", "print", "online")
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mts", ".3gp")
AUDIO_SUFFIXES = (".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac")
PROGRAMMES_FILE = "programmes.yml"


@dataclass(frozen=True)
class Programme:
    """A column or programme of a station or newspaper ("Người tốt – Việc tốt")."""

    code: str
    name: str
    station: str  # the radio-TV station or newspaper that runs it
    medium: str  # one of MEDIUMS
    description: str = ""


@dataclass(frozen=True)
class Credit:
    role: str  # "Phóng viên", "Quay phim", "Dựng phim"
    name: str


@dataclass(frozen=True)
class Rights:
    holder: str  # who holds the rights
    permission: str  # the permission to publish: a letter, a contract, a licence


@dataclass(frozen=True)
class MediaFile:
    source: Path  # absolute path of the recording as delivered
    relative: str  # relative to content/, for messages and cache keys


@dataclass(frozen=True)
class MediaItem:
    slug: str  # the folder's name: the stable public identifier
    source: Path  # the index.md
    display_path: str
    kind: str  # one of MEDIA_KINDS
    title: str
    summary: str
    programme: str  # a code of programmes.yml
    aired: dt.date  # the day it was aired or published
    credits: tuple[Credit, ...]
    rights: Rights | None  # None only in a draft
    profiles: tuple[str, ...]  # slugs of the profiles it features
    status: str
    publish_from: dt.date | None
    consent: Consent
    file: MediaFile | None  # the recording (video, audio); None for a photo story
    poster: Photo | None  # a given poster frame; else one is taken from the film
    captions: Captions | None  # None only in a draft
    photos: tuple[Photo, ...]  # a photo story's photos, in order
    transcript_html: str  # the text after the front matter, rendered; "" to show the captions
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    # The people shown in a film or a photo story have to agree to it, whatever the profile's kind.
    needs_consent = True

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def published_on(self) -> dt.date:
        return self.publish_from or self.aired


def programmes_schema() -> dict[str, s.Option]:
    return {**_TERM_OPTIONS, "station": s.Text(required=True, single_line=True),
            "medium": s.Choice(MEDIUMS, required=True)}


def programmes_exist(root: Path) -> bool:
    return (root / "taxonomies" / PROGRAMMES_FILE).is_file()


def validate_programmes(root: Path, problems: Problems) -> dict[str, Programme]:
    """programmes.yml, which a site needs only once it has media."""
    entries = _read_taxonomy(root, PROGRAMMES_FILE, programmes_schema(), problems)
    return {e["code"]: Programme(e["code"], e["name"], e["station"], e["medium"], e["description"]) for e in entries}


def media_schema(tax: Taxonomies, programmes: dict[str, Programme]) -> s.Record:
    """The front matter of a media item; the gate's and the photos' options are the profile's own."""
    profile = profile_schema(tax).options
    return s.Record({
        "kind": s.Choice(MEDIA_KINDS, required=True),
        "title": s.Text(required=True, single_line=True, max_length=200, plain=True),
        "summary": s.Text(required=True, max_length=400, plain=True),
        "programme": s.Code(_("programme"), lambda: programmes, f"taxonomies/{PROGRAMMES_FILE}", required=True),
        "aired": s.Date(required=True),
        "file": s.Text(single_line=True),
        "poster": s.Record({"file": s.Text(required=True, single_line=True),
                            "alt": s.Text(required=True, single_line=True, max_length=300)}),
        "captions": s.Text(single_line=True),
        "credits": s.ListOf(s.Record({"role": s.Text(required=True, single_line=True),
                                      "name": s.Text(required=True, single_line=True)}), required=True, min_items=1),
        "rights": s.Record({"holder": s.Text(required=True, single_line=True),
                            "permission": s.Text(required=True, single_line=True)}, required=True),
        "profiles": s.ListOf(s.Slug(), unique=True),
        "status": profile["status"],
        "publish_from": profile["publish_from"],
        "consent": profile["consent"],
        "photos": profile["photos"],
    })


def _beside(root: Path, doc_path: Path, name: str, where: s.Where, suffixes: tuple[str, ...], what: str,
            problems: Problems) -> Path | None:
    """A file named in an item's front matter: beside its index.md, inside content/, of a known kind."""
    candidate = (doc_path.parent / name)
    resolved = candidate.resolve()
    if os.path.isabs(name) or root.resolve() not in resolved.parents or candidate.is_symlink():
        problems.error(where.path, where.line, _(
            "'{field}': '{name}' is not a file in this item's folder; copy the file beside index.md and give its name",
            field=where.field, name=name))
        return None
    if not resolved.is_file():
        siblings = sorted(p.name for p in doc_path.parent.iterdir() if p.suffix.lower() in suffixes)
        problems.error(where.path, where.line, _("'{field}': file '{name}' not found in the item's folder{hint}",
                                                 field=where.field, name=name, hint=did_you_mean(name, siblings)))
        return None
    if resolved.suffix.lower() not in suffixes:
        problems.error(where.path, where.line, _("'{field}': '{name}' is not {what}; use a file ending in {suffixes}",
                                                 field=where.field, name=name, what=what, suffixes=", ".join(suffixes)))
        return None
    return resolved


def validate_media_item(root: Path, path: Path, record: s.Record, problems: Problems,
                        max_photo_bytes: int) -> MediaItem | None:
    """One content/media/<slug>/index.md -> MediaItem, or None (a draft that lacks something, or errors)."""
    display = display_path(path)
    doc = read_front_matter_document(path, display, problems)
    if doc is None or doc.meta is None:
        return None
    meta = doc.meta
    slug = path.parent.name
    if not is_slug(slug):
        problems.error(display, 1, _(
            "the folder '{name}' is the item's address; rename it with lowercase letters a-z, digits and '-' "
            "(like phong-su-thanh-long)", name=slug))
        return None
    draft = meta.get("status") == "draft"
    gaps = s.Gaps() if draft else None
    before = len(problems.errors)
    clean = record.check_mapping(meta, s.Where(display, meta.line, "", gaps), problems)
    if clean is s.INVALID or (gaps is not None and gaps.fields):
        return None
    kind = clean["kind"]

    def where(key: str) -> s.Where:
        return s.Where(display, meta.line_of(key), key)

    recording = None
    if kind == "photo-story":
        if not clean["photos"]:
            problems.error(display, meta.line_of("kind"), _("a photo story needs its photos under 'photos:'"))
        for key in ("file", "captions"):
            if clean[key]:
                problems.error(display, meta.line_of(key), _(
                    "'{field}' is for a film or a radio piece; a photo story tells its story in its photos' captions",
                    field=key))
    elif not clean["file"]:
        problems.error(display, meta.line_of("kind"), _("'file' is required: the name of the recording in this folder"))
    else:
        suffixes = VIDEO_SUFFIXES if kind == "video" else AUDIO_SUFFIXES
        found = _beside(root, path, clean["file"], where("file"), suffixes,
                        _("a film") if kind == "video" else _("a sound recording"), problems)
        if found:
            recording = MediaFile(found, found.relative_to(root.resolve()).as_posix())
    captions = None
    if clean["captions"]:
        found = _beside(root, path, clean["captions"], where("captions"), CAPTION_SUFFIXES, _("a captions file"),
                        problems)
        if found:
            captions = read_captions(found, display_path(found), problems)
    elif kind != "photo-story":
        message = _("'captions': a film or a radio piece is published with its captions (a .vtt or .srt file "
                    "beside index.md): deaf readers need them")
        (problems.warning if draft else problems.error)(display, meta.line_of("status"), message)
    poster = None
    if clean["poster"]:
        poster = _resolve_photo(root, path, {**clean["poster"], "caption": "", "credit": ""}, where("poster"),
                                problems, max_photo_bytes)
    photos = []
    for index, raw in enumerate(clean["photos"]):
        line = meta["photos"].line_of(index)
        photo = _resolve_photo(root, path, raw, s.Where(display, line, f"photos[{index + 1}]"), problems,
                               max_photo_bytes)
        if photo:
            photos.append(photo)
    if len(problems.errors) > before:
        return None
    transcript_html = str(render_story(doc.body)[0]) if doc.body.strip() else ""
    consent = Consent(clean["consent"]["given"], clean["consent"]["date"]) if clean["consent"] else Consent(False)
    return MediaItem(
        slug=slug, source=path, display_path=display, kind=kind, title=clean["title"], summary=clean["summary"],
        programme=clean["programme"], aired=clean["aired"],
        credits=tuple(Credit(**c) for c in clean["credits"]),
        rights=Rights(**clean["rights"]) if clean["rights"] else None,
        profiles=clean["profiles"], status=clean["status"], publish_from=clean["publish_from"], consent=consent,
        file=recording, poster=poster, captions=captions, photos=tuple(photos), transcript_html=transcript_html,
        lines=dict(meta.key_lines),
    )


def load_media(root: Path, tax: Taxonomies, profiles: list[Profile], problems: Problems,
               max_photo_bytes: int) -> tuple[dict[str, Programme], tuple[MediaItem, ...]]:
    """Every item under content/media/ with the programmes; ({}, ()) for a site without media."""
    folder = root / "media"
    files = sorted(folder.glob("*/index.md")) if folder.is_dir() else []
    if not files and not programmes_exist(root):
        return {}, ()
    programmes = validate_programmes(root, problems)
    record = media_schema(tax, programmes)
    slugs = {p.slug for p in profiles}
    items = []
    for path in files:
        item = validate_media_item(root, path, record, problems, max_photo_bytes)
        if item is None:
            continue
        unknown = [slug for slug in item.profiles if slug not in slugs]
        for slug in unknown:
            problems.error(item.display_path, item.line_of("profiles"), _(
                "'profiles': no profile has the slug '{slug}'{hint}", slug=slug, hint=did_you_mean(slug, slugs)))
        if not unknown:
            items.append(item)
    return programmes, tuple(items)
