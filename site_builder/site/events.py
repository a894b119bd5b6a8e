"""Stage: the honouring events on the site — /su-kien/ (newest first), one page per event, and on
each honoured profile's page where it was honoured.

An event's page shows its description and photos, the counts of its public honourees by kind,
field, delegation and group, and those honourees as a table that theme's dh-event-table.js sorts
and filters in the browser (the table is whole without the script). Withheld honourees come from
public/honours.py as a count only ("và 3 điển hình khác"), never a name.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from ..content.markup import render_markdown
from ..content.model import Term
from ..content.text import sort_key
from ..media.photos import PhotoSet
from ..public.honours import EVENTS_URL, PublicEvent, honours_by_profile
from ..public.views import PhotoView
from .documents import Document, SiteBuildPlan
from .renderer import Renderer

# After the statistics page (50) in the navigation, before free pages (100+).
EVENTS_NAV_ORDER = 55


@dataclass(frozen=True)
class Row:
    """One public honouree as the event's table shows it."""

    number: int
    name: str
    url: str
    kind: Term
    fields: tuple[Term, ...]
    locality: str
    delegation: str
    group: str
    role: Term
    award: str


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Honour:
    """What a profile page says of one event: "Được tôn vinh tại <event> (29/09/2025)"."""

    text: str
    name: str
    url: str
    dates: str


def _counts(values: list[str]) -> list[Count]:
    """How many of each value, most first, then in Vietnamese order."""
    counted = Counter(v for v in values if v)
    return [Count(label, n) for label, n in sorted(counted.items(), key=lambda item: (-item[1], sort_key(item[0])))]


def event_rows(event: PublicEvent, publication) -> list[Row]:
    tax = publication.content.taxonomies
    roles = publication.content.events.terms.roles
    rows = []
    for number, honouree in enumerate(event.honourees, start=1):
        p, entry = honouree.profile, honouree.entry
        locality = tax.localities.get(p.locality)
        group = event.event.groups.get(entry.group)
        rows.append(Row(
            number=number, name=p.name, url=f"ho-so/{p.slug}/", kind=tax.kinds[p.kind],
            fields=tuple(tax.fields[c] for c in p.fields), locality=locality.name if locality else "",
            delegation=entry.delegation, group=group.name if group else "", role=roles[entry.role],
            award=entry.award.award.name if entry.award else ""))
    return rows


def event_counts(rows: list[Row], labels: dict) -> list[tuple[str, list[Count]]]:
    """(heading, counts) by kind, field, delegation and group; a heading with nothing is left out."""
    words = labels["events"]["counts"]
    by = [
        (words["kind"], [r.kind.name for r in rows]),
        (words["field"], [f.name for r in rows for f in r.fields]),
        (words["delegation"], [r.delegation for r in rows]),
        (words["group"], [r.group for r in rows]),
    ]
    return [(heading, counts) for heading, values in by if (counts := _counts(values))]


def documents(events: tuple[PublicEvent, ...], publication, photo_sets: dict[str, PhotoSet],
              renderer: Renderer, labels: dict) -> list[Document]:
    """/su-kien/ and one page per event; none when the content has no events."""
    if not events:
        return []
    words = labels["events"]
    terms = publication.content.events.terms
    docs = []
    for event in events:
        e = event.event
        url = event.url
        rows = event_rows(event, publication)
        photos = [PhotoView(ph, photo_sets[ph.relative]) for ph in e.photos if ph.relative in photo_sets]
        body = renderer.render(
            "event.html", url, e=e, event=event, kind=terms.kinds[e.kind], level=terms.levels[e.level],
            description=render_markdown(e.description) if e.description else "", photos=photos, rows=rows,
            counts=event_counts(rows, labels), kinds=sorted({r.kind.name for r in rows}, key=sort_key),
            groups=[g.name for g in e.groups.values() if any(r.group == g.name for r in rows)])
        head = renderer.render("event_head.html", url)
        docs.append(Document(url, e.name, words["page_description"].format(name=e.name, dates=e.dates_text,
                                                                           place=e.place), body, head=head))
    body = renderer.render("events.html", EVENTS_URL, events=events, terms=terms)
    docs.append(Document(EVENTS_URL, words["title"], words["description"], body, in_nav=words["nav"],
                         nav_order=EVENTS_NAV_ORDER))
    return docs


def add_honours(plan: SiteBuildPlan, events: tuple[PublicEvent, ...], publication, renderer: Renderer) -> None:
    """Each honoured profile's page says where it was honoured, with a link to the event (the
    page's key changes with it, so a rebuild renders it again)."""
    found = honours_by_profile(events)
    if not found:
        return
    on_profile = publication.content.events.terms.on_profile
    pages = {view.url: slug for slug, view in plan.views.items() if slug in found}
    for index, page in enumerate(plan.pending):
        slug = pages.get(page.url)
        if slug is None or page.template != "profile.html":
            continue
        honours = [Honour(on_profile[entry.role], event.event.name, event.url, event.event.dates_text)
                   for event, entry in found[slug]]
        plan.pending[index] = dataclasses.replace(
            page, key=renderer.key(page.key, repr(honours)), context={**page.context, "honours": honours})
