"""Stage 2, validate: turn loaded YAML into the model, reporting every problem.

Order: site settings, then taxonomies (profiles refer to them), then each
profile, then the checks across profiles (slugs, related, aliases). A profile
with errors is left out of the model; the caller decides whether errors stop
the build (they do: `build` refuses to publish with any error).
"""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from . import schema as s
from ..common.caches import ValidationCache, code_fingerprint, digest_bytes, stat_signature
from .diagnostics import Problem, Problems, did_you_mean
from .markup import render_story
from ..common.parallel import map_on_cores
from .read import YamlList, YamlMap, read_front_matter_document, read_yaml_file
from .model import (
    AWARD_TYPES, CADENCES, KINDS, KINDS_NEEDING_CONSENT, STAGES, STATUSES,
    AwardGrant, AwardType, Consent, Content, Correction, EditorSettings, Group, Licence, Member,
    Page, Photo, PressContact, Profile, Quota, SiteSettings, Source, Taxonomies,
    Term, Unit,
)
from .text import slugify

_HTML_TAG = re.compile(r"<[a-zA-Z!/]|javascript:|data:|!\[", re.IGNORECASE)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff")


def display_path(path: Path) -> str:
    """Path as editors see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


# --- Site settings ----------------------------------------------------------

_LICENCE_OPTIONS = {"name": s.Text(required=True, single_line=True), "url": s.Url()}

SITE_SCHEMA = s.Record({
    "title": s.Text(required=True, single_line=True, max_length=120),
    "short_title": s.Text(single_line=True, max_length=60),
    "description": s.Text(required=True, max_length=300),
    "council": s.Text(required=True, single_line=True),
    "province": s.Text(required=True, single_line=True),
    "base_url": s.Url(required=True),
    "language": s.Choice(["vi"], default="vi"),
    "sample": s.Boolean(default=False),
    "sample_notice": s.Text(),
    "press": s.Record({
        "name": s.Text(required=True, single_line=True),
        "role": s.Text(single_line=True),
        "email": s.Text(single_line=True),
        "phone": s.Text(single_line=True),
        "address": s.Text(single_line=True),
        "interviews": s.Text(),
    }, required=True),
    "licences": s.Record({"text": s.Record(_LICENCE_OPTIONS, required=True),
                          "photos": s.Record(_LICENCE_OPTIONS, required=True),
                          "data": s.Record(_LICENCE_OPTIONS)}, required=True),
    "page_size": s.Integer(default=24, minimum=4),
    "home_intro": s.Text(),
    "footer_note": s.Text(),
    "copyright": s.Text(single_line=True),
    "original_photo_download": s.Boolean(default=False),
    "max_photo_megabytes": s.Integer(default=25, minimum=1),
    "publish_quota_report": s.Boolean(default=False),
    # The web editor at /quan-tri/ (site_builder/cms/): the git host, repository and branch it saves to.
    "cms": s.Record({
        "backend": s.Choice(("github", "gitlab", "gitea", "forgejo"), required=True),
        "repo": s.Text(required=True, single_line=True),
        "branch": s.Text(single_line=True, default="main"),
        "content_folder": s.Text(single_line=True, default="content"),
        "review": s.Boolean(default=True),
        "base_url": s.Url(),
        "api_root": s.Url(),
        "app_id": s.Text(single_line=True),
    }),
})


def validate_site(root: Path, problems: Problems) -> SiteSettings | None:
    path = root / "site.yml"
    display = display_path(path)
    if not path.is_file():
        problems.error(display, 0, "site settings file is missing; copy site.yml from the sample content")
        return None
    data = read_yaml_file(path, display, problems)
    if data is None:
        return None
    clean = SITE_SCHEMA.check(data, s.Where(display, 1, ""), problems)
    if clean is s.INVALID:
        return None
    if clean["sample"] and not clean["sample_notice"]:
        problems.error(display, data.line_of("sample"),
                       "'sample_notice' is required when 'sample: true': say the content is fictional")
        return None
    base_url = clean["base_url"].rstrip("/") + "/"
    licences = clean["licences"]
    return SiteSettings(
        title=clean["title"],
        short_title=clean["short_title"] or clean["title"],
        description=clean["description"],
        council=clean["council"],
        province=clean["province"],
        base_url=base_url,
        language=clean["language"],
        sample=clean["sample"],
        sample_notice=clean["sample_notice"],
        press=PressContact(**clean["press"]),
        text_licence=Licence(**licences["text"]),
        photo_licence=Licence(**licences["photos"]),
        page_size=clean["page_size"],
        home_intro=clean["home_intro"],
        footer_note=clean["footer_note"],
        copyright=clean["copyright"],
        original_photo_download=clean["original_photo_download"],
        max_photo_megabytes=clean["max_photo_megabytes"],
        publish_quota_report=clean["publish_quota_report"],
        data_licence=Licence(**licences["data"]) if licences["data"] else None,
        cms=EditorSettings(**clean["cms"]) if clean["cms"] else None,
    )


# --- Taxonomies -------------------------------------------------------------

_TERM_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "short_name": s.Text(single_line=True),
    "description": s.Text(),
}
_QUOTA = s.Record({
    "cadence": s.Choice(CADENCES, required=True),
    "minimum": s.Integer(required=True, minimum=0),
})
_GROUP_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "description": s.Text(),
    "cadence": s.Choice(CADENCES, required=True),
    "minimum": s.Integer(required=True, minimum=0),
    "armed_forces": _QUOTA,
}
_AWARD_OPTIONS = {
    "code": s.Slug(required=True),
    "name": s.Text(required=True, single_line=True),
    "type": s.Choice(AWARD_TYPES, required=True),
    "issuer": s.Text(single_line=True),
    "description": s.Text(),
}


def _unit_options(groups: dict) -> dict:
    return {
        "code": s.Slug(required=True),
        "name": s.Text(required=True, single_line=True),
        "group": s.Code("group", lambda: groups, "taxonomies/groups.yml", required=True),
        "armed_forces": s.Boolean(default=False),
        "description": s.Text(),
    }


def taxonomy_schemas(tax: Taxonomies) -> dict[str, dict]:
    """Each taxonomy file's entry options, by file name (the web editor's forms are made from them)."""
    return {"kinds.yml": _TERM_OPTIONS, "stages.yml": _TERM_OPTIONS, "fields.yml": _TERM_OPTIONS,
            "movements.yml": _TERM_OPTIONS, "localities.yml": _TERM_OPTIONS, "groups.yml": _GROUP_OPTIONS,
            "units.yml": _unit_options(tax.groups), "awards.yml": _AWARD_OPTIONS}


def _read_taxonomy(root: Path, filename: str, options: dict, problems: Problems) -> list[dict]:
    """Read one taxonomy file: a list of records with unique codes."""
    path = root / "taxonomies" / filename
    display = display_path(path)
    if not path.is_file():
        problems.error(display, 0, f"taxonomy file is missing; every site needs taxonomies/{filename}")
        return []
    data = read_yaml_file(path, display, problems)
    if data is None:
        return []
    if not isinstance(data, YamlList):
        problems.error(display, 1, "a taxonomy file must be a list of entries, each starting with '- code:'")
        return []
    record = s.Record(options)
    entries: list[dict] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line = data.line_of(index)
        clean = record.check(item, s.Where(display, line, f"[{index + 1}]"), problems)
        if clean is s.INVALID:
            continue
        if clean["code"] in seen:
            problems.error(display, line,
                           f"code '{clean['code']}' is used twice (also on line {seen[clean['code']]})")
            continue
        seen[clean["code"]] = line
        clean["_line"] = line
        entries.append(clean)
    if not entries and data:
        return []
    if not data:
        problems.error(display, 1, "the taxonomy is empty")
    return entries


def _terms(entries: list[dict]) -> dict[str, Term]:
    return {
        e["code"]: Term(e["code"], e["name"], e["description"], e["short_name"])
        for e in entries
    }


def _require_exact_codes(root: Path, filename: str, terms: dict, codes: tuple, problems: Problems):
    missing = [c for c in codes if c not in terms]
    extra = [c for c in terms if c not in codes]
    display = display_path(root / "taxonomies" / filename)
    if missing:
        problems.error(display, 1, f"missing code(s) {', '.join(missing)}: these codes are fixed, only names may change")
    for code in extra:
        problems.error(display, 1, f"code '{code}' is not allowed here; the codes are {', '.join(codes)}"
                       f"{did_you_mean(code, codes)}")


def validate_taxonomies(root: Path, problems: Problems) -> Taxonomies:
    kinds = _terms(_read_taxonomy(root, "kinds.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "kinds.yml", kinds, KINDS, problems)
    stages = _terms(_read_taxonomy(root, "stages.yml", _TERM_OPTIONS, problems))
    _require_exact_codes(root, "stages.yml", stages, STAGES, problems)
    fields = _terms(_read_taxonomy(root, "fields.yml", _TERM_OPTIONS, problems))
    movements = _terms(_read_taxonomy(root, "movements.yml", _TERM_OPTIONS, problems))
    localities = _terms(_read_taxonomy(root, "localities.yml", _TERM_OPTIONS, problems))

    groups: dict[str, Group] = {}
    for e in _read_taxonomy(root, "groups.yml", _GROUP_OPTIONS, problems):
        armed = e["armed_forces"]
        groups[e["code"]] = Group(
            code=e["code"], name=e["name"],
            quota=Quota(e["cadence"], e["minimum"]),
            armed_forces_quota=Quota(armed["cadence"], armed["minimum"]) if armed else None,
        )

    units = {
        e["code"]: Unit(e["code"], e["name"], e["group"], e["armed_forces"])
        for e in _read_taxonomy(root, "units.yml", _unit_options(groups), problems)
    }
    awards = {
        e["code"]: AwardType(e["code"], e["name"], e["type"], e["issuer"])
        for e in _read_taxonomy(root, "awards.yml", _AWARD_OPTIONS, problems)
    }
    return Taxonomies(kinds, stages, fields, movements, localities, groups, units, awards)


# --- Profiles ---------------------------------------------------------------


def profile_schema(tax: Taxonomies) -> s.Record:
    """The front matter of a profile, declared once (see CONTENT.md)."""
    def code(what, table, file):
        return s.Code(what, lambda: table, f"taxonomies/{file}")

    return s.Record({
        "id": s.Slug(),
        "kind": s.Choice(KINDS, required=True),
        "name": s.Text(required=True, single_line=True, max_length=160),
        "summary": s.Text(required=True, max_length=400),
        "fields": s.ListOf(code("field", tax.fields, "fields.yml"), required=True, min_items=1, unique=True),
        "movements": s.ListOf(code("movement", tax.movements, "movements.yml"), unique=True),
        "locality": code("locality", tax.localities, "localities.yml"),
        "unit": code("unit", tax.units, "units.yml"),
        "submitted": s.Date(required=True),
        "stage": s.Choice(STAGES, required=True),
        "status": s.Choice(STATUSES, required=True),
        "publish_from": s.Date(),
        "featured": s.Boolean(default=False),
        "updated": s.Date(),
        "consent": s.Record({"given": s.Boolean(required=True), "date": s.Date()}),
        "photos": s.ListOf(s.Record({
            "file": s.Text(required=True, single_line=True),
            "alt": s.Text(required=True, single_line=True, max_length=300),
            "caption": s.Text(),
            "credit": s.Text(required=True, single_line=True),
        })),
        "awards": s.ListOf(s.Record({
            "award": code("award", tax.awards, "awards.yml"),
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


def _resolve_photo(root: Path, doc_path: Path, raw: dict, where: s.Where, problems: Problems,
                   max_bytes: int) -> Photo | None:
    """A photo's file, relative to the profile's folder, must exist inside content/."""
    name = raw["file"]
    field = f"{where.field}.file"
    if os.path.isabs(name) or name.startswith("~"):
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' is an absolute path; give the file name relative to the profile's folder")
        return None
    candidate = doc_path.parent / name
    resolved = candidate.resolve()
    root_resolved = root.resolve()
    if root_resolved not in resolved.parents:
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' points outside the content folder; put the photo beside the profile")
        return None
    if candidate.is_symlink():
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' is a link; copy the photo itself beside the profile")
        return None
    if not resolved.is_file():
        siblings = sorted(p.name for p in doc_path.parent.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
        problems.error(where.path, where.line,
                       f"'{field}': photo '{name}' not found next to the profile{did_you_mean(name, siblings)}")
        return None
    if resolved.suffix.lower() not in PHOTO_SUFFIXES:
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' is not a photo; use a .jpg, .png or .webp file")
        return None
    if photo_format(resolved) is None:
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' is not a readable photo; export it again as JPEG or PNG")
        return None
    size = resolved.stat().st_size
    if size > max_bytes:
        problems.error(where.path, where.line,
                       f"'{field}': '{name}' is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.0f} MB "
                       "set by 'max_photo_megabytes' in site.yml; send a smaller copy")
        return None
    return Photo(
        source=resolved,
        relative=resolved.relative_to(root_resolved).as_posix(),
        alt=raw["alt"], caption=raw["caption"], credit=raw["credit"],
    )


def validate_profile(root: Path, doc, tax: Taxonomies, record: s.Record,
                     problems: Problems, max_photo_bytes: int) -> Profile | None:
    """One profile's front matter -> Profile (slug assigned later), or None."""
    meta: YamlMap = doc.meta
    where = s.Where(doc.display, meta.line, "")
    before = len(problems.errors)
    clean = record.check_mapping(meta, where, problems)
    if clean is s.INVALID:
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
        problems.warning(doc.display, doc.body_line, "the story (text after the front matter) is empty")
    elif removed:
        first = next((i for i, line in enumerate(doc.body.split("\n")) if _HTML_TAG.search(line)), 0)
        problems.warning(
            doc.display, doc.body_line + first,
            "the story contains HTML or links that are not allowed (scripts, styles, frames, event handlers, "
            "javascript: links, images — photos go under 'photos:'); they are removed when published. "
            "Write the story in Markdown",
        )
    if clean["members"] and clean["kind"] == "ca-nhan":
        problems.warning(doc.display, meta.line_of("members"),
                         "'members' is for households and collectives; an individual has none")
    if clean["private"] is not None and not isinstance(clean["private"], YamlMap):
        problems.error(doc.display, meta.line_of("private"),
                       "'private' must be a block of 'name: value' lines")
    if clean["status"] == "published" and clean["kind"] in KINDS_NEEDING_CONSENT and not consent.given:
        problems.warning(
            doc.display, meta.line_of("consent") if "consent" in meta else meta.line_of("status"),
            "'consent': this profile is not published until 'consent.given: true' "
            "records the written consent of the people shown",
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


def assign_slugs(profiles: list[Profile], tax: Taxonomies, problems: Problems) -> list[Profile]:
    """Give every profile a unique, stable slug.

    An explicit `id` wins. Otherwise the slug comes from the name. Profiles that
    share a name are ordered by submission date (then file), so the first one
    keeps the plain slug and a later arrival does not rename it; later ones
    get the locality, then the year, then a number added. Withheld profiles
    take part too, so that publishing one never renames another.
    """
    taken: dict[str, Profile] = {}
    for p in profiles:
        if p.slug:
            if p.slug in taken:
                problems.error(p.display_path, p.line_of("id"),
                               f"'id': '{p.slug}' is also the id of {taken[p.slug].display_path}")
                continue
            taken[p.slug] = p
    by_base: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        if not p.slug:
            by_base[slugify(p.name) or "ho-so"].append(p)
    result = [p for p in profiles if p.slug]
    for base in sorted(by_base):
        group = sorted(by_base[base], key=lambda p: (p.submitted, p.display_path))
        for p in group:
            locality = slugify(tax.localities[p.locality].label) if p.locality in tax.localities else ""
            candidates = [base, f"{base}-{locality}" if locality else base, f"{base}-{locality}-{p.year}"]
            slug = next((c for c in candidates if c not in taken), None)
            number = 2
            while slug is None:
                slug = f"{base}-{number}" if f"{base}-{number}" not in taken else None
                number += 1
            if slug != base:
                problems.warning(
                    p.display_path, p.line_of("name"),
                    f"another profile is also named '{p.name}'; this one is published as '{slug}'. "
                    f"Add 'id: {slug}' to keep that address for good",
                )
            taken[slug] = p
            result.append(replace(p, slug=slug))
    return result


def check_cross_references(profiles: list[Profile], problems: Problems) -> None:
    slugs = {p.slug for p in profiles}
    owners_of_alias: dict[str, str] = {}
    for p in profiles:
        for target in p.related:
            if target == p.slug:
                problems.error(p.display_path, p.line_of("related"), f"'related': '{target}' is this profile itself")
            elif target not in slugs:
                problems.error(p.display_path, p.line_of("related"),
                               f"'related': no profile has the slug '{target}'{did_you_mean(target, slugs)}")
        for alias in p.aliases:
            if alias in slugs:
                problems.error(p.display_path, p.line_of("aliases"),
                               f"'aliases': '{alias}' is the slug of another profile; an old address cannot be reused")
            elif alias in owners_of_alias:
                problems.error(p.display_path, p.line_of("aliases"),
                               f"'aliases': '{alias}' is also an alias of {owners_of_alias[alias]}")
            owners_of_alias[alias] = p.display_path


# --- Free pages -------------------------------------------------------------

PAGE_SCHEMA = s.Record({
    "title": s.Text(required=True, single_line=True),
    "description": s.Text(single_line=True),
    "nav_order": s.Integer(default=100),
})


def validate_pages(root: Path, problems: Problems) -> list[Page]:
    pages = []
    for path in sorted((root / "pages").glob("*.md")):
        display = display_path(path)
        doc = read_front_matter_document(path, display, problems)
        if doc is None or doc.meta is None:
            continue
        clean = PAGE_SCHEMA.check(doc.meta, s.Where(display, doc.meta.line, ""), problems)
        if clean is s.INVALID:
            continue
        slug = slugify(path.stem)
        pages.append(Page(slug, clean["title"], clean["description"], doc.body, path, display, clean["nav_order"]))
    return pages


# --- Everything ---------------------------------------------------------------


def _settings_fingerprint(root: Path, site: SiteSettings | None, tax: Taxonomies) -> str:
    """What a profile's validation depends on besides its own file: the code,
    the photo size limit, which codes exist, and the award types (a profile
    keeps its awards' names). Renaming a field or a locality changes none of
    these, so it does not force every profile to be validated again."""
    codes = {name: sorted(getattr(tax, name)) for name in ("fields", "movements", "localities", "units")}
    return digest_bytes(code_fingerprint().encode(), os.getcwd().encode(), str(root.resolve()).encode(),
                        repr(site.max_photo_megabytes if site else None).encode(), repr(codes).encode(),
                        repr(sorted(tax.awards.items())).encode())


def markdown_files(folder: Path) -> list[Path]:
    """Every *.md file under `folder`, sorted; os.walk, since pathlib's rglob costs
    seconds at 10,000 profiles. Hidden folders (.git, editors' backups) are skipped."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        found.extend(os.path.join(parent, n) for n in names if n.endswith(".md"))
    return [Path(p) for p in sorted(found, key=lambda p: p.split(os.sep))]  # by path parts, as Paths sort


# Below this many profiles to check, a second process costs more than it saves.
PARALLEL_FROM = 200
# A file modified less than this long ago is read again next time, whatever its stat says
# (git's "racy clean" rule): some file systems keep times to the second or two.
RACY_NS = 3_000_000_000


def _check_profile(path: Path, root: Path, tax: Taxonomies, record, max_photo_bytes: int
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
    problems = Problems()
    root = Path(root)
    if not root.is_dir():
        problems.error(display_path(root), 0, "content folder not found")
        return None, problems
    site = validate_site(root, problems)
    tax = validate_taxonomies(root, problems)
    record = profile_schema(tax)
    max_photo_bytes = (site.max_photo_megabytes if site else 25) * 1_000_000
    cache = ValidationCache(cache_dir / "validation" if cache_dir else None,
                            _settings_fingerprint(root, site, tax))
    profiles: list[Profile] = []
    profile_files = markdown_files(root / "profiles")
    if not profile_files:
        problems.warning(display_path(root / "profiles"), 0, "no profiles found")
    files, cached = [], []  # (path, bytes, stat signature) and the cache's answer, per profile file
    for path in profile_files:
        hit, data, signature = cache.unchanged(path), b"", None
        if hit is None:
            signature = stat_signature(path)  # before reading: a change made after it is seen next time
            if signature is not None and time.time_ns() - signature[1] < RACY_NS:
                signature = None  # written just now: a second write within the clock's step could keep it
            data = path.read_bytes() if path.is_file() else b""
            hit = cache.get(path, data, signature)
        files.append((path, data, signature))
        cached.append(hit)
    # Profiles not in the cache (a first build, a new code version) are checked on every core.
    checked = iter(map_on_cores(lambda path: _check_profile(path, root, tax, record, max_photo_bytes),
                                [path for (path, _, _), hit in zip(files, cached) if hit is None],
                                PARALLEL_FROM if parallel_from is None else parallel_from))
    for (path, data, signature), hit in zip(files, cached):
        profile, found = hit if hit is not None else next(checked)
        problems.extend(found)
        if profile is None:
            continue
        if hit is None:
            profile = replace(profile, fingerprint=digest_bytes(data))
            if not any(p.severity == "error" for p in found):
                cache.put(path, data, signature, profile, found, [ph.source for ph in profile.photos])
        profiles.append(profile)
    if not problems.errors:
        cache.save()
    profiles = assign_slugs(profiles, tax, problems)
    check_cross_references(profiles, problems)
    pages = validate_pages(root, problems)
    if site is None:
        return None, problems
    return Content(root, site, tax, tuple(sorted(profiles, key=lambda p: p.slug)), tuple(pages)), problems

