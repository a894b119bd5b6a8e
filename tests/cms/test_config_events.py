"""The web editor's collection of honouring events: every field of the event schema, labelled in
Vietnamese, codes as drop-downs of names, the event's own group codes typed and checked."""

from __future__ import annotations

from conftest import REPO, SAMPLE_CONTENT

from site_builder.cms import config as editor
from site_builder.cms.command import write_config
from site_builder.content import schema as s
from site_builder.content.diagnostics import Problems
from site_builder.content.events import event_schema, read_event_terms
from site_builder.content.site_settings import validate_site
from site_builder.content.taxonomies import validate_taxonomies

THEME = REPO / "theme"


def hosted_config():
    problems = Problems()
    site = validate_site(SAMPLE_CONTENT, problems)
    tax = validate_taxonomies(SAMPLE_CONTENT, problems)
    terms = read_event_terms(SAMPLE_CONTENT, problems)
    assert not problems.errors
    return tax, terms, editor.editor_config(tax, editor.load_texts(THEME), editor.Backend(site.cms), site.base_url,
                                            events=terms)


def paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    found = {}
    for field in fields:
        found[prefix + field["name"]] = field
        if field.get("fields"):
            found.update(paths(field["fields"], f"{prefix}{field['name']}."))
    return found


def schema_paths(record: s.Record, prefix: str = "") -> set[str]:
    found = set()
    for name, option in record.options.items():
        found.add(prefix + name)
        item = option.item if isinstance(option, s.ListOf) else option
        if isinstance(item, s.Record):
            found |= schema_paths(item, f"{prefix}{name}.")
    return found


def test_every_field_of_the_event_schema_is_in_the_editor_with_a_vietnamese_label():
    tax, terms, config = hosted_config()
    events = next(c for c in config["collections"] if c["name"] == "events")
    assert (events["folder"], events["media_folder"], events["format"]) == ("content/events", "", "yaml-frontmatter")
    fields = paths(events["fields"])
    assert set(fields) - {"body"} == schema_paths(event_schema(tax, terms, {}))
    assert all(field["label"] and "hint" in field for field in fields.values())
    roles = fields["honourees.role"]
    assert roles["widget"] == "select" and {"label": "Được tôn vinh", "value": "duoc-ton-vinh"} in roles["options"]
    kinds = fields["kind"]["options"]
    assert [o["value"] for o in kinds] == list(terms.kinds)
    group = fields["honourees.group"]  # a code of the event's own groups: typed, checked as a code
    assert group["widget"] == "string" and group["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"


def test_site_builder_cms_writes_the_events_collection(tmp_path):
    problems = Problems()
    site = validate_site(SAMPLE_CONTENT, problems)
    tax = validate_taxonomies(SAMPLE_CONTENT, problems)
    out = tmp_path / "config.yml"
    write_config(SAMPLE_CONTENT, site, tax, out, THEME)
    assert "name: events" in out.read_text(encoding="utf-8")
