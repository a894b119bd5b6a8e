"""The editor's config.yml, made from the project's own schema and taxonomies.

Never written by hand: every front-matter field of `profile_schema` becomes a
Decap CMS field (its widget from the option's type, its Vietnamese label and
hint from theme/cms.yml), every code option a drop-down of the taxonomy's
names that stores the codes. A schema field without a text in theme/cms.yml
stops with an error, so a new field cannot be missing from the editor.
Dates use the widget's dd/mm/yyyy format, the form `parse_date` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.messages import _
from ..content import schema as s
from ..content.events import EventTerms, event_schema
from ..content.free_pages import PAGE_SCHEMA
from ..content.media_items import PROGRAMMES_FILE, media_schema, programmes_schema
from ..content.model import EditorSettings, Taxonomies
from ..content.profiles import profile_schema
from ..content.read import safe_load
from ..content.taxonomies import taxonomy_schemas

PROFILES = "profiles"
MEDIA = "media"
PAGES = "pages"
EVENTS = "events"
TAXONOMIES = "taxonomies"
# The custom format registered by theme/cms/editor.js: a taxonomy file is a YAML list at its
# root, which Decap's own formats cannot hold; the format wraps it as {entries: [...]}.
LIST_FORMAT = "yaml-list"
LIST_FIELD = "entries"


class EditorConfigError(Exception):
    """theme/cms.yml does not say how to show a field of the schema."""


@dataclass(frozen=True)
class Backend:
    """Where the editor saves: a git host (hosted) or the local proxy (`serve --cms`)."""

    settings: EditorSettings | None  # site.yml's cms:, if any
    local_url: str | None = None  # decap-server's API, http://127.0.0.1:PORT/api/v1

    @property
    def content_prefix(self) -> str:
        """Paths in the config are relative to the repository root; the local proxy's root is
        the content folder itself."""
        if self.local_url or self.settings is None:
            return ""
        folder = self.settings.content_folder.strip("/")
        return f"{folder}/" if folder else ""


def load_texts(theme_dir: Path) -> dict:
    return safe_load((theme_dir / "cms.yml").read_text(encoding="utf-8"))


def editor_config(tax: Taxonomies, texts: dict, backend: Backend, site_url: str = "",
                  programmes: dict[str, Any] | None = None, events: EventTerms | None = None) -> dict[str, Any]:
    """The whole config.yml as a mapping (see Decap CMS's configuration options); with
    `programmes` (taxonomies/programmes.yml, once a site has media), the films and stories too;
    with the events' taxonomies (`events`), a collection of the honouring events too."""
    prefix = backend.content_prefix
    config: dict[str, Any] = {"locale": "vi"}
    config.update(_backend(backend))
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    # A photo is stored beside its profile (collection-level media_folder ""); this folder
    # only serves the Media page's uploads that belong to no profile.
    config["media_folder"] = f"{prefix}profiles/_chung"
    config["public_folder"] = ""
    # Folder names made from Vietnamese names: no diacritics ("Đặng" -> "dang"), as slugify does.
    config["slug"] = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    config["collections"] = [profiles_collection(tax, texts, prefix), pages_collection(tax, texts, prefix),
                             taxonomies_collection(tax, texts, prefix, with_programmes=bool(programmes))]
    if programmes:
        config["collections"].insert(1, media_collection(tax, programmes, texts, prefix))
    if events is not None:
        config["collections"].insert(1, events_collection(tax, events, texts, prefix))
    return config


def _backend(backend: Backend) -> dict:
    settings = backend.settings
    if backend.local_url:
        # `serve --cms`: decap-server writes the files of the content folder on this machine.
        # It has no review workflow (that is the git host's pull requests): saves go to the files.
        return {"backend": {"name": "proxy", "proxy_url": backend.local_url, "branch": "main"},
                "local_backend": {"url": backend.local_url, "allowed_hosts": ["127.0.0.1", "localhost"]}}
    if settings is None:
        raise EditorConfigError(
            _("content/site.yml has no 'cms:' section (git host, repository, branch) for the web editor; "
              "see docs/huong-dan/trinh-soan-thao-web.md"))
    result: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch}
    for key in ("base_url", "api_root", "app_id"):
        if getattr(settings, key):
            result[key] = getattr(settings, key)
    if settings.app_id and settings.backend in ("gitlab", "gitea", "forgejo"):
        result["auth_type"] = "pkce"  # a public OAuth application: no server of our own to keep a secret
    config: dict[str, Any] = {"backend": result}
    if settings.review:
        if settings.backend == "gitea":
            raise EditorConfigError(
                _("Decap CMS has no review process (editorial workflow) with Gitea: in content/site.yml "
                  "set 'backend: forgejo' (Forgejo, the same API) or 'review: false'"))
        config["publish_mode"] = "editorial_workflow"
    return config


# --- Profiles -----------------------------------------------------------------------------

def profiles_collection(tax: Taxonomies, texts: dict, prefix: str) -> dict:
    record = profile_schema(tax)
    field_texts = texts["profile_fields"]
    for name in record.options:
        _text(field_texts, name, "profile_fields")  # every field of the schema has its label
    # In the order of theme/cms.yml (what an editor fills in first), not the schema's.
    fields = [_field(name, record.options[name], field_texts[name], tax, texts, f"profile_fields.{name}")
              for name in field_texts if name in record.options]
    fields.append(_story_field(_text(field_texts, "body", "profile_fields"), texts))
    words = texts["collections"][PROFILES]
    statuses = texts["statuses"]
    return {
        "name": PROFILES,
        "label": words["label"],
        "label_singular": words["label_singular"],
        "description": words["description"],
        "folder": f"{prefix}profiles",
        # content/profiles/<slug>/index.md, its photos beside it.
        "path": "{{slug}}/index",
        "media_folder": "",
        "public_folder": "",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "delete": False,  # a profile is withdrawn (status), not deleted: its address keeps answering
        "identifier_field": "name",
        "slug": "{{name}}",
        "summary": "{{name}} · {{submitted}}",
        "sortable_fields": ["name", "submitted", "status"],
        "view_filters": [{"label": statuses[code], "field": "status", "pattern": code} for code in statuses],
        "view_groups": [{"label": field_texts["kind"]["label"], "field": "kind"}],
        "fields": fields,
    }


def media_collection(tax: Taxonomies, programmes: dict, texts: dict, prefix: str) -> dict:
    """Films, radio pieces and photo stories: a folder each, the recording, captions and photos
    beside its index.md (content/media_items.py), the profiles it features picked by name."""
    record = media_schema(tax, programmes)
    field_texts = texts["media_fields"]
    for name in record.options:
        _text(field_texts, name, "media_fields")
    fields = [_field(name, record.options[name], field_texts[name], tax, texts, f"media_fields.{name}")
              for name in field_texts if name in record.options]
    fields.append(_story_field(_text(field_texts, "body", "media_fields"), texts))
    words = texts["collections"][MEDIA]
    statuses = texts["statuses"]
    return {
        "name": MEDIA, "label": words["label"], "label_singular": words["label_singular"],
        "description": words["description"], "folder": f"{prefix}media", "path": "{{slug}}/index",
        "media_folder": "", "public_folder": "", "extension": "md", "format": "yaml-frontmatter",
        "create": True, "delete": False, "identifier_field": "title", "slug": "{{title}}",
        "summary": "{{title}} · {{aired}}", "sortable_fields": ["title", "aired", "status"],
        "view_filters": [{"label": statuses[code], "field": "status", "pattern": code} for code in statuses],
        "view_groups": [{"label": field_texts["programme"]["label"], "field": "programme"}],
        "fields": fields,
    }


def _story_field(text: dict, texts: dict) -> dict:
    """The story: a Markdown editor with only what markup.py lets through (no image, no HTML)."""
    return {"name": "body", "label": text["label"], "hint": text.get("hint", ""), "widget": "markdown",
            "required": False, "buttons": list(texts["story_buttons"]), "editor_components": [],
            "modes": ["rich_text", "raw"], "sanitize_preview": True}


def _text(texts: dict, name: str, where: str) -> dict:
    text = texts.get(name) if isinstance(texts, dict) else None
    if not isinstance(text, dict) or "label" not in text:
        raise EditorConfigError(
            _("theme/cms.yml: no label for the field '{name}' (under {where}); add '{name}: {{label: …, hint: …}}'",
              name=name, where=where))
    return text


def _field(name: str, option: s.Option, text: dict, tax: Taxonomies, texts: dict, where: str) -> dict:
    field: dict[str, Any] = {"name": name, "label": text["label"], "hint": text.get("hint") or "",
                             "required": bool(option.required)}
    field.update(_widget(name, option, text, tax, texts, where))
    return field


def _pattern(texts: dict, key: str) -> list[str]:
    return list(texts["patterns"][key])


def _widget(name: str, option: s.Option, text: dict, tax: Taxonomies, texts: dict, where: str) -> dict:
    if text.get("widget") in ("image", "file"):  # a photo, or a film's recording or captions, uploaded beside it
        return {"widget": text["widget"], "choose_url": False, "media_library": {"config": {"multiple": False}}}
    if text.get("widget") == "relation":  # the profiles a film features: picked by name, stored as slugs
        return {"widget": "relation", "collection": PROFILES, "value_field": "{{slug}}", "search_fields": ["name"],
                "display_fields": ["name"], "multiple": True}
    if isinstance(option, s.Slug):
        return {"widget": "string", "pattern": _pattern(texts, "slug")}
    if isinstance(option, s.Url):
        return {"widget": "string", "pattern": _pattern(texts, "url")}
    if isinstance(option, s.Text):
        widget: dict[str, Any] = {"widget": "string" if option.single_line else "text"}
        if text.get("pattern"):
            widget["pattern"] = _pattern(texts, text["pattern"])
        elif option.max_length:
            widget["pattern"] = [f"^[\\s\\S]{{0,{option.max_length}}}$",
                                 f"Tối đa {option.max_length} ký tự"]
        return widget
    if isinstance(option, s.Boolean):
        return {"widget": "boolean", "default": bool(option.default)}
    if isinstance(option, s.Integer):
        widget = {"widget": "number", "value_type": "int"}
        if option.minimum is not None:
            widget["min"] = option.minimum
        if option.default is not None:
            widget["default"] = option.default
        return widget
    if isinstance(option, s.Date):
        return date_widget(texts)
    if isinstance(option, s.Choice):
        widget = {"widget": "select", "options": _choice_options(option, text, tax, texts)}
        if option.default is not None:
            widget["default"] = option.default
        return widget
    if isinstance(option, s.Code) and not option.known():
        # A code of a list in the entry itself (an event's own groups): typed, checked as a code.
        return {"widget": "string", "pattern": _pattern(texts, "slug")}
    if isinstance(option, s.Code):
        return {"widget": "select", "options": _code_options(option)}
    if isinstance(option, s.ListOf):
        return _list_widget(name, option, text, tax, texts, where)
    if isinstance(option, s.Record):
        return {"widget": "object", "collapsed": False,
                "fields": _record_fields(option, text, tax, texts, where)}
    if isinstance(option, s.AnyValue):
        # `private:` is free in the schema: the keys councils use, each optional, folded away.
        private = text.get("fields") or {}
        return {"widget": "object", "collapsed": True,
                "fields": [{"name": key, "label": t["label"], "hint": t.get("hint") or "",
                            "widget": "text" if key == "note" else "string", "required": False}
                           for key, t in private.items()]}
    raise EditorConfigError(_("theme/cms.yml: no way to show the field '{name}' ({kind})",
                              name=name, kind=type(option).__name__))


def date_widget(texts: dict) -> dict:
    """A date as text checked against dd/mm/yyyy: Decap's date picker is the browser's own
    <input type="date">, which shows mm/dd/yyyy in a browser set to English; text reads the
    same everywhere and is stored exactly as typed, the form the profile files use."""
    return {"widget": "string", "pattern": _pattern(texts, "date")}


def _record_fields(option: s.Record, text: dict, tax: Taxonomies, texts: dict, where: str) -> list[dict]:
    field_texts = text.get("fields") or {}
    return [_field(key, child, _text(field_texts, key, f"{where}.fields"), tax, texts, f"{where}.fields.{key}")
            for key, child in option.options.items()]


def _list_widget(name: str, option: s.ListOf, text: dict, tax: Taxonomies, texts: dict, where: str) -> dict:
    item = option.item
    if isinstance(item, s.Code):
        widget: dict[str, Any] = {"widget": "select", "multiple": True, "options": _code_options(item)}
        if option.min_items:
            widget["min"] = option.min_items
        return widget
    widget = {"widget": "list", "collapsed": True, "add_to_top": False}
    if text.get("label_singular"):
        widget["label_singular"] = text["label_singular"]
    if option.min_items:
        widget["min"] = option.min_items
    if isinstance(item, s.Record):
        widget["fields"] = _record_fields(item, text, tax, texts, where)
        if text.get("summary"):
            widget["summary"] = text["summary"]
    else:
        # A list of plain values (achievements, related slugs): one field stores a list of strings.
        inner = {"name": name, "label": text.get("label_singular") or text["label"], "required": True}
        inner.update(_widget(name, item, {}, tax, texts, where))
        widget["field"] = inner
    return widget


def _code_options(option: s.Code) -> list[dict]:
    """A taxonomy's entries in the taxonomy's order: the name shown, the code stored."""
    return [{"label": entry.name, "value": code} for code, entry in option.known().items()]


def _choice_options(option: s.Choice, text: dict, tax: Taxonomies, texts: dict) -> list[dict]:
    source = text.get("options")
    if source == "statuses":
        names = texts["statuses"]
        return [{"label": names.get(code, code), "value": code} for code in option.choices]
    if source:
        table = getattr(tax, source)
        return [{"label": table[code].name if code in table else code, "value": code} for code in option.choices]
    names = text.get("names") or {}  # fixed codes named in theme/cms.yml (a quota's cadence, an award's type)
    return [{"label": names.get(code, code), "value": code} for code in option.choices]


# --- Honouring events ----------------------------------------------------------------------

def events_collection(tax: Taxonomies, terms: EventTerms, texts: dict, prefix: str) -> dict:
    """content/events/<slug>.md, its photos beside it; every field of the event schema, labelled."""
    record = event_schema(tax, terms, {})
    field_texts = texts["event_fields"]
    fields = [_field(name, option, _text(field_texts, name, "event_fields"), tax, texts, f"event_fields.{name}")
              for name, option in record.options.items()]
    fields.append(_story_field(_text(field_texts, "body", "event_fields"), texts))
    words = texts["collections"][EVENTS]
    return {"name": EVENTS, "label": words["label"], "label_singular": words["label_singular"],
            "description": words["description"], "folder": f"{prefix}events", "media_folder": "",
            "public_folder": "", "extension": "md", "format": "yaml-frontmatter", "create": True,
            "delete": False, "identifier_field": "name", "slug": "{{name}}", "summary": "{{name}} · {{start}}",
            "sortable_fields": ["name", "start"], "fields": fields}


# --- Free pages and taxonomies -------------------------------------------------------------

def pages_collection(tax: Taxonomies, texts: dict, prefix: str) -> dict:
    words = texts["collections"][PAGES]
    field_texts = texts["page_fields"]
    fields = [_field(name, option, _text(field_texts, name, "page_fields"), tax, texts, f"page_fields.{name}")
              for name, option in PAGE_SCHEMA.options.items()]
    body = _story_field(_text(field_texts, "body", "page_fields"), texts)
    return {"name": PAGES, "label": words["label"], "label_singular": words["label_singular"],
            "description": words["description"], "folder": f"{prefix}pages", "extension": "md",
            "format": "yaml-frontmatter", "create": True, "delete": False, "identifier_field": "title",
            "slug": "{{title}}", "fields": fields + [body]}


def taxonomies_collection(tax: Taxonomies, texts: dict, prefix: str, with_programmes: bool = False) -> dict:
    """Every taxonomy file as a form; `with_programmes`: programmes.yml too (a site with media)."""
    words = texts["collections"][TAXONOMIES]
    names = texts["taxonomies"]
    field_texts = texts["taxonomy_fields"]
    schemas = taxonomy_schemas(tax)
    if with_programmes:
        schemas[PROGRAMMES_FILE] = programmes_schema()
    files = []
    for filename, options in schemas.items():
        label = _text(names, filename, "taxonomies")
        entry = s.Record(options)
        entry_fields = [_field(key, child, _text(field_texts, key, "taxonomy_fields"), tax, texts,
                               f"taxonomy_fields.{key}")
                        for key, child in entry.options.items() if not isinstance(child, s.Record)]
        # groups.yml's armed_forces is a nested quota: shown as a folded group of its own two fields.
        for key, child in entry.options.items():
            if isinstance(child, s.Record):
                entry_fields.append({
                    "name": key, "label": _text(field_texts, key, "taxonomy_fields")["label"],
                    "hint": field_texts[key].get("hint") or "", "required": False, "widget": "object",
                    "collapsed": True,
                    "fields": [_field(k, c, _text(field_texts, k, "taxonomy_fields"), tax, texts, k)
                               for k, c in child.options.items()]})
        files.append({
            "name": filename.removesuffix(".yml"), "label": label["label"],
            "file": f"{prefix}taxonomies/{filename}", "format": LIST_FORMAT,
            "fields": [{"name": LIST_FIELD, "label": label["label"], "label_singular": label["label_singular"],
                        "widget": "list", "collapsed": True, "summary": "{{fields.name}} ({{fields.code}})",
                        "fields": entry_fields}],
        })
    return {"name": TAXONOMIES, "label": words["label"], "description": words["description"],
            "editor": {"preview": False}, "delete": False, "files": files}


def dump(config: dict) -> str:
    header = ("# Made by `site-builder cms` from the profile schema, the taxonomies and theme/cms.yml;\n"
              "# do not edit: change those and run the command again.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
