"""`site-builder cms`: write the editor's config.yml for the git host named in site.yml."""

from __future__ import annotations

from pathlib import Path

from ..common.files import write_atomically
from ..common.messages import _
from ..common.paths import PROJECT_DIR
from ..content.diagnostics import ContentError, Problem, Problems
from ..content.events import event_terms_if_present
from ..content.media_items import programmes_exist, validate_programmes
from ..content.model import SiteSettings, Taxonomies
from ..content.read import display_path
from . import config as editor


def write_config(content_dir: Path, site: SiteSettings, tax: Taxonomies, out: Path,
                 theme_dir: Path = PROJECT_DIR / "theme") -> str:
    """Write config.yml, made from the schema and the codes (the profiles are not read, so it takes
    a moment at 10,000 profiles too); return the line that says what it holds. ContentError when
    site.yml or theme/cms.yml does not say enough; OSError when `out` cannot be written."""
    problems = Problems()
    programmes = validate_programmes(content_dir, problems) if programmes_exist(content_dir) else {}
    if problems.errors:
        raise ContentError(problems.errors)
    try:
        events = event_terms_if_present(content_dir, problems)
        if problems.errors:
            raise ContentError(problems.errors)
        config = editor.editor_config(tax, editor.load_texts(theme_dir), editor.Backend(site.cms), site.base_url,
                                      programmes, events)
    except editor.EditorConfigError as exc:
        raise ContentError([Problem(display_path(content_dir / "site.yml"), 0, "error", str(exc))]) from None
    try:
        write_atomically(out, editor.dump(config).encode("utf-8"))
    except OSError as exc:  # named by the file asked for, not the temporary one beside it
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    fields = len(config["collections"][0]["fields"])
    assert site.cms is not None  # editor.Backend refused a site.yml without `cms:`
    return _("wrote {file}: {collections} collections, {fields} profile fields, backend {backend} {repo} ({branch})",
             file=out, collections=len(config["collections"]), fields=fields, backend=site.cms.backend,
             repo=site.cms.repo, branch=site.cms.branch)
