"""The preview's changed page first: a saved profile's page is shown before the whole build.

Hugo's server renders the page that changed and shows it at once, the rest after. Most of an
editor's saves are a profile's text (its story, summary, facts, awards), and the whole build
behind a save walks the whole publication (listings, statistics, open data, feeds, the
sitemap, the search index): seconds at 10,000 profiles. So before it, the preview
(`ResidentSession.changed_first`, cli/serve.py) makes the saved profile's page alone, from what
the last good build kept (`LastPages`: each profile page's plan with its head tags, the
engine's shells for each depth, the renderer, the content's taxonomies) and its one file
checked again, writes it into the output and lets the browser reload. The whole build then
follows as before and writes the same bytes for a story edited (tests/pipeline/test_changed_first.py).

It is tried only when the page can be made from the profile alone: each changed file is the
index.md of a profile public in the last build, valid again, with the same name (so the same
address), status, dates, taxonomy codes, place, photos and related profiles, which the rest of
the page (its view, its cards, its listings' order) is made of. Anything else (a new profile,
a renamed field, a taxonomy, a template, an error) is left to the whole build alone. Until that
build is done, what the page's head says (its description, the share card's text) and every
other page showing the profile (a card's summary) are the last build's: the build that follows
puts them right.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..common.files import write_atomically
from ..content.load import check_profile_file
from ..content.model import Content, Profile
from ..engine.mkdocs import page_path, shell_for
from ..site.documents import PendingPage
from ..site.renderer import Renderer


@dataclass
class LastPages:
    """What the last good build of a preview session leaves for the changed page first."""

    content: Content
    profile_pages: dict[Path, PendingPage]  # a public profile's file -> its page's plan, head tags included
    shells: dict  # the engine's shell of each depth (engine/mkdocs.py)
    renderer: Renderer


def _moves_other_pages(before: Profile, after: Profile) -> bool:
    """Whether the edit changes what the page is made of beside the profile (its view's terms,
    place and photos, its related profiles) or where the profile stands on other pages (its
    address, whether it is public, the dates the listings and feeds order by)."""
    def shown_elsewhere(p: Profile) -> tuple:
        return (p.name, p.kind, p.fields, p.movements, p.locality, p.unit, p.stage, p.status, p.publish_from,
                p.consent, p.photos, p.related, p.aliases, p.submitted, p.updated, p.corrections, p.featured)
    return shown_elsewhere(before) != shown_elsewhere(after)


def changed_first(last: LastPages | None, changed: set[Path], out_dir: Path) -> list[str]:
    """Write the pages of the profiles whose files are `changed`, when that is all the change
    shows (see above); the addresses written, or [] when the whole build must do it all."""
    if last is None or not changed:
        return []
    made: dict[str, bytes] = {}
    for path in sorted(changed):
        page = last.profile_pages.get(path)
        if page is None or not path.is_file():
            return []  # not a public profile's file, or gone: the whole build
        before = page.context["p"]
        checked, _problems = check_profile_file(path, last.content)
        if checked is None:
            return []  # an error: the whole build says where
        if checked.slug not in ("", before.slug):
            return []  # its `id:` changed: another address, which the whole build gives
        after = dataclasses.replace(checked, slug=before.slug)  # the address `assign_slugs` gave it
        if _moves_other_pages(before, after):
            return []
        view = dataclasses.replace(page.context["v"], profile=after)
        edited = dataclasses.replace(page, context={**page.context, "v": view, "p": after,
                                                    "story": Markup(after.story_html)})
        made[page_path(page.url)] = shell_for(last.shells, page.url).fill(last.renderer.render_pending(edited)).encode()
    for file, html in made.items():
        target = out_dir / file
        if target.parent.is_dir() and os.path.isfile(target):
            write_atomically(target, html)
    return list(made)
