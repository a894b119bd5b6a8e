"""`site-builder new`: a new profile's file, ready to fill in.

The file holds every field, each with a Vietnamese comment listing the codes and
names it takes (from the taxonomies of this content, so another province gets
its own), as a draft: `check` accepts it as it stands and lists what it still
lacks. The text is the template theme/editor/new-profile.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..common.files import write_atomically
from ..common.messages import _
from .diagnostics import ContentError, Problem
from .model import KINDS_NEEDING_CONSENT, Content
from .read import display_path
from .text import fold, nfc, slugify

TEMPLATE = Path("editor") / "new-profile.md"


def skeleton(content: Content, kind: str, name: str, theme_dir: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # YAML, not HTML
    # A YAML double-quoted string is a JSON string: every name is written safely.
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    tax = content.taxonomies
    return env.get_template(TEMPLATE.as_posix()).render(
        kind=tax.kinds[kind], name=name, kinds=list(tax.kinds.values()), fields=list(tax.fields.values()),
        movements=list(tax.movements.values()), localities=list(tax.localities.values()),
        units=list(tax.units.values()), stages=list(tax.stages.values()), awards=list(tax.awards.values()),
        needs_consent=kind in KINDS_NEEDING_CONSENT, has_members=kind != "ca-nhan")


def create_profile(content: Content, kind: str, name: str, theme_dir: Path, another_person: bool = False) -> Path:
    """Write content/profiles/<slug>/index.md for a new profile; refuse to overwrite a file or
    to start a second profile of one person (the name of an existing one, however written),
    unless `another_person` says it is someone else of the same name."""
    name = " ".join(nfc(name).split())
    where = display_path(content.root / "profiles")
    if kind not in content.taxonomies.kinds:
        raise ContentError([Problem(where, 0, "error", _(
            "'{kind}' is not a kind of profile; use one of {kinds}",
            kind=kind, kinds=", ".join(content.taxonomies.kinds)))])
    slug = slugify(name)
    if not slug or "<" in name or ">" in name:
        raise ContentError([Problem(where, 0, "error", _(
            "'{name}' is not a name: write the person's or collective's full name", name=name))])
    same = [] if another_person else [p for p in content.profiles if fold(p.name).casefold() == fold(name).casefold()]
    if same:
        raise ContentError([Problem(p.display_path, p.line_of("name"), "error", _(
            "a profile of '{name}' already exists here; edit it instead of starting another (for "
            "another person of the same name: site-builder new --another-person)",
            name=p.name)) for p in same])
    target = content.root / "profiles" / slug / "index.md"
    number = 2
    while another_person and target.parent.exists():  # a namesake gets a folder of its own
        target = content.root / "profiles" / f"{slug}-{number}" / "index.md"
        number += 1
    if target.parent.exists():
        raise ContentError([Problem(display_path(target.parent), 0, "error", _(
            "the folder {folder} already exists; nothing was overwritten. Choose another name or edit "
            "the profile in it", folder=display_path(target.parent)))])
    target.parent.mkdir(parents=True)
    write_atomically(target, skeleton(content, kind, name, theme_dir).encode("utf-8"))
    return target
