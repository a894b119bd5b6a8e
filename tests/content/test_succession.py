"""Units and emulation groups with dates (content/succession.py, read by content/taxonomies.py):
every mistake names units.yml or groups.yml, the line and the fix; a profile names a unit that
existed on its 'submitted' date."""

import datetime as dt
import textwrap

from conftest import VALID_PROFILE

from site_builder.content.load import load_content
from site_builder.content.model import Unit

GROUPS = """\
- code: cum-1
  name: Cụm thi đua 1
  cadence: quarter
  minimum: 3
- code: khoi-7
  name: Khối thi đua 7
  cadence: quarter
  minimum: 3
"""


def write_taxonomies(content, units: str, groups: str = GROUPS) -> None:
    (content.root / "taxonomies" / "units.yml").write_text(textwrap.dedent(units), encoding="utf-8")
    (content.root / "taxonomies" / "groups.yml").write_text(textwrap.dedent(groups), encoding="utf-8")


def errors_of(content) -> list[str]:
    _, problems = load_content(content.root)
    return [str(p) for p in problems.sorted() if p.severity == "error"]


MERGER = """\
- code: ubnd-huyen-bac-binh
  name: UBND huyện Bắc Bình
  group: cum-1
  valid_to: 2025-06-30
  became: [ubnd-xa-bac-binh]
- code: ubnd-xa-bac-binh
  name: UBND xã Bắc Bình
  group: cum-1
  valid_from: 2025-07-01
"""


def test_a_unit_valid_on_its_dates_both_days_included():
    unit = Unit("u", "U", "cum-1", valid_from=dt.date(2025, 3, 1), valid_to=dt.date(2025, 6, 30))
    assert not unit.valid_on(dt.date(2025, 2, 28))
    assert unit.valid_on(dt.date(2025, 3, 1)) and unit.valid_on(dt.date(2025, 6, 30))
    assert not unit.valid_on(dt.date(2025, 7, 1))
    assert Unit("v", "V", "cum-1").valid_on(dt.date(1900, 1, 1))


def test_a_merger_on_1_july_2025_is_read_with_its_dates(content):
    write_taxonomies(content, MERGER)
    result, problems = load_content(content.root)
    assert not problems.errors
    old, new = result.taxonomies.units["ubnd-huyen-bac-binh"], result.taxonomies.units["ubnd-xa-bac-binh"]
    assert (old.valid_from, old.valid_to, old.became) == (None, dt.date(2025, 6, 30), ("ubnd-xa-bac-binh",))
    assert (new.valid_from, new.valid_to, new.became) == (dt.date(2025, 7, 1), None, ())


def test_became_an_unknown_code_is_an_error_with_a_suggestion(content):
    write_taxonomies(content, MERGER.replace("became: [ubnd-xa-bac-binh]", "became: [ubnd-xa-bac-bin]"))
    (error,) = errors_of(content)
    assert error.startswith("content/taxonomies/units.yml:5: ") or ":5: " in error
    assert "'became'" in error and "'ubnd-xa-bac-bin'" in error and "ubnd-xa-bac-binh" in error


def test_became_without_an_end_date_is_an_error(content):
    write_taxonomies(content, MERGER.replace("  valid_to: 2025-06-30\n", ""))
    (error,) = errors_of(content)
    assert "units.yml:4: " in error and "valid_to" in error


def test_a_gap_between_a_unit_and_its_successor_names_the_day_to_write(content):
    write_taxonomies(content, MERGER.replace("valid_from: 2025-07-01", "valid_from: 2025-07-15"))
    (error,) = errors_of(content)
    assert "units.yml:5: " in error
    assert "15/07/2025" in error and "30/06/2025" in error and "01/07/2025" in error


def test_an_overlap_between_a_unit_and_its_successor_is_an_error(content):
    write_taxonomies(content, MERGER.replace("valid_from: 2025-07-01", "valid_from: 2025-06-01"))
    (error,) = errors_of(content)
    assert "units.yml:5: " in error and "01/06/2025" in error and "01/07/2025" in error


def test_a_successor_that_existed_before_takes_a_unit_over(content):
    write_taxonomies(content, """\
    - code: so-thong-tin-truyen-thong
      name: Sở Thông tin và Truyền thông
      group: khoi-7
      valid_to: 2025-02-28
      became: [so-khoa-hoc-cong-nghe]
    - code: so-khoa-hoc-cong-nghe
      name: Sở Khoa học và Công nghệ
      group: khoi-7
    """)
    assert errors_of(content) == []


def test_a_successor_that_had_ended_is_an_error(content):
    write_taxonomies(content, MERGER.replace("  valid_from: 2025-07-01\n", "  valid_to: 2025-01-01\n"))
    (error,) = errors_of(content)
    assert "units.yml:5: " in error and "01/01/2025" in error


def test_a_cycle_of_became_is_one_error(content):
    write_taxonomies(content, """\
    - code: a
      name: Đơn vị A
      group: cum-1
      valid_to: 2025-06-30
      became: [b]
    - code: b
      name: Đơn vị B
      group: cum-1
      valid_to: 2025-06-30
      became: [a]
    """)
    errors = errors_of(content)
    cycles = [e for e in errors if "a → b → a" in e]
    assert len(cycles) == 1 and "units.yml:5: " in cycles[0]


def test_an_end_before_the_start_is_an_error(content):
    write_taxonomies(content, MERGER.replace("valid_from: 2025-07-01", "valid_from: 2025-07-01\n  valid_to: 2025-01-31"))
    errors = errors_of(content)
    assert any("units.yml:10: " in e and "'valid_to': 31/01/2025" in e for e in errors), errors


def test_a_unit_in_a_group_that_did_not_exist_over_its_dates(content):
    groups = GROUPS.replace("  minimum: 3\n- code: khoi-7", "  minimum: 3\n  valid_from: 2025-07-01\n- code: khoi-7")
    write_taxonomies(content, MERGER, groups)
    (error,) = errors_of(content)
    assert "units.yml:3: " in error and "'group'" in error and "cum-1" in error
    assert "01/07/2025" in error and "30/06/2025" in error


def test_groups_have_dates_and_successions_too(content):
    groups = GROUPS.replace("  minimum: 3\n- code: khoi-7", "  minimum: 3\n  valid_to: 2025-06-30\n"
                            "  became: [khoi-77]\n- code: khoi-7")
    write_taxonomies(content, "- code: x\n  name: X\n  group: khoi-7\n", groups)
    (error,) = errors_of(content)
    assert "groups.yml:6: " in error and "khoi-77" in error and "khoi-7'" in error


def test_a_profile_naming_a_unit_that_had_ceased_names_its_successor(content):
    write_taxonomies(content, MERGER)
    path = content.profile("p", VALID_PROFILE.replace("ubnd-huyen-ham-thuan-bac", "ubnd-huyen-bac-binh")
                           .replace("locality: ham-thuan-bac", "locality: xa-ham-thuan-bac")  # valid then
                           .replace("15/03/2024", "01/07/2025").replace("10/03/2024", "01/07/2025"))
    (error,) = errors_of(content)
    assert error.startswith(f"{path.relative_to(content.root.parent)}:8: ") or ":8: " in error
    assert "'unit'" in error and "ubnd-xa-bac-binh (UBND xã Bắc Bình)" in error
    assert "30/06/2025" in error and "01/07/2025" in error


def test_a_profile_naming_a_unit_before_it_began_names_its_predecessor(content):
    write_taxonomies(content, MERGER)
    content.profile("p", VALID_PROFILE.replace("ubnd-huyen-ham-thuan-bac", "ubnd-xa-bac-binh")
                    .replace("15/03/2024", "30/06/2025").replace("10/03/2024", "30/06/2025"))
    (error,) = errors_of(content)
    assert "'unit'" in error and "ubnd-huyen-bac-binh (UBND huyện Bắc Bình)" in error and "01/07/2025" in error


def test_a_profile_on_the_last_and_the_first_day_is_valid(content):
    write_taxonomies(content, MERGER)
    content.profile("a", VALID_PROFILE.replace("ubnd-huyen-ham-thuan-bac", "ubnd-huyen-bac-binh")
                    .replace("15/03/2024", "30/06/2025").replace("Nguyễn Thị Hoa", "Nguyễn Văn A"))
    content.profile("b", VALID_PROFILE.replace("ubnd-huyen-ham-thuan-bac", "ubnd-xa-bac-binh")
                    .replace("locality: ham-thuan-bac", "locality: xa-ham-thuan-bac")
                    .replace("15/03/2024", "01/07/2025").replace("Nguyễn Thị Hoa", "Nguyễn Văn B"))
    assert errors_of(content) == []


def test_the_sample_dates_its_units_around_1_march_and_1_july_2025(content):
    result, problems = load_content(content.root)
    assert not problems.errors
    units = result.taxonomies.units
    for old, new in [("ubnd-tp-phan-thiet", "ubnd-phuong-phan-thiet"), ("ubnd-huyen-ham-thuan-bac", "ubnd-xa-ham-thuan-bac"),
                     ("ubnd-huyen-bac-binh", "ubnd-xa-bac-binh"), ("ubnd-huyen-tuy-phong", "ubnd-xa-tuy-phong"),
                     ("ubnd-tx-la-gi", "ubnd-phuong-la-gi"), ("ubnd-huyen-phu-quy", "ubnd-dac-khu-phu-quy")]:
        assert units[old].valid_to == dt.date(2025, 6, 30) and units[old].became == (new,)
        assert units[new].valid_from == dt.date(2025, 7, 1) and units[new].group == units[old].group
    assert units["so-nong-nghiep-ptnt"].became == ("so-nong-nghiep-moi-truong",)
    assert units["so-nong-nghiep-moi-truong"].valid_from == dt.date(2025, 3, 1)


def test_changing_a_units_dates_checks_the_cached_profiles_again(content):
    """The validation cache keys on the units' dates: a profile valid yesterday is refused once
    its unit is given an end before its 'submitted' date."""
    write_taxonomies(content, MERGER)
    content.profile("p", VALID_PROFILE.replace("ubnd-huyen-ham-thuan-bac", "ubnd-huyen-bac-binh")
                    .replace("15/03/2024", "30/06/2025"))
    assert errors_of(content) == []
    write_taxonomies(content, MERGER.replace("30/06/2025", "31/05/2025").replace("2025-06-30", "2025-05-31")
                     .replace("2025-07-01", "2025-06-01"))
    (error,) = errors_of(content)
    assert "'unit'" in error and "31/05/2025" in error
