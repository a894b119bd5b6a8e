"""site.yml's `council:`: one name, or the publishers with their dates (content/site_settings.py)."""

import datetime as dt
import re

from site_builder.content.load import load_content
from site_builder.content.model import Publisher


def set_council(content, block: str):
    site_yml = content.root / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^council:\n(  .*\n)+", "", text)  # the sample's list
    site_yml.write_text(text + block, encoding="utf-8")
    return site_yml, text.count("\n")


TWO = """council:
  - name: Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận
    valid_to: 30/06/2025
  - name: Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng
    valid_from: 01/07/2025
"""


def test_the_sample_names_the_publisher_of_each_day_around_1_july_2025(content):
    result, problems = load_content(content.root)
    assert not problems.errors
    site = result.site
    assert site.council == "Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng"  # the current one, shown on the site
    assert site.publisher_on(dt.date(2025, 6, 30)) == "Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận"
    assert site.publisher_on(dt.date(2025, 7, 1)) == "Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng"
    assert site.publisher_on(dt.date(2020, 1, 1)) == "Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận"
    assert site.title == "Điển hình tiên tiến tỉnh Lâm Đồng" and site.province == "Lâm Đồng"


def test_the_plain_name_still_works(content):
    set_council(content, "council: Hội đồng Thi đua – Khen thưởng tỉnh\n")
    result, problems = load_content(content.root)
    assert not problems.errors
    assert result.site.council == "Hội đồng Thi đua – Khen thưởng tỉnh"
    assert result.site.publishers == (Publisher("Hội đồng Thi đua – Khen thưởng tỉnh"),)
    assert result.site.publisher_on(dt.date(2025, 7, 1)) == "Hội đồng Thi đua – Khen thưởng tỉnh"


def test_the_listed_form_is_read(content):
    set_council(content, TWO)
    result, problems = load_content(content.root)
    assert not problems.errors
    assert result.site.publishers == (
        Publisher("Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận", None, dt.date(2025, 6, 30)),
        Publisher("Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng", dt.date(2025, 7, 1), None))


def errors(content, block):
    site_yml, before = set_council(content, block)
    _, problems = load_content(content.root)
    return [str(p).replace(str(site_yml), "site.yml") for p in problems.errors], before


def test_a_gap_between_publishers_names_the_day_to_write(content):
    found, before = errors(content, TWO.replace("01/07/2025", "15/07/2025"))
    assert found == [f"site.yml:{before + 4}: error: 'council[2]': 'Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng' "
                     "begins on 15/07/2025 but 'Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận' ends on 30/06/2025; "
                     "one publisher begins the day after the other ends: 01/07/2025"]


def test_an_overlap_between_publishers_is_an_error(content):
    found, _ = errors(content, TWO.replace("01/07/2025", "01/06/2025"))
    assert len(found) == 1 and "01/06/2025" in found[0] and "01/07/2025" in found[0]


def test_the_last_publisher_has_no_end_and_the_first_no_start(content):
    found, before = errors(content, TWO.replace("    valid_from: 01/07/2025\n", "    valid_from: 01/07/2025\n"
                                                 "    valid_to: 31/12/2030\n").replace(
        "  - name: Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận\n",
        "  - name: Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận\n    valid_from: 01/01/2000\n"))
    assert len(found) == 2
    assert f":{before + 2}:" in found[0] and "01/01/2000" in found[0]
    assert f":{before + 5}:" in found[1] and "31/12/2030" in found[1]


def test_missing_dates_between_publishers_say_which_to_write(content):
    found, _ = errors(content, TWO.replace("    valid_to: 30/06/2025\n", ""))
    assert len(found) == 1 and "'valid_to:'" in found[0] and "Bình Thuận" in found[0]
