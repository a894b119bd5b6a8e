"""content/pages/*.md -> Page: free pages such as "about", addressed by their file name."""

from __future__ import annotations

from pathlib import Path

from . import schema as s
from .diagnostics import Problems
from .model import (
    Page,
)
from .read import (
    display_path,
    read_front_matter_document,
)
from .text import slugify

PAGE_SCHEMA = s.Record({
    "title": s.Text(required=True, single_line=True),
    "description": s.Text(single_line=True),
    "nav_order": s.Integer(default=100),
})


def validate_pages(root: Path, problems: Problems) -> list[Page]:
    pages = []
    for path in sorted((root / "pages").glob("*.md")):
        display = display_path(path)
        doc = read_front_matter_document(path, display, problems)
        if doc is None or doc.meta is None:
            continue
        clean = PAGE_SCHEMA.check(doc.meta, s.Where(display, doc.meta.line, ""), problems)
        if clean is s.INVALID:
            continue
        slug = slugify(path.stem)
        pages.append(Page(slug, clean["title"], clean["description"], doc.body, path, display, clean["nav_order"]))
    return pages
