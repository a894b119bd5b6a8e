"""One profile file -> a Profile, checked against the schema the taxonomies make;
then the checks across profiles: slugs (addresses), related profiles, old addresses."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..common.caches import FileDigests
from ..common.messages import _
from . import schema as s
from .addresses import Address, identity, profile_file
from .diagnostics import Problems, did_you_mean
from .markup import render_story
from .model import (
    KINDS,
    KINDS_NEEDING_CONSENT,
    STAGES,
    STATUSES,
    AwardGrant,
    Consent,
    Correction,
    Member,
    Photo,
    Profile,
    Source,
    Taxonomies,
)
from .read import (
    PHOTO_SUFFIXES,
    SourceDocument,
    YamlList,
    YamlMap,
)
from .schema import name_key
from .succession import not_valid_on
from .text import slugify

_HTML_TAG = re.compile(r"<[a-zA-Z!/]|javascript:|data:|!\[", re.IGNORECASE)


def photos_option() -> s.ListOf:
    """The `photos:` list of a profile, and of anything else with photos beside its file (an event):
    each photo's file, text alternative, caption and credit."""
    return s.ListOf(s.Record({
        "file": s.Text(required=True, single_line=True),
        "alt": s.Text(required=True, single_line=True, max_length=300),
        "caption": s.Text(),
        "credit": s.Text(required=True, single_line=True),
    }))


def profile_schema(tax: Taxonomies) -> s.Record:
    """The front matter of a profile, declared once (see CONTENT.md)."""
    def code(what: str, table: dict[str, Any], file: str) -> s.Code:
        return s.Code(what, lambda: table, f"taxonomies/{file}")

    return s.Record({
        "id": s.Slug(),
        "kind": s.Choice(KINDS, required=True),
        "name": s.Text(required=True, single_line=True, max_length=160, plain=True),
        "summary": s.Text(required=True, max_length=400, plain=True),
        "fields": s.ListOf(code(_("field"), tax.fields, "fields.yml"), required=True, min_items=1, unique=True),
        "movements": s.ListOf(code(_("movement"), tax.movements, "movements.yml"), unique=True),
        "locality": code(_("locality"), tax.localities, "localities.yml"),
        "unit": code(_("unit"), tax.units, "units.yml"),
        "submitted": s.Date(required=True),
        "stage": s.Choice(STAGES, required=True),
        "status": s.Choice(STATUSES, required=True),
        "publish_from": s.Date(),
        "featured": s.Boolean(default=False),
        "updated": s.Date(),
        "consent": s.Record({"given": s.Boolean(required=True), "date": s.Date()}),
        "photos": photos_option(),
        "awards": s.ListOf(s.Record({
            "award": code(_("award"), tax.awards, "awards.yml"),
            "decision": s.Text(required=True, single_line=True),
            "date": s.Date(required=True),
            "issuer": s.Text(single_line=True),
        })),
        "achievements": s.ListOf(s.Text(required=True)),
        "sources": s.ListOf(s.Record({
            "title": s.Text(required=True, single_line=True),
            "publisher": s.Text(single_line=True),
            "url": s.Url(),
            "date": s.Date(),
        })),
        "related": s.ListOf(s.Slug(), unique=True),
        "aliases": s.ListOf(s.Slug(), unique=True),
        "corrections": s.ListOf(s.Record({
            "date": s.Date(required=True),
            "text": s.Text(required=True),
        })),
        "members": s.ListOf(s.Record({
            "name": s.Text(required=True, single_line=True),
            "role": s.Text(single_line=True),
        })),
        "private": s.AnyValue(),
    })


# The first bytes of each photo format the media stage reads (MPO, a camera's JPEG, included).
_PHOTO_SIGNATURES = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"),
                     (b"GIF89a", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def photo_format(path: Path) -> str | None:
    """The photo's format by its signature, or None: catches text or HTML saved as .jpg.
    Reading 12 bytes, not opening the file with Pillow (half a millisecond a photo); a
    damaged photo with a good signature is reported by the media stage, with its file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError:
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return next((name for signature, name in _PHOTO_SIGNATURES if head.startswith(signature)), None)


def _resolve_photo(root: Path, doc_path: Path, raw: dict[str, Any], where: s.Where, problems: Problems,
                   max_bytes: int) -> Photo | None:
    """A photo's file, relative to the profile's folder, must exist inside content/."""
    name = raw["file"]
    field = f"{where.field}.file"
    if os.path.isabs(name) or name.startswith("~"):
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' is an absolute path; give the file name relative to the profile's folder",
                         field=field, name=name))
        return None
    candidate = doc_path.parent / name
    resolved = candidate.resolve()
    root_resolved = root.resolve()
    if root_resolved not in resolved.parents:
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' points outside the content folder; put the photo beside the profile",
                         field=field, name=name))
        return None
    if candidate.is_symlink():
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' is a link; copy the photo itself beside the profile", field=field, name=name))
        return None
    if not resolved.is_file():
        siblings = sorted(p.name for p in doc_path.parent.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
        problems.error(where.path, where.line,
                       _("'{field}': photo '{name}' not found next to the profile{hint}", field=field, name=name,
                         hint=did_you_mean(name, siblings)))
        return None
    if resolved.suffix.lower() not in PHOTO_SUFFIXES:
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' is not a photo; use a .jpg, .png or .webp file", field=field, name=name))
        return None
    if photo_format(resolved) is None:
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' is not a readable photo; export it again as JPEG or PNG",
                         field=field, name=name))
        return None
    size = resolved.stat().st_size
    if size > max_bytes:
        problems.error(where.path, where.line,
                       _("'{field}': '{name}' is {size} MB, over the limit of {limit} MB "
                         "set by 'max_photo_megabytes' in site.yml; send a smaller copy", field=field, name=name,
                         size=format(size / 1e6, ".1f"), limit=format(max_bytes / 1e6, ".0f")))
        return None
    return Photo(
        source=resolved,
        relative=resolved.relative_to(root_resolved).as_posix(),
        alt=raw["alt"], caption=raw["caption"], credit=raw["credit"],
    )


def validate_profile(root: Path, doc: SourceDocument, tax: Taxonomies, record: s.Record,
                     problems: Problems, max_photo_bytes: int) -> Profile | None:
    """One profile's front matter -> Profile (slug assigned later), or None (also when the
    front matter could not be read, which read_front_matter_document has reported)."""
    meta = doc.meta
    if meta is None:
        return None
    # A draft may be incomplete: what it lacks is listed as warnings, and it is left out of the
    # content (so out of every output) until it is complete. Every other rule holds for it.
    gaps = s.Gaps() if meta.get("status") == "draft" else None
    where = s.Where(doc.display, meta.line, "", gaps)
    before = len(problems.errors)
    clean = record.check_mapping(meta, where, problems)
    if clean is s.INVALID or (gaps is not None and gaps.fields):
        return None

    photos = []
    for index, raw in enumerate(clean["photos"]):
        photos_list = meta["photos"]
        line = photos_list.line_of(index) if isinstance(photos_list, YamlList) else meta.line_of("photos")
        photo = _resolve_photo(root, doc.path, raw, s.Where(doc.display, line, f"photos[{index + 1}]"),
                               problems, max_photo_bytes)
        if photo:
            photos.append(photo)

    awards = tuple(
        AwardGrant(award=tax.awards[a["award"]], decision=a["decision"], date=a["date"],
                   issuer=a["issuer"] or tax.awards[a["award"]].issuer)
        for a in clean["awards"]
    )
    consent = Consent(clean["consent"]["given"], clean["consent"]["date"]) if clean["consent"] else Consent(False)
    story_html, removed = render_story(doc.body)
    if not doc.body.strip():
        problems.warning(doc.display, doc.body_line, _("the story (text after the front matter) is empty"))
    elif removed:
        first = next((i for i, line in enumerate(doc.body.split("\n")) if _HTML_TAG.search(line)), 0)
        problems.warning(
            doc.display, doc.body_line + first,
            _("the story contains HTML or links that are not allowed (scripts, styles, frames, event handlers, "
              "javascript: links, images — photos go under 'photos:'); they are removed when published. "
              "Write the story in Markdown"),
        )
    if clean["locality"]:
        # The place as it was on the day the profile was recognised: a district after 30/06/2025 is wrong.
        wrong_date = not_valid_on(tax.localities, clean["locality"], clean["submitted"], _("locality"))
        if wrong_date:
            problems.error(doc.display, meta.line_of("locality"), _(
                "'locality': {problem} (the profile's 'submitted' date)", problem=wrong_date))
    if clean["unit"]:
        # The unit as it was on the day it sent the profile: the quota report counts it there.
        wrong_date = not_valid_on(tax.units, clean["unit"], clean["submitted"], _("unit"))
        if wrong_date:
            problems.error(doc.display, meta.line_of("unit"), _(
                "'unit': {problem} (the profile's 'submitted' date)", problem=wrong_date))
    if clean["members"] and clean["kind"] == "ca-nhan":
        problems.warning(doc.display, meta.line_of("members"),
                         _("'members' is for households and collectives; an individual has none"))
    if clean["private"] is not None and not isinstance(clean["private"], YamlMap):
        problems.error(doc.display, meta.line_of("private"),
                       _("'private' must be a block of 'name: value' lines"))
    if clean["status"] == "published" and clean["kind"] in KINDS_NEEDING_CONSENT and not consent.given:
        problems.warning(
            doc.display, meta.line_of("consent") if "consent" in meta else meta.line_of("status"),
            _("'consent': this profile is not published until 'consent.given: true' "
              "records the written consent of the people shown"),
        )
    if len(problems.errors) > before:
        return None
    return Profile(
        slug=clean["id"] or "",
        source=doc.path,
        display_path=doc.display,
        kind=clean["kind"], name=clean["name"], summary=clean["summary"],
        fields=clean["fields"], movements=clean["movements"],
        locality=clean["locality"] or "", unit=clean["unit"] or "",
        submitted=clean["submitted"], stage=clean["stage"], status=clean["status"],
        publish_from=clean["publish_from"], consent=consent,
        photos=tuple(photos), awards=awards,
        achievements=clean["achievements"],
        sources=tuple(Source(**x) for x in clean["sources"]),
        related=clean["related"], aliases=clean["aliases"],
        corrections=tuple(Correction(**x) for x in clean["corrections"]),
        members=tuple(Member(**x) for x in clean["members"]),
        story=doc.body.strip() + "\n",
        story_html=str(story_html),
        featured=clean["featured"], updated=clean["updated"],
        private=dict(clean["private"] or {}),
        lines=dict(meta.key_lines),
    )


def assign_slugs(profiles: list[Profile], tax: Taxonomies, problems: Problems, root: Path,
                 recorded: dict[str, Address]) -> tuple[list[Profile], dict[str, Address]]:
    """Give every profile a unique slug that never moves; return them and the record to keep.

    An explicit `id` wins. Then the record of addresses (content/addresses.yml): a
    recorded profile keeps its address, found by its file or, when the file was
    renamed or moved, by its name and submission date. A recorded address whose
    profile is gone stays taken. Only then do new profiles get an address, from the
    name: the plain one when free, else with the locality, then the year, then a
    number added. Withheld profiles take part too, so that publishing one never
    renames another.
    """
    taken: dict[str, Profile | None] = {}
    for p in profiles:
        if p.slug:
            first = taken.get(p.slug)
            if first is not None:  # this loop takes only profiles, never a removed one's None
                problems.error(p.display_path, p.line_of("id"),
                               _("'id': '{slug}' is also the id of {file}", slug=p.slug, file=first.display_path))
                continue
            taken[p.slug] = p
    result = [p for p in profiles if p.slug]
    waiting = [p for p in profiles if not p.slug]
    by_file = {address.file: address for address in recorded.values()}
    record = dict(recorded)
    def by_its_file(p: Profile) -> Address | None:
        return by_file.get(profile_file(root, p))

    def by_name_and_date(p: Profile) -> Address | None:
        return next((a for a in recorded.values() if a.identity() == identity(p) and a.slug not in taken), None)

    for match in (by_its_file, by_name_and_date):
        still = []
        for p in waiting:
            address = match(p)
            if address is None or address.slug in taken:
                still.append(p)
                continue
            taken[address.slug] = p
            record[address.slug] = Address(address.slug, profile_file(root, p), p.name, p.submitted)
            result.append(replace(p, slug=address.slug))
        waiting = still
    for slug in recorded:
        taken.setdefault(slug, None)  # its profile is gone; the address is not given to another

    by_base: dict[str, list[Profile]] = defaultdict(list)
    for p in waiting:
        by_base[slugify(p.name) or "ho-so"].append(p)
    for base in sorted(by_base):
        group = sorted(by_base[base], key=lambda p: (p.submitted, p.display_path))
        for p in group:
            locality = slugify(tax.localities[p.locality].label) if p.locality in tax.localities else ""
            candidates = [base, f"{base}-{locality}" if locality else base, f"{base}-{locality}-{p.year}"]
            free = next((c for c in candidates if c not in taken), None)
            number = 2
            while free is None:
                free = f"{base}-{number}" if f"{base}-{number}" not in taken else None
                number += 1
            slug = free
            if slug != base:
                problems.warning(p.display_path, p.line_of("name"), _(
                    "another profile is also named '{name}'; this one is published as '{slug}' (the address "
                    "is kept in addresses.yml from its first build on)", name=p.name, slug=slug))
            taken[slug] = p
            record[slug] = Address(slug, profile_file(root, p), p.name, p.submitted)
            result.append(replace(p, slug=slug))
    return result, record


def check_duplicates(profiles: list[Profile], problems: Problems, digests: FileDigests) -> None:
    """The same exemplar entered twice (a copied folder) is an error naming both files: the same
    name with the same locality, unit or award decision, or the very same photo. Two people who
    only share a name stay allowed (each gets an address of their own), and so do two profiles
    of one name that each have an `id:` of their own. `digests` remembers photos' hashes by
    their stat signature, so a photo is read only when it changed."""
    by_name: dict[str, list[Profile]] = defaultdict(list)
    names = {id(p): name_key(p.name) for p in profiles}  # folding a name costs: once per profile
    for p in profiles:
        by_name[names[id(p)]].append(p)
    reported: set[tuple[str, str]] = set()

    def report(first: Profile, second: Profile, why: str) -> None:
        a, b = sorted((first.display_path, second.display_path))
        pair = (a, b)
        if pair in reported:
            return
        reported.add(pair)
        later, earlier = sorted((first, second), key=lambda p: p.display_path, reverse=True)
        problems.error(later.display_path, later.line_of("name"), _(
            "'{name}' is entered twice: {other} is the same exemplar ({why}); keep one file and remove "
            "the other (if they are two different people of the same name, give each an 'id:' of its own)",
            name=later.name, other=earlier.display_path, why=why))

    for same in by_name.values():
        for i, first in enumerate(same):
            for second in same[i + 1:]:
                if first.slug and second.slug:
                    continue  # each has an `id:` of its own: two people of one name, said so
                decisions = {a.decision for a in first.awards} & {a.decision for a in second.awards}
                if first.locality and first.locality == second.locality:
                    report(first, second, _("same name and locality"))
                elif first.unit and first.unit == second.unit:
                    report(first, second, _("same name and submitting unit"))
                elif decisions:
                    report(first, second, _("same name and award decision {decision}", decision=min(decisions)))
    # The very same photo in two profiles: files of one size first (a stat each), then only
    # those are hashed, so checking 10,000 profiles does not read every photo.
    by_size: dict[int, list[tuple[Profile, Photo]]] = defaultdict(list)
    for p in profiles:
        for photo in p.photos:
            try:
                by_size[os.path.getsize(photo.source)].append((p, photo))
            except OSError:
                continue  # reported as a missing photo already
    for alike in by_size.values():
        if len({id(p) for p, _photo in alike}) < 2:
            continue
        # By digest, and by digest and name: one photo shared by hundreds of profiles (a council's
        # stock photo) is then looked up, not compared with each earlier profile's name in turn.
        by_digest: dict[str, list[Profile]] = defaultdict(list)
        by_digest_and_name: dict[tuple[str, str], list[Profile]] = defaultdict(list)
        for p, photo in alike:
            digest, key = digests.digest(photo.source), names[id(p)]
            namesake = next((other for other in by_digest_and_name[digest, key]
                             if other is not p and not (other.slug and p.slug)), None)
            first_other = next((other for other in by_digest[digest] if other is not p), None)
            if namesake is not None:
                report(p, namesake, _("the same photo {file}", file=photo.relative))
            elif first_other is not None:
                # Two exemplars may share a photo (a collective and its leader at one event): a
                # warning, in case it is one exemplar entered twice under two spellings.
                problems.warning(p.display_path, p.line_of("photos"), _(
                    "the photo {file} is also a photo of {other} ({path}); if they are one exemplar entered "
                    "twice, keep one file", file=photo.relative, other=first_other.name,
                    path=first_other.display_path))
            by_digest[digest].append(p)
            by_digest_and_name[digest, key].append(p)


def check_cross_references(profiles: list[Profile], problems: Problems) -> None:
    slugs = {p.slug for p in profiles}
    owners_of_alias: dict[str, str] = {}
    for p in profiles:
        for target in p.related:
            if target == p.slug:
                problems.error(p.display_path, p.line_of("related"),
                               _("'related': '{slug}' is this profile itself", slug=target))
            elif target not in slugs:
                problems.error(p.display_path, p.line_of("related"),
                               _("'related': no profile has the slug '{slug}'{hint}", slug=target,
                                 hint=did_you_mean(target, slugs)))
        for alias in p.aliases:
            if alias in slugs:
                problems.error(p.display_path, p.line_of("aliases"),
                               _("'aliases': '{alias}' is the slug of another profile; an old address cannot be reused",
                                 alias=alias))
            elif alias in owners_of_alias:
                problems.error(p.display_path, p.line_of("aliases"),
                               _("'aliases': '{alias}' is also an alias of {file}", alias=alias, file=owners_of_alias[alias]))
            owners_of_alias[alias] = p.display_path
