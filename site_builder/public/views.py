"""The public view of a profile: what every output shows of it.

`ProfileView` joins a public profile with the taxonomy entries it names and
its photo renditions; `view_key` fingerprints all of that, so a later stage
can tell whether anything it shows of a profile changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..common import work
from ..common.files import digest_bytes
from ..common.products import products
from ..content.model import Locality, Photo, Profile, Term
from ..media.photos import PhotoSet
from .gate import Publication
from .places import ProfilePlace


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
    locality: Locality | None  # as recorded (valid on the profile's `submitted` date)
    place: ProfilePlace  # the recorded place with its parents, and what it is part of now
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


def profile_views(publication: Publication, photo_sets: dict[str, PhotoSet]) -> dict[str, ProfileView]:
    """The view of every public profile; a view made by the last build of this process from the
    same profile, terms, place and photos is that one (common/products.py), so that everything
    made from it later is known unchanged at a glance."""
    tax = publication.content.taxonomies
    kept = products("views", work.VIEWS)
    views = {}
    for p in publication.profiles:
        inputs = _view_inputs(p, tax, publication.places[p.slug], photo_sets)
        views[p.slug] = kept.get(p.slug, inputs, lambda: _view(inputs))
    return views


def profile_view(p: Profile, tax: Any, place: ProfilePlace, photo_sets: dict[str, PhotoSet]) -> ProfileView:
    """One profile's view, made now, as `profile_views` makes each (the preview's new profile
    first: pipeline/changed_first.py)."""
    return _view(_view_inputs(p, tax, place, photo_sets))


def _view_inputs(p: Profile, tax: Any, place: ProfilePlace, photo_sets: dict[str, PhotoSet]) -> tuple:
    """What a view is made of, in the order of ProfileView's fields between its url and its initials."""
    return (p, tax.kinds[p.kind], tax.stages[p.stage], tuple(tax.fields[c] for c in p.fields),
            tuple(tax.movements[c] for c in p.movements), tax.localities.get(p.locality), place,
            tax.units[p.unit].name if p.unit in tax.units else "",
            tuple(PhotoView(ph, photo_sets[ph.relative]) for ph in p.photos if ph.relative in photo_sets))


def _view(inputs: tuple) -> ProfileView:
    p, kind, stage, fields, movements, locality, place, unit_name, photos = inputs
    return ProfileView(p, f"ho-so/{p.slug}/", kind, stage, fields, movements, locality, place, unit_name, photos,
                       initials=initials(p.name), colour=colour_for(p.name))


def view_key(view: ProfileView, term_reprs: dict[int, str] | None = None) -> str:
    """Fingerprint of what a profile's page, cards and records show: its file (by
    digest), its slug, its photos and the taxonomy entries it names. `term_reprs`
    keeps the text of each term and photo set between calls (a term is shown by many
    profiles; a photo set is made once per photo)."""
    return products("view keys", work.KEYS).get(view.profile.slug, (view,), lambda: _view_key(view, term_reprs))


def _view_key(view: ProfileView, term_reprs: dict[int, str] | None) -> str:
    known = {} if term_reprs is None else term_reprs

    def text(value) -> str:
        if id(value) not in known:
            known[id(value)] = repr(value)
        return known[id(value)]

    p = view.profile
    terms = (view.kind, view.stage, *view.fields, None, *view.movements, None, view.locality, view.place)
    return digest_bytes(p.fingerprint.encode(), p.slug.encode(),
                        "|".join(text(t) for t in terms).encode(), view.unit_name.encode(),
                        "|".join(text(pv.set) for pv in view.photos).encode())
