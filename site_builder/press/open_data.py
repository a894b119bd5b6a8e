"""Stage: the public view -> open data for re-users (JSON, CSV, JSON Schema).

    du-lieu/ho-so.json            every published profile, one envelope
    du-lieu/ho-so/<id>.json       one profile per file, same record
    du-lieu/ho-so.csv             one row per profile (UTF-8 with BOM, for Excel)
    du-lieu/linh-vuc/<code>.csv   the same rows, per field
    du-lieu/phong-trao/<code>.csv the same rows, per movement
    du-lieu/dia-phuong.json       every locality with its whole history (dates, parent, successors)
    du-lieu/schema.json           JSON Schema (2020-12) of the JSON files, versioned

What goes out is an explicit allowlist: `profile_record` names every key, and
the schema forbids any other (`additionalProperties: false`), so a field added
to the model is not published until someone adds it here, to the schema and to
theme/open_data.yml. `private`, `consent`, `status` and the source paths are
never read. Profiles come from `Publication.profiles` only.
The CSV rows are made from the same records by press/open_data_csv.py.

Dates are ISO 8601 (YYYY-MM-DD) in every file: they sort and parse the same in
every program. The `id` is the profile's slug, which `id:` in the front matter
pins, so it survives a change of name; old ids are listed in `aliases`.

A record's `locality` is the place as it was recorded (a district of Bình Thuận in 2023),
`current_locality` what that place is on the build's day (the communes of Lâm Đồng it became),
both with their level and official code, so a re-user can join either to the official lists.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..common import work
from ..common.caches import Memo
from ..common.files import digest_bytes
from ..common.products import products
from ..content.localities import current_of
from ..content.model import (
    LOCALITY_LEVELS,
    Licence,
    Locality,
    Profile,
    SiteSettings,
    Term,
)
from ..content.read import safe_load
from ..content.text import SLUG_PATTERN
from ..public.gate import Publication
from ..public.views import PhotoView, ProfileView
from .open_data_csv import csv_bytes, csv_lines

FORMAT_NAME = "dien-hinh-tien-tien/ho-so"
# Must equal the newest entry of `changes` in theme/open_data.yml.
FORMAT_VERSION = "1.1.0"
DATA_DIR = "du-lieu"
SCHEMA_PATH = f"{DATA_DIR}/schema.json"
ALL_JSON_PATH = f"{DATA_DIR}/ho-so.json"
ALL_CSV_PATH = f"{DATA_DIR}/ho-so.csv"
LOCALITIES_PATH = f"{DATA_DIR}/dia-phuong.json"


def profile_data_path(slug: str) -> str:
    return f"{DATA_DIR}/ho-so/{slug}.json"


def field_csv_path(code: str) -> str:
    return f"{DATA_DIR}/linh-vuc/{code}.csv"


def movement_csv_path(code: str) -> str:
    return f"{DATA_DIR}/phong-trao/{code}.csv"


def load_format_notes(theme_dir: Path) -> dict:
    """theme/open_data.yml: descriptions of every field and the format's change log."""
    return safe_load((theme_dir / "open_data.yml").read_text(encoding="utf-8"))


def data_licence(site: SiteSettings) -> Licence:
    """The licence of the data files: `licences.data` in site.yml, else the text licence."""
    return site.data_licence or site.text_licence


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


# --- Records -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportContext:
    site: SiteSettings
    public_slugs: frozenset[str]
    localities: dict[str, Locality]
    today: dt.date  # the build's day: what a recorded locality is now
    current: dict[str, tuple[Locality, ...]] = field(default_factory=dict)  # code → current_of, filled as asked

    def absolute(self, path: str) -> str:
        return self.site.base_url + path


def _term(term: Term) -> dict:
    return {"code": term.code, "name": term.name}


def _locality(loc: Locality) -> dict:
    return {"code": loc.code, "name": loc.name, "level": loc.level, "official_code": loc.official_code or None}


def current_localities(profile: Profile, ctx: ExportContext) -> tuple[Locality, ...]:
    """What the profile's recorded locality is on the build's day (itself while it is valid);
    worked out once per locality (`ctx.current`), not once per profile."""
    if not profile.locality:
        return ()
    if profile.locality not in ctx.current:
        ctx.current[profile.locality] = current_of(ctx.localities, profile.locality, ctx.today)
    return ctx.current[profile.locality]


def locality_history(loc: Locality) -> dict:
    """One entry of dia-phuong.json: every field of localities.yml but the description."""
    return {**_locality(loc), "short_name": loc.short_name or None, "valid_from": iso(loc.valid_from),
            "valid_to": iso(loc.valid_to), "parent": loc.parent or None, "became": list(loc.became)}


def _photo_record(pv: PhotoView, ctx: ExportContext) -> dict:
    largest = pv.set.best("jpg", 10**9)
    original = pv.set.original
    return {
        "url": ctx.absolute(largest.url),
        "width": largest.width,
        "height": largest.height,
        "original": ({"url": ctx.absolute(original.url), "width": original.width, "height": original.height}
                     if original else None),
        "alt": pv.photo.alt,
        "caption": pv.photo.caption,
        "credit": pv.photo.credit,
    }


def profile_record(view: ProfileView, ctx: ExportContext) -> dict:
    """The public record of one profile: every key is named here, nothing else goes out."""
    p = view.profile
    return {
        "id": p.slug,
        "url": ctx.absolute(view.url),
        "data_url": ctx.absolute(profile_data_path(p.slug)),
        "name": p.name,
        "kind": _term(view.kind),
        "summary": p.summary,
        "fields": [_term(t) for t in view.fields],
        "movements": [_term(t) for t in view.movements],
        "locality": _locality(view.locality) if view.locality else None,
        "current_locality": [_locality(loc) for loc in current_localities(p, ctx)],
        "unit": {"code": p.unit, "name": view.unit_name} if view.unit_name else None,
        "stage": _term(view.stage),
        "year": p.year,
        "submitted": iso(p.submitted),
        "publish_from": iso(p.publish_from),
        "updated": iso(p.last_update),
        "featured": p.featured,
        "achievements": list(p.achievements),
        "awards": [
            {"award": {"code": a.award.code, "name": a.award.name, "type": a.award.type},
             "decision": a.decision, "date": iso(a.date), "issuer": a.issuer}
            for a in p.awards
        ],
        "members": [{"name": m.name, "role": m.role} for m in p.members],
        "photos": [_photo_record(pv, ctx) for pv in view.photos],
        "sources": [{"title": s.title, "publisher": s.publisher, "url": s.url or None, "date": iso(s.date)}
                    for s in p.sources],
        "corrections": [{"date": iso(c.date), "text": c.text} for c in p.corrections],
        # A withheld profile is never named, not even by its id.
        "related": [slug for slug in p.related if slug in ctx.public_slugs],
        "aliases": list(p.aliases),
        "story_html": p.story_html,  # rendered and sanitised once, at validation
    }


def _licence(licence: Licence) -> dict:
    return {"name": licence.name, "url": licence.url or None}


def envelope(ctx: ExportContext, updated: dt.date | None) -> dict:
    site = ctx.site
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "schema": ctx.absolute(SCHEMA_PATH),
        "site": {"title": site.title, "council": site.council, "province": site.province, "url": site.base_url},
        "licences": {"data": _licence(data_licence(site)), "text": _licence(site.text_licence),
                     "photos": _licence(site.photo_licence)},
        "updated": iso(updated),
    }


# --- JSON Schema ------------------------------------------------------------------


def _object(properties: dict, notes: dict, nullable: bool = False) -> dict:
    """A closed object: every property required (null where optional) and described."""
    schema = {
        "type": ["object", "null"] if nullable else "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": {name: {**spec, "description": notes[name].strip()} for name, spec in properties.items()},
    }
    return schema


def json_schema(site: SiteSettings, notes: dict) -> dict:
    """JSON Schema 2020-12 of ho-so.json and du-lieu/ho-so/<id>.json, descriptions from open_data.yml."""
    text = {"type": "string"}
    line = {"type": "string", "minLength": 1}
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    optional_date = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    url = {"type": "string", "format": "uri", "pattern": "^https?://"}
    optional_url = {"type": ["string", "null"], "format": "uri", "pattern": "^https?://"}
    slug = {"type": "string", "pattern": SLUG_PATTERN.pattern}
    pixels = {"type": "integer", "minimum": 1}

    def term(nullable=False):
        return _object({"code": slug, "name": line}, notes["term"], nullable)

    level = {"enum": list(LOCALITY_LEVELS)}
    official_code = {"type": ["string", "null"], "pattern": r"^\d{2}(\d|\d{3})?$"}  # 2, 3 or 5 digits

    def locality(nullable=False):
        return _object({"code": slug, "name": line, "level": level, "official_code": official_code},
                       notes["locality"], nullable)

    def array(items):
        return {"type": "array", "items": items}

    image = _object({"url": url, "width": pixels, "height": pixels}, notes["image"], nullable=True)
    profile = _object({
        "id": slug,
        "url": url,
        "data_url": url,
        "name": line,
        "kind": term(),
        "summary": line,
        "fields": {**array(term()), "minItems": 1},
        "movements": array(term()),
        "locality": locality(nullable=True),
        "current_locality": array(locality()),
        "unit": term(nullable=True),
        "stage": term(),
        "year": {"type": "integer", "minimum": 1900},
        "submitted": date,
        "publish_from": optional_date,
        "updated": date,
        "featured": {"type": "boolean"},
        "achievements": array(line),
        "awards": array(_object({
            "award": _object({"code": slug, "name": line,
                              "type": {"enum": ["bang-khen", "giay-khen", "danh-hieu", "khac"]}},
                             notes["award_type"]),
            "decision": line, "date": date, "issuer": text,
        }, notes["award"])),
        "members": array(_object({"name": line, "role": text}, notes["member"])),
        "photos": array(_object({
            "url": url, "width": pixels, "height": pixels, "original": image,
            "alt": line, "caption": text, "credit": line,
        }, notes["photo"])),
        "sources": array(_object({"title": line, "publisher": text, "url": optional_url, "date": optional_date},
                                 notes["source"])),
        "corrections": array(_object({"date": date, "text": line}, notes["correction"])),
        "related": {**array(slug), "uniqueItems": True},
        "aliases": {**array(slug), "uniqueItems": True},
        "story_html": text,
    }, notes["profile"])
    licence = _object({"name": line, "url": optional_url}, notes["licence"])
    shared = {
        "format": {"const": FORMAT_NAME},
        "format_version": {"type": "string", "pattern": r"^1\.\d+\.\d+$"},
        "schema": url,
        "site": _object({"title": line, "council": line, "province": line, "url": url}, notes["site"]),
        "licences": _object({"data": licence, "text": licence, "photos": licence},
                            {"data": notes["licence"]["name"], "text": notes["licence"]["name"],
                             "photos": notes["licence"]["name"]}),
        "updated": optional_date,
    }
    collection = _object({**shared, "count": {"type": "integer", "minimum": 0},
                          "profiles": array({"$ref": "#/$defs/profile"})}, notes["envelope"])
    single = _object({**shared, "profile": {"$ref": "#/$defs/profile"}}, notes["envelope"])
    history = _object({
        "code": slug, "name": line, "level": level, "official_code": official_code,
        "short_name": {"type": ["string", "null"]}, "valid_from": optional_date, "valid_to": optional_date,
        "parent": {"type": ["string", "null"], "pattern": SLUG_PATTERN.pattern},
        "became": {**array(slug), "uniqueItems": True},
    }, notes["locality_history"])
    localities = _object({**shared, "count": {"type": "integer", "minimum": 0},
                          "localities": array({"$ref": "#/$defs/locality_history"})}, notes["envelope"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.base_url + SCHEMA_PATH,
        "title": f"{site.title}: {FORMAT_NAME}",
        "description": "ho-so.json (profiles), du-lieu/ho-so/<id>.json (profile) or dia-phuong.json (localities)",
        "version": FORMAT_VERSION,
        "oneOf": [{"$ref": "#/$defs/collection"}, {"$ref": "#/$defs/single"}, {"$ref": "#/$defs/localities"}],
        "$defs": {"collection": collection, "single": single, "profile": profile, "localities": localities,
                  "locality_history": history},
    }


def _type_name(spec: dict) -> str:
    if "items" in spec:
        return f"array of {_type_name(spec['items'])}"
    kind = spec.get("type", "string")  # `enum` and `const` values are all text here
    return " | ".join(kind) if isinstance(kind, list) else kind


def schema_fields(schema: dict, definition: str = "profile") -> list[tuple[str, str, str]]:
    """(dotted name, type, description) of every property of a record (a profile, a locality's
    history), for the data page."""
    rows: list[tuple[str, str, str]] = []

    def walk(prefix: str, node: dict) -> None:
        for name, spec in node["properties"].items():
            rows.append((prefix + name, _type_name(spec), spec["description"]))
            inner = spec.get("items", spec)
            if "properties" in inner:
                walk(f"{prefix}{name}{'[]' if 'items' in spec else ''}.", inner)

    walk("", schema["$defs"][definition])
    return rows


# --- Everything ------------------------------------------------------------------


def _json(value, indent: int | None) -> bytes:
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(value, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def _spliced(head: dict, key: str, value: bytes) -> bytes:
    """Compact JSON of {**head, key: <value, already serialised>}, newline-terminated."""
    return _json(head, indent=None)[:-2] + b"," + _json(key, indent=None)[:-1] + b":" + value + b"}\n"


@dataclass
class OpenData:
    files: dict[str, bytes]  # site-relative path -> bytes
    records: dict[str, dict]  # by id, for the feeds and the data page
    keys: dict[str, str]  # by id: a key that changes with the record ("" when not known)


def record_key(view_key: str, profile: Profile, ctx: ExportContext, columns: list[str]) -> str:
    """What a profile's record and CSV line are made of: its view (file, slug, photos, the names
    it shows), the site's address, which related profiles are public, what its locality is now
    (another day, or a new successor in localities.yml, changes it), the CSV columns."""
    if not view_key or not profile.fingerprint:
        return ""
    related = [slug for slug in profile.related if slug in ctx.public_slugs]
    now = current_localities(profile, ctx)
    return digest_bytes(view_key.encode(), ctx.site.base_url.encode(), repr((related, now, columns)).encode())


def export(publication: Publication, views: dict[str, ProfileView], notes: dict, memo: Memo | None = None,
           view_keys: dict[str, str] | None = None) -> OpenData:
    """Every open data file, from the public view only.

    Serialising 10,000 records to JSON and CSV costs seconds; with `memo` and the
    views' keys (`public.views.view_key`), a record's serialisation is kept between builds.
    """
    content = publication.content
    site = content.site
    ctx = ExportContext(site, frozenset(p.slug for p in publication.profiles), content.taxonomies.localities,
                        publication.today)
    memo = memo or Memo(None)
    columns = list(notes["csv"])
    # A record and its key are those of the last build of this process (common/products.py) while
    # what they are made of is the same: the view, the site's settings, the related profiles that
    # are public, what the locality is now, the CSV columns.
    kept_records, kept_keys = products("open-data records", work.OPEN_DATA_RECORDS), products("open-data keys", work.KEYS)
    records, keys = [], []
    for p in publication.profiles:  # Vietnamese A–Z
        view, view_key = views[p.slug], (view_keys or {}).get(p.slug, "")
        made_of = (site, tuple(slug for slug in p.related if slug in ctx.public_slugs), current_localities(p, ctx))
        records.append(kept_records.get(p.slug, (view, *made_of), lambda: profile_record(view, ctx)))
        keys.append(kept_keys.get(p.slug, (view_key, p, *made_of, *columns),
                                  lambda: record_key(view_key, p, ctx, columns)))
    updated = publication.newest_update
    head = envelope(ctx, updated)
    # Data files are compact (browsers and `jq` indent them for reading); only
    # the schema, read by people, is indented.
    # Each record is serialised once and spliced into both files that carry it: the same
    # bytes as dumping {**head, "count": n, "profiles": [...]} whole, at half the cost.
    # Compact JSON (without the newline) and CSV line of each record:
    serialised = [memo.get(key, lambda: _serialise(record, columns)) if key else _serialise(record, columns)
                  for record, key in zip(records, keys)]
    memo.save()
    compact = [data for data, _ in serialised]
    lines = [line for _, line in serialised]
    files: dict[str, bytes] = {
        SCHEMA_PATH: _json(json_schema(site, notes), indent=2),
        ALL_JSON_PATH: _spliced({**head, "count": len(records)}, "profiles", b"[" + b",".join(compact) + b"]"),
    }
    # One file per profile: the envelope (which differs only by its date) made once per date.
    openings: dict[dt.date, bytes] = {}
    kept_files = products("open-data files", work.OPEN_DATA_RECORDS)
    for data, record, profile in zip(compact, records, publication.profiles):
        if profile.last_update not in openings:
            openings[profile.last_update] = _spliced(envelope(ctx, profile.last_update), "profile", b"")[:-2]
        opening = openings[profile.last_update]
        files[profile_data_path(record["id"])] = kept_files.get(record["id"], (opening, data),
                                                                lambda: opening + data + b"}\n")
    files[ALL_CSV_PATH] = csv_bytes(lines, columns)
    # The whole history, withheld profiles or not: localities are public reference data.
    history = [locality_history(loc) for loc in content.taxonomies.localities.values()]  # the file's order
    files[LOCALITIES_PATH] = _json({**head, "count": len(history), "localities": history}, indent=None)
    for key, path_of, codes in (("fields", field_csv_path, content.taxonomies.fields),
                                ("movements", movement_csv_path, content.taxonomies.movements)):
        for code, positions in positions_by_code(records, key, codes).items():
            files[path_of(code)] = csv_bytes([lines[i] for i in positions], columns)
    return OpenData(files, {r["id"]: r for r in records}, {r["id"]: key for r, key in zip(records, keys)})


def positions_by_code(records: list[dict], key: str, codes: Iterable[str]) -> dict[str, list[int]]:
    """For each code of `codes`, the positions of the records listing it under `key` ("fields",
    "movements"), in the records' order; one pass over the records, each once per code."""
    positions: dict[str, list[int]] = {code: [] for code in codes}
    for i, record in enumerate(records):
        for code in dict.fromkeys(t["code"] for t in record[key]):
            positions[code].append(i)
    return positions


def _serialise(record: dict, columns: list[str]) -> tuple[bytes, str]:
    work.count(work.OPEN_DATA_RECORDS)
    return _json(record, indent=None)[:-1], csv_lines(record, columns)
