"""content/schema.py: each typed option turns an editor's YAML value into a clean value,
or reports the file, the line, the field and how to fix it."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from site_builder.content import schema as s
from site_builder.content.diagnostics import Problems
from site_builder.content.read import parse_yaml

PATH = "content/profiles/nguyen-thi-hoa/index.md"

FIELDS = ("nong-nghiep", "giao-duc", "y-te")


def check(record: s.Record, front_matter: str):
    """Validate `front_matter` as a profile's front matter (which starts on the file's line 2)."""
    problems = Problems()
    data = parse_yaml(textwrap.dedent(front_matter).lstrip("\n"), PATH, problems, first_line=2)
    assert not problems, problems.items  # the YAML itself is well formed in these tests
    value = record.check(data, s.Where(PATH, data.line, ""), problems)
    return value, problems


def only_error(problems: Problems):
    assert len(problems.errors) == 1, [str(p) for p in problems.items]
    return problems.errors[0]


def field_code(**options) -> s.Code:
    return s.Code("field", lambda: FIELDS, "taxonomies/fields.yml", **options)


# --- Clean values for right ones ----------------------------------------------------------------


def test_a_right_record_becomes_a_dict_of_clean_values_with_defaults_for_what_is_left_out():
    record = s.Record({
        "name": s.Text(required=True, single_line=True),
        "fields": s.ListOf(field_code(), min_items=1, unique=True),
        "submitted": s.Date(required=True),
        "featured": s.Boolean(default=False),
        "members": s.Integer(minimum=1),
        "website": s.Url(),
        "id": s.Slug(),
        "status": s.Choice(("draft", "published")),
        "consent": s.Record({"given": s.Boolean(required=True), "date": s.Date()}),
        "note": s.Text(default="(none)"),
    })
    value, problems = check(record, """
        name: "  Nguyễn Thị Hoa  "
        fields: [nong-nghiep, y-te]
        submitted: 15/03/2024
        members: 12
        website: https://hamthuanbac.binhthuan.gov.vn/
        id: nguyen-thi-hoa
        status: published
        consent: {given: true, date: 2024-03-10}
    """)
    assert not problems
    assert value == {
        "name": "Nguyễn Thị Hoa",
        "fields": ("nong-nghiep", "y-te"),
        "submitted": dt.date(2024, 3, 15),
        "featured": False,
        "members": 12,
        "website": "https://hamthuanbac.binhthuan.gov.vn/",
        "id": "nguyen-thi-hoa",
        "status": "published",
        "consent": {"given": True, "date": dt.date(2024, 3, 10)},
        "note": "(none)",
    }


@pytest.mark.parametrize("written", ["19/05/2023", "19/5/2023", "2023-05-19"])
def test_a_date_is_read_as_dd_mm_yyyy_or_iso(written):
    value, problems = check(s.Record({"date": s.Date()}), f"date: {written}")
    assert not problems
    assert value["date"] == dt.date(2023, 5, 19)


def test_a_number_is_accepted_where_text_is_expected():
    value, problems = check(s.Record({"decision": s.Text()}), "decision: 123")
    assert not problems and value["decision"] == "123"


def test_a_single_value_is_accepted_as_a_list_of_one():
    value, problems = check(s.Record({"fields": s.ListOf(field_code())}), "fields: giao-duc")
    assert not problems and value["fields"] == ("giao-duc",)


def test_text_is_kept_in_nfc():
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    value, problems = check(s.Record({"name": s.Text()}), f"name: {decomposed}")
    assert not problems and value["name"] == "Nguyễn"


def test_the_private_block_is_accepted_as_written():
    value, problems = check(s.Record({"private": s.AnyValue()}), "private: {phone: '0912 345 678'}")
    assert not problems and value["private"] == {"phone": "0912 345 678"}


# --- Dates -------------------------------------------------------------------------------------------


def test_an_impossible_date_names_file_line_and_field():
    _, problems = check(s.Record({"name": s.Text(), "submitted": s.Date()}), """
        name: Hoa
        submitted: 31/02/2023
    """)
    error = only_error(problems)
    assert (error.path, error.line) == (PATH, 3)
    assert error.message.startswith("'submitted': 31/02/2023 does not exist: month 2 of 2023 has 28 days")


def test_a_date_in_another_form_says_how_to_write_it():
    _, problems = check(s.Record({"submitted": s.Date()}), "submitted: tháng 3/2024")
    error = only_error(problems)
    assert error.line == 2
    assert "'submitted'" in error.message
    assert "dd/mm/yyyy (19/05/2023)" in error.message


@pytest.mark.parametrize(("written", "described"), [
    ("[15/03/2024]", "a list"),
    ("{day: 15}", "a block of fields"),
    ("true", "'true' (true/false)"),
])
def test_a_date_that_is_not_one_value_says_what_was_found(written, described):
    _, problems = check(s.Record({"submitted": s.Date()}), f"submitted: {written}")
    assert f"'submitted': must be a date like 19/05/2023, not {described}" == only_error(problems).message


# --- Codes from taxonomies --------------------------------------------------------------------------


def test_an_unknown_code_suggests_the_closest_known_one_and_where_codes_are_listed():
    _, problems = check(s.Record({"locality": field_code()}), "locality: nong-nghep")
    error = only_error(problems)
    assert error.line == 2
    assert error.message == ("'locality': unknown field code 'nong-nghep' — did you mean 'nong-nghiep'?"
                             " (codes are listed in taxonomies/fields.yml)")


def test_an_unknown_code_with_no_close_match_still_says_where_codes_are_listed():
    _, problems = check(s.Record({"field": field_code()}), "field: thu-cong-my-nghe")
    message = only_error(problems).message
    assert "did you mean" not in message
    assert "unknown field code 'thu-cong-my-nghe'" in message and "taxonomies/fields.yml" in message


def test_codes_are_read_when_checked_so_taxonomies_may_be_filled_after_the_schema_is_made():
    known: list[str] = []
    record = s.Record({"field": s.Code("field", lambda: known, "taxonomies/fields.yml")})
    known.append("van-hoa")
    value, problems = check(record, "field: van-hoa")
    assert not problems and value["field"] == "van-hoa"


def test_a_code_that_is_not_text_is_refused():
    _, problems = check(s.Record({"field": field_code()}), "field: [nong-nghiep]")
    assert only_error(problems).message == "'field': must be a field code, not a list"


def test_a_code_typed_as_a_number_is_looked_up_as_typed():
    _, problems = check(s.Record({"field": field_code()}), "field: 012")
    assert only_error(problems).message.startswith("'field': unknown field code '012'")


# --- Required and unknown fields ------------------------------------------------------------------------


def test_a_missing_required_field_is_reported_at_the_start_of_its_block():
    record = s.Record({"name": s.Text(required=True), "summary": s.Text(required=True)})
    _, problems = check(record, "name: Hoa")
    error = only_error(problems)
    assert (error.path, error.line) == (PATH, 2)
    assert error.message == "'summary' is required and missing"


@pytest.mark.parametrize("empty", ["", "''", "~"])
def test_a_required_field_left_empty_counts_as_missing_on_its_own_line(empty):
    record = s.Record({"name": s.Text(), "summary": s.Text(required=True)})
    _, problems = check(record, f"name: Hoa\nsummary: {empty}")
    error = only_error(problems)
    assert error.line == 3 and error.message == "'summary' is required and missing"


def test_a_required_text_of_spaces_only_is_empty():
    _, problems = check(s.Record({"name": s.Text(required=True)}), "name: '   '")
    assert only_error(problems).message == "'name': must not be empty"


def test_a_misspelt_field_is_reported_with_a_suggestion_not_ignored():
    record = s.Record({"fields": s.ListOf(field_code()), "summary": s.Text()})
    _, problems = check(record, "summary: Tóm tắt\nfeilds: [y-te]")
    error = only_error(problems)
    assert error.line == 3
    assert error.message == "unknown field 'feilds' — did you mean 'fields'?"


def test_extra_keys_are_accepted_for_another_module_to_check():
    record = s.Record({"name": s.Text()}, extra_keys=("story",))
    value, problems = check(record, "name: Hoa\nstory: checked elsewhere")
    assert not problems and value == {"name": "Hoa"}


def test_nested_fields_are_named_by_their_dotted_path():
    record = s.Record({"consent": s.Record({"given": s.Boolean(required=True), "date": s.Date()})})
    _, problems = check(record, """
        consent:
          given: có
          dat: 10/03/2024
    """)
    messages = {(p.line, p.message) for p in problems.errors}
    assert messages == {
        (3, "'consent.given': must be true or false, not 'có'"),
        (4, "unknown field 'consent.dat' — did you mean 'date'?"),
    }


def test_items_of_a_list_are_named_by_their_position_counted_from_one_and_their_own_line():
    record = s.Record({"photos": s.ListOf(s.Record({"file": s.Text(required=True),
                                                     "alt": s.Text(required=True, max_length=20)}))})
    _, problems = check(record, """
        photos:
          - file: anh-1.jpg
            alt: Chị Hoa bên vườn thanh long
          - file: anh-2.jpg
    """)
    messages = sorted((p.line, p.message) for p in problems.errors)
    assert messages == [
        (4, "'photos[1].alt': is 27 characters long; keep it under 20"),
        (5, "'photos[2].alt' is required and missing"),
    ]


def test_every_mistake_of_a_record_is_reported_in_one_run():
    record = s.Record({"name": s.Text(required=True), "submitted": s.Date(), "featured": s.Boolean()})
    _, problems = check(record, "submitted: 32/01/2024\nfeatured: 'có'")
    assert [p.line for p in problems.sorted()] == [2, 2, 3]


# --- Wrong types ---------------------------------------------------------------------------------------


def test_a_list_where_one_text_is_expected_is_refused():
    _, problems = check(s.Record({"name": s.Text()}), "name:\n  - Nguyễn Thị Hoa\n  - Hoa")
    error = only_error(problems)
    assert error.line == 2 and error.message == "'name': must be text, not a list"


def test_a_block_where_one_text_is_expected_is_refused():
    _, problems = check(s.Record({"name": s.Text()}), "name: {first: Hoa}")
    assert only_error(problems).message == "'name': must be text, not a block of fields"


def test_a_yes_or_no_written_as_text_is_refused_with_the_words_to_use():
    _, problems = check(s.Record({"featured": s.Boolean()}), "featured: 'yes'")
    assert only_error(problems).message == "'featured': must be true or false, not 'yes'"


def test_a_whole_number_written_in_quotes_or_below_the_minimum_is_refused():
    record = s.Record({"members": s.Integer(minimum=1), "households": s.Integer(minimum=1)})
    _, problems = check(record, "members: '12'\nhouseholds: 0")
    assert sorted((p.line, p.message) for p in problems.errors) == [
        (2, "'members': must be a whole number, not '12'"),
        (3, "'households': must be at least 1"),
    ]


@pytest.mark.parametrize("written, number", [("012", 12), ("0123", 123), ("-007", -7), ("1_000", 1000), ("0x1F", 31)])
def test_a_whole_number_with_leading_zeros_is_the_number_as_written_not_yaml_1_1s_octal(written, number):
    value, problems = check(s.Record({"count": s.Integer()}), f"count: {written}")
    assert not problems, [str(p) for p in problems.items]
    assert value["count"] == number  # YAML 1.1 read 012 as 10 and 0123 as 83


def test_a_whole_number_is_never_read_as_minutes_and_seconds():
    _, problems = check(s.Record({"count": s.Integer()}), "count: 1:30")  # YAML 1.1's sexagesimal 90
    assert only_error(problems).message == "'count': must be a whole number, not '1:30'"
    value, problems = check(s.Record({"time": s.Text()}), "time: 07:30")
    assert not problems and value["time"] == "07:30"


def test_true_is_not_a_number_but_is_text_as_typed():
    value, problems = check(s.Record({"members": s.Integer(), "name": s.Text()}), "members: true\nname: false")
    assert only_error(problems).message == "'members': must be a whole number, not 'true' (true/false)"
    assert value is s.INVALID
    value, problems = check(s.Record({"name": s.Text()}), "name: false")
    assert not problems and value["name"] == "false"


def test_a_block_where_a_record_is_expected_is_explained():
    record = s.Record({"consent": s.Record({"given": s.Boolean(required=True)})})
    _, problems = check(record, "consent: true")
    assert only_error(problems).message == \
        "'consent': must be a block of 'name: value' lines, not 'true' (true/false)"


def test_text_on_several_lines_where_one_line_is_expected_is_refused():
    _, problems = check(s.Record({"name": s.Text(single_line=True)}), 'name: "Nguyễn\\nThị Hoa"')
    assert only_error(problems).message == "'name': must be on one line"


# --- Choices, slugs, addresses -----------------------------------------------------------------------------


def test_a_misspelt_choice_lists_the_choices_and_suggests_one():
    _, problems = check(s.Record({"status": s.Choice(("draft", "review", "published"))}), "status: publised")
    assert only_error(problems).message == \
        "'status': 'publised' is not one of draft, review, published — did you mean 'published'?"


def test_a_list_where_one_choice_is_expected_says_so():
    _, problems = check(s.Record({"status": s.Choice(("draft", "published"))}), "status: [published]")
    message = only_error(problems).message
    assert "a list" in message and "['" not in message


def test_a_slug_with_capitals_shows_what_a_slug_looks_like():
    _, problems = check(s.Record({"id": s.Slug()}), "id: Nguyen-Thi-Hoa")
    assert only_error(problems).message == ("'id': 'Nguyen-Thi-Hoa' is not a slug; use lowercase letters a-z, "
                                            "digits and '-' (like nguyen-thi-hoa)")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
                                     "www.baobinhthuan.com.vn/bai-viet", "//example.org/x"])
def test_only_full_web_addresses_are_accepted(address):
    _, problems = check(s.Record({"url": s.Url()}), f"url: '{address}'")
    assert only_error(problems).message == \
        f"'url': '{address}' is not a web address; write it in full, starting with https://"


# --- Lists ---------------------------------------------------------------------------------------------------


def test_a_code_listed_twice_is_reported_on_the_second_ones_line():
    record = s.Record({"fields": s.ListOf(field_code(), unique=True)})
    _, problems = check(record, "fields:\n  - y-te\n  - giao-duc\n  - y-te")
    error = only_error(problems)
    assert error.line == 5 and error.message == "'fields[3]': 'y-te' is listed twice"


def test_a_list_needing_items_says_how_many():
    _, problems = check(s.Record({"fields": s.ListOf(field_code(), min_items=1)}), "fields: []")
    assert only_error(problems).message == "'fields': needs at least 1 item(s)"


def test_a_block_where_a_list_is_expected_is_refused():
    _, problems = check(s.Record({"fields": s.ListOf(field_code())}), "fields: {nong-nghiep: true}")
    assert only_error(problems).message == "'fields': must be a list, not a block of fields"


def test_each_wrong_item_of_a_list_is_reported():
    _, problems = check(s.Record({"fields": s.ListOf(field_code())}), "fields: [y-tee, giao-duc, nong-ngiep]")
    assert [p.message.split(" — ")[0] for p in problems.errors] == [
        "'fields[1]': unknown field code 'y-tee'",
        "'fields[3]': unknown field code 'nong-ngiep'",
    ]


# --- Text keeps what the editor wrote ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["0123", "1.50", "0912345678", "yes", "no", "on", "off", "2024-01-01",
                                     "1e3", "0x1F", "12_000", ".inf", "-0"])
def test_a_value_taken_as_text_is_kept_as_written(written):
    value, problems = check(s.Record({"decision": s.Text()}), f"decision: {written}")
    assert not problems and value["decision"] == written


def test_values_taken_as_text_are_kept_as_written_in_lists_codes_and_the_private_block():
    record = s.Record({"numbers": s.ListOf(s.Text()), "one": s.ListOf(s.Text()), "stage": s.Choice(["yes", "0"]),
                       "private": s.AnyValue(), "count": s.Integer(), "shown": s.Boolean()})
    value, problems = check(record, """
        numbers: [0123, 1.50, yes]
        one: 007
        stage: yes
        private:
          phone: 0912345678
          house: {number: 012, floor: 1.50}
        count: 12
        shown: yes
    """)
    assert not problems, [str(p) for p in problems.items]
    assert value["numbers"] == ("0123", "1.50", "yes") and value["one"] == ("007",) and value["stage"] == "yes"
    assert value["private"] == {"phone": "0912345678", "house": {"number": "012", "floor": "1.50"}}
    assert value["count"] == 12 and value["shown"] is True  # a number or true/false still where one is wanted
