"""Head tags for every page of the site: Open Graph, Twitter card and JSON-LD.

Made once every page is known (the site's pages, statistics, search, yearbook,
press and data pages): `add_head_tags` seals the plan, so a page added after
it, which would go out without its tags, is refused instead.
Each page's tags are kept in `cache_dir/head-tags` under what they are made of.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from markupsafe import Markup

from ..common import work
from ..common.caches import Memo
from ..common.products import products
from ..media import share
from ..public.gate import Publication
from ..site.documents import Document, PendingPage, SiteBuildPlan
from ..site.renderer import Renderer
from . import structured_data
from .kit import PRESS_URL, PressKit


def add_head_tags(plan: SiteBuildPlan, kit: PressKit, publication: Publication, renderer: Renderer,
                  labels: dict, cache_dir: Path) -> SiteBuildPlan:
    """`plan` with every page's head tags added, sealed against later pages."""
    site = publication.content.site
    k = labels["press_kit"]
    profile_pages = {view.url: (kit.records[slug], kit.record_keys[slug]) for slug, view in plan.views.items()}
    kept_tags = Memo(cache_dir / "head-tags")

    def head_tags(page: Document | PendingPage) -> str:
        own_card = page.url in kit.card_urls  # a profile (and the home page); others show the site's card
        image_url = kit.card_urls[page.url if own_card else ""]
        record, record_key = profile_pages.get(page.url, (None, ""))
        if record is not None and not record_key:
            return page_head_tags(page, image_url, record)
        # What the tags are made of: the page's own values, its record (by key) or its other JSON-LD,
        # and (in the renderer's key) the templates, the labels and the site's settings.
        key = renderer.key("head", page.url, page.title, page.description, image_url,
                           record_key or str(kit.json_ld.get(page.url, Markup(""))))
        return kept_tags.get(key, lambda: page_head_tags(page, image_url, record))

    def page_head_tags(page: Document | PendingPage, image_url: str, record: dict | None) -> str:
        work.count(work.HEAD_TAGS)
        json_ld: list[Markup] = []
        if record is not None:
            json_ld.append(structured_data.script_json(
                structured_data.profile_entity(record, site, k, PRESS_URL)))
        elif kit.json_ld.get(page.url):
            json_ld.append(kit.json_ld[page.url])
        return renderer.render(
            "head_tags.html", page.url, og_type="article" if record else "website",
            title=page.title, description=page.description, canonical=site.base_url + page.url,
            image_url=site.base_url + image_url, image_width=share.WIDTH, image_height=share.HEIGHT,
            image_alt=k["share_alt"].format(name=record["name"], site=site.title) if record else site.title,
            json_ld=json_ld,  # the feed is linked by theme/overrides/main.html on every page (404 too)
        )

    documents = [dataclasses.replace(d, head=d.head + head_tags(d)) for d in plan.documents]
    # A pending page is reused from the previous build while its key is unchanged:
    # the key must change with its head (a new share image, a changed award).
    # A profile's page, with its tags, is the one of the last build while both are the same.
    headed = products("pages with head tags", work.DOCUMENTS)
    pending = [headed.get(p.url, (p, tags), lambda: dataclasses.replace(p, head=p.head + tags,
                                                                          key=renderer.key(p.key, tags)))
               for p in plan.pending for tags in (head_tags(p),)]
    kept_tags.save()
    return dataclasses.replace(plan, documents=documents, pending=pending, sealed=True)
