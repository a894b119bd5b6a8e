"""Stage: the honouring events as open data and as schema.org `Event`s.

    du-lieu/su-kien.json          every event with its public honourees, one envelope
    du-lieu/su-kien.csv           one row per public honouree of each event (UTF-8 with BOM)
    du-lieu/su-kien.schema.json   JSON Schema (2020-12) of su-kien.json, versioned

Made by the press kit beside open_data's files. As for the profiles, the records are an
explicit allowlist closed by the schema; honourees come from public/honours.py, so a withheld
profile is only in `withheld_count`, and an honouree's `note` (the council's remark) is left out.
Field descriptions are in theme/open_data.yml, under `events:`, for the schema.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..content.events import Event, EventBook
from ..content.model import SiteSettings
from ..public.gate import Publication
from ..public.honours import PublicEvent, public_events
from . import open_data, structured_data
from .open_data_csv import csv_bytes, csv_line

FORMAT_NAME = "dien-hinh-tien-tien/su-kien"
FORMAT_VERSION = "1.0.0"
JSON_PATH = f"{open_data.DATA_DIR}/su-kien.json"
CSV_PATH = f"{open_data.DATA_DIR}/su-kien.csv"
SCHEMA_PATH = f"{open_data.DATA_DIR}/su-kien.schema.json"
CSV_COLUMNS = ("event_id", "event_name", "event_start", "event_end", "profile_id", "profile_name", "role",
               "delegation", "group", "award", "award_decision", "award_date")


def _term(code: str, table: dict) -> dict:
    return {"code": code, "name": table[code].name}


def event_record(public: PublicEvent, book: EventBook, site: SiteSettings) -> dict:
    e: Event = public.event
    terms = book.terms
    honourees = []
    for h in public.honourees:
        entry, award = h.entry, h.entry.award
        group = e.groups.get(entry.group)
        honourees.append({
            "id": h.profile.slug,
            "name": h.profile.name,
            "url": site.base_url + f"ho-so/{h.profile.slug}/",
            "role": _term(entry.role, terms.roles),
            "delegation": entry.delegation or None,
            "group": {"code": group.code, "name": group.name} if group else None,
            "award": {"award": {"code": award.award.code, "name": award.award.name}, "decision": award.decision,
                      "date": award.date.isoformat(), "issuer": award.issuer or None} if award else None,
        })
    decision = e.decision
    return {
        "id": e.slug,
        "url": site.base_url + public.url,
        "name": e.name,
        "kind": _term(e.kind, terms.kinds),
        "level": _term(e.level, terms.levels),
        "start": e.start.isoformat(),
        "end": e.end.isoformat(),
        "place": e.place,
        "organiser": e.organiser,
        "decision": {"number": decision.number, "date": decision.date.isoformat(), "signer": decision.signer}
        if decision else None,
        "description": e.description,
        "honourees": honourees,
        "withheld_count": public.withheld,
    }


def csv_file(records: list[dict]) -> bytes:
    rows = []
    for r in records:
        for h in r["honourees"]:
            award = h["award"]
            rows.append([r["id"], r["name"], r["start"], r["end"], h["id"], h["name"], h["role"]["name"],
                         h["delegation"] or "", h["group"]["name"] if h["group"] else "",
                         award["award"]["name"] if award else "", award["decision"] if award else "",
                         award["date"] if award else ""])
    return csv_bytes([csv_line(row) for row in rows], list(CSV_COLUMNS))


def json_schema(site: SiteSettings, notes: dict) -> dict:
    """JSON Schema 2020-12 of su-kien.json; every object closed, every property described."""
    text = {"type": "string"}
    optional_text = {"type": ["string", "null"]}
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    url = {"type": "string", "format": "uri", "pattern": "^https?://"}
    term = open_data._object({"code": text, "name": text}, notes["term"])
    obj = open_data._object
    honouree = obj({
        "id": text, "name": text, "url": url, "role": term, "delegation": optional_text,
        "group": obj({"code": text, "name": text}, notes["term"], nullable=True),
        "award": obj({"award": term, "decision": text, "date": date, "issuer": optional_text},
                     notes["award"], nullable=True),
    }, notes["honouree"])
    event = obj({
        "id": text, "url": url, "name": text, "kind": term, "level": term, "start": date, "end": date,
        "place": text, "organiser": text,
        "decision": obj({"number": text, "date": date, "signer": text}, notes["decision"], nullable=True),
        "description": text, "honourees": {"type": "array", "items": {"$ref": "#/$defs/honouree"}},
        "withheld_count": {"type": "integer", "minimum": 0},
    }, notes["event"])
    envelope = obj({
        "format": {"const": FORMAT_NAME}, "format_version": {"const": FORMAT_VERSION}, "schema": url,
        "site": {"type": "object"}, "licences": {"type": "object"}, "updated": {"type": ["string", "null"]},
        "count": {"type": "integer", "minimum": 0},
        "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
    }, notes["envelope"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.base_url + SCHEMA_PATH,
        "title": notes["title"],
        **envelope,
        "$defs": {"event": event, "honouree": honouree},
    }


def export(publication: Publication, notes: dict) -> dict[str, bytes]:
    """su-kien.json, .csv and the schema (`notes`: theme/open_data.yml's `events:`); nothing when the
    content has no events. The envelope is the profiles' (open_data.envelope), format aside."""
    events = public_events(publication)
    book = publication.content.events
    if not events:
        return {}
    site = publication.content.site
    ctx = open_data.ExportContext(site, frozenset(), publication.content.taxonomies.localities, publication.today)
    head = open_data.envelope(ctx, publication.newest_update)
    records = [event_record(event, book, site) for event in events]
    envelope = {**head, "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                "schema": site.base_url + SCHEMA_PATH, "count": len(records), "events": records}
    return {
        JSON_PATH: open_data._json(envelope, indent=None),
        CSV_PATH: csv_file(records),
        SCHEMA_PATH: open_data._json(json_schema(site, notes), indent=2),
    }


def json_ld(publication: Publication) -> dict[str, Markup]:
    """Each event page's schema.org `Event`: where, when, who organised it, and the public honourees
    it is about (by their profile pages' subjects)."""
    site = publication.content.site
    found = {}
    for public in public_events(publication):
        e = public.event
        entity: dict[str, Any] = {
            "@context": structured_data.SCHEMA_ORG,
            "@type": "Event",
            "@id": site.base_url + public.url + "#event",
            "name": e.name,
            "url": site.base_url + public.url,
            "startDate": e.start.isoformat(),
            "endDate": e.end.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": {"@type": "Place", "name": e.place, "address": e.place},
            "organizer": {"@type": "GovernmentOrganization", "name": e.organiser},
        }
        if public.honourees:
            entity["about"] = [{"@id": site.base_url + f"ho-so/{h.profile.slug}/#subject", "name": h.profile.name}
                               for h in public.honourees]
        found[public.url] = structured_data.script_json(entity)
    return found
