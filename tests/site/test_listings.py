"""Listings whose pages end where the profiles say (site/listings.py): every profile on exactly one
page of each listing it belongs to, pages in Vietnamese order, pages within their bounds, and an
addition or a withdrawal rewriting a few pages, not every later one."""

from __future__ import annotations

import random
import statistics
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from bench.synthetic import person_name
from site_builder.content.text import slugify, sort_key
from site_builder.public.groupings import members_by_term, sections_for
from site_builder.site import pages
from site_builder.site.listings import PageBounds, later_page_url, split_pages
from site_builder.site.renderer import Renderer, load_labels

LABELS = load_labels(REPO / "theme")
# At most this many pages of one listing are written or deleted by one addition or withdrawal
# (typically 2: the page it is on and the first page, which has the count and the table of pages).
K = 16  # the largest seen here: 13 (a run of pages whose ends move together; see site/listings.py)


def names(count: int, seed: int) -> list[tuple[str, str]]:
    """(name, slug) of `count` synthetic people, as bench/synthetic.py makes them, in Vietnamese order."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        name = person_name(rng)
        made.append((name, f"{slugify(name)}-{number}"))
    return made


def ordered(members):
    return sorted(members, key=lambda m: (sort_key(m[0]), m[1]))


def listing_pages(members, bounds: PageBounds) -> dict[str, tuple]:
    """address -> (its profiles, previous page, next page): what a listing page shows."""
    chunks = split_pages(members, [slug for _, slug in members], bounds)
    urls = ["l/"] + [later_page_url("l/", chunk[0][1]) for chunk in chunks[1:]]
    return {url: (tuple(slug for _, slug in chunk), urls[i - 1] if i else "", urls[i + 1] if i + 1 < len(urls) else "")
            for i, (url, chunk) in enumerate(zip(urls, chunks))}


def pages_rewritten(before: dict, after: dict) -> int:
    """Pages written (new or changed; the first page always: its count changes) or deleted."""
    written = {url for url in after if before.get(url) != after[url]} | {"l/"}
    return len(written) + len(set(before) - set(after))


@pytest.mark.parametrize("count", [30, 1000, 10_000])
def test_every_member_is_on_exactly_one_page_in_order_and_pages_keep_their_bounds(count):
    members = ordered(names(count, seed=count))
    bounds = PageBounds(24)
    chunks = split_pages(members, [slug for _, slug in members], bounds)
    assert [m for chunk in chunks for m in chunk] == members  # each once, in Vietnamese order
    assert all(bounds.min_size <= len(chunk) <= bounds.max_size for chunk in chunks[:-1])
    assert 1 <= len(chunks[-1]) <= bounds.max_size
    if count > 24:
        assert 15 <= statistics.mean(len(c) for c in chunks) <= 30  # about a page size on average


def test_a_listing_that_fits_on_a_page_is_one_page():
    members = ordered(names(24, seed=1))
    assert split_pages(members, [s for _, s in members], PageBounds(24)) == [members]
    assert split_pages([], [], PageBounds(24)) == [[]]


@pytest.mark.parametrize("count", [1000, 10_000])
def test_an_addition_or_a_withdrawal_rewrites_at_most_k_pages(count):
    people = names(count + 200, seed=count)
    random.Random(7).shuffle(people)
    listed, newcomers = ordered(people[:count]), people[count:]
    bounds = PageBounds(24)
    before = listing_pages(listed, bounds)
    added = [pages_rewritten(before, listing_pages(ordered(listed + [n]), bounds)) for n in newcomers]
    withdrawn = [pages_rewritten(before, listing_pages([m for m in listed if m != gone], bounds))
                 for gone in random.Random(8).sample(listed, 200)]
    assert max(added) <= K and max(withdrawn) <= K
    assert statistics.median(added) <= 2 and statistics.median(withdrawn) <= 2
    # numbered pages would rewrite every page from the one it lands on to the end: about half of them
    assert len(before) > 30


def test_pages_read_in_vietnamese_order_and_link_to_each_other(sample):
    """The sample with 4 profiles a page: each listing's pages hold its members once each, in
    order; the first page lists every page; each later page links back and to its neighbours."""
    small = replace(sample, content=replace(sample.content, site=replace(sample.content.site, page_size=4)))
    renderer = Renderer(REPO / "theme" / "templates", LABELS, small.content.site)
    plan = pages.generate(small, {}, renderer, LABELS)
    by_url = {p.url: p for p in plan.pending if p.template == "listing.html"}
    views = {v.profile.slug: v for v in plan.views.values()}
    ordered_views = [views[p.slug] for p in small.profiles]
    listings = {"ho-so/": ordered_views}
    localities = set()
    for section in sections_for(small, LABELS):
        for code, members in members_by_term(section, ordered_views).items():
            listings[f"{section.prefix}/{code}/"] = members
            if section.key == "localities":
                localities.add(f"{section.prefix}/{code}/")
    assert len(by_url) > len(listings)  # some listings have more than one page
    for front, members in listings.items():
        first = by_url[front]
        contents = first.context["contents"]
        addresses = [href for href, _first, _last in contents] or [front]
        shown = [v.profile.slug for href in addresses for v in by_url[href].context["members"]]
        if front in localities:
            # A current unit's page lists its own profiles, then those recorded under its former
            # names, block by block (tests/site/test_locality_pages.py), each block in Vietnamese order.
            assert {v.profile.slug for v in members} <= set(shown) and len(shown) == len(set(shown)), front
            blocks = [(heading, view) for href in addresses for heading, views in by_url[href].context["blocks"]
                      for view in views]
            for heading in {h for h, _view in blocks}:
                names = [sort_key(view.name) for h, view in blocks if h == heading]
                assert names == sorted(names), (front, heading)
        else:
            assert shown == [v.profile.slug for v in members], front  # each once, in Vietnamese order
        assert [sort_key(v.name) for v in members] == sorted(sort_key(v.name) for v in members)
        for i, href in enumerate(addresses):
            context = by_url[href].context
            assert context["previous"] == (addresses[i - 1] if i else "")
            assert context["following"] == (addresses[i + 1] if i + 1 < len(addresses) else "")
            html = BeautifulSoup(renderer.render("listing.html", href, **context), "html.parser")
            if i:
                assert html.select_one(".dh-count a")  # back to the first page, with the table of pages
            else:
                assert len(html.select(".dh-contents li")) == len(contents)
