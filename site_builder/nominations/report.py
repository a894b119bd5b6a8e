"""A unit's achievement report (báo cáo thành tích), a Word .docx, as the story in Markdown.

mammoth reads the document's meaning rather than its looks: headings, paragraphs,
lists, tables, bold and italic come through; comments, tracked deletions, fonts,
colours and page layout are dropped. Its HTML uses a handful of tags, so it is turned
into the project's Markdown here (mammoth's own Markdown writer is deprecated and
drops tables). Images cannot be part of a story (the sanitiser removes them), so
each becomes a photo file beside the profile, left for the editor to describe.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterable
from xml.etree import ElementTree

import mammoth

from ..common.caches import cycle_collector_paused
from ..common.messages import _
from ..common.parallel import map_on_cores
from ..content.text import nfc
from .attachments import Attachment, AttachmentError, Attachments

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# From this many reports a second process pays for itself.
PARALLEL_REPORTS_FROM = 8
# Word's "Title" style is the report's own title: a heading, not a paragraph.
_STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
_IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}


class ReportError(Exception):
    """A report that cannot be read; the message names the file and says how to fix it."""


@dataclass
class ReportImage:
    name: str  # the file name it gets beside the profile
    data: bytes
    alt: str  # the alt text written in Word, if any: the editor still checks it


@dataclass
class Story:
    markdown: str
    images: list[ReportImage] = field(default_factory=list)
    skipped_images: list[str] = field(default_factory=list)  # content types mammoth gave and no site can show


def convert_report(data: bytes, max_bytes: int, image_prefix: str = "bao-cao-anh", file: str = "") -> Story:
    """The story of one report; `file` is its name, for the messages of ReportError."""
    if data.startswith(_OLE):
        raise ReportError(_("'{file}' is a Word 97–2003 file (.doc), which cannot be read; open it in Word or "
                            "LibreOffice and save it as .docx (File → Save as → Word Document), or run "
                            "'soffice --headless --convert-to docx NAME.doc'", file=file))
    if not data.startswith(b"PK"):
        raise ReportError(_("'{file}' is not a Word .docx file (perhaps an .rtf, a .pdf or a renamed file); "
                            "open it in Word and save it as .docx", file=file))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise ReportError(_("'{file}': the Word file is damaged and cannot be opened; open it in Word, save it "
                            "and send it again", file=file)) from None
    if "word/document.xml" not in names:
        raise ReportError(_("'{file}' is not a Word .docx file (it holds no document text; perhaps a renamed "
                            "Excel or PowerPoint file)", file=file))
    if unpacked > max_bytes * 4:
        raise ReportError(_("'{file}': the Word file unpacks to {size} MB, too big; make the pictures in the "
                            "report smaller (Compress Pictures) and send it again", file=file,
                            size=format(unpacked / 1e6, ".0f")))
    story = Story("")

    def keep_image(image) -> dict:
        extension = _IMAGE_TYPES.get(image.content_type)
        if extension is None:
            story.skipped_images.append(image.content_type or "?")
            return {}
        with image.open() as handle:
            content = handle.read()
        name = f"{image_prefix}-{len(story.images) + 1}.{extension}"
        story.images.append(ReportImage(name, content, nfc((image.alt_text or "").strip())))
        return {"src": name}

    try:
        # mammoth builds a DOM of every XML part (a styles.xml has thousands of elements): with
        # the cycle collector paused it takes half the time, and the DOM is freed after.
        with cycle_collector_paused():
            result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP,
                                             convert_image=mammoth.images.img_element(keep_image))
    except Exception as exc:  # a damaged document.xml: mammoth's own errors vary
        raise ReportError(_("cannot read the text of the Word file '{file}' ({reason}); open it in Word, save it "
                            "as .docx and send it again", file=file, reason=type(exc).__name__)) from None
    story.markdown = html_to_markdown(result.value)
    return story


def convert_ahead(files: Attachments, names: Iterable[str], max_bytes: int) -> dict[Attachment, tuple[Story | None, str]]:
    """The Word files that `names` name among `files` (those found, up to `max_bytes`), each
    converted on every core: mammoth is pure Python and takes a tenth to half a second a file,
    nearly all of an import's time (bench/nominations.py, bench/contest.py). A name that finds
    no file, or two, is skipped: the caller reads its row later and says what is wrong there."""
    items = []
    for name in names:
        if not name:
            continue
        try:
            item = files.find(name)
        except AttachmentError:
            continue
        if item is not None and item.size <= max_bytes:
            items.append(item)
    items = list(dict.fromkeys(items))
    return dict(zip(items, map_on_cores(functools.partial(read_and_convert, files, max_bytes), items,
                                        PARALLEL_REPORTS_FROM)))


def read_and_convert(files: Attachments, max_bytes: int, item: Attachment) -> tuple[Story | None, str]:
    """(story, "") or (None, why): what a worker of `convert_ahead` sends back."""
    try:
        return convert_report(files.read(item), max_bytes, file=item.name), ""
    except (ReportError, AttachmentError) as exc:
        return None, str(exc)


# --- mammoth's HTML -> Markdown ----------------------------------------------

_LINE_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")


def escape(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links or HTML from a report's words."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
    return _LINE_START.sub(lambda m: "\\" + m.group(1), text)


def html_to_markdown(html: str) -> str:
    root = ElementTree.fromstring(f"<root>{html}</root>")
    blocks = [b for b in _blocks(root) if b.strip()]
    return nfc("\n\n".join(blocks).strip() + "\n") if blocks else ""


def _blocks(element) -> list[str]:
    out: list[str] = []
    loose: list = []  # inline content directly inside a container

    def flush():
        if loose:
            text = _inline_all(loose).strip()
            if text:
                out.append(text)
            loose.clear()

    if element.text and element.text.strip():
        loose.append(element.text)
    for child in element:
        tag = child.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            text = _inline(child).strip()
            if text:
                out.append("#" * int(tag[1]) + " " + text)
        elif tag == "p":
            flush()
            text = _inline(child).strip()
            if text:
                out.append(text)
        elif tag in ("ul", "ol"):
            flush()
            out.append(_list(child, 0))
        elif tag == "table":
            flush()
            out.append(_table(child))
        elif tag in ("div", "blockquote"):
            flush()
            out.extend(_blocks(child))
        else:
            loose.append(child)
        if child.tail and child.tail.strip():
            loose.append(child.tail)
    flush()
    return out


def _inline_all(parts: list) -> str:
    return "".join(escape(p) if isinstance(p, str) else _inline(p) + escape(p.tail or "") for p in parts)


def _inline(element) -> str:
    """An element's words with bold, italic and links; images and anything else as text."""
    parts = [escape(_space(element.text or ""))]
    for child in element:
        tag = child.tag
        inner = _inline(child)
        if tag in ("strong", "b"):
            parts.append(_wrap(inner, "**"))
        elif tag in ("em", "i"):
            parts.append(_wrap(inner, "*"))
        elif tag == "a" and re.match(r"(https?:|mailto:)", child.get("href", "")):
            parts.append(f"[{inner.strip()}]({child.get('href')})" if inner.strip() else "")
        elif tag == "br":
            parts.append("  \n")
        elif tag == "img":
            pass  # kept as a photo file, never in the story
        elif tag in ("p", "ul", "ol", "li", "table", "tr", "td", "th"):
            parts.append(" " + inner + " ")
        else:
            parts.append(inner)
        parts.append(escape(_space(child.tail or "")))
    text = "".join(parts)
    return re.sub(r"[ \t]+", " ", text)


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _wrap(text: str, mark: str) -> str:
    """**bold** with the spaces outside the marks, as Markdown needs them."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _list(element, depth: int) -> str:
    lines = []
    for number, item in enumerate((c for c in element if c.tag == "li"), start=1):
        marker = f"{number}." if element.tag == "ol" else "-"
        own = [item.text or ""] if item.text else []
        nested = []
        for child in item:
            if child.tag in ("ul", "ol"):
                nested.append(_list(child, depth + 1))
            else:
                own.append(child)
            if child.tail:
                own.append(child.tail)
        text = _inline_all(own).strip()
        lines.append("    " * depth + f"{marker} {text}")
        lines.extend(nested)
    return "\n".join(lines)


def _table(element) -> str:
    rows = []
    for tr in element.iter("tr"):
        cells = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            text = re.sub(r"\s+", " ", _inline(cell)).strip().replace("|", "\\|")
            cells.append(text)
            cells.extend([""] * (int(cell.get("colspan", "1") or 1) - 1))
        rows.append(cells)
    rows = [r for r in rows if any(r)]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)
