"""Stage: the public view -> the site's pages, as engine-neutral documents.

Each page is a `Document`: a title, a description and a body of HTML rendered
by the Jinja templates in `theme/templates/`. The engine adapter wraps them in
the site's chrome (header, navigation, footer). Pages are made by a few small
generators: profiles, listings (one per taxonomy term, paginated), section
overviews, the home page, free pages and redirects for old addresses.

Links between pages are relative, so the site works under any base path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import jinja2
import yaml
from markupsafe import Markup

from ..common.files import digest_bytes
from ..content.diagnostics import Problem
from ..content.markup import render_inline, render_markdown
from ..content.model import Page, Photo, Profile, Term
from ..content.text import format_date, sort_key
from ..media.photos import PhotoSet
from ..public.gate import Publication


@dataclass(frozen=True)
class Document:
    """A page handed to the engine: `url` like "ho-so/nguyen-thi-hoa/"."""

    url: str
    title: str
    description: str
    body: str  # HTML
    hide_toc: bool = True
    in_nav: str = ""  # nav label when the page is in the navigation
    nav_order: int = 0
    head: str = ""  # extra HTML for <head> (structured data, share cards), already escaped


@dataclass(frozen=True)
class PendingPage:
    """A page outside the navigation whose body is rendered only when needed.

    `key` fingerprints everything the body is made from (templates, labels,
    settings, the profiles shown), so a rebuild renders only pages whose key
    changed and reuses the others' previous output.
    """

    url: str
    title: str
    description: str
    key: str
    template: str
    context: dict = field(compare=False, repr=False)
    head: str = ""


@dataclass(frozen=True)
class Redirect:
    """An old address that sends the reader to a new one."""

    url: str
    target: str
    title: str


# --- Views: what templates see -------------------------------------------


@dataclass(frozen=True)
class PhotoView:
    photo: Photo
    set: PhotoSet


@dataclass(frozen=True)
class ProfileView:
    profile: Profile
    url: str
    kind: Term
    stage: Term
    fields: tuple[Term, ...]
    movements: tuple[Term, ...]
    locality: Term | None
    unit_name: str
    photos: tuple[PhotoView, ...]
    initials: str
    colour: str

    @property
    def name(self) -> str:
        return self.profile.name


def initials(name: str) -> str:
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return "?"
    picked = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(w[0] for w in picked).upper()


def colour_for(name: str) -> str:
    """A calm colour derived from the name, dark enough for white text (WCAG AA)."""
    hue = int(hashlib.sha256(name.encode()).hexdigest()[:4], 16) % 360
    return f"hsl({hue} 45% 32%)"


@dataclass(frozen=True)
class Section:
    """A way of grouping profiles: by field, movement, kind, locality or year."""

    key: str  # label key in theme/labels.yml
    prefix: str  # URL part: "linh-vuc"
    terms: tuple[Term, ...]
    members: Callable[[Profile], Iterable[str]]


def sections_for(publication: Publication, labels: dict) -> tuple[Section, ...]:
    tax = publication.content.taxonomies
    years = sorted({p.year for p in publication.profiles}, reverse=True)
    year_terms = tuple(Term(str(y), labels["year_name"].format(year=y)) for y in years)
    return (
        Section("fields", "linh-vuc", tuple(tax.fields.values()), lambda p: p.fields),
        Section("movements", "phong-trao", tuple(tax.movements.values()), lambda p: p.movements),
        Section("kinds", "doi-tuong", tuple(tax.kinds.values()), lambda p: (p.kind,)),
        Section("localities", "dia-phuong", tuple(tax.localities.values()), lambda p: (p.locality,)),
        Section("years", "nam", year_terms, lambda p: (str(p.year),)),
    )


# --- Rendering --------------------------------------------------------------


def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url` (both site-relative, "a/b/").

    Every page is a folder, so going up one "../" per folder of `from_url`
    always reaches the site root: links work under any base path.
    """
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    return ("../" * from_url.count("/") + to_url) or "./"


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Renderer:
    """Jinja environment over theme/templates with the site's helpers."""

    def __init__(self, templates_dir: Path, labels: dict, site, cache_dir: Path | None = None):
        self.templates_dir = templates_dir
        # Everything every page depends on besides its own data.
        self.fingerprint = digest_bytes(
            *(p.read_bytes() for p in sorted(templates_dir.rglob("*.html"))), repr(labels).encode(),
            repr(site).encode())
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,  # a missing value is an error, never a blank
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,  # templates do not change during a build; skip the stat per render
            # Compiled templates kept between builds (a third of a second per build); Jinja
            # checks each against its template's source, so a changed template is recompiled.
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(_made(cache_dir))) if cache_dir else None,
        )
        self.env.filters["date"] = format_date
        self.env.globals.update(t=labels, site=site)
        # A card depends only on its profile and the depth of the page it is
        # on, and a profile appears on many listings: render each card once.
        self._cards: dict[tuple[str, int, str], str] = {}

    def render(self, template: str, page_url: str, **context) -> str:
        def url(target: str) -> str:
            return relative_url(page_url, target)

        def cards(views, heading: str = "h3") -> Markup:
            return self.cards(views, page_url, heading)

        html = self.env.get_template(template).render(url=url, cards=cards, page_url=page_url, **context)
        # Blank lines would end an HTML block in the engine's Markdown reader.
        return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"

    def key(self, *parts: str) -> str:
        return digest_bytes(self.fingerprint.encode(), *(p.encode() for p in parts))

    def render_pending(self, page: PendingPage) -> Document:
        return Document(page.url, page.title, page.description,
                        self.render(page.template, page.url, **page.context), head=page.head)

    def cards(self, views, page_url: str, heading: str) -> Markup:
        depth = page_url.count("/")
        items = []
        for view in views:
            key = (view.url, depth, heading)
            if key not in self._cards:
                self._cards[key] = self.render("card.html", page_url, v=view, heading=heading)
            items.append(self._cards[key])
        return Markup('<ul class="dh-cards">\n' + "".join(items) + "</ul>")


@dataclass
class SiteBuildPlan:
    documents: list[Document] = field(default_factory=list)  # rendered now
    pending: list[PendingPage] = field(default_factory=list)  # rendered only if changed
    redirects: list[Redirect] = field(default_factory=list)
    views: dict[str, "ProfileView"] = field(default_factory=dict)  # by slug, for the later stages
    view_keys: dict[str, str] = field(default_factory=dict)  # by slug: `view_key` of each view
    # Each free page (content/pages) with its document, so that an address clash names the file.
    free_pages: list[tuple[Document, Page]] = field(default_factory=list)


def profile_views(publication: Publication, photo_sets: dict[str, PhotoSet]) -> dict[str, ProfileView]:
    tax = publication.content.taxonomies
    views = {}
    for p in publication.profiles:
        views[p.slug] = ProfileView(
            profile=p,
            url=f"ho-so/{p.slug}/",
            kind=tax.kinds[p.kind],
            stage=tax.stages[p.stage],
            fields=tuple(tax.fields[c] for c in p.fields),
            movements=tuple(tax.movements[c] for c in p.movements),
            locality=tax.localities.get(p.locality),
            unit_name=tax.units[p.unit].name if p.unit in tax.units else "",
            photos=tuple(PhotoView(ph, photo_sets[ph.relative]) for ph in p.photos if ph.relative in photo_sets),
            initials=initials(p.name),
            colour=colour_for(p.name),
        )
    return views


def _paginate(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}trang/{number}/"


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
    for profile, _ in publication.withheld:
        if profile.status == "withdrawn":
            url = f"ho-so/{profile.slug}/"
            body = renderer.render("withdrawn.html", url)
            plan.documents.append(Document(url, labels["withdrawn_title"], labels["withdrawn_title"], body,
                                           head='<meta name="robots" content="noindex">'))

    # Profiles, with their old addresses.
    term_reprs: dict[int, str] = {}  # ten thousand profiles name a few hundred terms (and photo sets)
    view_keys = {slug: view_key(view, term_reprs) for slug, view in views.items()}
    plan.views, plan.view_keys = views, view_keys
    for view in ordered:
        p = view.profile
        related = [views[s] for s in p.related if s in views]  # never link a withheld profile
        key = renderer.key("profile", view_keys[p.slug], *(view_keys[r.profile.slug] for r in related))
        plan.pending.append(PendingPage(view.url, p.name, p.summary, key, "profile.html",
                                        {"v": view, "p": p, "related": related, "story": Markup(p.story_html)}))
        for alias in p.aliases:
            plan.redirects.append(Redirect(f"ho-so/{alias}/", view.url, p.name))

    def listing(url: str, title: str, description: str, items: list[ProfileView], intro: str = ""):
        pages = _paginate(items, site.page_size)
        # The pager (every page's number and address) follows from `url` and the number of pages,
        # so the key names that number, not the list: the A–Z listing of 10,000 has 500 pages.
        pager = [(n, page_url(url, n)) for n in range(1, len(pages) + 1)] if len(pages) > 1 else []
        for number, chunk in enumerate(pages, start=1):
            this = page_url(url, number)
            shown = title if number == 1 else f"{title} – {labels['page_of'].format(page=number, pages=len(pages))}"
            context = {"title": title, "intro": intro, "members": chunk, "count": len(items),
                       "number": number, "pages": len(pages), "pager": pager}
            key = renderer.key("listing", this, shown, description, intro, repr((len(items), number, len(pages))),
                               *(view_keys[v.profile.slug] for v in chunk))
            plan.pending.append(PendingPage(this, shown, description or title, key, "listing.html", context))

    # All profiles, A–Z.
    listing("ho-so/", labels["sections"]["profiles"], site.description, ordered)

    # One overview per section, one listing per term.
    indexes = {section.key: members_by_term(section, ordered) for section in sections}
    for position, section in enumerate(sections):
        counts = []
        for term in section.terms:
            members = indexes[section.key][term.code]
            counts.append((term, len(members), f"{section.prefix}/{term.code}/"))
            listing(f"{section.prefix}/{term.code}/", term.name, term.description or term.name, members,
                    intro=term.description)
        title = labels["sections"][section.key]
        body = renderer.render("section.html", f"{section.prefix}/", title=title, counts=counts)
        plan.documents.append(Document(f"{section.prefix}/", title, title, body,
                                       in_nav=title, nav_order=10 + position))

    # Home page.
    featured = [v for v in ordered if v.profile.featured]
    latest = sorted(ordered, key=lambda v: (-v.profile.last_update.toordinal(), sort_key(v.name)))[:6]
    field_counts, movement_counts = (
        [(term, len(indexes[s.key][term.code]), f"{s.prefix}/{term.code}/") for term in s.terms]
        for s in sections[:2]
    )
    body = renderer.render(
        "home.html", "", intro=render_inline(site.home_intro) if site.home_intro else Markup(""),
        featured=featured, latest=latest, total=len(ordered),
        field_counts=field_counts, movement_counts=movement_counts,
    )
    plan.documents.append(Document("", site.title, site.description, body,
                                   in_nav=labels["sections"]["home"], nav_order=0))

    # Free pages (about, …) from content/pages.
    for page in content.pages:
        url = f"{page.slug}/"
        body = renderer.render("page.html", url, title=page.title, body=render_markdown(page.body))
        document = Document(url, page.title, page.description or page.title, body,
                            in_nav=page.title, nav_order=100 + page.nav_order)
        plan.documents.append(document)
        plan.free_pages.append((document, page))
    return plan


def address_clashes(plan: SiteBuildPlan, later: dict[str, str]) -> list[Problem]:
    """Free pages whose address (content/pages/x.md is published at /x/) the site uses for a page
    of its own: one in `plan`, or one of `later` (address -> title), made further on in the build."""
    free = {id(document) for document, _ in plan.free_pages}
    built = dict(later)
    built.update((d.url, d.title) for d in (*plan.documents, *plan.pending) if id(d) not in free)
    return [Problem(page.display_path, 1, "error",
                    f"the address /{document.url} belongs to the built-in page '{built[document.url]}'; "
                    "rename this file (its name makes the address)")
            for document, page in plan.free_pages if document.url in built]


def members_by_term(section: Section, ordered: list[ProfileView]) -> dict[str, list[ProfileView]]:
    """Profiles filed under each term of `section`, keeping the order of `ordered` (one pass)."""
    index: dict[str, list[ProfileView]] = {term.code: [] for term in section.terms}
    for view in ordered:
        for code in section.members(view.profile):
            index.setdefault(code, []).append(view)
    return index


def view_key(view: ProfileView, term_reprs: dict[int, str] | None = None) -> str:
    """Fingerprint of what a profile's page, cards and records show: its file (by
    digest), its slug, its photos and the taxonomy entries it names. `term_reprs`
    keeps the text of each term and photo set between calls (a term is shown by many
    profiles; a photo set is made once per photo)."""
    known = {} if term_reprs is None else term_reprs

    def text(value) -> str:
        if id(value) not in known:
            known[id(value)] = repr(value)
        return known[id(value)]

    p = view.profile
    terms = (view.kind, view.stage, *view.fields, None, *view.movements, None, view.locality)
    return digest_bytes(p.fingerprint.encode(), p.slug.encode(),
                        "|".join(text(t) for t in terms).encode(), view.unit_name.encode(),
                        "|".join(text(pv.set) for pv in view.photos).encode())


def load_labels(theme_dir: Path) -> dict:
    return yaml.safe_load((theme_dir / "labels.yml").read_text(encoding="utf-8"))
