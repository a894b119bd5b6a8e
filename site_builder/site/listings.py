"""A listing's pages: where one page ends is decided by the profiles there, not by counting.

Numbered pages of a fixed size ("trang/2/", "trang/3/" …) move every later
profile along by one when a profile is added or withdrawn: at 10,000 profiles one
addition rewrote about 900 listing pages. Here a page ends after a profile whose
address hashes to a multiple of the page size, so where pages end depends only on
the profiles around each end: content-defined boundaries, as rsync and backup tools
cut files into chunks. Bounds keep pages readable: no page ends before it holds
`min_size` profiles (a quarter of the page size), past `page_size` a weaker hash
(one profile in `min_size`) may end it, and at `max_size` (twice the page size) it
ends whatever the hashes say. A page after the first is named by its first
profile's address (`ho-so/trang/nguyen-van-an/`), never by a number, and shows
neither the listing's count nor the table of pages: the first page has those.

What one addition rewrites in a listing (a withdrawal is the mirror image):
- the page it lands on, and the first page (its count changes): 2 pages, most often;
- if it becomes a page's first profile, that page's address changes (the old file is
  deleted) and the pages before and after link to the new one: 3 more;
- if it ends a page, the page splits and the page after links back to the new one;
- the ends decided by the page's length (the weaker hash, `max_size`) can move
  with it, and those after them up to the next end the hash alone decides.
`tests/site/test_listings.py` measures it over random additions and withdrawals at
1,000 and 10,000 profiles: a median of 2 pages, at most 13 (K = 16 there).
Cold and incremental builds give the same pages: the split is a function of the
listing's profiles alone, not of the order they came in.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import Sequence, TypeVar

Member = TypeVar("Member")


@dataclass(frozen=True)
class PageBounds:
    page_size: int  # the average page, in profiles: site.yml page_size

    @property
    def min_size(self) -> int:
        return max(2, self.page_size // 4)

    @property
    def max_size(self) -> int:
        return 2 * self.page_size


@functools.lru_cache(maxsize=1 << 17)  # a slug is cut against in every listing it is in: ~12 a profile
def _slug_hash(slug: str) -> int:
    return int.from_bytes(hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest(), "big")


def split_pages(members: Sequence[Member], slugs: Sequence[str], bounds: PageBounds) -> list[list[Member]]:
    """`members` (in reading order) cut into pages; `slugs[i]` is the address of `members[i]`.
    A listing that fits on one page is one page (an empty one too).

    A page ends after a profile whose address hashes to a multiple of `page_size` (one in
    `page_size`) once it holds `min_size`; past `page_size` profiles, after one that hashes to a
    multiple of `min_size` too (one in `min_size`, so that few pages run on to `max_size`, where
    a page ends whatever the hashes say and the ends after it follow from that one)."""
    if len(members) <= bounds.page_size:
        return [list(members)]
    pages: list[list[Member]] = [[]]
    for member, slug in zip(members, slugs):
        page = pages[-1]
        page.append(member)
        hashed = _slug_hash(slug)
        if (len(page) >= bounds.max_size
                or (len(page) >= bounds.min_size and hashed % bounds.page_size == 0)
                or (len(page) >= bounds.page_size and hashed % bounds.min_size == 0)):
            pages.append([])
    if not pages[-1]:
        pages.pop()
    return pages


def later_page_url(base: str, first_slug: str) -> str:
    """The address of a listing's page after the first: named by its first profile."""
    return f"{base}trang/{first_slug}/"
