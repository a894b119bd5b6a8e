"""schema.org JSON-LD for search engines and news tools.

A profile page describes its subject: `Person` for an individual,
`Organization` for a collective, and `Organization` for a household too —
schema.org has no household or family type, and a Vietnamese household
(hộ gia đình) is recognised as an economic unit; its members are listed as
`member` Persons. Each carries `name`, `description`, `url`, `image` (an
ImageObject with `creditText` and `license`), `address` (the locality),
`award` (one text per decision: award, decision number, date, issuer) and
`mainEntityOfPage` (a ProfilePage with its last update).

The data page describes the open data as a `Dataset` with its downloads; the
home page describes the `WebSite` and its publisher.

Everything is built from the open-data record (`open_data.profile_record`),
so JSON-LD can carry nothing the data files do not.
"""

from __future__ import annotations

import datetime as dt
import json

from markupsafe import Markup

from ..content.model import SiteSettings
from ..content.text import format_date

SCHEMA_ORG = "https://schema.org"
TYPES = {"ca-nhan": "Person", "tap-the": "Organization", "ho-gia-dinh": "Organization"}


def award_text(award: dict, labels: dict) -> str:
    """"Bằng khen …, Quyết định số 1234/QĐ-UBND ngày 19/05/2023 của …": one line a journalist can copy."""
    template = labels["award_citation"] if award["issuer"] else labels["award_citation_no_issuer"]
    return template.format(award=award["award"]["name"], decision=award["decision"],
                           date=format_date(dt.date.fromisoformat(award["date"])), issuer=award["issuer"])


def _publisher(site: SiteSettings) -> dict:
    return {"@type": "GovernmentOrganization", "name": site.council, "url": site.base_url}


def _licence_url(licence) -> str:
    return licence.url or licence.name


def profile_entity(record: dict, site: SiteSettings, labels: dict, press_page: str) -> dict:
    """The Person or Organization a profile page is about."""
    entity: dict = {
        "@context": SCHEMA_ORG,
        "@type": TYPES[record["kind"]["code"]],
        "@id": record["url"] + "#subject",
        "identifier": record["id"],
        "name": record["name"],
        "description": record["summary"],
        "url": record["url"],
    }
    if record["photos"]:
        photo = record["photos"][0]
        entity["image"] = {
            "@type": "ImageObject",
            "contentUrl": (photo["original"] or photo)["url"],
            "url": photo["url"],
            "width": photo["width"],
            "height": photo["height"],
            "caption": photo["caption"] or photo["alt"],
            "creditText": photo["credit"],
            "copyrightNotice": photo["credit"],
            "license": _licence_url(site.photo_licence),
            "acquireLicensePage": site.base_url + press_page,
        }
    if record["locality"]:
        entity["address"] = {"@type": "PostalAddress", "addressLocality": record["locality"]["name"],
                             "addressRegion": site.province, "addressCountry": "VN"}
    if record["awards"]:
        entity["award"] = [award_text(a, labels) for a in record["awards"]]
    if record["members"]:
        entity["member"] = [
            {"@type": "Person", "name": m["name"], **({"jobTitle": m["role"]} if m["role"] else {})}
            for m in record["members"]
        ]
    entity["mainEntityOfPage"] = {
        "@type": "ProfilePage",
        "@id": record["url"],
        "dateModified": record["updated"],
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": site.base_url},
        "publisher": _publisher(site),
        "license": _licence_url(site.text_licence),
    }
    return entity


def website_entity(site: SiteSettings) -> dict:
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "name": site.title,
        "alternateName": site.short_title,
        "description": site.description,
        "url": site.base_url,
        "inLanguage": site.language,
        "publisher": _publisher(site),
        "license": _licence_url(site.text_licence),
    }


def dataset_entity(site: SiteSettings, page_url: str, name: str, description: str, updated: str | None,
                   licence, downloads: list[tuple[str, str, str]]) -> dict:
    """The open data as a schema.org Dataset; downloads are (absolute URL, media type, name)."""
    entity = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": site.base_url + page_url,
        "inLanguage": site.language,
        "isAccessibleForFree": True,
        "creator": _publisher(site),
        "publisher": _publisher(site),
        "license": _licence_url(licence),
        "spatialCoverage": {"@type": "Place", "name": site.province},
        "distribution": [
            {"@type": "DataDownload", "contentUrl": url, "encodingFormat": media_type, "name": label}
            for url, media_type, label in downloads
        ],
    }
    if updated:
        entity["dateModified"] = updated
    return entity


def script_json(entity: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> element.

    HTML does not decode entities inside <script>, so the JSON is not
    HTML-escaped; instead "<", ">" and "&" are written as JSON escapes, which
    keeps "</script>" in any text from ending the element early.
    """
    text = json.dumps(entity, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
