"""How much per-profile work a build did: counts by kind, not a clock.

A save in the preview should cost what it changes, whatever the size of the
publication. Timings cannot show that in a test (the machine is shared, and a
slow second hides a walk over ten thousand profiles), counts can: each stage
adds to `count(kind)` as it makes a product for a profile or a page, and the
build hands the totals back in its summary (`BuildSummary.work`). A product
taken from a cache, in memory or on disk, is not counted: only what is made.

The kinds are the constants below, in the order of the pipeline.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Iterator

PROFILES_READ = "profiles read"  # a profile's file read from disk (its stat signature changed)
PROFILES_CHECKED = "profiles checked"  # a profile validated (not taken from the validation cache)
VIEWS = "views"  # a profile's public view (public/views.py)
KEYS = "keys"  # a fingerprint hashed: a view's, a page's (the renderer's), an open-data or search record's
LISTINGS = "listings"  # a listing (all profiles, a term's, a locality's) cut into pages and keyed (site/pages.py)
DOCUMENTS = "documents"  # a page of one profile planned (site/pages.py), or given its head tags
OPEN_DATA_RECORDS = "open-data records"  # a profile's open-data record, or its JSON and CSV
FEED_ENTRIES = "feed entries"  # a profile's entry of the Atom feeds, rendered
SEARCH_RECORDS = "search records"  # a profile's search record, or its folded text
HEAD_TAGS = "head tags"  # a page's head tags, rendered
PAGES_RENDERED = "pages rendered"  # a page's HTML made by the engine
FILES_WRITTEN = "files written"  # a file written into the output (a first build: all of them)

KINDS = (PROFILES_READ, PROFILES_CHECKED, VIEWS, KEYS, LISTINGS, DOCUMENTS, OPEN_DATA_RECORDS, FEED_ENTRIES,
         SEARCH_RECORDS, HEAD_TAGS, PAGES_RENDERED, FILES_WRITTEN)

_counting: Counter[str] | None = None


def count(kind: str, amount: int = 1) -> None:
    """`amount` more of `kind` made by the build that is counting (none: nothing is kept)."""
    if _counting is not None:
        _counting[kind] += amount


@contextlib.contextmanager
def counting() -> Iterator[Counter[str]]:
    """The counts of the work done in the block, by kind (every kind present, zero if none)."""
    global _counting
    previous, _counting = _counting, Counter({kind: 0 for kind in KINDS})
    try:
        yield _counting
    finally:
        _counting = previous
