"""Material's stylesheets trimmed to what the site can use (site_builder/engine/css_trim.py):
the rules, and the proof that the pages look the same with the whole and the trimmed files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import material
import pytest
from PIL import Image, ImageChops
from support.checkers import chromium_context, serve

from site_builder.engine.css_trim import Vocabulary, trim_stylesheet, words

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def vocabulary(text: str, script: str = "") -> Vocabulary:
    return Vocabulary(names=frozenset(words(text)), attributes=frozenset(words(text) | words(script)))


def test_a_rule_for_a_class_no_page_has_is_dropped_and_one_the_pages_have_is_kept():
    css = ".md-admonition{color:red}.md-nav{color:blue}"
    assert trim_stylesheet(css, vocabulary('<nav class="md-nav">')) == ".md-nav{color:blue}"


def test_a_selector_list_keeps_only_the_selectors_that_can_match():
    css = ".md-tabs,.md-tooltip,h1{margin:0}"
    assert trim_stylesheet(css, vocabulary('<h1 class="md-tabs">')) == ".md-tabs,h1{margin:0}"


def test_element_names_ids_and_attribute_values_count_too():
    page = '<body dir="ltr"><p id="intro">'
    css = "kbd{font:mono}#intro{x:1}#other{x:2}[dir=rtl] p{x:3}[dir=ltr] p{x:4}"
    assert trim_stylesheet(css, vocabulary(page)) == "#intro{x:1}[dir=ltr] p{x:4}"


def test_what_a_script_sets_keeps_its_attribute_rules():
    css = "[data-md-state=lock]{overflow:hidden}"
    assert trim_stylesheet(css, vocabulary("<body>")) == ""
    assert trim_stylesheet(css, vocabulary("<body>", script='el.setAttribute("data-md-state", "lock")')) == css


def test_classes_inside_not_and_is_are_not_judged():
    css = ".md-nav:not(.md-missing){x:1}:is(.md-missing,.md-nav) a{x:2}"
    assert trim_stylesheet(css, vocabulary('<nav class="md-nav"><a>')) == css


def test_media_blocks_are_trimmed_inside_and_dropped_when_empty_other_at_rules_kept():
    css = ("@media screen and (min-width:76.25em){.md-nav{x:1}.md-gone{x:2}}@media print{.md-gone{x:3}}"
           "@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{0%{x:0}to{x:1}}")
    assert trim_stylesheet(css, vocabulary('<nav class="md-nav">')) == (
        "@media screen and (min-width:76.25em){.md-nav{x:1}}"
        "@font-face{font-family:X;src:url(x.woff2)}@keyframes spin{0%{x:0}to{x:1}}")


def test_custom_properties_nothing_uses_are_dropped_and_chains_kept():
    css = (":root{--md-a:red;--md-b:var(--md-c);--md-c:blue;--md-icon:url(x.svg);--md-own:1px}"
           ".md-nav{color:var(--md-a);background:var(--md-b)}.md-gone{mask:var(--md-icon)}")
    trimmed = trim_stylesheet(css, vocabulary('<nav class="md-nav">'), other_css=".dh-x{width:var(--md-own)}")
    assert trimmed == ":root{--md-a:red;--md-b:var(--md-c);--md-c:blue;--md-own:1px}" \
                      ".md-nav{color:var(--md-a);background:var(--md-b)}"


def test_important_and_values_survive():
    css = '.md-nav{color:red!important;content:"a b";font:1em/1.5 "Noto Sans",sans-serif}'
    assert trim_stylesheet(css, vocabulary('<nav class="md-nav">')) == css


def test_the_built_site_links_the_trimmed_stylesheet_much_smaller_and_no_map(sample_site: Path):
    folder = sample_site / "assets" / "stylesheets"
    main = [p for p in folder.glob("main.*.min.css")]
    assert len(main) == 1
    whole = next(MATERIAL_STYLESHEETS.glob("main.*.min.css"))
    assert main[0].stat().st_size < whole.stat().st_size / 2
    assert main[0].name != whole.name  # named by its own content: a cached whole file is not reused
    assert not list(folder.glob("*.map"))
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert f'href="assets/stylesheets/{main[0].name}"' in home and whole.name not in home
    assert '<script defer src="assets/javascripts/bundle.' in home
    not_found = (sample_site / "404.html").read_text(encoding="utf-8")  # links from the site's path
    assert f'href="/assets/stylesheets/{main[0].name}"' in not_found and whole.name not in not_found
    assert '<script defer src="/assets/javascripts/bundle.' in not_found


# --- The pages look the same --------------------------------------------------------------

PAGES = {"home": "/", "profile": None, "listing": None, "search": "/tim-kiem/?q=nguyen+thi+hoa",
         "statistics": "/thong-ke/"}
WIDTHS = (412, 1280)
# Pixels whose colour differs by more than THRESHOLD (of 255, any channel) may be at most
# TOLERANCE of the page: anti-aliasing of text may differ by a shade between two renderings.
THRESHOLD = 48
TOLERANCE = 0.001


def _page_paths(site: Path) -> dict[str, str]:
    first = {folder: sorted(p.name for p in (site / folder).iterdir() if (p / "index.html").is_file())[0]
             for folder in ("ho-so", "linh-vuc")}
    return {**PAGES, "profile": f"/ho-so/{first['ho-so']}/", "listing": f"/linh-vuc/{first['linh-vuc']}/"}


def _screenshot(page, url: str, search: bool) -> Image.Image:
    page.goto(url, wait_until="networkidle")
    if search:
        page.wait_for_selector("[data-dh-search][data-state=results]")
        page.wait_for_load_state("networkidle")  # the result thumbnails
    page.evaluate("document.fonts.ready")
    return Image.open(io.BytesIO(page.screenshot(full_page=True, animations="disabled"))).convert("RGB")


def _menu_screenshot(page, url: str) -> Image.Image:
    """The navigation drawer open (on a phone, the menu button), scrolled down: states of
    Material's script and of its CSS toggles that a page as loaded does not show."""
    page.goto(url, wait_until="networkidle")
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(300)
    page.evaluate("document.getElementById('__drawer').click()")
    page.wait_for_timeout(500)  # the drawer slides in (250 ms)
    return Image.open(io.BytesIO(page.screenshot(animations="disabled"))).convert("RGB")


def _whole_stylesheets(route):
    """Answer a request for a trimmed Material stylesheet with Material's whole file of that name."""
    name = re.match(r"([a-z]+)\.", route.request.url.rsplit("/", 1)[1]).group(1)
    route.fulfill(body=next(MATERIAL_STYLESHEETS.glob(f"{name}.*.min.css")).read_bytes(), content_type="text/css")


def _differing_share(before: Image.Image, after: Image.Image) -> float:
    assert before.size == after.size, f"page size {before.size} with the whole stylesheet, {after.size} trimmed"
    difference = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > THRESHOLD else 0)
    return difference.histogram()[255] / (before.width * before.height)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_look_the_same_with_the_whole_and_the_trimmed_stylesheet(sample_site: Path, width: int, tmp_path):
    shots: dict[str, dict[str, Image.Image]] = {"whole": {}, "trimmed": {}}
    with serve(sample_site, keep_alive=True) as base, \
            chromium_context(viewport={"width": width, "height": 900}) as browser:
        for kind in ("whole", "trimmed"):
            page = browser.new_page()
            if kind == "whole":
                page.route(re.compile(r".*/assets/stylesheets/[a-z]+\.[0-9a-f]{8}\.min\.css$"), _whole_stylesheets)
            for name, path in _page_paths(sample_site).items():
                shots[kind][name] = _screenshot(page, base + path, search=name == "search")
            shots[kind]["menu"] = _menu_screenshot(page, base + _page_paths(sample_site)["profile"])
            page.close()
        assert not browser.console_errors, browser.console_errors
    differing = {}
    for name in [*PAGES, "menu"]:
        share = _differing_share(shots["whole"][name], shots["trimmed"][name])
        if share > TOLERANCE:
            differing[name] = share
            shots["whole"][name].save(tmp_path / f"{name}-{width}-whole.png")
            shots["trimmed"][name].save(tmp_path / f"{name}-{width}-trimmed.png")
    assert not differing, f"at {width} px these pages look different trimmed (share of pixels; PNGs in {tmp_path}): " \
                          f"{differing}"
