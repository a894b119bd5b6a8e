"""localities.yml: each place with its level, official code, dates, parent and successors, and
every way its history can fail to hang together named with file, line and fix."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from site_builder.common.messages import set_language
from site_builder.content.diagnostics import Problems
from site_builder.content.taxonomies import validate_taxonomies

# Line numbers below count from this text's first line.
HISTORY = """\
- code: binh-thuan
  name: Tỉnh Bình Thuận
  level: province
  official_code: '60'
  valid_to: 30/06/2025
  became: [lam-dong]
- code: lam-dong
  name: Tỉnh Lâm Đồng
  level: province
  official_code: '68'
  valid_from: 2025-07-01
- code: bac-binh
  name: Huyện Bắc Bình
  level: district
  official_code: '596'
  valid_to: 30/06/2025
  parent: binh-thuan
  became: [xa-bac-binh]
- code: xa-bac-binh
  name: Xã Bắc Bình
  official_code: '23005'
  valid_from: 01/07/2025
  parent: lam-dong
"""


def localities(content, text: str = HISTORY):
    (content.root / "taxonomies" / "localities.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    tax = validate_taxonomies(content.root, problems)
    errors = [(p.line, p.message) for p in problems.errors if p.path.endswith("localities.yml")]
    return tax.localities, errors


def test_a_history_that_hangs_together_is_read_with_all_its_fields(content):
    places, errors = localities(content)
    assert errors == []
    district = places["bac-binh"]
    assert (district.level, district.official_code, district.parent, district.became) == (
        "district", "596", "binh-thuan", ("xa-bac-binh",))
    assert (district.valid_from, district.valid_to) == (None, dt.date(2025, 6, 30))
    # YAML dates and dd/mm/yyyy both, as everywhere else in the content
    assert places["lam-dong"].valid_from == places["xa-bac-binh"].valid_from == dt.date(2025, 7, 1)
    assert places["xa-bac-binh"].level == "commune"  # the level a commune need not write


def test_the_sample_history_has_no_problem(content):
    problems = Problems()
    tax = validate_taxonomies(content.root, problems)
    assert not problems.errors, problems.errors
    assert {loc.level for loc in tax.localities.values()} == {"province", "district", "commune"}


def test_a_code_listed_twice_with_overlapping_dates_would_have_two_parents(content):
    _, errors = localities(content, HISTORY + """\
- code: bac-binh
  name: Huyện Bắc Bình
  level: district
  valid_from: 01/01/2020
  valid_to: 30/06/2025
  parent: lam-dong
""")
    assert errors == [(24, "code 'bac-binh' is listed twice with overlapping dates (also on line 12): from "
                           "01/01/2020 to 30/06/2025 it would have two parents; a locality has one entry, and a "
                           "locality that changed gets a new code named in the old one's 'became:'")]


def test_a_code_listed_twice_on_separate_dates_needs_a_new_code(content):
    _, errors = localities(content, HISTORY + """\
- code: xa-bac-binh
  name: Xã Bắc Bình
  valid_to: 30/06/2025
""")
    assert errors == [(24, "code 'xa-bac-binh' is used twice (also on line 19); a locality that changed on a "
                           "date gets a new code, named in the old one's 'became:'")]


def test_a_cycle_of_became_is_named_with_its_codes(content):
    _, errors = localities(content, """\
- code: a
  name: A
  valid_to: 30/06/2025
  became: [b]
- code: b
  name: B
  valid_from: 01/07/2025
  valid_to: 31/12/2025
  became: [a]
""")
    assert (4, "'became' runs in a circle: a → b → a; a locality cannot become itself again, remove the link "
               "that runs back") in errors


def test_a_successor_that_begins_a_day_late_leaves_a_gap(content):
    _, errors = localities(content, HISTORY.replace("  valid_from: 01/07/2025\n", "  valid_from: 02/07/2025\n"))
    assert errors == [(18, "'became': 'xa-bac-binh' begins on 02/07/2025 but 'bac-binh' ended on 30/06/2025: no "
                           "locality for the days between; set the successor's 'valid_from' to 01/07/2025, or "
                           "correct 'valid_to'")]


def test_a_successor_that_begins_on_the_last_day_overlaps(content):
    _, errors = localities(content, HISTORY.replace("  valid_from: 01/07/2025\n", "  valid_from: 30/06/2025\n"))
    assert [line for line, message in errors if "both would count for the same days" in message] == [18]


def test_a_locality_that_became_another_needs_its_last_day(content):
    _, errors = localities(content, HISTORY.replace("  valid_to: 30/06/2025\n  parent: binh-thuan\n",
                                                    "  parent: binh-thuan\n"))
    assert (17, "'became': 'bac-binh' became xa-bac-binh, so it needs 'valid_to:', its last day before that") in errors


def test_became_naming_an_unknown_code_suggests_the_close_one(content):
    _, errors = localities(content, HISTORY.replace("became: [xa-bac-binh]", "became: [xa-bac-bin]"))
    assert errors == [(18, "'became': unknown code 'xa-bac-bin' — did you mean 'xa-bac-binh'?; write the code of "
                           "an entry of this file")]


def test_a_parent_must_be_valid_over_all_the_childs_dates(content):
    _, errors = localities(content, HISTORY.replace("  parent: lam-dong\n", "  parent: binh-thuan\n"))
    assert errors == [(23, "'parent': 'binh-thuan' exists until 30/06/2025, but 'xa-bac-binh' exists from "
                           "01/07/2025; put it in an entry that exists on all its dates, or correct the dates")]


def test_a_parent_must_be_a_known_code_of_a_higher_level(content):
    _, errors = localities(content, HISTORY.replace("  parent: lam-dong\n", "  parent: lam-dongg\n"))
    assert errors == [(23, "'parent': unknown locality code 'lam-dongg' — did you mean 'lam-dong'?; it must be a "
                           "code of this file")]
    _, errors = localities(content, HISTORY.replace("  parent: binh-thuan\n", "  parent: xa-bac-binh\n"))
    assert (17, "'parent': 'xa-bac-binh' is a commune, it cannot contain the district 'bac-binh'") in errors


@pytest.mark.parametrize("written, level, digits", [
    ("'6'", "province", 2),        # a province has two digits: 06, not 6
    ("'5960'", "district", 3),
    ("23005.0", "commune", 5),      # a number the spreadsheet turned into a decimal
    ("'2300S'", "commune", 5),
])
def test_an_official_code_of_the_wrong_shape_says_how_many_digits(content, written, level, digits):
    code = {"province": "'60'", "district": "'596'", "commune": "'23005'"}[level]
    _, errors = localities(content, HISTORY.replace(f"official_code: {code}", f"official_code: {written}", 1))
    (error,) = errors
    assert error[1].startswith(f"'official_code': '{written.strip(chr(39))}' is not a {level} code of the General "
                               f"Statistics Office; a {level} has {digits} digits")


def test_the_messages_are_in_vietnamese_for_editors(content):
    set_language("vi")
    _, errors = localities(content, HISTORY.replace("  valid_from: 01/07/2025\n", "  valid_from: 02/07/2025\n"))
    assert errors == [(18, "'became': 'xa-bac-binh' bắt đầu ngày 02/07/2025 nhưng 'bac-binh' đã kết thúc ngày "
                           "30/06/2025: những ngày ở giữa không có địa phương nào; ghi 'valid_from' của địa phương "
                           "kế tục là 01/07/2025, hoặc sửa 'valid_to'")]
