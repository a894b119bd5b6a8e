"""The statistics page (/thong-ke/): every table of `stats.tables()` as an accessible
bar chart with its table beside it, public profiles only; and the quota report pages,
which exist only when site.yml publishes them and never name a profile."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from support.submissions import write_submission

from site_builder.pipeline.run import BuildOptions, build_site
from site_builder.content.load import load_content
from site_builder.public.stats import tables
from site_builder.site.renderer import load_labels

LABELS = load_labels(REPO / "theme")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def numbers(cells) -> list[int]:
    return [int(c.get_text(strip=True)) for c in cells]


def test_every_statistics_table_is_on_the_page_with_its_numbers(sample_site, sample):
    page = soup(sample_site, "thong-ke")
    assert page.h1.get_text(strip=True) == "Thống kê"
    assert f"Số liệu về {len(sample.profiles)} hồ sơ" in page.select_one(".dh-intro").get_text()
    expected = tables(sample, LABELS)  # the yearbook's statistics chapter reads these same tables
    assert [s["aria-labelledby"] for s in page.select("section.dh-stat")] == [t.key for t in expected]
    for table in expected:
        section = page.select_one(f"section.dh-stat[aria-labelledby='{table.key}']")
        assert section.h2.get_text(strip=True) == table.title
        html_table = section.select_one("table")
        assert html_table.caption.get_text(strip=True) == table.title
        stacked = len(table.columns) > 1
        header = [th.get_text(strip=True) for th in html_table.select("thead th")]
        assert header == [table.row_header, *(c.name for c in table.columns), *(["Tổng cộng"] if stacked else [])]
        body = html_table.select("tbody tr")
        assert [tr.th.get_text(strip=True) for tr in body] == [r.name for r in table.rows]
        for tr, cells, total in zip(body, table.cells, table.row_totals):
            assert numbers(tr.select("td")) == [*cells, *([total] if stacked else [])]
        foot = numbers(html_table.select("tfoot td"))
        assert foot == [*table.column_totals, *([table.total] if stacked else [])]


def test_only_public_profiles_are_counted(sample_site, sample):
    page = soup(sample_site, "thong-ke")
    assert sample.withheld  # the sample has withheld profiles: none of them is in any total
    for key in ("kind", "locality", "stage", "year"):  # one term per profile in these
        total = numbers(page.select_one(f"section[aria-labelledby='{key}'] table").select("tfoot td"))
        assert total == [len(sample.profiles)], key


def test_each_chart_is_one_titled_image_whose_bars_match_the_table(sample_site, sample):
    page = soup(sample_site, "thong-ke")
    for table in tables(sample, LABELS):
        svg = page.select_one(f"section[aria-labelledby='{table.key}'] svg")
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.select_one(f"title#{title_id}").get_text() == f"Biểu đồ: {table.title}"
        assert "bảng" in svg.select_one(f"desc#{desc_id}").get_text()
        values = [int(t.get_text()) for t in svg.select("text[font-weight='700']")]
        assert values == list(table.row_totals)
        bars = svg.select("rect[stroke]")  # one rectangle per non-zero cell
        assert len(bars) == sum(1 for row in table.cells for n in row if n)
        widths = [float(r["width"].rstrip("%")) for r in bars]
        assert max(widths) <= 85.0 and min(widths) > 0
    assert not page.select(".dh-stats script")  # drawn at build time, no chart library


def test_rows_link_to_their_listing_pages(sample_site):
    page = soup(sample_site, "thong-ke")
    links = page.select(".dh-stat table tbody a")
    assert len(links) >= 14 + 13 + 10 + 3 + 4  # fields, movements, localities, kinds, years
    for a in links:
        assert (sample_site / "thong-ke" / a["href"] / "index.html").resolve().is_file(), a["href"]
    stages = page.select_one("section[aria-labelledby='stage'] table tbody")
    assert not stages.select("a")  # stages have no listing pages


def test_the_statistics_page_is_in_the_navigation_and_the_quota_report_is_not(sample_site):
    nav_targets = [a["href"] for a in soup(sample_site, "").select("nav a.md-tabs__link")]
    assert "thong-ke/" in nav_targets
    assert not (sample_site / "chi-tieu").exists()  # site.yml does not publish the quota report
    assert "Chỉ tiêu gửi điển hình" not in (sample_site / "index.html").read_text(encoding="utf-8")


def publish_quota_report(content, value: str) -> Path:
    site_yml = content.root / "site.yml"
    settings = re.sub(r"(?m)^publish_quota_report:.*\n", "", site_yml.read_text(encoding="utf-8"))
    site_yml.write_text(settings + f"publish_quota_report: {value}\n", encoding="utf-8")
    return site_yml


def test_the_setting_is_checked_like_every_other(content):
    site_yml = publish_quota_report(content, "co")
    line = site_yml.read_text(encoding="utf-8").count("\n")
    _, problems = load_content(content.root)
    assert [str(p) for p in problems.errors] == [
        f"{site_yml}:{line}: error: 'publish_quota_report': must be true or false, not 'co'"]


@pytest.fixture(scope="module")
def quota_site(tmp_path_factory):
    """A small site built with real MkDocs whose site.yml publishes the quota report, on 01/05/2025."""
    from conftest import ContentFolder

    root = tmp_path_factory.mktemp("quota")
    content = ContentFolder(root / "content")
    publish_quota_report(content, "true")
    write_submission(content, "cong-khai", "ubnd-huyen-ham-thuan-bac", "10/02/2025", "published")
    write_submission(content, "SENTINEL-QUOTA-DRAFT", "ubnd-huyen-ham-thuan-bac", "31/03/2025", "draft")
    write_submission(content, "nam-truoc", "ubnd-huyen-ham-thuan-bac", "01/04/2024", "published")
    out = root / "site"
    build_site(BuildOptions(content_dir=content.root, out_dir=out, today=dt.date(2025, 5, 1),
                            cache_dir=root / "cache"))
    return out


def test_quota_report_pages_when_site_yml_publishes_them(quota_site):
    out = quota_site
    page = soup(out, "chi-tieu")
    assert page.h1.get_text(strip=True) == "Báo cáo chỉ tiêu gửi điển hình tiên tiến năm 2025"
    cum_1 = page.select_one("section[aria-labelledby='nhom-cum-1'] table")
    row = next(tr for tr in cum_1.select("tbody tr") if tr.th.get_text() == "UBND huyện Hàm Thuận Bắc")
    # The draft counts: 2 sent in Q1 (ended on 01/05), none yet in Q2 (in progress); the district
    # committee ceased on 30/06/2025 (units.yml), so it has no Q3 or Q4: its successor has.
    assert [td.get_text(strip=True) for td in row.select("td")] == [
        "2/3 chưa đạt", "0/3 đang diễn ra", "—", "—", "2"]
    assert soup(out, "chi-tieu/2024").h1.get_text(strip=True).endswith("năm 2024")
    years = page.select(".dh-quota nav a")  # the other report years, each a page of its own
    assert [a.get_text() for a in years] == ["2024"]
    assert (out / "chi-tieu" / years[0]["href"] / "index.html").resolve() == out / "chi-tieu/2024/index.html"
    assert "chi-tieu/" in [a["href"] for a in soup(out, "").select("nav a.md-tabs__link")]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            assert "SENTINEL" not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.checkers
@pytest.mark.browser
def test_published_quota_pages_pass_the_nu_html_checker_and_axe(quota_site):
    from support.checkers import axe_check, chromium_context, nu_html_check, serve

    errors = [e for e in nu_html_check(quota_site) if e["file"].startswith("chi-tieu/")]
    assert not errors, "\n".join(f"{e['file']}:{e['line']}: {e['message']}" for e in errors)
    with serve(quota_site) as base, chromium_context() as browser:
        page = browser.new_page()
        page.goto(base + "/chi-tieu/", wait_until="networkidle")
        violations = axe_check(page)
    blocking = [f"[{v['impact']}] {v['id']}: {v['help']} {v['targets'][:3]}" for v in violations
                if v["impact"] in ("serious", "critical")]
    assert not blocking, "\n".join(blocking)


@pytest.mark.checkers
@pytest.mark.browser
def test_statistics_page_in_chromium_axe_print_and_no_third_party(sample_site):
    from support.checkers import axe_check, chromium_context, serve

    with serve(sample_site) as base, chromium_context(viewport={"width": 390, "height": 844}) as browser:
        page = browser.new_page()  # a phone's width
        page.goto(base + "/thong-ke/", wait_until="networkidle")
        violations = axe_check(page)
        chart = page.locator("section[aria-labelledby='movement'] svg")
        assert chart.bounding_box()["width"] <= 390
        # On a phone the label of the longest bar still fits the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        page.emulate_media(media="print")
        printed = [page.locator(f"section[aria-labelledby='{key}'] {part}").is_visible()
                   for key in ("field-by-kind", "year") for part in ("svg", "table")]
        third_party, console = browser.third_party_requests, browser.console_errors
    blocking = [f"[{v['impact']}] {v['id']}: {v['help']} {v['targets'][:3]}" for v in violations
                if v["impact"] in ("serious", "critical")]
    assert not blocking, "\n".join(blocking)
    assert not overflow
    assert printed == [True] * 4
    assert not third_party and not console
