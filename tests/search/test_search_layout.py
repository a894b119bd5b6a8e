"""The search page does not jump when its results arrive: cumulative layout shift under 0.05.

Measured as Lighthouse measures it, in headless Chromium with a phone's viewport: the page is
opened with a query in its address (a shared search link), a PerformanceObserver sums every
'layout-shift' entry not caused by the reader's own input, from the first paint until the
results (and any suggestion) are on the page and have settled. The same for a query typed
into the box. Network and CPU are not slowed: the shifts come from where things are put, not
from when they arrive.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from support.checkers import chromium_context, serve

pytestmark = [pytest.mark.checkers, pytest.mark.browser]

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1350, "height": 940}}

# Before any script of the page: every shift from the start, and those within 0.5 s of an input
# left out (hadRecentInput), as the CLS metric does.
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({value: entry.value,
      sources: entry.sources.map((s) => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""

QUERIES = [
    "nguyen",  # more results than a page: the "more" button comes too
    "hoa",  # a few
    "nguyn thi hoa",  # none, with a suggestion
    "tran van dug",  # one or none, with a suggestion
]


@pytest.fixture(scope="module")
def site_url(sample_site: Path):
    with serve(sample_site) as url:
        yield url


def settled(page) -> None:
    page.wait_for_selector("[data-dh-search][data-state=results], [data-dh-search][data-state=empty]")
    page.wait_for_timeout(600)  # results appear one by one; the suggestion after them


def shift_total(page) -> tuple[float, list]:
    shifts = page.evaluate("window.__shifts")
    return sum(s["value"] for s in shifts), shifts


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("query", QUERIES)
def test_results_arriving_for_a_query_in_the_address_do_not_shift_the_page(site_url, screen, query):
    with chromium_context(**screen) as browser:
        page = browser.new_page()
        page.add_init_script(OBSERVE_SHIFTS)
        page.goto(f"{site_url}/tim-kiem/?q={quote(query)}")
        settled(page)
        total, shifts = shift_total(page)
        assert total < 0.05, f"{query!r}: cumulative layout shift {total:.3f}: {shifts}"


def test_results_arriving_for_a_typed_query_do_not_shift_the_page(site_url):
    with chromium_context(**PHONE) as browser:
        page = browser.new_page()
        page.add_init_script(OBSERVE_SHIFTS)
        page.goto(f"{site_url}/tim-kiem/")
        page.wait_for_selector("[data-dh-search][data-ready]")
        for query in QUERIES:
            page.evaluate("window.__shifts = []")
            page.locator("#dh-search-q").fill("")
            page.locator("#dh-search-q").press_sequentially(query)
            page.wait_for_function("(q) => document.querySelector('[data-dh-search]').dataset.query === q", arg=query)
            settled(page)
            # Shifts more than 0.5 s after the last key count: the results arrive after that on a slow phone.
            total, shifts = shift_total(page)
            assert total < 0.05, f"{query!r}: cumulative layout shift {total:.3f}: {shifts}"
