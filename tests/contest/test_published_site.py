"""The sample site's contest pages, results file and feed; and, in every byte of the built site,
no private value, no entry that did not win, and no phone number of an entrant."""

from __future__ import annotations

import json
import os

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_CONTENT
from support.contest import load, taxonomies  # noqa: F401 (fixture)

from site_builder.contest.privacy import digits

SCREENSHOT = REPO / "screenshots" / "contest-results-phone.png" if os.environ.get("SITE_BUILDER_SCREENSHOTS") else None

PAGE = "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/"


def test_the_results_page_shows_rules_timeline_counts_and_winners(sample_site):
    soup = BeautifulSoup((sample_site / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.dh-contest")
    assert article.h1.get_text() == 'Cuộc thi viết "Gương người tốt quanh ta" năm 2026'
    text = article.get_text(" ", strip=True)
    assert "Sơ khảo 20/05/2026" in text and "Công bố kết quả 20/06/2026" in text
    assert "Tổng số: 12 bài" in text and "Đối tượng dự thi" in text
    winners = article.select("ul.dh-winners > li")
    assert [li.strong.get_text() for li in winners] == ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích",
                                                        "Giải Khuyến khích"]
    assert " ".join(winners[0].get_text(" ").split()) == ("Giải Nhất : Người giữ lửa nơi đảo xa (Bài viết), tác giả Võ Thị "
                                                    "Thanh Tâm. Nhân vật: Lê Văn Hải , Đặc khu Phú Quý.")
    links = {a.get_text(): a["href"] for a in article.select("ul.dh-winners a")}
    assert links["Người giữ lửa nơi đảo xa"] == "../../cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0001/"
    assert links["Lê Văn Hải"] == "../../ho-so/le-van-hai/"
    assert "Mái ấm của những đứa trẻ mồ côi" not in links  # no consent: named, not published
    assert not (sample_site / PAGE / "gnt-0005").exists()
    entry = (sample_site / PAGE / "gnt-0001" / "index.html").read_text(encoding="utf-8")
    assert "Võ Thị Thanh Tâm" in entry and "Sáng nào cũng vậy" in entry


def test_the_results_are_in_the_open_data_and_a_feed(sample_site):
    record = json.loads((sample_site / "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.json").read_text("utf-8"))
    assert record["received"] == 12 and [w["code"] for w in record["winners"]] == [
        "GNT-0001", "GNT-0002", "GNT-0003", "GNT-0004", "GNT-0005"]
    assert record["winners"][4]["url"] is None
    csv = (sample_site / "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.csv").read_text("utf-8-sig")
    assert csv.splitlines()[0] == "code,prize,title,author,genre,exemplar,locality,profile_url,url"
    assert len(csv.splitlines()) == 6
    feed = (sample_site / PAGE / "feed.xml").read_text("utf-8")
    assert feed.count("<entry>") == 5 and "Giải Nhất: Người giữ lửa nơi đảo xa" in feed


def test_no_byte_of_the_built_site_holds_a_private_value_or_an_entry_that_did_not_win(sample_site, taxonomies):
    contest = load(SAMPLE_CONTENT, taxonomies)[0][0]
    secrets = set(contest.private_values()) | set(contest.committee)
    secrets |= {digits(v) for v in contest.private_values() if digits(v).startswith("0") and len(digits(v)) >= 10}
    for entry in contest.entries:
        if entry.state != "awarded":
            secrets |= {entry.title, entry.author}
    leaks = []
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix not in (".gz", ".br"):  # compressed copies of the files scanned
            data = path.read_bytes()
            leaks += [f"{path}: {s}" for s in secrets if s.encode("utf-8") in data]
    assert not leaks, leaks


@pytest.mark.browser
@pytest.mark.checkers
def test_the_results_page_reads_on_a_phone_and_passes_axe(sample_site):
    from support.checkers import axe_check, chromium_context, serve

    with serve(sample_site) as base, chromium_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                                      is_mobile=True, has_touch=True) as context:
        page = context.new_page()
        for path in (PAGE, PAGE + "gnt-0001/", "cuoc-thi/"):
            page.goto(f"{base}/{path}")
            assert axe_check(page) == [], path
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path  # nothing wider than the phone
        page.goto(f"{base}/{PAGE}")
        if SCREENSHOT:
            page.evaluate("window.scrollTo(0, document.getElementById('ket-qua').getBoundingClientRect().top"
                          " + window.scrollY - 80)")
            page.screenshot(path=str(SCREENSHOT), animations="disabled")
        assert context.third_party_requests == [] and context.console_errors == []
