"""The council's quota report (plan IV.1): every submitted profile counted per unit and
period, judged against the quota in groups.yml; ended periods only can fail.

The expected reports below are worked out by hand from the submissions listed in
`quota_content`, not produced by the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_CONTENT, SAMPLE_TODAY
from support.submissions import write_submission

from site_builder.content.load import load_content
from site_builder.council import quota_formats
from site_builder.council import quota_report as reports
from site_builder.council.quota_report import (
    IN_PROGRESS,
    MET,
    NOT_MET,
    UPCOMING,
    periods_of,
    quota_report,
)
from site_builder.site.renderer import load_labels

LABELS = load_labels(REPO / "theme")

GROUPS = """
- code: cum-a
  name: Cụm thi đua A
  cadence: quarter
  minimum: 3
- code: khoi-b
  name: Khối thi đua B
  cadence: half
  minimum: 2
- code: khoi-9
  name: Khối thi đua 9
  cadence: half
  minimum: 2
  armed_forces:
    cadence: quarter
    minimum: 3
- code: khoi-trong
  name: Khối thi đua trống
  cadence: half
  minimum: 2
"""

UNITS = """
- code: huyen-a1
  name: UBND huyện A1
  group: cum-a
- code: huyen-a2
  name: UBND huyện A2
  group: cum-a
- code: so-b1
  name: Sở B1
  group: khoi-b
- code: cong-an
  name: Công an tỉnh
  group: khoi-9
  armed_forces: true
- code: vien-ks
  name: Viện Kiểm sát tỉnh
  group: khoi-9
"""

# (folder, unit, submitted, status). The report's year is 2025, "today" 15/08/2025:
# Q1 and Q2 and the first half have ended, Q3 and the second half are in progress, Q4 has not begun.
SUBMISSIONS = [
    ("a1-dau-nam", "huyen-a1", "01/01/2025", "published"),   # first day of Q1
    ("a1-cuoi-q1", "huyen-a1", "31/03/2025", "draft"),       # last day of Q1; a draft still counts
    ("a1-cuoi-q1-rut", "huyen-a1", "31/03/2025", "withdrawn"),  # withdrawn later: still sent in Q1
    ("a1-dau-q2", "huyen-a1", "01/04/2025", "published"),    # first day of Q2
    ("a1-hom-nay", "huyen-a1", "15/08/2025", "review"),      # today, in Q3
    ("a2-nam-truoc", "huyen-a2", "31/12/2024", "published"),  # the year before: not in 2025
    ("b1-cuoi-h1", "so-b1", "30/06/2025", "published"),      # last day of the first half
    ("b1-cuoi-h1-2", "so-b1", "30/06/2025", "published"),
    ("b1-dau-h2", "so-b1", "01/07/2025", "published"),       # first day of the second half
    ("ca-1", "cong-an", "01/04/2025", "published"),          # armed forces: quarterly, 3
    ("ca-2", "cong-an", "15/05/2025", "published"),
    ("ca-3", "cong-an", "30/06/2025", "published"),
    ("vks-1", "vien-ks", "31/03/2025", "published"),         # the rest of Khối 9: half-yearly, 2
    ("khong-don-vi", None, "10/02/2025", "published"),       # names no unit: counts for nobody
]
YEAR, TODAY = 2025, dt.date(2025, 8, 15)


@pytest.fixture
def quota_content(content):
    (content.root / "taxonomies" / "groups.yml").write_text(textwrap.dedent(GROUPS), encoding="utf-8")
    (content.root / "taxonomies" / "units.yml").write_text(textwrap.dedent(UNITS), encoding="utf-8")
    for submission in SUBMISSIONS:
        write_submission(content, *submission)
    loaded, problems = load_content(content.root)
    assert not problems.errors, problems.errors
    return loaded


def statuses(report, unit_code):
    unit = next(u for u in report.units if u.unit.code == unit_code)
    return [(c.period.code, c.submitted, c.minimum, c.status) for c in unit.counts]


# --- Periods -------------------------------------------------------------------------------

def test_quarters_and_halves_are_calendar_periods_with_inclusive_ends():
    assert [(p.code, p.start, p.end) for p in periods_of("quarter", 2024)] == [
        ("q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        ("q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ]
    assert [(p.code, p.start, p.end) for p in periods_of("half", 2025)] == [
        ("h1", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ("h2", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    ]


def test_a_period_fails_only_after_its_last_day():
    q2 = periods_of("quarter", 2025)[1]
    assert reports.period_status(1, 3, q2, dt.date(2025, 6, 30)) == IN_PROGRESS  # the last day still counts
    assert reports.period_status(1, 3, q2, dt.date(2025, 7, 1)) == NOT_MET
    assert reports.period_status(0, 3, q2, dt.date(2025, 3, 31)) == UPCOMING
    assert reports.period_status(3, 3, q2, dt.date(2025, 4, 1)) == MET  # met early is met


# --- The hand-built report -------------------------------------------------------------------

def test_every_submission_counts_by_date_and_unit_whatever_its_status(quota_content):
    report = quota_report(quota_content, YEAR, TODAY)
    # Quarterly, minimum 3. 01/01, 31/03 (draft), 31/03 (withdrawn) -> Q1 = 3, met;
    # 01/04 -> Q2 = 1, ended: not met; 15/08 (today, in review) -> Q3 = 1, in progress; Q4 not begun.
    assert statuses(report, "huyen-a1") == [
        ("q1", 3, 3, MET), ("q2", 1, 3, NOT_MET), ("q3", 1, 3, IN_PROGRESS), ("q4", 0, 3, UPCOMING)]
    # Nothing in 2025 (31/12/2024 belongs to last year): empty periods.
    assert statuses(report, "huyen-a2") == [
        ("q1", 0, 3, NOT_MET), ("q2", 0, 3, NOT_MET), ("q3", 0, 3, IN_PROGRESS), ("q4", 0, 3, UPCOMING)]
    # Half-yearly, minimum 2: 30/06 twice -> H1 met; 01/07 -> H2 = 1, in progress.
    assert statuses(report, "so-b1") == [("h1", 2, 2, MET), ("h2", 1, 2, IN_PROGRESS)]


def test_khoi_9_splits_armed_forces_from_the_other_units(quota_content):
    report = quota_report(quota_content, YEAR, TODAY)
    khoi_9 = next(g for g in report.groups if g.group.code == "khoi-9")
    assert [(s.key, s.quota.cadence, s.quota.minimum, [u.unit.code for u in s.units]) for s in khoi_9.sections] == [
        ("armed-forces", "quarter", 3, ["cong-an"]),
        ("others", "half", 2, ["vien-ks"]),
    ]
    # 01/04, 15/05, 30/06 are all Q2: 3 of 3; Q1 had none and has ended.
    assert statuses(report, "cong-an") == [
        ("q1", 0, 3, NOT_MET), ("q2", 3, 3, MET), ("q3", 0, 3, IN_PROGRESS), ("q4", 0, 3, UPCOMING)]
    assert statuses(report, "vien-ks") == [("h1", 1, 2, NOT_MET), ("h2", 0, 2, IN_PROGRESS)]


def test_totals_per_group_and_the_units_below_quota(quota_content):
    report = quota_report(quota_content, YEAR, TODAY)
    cum_a = report.groups[0].sections[0]
    assert [(t.period.code, t.submitted, t.units_met, t.units) for t in cum_a.totals] == [
        ("q1", 3, 1, 2), ("q2", 1, 0, 2), ("q3", 1, 0, 2), ("q4", 0, 0, 2)]
    assert cum_a.submitted == 5
    assert [g.submitted for g in report.groups] == [5, 3, 4, 0]
    assert report.submitted == 12 and report.without_unit == 1
    # In-progress and upcoming periods never put a unit below quota; so-b1 met every ended period.
    assert [(g.group.code, u.unit.code, [(c.period.code, c.missing) for c in u.missed])
            for g, u in report.below_quota] == [
        ("cum-a", "huyen-a1", [("q2", 2)]),
        ("cum-a", "huyen-a2", [("q1", 3), ("q2", 3)]),
        ("khoi-9", "cong-an", [("q1", 3)]),
        ("khoi-9", "vien-ks", [("h1", 1)]),
    ]
    empty = next(g for g in report.groups if g.group.code == "khoi-trong")
    assert [(s.key, s.units) for s in empty.sections] == [("all", ())]


def test_the_report_is_the_state_on_today_early_in_the_year_nobody_is_judged(quota_content):
    # On 15/03/2025 no period has ended, and only 01/01 (huyen-a1) and 10/02 (no unit) had been sent:
    # the profiles dated later are not counted.
    report = quota_report(quota_content, YEAR, dt.date(2025, 3, 15))
    assert statuses(report, "huyen-a1") == [
        ("q1", 1, 3, IN_PROGRESS), ("q2", 0, 3, UPCOMING), ("q3", 0, 3, UPCOMING), ("q4", 0, 3, UPCOMING)]
    assert (report.submitted, report.without_unit, report.after_today) == (1, 1, 11)  # 13 in 2025, 2 by 15/03
    assert report.below_quota == () and not any(u.judged for u in report.units)
    assert quota_formats.summary_line(report, LABELS) == (
        "Năm 2025: 5 đơn vị, 0 đạt chỉ tiêu mọi kỳ đã kết thúc, 0 chưa đạt, 5 chưa có kỳ nào kết thúc; "
        "1 hồ sơ đã gửi.")


def test_the_text_report_reads_as_worked_out_by_hand(quota_content):
    text = quota_formats.render_text(quota_report(quota_content, YEAR, TODAY), LABELS, "Hội đồng TĐKT tỉnh")
    assert text == textwrap.dedent("""\
        BÁO CÁO CHỈ TIÊU GỬI ĐIỂN HÌNH TIÊN TIẾN NĂM 2025
        Hội đồng TĐKT tỉnh
        Số liệu tính đến ngày 15/08/2025.
        Đếm mọi hồ sơ theo ngày đề xuất và đơn vị đề xuất, bất kể trạng thái về sau; chỉ tiêu theo taxonomies/groups.yml và units.yml.

        Cụm thi đua A — mỗi quý, tối thiểu 3 điển hình/đơn vị
          Đơn vị          Quý I          Quý II         Quý III            Quý IV            Cả năm
          UBND huyện A1   3/3 đạt        1/3 chưa đạt   1/3 đang diễn ra   0/3 chưa đến kỳ   5
          UBND huyện A2   0/3 chưa đạt   0/3 chưa đạt   0/3 đang diễn ra   0/3 chưa đến kỳ   0
          Tổng số hồ sơ   3              1              1                  0                 5
          Số đơn vị đạt   1/2            0/2            0/2                0/2

        Khối thi đua B — mỗi 6 tháng, tối thiểu 2 điển hình/đơn vị
          Đơn vị          6 tháng đầu năm   6 tháng cuối năm   Cả năm
          Sở B1           2/2 đạt           1/2 đang diễn ra   3
          Tổng số hồ sơ   2                 1                  3
          Số đơn vị đạt   1/1               0/1

        Khối thi đua 9 — Lực lượng vũ trang: mỗi quý, tối thiểu 3 điển hình/đơn vị
          Đơn vị          Quý I          Quý II    Quý III            Quý IV            Cả năm
          Công an tỉnh    0/3 chưa đạt   3/3 đạt   0/3 đang diễn ra   0/3 chưa đến kỳ   3
          Tổng số hồ sơ   0              3         0                  0                 3
          Số đơn vị đạt   0/1            1/1       0/1                0/1

        Khối thi đua 9 — Các đơn vị khác: mỗi 6 tháng, tối thiểu 2 điển hình/đơn vị
          Đơn vị               6 tháng đầu năm   6 tháng cuối năm   Cả năm
          Viện Kiểm sát tỉnh   1/2 chưa đạt      0/2 đang diễn ra   1
          Tổng số hồ sơ        1                 0                  1
          Số đơn vị đạt        0/1               0/1

        Khối thi đua trống — mỗi 6 tháng, tối thiểu 2 điển hình/đơn vị
          Cụm, khối này chưa có đơn vị thành viên trong units.yml.

        ĐƠN VỊ CHƯA ĐẠT CHỈ TIÊU (4)
          Cụm thi đua A · UBND huyện A1: Quý II 1/3 (thiếu 2)
          Cụm thi đua A · UBND huyện A2: Quý I 0/3 (thiếu 3); Quý II 0/3 (thiếu 3)
          Khối thi đua 9 · Công an tỉnh: Quý I 0/3 (thiếu 3)
          Khối thi đua 9 · Viện Kiểm sát tỉnh: 6 tháng đầu năm 1/2 (thiếu 1)

        1 hồ sơ trong năm không ghi đơn vị đề xuất nên không được tính cho đơn vị nào.

        Năm 2025: 5 đơn vị, 1 đạt chỉ tiêu mọi kỳ đã kết thúc, 4 chưa đạt, 0 chưa có kỳ nào kết thúc; 12 hồ sơ đã gửi.
        """)


def test_csv_has_one_row_per_unit_and_period_and_opens_in_excel(quota_content):
    data = quota_formats.render_csv(quota_report(quota_content, YEAR, TODAY), LABELS)
    assert data.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(rows) == 4 + 4 + 2 + 4 + 2  # huyen-a1, huyen-a2 (quarters), so-b1, cong-an, vien-ks
    row = next(r for r in rows if r["Mã đơn vị"] == "huyen-a1" and r["Kỳ"] == "Quý II")
    assert (row["Từ ngày"], row["Đến ngày"], row["Số hồ sơ đã gửi"], row["Tối thiểu"], row["Kết quả"]) == (
        "01/04/2025", "30/06/2025", "1", "3", "chưa đạt")
    armed = [r["Lực lượng vũ trang"] for r in rows if r["Mã đơn vị"] == "cong-an"]
    assert armed == ["có"] * 4


def test_json_carries_codes_and_iso_dates(quota_content):
    data = json.loads(quota_formats.render_json(quota_report(quota_content, YEAR, TODAY)))
    assert data["year"] == 2025 and data["today"] == "2025-08-15"
    assert data["submitted"] == 12 and data["without_unit"] == 1
    khoi_9 = next(g for g in data["groups"] if g["code"] == "khoi-9")
    armed = khoi_9["sections"][0]
    assert (armed["key"], armed["cadence"], armed["minimum"]) == ("armed-forces", "quarter", 3)
    assert armed["units"][0]["periods"][1] == {
        "code": "q2", "start": "2025-04-01", "end": "2025-06-30", "submitted": 3, "minimum": 3, "status": "met",
        "counted_from": "2025-04-01", "counted_to": "2025-06-30"}
    assert [b["unit"] for b in data["below_quota"]] == ["huyen-a1", "huyen-a2", "cong-an", "vien-ks"]


def test_html_is_a_standalone_document_with_the_same_figures(quota_content):
    content = quota_content
    from site_builder.site.renderer import Renderer

    renderer = Renderer(REPO / "theme" / "templates", LABELS, content.site)
    html = quota_formats.render_html(quota_report(content, YEAR, TODAY), renderer)
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "vi" and page.h1.get_text() == "Báo cáo chỉ tiêu gửi điển hình tiên tiến năm 2025"
    assert not page.select("script, link[rel=stylesheet], img")  # nothing fetched: it prints and mails as one file
    first_table = page.select("table")[0]
    assert [th.get_text(" ", strip=True) for th in first_table.select("thead th")][:2] == [
        "Đơn vị", "Quý I (01/01/2025 – 31/03/2025)"]
    a1 = [td.get_text(strip=True) for td in first_table.select("tbody tr")[0].select("td")]
    assert a1 == ["3/3 đạt", "1/3 chưa đạt", "1/3 đang diễn ra", "0/3 chưa đến kỳ", "5"]
    assert first_table.select("tbody tr")[0].select("td")[1]["class"] == ["dh-quota--not-met"]
    below = [li.get_text(" ", strip=True) for li in page.select("#chua-dat + ul li")]
    assert below[0] == "UBND huyện A1 (Cụm thi đua A): Quý II 1/3 (thiếu 2)"


@pytest.mark.checkers
def test_html_report_passes_the_nu_html_checker(quota_content, tmp_path):
    from support.checkers import nu_html_check

    from site_builder.site.renderer import Renderer

    renderer = Renderer(REPO / "theme" / "templates", LABELS, quota_content.site)
    (tmp_path / "report.html").write_text(quota_formats.render_html(quota_report(quota_content, YEAR, TODAY), renderer),
                                          encoding="utf-8")
    errors = nu_html_check(tmp_path)
    assert not errors, "\n".join(f"{e['line']}:{e['column']}: {e['message']}" for e in errors)


# --- The sample content and the command -------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, "-m", "site_builder", "report", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_sample_boundary_dates_fall_in_the_right_quarter():
    content, _ = load_content(SAMPLE_CONTENT)
    report = quota_report(content, 2024, SAMPLE_TODAY)
    # Sample profiles submitted 31/03/2024 and 01/04/2024 (see the sample-content commit).
    assert statuses(report, "ubnd-huyen-ham-thuan-bac")[:2] == [("q1", 3, 3, MET), ("q2", 0, 3, NOT_MET)]
    assert statuses(report, "bo-chbdbp-tinh")[:2] == [("q1", 2, 3, NOT_MET), ("q2", 0, 3, NOT_MET)]
    assert statuses(report, "cong-an-tinh")[:2] == [("q1", 0, 3, NOT_MET), ("q2", 3, 3, MET)]
    assert statuses(report, "hoi-lhpn-tinh") == [("h1", 1, 2, NOT_MET), ("h2", 0, 2, NOT_MET)]
    # Every 2024 submission is counted, whatever its status (the sample has a 2024 profile in review).
    in_2024 = [p for p in content.profiles if p.submitted.year == 2024]
    assert report.submitted == len(in_2024) and any(p.status != "published" for p in in_2024)


def test_the_report_never_names_a_profile():
    content, _ = load_content(SAMPLE_CONTENT)
    from site_builder.site.renderer import Renderer

    renderer = Renderer(REPO / "theme" / "templates", LABELS, content.site)
    for year in (2022, 2023, 2024, 2025):
        report = quota_report(content, year, SAMPLE_TODAY)
        for fmt in quota_formats.FORMATS:
            output = quota_formats.render(report, fmt, LABELS, renderer, content.site.council)
            assert "SENTINEL" not in output
            for profile in content.profiles:
                assert profile.name not in output and profile.slug not in output, (fmt, profile.name)


def test_command_prints_the_report_and_a_summary(tmp_path):
    result = run("--content", str(SAMPLE_CONTENT), "--year", "2024", "--today", "30/06/2026")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BÁO CÁO CHỈ TIÊU GỬI ĐIỂN HÌNH TIÊN TIẾN NĂM 2024\n")
    # 38 units: the six communes' UBNDs and the merged departments of 2025 did not exist in 2024.
    assert "Năm 2024: 38 đơn vị" in result.stderr.splitlines()[-1]
    again = run("--content", str(SAMPLE_CONTENT), "--year", "2024", "--today", "30/06/2026")
    assert again.stdout == result.stdout  # same content and date, same bytes


@pytest.mark.parametrize("fmt", quota_formats.FORMATS)
def test_command_writes_each_format_to_a_file(fmt, tmp_path):
    out = tmp_path / f"bao-cao.{fmt}"
    result = run("--content", str(SAMPLE_CONTENT), "--year", "2024", "--today", "30/06/2026",
                 "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.stat().st_size > 1000
    assert f"({fmt} -> {out})" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_year_defaults_to_the_year_of_today():
    result = run("--content", str(SAMPLE_CONTENT), "--today", "15/02/2025", "--format", "json")
    data = json.loads(result.stdout)
    assert data["year"] == 2025
    q1 = data["groups"][0]["sections"][0]["units"][0]["periods"][0]
    assert q1["code"] == "q1" and q1["status"] in ("met", "in-progress")  # Q1 of 2025 has not ended


def test_bad_content_stops_the_report_and_keeps_the_previous_file(content, tmp_path):
    write_submission(content, "tot", "ubnd-huyen-ham-thuan-bac", "15/03/2024", "published")
    out = tmp_path / "bao-cao.txt"
    assert run("--content", str(content.root), "--year", "2024", "--out", str(out)).returncode == 0
    before = out.read_bytes()
    write_submission(content, "sai", "ubnd-huyen-ham-thuan-bacc", "15/03/2024", "published")
    result = run("--content", str(content.root), "--year", "2024", "--out", str(out))
    assert result.returncode == 1
    assert "profiles/sai/index.md:7: error: 'unit': unknown unit code 'ubnd-huyen-ham-thuan-bacc'" in result.stderr
    assert "did you mean 'ubnd-huyen-ham-thuan-bac'?" in result.stderr
    assert f"{out} was not changed" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == before


def test_a_profile_without_unit_is_reported_to_the_editor(content):
    write_submission(content, "khong-don-vi", None, "15/03/2024", "published")
    result = run("--content", str(content.root), "--year", "2024", "--today", "01/01/2025")
    assert result.returncode == 0, result.stderr
    assert ("profiles/khong-don-vi/index.md:7: warning: 'unit': no submitting unit, so this profile "
            "(submitted 15/03/2024) counts toward no unit's quota") in result.stderr
    assert "1 hồ sơ trong năm không ghi đơn vị đề xuất" in result.stdout
    assert run("--content", str(content.root), "--year", "2024", "--strict").returncode == 1


def test_a_profile_dated_after_today_is_not_counted_and_the_editor_is_told(content):
    write_submission(content, "tuong-lai", "ubnd-huyen-ham-thuan-bac", "15/03/2024", "published")
    result = run("--content", str(content.root), "--year", "2024", "--today", "01/03/2024")
    assert result.returncode == 0, result.stderr
    assert ("profiles/tuong-lai/index.md:8: warning: 'submitted': 15/03/2024 is after the report's date "
            "01/03/2024, so this profile is not counted") in result.stderr
    assert "1 hồ sơ có ngày đề xuất sau ngày 01/03/2024 nên chưa được tính." in result.stdout
    assert "UBND huyện Hàm Thuận Bắc    0/3 đang diễn ra" in result.stdout


def test_a_bad_year_or_format_is_refused_with_a_message():
    bad_year = run("--year", "24")
    assert bad_year.returncode == 2 and "'24' is not a year; write four digits, like 2024" in bad_year.stderr
    bad_format = run("--format", "pdf")
    assert bad_format.returncode == 2 and "invalid choice: 'pdf'" in bad_format.stderr
    unwritable = run("--content", str(SAMPLE_CONTENT), "--out", "/proc/no-such-dir/report.txt")
    assert unwritable.returncode == 2 and "error: cannot write /proc/no-such-dir/report.txt" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr


# --- Units that began or ceased in the year (units.yml valid_from, valid_to, became) ------------------

DATED_GROUPS = """
- code: cum-1
  name: Cụm thi đua 1
  cadence: quarter
  minimum: 3
- code: khoi-7
  name: Khối thi đua 7
  cadence: quarter
  minimum: 3
- code: khoi-10
  name: Khối thi đua 10
  cadence: half
  minimum: 2
"""

DATED_UNITS = """
- code: ubnd-huyen-bac-binh
  name: UBND huyện Bắc Bình
  group: cum-1
  valid_to: 30/06/2025
  became: [ubnd-xa-bac-binh]
- code: ubnd-xa-bac-binh
  name: UBND xã Bắc Bình
  group: cum-1
  valid_from: 01/07/2025
- code: so-nn-ptnt
  name: Sở Nông nghiệp và Phát triển nông thôn
  group: khoi-7
  valid_to: 28/02/2025
  became: [so-nn-mt]
- code: so-nn-mt
  name: Sở Nông nghiệp và Môi trường
  group: khoi-7
  valid_from: 01/03/2025
- code: so-tt-tt
  name: Sở Thông tin và Truyền thông
  group: khoi-10
  valid_to: 28/02/2025
- code: so-cu
  name: Sở đã giải thể năm 2024
  group: khoi-10
  valid_to: 31/12/2024
"""

# Worked by hand. Bắc Bình: the district committee sends 3 in Q1 and 1 in Q2 (the last on 30/06),
# the commune committee 3 in Q3 (the first on 01/07). The agriculture department sends 2 in
# January-February, its successor 1 in March: Q1 is 59 + 31 of 90 days, so the minimums are
# 3 × 59/90 = 1.97 → 2 and 3 × 31/90 = 1.03 → 1. Thông tin và Truyền thông: 59 of the 181 days of
# the first half, 2 × 59/181 = 0.65 → 1; it sent none.
DATED_SUBMISSIONS = [
    ("hbb-1", "ubnd-huyen-bac-binh", "10/01/2025", "published"),
    ("hbb-2", "ubnd-huyen-bac-binh", "11/02/2025", "published"),
    ("hbb-3", "ubnd-huyen-bac-binh", "31/03/2025", "published"),
    ("hbb-4", "ubnd-huyen-bac-binh", "30/06/2025", "published"),
    ("xbb-1", "ubnd-xa-bac-binh", "01/07/2025", "published"),
    ("xbb-2", "ubnd-xa-bac-binh", "02/07/2025", "draft"),
    ("xbb-3", "ubnd-xa-bac-binh", "30/09/2025", "published"),
    ("nn-1", "so-nn-ptnt", "05/01/2025", "published"),
    ("nn-2", "so-nn-ptnt", "28/02/2025", "published"),
    ("nnmt-1", "so-nn-mt", "01/03/2025", "published"),
]


AFTER_2025 = dt.date(2026, 1, 10)  # every period of 2025 has ended


@pytest.fixture
def dated_content(content):
    (content.root / "taxonomies" / "groups.yml").write_text(textwrap.dedent(DATED_GROUPS), encoding="utf-8")
    (content.root / "taxonomies" / "units.yml").write_text(textwrap.dedent(DATED_UNITS), encoding="utf-8")
    for submission in DATED_SUBMISSIONS:
        write_submission(content, *submission)
    loaded, problems = load_content(content.root)
    assert not problems.errors, problems.errors
    return loaded


def test_the_minimum_of_part_of_a_period_is_pro_rated_by_days_half_up():
    q1 = periods_of("quarter", 2025)[0]
    assert reports.prorated_minimum(3, reports.Period("q1", dt.date(2025, 1, 1), dt.date(2025, 2, 28)), q1) == 2
    assert reports.prorated_minimum(3, reports.Period("q1", dt.date(2025, 3, 1), dt.date(2025, 3, 31)), q1) == 1
    assert reports.prorated_minimum(3, reports.Period("q1", dt.date(2025, 3, 31), dt.date(2025, 3, 31)), q1) == 0
    h1 = periods_of("half", 2025)[0]
    assert reports.prorated_minimum(2, reports.Period("h1", dt.date(2025, 1, 1), dt.date(2025, 2, 28)), h1) == 1


def test_a_unit_merged_on_1_july_counts_until_30_june_and_its_successor_from_1_july(dated_content):
    report = quota_report(dated_content, 2025, AFTER_2025)
    absent = reports.ABSENT
    assert statuses(report, "ubnd-huyen-bac-binh") == [
        ("q1", 3, 3, MET), ("q2", 1, 3, NOT_MET), ("q3", 0, 0, absent), ("q4", 0, 0, absent)]
    assert statuses(report, "ubnd-xa-bac-binh") == [
        ("q1", 0, 0, absent), ("q2", 0, 0, absent), ("q3", 3, 3, MET), ("q4", 0, 3, NOT_MET)]
    (cum_1,) = next(g for g in report.groups if g.group.code == "cum-1").sections
    assert [(t.submitted, t.units_met, t.units) for t in cum_1.totals] == [(3, 1, 1), (1, 0, 1), (3, 1, 1), (0, 0, 1)]
    old = next(u for u in report.units if u.unit.code == "ubnd-huyen-bac-binh")
    assert not any(c.partial for c in old.counts)  # the quarters begin on 1 July: nothing is pro-rated


def test_a_unit_merged_inside_a_quarter_is_judged_on_its_part_against_a_pro_rated_minimum(dated_content):
    report = quota_report(dated_content, 2025, AFTER_2025)
    assert statuses(report, "so-nn-ptnt")[0] == ("q1", 2, 2, MET)
    assert statuses(report, "so-nn-mt")[:2] == [("q1", 1, 1, MET), ("q2", 0, 3, NOT_MET)]
    old = next(u for u in report.units if u.unit.code == "so-nn-ptnt").counts[0]
    assert old.partial and (old.counted.start, old.counted.end) == (dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    assert statuses(report, "so-tt-tt") == [("h1", 0, 1, NOT_MET), ("h2", 0, 0, reports.ABSENT)]
    assert "so-cu" not in [u.unit.code for u in report.units]  # ceased before the year


def test_a_ceased_unit_is_judged_once_its_part_has_ended(dated_content):
    report = quota_report(dated_content, 2025, dt.date(2025, 3, 15))  # Q1 has not ended
    assert statuses(report, "so-tt-tt")[0] == ("h1", 0, 1, NOT_MET)  # its part ended on 28/02
    assert statuses(report, "so-nn-mt")[0] == ("q1", 1, 1, MET)
    assert statuses(report, "ubnd-huyen-bac-binh")[0] == ("q1", 2, 3, IN_PROGRESS)


def test_the_text_report_says_which_units_were_counted_for_part_of_the_year(dated_content):
    text = quota_formats.render_text(quota_report(dated_content, 2025, AFTER_2025), LABELS, "Hội đồng")
    assert textwrap.dedent("""\
        Khối thi đua 7 — mỗi quý, tối thiểu 3 điển hình/đơn vị
          Đơn vị                                   Quý I                                    Quý II         Quý III        Quý IV         Cả năm
          Sở Nông nghiệp và Phát triển nông thôn   2/2 đạt (tính 01/01/2025 – 28/02/2025)   —              —              —              2
          Sở Nông nghiệp và Môi trường             1/1 đạt (tính 01/03/2025 – 31/03/2025)   0/3 chưa đạt   0/3 chưa đạt   0/3 chưa đạt   1
          Tổng số hồ sơ                            3                                        0              0              0              3
          Số đơn vị đạt                            2/2                                      0/1            0/1            0/1
          Sở Nông nghiệp và Phát triển nông thôn: giải thể/sáp nhập từ ngày 01/03/2025 (trở thành Sở Nông nghiệp và Môi trường); chỉ tính đến hết ngày 28/02/2025.
          Sở Nông nghiệp và Môi trường: thành lập từ ngày 01/03/2025 (tiếp nhận Sở Nông nghiệp và Phát triển nông thôn); chỉ tính từ ngày đó.
        """) in text
    assert "Sở Thông tin và Truyền thông: giải thể/sáp nhập từ ngày 01/03/2025; chỉ tính đến hết ngày 28/02/2025." in text
    assert text.count(LABELS["quota"]["dates_rule"]) == 3  # under each section with such a unit
    assert "Khối thi đua 10 · Sở Thông tin và Truyền thông: 6 tháng đầu năm 0/1 (thiếu 1) (tính 01/01/2025 – 28/02/2025)" in text


def test_csv_and_json_carry_the_counted_days(dated_content):
    report = quota_report(dated_content, 2025, AFTER_2025)
    rows = list(csv.DictReader(io.StringIO(quota_formats.render_csv(report, LABELS).lstrip("\ufeff"))))
    assert [r["Kỳ"] for r in rows if r["Mã đơn vị"] == "ubnd-huyen-bac-binh"] == ["Quý I", "Quý II"]  # no absent rows
    row = next(r for r in rows if r["Mã đơn vị"] == "so-nn-mt" and r["Kỳ"] == "Quý I")
    assert (row["Tối thiểu"], row["Tính từ ngày"], row["Tính đến ngày"]) == ("1", "01/03/2025", "31/03/2025")
    assert row["Ghi chú"].startswith("Sở Nông nghiệp và Môi trường: thành lập từ ngày 01/03/2025")
    data = json.loads(quota_formats.render_json(report))
    units = {u["code"]: u for g in data["groups"] for s in g["sections"] for u in s["units"]}
    assert (units["ubnd-huyen-bac-binh"]["valid_to"], units["ubnd-huyen-bac-binh"]["became"]) == (
        "2025-06-30", ["ubnd-xa-bac-binh"])
    assert units["ubnd-xa-bac-binh"]["periods"][0] == {
        "code": "q1", "start": "2025-01-01", "end": "2025-03-31", "submitted": 0, "minimum": 0, "status": "absent",
        "counted_from": None, "counted_to": None}


def test_the_html_report_marks_the_part_and_the_absent_periods(dated_content):
    from site_builder.site.renderer import Renderer

    renderer = Renderer(REPO / "theme" / "templates", LABELS, dated_content.site)
    page = BeautifulSoup(quota_formats.render_html(quota_report(dated_content, 2025, AFTER_2025), renderer),
                         "html.parser")
    khoi_7 = page.select_one("#nhom-khoi-7").parent
    cells = [td.get_text(" ", strip=True) for td in khoi_7.select("tbody tr")[0].select("td")]
    assert cells == ["2/2 đạt (tính 01/01/2025 – 28/02/2025)", "—", "—", "—", "2"]
    notes = [li.get_text(strip=True) for li in khoi_7.select(".dh-quota__notes li")]
    assert notes[0].startswith("Sở Nông nghiệp và Phát triển nông thôn: giải thể/sáp nhập từ ngày 01/03/2025")


def test_the_sample_report_of_2025_has_the_district_committees_to_q2_and_their_successors_from_q3():
    content, problems = load_content(SAMPLE_CONTENT)
    assert not problems.errors
    report = quota_report(content, 2025, SAMPLE_TODAY)
    by_code = {u.unit.code: u for u in report.units}
    for old, new in [("ubnd-tp-phan-thiet", "ubnd-phuong-phan-thiet"), ("ubnd-tx-la-gi", "ubnd-phuong-la-gi"),
                     ("ubnd-huyen-ham-thuan-bac", "ubnd-xa-ham-thuan-bac"), ("ubnd-huyen-bac-binh", "ubnd-xa-bac-binh"),
                     ("ubnd-huyen-tuy-phong", "ubnd-xa-tuy-phong"), ("ubnd-huyen-phu-quy", "ubnd-dac-khu-phu-quy")]:
        assert [c.status != reports.ABSENT for c in by_code[old].counts] == [True, True, False, False], old
        assert [c.status != reports.ABSENT for c in by_code[new].counts] == [False, False, True, True], new
        assert [c.minimum for c in by_code[new].counts] == [0, 0, 3, 3]
    for ceased in ("ubnd-huyen-ham-tan", "ubnd-huyen-duc-linh", "ubnd-huyen-tanh-linh", "ubnd-huyen-ham-thuan-nam"):
        assert [c.status != reports.ABSENT for c in by_code[ceased].counts] == [True, True, False, False]
    cum_1, cum_2 = (next(g for g in report.groups if g.group.code == code).sections[0] for code in ("cum-1", "cum-2"))
    assert [t.units for t in cum_1.totals] == [5, 5, 3, 3] and [t.units for t in cum_2.totals] == [5, 5, 3, 3]
    text = quota_formats.render_text(report, LABELS, content.site.council)
    assert ("UBND huyện Bắc Bình: giải thể/sáp nhập từ ngày 01/07/2025 (trở thành UBND xã Bắc Bình); "
            "chỉ tính đến hết ngày 30/06/2025.") in text
    assert "UBND xã Bắc Bình: thành lập từ ngày 01/07/2025 (tiếp nhận UBND huyện Bắc Bình); chỉ tính từ ngày đó." in text
    # Q1 2025 of Khối 7: the two departments merged on 01/03/2025 and their successor, each for its days.
    assert statuses(report, "so-nong-nghiep-ptnt")[0][2] == 2 and statuses(report, "so-nong-nghiep-moi-truong")[0][2] == 1


@pytest.mark.checkers
def test_html_report_with_units_that_began_or_ceased_passes_the_nu_html_checker(dated_content, tmp_path):
    from support.checkers import nu_html_check

    from site_builder.site.renderer import Renderer

    renderer = Renderer(REPO / "theme" / "templates", LABELS, dated_content.site)
    html = quota_formats.render_html(quota_report(dated_content, 2025, AFTER_2025), renderer)
    assert "dh-quota__notes" in html
    (tmp_path / "report.html").write_text(html, encoding="utf-8")
    errors = nu_html_check(tmp_path)
    assert not errors, "\n".join(f"{e['line']}:{e['column']}: {e['message']}" for e in errors)
