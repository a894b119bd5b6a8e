"""Films and radio pieces -> web renditions, without metadata, behind a content-digest cache.

Each recording is checked with ffprobe (a damaged file, or one that is not sound or pictures,
is an error naming it), then encoded with ffmpeg: a film as MP4 (H.264 and AAC, at most 720
lines, `+faststart` so that it plays before it is all loaded) with a poster frame, a radio piece
as AAC in MP4 (.m4a). `-map_metadata -1` drops what phones record (the place, the time, the
device), and every rendition is probed again: one with a tag beyond the container's own is
refused, never published.

As with photos (media/photos.py), the renditions are kept under a key made of the recording's
bytes and the encoding settings: an unchanged recording is never encoded again, whatever else
changed. ffmpeg reads the file itself, in pieces, so a recording of a gigabyte never sits in
memory. The films are encoded side by side (each ffmpeg uses every core it is given), and each
one done is reported.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from ..common.caches import FileDigests
from ..common.files import digest_bytes
from ..common.messages import _
from ..content.captions import Captions
from ..content.diagnostics import Problem
from ..content.media_items import MediaFile
from ..content.model import Photo, SiteSettings

ENCODER_VERSION = "1"
MAX_LINES = 720  # the shorter side of a film's rendition, in pixels
# x264's output depends on its thread count: fixed, so that one film gives the same bytes on every machine.
VIDEO_SETTINGS = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-threads", "4",
                  # The shorter side at most MAX_LINES (a phone's upright film too), even sizes for H.264.
                  "-vf", f"scale='if(gt(iw,ih),-2,min({MAX_LINES},iw))':'if(gt(iw,ih),min({MAX_LINES},ih),-2)'")
AUDIO_SETTINGS = ("-c:a", "aac", "-b:a", "128k", "-ac", "2")
RADIO_SETTINGS = ("-c:a", "aac", "-b:a", "96k", "-ac", "2")  # speech: less than a film's sound needs
# No metadata of the source, no encoder's name, the index at the front.
CLEAN = ("-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
         "-flags:a", "+bitexact", "-movflags", "+faststart")
# The only tags an MP4 rendition may carry: the container's and the tracks' own technical ones.
ALLOWED_TAGS = {"major_brand", "minor_version", "compatible_brands", "language", "handler_name", "vendor_id"}
POSTER_NAME = "poster.png"
OWN_CODEC_NAME = re.compile(r"^Lavc [a-z0-9_]+$")  # "Lavc libx264": bitexact, so without ffmpeg's version


@dataclass(frozen=True)
class Recording:
    """A recording's renditions, and what was read from its file (never typed by an editor)."""

    key: str
    kind: str  # "video" | "audio"
    url: str  # site-relative: "media/<key>/video.mp4"
    mime_type: str  # "video/mp4" | "audio/mp4"
    bytes: int  # of the rendition
    duration: float  # seconds
    width: int  # 0 for sound
    height: int
    source_format: str  # as ffprobe names it: "mov,mp4,m4a,3gp,3g2,mj2", "mp3"
    source_bytes: int
    poster: Photo | None  # a frame of the film, for the photo stage (media/photos.py)


@dataclass
class RecordingsResult:
    recordings: dict[str, Recording]  # by the item's slug
    files: dict[str, Path]  # output url -> cached file to copy
    problems: list[Problem]
    encoded: int  # recordings encoded in this run (cache misses)
    seconds_encoded: float  # of recording encoded in this run
    encoding_seconds: float  # wall-clock time the encoding took

    @property
    def photos(self) -> list[Photo]:
        """The posters taken from the films, to be made into renditions with the other photos."""
        return [r.poster for r in self.recordings.values() if r.poster]


class RecordingItem(Protocol):
    """What has a recording to publish: a film or a radio piece (content/media_items.MediaItem), or
    a contest's winning piece (contest/public.WinnerMedia)."""

    @property
    def slug(self) -> str: ...  # the key its rendition is filed under
    @property
    def kind(self) -> str: ...  # "video" | "audio"
    @property
    def file(self) -> MediaFile | None: ...
    @property
    def captions(self) -> Captions | None: ...
    @property
    def display_path(self) -> str: ...
    def line_of(self, key: str) -> int: ...


class RecordingError(Exception):
    """A recording that cannot be published; the message names what is wrong and the fix."""


def recording_key(content_digest: str, kind: str) -> str:
    settings = VIDEO_SETTINGS + AUDIO_SETTINGS + CLEAN if kind == "video" else RADIO_SETTINGS + CLEAN
    return digest_bytes(ENCODER_VERSION, kind, repr(settings), content_digest)[:24]


def probe(path: Path) -> dict:
    """ffprobe's report of a file's container and streams, or RecordingError saying why it cannot be read."""
    done = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
        raise RecordingError(_("ffmpeg cannot read this file ({reason}); export it again as MP4 (film) or MP3 (sound)",
                               reason=reason.replace(f"{path}: ", "").replace(str(path), path.name)))
    return json.loads(done.stdout)


def _streams(report: dict) -> tuple[dict | None, dict | None]:
    """The first video stream (a picture stream, not a song's cover image) and the first sound stream."""
    video = next((s for s in report.get("streams", []) if s.get("codec_type") == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in report.get("streams", []) if s.get("codec_type") == "audio"), None)
    return video, audio


def check_source(path: Path, kind: str, report: dict) -> float:
    """The recording's duration in seconds, or RecordingError when it is not a film or a sound as `kind` says."""
    video, audio = _streams(report)
    duration = float(report.get("format", {}).get("duration") or 0)
    still = report.get("format", {}).get("format_name", "").endswith(("image2", "_pipe"))
    if kind == "video" and (video is None or still or duration <= 0):
        raise RecordingError(_("this file holds no film (ffprobe finds {found}); give the film's MP4 file",
                               found=report.get("format", {}).get("format_long_name") or _("nothing it can play")))
    if kind == "audio" and (audio is None or duration <= 0):
        raise RecordingError(_("this file holds no sound; give the radio piece's MP3 or M4A file"))
    return duration


def _run_ffmpeg(arguments: list[str], source: Path) -> None:
    """ffmpeg, stopping at the first damaged piece of the source (`-xerror`): a truncated file is refused."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-y", *arguments],
                          capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        reason = lines[-1] if lines else str(done.returncode)
        raise RecordingError(_("the file is damaged or cut short ({reason}); export or copy it again in full",
                               reason=reason.replace(f"{source}: ", "").replace(str(source), source.name)))


def leftover_tags(path: Path) -> list[str]:
    """Tags of a rendition beyond the container's own technical ones (a place, a date, a device).
    The MP4 muxer names the codec of a track ("Lavc libx264", read back as `encoder`): that one,
    ffmpeg's own and without a version, says nothing of the source."""
    report = probe(path)
    tags = [report.get("format", {}).get("tags", {})] + [s.get("tags", {}) for s in report.get("streams", [])]
    return sorted({name for found in tags for name, value in found.items() if name not in ALLOWED_TAGS
                   and not (name == "encoder" and OWN_CODEC_NAME.match(value))})


def _encode(source: Path, kind: str, key: str, cache_dir: Path) -> dict:
    """Encode one recording into cache_dir/key/ and return its manifest (read back when already there)."""
    target = cache_dir / key
    manifest_path = target / "manifest.json"
    if manifest_path.is_file():
        return json.loads(manifest_path.read_text())
    report = probe(source)
    duration = check_source(source, kind, report)
    tmp = target.with_name(f".{key}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    tmp.mkdir(parents=True)
    try:
        name = "video.mp4" if kind == "video" else "audio.m4a"
        maps = (["-map", "0:v:0", "-map", "0:a:0?", *VIDEO_SETTINGS, *AUDIO_SETTINGS] if kind == "video"
                else ["-map", "0:a:0", "-vn", *RADIO_SETTINGS])
        _run_ffmpeg(["-i", str(source), *maps, *CLEAN, str(tmp / name)], source)
        left = leftover_tags(tmp / name)
        if left:
            raise RecordingError(_("the rendition still carries the tags {tags}; it is not published",
                                   tags=", ".join(left)))
        rendition = probe(tmp / name)
        video, _audio = _streams(rendition)
        manifest = {"kind": kind, "name": name, "bytes": (tmp / name).stat().st_size, "duration": duration,
                    "width": int(video["width"]) if video else 0, "height": int(video["height"]) if video else 0,
                    "source_format": report["format"].get("format_name", ""),
                    "source_bytes": source.stat().st_size, "poster": ""}
        if kind == "video":
            # A frame a third of the way in (the first is often black), made into photos later.
            _run_ffmpeg(["-ss", f"{duration / 3:.3f}", "-i", str(tmp / name), "-frames:v", "1", *CLEAN[:4],
                         str(tmp / POSTER_NAME)], source)
            manifest["poster"] = POSTER_NAME
        (tmp / "manifest.json").write_text(json.dumps(manifest, sort_keys=True))
        try:
            tmp.rename(target)  # atomic: a half-made entry is never seen
        except OSError:
            pass  # another build made it first
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return json.loads(manifest_path.read_text())


def rendition(source: Path, kind: str, cache_dir: Path) -> tuple[Path, dict[str, Any]]:
    """One recording outside the build (a contest's entry): its rendition and manifest, from the
    cache the build uses or encoded now as a film or a radio piece is, or RecordingError saying why
    it cannot be. Its key is its bytes' digest, so the same recording in the build is the same file."""
    key = recording_key(FileDigests(None).digest(source), kind)  # as process_recordings keys it
    manifest = _encode(source, kind, key, cache_dir)
    return cache_dir / key / manifest["name"], manifest


def process_recordings(items: Sequence[RecordingItem], cache_dir: Path, site: SiteSettings,
                       progress: Callable[[str], None] = lambda message: None,
                       workers: int | None = None) -> RecordingsResult:
    """The renditions of every film and radio piece of `items`, encoding only those not in the cache."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = FileDigests(cache_dir / "recording-digests.json")
    problems: list[Problem] = []
    jobs: dict[str, tuple[RecordingItem, Path, str]] = {}  # slug -> (item, its recording, cache key)
    for item in items:
        if item.file is None:
            continue
        size = item.file.source.stat().st_size
        if size > site.max_media_megabytes * 1_000_000:
            problems.append(Problem(item.display_path, item.line_of("file"), "error", _(
                "'file': '{name}' is {size} MB, over the limit of {limit} MB set by 'max_media_megabytes' in "
                "site.yml; send a smaller copy (at most 720 lines is enough for the site)", name=item.file.source.name,
                size=format(size / 1e6, ".0f"), limit=site.max_media_megabytes)))
            continue
        jobs[item.slug] = (item, item.file.source, recording_key(digests.digest(item.file.source), item.kind))
    digests.save()
    missing = [slug for slug, (_item, _source, key) in jobs.items() if not (cache_dir / key / "manifest.json").is_file()]
    manifests: dict[str, dict[str, Any] | str] = {}
    started = time.perf_counter()

    def encode(slug: str) -> tuple[str, dict[str, Any] | str]:
        item, source, key = jobs[slug]
        try:
            return slug, _encode(source, item.kind, key, cache_dir)
        except RecordingError as exc:
            return slug, str(exc)

    # The work is in ffmpeg's own processes: threads are enough to keep several going.
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        for done, (slug, manifest) in enumerate(pool.map(encode, missing), start=1):
            manifests[slug] = manifest
            progress(_("films and radio pieces: {done} of {count} encoded ({slug})", done=done, count=len(missing),
                       slug=slug))
    encoding_seconds = time.perf_counter() - started
    recordings: dict[str, Recording] = {}
    files: dict[str, Path] = {}
    seconds_encoded = 0.0
    for slug, (item, source, key) in jobs.items():
        manifest = manifests.get(slug) or encode(slug)[1]
        if isinstance(manifest, str):
            problems.append(Problem(item.display_path, item.line_of("file"), "error",
                                    _("'file': '{name}': {reason}", name=source.name, reason=manifest)))
            continue
        if slug in manifests:
            seconds_encoded += manifest["duration"]
        problems.extend(_over_limits(item, source, manifest["duration"], site))
        url = f"media/{key}/{manifest['name']}"
        files[url] = cache_dir / key / manifest["name"]
        poster = None
        if manifest["poster"]:
            poster_file = cache_dir / key / manifest["poster"]
            poster = Photo(poster_file, f"media/{key}/{manifest['poster']}", "", "", "")
        recordings[slug] = Recording(key, manifest["kind"], url, "video/mp4" if manifest["kind"] == "video" else "audio/mp4",
                                     manifest["bytes"], manifest["duration"], manifest["width"], manifest["height"],
                                     manifest["source_format"], manifest["source_bytes"], poster)
    return RecordingsResult(recordings, files, problems, len(missing), seconds_encoded, encoding_seconds)


def _over_limits(item: RecordingItem, source: Path, duration: float, site: SiteSettings) -> list[Problem]:
    """A recording (`source`) longer than site.yml allows, or captions that run past its end."""
    found = []
    if duration > site.max_media_minutes * 60:
        found.append(Problem(item.display_path, item.line_of("file"), "error", _(
            "'file': '{name}' lasts {minutes} minutes, over the limit of {limit} set by 'max_media_minutes' in "
            "site.yml; publish a shorter cut", name=source.name, minutes=format(duration / 60, ".1f"),
            limit=site.max_media_minutes)))
    if item.captions:
        late = next((cue for cue in item.captions.cues if cue.end > duration + 0.5), None)  # half a second's grace
        if late is not None:
            found.append(Problem(item.captions.display, late.line, "error", _(
                "this caption ends at {end} seconds, after the end of the recording ({duration} seconds); "
                "correct its times", end=format(late.end, ".1f"), duration=format(duration, ".1f"))))
    return found
