"""HTML fragments -> well-formed XHTML, for the EPUB.

Stories are rendered to HTML by `markup.render_markdown` (sanitised by nh3).
HTML is not XML: `<br>` is not closed and the sanitiser writes a no-break
space as `&nbsp;`, an entity XML does not know. EPUB content documents must
be well-formed XML, and EPUBCheck does not catch every way they are not, so
each fragment is re-serialised here: void elements closed, text and
attributes escaped with XML's five entities only, every other character as
itself (UTF-8).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from markupsafe import Markup

from ..common.messages import _
from .errors import NotWellFormed

VOID_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;")


class _XhtmlWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # &nbsp; &#39; … become characters
        self.parts: list[str] = []
        self.open: list[str] = []

    def _start(self, tag: str, attrs, close: bool) -> None:
        attributes = "".join(f' {name}="{_escape_attribute(value or "")}"' for name, value in attrs)
        if close or tag in VOID_ELEMENTS:
            self.parts.append(f"<{tag}{attributes}/>")
        else:
            self.parts.append(f"<{tag}{attributes}>")
            self.open.append(tag)

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, close=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, close=True)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or tag not in self.open:
            return  # a stray end tag: HTML ignores it, so does XHTML
        while self.open:  # close elements HTML would close implicitly (<p> inside <li>…)
            name = self.open.pop()
            self.parts.append(f"</{name}>")
            if name == tag:
                break

    def handle_data(self, data):
        self.parts.append(_escape_text(data))

    def handle_comment(self, data):
        pass  # comments never reach a book

    def result(self) -> str:
        self.close()
        while self.open:
            self.parts.append(f"</{self.open.pop()}>")
        return "".join(self.parts)


def to_xhtml(html: str) -> Markup:
    """An HTML fragment as well-formed XHTML (same elements, same text)."""
    writer = _XhtmlWriter()
    writer.feed(str(html))
    return Markup(writer.result())


_BLOCK_START = re.compile(r"<(p|h[2-6]|ul|ol|table|blockquote)>")


def number_blocks(xhtml: str, prefix: str) -> Markup:
    """Give each block element of a story an id (`prefix1`, `prefix2`…).

    The ids are the places where the EPUB can mark the PDF's page breaks
    inside a long story.
    """
    counter = iter(range(1, 1_000_000))
    return Markup(_BLOCK_START.sub(lambda m: f'<{m.group(1)} id="{prefix}{next(counter)}">', str(xhtml)))


def insert_before_ids(xhtml: str, markers: dict[str, str]) -> Markup:
    """Insert `markers[id]` (XHTML) right before the element that has that id."""
    if not markers:
        return Markup(xhtml)
    pattern = re.compile(r'<[a-z0-9]+ id="([^"]+)"')
    return Markup(pattern.sub(lambda m: markers.get(m.group(1), "") + m.group(0), str(xhtml)))


def check_well_formed(document: str, name: str) -> None:
    """Raise NotWellFormed naming the document, line and column of the first XML error."""
    try:
        ElementTree.fromstring(document.encode("utf-8"))
    except ElementTree.ParseError as exc:
        line, column = exc.position
        where = "%s:%d:%d" % (name, line, column)
        raise NotWellFormed(_("{where}: not well-formed XML: {reason}", where=where, reason=exc)) from None
