"""Stage: the public view -> the site's pages, as engine-neutral documents.

Pages are made by a few small generators: profiles, listings (one per
taxonomy term, in pages whose ends the profiles decide: site/listings.py), section overviews, the home page, free pages and
redirects for old addresses. Each is a `Document` or a `PendingPage`
(site/documents.py) rendered by the templates in `theme/templates/`.
"""

from __future__ import annotations

from markupsafe import Markup

from ..common import work
from ..common.messages import _
from ..common.products import products
from ..content.diagnostics import Problem
from ..content.markup import render_inline, render_markdown
from ..content.text import sort_key
from ..media.photos import PhotoSet
from ..public.gate import Publication
from ..public.groupings import members_by_term, recorded_localities, sections_for
from ..public.views import ProfileView, profile_views, view_key
from .documents import Document, PendingPage, Redirect, SiteBuildPlan
from .listings import PageBounds, later_page_url, split_pages
from .localities import LocalityHistory, locality_pages
from .renderer import Renderer


def _blocks(views: list[ProfileView], headings: list[str]) -> list[tuple[str, list[ProfileView]]]:
    """Consecutive views under one heading, as one block each."""
    blocks: list[tuple[str, list[ProfileView]]] = []
    for view, heading in zip(views, headings):
        if not blocks or blocks[-1][0] != heading:
            blocks.append((heading, []))
        blocks[-1][1].append(view)
    return blocks


def profile_page(view: ProfileView, related: list[ProfileView], key: str) -> PendingPage:
    """A profile's page; its films and stories are added by site/reportage.py."""
    p = view.profile
    return PendingPage(view.url, p.name, p.summary, key, "profile.html",
                       {"v": view, "p": p, "related": related, "story": Markup(p.story_html), "reportage": ()})


def generate(publication: Publication, photo_sets: dict[str, PhotoSet], renderer: Renderer,
             labels: dict) -> SiteBuildPlan:
    """Every page of the site, from the public view only."""
    content = publication.content
    site = content.site
    plan = SiteBuildPlan()
    views = profile_views(publication, photo_sets)
    ordered = [views[p.slug] for p in publication.profiles]  # Vietnamese A–Z
    sections = sections_for(publication, labels)

    # Withdrawn profiles: the old address answers that the profile is no
    # longer published, and nothing of its content (not even the name).
    withdrawn_pages = products("withdrawn pages", work.DOCUMENTS)
    for profile, _reason in publication.withheld:
        if profile.status == "withdrawn":
            url = f"ho-so/{profile.slug}/"
            plan.documents.append(withdrawn_pages.get(url, (renderer.fingerprint,), lambda: Document(
                url, labels["withdrawn_title"], labels["withdrawn_title"], renderer.render("withdrawn.html", url),
                head='<meta name="robots" content="noindex">')))

    # Profiles, with their old addresses.
    term_reprs: dict[int, str] = {}  # ten thousand profiles name a few hundred terms (and photo sets)
    view_keys = {slug: view_key(view, term_reprs) for slug, view in views.items()}
    plan.views, plan.view_keys = views, view_keys
    profile_pages = products("profile pages", work.DOCUMENTS)
    for view in ordered:
        p = view.profile
        related = [views[s] for s in p.related if s in views]  # never link a withheld profile
        key = renderer.key("profile", view_keys[p.slug], *(view_keys[r.profile.slug] for r in related))
        plan.pending.append(profile_pages.get(view.url, (view, key, *related), lambda: profile_page(view, related, key)))
        for alias in p.aliases:
            plan.redirects.append(Redirect(f"ho-so/{alias}/", view.url, p.name))

    bounds = PageBounds(site.page_size)
    listings = products("listings", work.LISTINGS)

    def listing(url: str, title: str, description: str, items: list[ProfileView], intro: str = "",
                headings: list[str] | None = None, history: LocalityHistory | None = None):
        """A listing of `items` over pages. With `headings` (one per item), each page shows its items
        in blocks under their heading (a locality's own profiles, then those recorded under former
        names); `history` is what a locality's page says of what it came from and became.

        Its pages are those of the last build when every input is the same: the very same views
        (compared by identity, so a save cuts and keys again only the listings its profile is in)."""
        inputs = (renderer.fingerprint, bounds, title, description, intro, tuple(items),
                  tuple(headings) if headings else None, repr(history) if history else None)
        plan.pending.extend(listings.get(url, inputs, lambda: listing_pages(url, title, description, items, intro,
                                                                            headings, history)))

    def listing_pages(url: str, title: str, description: str, items: list[ProfileView], intro: str,
                      headings: list[str] | None, history: LocalityHistory | None) -> list[PendingPage]:
        made: list[PendingPage] = []
        # Pages end where the profiles say (site/listings.py), so that an addition rewrites a few
        # pages, not every later one. The first page, at `url`, has the count and the table of pages.
        positions = split_pages(list(range(len(items))), [v.profile.slug for v in items], bounds)
        pages = [[items[i] for i in chunk] for chunk in positions]
        headed = [[headings[i] for i in chunk] for chunk in positions] if headings else [None] * len(pages)
        urls = [url] + [later_page_url(url, chunk[0].profile.slug) for chunk in pages[1:]]
        contents = [(href, chunk[0].name, chunk[-1].name) for href, chunk in zip(urls, pages)] if len(pages) > 1 else []
        for number, (this, chunk, chunk_headings) in enumerate(zip(urls, pages, headed)):
            first = number == 0
            blocks = _blocks(chunk, chunk_headings) if chunk_headings else []
            shown = title if first else f"{title} – {labels['page_range'].format(first=chunk[0].name, last=chunk[-1].name)}"
            previous = urls[number - 1] if number > 0 else ""
            following = urls[number + 1] if number + 1 < len(urls) else ""
            context = {"title": title, "intro": intro if first else "", "members": chunk,
                       "count": len(items) if first else None, "contents": contents if first else [],
                       "front": url, "range": None if first else (chunk[0].name, chunk[-1].name),
                       "previous": previous, "following": following, "blocks": blocks,
                       "history": history if first else None}
            # A later page shows neither the count nor the table of pages: they change on every addition.
            key = renderer.key("listing", this, shown, description, intro if first else "", previous, following,
                               repr((len(items), contents)) if first else "",
                               repr([heading for heading, _views in blocks]), repr(history) if first else "",
                               *(view_keys[v.profile.slug] for v in chunk))
            made.append(PendingPage(this, shown, description or title, key, "listing.html", context))
        return made

    # All profiles, A–Z.
    listing("ho-so/", labels["sections"]["profiles"], site.description, ordered)

    # One overview per section, one listing per term. Localities have a page for every place that
    # ever was, current or former (locality_pages); their overview counts by current unit.
    indexes = {section.key: members_by_term(section, ordered) for section in sections}
    recorded = recorded_localities(publication)
    recorded_index = members_by_term(recorded, ordered)
    for position, section in enumerate(sections):
        counts = []
        for term in section.terms:
            members = indexes[section.key][term.code]
            if section.key == "localities" and not members:
                continue  # the units a profile counts under; the others are linked from their former places
            counts.append((term, len(members), f"{section.prefix}/{term.code}/"))
            if section.key != "localities":
                listing(f"{section.prefix}/{term.code}/", term.name, term.description or term.name, members,
                        intro=term.description)
        title = labels["sections"][section.key]
        recorded_counts = []
        if section.key == "localities":
            recorded_counts = [(term, len(recorded_index[term.code]), f"{section.prefix}/{term.code}/")
                               for term in recorded.terms if recorded_index[term.code]]
            for page in locality_pages(publication, section, indexes[section.key], recorded_index, labels):
                listing(page.url, page.locality.name, page.locality.description or page.locality.name,
                        page.members, intro=page.locality.description, headings=page.headings, history=page.history)
        body = renderer.render("section.html", f"{section.prefix}/", title=title, counts=counts,
                               recorded_counts=recorded_counts)
        plan.documents.append(Document(f"{section.prefix}/", title, title, body,
                                       in_nav=title, nav_order=10 + position))

    # Home page.
    featured = [v for v in ordered if v.profile.featured]
    latest = sorted(ordered, key=lambda v: (-v.profile.last_update.toordinal(), sort_key(v.name)))[:6]
    by_key = {s.key: s for s in sections}
    field_counts, movement_counts, locality_counts = (
        [(term, len(indexes[s.key][term.code]), f"{s.prefix}/{term.code}/") for term in s.terms
         if s.key != "localities" or indexes[s.key][term.code]]  # the current units with profiles
        for s in (by_key["fields"], by_key["movements"], by_key["localities"])
    )
    plan.home_context = dict(
        intro=render_inline(site.home_intro) if site.home_intro else Markup(""),
        featured=featured, latest=latest, total=len(ordered),
        field_counts=field_counts, movement_counts=movement_counts, locality_counts=locality_counts,
        reportage=(),  # the latest films and stories: site/reportage.py
    )
    body = renderer.render("home.html", "", **plan.home_context)
    plan.documents.append(Document("", site.title, site.description, body,
                                   in_nav=labels["sections"]["home"], nav_order=0))

    # Free pages (about, …) from content/pages.
    for free_page in content.pages:
        url = f"{free_page.slug}/"
        body = renderer.render("page.html", url, title=free_page.title, body=render_markdown(free_page.body))
        document = Document(url, free_page.title, free_page.description or free_page.title, body,
                            in_nav=free_page.title, nav_order=100 + free_page.nav_order)
        plan.documents.append(document)
        plan.free_pages.append((document, free_page))
    return plan


def address_clashes(plan: SiteBuildPlan, later: dict[str, str]) -> list[Problem]:
    """Free pages whose address (content/pages/x.md is published at /x/) the site uses for a page
    of its own: one in `plan`, or one of `later` (address -> title), made further on in the build."""
    free = {id(document) for document, _ in plan.free_pages}
    built = dict(later)
    pages: list[Document | PendingPage] = [*plan.documents, *plan.pending]
    built.update((d.url, d.title) for d in pages if id(d) not in free)
    return [Problem(page.display_path, 1, "error",
                    _("the address /{address} belongs to the built-in page '{title}'; "
                      "rename this file (its name makes the address)", address=document.url, title=built[document.url]))
            for document, page in plan.free_pages if document.url in built]
