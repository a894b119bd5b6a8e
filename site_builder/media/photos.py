"""Stage: photos -> web renditions, without metadata, behind a content-hash cache.

Each source photo becomes JPEG and WebP files at a few widths. Encoding is
the slow part of a build, so results are cached under a key made of the
photo's bytes and the encoding settings: an unchanged photo is never
re-encoded, a changed one can never be served stale, and deleting the cache
only costs time. Encoding runs on all cores.

Nothing of the source file's metadata survives: EXIF (GPS!), XMP, IPTC,
comments and embedded thumbnails are dropped because only pixels are copied
into a new image; orientation is applied to the pixels first.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

from PIL import Image, ImageCms, ImageOps

from ..common.caches import FileDigests
from ..common.messages import _
from ..common.parallel import map_in_processes
from ..content.diagnostics import ContentError, Problem
from ..content.model import Photo

WIDTHS = (480, 960, 1600)
# The "original" offered for download (where content/site.yml allows it) is
# re-encoded too, so it carries no metadata either; it is capped at this size.
ORIGINAL_MAX_SIDE = 4000
FORMATS = (("jpg", "JPEG", {"quality": 80, "optimize": True, "progressive": True}),
           ("webp", "WEBP", {"quality": 78, "method": 4}))
# Bump when the encoding changes, so that old cache entries are not reused.
ENCODER_VERSION = "1"


@dataclass(frozen=True)
class Rendition:
    url: str  # site-relative path, e.g. "anh/3f2a…/960.webp"
    width: int
    height: int
    format: str  # "jpg" | "webp"


@dataclass(frozen=True)
class PhotoSet:
    """All renditions of one source photo."""

    key: str  # content hash
    width: int  # of the largest rendition
    height: int
    renditions: tuple[Rendition, ...]
    original: Rendition | None = None  # full-size download, only where allowed

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions if r.format == fmt)

    def best(self, fmt: str, max_width: int) -> Rendition:
        fitting = [r for r in self.renditions if r.format == fmt and r.width <= max_width]
        if fitting:
            return max(fitting, key=lambda r: r.width)
        return min((r for r in self.renditions if r.format == fmt), key=lambda r: r.width)


class WithPhotos(Protocol):
    """What shows photos: a profile, an event, a contest's winning photo entry (contest/public.WinnerMedia)."""

    @property
    def display_path(self) -> str: ...
    @property
    def photos(self) -> tuple[Photo, ...]: ...
    def line_of(self, key: str) -> int: ...


class PhotoError(Exception):
    pass


def photo_key(content_digest: str, with_original: bool) -> str:
    """The cache key: the photo's bytes (by digest) and the encoding settings."""
    digest = hashlib.sha256()
    original = ORIGINAL_MAX_SIDE if with_original else 0
    digest.update(f"v{ENCODER_VERSION}:{WIDTHS}:{FORMATS}:{original}:{content_digest}".encode())
    return digest.hexdigest()[:24]


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB, no alpha (flattened on white), orientation applied."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            image = converted if converted is not None else image  # None only when converting in place
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to Pillow's plain conversion below
    if image.mode in ("P", "LA", "PA"):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if image.mode != "RGB":
        image = image.convert("RGB")
    # Only pixels go on: Pillow would otherwise write some of `info` (a JPEG
    # comment, for one) back into the renditions.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def _encode(source: Path, key: str, cache_dir: Path, with_original: bool) -> dict:
    """Encode one photo into cache_dir/key/ and return its manifest."""
    target = cache_dir / key
    manifest_path = target / "manifest.json"
    if manifest_path.is_file():
        return json.loads(manifest_path.read_text())
    try:
        with Image.open(source) as opened:
            opened.load()
            image = _to_srgb(opened)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(_("cannot read image: {reason}", reason=exc)) from None
    tmp = target.with_name(f".{key}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    widths = [w for w in WIDTHS if w < image.width] + [min(image.width, WIDTHS[-1])]
    entries = []
    for width in sorted(set(widths)):
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for ext, fmt, options in FORMATS:
            name = f"{width}.{ext}"
            resized.save(tmp / name, fmt, **options)
            entries.append({"name": name, "width": width, "height": height, "format": ext})
    if with_original:
        original = image.copy()
        original.thumbnail((ORIGINAL_MAX_SIDE, ORIGINAL_MAX_SIDE), Image.Resampling.LANCZOS)
        original.save(tmp / "original.jpg", "JPEG", quality=90, optimize=True)
        entries.append({"name": "original.jpg", "width": original.width, "height": original.height,
                        "format": "original"})
    (tmp / "manifest.json").write_text(json.dumps({"renditions": entries}, sort_keys=True))
    try:
        tmp.rename(target)  # atomic: a half-written entry is never visible
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process won the race
    return json.loads(manifest_path.read_text())


def _encode_job(args: tuple[str, str, str, bool]) -> tuple[str, dict | str]:
    source, key, cache_dir, with_original = args
    try:
        return key, _encode(Path(source), key, Path(cache_dir), with_original)
    except PhotoError as exc:
        return key, str(exc)


@dataclass
class MediaResult:
    photos: dict[str, PhotoSet]  # by Photo.relative
    files: dict[str, Path]  # output url -> cached file to copy
    errors: dict[str, str]  # Photo.relative -> message
    encoded: int  # photos encoded in this run (cache misses)

    def raise_for_errors(self, profiles: Iterable[WithPhotos]) -> None:
        """A photo that could not be read stops the stage, named with its profile's (or event's, or
        contest entry's) file and line."""
        if self.errors:
            raise ContentError([
                Problem(p.display_path, p.line_of("photos"), "error",
                        _("photo '{file}': {reason}", file=ph.relative, reason=self.errors[ph.relative]))
                for p in profiles for ph in p.photos if ph.relative in self.errors
            ])


def process_photos(photos: list[Photo], cache_dir: Path, with_original: bool = False,
                   workers: int | None = None, some_only: bool = False) -> MediaResult:
    """Renditions of every photo, encoding only those not in the cache, on all cores. With
    `some_only` (a few new photos, before the whole build), the digests remembered of the other
    photos are kept: dropping them made the next whole build read and hash every photo again."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = FileDigests(cache_dir / "digests.json")
    keys: dict[str, str] = {}
    jobs: dict[str, tuple[str, str, str, bool]] = {}
    for photo in photos:
        key = photo_key(digests.digest(photo.source), with_original)
        keys[photo.relative] = key
        jobs[key] = (str(photo.source), key, str(cache_dir), with_original)
    misses = [job for key, job in jobs.items() if not (cache_dir / key / "manifest.json").is_file()]
    results: dict[str, dict | str] = {}
    results.update(map_in_processes(_encode_job, misses, chunksize=4, workers=workers))
    for key, job in jobs.items():
        if key not in results:  # cached: _encode only reads the manifest
            results[key] = _encode_job(job)[1]

    digests.save(keep_unused=some_only)
    photo_sets: dict[str, PhotoSet] = {}
    files: dict[str, Path] = {}
    errors: dict[str, str] = {}
    sets: dict[str, PhotoSet] = {}  # by key: one photo may be used by many profiles
    for relative, key in keys.items():
        manifest = results[key]
        if isinstance(manifest, str):
            errors[relative] = manifest
            continue
        if key not in sets:
            renditions, original = [], None
            for entry in manifest["renditions"]:
                url = f"anh/{key}/{entry['name']}"
                files[url] = Path(f"{cache_dir}/{key}/{entry['name']}")  # one parse, not two (pathlib is slow)
                rendition = Rendition(url, entry["width"], entry["height"], entry["format"])
                if entry["format"] == "original":
                    original = rendition
                else:
                    renditions.append(rendition)
            largest = max(renditions, key=lambda r: r.width)
            sets[key] = PhotoSet(key, largest.width, largest.height, tuple(renditions), original)
        photo_sets[relative] = sets[key]
    return MediaResult(photo_sets, files, errors, encoded=len(misses))
