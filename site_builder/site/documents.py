"""What the site stage hands the engine: pages as engine-neutral documents.

A `Document` is rendered now (a title, a description and a body of HTML); a
`PendingPage` is rendered only when its key changed since the last build; a
`Redirect` sends an old address to a new one. The engine adapter wraps each in
the site's chrome (header, navigation, footer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.model import Page
from ..public.views import ProfileView


@dataclass(frozen=True)
class Document:
    """A page handed to the engine: `url` like "ho-so/nguyen-thi-hoa/"."""

    url: str
    title: str
    description: str
    body: str  # HTML
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


@dataclass
class SiteBuildPlan:
    documents: list[Document] = field(default_factory=list)  # rendered now
    pending: list[PendingPage] = field(default_factory=list)  # rendered only if changed
    redirects: list[Redirect] = field(default_factory=list)
    views: dict[str, "ProfileView"] = field(default_factory=dict)  # by slug, for the later stages
    view_keys: dict[str, str] = field(default_factory=dict)  # by slug: `view_key` of each view
    # Each free page (content/pages) with its document, so that an address clash names the file.
    free_pages: list[tuple[Document, Page]] = field(default_factory=list)
    # What the home page ("") was rendered from, so that a later part of this stage can add to it
    # (site/reportage.py: the latest reportage).
    home_context: dict = field(default_factory=dict)
    # Set once every page's head tags are made (press/head.py): a page added later would lack them.
    sealed: bool = False

    def add(self, *documents: Document) -> None:
        """Pages made by the stages after the site's own (statistics, search, yearbook, press)."""
        if self.sealed:
            raise RuntimeError("the page plan is sealed: every page must exist before the head tags are made")
        self.documents.extend(documents)
