"""Stage 1, the whole of content/ -> Content and every Problem found.

Order: site settings, then taxonomies (profiles refer to them), then each
profile, then the checks across profiles (slugs, related, aliases), then the
free pages. A profile with errors is left out of the model; the caller
decides whether errors stop the build (they do: `build` refuses to publish
with any error). Unchanged profiles come from the validation cache; many
changed ones are checked on every core.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import cast

from ..common import work
from ..common.caches import FileDigests, ValidationCache, code_fingerprint, cycle_collector_paused
from ..common.files import digest_bytes, stat_signature
from ..common.messages import _, current_language
from ..common.parallel import map_on_cores
from .addresses import read_addresses
from .diagnostics import Problem, Problems
from .events import validate_events
from .free_pages import validate_pages
from .media_items import load_media
from .model import (
    Content,
    Profile,
    SiteSettings,
    Taxonomies,
)
from .profiles import (
    assign_slugs,
    check_cross_references,
    check_duplicates,
    profile_schema,
    validate_profile,
)
from .read import (
    PHOTO_SUFFIXES,
    display_path,
    read_front_matter_document,
)
from .schema import Record
from .site_settings import validate_site
from .taxonomies import validate_taxonomies


def _settings_fingerprint(root: Path, site: SiteSettings | None, tax: Taxonomies) -> str:
    """What a profile's validation depends on besides its own file: the code,
    the photo size limit, which codes exist, and the award types (a profile
    keeps its awards' names). Renaming a field or a locality changes none of
    these, so it does not force every profile to be validated again. A unit's dates do: a
    profile must name a unit that existed on its 'submitted' date."""
    codes = {name: sorted(getattr(tax, name)) for name in ("fields", "movements", "localities", "units")}
    codes["unit dates"] = sorted((u.code, u.valid_from, u.valid_to, u.became) for u in tax.units.values())
    # The language too: a cached profile keeps its warnings' text.
    return digest_bytes(code_fingerprint().encode(), current_language(), os.getcwd().encode(), str(root.resolve()).encode(),
                        repr(site.max_photo_megabytes if site else None).encode(), repr(codes).encode(),
                        repr(sorted(tax.awards.items())).encode())


WORD_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")


def report_unread_files(listing: list[tuple[str, list[str]]], profiles: list[Profile], incomplete: list[str],
                        problems: Problems) -> None:
    """A warning for every file under profiles/ that is read neither as a profile nor as a photo,
    with the likely fix: nothing an editor put there is ignored silently."""
    # A file is used when it is a profile's photo, however the path is written (a link, "./"):
    # compared by real path. Most files are a photo under the very path its profile gives, so that
    # is looked up first; the real paths (a few system calls each, 20,000 at 10,000 profiles) are
    # worked out only for a file not found so.
    sources = {str(photo.source) for p in profiles for photo in p.photos}
    real_sources: set[str] | None = None
    drafts = {os.path.dirname(path) for path in incomplete}  # their photos are checked once complete
    for parent, names in listing:
        for name in sorted(names):
            path = os.path.join(parent, name)
            lower = name.lower()
            if name.startswith(".") or name.endswith(".md") or path in sources:
                continue
            if real_sources is None:
                real_sources = {os.path.realpath(source) for source in sources}
            if os.path.realpath(path) in real_sources:
                continue
            if lower.endswith(PHOTO_SUFFIXES) and display_path(Path(parent)) in drafts:
                continue
            if lower.endswith((".md.txt", ".md.docx")) or lower in ("index.txt", "index.markdown"):
                fix = _("the file is named {name}; rename it to index.md (Windows may hide the end of "
                        "the name: turn on 'File name extensions' in Explorer's View menu)", name=name)
            elif lower.endswith(".md"):
                fix = _("the file is named {name}; rename it to {lower} (the ending .md in small letters)",
                        name=name, lower="index.md" if lower == "index.md" else name[:-3] + ".md")
            elif lower.endswith(WORD_SUFFIXES):
                fix = _("Word files are not read; use site-builder import, or copy the text into index.md")
            elif lower.endswith(PHOTO_SUFFIXES):
                fix = _("no profile lists this photo under 'photos:'; add it there (with alt and credit) "
                        "or remove the file")
            else:
                fix = _("this file is not read: a profile is a folder with its index.md and its photos")
            problems.warning(display_path(Path(path)), 0, fix)


def list_folder(folder: Path) -> list[tuple[str, list[str]]]:
    """Every folder under `folder` with its files' names, as os.walk gives them (pathlib's rglob
    costs seconds at 10,000 profiles); hidden folders (.git, editors' backups) are skipped.
    Walked once per build: for the profiles' files and for the files that are not read."""
    listing = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        listing.append((parent, names))
    return listing


def markdown_files(listing: list[tuple[str, list[str]]]) -> list[Path]:
    """Every *.md file of a `list_folder` listing, sorted."""
    found = [os.path.join(parent, n) for parent, names in listing for n in names if n.endswith(".md")]
    return [Path(p) for p in sorted(found, key=lambda p: p.split(os.sep))]  # by path parts, as Paths sort


# Below this many profiles to check, a second process costs more than it saves.
PARALLEL_FROM = 200
# A file modified less than this long ago is read again next time, whatever its stat says
# (git's "racy clean" rule): some file systems keep times to the second or two.
RACY_NS = 3_000_000_000


def check_profile_file(path: Path, content: Content) -> tuple[Profile | None, list[Problem]]:
    """One profile's file checked again against `content`'s taxonomies and settings, as
    `load_content` checks each (the preview's changed page first: pipeline/changed_first.py).
    The profile has no address yet: `assign_slugs` gives it, with every profile in view."""
    profile, problems = _check_profile(path, content.root, content.taxonomies, profile_schema(content.taxonomies),
                                       content.site.max_photo_megabytes * 1_000_000)
    if profile is not None and not any(p.severity == "error" for p in problems):
        return replace(profile, fingerprint=digest_bytes(path.read_bytes())), problems
    return None, problems


def _check_profile(path: Path, root: Path, tax: Taxonomies, record: Record, max_photo_bytes: int
                   ) -> tuple[Profile | None, list[Problem]]:
    own = Problems()
    doc = read_front_matter_document(path, display_path(path), own)
    profile = None
    if doc is not None and doc.meta is not None:
        profile = validate_profile(root, doc, tax, record, own, max_photo_bytes)
    return profile, own.items


def load_content(root: Path, cache_dir: Path | None = None,
                 parallel_from: int | None = None) -> tuple[Content | None, Problems]:
    """Read and validate all of content/. Returns (content or None, problems).

    With `cache_dir`, a profile whose file, photos, taxonomies and settings
    are unchanged since the last run is taken from the validation cache.
    """
    # With the cycle collector paused: the content is made of many objects that live on and
    # little garbage, and at 10,000 profiles the collector's passes over the growing heap were
    # a quarter of this (0.3 of 1.4 s with the cache warm). The checks on other cores collect.
    with cycle_collector_paused():
        return _load_content(root, cache_dir, parallel_from)


def _load_content(root: Path, cache_dir: Path | None, parallel_from: int | None) -> tuple[Content | None, Problems]:
    problems = Problems()
    root = Path(root)
    if not root.is_dir():
        problems.error(display_path(root), 0, _("content folder not found"))
        return None, problems
    site = validate_site(root, problems)
    tax = validate_taxonomies(root, problems)
    record = profile_schema(tax)
    max_photo_bytes = (site.max_photo_megabytes if site else 25) * 1_000_000
    cache = ValidationCache(cache_dir / "validation" if cache_dir else None,
                            _settings_fingerprint(root, site, tax))
    profiles: list[Profile] = []
    incomplete: list[str] = []
    listing = list_folder(root / "profiles")
    profile_files = markdown_files(listing)
    if not profile_files:
        problems.warning(display_path(root / "profiles"), 0, _("no profiles found"))
    files, cached = [], []  # (path, bytes, stat signature) and the cache's answer, per profile file
    for path in profile_files:
        hit, data, signature = cache.unchanged(path), b"", None
        if hit is None:
            signature = stat_signature(path)  # before reading: a change made after it is seen next time
            if signature is not None and time.time_ns() - signature[1] < RACY_NS:
                signature = None  # written just now: a second write within the clock's step could keep it
            data = path.read_bytes() if path.is_file() else b""
            work.count(work.PROFILES_READ)
            hit = cache.get(path, data, signature)
        files.append((path, data, signature))
        cached.append(hit)
    # Profiles not in the cache (a first build, a new code version) are checked on every core.
    work.count(work.PROFILES_CHECKED, sum(hit is None for hit in cached))
    checked = iter(map_on_cores(lambda path: _check_profile(path, root, tax, record, max_photo_bytes),
                                [path for (path, _, _), hit in zip(files, cached) if hit is None],
                                PARALLEL_FROM if parallel_from is None else parallel_from))
    for (path, data, signature), hit in zip(files, cached):
        answer, found = hit if hit is not None else next(checked)
        profile = cast("Profile | None", answer)  # the cache holds only what this loop put into it
        problems.extend(found)
        if profile is None:
            if not any(p.severity == "error" for p in found):
                incomplete.append(display_path(path))
            continue
        if hit is None:
            profile = replace(profile, fingerprint=digest_bytes(data))
            if not any(p.severity == "error" for p in found):
                cache.put(path, data, signature, profile, found, [ph.source for ph in profile.photos])
        profiles.append(profile)
    if not problems.errors:
        cache.save()
    report_unread_files(listing, profiles, incomplete, problems)
    digests = FileDigests(cache_dir / "photo-digests.json" if cache_dir else None)  # for check_duplicates
    check_duplicates(profiles, problems, digests)
    digests.save()
    profiles, addresses = assign_slugs(profiles, tax, problems, root, read_addresses(root, problems))
    check_cross_references(profiles, problems)
    events = validate_events(root, tax, profiles, problems, max_photo_bytes)
    pages = validate_pages(root, problems)
    programmes, media = load_media(root, tax, profiles, problems, max_photo_bytes)
    if site is None:
        return None, problems
    return Content(root, site, tax, tuple(sorted(profiles, key=lambda p: p.slug)), tuple(pages),
                   tuple(incomplete), addresses, programmes, media, events), problems
