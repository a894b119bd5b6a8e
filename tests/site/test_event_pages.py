"""The honouring events on the site: /su-kien/, each event's page, the profile pages' "honoured at",
the open data and JSON-LD, and that a withheld honouree is counted, never named."""

from __future__ import annotations

import gzip
import json

import brotli

import jsonschema
import pytest
from bs4 import BeautifulSoup

from site_builder.content.text import fold, sort_key

CONGRESS = "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025"
CONFERENCE = "hoi-nghi-dien-hinh-tien-tien-toan-quoc-2023"


def page(site, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def withheld_honourees(sample) -> list:
    """The profiles on some event's list that are not public (the sample has at least one)."""
    public = {p.slug for p in sample.profiles}
    on_lists = {h.profile for e in sample.content.events.events for h in e.honourees}
    withheld = [p for p, _reason in sample.withheld if p.slug in on_lists and p.slug not in public]
    assert withheld, "the sample must keep a withheld profile on an event's list"
    return withheld


def test_the_events_page_lists_the_events_newest_first(sample_site):
    links = [a["href"] for a in page(sample_site, "su-kien").select(".dh-event-list h2 a")]
    assert links == [f"../su-kien/{CONGRESS}/", f"../su-kien/{CONFERENCE}/"]
    assert "su-kien/" in [a["href"] for a in page(sample_site, "").select("nav a.md-tabs__link")]


def test_an_event_page_shows_its_facts_counts_and_public_honourees(sample_site, sample):
    html = page(sample_site, f"su-kien/{CONGRESS}")
    event = sample.content.events.by_slug()[CONGRESS]
    public = {p.slug: p for p in sample.profiles}
    shown = [h for h in event.honourees if h.profile in public]
    rows = html.select("table[data-event-table] tbody tr")
    assert [r.select("td")[1].get_text() for r in rows] == [public[h.profile].name for h in shown]
    assert html.h1.get_text() == "Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I"
    assert "Quyết định số 2150/QĐ-UBND ngày 15/09/2025" in html.select_one(".dh-facts").get_text()
    withheld = len(event.honourees) - len(shown)
    assert html.select_one(".dh-event-total").get_text() == f"{len(shown)} điển hình và {withheld} điển hình khác"
    headings = [h.get_text() for h in html.select(".dh-event-counts h3")]
    assert headings == ["Theo đối tượng", "Theo lĩnh vực", "Theo đoàn", "Theo nhóm"]
    kinds = {li.contents[0].strip(): int(li.select_one(".dh-count").get_text())
             for li in html.select(".dh-event-counts section")[0].select("li")}
    assert sum(kinds.values()) == len(shown)
    assert html.select_one(".dh-gallery img")["alt"]
    search = html.find("a", string="Tìm trong các điển hình của sự kiện")
    assert search["href"] == f"../../tim-kiem/?su-kien={CONGRESS}"  # the search page's event filter


@pytest.mark.checkers
def test_the_event_pages_pass_the_nu_html_checker(sample_site):
    from support.checkers import nu_html_check

    errors = nu_html_check(sample_site / "su-kien")
    assert not errors, "\n".join(f"{e['file']}:{e['line']}: {e['message']}" for e in errors)


def test_a_withheld_honouree_is_never_named_in_any_public_file(sample_site, sample):
    """A byte scan of every file of the site, compressed copies included."""
    names = [p.name for p in withheld_honourees(sample) if p.name not in {q.name for q in sample.profiles}]
    slugs = [p.slug for p in withheld_honourees(sample)]
    private = [str(v) for p in sample.content.profiles for v in p.private.values() if len(str(v)) >= 6]
    for path in sample_site.rglob("*"):
        if not path.is_file() or path.suffix in (".jpg", ".webp", ".png", ".woff2", ".pf_fragment", ".pf_index",
                                                 ".pf_meta", ".pagefind", ".epub", ".pdf"):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        elif path.suffix == ".br":
            data = brotli.decompress(data)
        text = data.decode("utf-8", errors="replace")
        for value in (*names, *slugs, *private):
            assert value not in text, (value, path)


def test_each_honoured_profile_says_where_it_was_honoured(sample_site):
    honours = page(sample_site, "ho-so/nguyen-thi-hoa").select_one(".dh-honours li")
    assert honours.get_text() == ("Được tôn vinh tại Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I "
                                  "(29/09/2025)")
    assert honours.a["href"] == f"../../su-kien/{CONGRESS}/"
    both = [li.get_text() for li in page(sample_site, "ho-so/hoang-van-loc").select(".dh-honours li")]
    assert both == ["Được tôn vinh tại Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I (29/09/2025)",
                    "Được tỉnh đề xuất tôn vinh tại Hội nghị điển hình tiên tiến toàn quốc năm 2023 (11/06/2023)"]
    assert page(sample_site, "ho-so/lam-thi-man").select_one(".dh-honours") is None  # on no list


def test_the_event_page_describes_a_schema_org_event(sample_site):
    scripts = page(sample_site, f"su-kien/{CONGRESS}").select('script[type="application/ld+json"]')
    entities = [json.loads(s.string) for s in scripts]
    (event,) = [e for e in entities if e.get("@type") == "Event"]
    assert (event["name"], event["startDate"], event["location"]["name"], event["organizer"]["name"]) == (
        "Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I", "2025-09-29",
        "Trung tâm Hội nghị tỉnh, phường Xuân Hương – Đà Lạt", "Ủy ban nhân dân tỉnh Lâm Đồng")
    assert all(a["@id"].endswith("/#subject") for a in event["about"])


def test_the_open_data_has_the_events_valid_against_their_schema(sample_site, sample):
    data = json.loads((sample_site / "du-lieu/su-kien.json").read_text(encoding="utf-8"))
    schema = json.loads((sample_site / "du-lieu/su-kien.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert [e["id"] for e in data["events"]] == [CONGRESS, CONFERENCE]
    congress = data["events"][0]
    assert congress["withheld_count"] == len(withheld_honourees(sample))
    csv_text = (sample_site / "du-lieu/su-kien.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("event_id,event_name,event_start")
    assert len(csv_text.splitlines()) == 1 + sum(len(e["honourees"]) for e in data["events"])
    links = [a["href"] for a in page(sample_site, "du-lieu").select("a")]
    assert any(href.endswith("su-kien.json") for href in links)


@pytest.mark.browser
@pytest.mark.checkers
def test_the_event_table_sorts_and_filters_in_chromium_and_passes_axe(sample_site):
    from support.checkers import axe_check, chromium_context, serve

    with serve(sample_site) as base, chromium_context(viewport={"width": 390, "height": 844}) as browser:
        tab = browser.new_page()
        tab.goto(f"{base}/su-kien/{CONGRESS}/", wait_until="networkidle")
        names = lambda: tab.eval_on_selector_all(  # noqa: E731
            "table[data-event-table] tbody tr:not([hidden]) td:nth-child(2)", "cells => cells.map(c => c.textContent)")
        listed = names()
        tab.get_by_role("button", name="Tên").click()
        ascending = names()
        tab.get_by_role("button", name="Tên").click()
        descending = names()
        sort_state = tab.get_attribute("th:nth-child(2)", "aria-sort")
        first = listed[0]
        tab.fill("[data-event-filter] input[name=q]", fold(first))  # typed without diacritics
        filtered = names()
        status = tab.text_content(".dh-event-shown")
        violations = axe_check(tab)
        third_party, console = browser.third_party_requests, browser.console_errors
    assert len(listed) >= 2
    assert ascending == sorted(listed, key=sort_key) and descending == ascending[::-1]
    assert sort_state == "descending"
    assert filtered == [first] and status == f"Đang hiện 1 trong {len(listed)} điển hình"
    blocking = [f"[{v['impact']}] {v['id']}: {v['help']} {v['targets'][:3]}" for v in violations
                if v["impact"] in ("serious", "critical")]
    assert not blocking, "\n".join(blocking)
    assert not third_party and not console
