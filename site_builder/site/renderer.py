"""Jinja over theme/templates with the site's helpers: every page's HTML is made here.

Links between pages are relative (`url()` in templates), so the site works
under any base path.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..common import work
from ..common.files import digest_bytes
from ..common.products import products
from ..content.read import safe_load
from ..content.text import format_date
from .documents import Document, PendingPage


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


def template_environment(templates_dir: Path, labels: dict, site, cache_dir: Path | None = None
                         ) -> jinja2.Environment:
    """Jinja over one folder of templates, as every HTML of the site and the yearbook is made:
    autoescaped, strict (a missing value is an error, never a blank), the labels as `t`, the
    site's settings as `site`, dates written dd/mm/yyyy."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a build; skip the stat per render
        # Compiled templates kept between builds (a third of a second per build); Jinja
        # checks each against its template's source, so a changed template is recompiled.
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_made(cache_dir))) if cache_dir else None,
    )
    env.filters["date"] = format_date
    env.globals.update(t=labels, site=site)
    return env


class Renderer:
    """Jinja environment over theme/templates with the site's helpers."""

    def __init__(self, templates_dir: Path, labels: dict, site, cache_dir: Path | None = None):
        self.templates_dir = templates_dir
        # Everything every page depends on besides its own data.
        self.fingerprint = digest_bytes(
            *(p.read_bytes() for p in sorted(templates_dir.rglob("*.html"))), repr(labels).encode(),
            repr(site).encode())
        self.env = template_environment(templates_dir, labels, site, cache_dir)
        # A card depends only on its profile and the depth of the page it is
        # on, and a profile appears on many listings: render each card once.
        self._cards: dict[tuple[str, int, str], str] = {}

    def render(self, template: str, page_url: str, **context) -> str:
        def url(target: str) -> str:
            return relative_url(page_url, target)

        def cards(views, heading: str = "h3") -> Markup:
            return self.cards(views, page_url, heading)

        html = self.env.get_template(template).render(url=url, cards=cards, page_url=page_url, **context)
        # The site's HTML has no blank lines (the templates keep them, for reading): smaller
        # files, and a body the engine can pass through its Markdown reader as one HTML block.
        return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"

    def key(self, *parts: str) -> str:
        """A page's key: a digest of the templates, labels and settings (the fingerprint) and `parts`.
        The digests of the last build of this process are looked up by their parts
        (common/products.py): at ten thousand profiles a save asks for some thirty thousand, and
        hashes only those of the pages it changed."""
        parts = (self.fingerprint, *parts)
        return products("renderer keys", work.KEYS).get(parts, (), lambda: digest_bytes(*(p.encode() for p in parts)))

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


def load_labels(theme_dir: Path) -> dict:
    return safe_load((theme_dir / "labels.yml").read_text(encoding="utf-8"))
