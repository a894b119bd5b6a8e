"""Per-profile products kept from one build to the next in one process: a save costs what it changes.

Every stage makes something for each public profile: its view, its page's plan
and key, its open-data record, its search record, its feed entry, its pages'
head tags. The preview (pipeline/resident.py) builds again after every save, and
remaking all of them for ten thousand profiles to change one was most of a
save's time. So each product is kept under what it is made of, as memoized
queries are (Salsa, Hugo's fast render): a build looks its inputs up, reuses the
product made from the same inputs, and makes (and counts, common/work.py) only
the others.

- The inputs are compared as they are: a validated profile is the very same
  object while its file is unchanged (the validation cache keeps it), so the
  comparison is `is` for it and for every product made from it; a taxonomy
  term or a place, read again on each build, is compared by value.
- Only the products used by the last successful build are kept: a withdrawn or
  deleted profile's go with the next build, and memory does not grow save
  after save. A failed build (bad content) leaves them as they were.
- Outside `kept_between_builds()` (a one-off `site-builder build`) nothing is
  kept: every product is made, as before; the caches on disk (common/caches.py)
  are what spare a fresh process the expensive ones.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Hashable, Iterator, TypeVar

from . import work

T = TypeVar("T")


class Products:
    """One kind of product: key -> (the inputs it was made of, the product)."""

    def __init__(self, kind: str):
        self.kind = kind  # the work counter it adds to (common/work.py)
        self.last: dict[Hashable, tuple[tuple[Any, ...], object]] = {}  # what the last build made or reused
        self.this: dict[Hashable, tuple[tuple[Any, ...], object]] = {}  # what this build made or reused

    def get(self, key: Hashable, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """The product under `key` if it was made of equal `inputs`, else made now by `make()`.

        `key` names the product (a profile's slug, a page's address); `inputs` is everything
        it is made of. An object compared by identity must be in `inputs` itself, so that it
        stays alive as long as the product and its identity cannot pass to another object."""
        kept = self.this.get(key) or self.last.get(key)
        if kept is not None and kept[0] == inputs:
            self.this[key] = kept
            return kept[1]  # type: ignore[return-value]
        product = make()
        work.count(self.kind)
        self.this[key] = (inputs, product)
        return product


class _Kept:
    def __init__(self) -> None:
        self.kinds: dict[str, Products] = {}


_kept: _Kept | None = None
_building: dict[str, Products] | None = None  # the stores of the build under way


def products(name: str, kind: str) -> Products:
    """The store `name` (one per product; `kind` is its work counter) for the build under way:
    kept from the last build while `kept_between_builds()` holds, else a new, empty one."""
    if _building is None:
        return Products(kind)
    if name not in _building:
        kept = _kept.kinds.get(name) if _kept is not None else None
        _building[name] = kept if kept is not None else Products(kind)
    return _building[name]


@contextlib.contextmanager
def one_build() -> Iterator[None]:
    """A build: the products it used are kept for the next when it succeeds; when it fails, what
    the last successful build kept stays as it was."""
    global _building
    previous, _building = _building, {}
    try:
        yield
        if _kept is not None:
            for name, store in _building.items():
                store.last, store.this = store.this, {}
                _kept.kinds[name] = store
    except BaseException:
        for store in _building.values():
            store.this = {}
        raise
    finally:
        _building = previous


@contextlib.contextmanager
def kept_between_builds() -> Iterator[None]:
    """Products kept between the builds in the block (the preview's resident session)."""
    global _kept
    previous, _kept = _kept, _Kept()
    try:
        yield
    finally:
        _kept = previous
