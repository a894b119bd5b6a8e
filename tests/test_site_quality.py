"""The built sample site, judged by checkers nobody in this project wrote.

`sample_site` (tests/conftest.py) is the directory of the built sample site. The checkers are
installed by `bash scripts/setup.sh --test`; see tests/support/checkers.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.checkers import (
    axe_check,
    chromium_context,
    link_check,
    nu_html_check,
    serve,
)

pytestmark = pytest.mark.checkers

BLOCKING_IMPACTS = ("serious", "critical")


def _first_page(site: Path, pattern: str) -> str:
    """The URL path ("/a/b/") of the first file matching `pattern` (".../index.html") in the site."""
    found = sorted(site.glob(pattern))
    if not found:
        pytest.fail(f"the sample site has no page matching {pattern} in {site}")
    return "/" + found[0].parent.relative_to(site).as_posix() + "/"


@pytest.fixture(scope="module")
def pages(sample_site: Path) -> dict[str, str]:
    """The pages the browser tests open: the home page, an index page and a profile page."""
    return {
        "home": "/",
        "index": _first_page(sample_site, "linh-vuc/*/index.html"),
        "profile": _first_page(sample_site, "ho-so/*/index.html"),
        # A current unit's page: its profiles in blocks under their former names, its history.
        "locality": "/dia-phuong/dac-khu-phu-quy/",
        "statistics": "/thong-ke/",
    }


@pytest.fixture(scope="module")
def base_url(sample_site: Path):
    with serve(sample_site) as url:
        yield url


def test_nu_html_checker_reports_no_errors(sample_site: Path):
    errors = nu_html_check(sample_site)
    listing = "\n".join(f"  {e['file']}:{e['line']}:{e['column']}: {e['message']}" for e in errors)
    assert not errors, f"Nu Html Checker: {len(errors)} error(s):\n{listing}"


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["home", "index", "profile", "locality", "statistics"])
def test_axe_finds_no_serious_or_critical_violations(kind: str, pages, base_url: str):
    url = base_url + pages[kind]
    with chromium_context() as browser:
        page = browser.new_page()
        page.goto(url, wait_until="load")
        violations = axe_check(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    listing = "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['targets'])} node(s): {', '.join(v['targets'][:5])})"
        for v in violations
    )
    assert not blocking, f"axe-core on {pages[kind]}: {len(blocking)} serious/critical of {len(violations)}:\n{listing}"


def test_linkchecker_finds_no_broken_links_or_anchors(sample_site: Path):
    broken = link_check(sample_site)
    listing = "\n".join(f"  {line}" for line in broken)
    assert not broken, f"LinkChecker: {len(broken)} broken link(s) or anchor(s):\n{listing}"


@pytest.mark.browser
def test_pages_load_with_no_third_party_requests_or_console_errors(pages, base_url: str):
    with chromium_context() as browser:
        page = browser.new_page()
        for kind in ("home", "profile", "index"):
            page.goto(base_url + pages[kind], wait_until="load")
            page.wait_for_load_state("networkidle")
        third_party = list(dict.fromkeys(browser.third_party_requests))
        console_errors = list(dict.fromkeys(browser.console_errors))
    problems = [f"  request to another host: {u}" for u in third_party]
    problems += [f"  console error: {e}" for e in console_errors]
    assert not problems, f"loading {', '.join(pages.values())} in Chromium:\n" + "\n".join(problems)


@pytest.mark.browser
def test_on_a_phone_the_header_keeps_room_for_the_site_name(base_url: str):
    """At 412 px (a common phone) the header's search label is for screen readers only, and
    the site's name keeps almost a third of the width: before, it showed four letters."""
    with chromium_context(viewport={"width": 412, "height": 800}) as browser:
        page = browser.new_page()
        page.goto(base_url + "/", wait_until="load")
        sizes = page.evaluate("""() => {
          const box = (selector) => document.querySelector(selector).getBoundingClientRect();
          return {title: box('.md-header__title').width, label: [box('label[for=dh-header-q]').width,
                  box('label[for=dh-header-q]').height], form: box('.dh-header-search').width};
        }""")
    assert sizes["label"] == [1, 1], sizes  # visually hidden, still the input's accessible name
    assert sizes["title"] >= 0.3 * 412, sizes
    assert sizes["form"] >= 150, sizes  # the box still takes a name like "Nguyễn Thị Hoa"
