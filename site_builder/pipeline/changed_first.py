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

It is tried only when the page can be made from the profile alone:

- an edit: each changed file is the index.md of a profile public in the last build, valid again,
  with the same name (so the same address), status, dates, taxonomy codes, place, photos and
  related profiles, which the rest of the page (its view, its cards, its listings' order) is made
  of. Until the whole build is done, what the page's head says (its description, the share
  card's text) and every other page showing the profile (a card's summary) are the last build's.
- a new profile (an editor's "new profile" in the web editor, a copied folder): a new
  `profiles/<folder>/index.md`, valid, public on the build's date, whose address is plainly its
  own (its `id:`, or its name's when no profile and no recorded address has it: a taken name's
  suffix is the whole build's to choose), whose name no other profile has (the whole build may
  call it a duplicate), whose photos can be read (new ones are processed now, into the cache
  the whole build then finds them in, and their renditions written beside the page) and whose
  related profiles are public. Its page is written with no head tags (no share card yet: the
  whole build draws it) and it is on no listing, in no search and no feed until the whole build
  is done.

Anything else (a renamed field, a taxonomy, a template, a deleted file, an error) is left to the
whole build alone, which then writes every page as a cold build would (the record of the output
marks the pages written first as unknown: tests/pipeline/test_changed_first.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..common.files import link_or_copy, write_atomically
from ..content.addresses import identity, profile_file
from ..content.load import check_profile_file
from ..content.model import Content, Profile
from ..content.schema import name_key
from ..content.text import slugify
from ..engine.mkdocs import page_path, shell_for
from ..media.photos import PhotoSet, process_photos
from ..public.gate import hidden_reason
from ..public.places import profile_places
from ..public.views import profile_view
from ..site.documents import PendingPage
from ..site.pages import profile_page
from ..site.renderer import Renderer


@dataclass
class LastPages:
    """What the last good build of a preview session leaves for the changed page first."""

    content: Content
    profile_pages: dict[Path, PendingPage]  # a public profile's file -> its page's plan, head tags included
    shells: dict  # the engine's shell of each depth (engine/mkdocs.py)
    renderer: Renderer
    photo_sets: dict[str, PhotoSet]  # every processed photo's renditions, by its path in content/
    photo_cache: Path  # where the build keeps them (media/photos.py), new photos go there too
    today: dt.date
    drafts: bool  # the preview shows drafts and profiles in review (public/gate.py)


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
    shows (see above); the files written (photos' renditions first, then pages), or [] when the
    whole build must do it all."""
    if last is None or not changed:
        return []
    known = {os.path.abspath(p.source) for p in last.content.profiles}
    profiles_dir = Path(os.path.abspath(last.content.root / "profiles"))
    # A new profile's folder: its index.md, or the folder itself when it was moved in whole (one
    # event for the folder, none for the files in it).
    new_folders = {folder for path in changed for folder in (path, path.parent)
                   if folder.parent == profiles_dir and str(folder / "index.md") not in known
                   and (folder / "index.md").is_file()}
    made: dict[str, bytes] = {}
    photos: dict[str, Path] = {}  # a new profile's new photos' renditions: output path -> cached file
    for path in sorted(changed | {folder / "index.md" for folder in new_folders}):
        if path.parent in new_folders and path.name == "index.md":
            page = _new_page(last, path, photos)
        elif path in new_folders or path.parent in new_folders or path == profiles_dir:
            continue  # the new profile's folder, its photos (its page checks them), the folder it is in
        else:
            page = _edited_page(last, path)
        if page is None:
            return []  # the whole build, alone
        made[page_path(page.url)] = shell_for(last.shells, page.url).fill(last.renderer.render_pending(page)).encode()
    linked = []
    for file, source in photos.items():  # before the page that shows them
        target = out_dir / file
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(source, target)
            linked.append(file)
    for file, html in made.items():
        target = out_dir / file
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        write_atomically(target, html)
    return [*linked, *made]


def _edited_page(last: LastPages, path: Path) -> PendingPage | None:
    """The page of a public profile whose file was saved, when nothing else shows the change."""
    page = last.profile_pages.get(path)
    if page is None or not path.is_file():
        return None  # not a public profile's file, or gone
    before = page.context["p"]
    checked, _problems = check_profile_file(path, last.content)
    if checked is None:
        return None  # an error: the whole build says where
    if checked.slug not in ("", before.slug):
        return None  # its `id:` changed: another address, which the whole build gives
    after = dataclasses.replace(checked, slug=before.slug)  # the address `assign_slugs` gave it
    if _moves_other_pages(before, after):
        return None
    view = dataclasses.replace(page.context["v"], profile=after)
    return dataclasses.replace(page, context={**page.context, "v": view, "p": after, "story": Markup(after.story_html)})


def _new_page(last: LastPages, path: Path, photo_files: dict[str, Path]) -> PendingPage | None:
    """The page of a new profile, when it is plainly public under an address of its own (above);
    the renditions of its new photos are added to `photo_files`."""
    content, tax = last.content, last.content.taxonomies
    checked, _problems = check_profile_file(path, content)
    if checked is None or hidden_reason(checked, last.today, last.drafts) is not None:
        return None  # an error, or not shown: the whole build says which
    taken = {p.slug for p in content.profiles} | set(content.addresses)
    slug = checked.slug or slugify(checked.name)
    if not slug or slug in taken or any(name_key(p.name) == name_key(checked.name) for p in content.profiles):
        return None  # another profile's address or name: the whole build decides (a suffix, a duplicate)
    recorded = [a for a in content.addresses.values() if a.identity() == identity(checked)
                or a.file == profile_file(content.root, checked)]
    if recorded:
        return None  # an address recorded for it before (a profile put back): the whole build finds it
    views = {page.context["p"].slug: page.context["v"] for page in last.profile_pages.values()}
    if any(s not in views for s in checked.related):
        return None  # a related profile not public: the whole build says why
    photo_sets = dict(last.photo_sets)
    new_photos = [photo for photo in checked.photos if photo.relative not in photo_sets]
    if new_photos:  # encoded as the whole build would (content-hash cache: it will not encode them again)
        media = process_photos(new_photos, last.photo_cache, content.site.original_photo_download, some_only=True)
        if media.errors:
            return None  # an unreadable photo: the whole build names it
        photo_sets.update(media.photos)
        photo_files.update(media.files)
    p = dataclasses.replace(checked, slug=slug)
    view = profile_view(p, tax, profile_places(tax.localities, [p], last.today)[slug], photo_sets)
    # No reportage features a new profile (a film naming it would have failed the last build), and
    # its key is the whole build's to give.
    return profile_page(view, [views[s] for s in p.related], "")
