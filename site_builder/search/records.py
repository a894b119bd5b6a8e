"""Search records: each public profile as Pagefind sees it.

* content: name, summary, facts, achievements, the story's opening, awards and
  members as plain text in `search_text.index_form` (tones placed one way, "đ"
  marked), so Pagefind's own accent folding covers the rest of Vietnamese;
* meta: what a result shows (name, photo, kind, locality) and `keys`: the name
  from each word on ("nzthizhoaz"), its words spelled with accents (hashed) and
  word pairs ("pzthanhzlong"), which the search page asks for to rank name
  matches, exact spellings and phrases first;
* filters: the facets (kind, field, movement, locality, year, award), keyed by
  the same URL parameters the search page reads (`?linh-vuc=nong-nghiep`);
* sort: the profile's place in Vietnamese alphabetical order, for browsing (given to
  the merge of the index shards, not written in the record page).

search/index.py writes them into the index.
"""

from __future__ import annotations

import dataclasses
import html.parser
from dataclasses import dataclass, field
from typing import Any

from ..common import work
from ..common.caches import Memo
from ..common.files import digest_bytes
from ..common.parallel import map_on_cores
from ..common.products import products
from ..content.model import Profile
from ..media.photos import PhotoSet
from ..public.gate import Publication
from ..public.places import ProfilePlace
from ..public.views import colour_for, initials
from .facets import facet_values_of, profile_filters
from .folding import index_form, name_keys, phrase_keys, spelled_name_keys

THUMBNAIL_WIDTH = 480  # the smallest rendition the media stage makes
# How much of a story is indexed. Pagefind stores every position of every word, so the
# chunk of a common word ("thị", "nguyễn") grows with the text indexed: with whole
# 600-word stories a first query at 10,000 profiles fetched about 670 KB. Name, summary,
# facts, achievements, awards and members are indexed in full; the story's opening is
# what a search result can show anyway.
STORY_WORDS = 60
# Below this many records to work out, a second process costs more than it saves.
PARALLEL_FROM = 200

class _TextOnly(html.parser.HTMLParser):
    """The text of sanitised story HTML, block elements separated."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def story_text(story_html: str) -> str:
    """The words of a story, from the HTML rendered and sanitised once at validation."""
    parser = _TextOnly()
    parser.feed(story_html)
    parser.close()
    return " ".join(line.strip() for line in "".join(parser.parts).splitlines() if line.strip())


def _sentence(text: str) -> str:
    """End a piece of text with a full stop, so Pagefind's excerpts do not run two fields together."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…:;" else text + "."


@dataclass(frozen=True)
class SearchRecord:
    """One profile as Pagefind sees it (see the module docstring)."""

    url: str  # site-relative, "ho-so/nguyen-thi-hoa/"
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str] = field(default_factory=dict)


def records(publication: Publication, photo_sets: dict[str, PhotoSet], memo: Memo | None = None) -> list[SearchRecord]:
    """A record per public profile, in Vietnamese alphabetical order.

    A record's text and keys cost most of this stage (folding, word pairs); with
    `memo` they are kept between builds under the profile's file digest and the
    taxonomy names they show, so an unchanged profile is not worked out again.
    """
    tax = publication.content.taxonomies
    width = len(str(len(publication.profiles)))
    facet_values = facet_values_of(publication)
    names = digest_bytes(*(repr(mapping).encode()  # every name a record can show
                           for mapping in (tax.kinds, tax.localities, tax.fields, tax.movements, tax.units, tax.awards)))
    memo = memo or Memo(None)
    # What a place is now depends on the publication's date too: the names are in each key.
    places = publication.places
    # The keys, and the records below, are those of the last build of this process while what they
    # are made of is the same (common/products.py).
    kept_keys, kept_records = products("search keys", work.KEYS), products("search records", work.SEARCH_RECORDS)
    keys_of = [kept_keys.get(p.slug, (p, names, places[p.slug]), lambda: digest_bytes(
                   p.fingerprint.encode(), p.slug.encode(), names.encode(), repr(places[p.slug].every_name()).encode()))
               if p.fingerprint else "" for p in publication.profiles]
    # Profiles not in the memo (a first build, a new code version) are worked out on every core.
    missing = [p for p, key in zip(publication.profiles, keys_of) if not key or key not in memo]
    work.count(work.SEARCH_RECORDS, len(missing))
    made = dict(zip((p.slug for p in missing),
                    map_on_cores(lambda p: _text_and_keys(publication, p, places[p.slug]), missing, PARALLEL_FROM)))
    result = []
    for rank, (p, key) in enumerate(zip(publication.profiles, keys_of)):
        # Its rank in the A–Z order moves with every profile added before it: set apart, not remade.
        sort = {"ten": str(rank).zfill(width)}
        content_and_keys = memo.get(key, lambda: made[p.slug]) if key else made[p.slug]
        photo = next((photo_sets[ph.relative] for ph in p.photos if ph.relative in photo_sets), None)
        record = kept_records.get(p.slug, (p, content_and_keys, places[p.slug], photo, names),
                                  lambda: _record(p, content_and_keys, places[p.slug], photo, tax, facet_values, sort))
        result.append(record if record.sort == sort else dataclasses.replace(record, sort=sort))
    memo.save()
    return result


def _record(p: Profile, content_and_keys: tuple[str, str], place: ProfilePlace, photo: PhotoSet | None,
            tax: Any, facet_values: list[Any], sort: dict[str, str]) -> SearchRecord:
    """A profile's search record, from its text and keys."""
    content, keys = content_and_keys
    meta = {
        "title": index_form(p.name),
        "name": p.name,
        "kind": tax.kinds[p.kind].name,
        "place": place.recorded.place.label if place.recorded else "",
        "keys": keys,
    }
    if place.now_part_of:  # shown as "Hàm Thuận Bắc (nay thuộc Tỉnh Lâm Đồng)"
        meta["now"] = "; ".join(chain.place.name for chain in place.now_part_of)
    if photo is not None:
        thumb = photo.best("webp", THUMBNAIL_WIDTH)
        meta.update(image=thumb.url, image_width=str(thumb.width), image_height=str(thumb.height))
    else:
        meta.update(initials=initials(p.name), colour=colour_for(p.name))
    return SearchRecord(url=f"ho-so/{p.slug}/", content=content, meta=meta, filters=profile_filters(facet_values, p),
                        sort=sort)


def _text_and_keys(publication: Publication, p: Profile, place: ProfilePlace) -> tuple[str, str]:
    """The text Pagefind indexes for a profile, and its ranking keys (see the module docstring).
    Its place is there as recorded and as it is now, each with its parents ("Huyện Hàm Thuận Bắc,
    Tỉnh Bình Thuận, Tỉnh Lâm Đồng"), so the old and the new names both find it."""
    tax = publication.content.taxonomies
    kind = tax.kinds[p.kind].name
    place_names = place.every_name()
    locality = ", ".join(place_names)
    facts = [kind, locality, *(tax.fields[c].name for c in p.fields),
             *(tax.movements[c].name for c in p.movements),
             tax.units[p.unit].name if p.unit in tax.units else "", str(p.year)]
    story = story_text(p.story_html).split()
    parts = [p.name, p.summary, ", ".join(f for f in facts if f), *p.achievements,
             " ".join(story[:STORY_WORDS]) + (" …" if len(story) > STORY_WORDS else ""),
             *(g.award.name for g in p.awards),
             *(f"{m.name} {m.role}".strip() for m in p.members)]
    content = " ".join(_sentence(index_form(part)) for part in parts if part.strip())
    phrase_sources = [p.name, p.summary, *p.achievements, *(tax.fields[c].name for c in p.fields),
                      *(tax.movements[c].name for c in p.movements), *place_names]
    keys = list(dict.fromkeys(name_keys(p.name) + spelled_name_keys(p.name)
                              + [k for text in phrase_sources for k in phrase_keys(text)]))
    return content, " ".join(keys)
