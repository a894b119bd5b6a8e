"""The /quan-tri/ folder of the site: the editor's page, its config.yml, the preview and the CMS.

Everything is served from the site itself (no CDN): Decap CMS's built bundle and the YAML
library the taxonomy format needs come from cms/node_modules (npm ci in cms/, done by
scripts/setup.sh), the page, the preview template and the custom format from theme/cms/.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..common.messages import _
from ..common.paths import PROJECT_DIR
from ..content.model import STATUSES, Content
from . import config as editor

ADMIN_URL = "quan-tri/"
NODE_MODULES = PROJECT_DIR / "cms" / "node_modules"


class EditorFilesMissing(Exception):
    """cms/node_modules was not installed (scripts/setup.sh does it)."""


# What stops a build that carries the editor: a field theme/cms.yml does not name, or no CMS files.
EditorError = (editor.EditorConfigError, EditorFilesMissing)


def cms_dist(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """The CMS files the page loads: the bundle, the chunks it loads on demand, their wasm."""
    dist = node_modules / "decap-cms" / "dist"
    yaml_dist = node_modules / "yaml" / "browser" / "dist"
    if not (dist / "decap-cms.js").is_file() or not (yaml_dist / "index.js").is_file():
        raise EditorFilesMissing(
            _("the web editor's files are not installed ({file} is missing); "
              "run: bash scripts/setup.sh (it runs npm ci in cms/)", file=dist / "decap-cms.js"))
    files = {f"decap-cms/{p.name}": p for p in sorted(dist.iterdir())
             if p.is_file() and (p.name.endswith("decap-cms.js") or p.suffix == ".wasm")}
    files.update({f"yaml/{p.relative_to(yaml_dist).as_posix()}": p for p in sorted(yaml_dist.rglob("*"))
                  if p.is_file() and p.suffix == ".js"})
    return files


def preview_words(content: Content, labels: dict, texts: dict) -> dict:
    """What the preview template shows besides the entry: the taxonomies' names and the site's
    own labels (theme/labels.yml), so the preview reads like the profile page."""
    tax = content.taxonomies
    tables = {name: {code: term.name for code, term in getattr(tax, name).items()}
              for name in ("kinds", "stages", "fields", "movements", "localities", "units", "awards")}
    tables["statuses"] = {code: texts["statuses"].get(code, code) for code in STATUSES}
    words = {key: labels[key] for key in ("facts", "kind", "fields", "movements", "locality", "unit", "stage",
                                          "year", "awards", "award", "decision", "date", "issuer",
                                          "achievements", "story", "members", "photos", "sources",
                                          "photo_credit", "photo_placeholder")}
    words["private_note"] = texts["profile_fields"]["private"]["label"]
    return {"names": tables, "labels": words}


def admin_files(content: Content, theme_dir: Path, labels: dict, stylesheets: list[str],
                local_url: str | None = None, node_modules: Path = NODE_MODULES) -> dict[str, bytes | Path]:
    """Every file under /quan-tri/, by its path in the site. `stylesheets`: the site's own CSS
    files (paths in the site), which the preview loads so that it looks like the profile page."""
    texts = editor.load_texts(theme_dir)
    backend = editor.Backend(content.site.cms, local_url)
    config = editor.editor_config(content.taxonomies, texts, backend, content.site.base_url, content.programmes,
                                  content.events.terms if content.events else None)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir / "cms")), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    data = preview_words(content, labels, texts)
    data["stylesheets"] = [f"../{path}" for path in stylesheets]
    page = env.get_template("index.html").render(
        title=content.site.title,
        data=json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))  # no "</script>"
    files: dict[str, bytes | Path] = {
        f"{ADMIN_URL}index.html": page.encode("utf-8"),
        f"{ADMIN_URL}config.yml": editor.dump(config).encode("utf-8"),
        # Read, not linked: a theme file edited in place would change the published copy behind the record.
        f"{ADMIN_URL}editor.js": (theme_dir / "cms" / "editor.js").read_bytes(),
    }
    files.update({f"{ADMIN_URL}{path}": source for path, source in cms_dist(node_modules).items()})
    return files


def site_files(content: Content, theme_dir: Path, labels: dict, engine_files: dict[str, str],
               local_url: str | None = None) -> dict[str, bytes | Path]:
    """/quan-tri/ for the build; the preview loads the stylesheets the engine wrote (Material's, ours)."""
    stylesheets = sorted(path for path in engine_files
                         if path.startswith("assets/stylesheets/") and path.endswith(".css"))
    return admin_files(content, theme_dir, labels, stylesheets, local_url)
