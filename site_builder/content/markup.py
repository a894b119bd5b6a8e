"""Markdown written by editors -> safe HTML.

Stories are untrusted text: they are rendered with Python-Markdown and then
cleaned with nh3 (the Ammonia sanitiser) against a short allowlist, so no
script, event handler, style, iframe or javascript:/data: URL can reach a
page, a feed or the yearbook, whatever was pasted into the file.
"""

from __future__ import annotations

import html.parser
import re
import threading
from typing import Any

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u",
    "s", "sub", "sup", "blockquote", "ul", "ol", "li", "a", "table", "thead",
    "tbody", "tr", "th", "td", "caption", "abbr", "q", "cite", "small", "mark",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"},
                      "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"},
                      "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])>")


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's Markdown converter, reset for a new text: making one costs about
    half a millisecond, a fifth of converting a story, times 10,000 profiles."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["tables", "sane_lists"],
                                                             output_format="html")
    return converter.reset()


def _clean(html: str, link_rel: str | None) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS | {"h1"}, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=link_rel, strip_comments=True)


def _shift_headings(html: str, top_heading: int) -> str:
    levels = [int(level) for level in re.findall(r"<h([1-6])>", html)]
    if not levels:
        return html
    offset = top_heading - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{max(1, min(int(m.group(2)) + offset, 6))}>", html)


def render_story(text: str, top_heading: int = 2) -> tuple[Markup, bool]:
    """Render untrusted Markdown to sanitised HTML; also say whether the
    sanitiser removed anything (so the editor can be told).

    Headings are shifted so that the text's highest heading becomes
    `top_heading` (<h2> under the page's own <h1>), whether the editor
    started at "#" or "##": levels are never skipped.
    """
    html = _markdown().convert(text)
    removed = _structure(_clean(html, None)) != _structure(html)
    return Markup(_shift_headings(_clean(html, "noopener noreferrer"), top_heading)), removed


def render_markdown(text: str, top_heading: int = 2) -> Markup:
    """Render untrusted Markdown to sanitised HTML (see `render_story`)."""
    return render_story(text, top_heading)[0]


def render_inline(text: str) -> Markup:
    """Render a short Markdown text (an intro) without the wrapping <p> when single."""
    html = str(render_markdown(text))
    if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Markup(html)


# Presentation the allowlist drops from editors' own Markdown (a table column's alignment, which
# Python-Markdown writes as a style on each cell): not content, so not worth a warning.
_PRESENTATION = {"th": {"style", "align"}, "td": {"style", "align"}}


class _Structure(html.parser.HTMLParser):
    """What an HTML fragment says: its elements with their attributes, and its text, entities
    decoded and white space folded. Two serialisations of one fragment give the same."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...] | tuple[str, str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        dropped = _PRESENTATION.get(tag, set())
        kept = tuple(sorted((name, value or "") for name, value in attrs if name not in dropped))
        self.events.append(("start", tag, kept))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self.events.append(("text", text))


def _structure(fragment: str) -> list[tuple[Any, ...]]:
    """Whether the sanitiser removed something is whether the structure changed, not the
    characters: nh3 re-serialises (quotes, entities, an e-mail address's encoding)."""
    parser = _Structure()
    parser.feed(fragment)
    parser.close()
    merged: list[tuple[Any, ...]] = []  # a text split by an entity or a removed comment is one text
    for event in parser.events:
        if event[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", f"{merged[-1][1]} {event[1]}")
        else:
            merged.append(event)
    return merged
