"""`site-builder new video|audio|photo-story`: a new film's, radio piece's or photo story's
folder with its index.md, ready to fill in: every field with a Vietnamese comment, the
programmes of this content listed, as a draft that `check` accepts and lists what it lacks.
The text is the template theme/editor/new-media.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..common.files import write_atomically
from ..common.messages import _
from .diagnostics import ContentError, Problem
from .media_items import MEDIA_KINDS
from .model import Content
from .read import display_path
from .text import nfc, slugify

TEMPLATE = Path("editor") / "new-media.md"


def media_skeleton(content: Content, kind: str, title: str, theme_dir: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # YAML, not HTML
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # a JSON string is YAML too
    names = {"video": _("A film"), "audio": _("A radio piece"), "photo-story": _("A photo story")}
    return env.get_template(TEMPLATE.as_posix()).render(kind=kind, kind_name=names[kind], title=title,
                                                        programmes=list(content.programmes.values()))


def create_media_item(content: Content, kind: str, title: str, theme_dir: Path) -> Path:
    """Write content/media/<slug>/index.md; never over an existing folder."""
    assert kind in MEDIA_KINDS
    title = " ".join(nfc(title).split())
    slug = slugify(title)
    if not slug or "<" in title or ">" in title:
        raise ContentError([Problem(display_path(content.root / "media"), 0, "error", _(
            "'{title}' is not a title: write the film's, radio piece's or photo story's title", title=title))])
    target = content.root / "media" / slug / "index.md"
    if target.parent.exists():
        raise ContentError([Problem(display_path(target.parent), 0, "error", _(
            "the folder {folder} already exists; nothing was overwritten. Choose another title or edit "
            "the item in it", folder=display_path(target.parent)))])
    target.parent.mkdir(parents=True)
    write_atomically(target, media_skeleton(content, kind, title, theme_dir).encode("utf-8"))
    return target
