"""Stage: for journalists and re-users — open data, feeds, share cards, the press and data pages.

Runs on the public view only (the profiles' views and keys of the site's plan):

1. open data files (open_data; the events' event_data, the reportage's media_data) and their page /du-lieu/;
2. Atom feeds (feeds);
3. the press page /bao-chi/ (contact, interviews, licences, downloads);
4. a 1200×630 share image per profile and one for the site (media.share).

It gives the files to write beside the engine's output, the two pages, and
what the head tags of every page are made from (press/head.py), which the
build adds once every page is known.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..common import work
from ..common.caches import Memo
from ..common.files import file_size
from ..common.products import products
from ..content.markup import render_markdown
from ..content.text import format_date
from ..media import share
from ..media.photos import MediaResult
from ..public.gate import Publication
from ..site.documents import Document, SiteBuildPlan
from ..site.renderer import Renderer
from ..site.reportage import EpisodeView
from . import event_data, feeds, media_data, open_data, structured_data

PRESS_URL = "bao-chi/"
DATA_URL = f"{open_data.DATA_DIR}/"
# After the content's free pages (nav_order 100 + n) in the navigation.
NAV_ORDER = 900


@dataclass
class PressKit:
    files: dict[str, bytes | Path] = field(default_factory=dict)  # site-relative path -> content
    documents: list[Document] = field(default_factory=list)  # the press and data pages
    records: dict[str, dict] = field(default_factory=dict)  # open-data record by slug
    record_keys: dict[str, str] = field(default_factory=dict)  # by slug: what the record is made of
    card_urls: dict[str, str] = field(default_factory=dict)  # page url ("" for the site's own) -> share image
    json_ld: dict[str, Markup] = field(default_factory=dict)  # page url -> JSON-LD of a page that is not a profile
    share_drawn: int = 0
    share_cached: int = 0


def _licences(site, k: dict) -> list:
    return [(k["licence_text"], site.text_licence), (k["licence_photos"], site.photo_licence),
            (k["licence_data"], open_data.data_licence(site))]


def make_press_kit(publication: Publication, media: MediaResult, plan: SiteBuildPlan, renderer: Renderer,
                   labels: dict, theme_dir: Path, cache_dir: Path, episodes: list[EpisodeView] | None = None) -> PressKit:
    """Everything for journalists and re-users, from the profiles' views in `plan` (left as it is).

    Share images and the records' JSON and CSV are kept in `cache_dir` (share/,
    open-data/), so that a rebuild after one edit redoes one profile's part of
    this stage, not all of it.
    """
    content = publication.content
    site = content.site
    k = labels["press_kit"]
    kit = PressKit()

    # 1. Open data.
    notes = open_data.load_format_notes(theme_dir)
    data = open_data.export(publication, plan.views, notes, Memo(cache_dir / "open-data"),
                              plan.view_keys)
    kit.files.update(data.files)
    kit.files.update(event_data.export(publication, notes["events"]))  # the honouring events, if any
    kit.files.update(media_data.export(episodes or [], publication, notes["media"]))  # the public reportage, if any
    records = kit.records = data.records
    kit.record_keys = data.keys

    # 2. Feeds: the main one (linked from every page by theme/overrides/main.html), one per field.
    # A profile appears in the main feed and in its fields' feeds: its entry is rendered once, and
    # kept for the next build of this process while its record is the same (common/products.py).
    entries = products("feed entries", work.FEED_ENTRIES)

    def entry_html(record: dict) -> str:
        def rendered() -> str:
            awards = [structured_data.award_text(a, k) for a in record["awards"]]
            return renderer.render("feed_entry.html", "", record=record, awards=awards)
        return entries.get(record["id"], (record, renderer.fingerprint), rendered)

    def bytes_of(url: str) -> int | None:
        path = media.files.get(url)
        return path.stat().st_size if path else None

    main_feed = feeds.FeedInfo(feeds.FEED_PATH, k["feed_title"].format(site=site.title), "")
    kit.files[main_feed.path] = feeds.atom_feed(main_feed, list(records.values()), publication, entry_html,
                                                bytes_of)
    listed = list(records.values())
    in_field = open_data.positions_by_code(listed, "fields", content.taxonomies.fields)
    for code, term in content.taxonomies.fields.items():  # linked from the data page
        info = feeds.FeedInfo(feeds.field_feed_path(code),
                              k["field_feed_title"].format(site=site.title, field=term.name), f"linh-vuc/{code}/")
        kit.files[info.path] = feeds.atom_feed(info, [listed[i] for i in in_field[code]], publication,
                                               entry_html, bytes_of)

    # 3. The data page and the press page.
    def download(label: str, path: str, media_type: str) -> tuple[str, str, str, str]:
        data = kit.files[path]
        assert isinstance(data, bytes)  # the data files are made here, not linked from a cache
        return label, path, file_size(len(data)), media_type

    downloads = [
        download(k["all_profiles_json"], open_data.ALL_JSON_PATH, "application/json"),
        download(k["all_profiles_csv"], open_data.ALL_CSV_PATH, "text/csv"),
        download(k["localities_json"], open_data.LOCALITIES_PATH, "application/json"),
        download(k["schema"], open_data.SCHEMA_PATH, "application/schema+json"),
        download(k["feed"], feeds.FEED_PATH, "application/atom+xml"),
    ]
    if event_data.JSON_PATH in kit.files:  # the honouring events, where the content has some
        downloads += [download(k["events_json"], event_data.JSON_PATH, "application/json"),
                      download(k["events_csv"], event_data.CSV_PATH, "text/csv"),
                      download(k["events_schema"], event_data.SCHEMA_PATH, "application/schema+json")]
    if media_data.JSON_PATH in kit.files:  # the films, radio pieces and photo stories, where some are public
        downloads += [download(k["media_json"], media_data.JSON_PATH, "application/json"),
                      download(k["media_csv"], media_data.CSV_PATH, "text/csv"),
                      download(k["media_schema"], media_data.SCHEMA_PATH, "application/schema+json")]
    licences = _licences(site, k)
    newest = publication.newest_update
    schema = open_data.json_schema(site, notes)
    licence = open_data.data_licence(site)
    citation = k["cite_dataset"].format(
        council=site.council, site=site.title, version=open_data.FORMAT_VERSION,
        date=format_date(newest) if newest else "", url=site.base_url + DATA_URL, licence=licence.name).strip()

    counts = Counter((kind, t["code"]) for r in records.values() for kind in ("fields", "movements")
                     for t in r[kind])

    def count(kind: str, code: str) -> int:
        return counts[kind, code]

    body = renderer.render(
        "open_data.html", DATA_URL, downloads=downloads, licences=licences, citation=citation,
        field_files=[(term, open_data.field_csv_path(code), count("fields", code))
                     for code, term in content.taxonomies.fields.items()],
        movement_files=[(term, open_data.movement_csv_path(code), count("movements", code))
                        for code, term in content.taxonomies.movements.items()],
        field_feeds=[(term, feeds.field_feed_path(code)) for code, term in content.taxonomies.fields.items()],
        json_fields=open_data.schema_fields(schema),
        locality_fields=open_data.schema_fields(schema, "locality_history"),
        csv_columns=[(name, text.strip()) for name, text in notes["csv"].items()],
        changes=notes["changes"],
    )
    kit.documents.append(Document(DATA_URL, k["data_title"], one_line(k["data_description"]), body,
                                   in_nav=k["data_nav"], nav_order=NAV_ORDER + 1))
    interviews = render_markdown(site.press.interviews) if site.press.interviews else Markup(
        f"<p>{Markup.escape(one_line(k['interviews_default']))}</p>")
    body = renderer.render("press.html", PRESS_URL, press=site.press, interviews=interviews,
                           licences=licences, downloads=downloads)
    kit.documents.append(Document(PRESS_URL, k["press_title"], one_line(k["press_description"]), body,
                                   in_nav=k["press_nav"], nav_order=NAV_ORDER))

    # 4. Share images: one per profile, one for every other page.
    views = plan.views
    footer = (site.title, site.base_url.split("://", 1)[-1].rstrip("/"))
    badge = labels["sample_badge"] if site.sample else ""
    cards: dict[str, share.Card] = {}
    for slug, view in views.items():
        record = records[slug]
        photo = None
        if view.photos:
            photo = media.files[view.photos[0].set.best("jpg", 960).url]
        where = " · ".join(x for x in (view.kind.name, view.locality.name if view.locality else "") if x)
        cards[view.url] = share.Card(
            title=record["name"], lines=("; ".join(t.name for t in view.fields), where), footer=footer,
            badge=badge, photo=photo, initials=view.initials, colour=share.hsl_colour(view.colour))
    cards[""] = share.Card(title=site.title, lines=(one_line(site.description),), footer=(site.council, footer[1]),
                           badge=badge)
    cards_made = share.make_cards(cards, cache_dir / "share", share.Fonts.in_theme(theme_dir))
    kit.files.update(cards_made.files)
    kit.share_drawn, kit.share_cached = cards_made.drawn, cards_made.cached

    kit.card_urls = cards_made.urls

    # What the head tags of the home and data pages say besides the share card (press/head.py).
    kit.json_ld = {
        "": structured_data.script_json(structured_data.website_entity(site)),
        DATA_URL: structured_data.script_json(structured_data.dataset_entity(
            site, DATA_URL, k["data_title"] + " – " + site.title, one_line(k["data_description"]),
            newest.isoformat() if newest else None, licence,
            [(site.base_url + path, media_type, label) for label, path, _, media_type in downloads[:3]])),
    }
    return kit


def one_line(text: str) -> str:
    return " ".join(text.split())
