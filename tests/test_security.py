"""Hostile input: every payload ends as a clean error or as inert text, never as a live script."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support.checkers import chromium_context, serve

from site_builder.content.load import load_content
from site_builder.pipeline.run import BuildOptions, build_site

# Each payload, if it ever ran, would set window.__xss or open a dialog.
PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<svg onload=\"window.__xss=1\"></svg>",
    "\"><script>window.__xss=1</script>",
    "'><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<a href=\"javascript:window.__xss=1\">bấm</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<details open ontoggle=\"window.__xss=1\">",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "{{ config }}{% raw %}",
    "<!-- <script>alert(1)</script> -->",
    "<body onload=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
]
STORY_PAYLOADS = PAYLOADS + [
    "[bấm vào đây](javascript:window.__xss=1)",
    "![ảnh](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<div style=\"position:fixed;top:0\" onclick=\"alert(1)\">phủ</div>",
]


def yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_profile(index: int, payload: str) -> str:
    q = yaml_text(payload)
    return f"""
kind: ho-gia-dinh
name: Hộ thử dữ liệu độc hại {index}
summary: Hộ gia đình dùng để thử dữ liệu độc hại ở mọi trường khác.
fields: [nong-nghiep]
movements: [nong-thon-moi]
locality: ham-thuan-bac
unit: ubnd-huyen-ham-thuan-bac
submitted: 15/03/2024
stage: nhan-rong
status: published
consent: {{given: true}}
photos:
  - file: a.jpg
    alt: {q}
    caption: {q}
    credit: {q}
awards:
  - award: bang-khen-chu-tich-ubnd-tinh
    decision: {q}
    date: 19/05/2023
    issuer: {q}
achievements: [{q}]
sources:
  - title: {q}
    publisher: {q}
corrections:
  - date: 01/06/2024
    text: {q}
members:
  - name: {q}
    role: {q}
id: ho-doc-hai-{index}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import ContentFolder

    root = tmp_path_factory.mktemp("hostile")
    content = ContentFolder(root / "content")
    for index, payload in enumerate(PAYLOADS):
        story = "\n\n".join(["Câu chuyện **bình thường**.", *STORY_PAYLOADS])
        content.profile(f"p{index}", hostile_profile(index, payload), story=story, photos=("a.jpg",))
    _, problems = load_content(content.root)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    out = root / "site"
    build_site(BuildOptions(content.root, out, dt.date(2025, 1, 1), cache_dir=root / "cache"))
    return out, problems


def test_raw_html_in_stories_is_reported_to_the_editor(hostile_site):
    _, problems = hostile_site
    warnings = [w for w in problems.warnings if "not allowed" in w.message]
    assert len(warnings) == len(PAYLOADS)
    assert all(w.line > 1 for w in warnings)


def scripts_of(path: Path) -> list:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all("script")


def test_no_live_markup_in_any_built_page(hostile_site, sample_site):
    site, _ = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    # The theme's own scripts, as on a harmless profile page of the sample site.
    theme_scripts = len(scripts_of(sample_site / "ho-so/nguyen-thi-hoa/index.html"))
    for index in range(len(PAYLOADS)):
        assert len(scripts_of(site / f"ho-so/ho-doc-hai-{index}/index.html")) == theme_scripts
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "://" not in script.get("src", ""), (path, str(script)[:200])
            if script.get("type") == "application/ld+json":  # JSON-LD is data, never run: it must stay
                assert "<" not in script.string, (path, str(script)[:200])  # JSON that cannot end the element
                json.loads(script.string)
                continue
            assert "__xss" not in script.get_text() and "alert(" not in script.get_text(), (path, str(script)[:200])
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (path, str(tag)[:200])
                text = " ".join(value) if isinstance(value, list) else str(value)
                if attribute in ("href", "src", "action", "data", "xlink:href", "formaction"):
                    assert not text.strip().lower().startswith(("javascript:", "data:")), (path, str(tag)[:200])
        content = soup.select_one("article, .dh-listing, .dh-home, .dh-section") or soup
        for own in content.select("form.dh-search__form"):  # the search page's own form (theme/templates/search.html)
            own.decompose()
        assert not content.find_all(["iframe", "object", "embed", "style", "form", "math", "details"]), path


def test_payloads_are_shown_as_text(hostile_site):
    site, _ = hostile_site
    page = BeautifulSoup((site / "ho-so/ho-doc-hai-0/index.html").read_text(encoding="utf-8"), "html.parser")
    assert PAYLOADS[0] in page.select_one(".dh-awards td:nth-of-type(2)").get_text()  # the editor's words, inert
    assert PAYLOADS[0] in page.select_one("article").get_text()


def test_markup_in_a_name_or_summary_is_an_error_naming_the_file_and_line(content):
    for index, payload in enumerate(PAYLOADS):
        front = hostile_profile(index, payload).replace(
            f"name: Hộ thử dữ liệu độc hại {index}", f"name: {yaml_text('Hộ ' + payload)}").replace(
            "summary: Hộ gia đình dùng để thử dữ liệu độc hại ở mọi trường khác.", f"summary: {yaml_text(payload)}")
        content.profile(f"p{index}", front, photos=("a.jpg",))
    _, problems = load_content(content.root)
    refused = {(Path(p.path).parent.name, p.line) for p in problems.errors if "contains markup" in p.message}
    markup = [i for i, payload in enumerate(PAYLOADS) if "<" in payload]
    assert {(f"p{i}", 3) for i in markup} <= refused and {(f"p{i}", 4) for i in markup} <= refused


@pytest.mark.checkers
@pytest.mark.browser
def test_no_payload_runs_in_a_real_browser(hostile_site):
    site, _ = hostile_site
    dialogs: list[str] = []
    with serve(site) as base, chromium_context() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for url in ["/", "/ho-so/", *(f"/ho-so/ho-doc-hai-{i}/" for i in range(len(PAYLOADS)))]:
            page.goto(base + url, wait_until="load")
            page.wait_for_timeout(50)
            page.mouse.click(5, 5)
            assert page.evaluate("window.__xss === undefined"), url
    assert dialogs == []


def test_huge_and_deep_and_misencoded_files_are_errors_not_crashes(content):
    folder = content.root / "profiles"
    (folder / "huge").mkdir()
    (folder / "huge" / "index.md").write_text("---\nname: x\n---\n" + "a" * 1_200_000, encoding="utf-8")
    (folder / "deep").mkdir()
    (folder / "deep" / "index.md").write_text("---\nname: " + "[" * 200 + "]" * 200 + "\n---\n", encoding="utf-8")
    (folder / "bomb").mkdir()
    (folder / "bomb" / "index.md").write_text(
        "---\n" + "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n" if i else "l0: &l0 [x]\n" for i in range(30))
        + "---\n", encoding="utf-8")
    (folder / "bytes").mkdir()
    (folder / "bytes" / "index.md").write_bytes(b"---\nname: \xc3\x28\n---\n")
    (folder / "empty").mkdir()
    (folder / "empty" / "index.md").write_text("---\n---\n", encoding="utf-8")
    _, problems = load_content(content.root)
    by_folder = {Path(p.path).parent.name: p.message for p in problems.errors}
    assert "over the limit" in by_folder["huge"]
    assert "nested deeper" in by_folder["deep"]
    assert "aliases" in by_folder["bomb"]
    assert "UTF-8" in by_folder["bytes"]
    assert "empty" in by_folder["empty"]
