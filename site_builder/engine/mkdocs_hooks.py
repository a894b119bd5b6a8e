"""MkDocs hooks (loaded through `hooks:` in mkdocs.yml): fixes to Material's HTML.

Material for MkDocs 9.x is in maintenance mode, so a few known faults of its
base template are repaired on the way out rather than by copying the whole
template into theme/. Each replacement names the exact markup it fixes.
"""

from __future__ import annotations

import re

# The Nu Html Checker rejects `autocomplete` on checkbox inputs.
_FIXES = (
    ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'),
    ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'),
)


# Material's script (114 KB) sits at the end of the body without `defer`: the parser
# waits for it, and a phone's first paint with it. Deferred it runs at the same point
# (after the document is parsed, before DOMContentLoaded, which is what it waits for)
# without holding up the page.
_BUNDLE_SCRIPT = re.compile(r'<script src="((?:[^"]*/)?assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"></script>')


def _fix(output: str) -> str:
    for before, after in _FIXES:
        output = output.replace(before, after, 1)
    return _BUNDLE_SCRIPT.sub(r'<script defer src="\1"></script>', output, count=1)


def on_post_page(output: str, page, config) -> str:
    return _fix(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Static templates such as 404.html are not pages but carry the same markup."""
    return _fix(output_content) if template_name.endswith(".html") else output_content
