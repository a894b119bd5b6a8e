"""Markdown written by editors -> safe HTML.

Stories are untrusted text: they are rendered with Python-Markdown and then
cleaned with nh3 (the Ammonia sanitiser) against a short allowlist, so no
script, event handler, style, iframe or javascript:/data: URL can reach a
page, a feed or the yearbook, whatever was pasted into the file.
"""

from __future__ import annotations

import re
import threading

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
    removed = _normalise(_clean(html, None)) != _normalise(html)
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


def _normalise(html: str) -> str:
    return re.sub(r"\s+", " ", html.replace("<br />", "<br>")).strip()
