"""`site-builder cms`: write the editor's config.yml for the git host named in site.yml."""

from __future__ import annotations

import sys
from pathlib import Path

from ..common.files import write_atomically
from ..common.paths import PROJECT_DIR
from ..content.diagnostics import Problems
from ..content.site_settings import validate_site
from ..content.taxonomies import validate_taxonomies
from . import config as editor

EXIT_OK, EXIT_CONTENT = 0, 1


def write_config(content_dir: Path, out: Path, theme_dir: Path = PROJECT_DIR / "theme") -> int:
    """Only site.yml and the taxonomies are read (not the profiles): the config is made from
    the schema and the codes, so it takes a moment at 10,000 profiles too."""
    problems = Problems()
    site = validate_site(content_dir, problems)
    tax = validate_taxonomies(content_dir, problems)
    if problems.errors or site is None:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print(f"config not written: {len(problems.errors)} problem(s)", file=sys.stderr)
        return EXIT_CONTENT
    try:
        config = editor.editor_config(tax, editor.load_texts(theme_dir), editor.Backend(site.cms), site.base_url)
    except editor.EditorConfigError as exc:
        print(f"{content_dir / 'site.yml'}: error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    write_atomically(out, editor.dump(config).encode("utf-8"))
    fields = sum(1 for _ in config["collections"][0]["fields"])
    print(f"wrote {out}: {len(config['collections'])} collections, {fields} profile fields, "
          f"backend {site.cms.backend} {site.cms.repo} ({site.cms.branch})")
    return EXIT_OK
