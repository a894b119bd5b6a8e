"""engine/mkdocs.py: the one boundary with MkDocs + Material. Documents and pending pages
go in; every page comes out at its address inside the site's chrome; a rebuild with the
previous output runs the engine only when something it renders changed, and renders only
the pending pages whose key changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
import watchdog.events
from bs4 import BeautifulSoup
from markupsafe import escape

from site_builder.engine import mkdocs as engine
from site_builder.engine.mkdocs import EngineError, EngineSite, _ChangesObserver, build
from site_builder.site.documents import Document, PendingPage

REPO = Path(__file__).resolve().parents[2]  # mkdocs.yml and theme/ live here

SITE = EngineSite(
    name="Điển hình <b>tiên tiến</b>",
    url="https://dienhinh.example.vn/",
    description="Gương người tốt, việc tốt & điển hình",
    copyright="© 2026 Hội đồng Thi đua – Khen thưởng",
    extra={  # what the theme's overrides read, as the pipeline supplies it
        "sample_notice": "", "sample_badge": "Mẫu", "council": "Hội đồng Thi đua – Khen thưởng tỉnh",
        "footer_note": "", "feed_title": "Hồ sơ mới <b>", "search_box_label": "Tìm hồ sơ",
        "text_licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "photo_licence": {"name": "CC BY-NC 4.0", "url": ""},
    },
    nav=(("Trang chủ", ""), ("Giới thiệu", "gioi-thieu/")),
    date=dt.date(2026, 6, 30),
)

DOCUMENTS = [
    Document("", "Trang chủ", "Trang đầu", "<h1>Trang chủ</h1>\n<p>Chào mừng.</p>", in_nav="Trang chủ"),
    Document("gioi-thieu/", "Giới thiệu", "Về hội đồng", "<h1>Giới thiệu</h1>\n<p>Hội đồng tỉnh.</p>",
             in_nav="Giới thiệu", nav_order=1),
    Document("tim-kiem/", "Tìm kiếm", "Tìm hồ sơ", "<h1>Tìm kiếm</h1>\n<p>Ô tìm kiếm.</p>"),
]


def pending(url: str, title: str, key: str = "v1") -> PendingPage:
    return PendingPage(url, title, f"Hồ sơ {title}", key=key, template="profile.html",
                       context={"story": f"Câu chuyện của {title}."})


PENDING = [
    pending("ho-so/nguyen-thi-hoa/", "Nguyễn Thị Hoa"),
    pending("ho-so/hop-tac-xa-ham-duc/", "HTX <b>Hàm Đức</b> & bạn"),
    pending("du-lieu/", "Dữ liệu mở"),
]


class Renderer:
    """Renders a pending page's body (HTML, escaped as the Jinja templates do), counting
    which pages it was asked for."""

    def __init__(self):
        self.rendered: list[str] = []

    def __call__(self, page: PendingPage) -> Document:
        self.rendered.append(page.url)
        return Document(page.url, page.title, page.description,
                        f"<h1>{escape(page.title)}</h1>\n<p>{escape(page.context['story'])}</p>", head=page.head)


def page(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def run(tmp: Path, name: str, pending_pages=PENDING, documents=DOCUMENTS, previous=None):
    renderer = Renderer()
    work = tmp / name
    (work / "docs").mkdir(parents=True)
    (work / "site").mkdir()
    result = build(list(documents), list(pending_pages), renderer, SITE, REPO, work / "docs", work / "site",
                   previous)
    return result, renderer, work / "site"


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One real MkDocs build of the tiny site, shared by the tests that read it."""
    tmp = tmp_path_factory.mktemp("engine")
    epoch_before = os.environ.get("SOURCE_DATE_EPOCH")
    result, renderer, site_dir = run(tmp, "first")
    return tmp, result, renderer, site_dir, epoch_before


# --- A first build ---------------------------------------------------------------------------


def test_every_document_and_pending_page_is_written_at_its_address_with_its_title_and_body(first):
    _, _, _, site_dir, _ = first
    expected = [(d.url, d.title, d.body.split("<p>")[1].removesuffix("</p>")) for d in DOCUMENTS]
    expected += [(p.url, p.title, p.context["story"]) for p in PENDING]
    for url, title, text in expected:
        html = page(site_dir, url)
        assert html.title.get_text().startswith(title), url
        assert html.find("p", string=text) is not None, url


def test_every_page_sits_inside_the_sites_chrome(first):
    _, _, _, site_dir, _ = first
    for url in ["", "gioi-thieu/", "tim-kiem/", *(p.url for p in PENDING)]:
        html = page(site_dir, url)
        assert html.html["lang"] == "vi"
        assert html.select_one("header.md-header") is not None, url
        assert html.select_one("footer.md-footer") is not None, url
        tabs = [a.get_text(strip=True) for a in html.select(".md-tabs a")]
        assert tabs == ["Trang chủ", "Giới thiệu"], url
        assert html.select_one("article").h1 is not None, url


def test_links_in_the_chrome_are_relative_to_each_pages_own_depth(first):
    _, _, _, site_dir, _ = first
    for url in ["tim-kiem/", "ho-so/nguyen-thi-hoa/"]:
        html = page(site_dir, url)
        stylesheets = [link["href"] for link in html.find_all("link", rel="stylesheet")]
        for href in stylesheets:
            if not href.startswith("http"):
                assert (site_dir / url / href.split("?")[0]).resolve().is_file(), (url, href)


def test_no_trace_of_the_shell_pages_is_left_in_the_site(first):
    _, result, _, site_dir, _ = first
    assert not [p for p in site_dir.rglob("*") if "dh-shell" in p.name]
    for path in site_dir.rglob("*.html"):
        assert "dh-shell" not in path.read_text(encoding="utf-8"), path
    assert not any("dh-shell" in path for path in result.files)


def test_the_result_names_every_file_and_counts_the_pages(first):
    _, result, renderer, site_dir, _ = first
    on_disk = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    assert set(result.files) == on_disk
    assert result.written == on_disk
    assert result.rendered == 2  # the pages in the navigation
    assert result.filled == 1 + len(PENDING)
    assert result.reused == 0
    assert sorted(renderer.rendered) == sorted(p.url for p in PENDING)


def test_text_crossing_into_the_engine_is_html_escaped(first):
    _, _, _, site_dir, _ = first
    text = (site_dir / "ho-so/hop-tac-xa-ham-duc/index.html").read_text(encoding="utf-8")
    assert "<title>HTX &lt;b&gt;Hàm Đức&lt;/b&gt; &amp; bạn" in text
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "Điển hình &lt;b&gt;tiên tiến&lt;/b&gt;" in home  # the site's name
    assert 'title="Hồ sơ mới &lt;b&gt;"' in home  # an `extra` value the theme prints
    for path in site_dir.rglob("*.html"):
        assert "<b>tiên tiến</b>" not in path.read_text(encoding="utf-8"), path


def test_the_engines_clock_is_pinned_only_while_it_runs(first):
    """SOURCE_DATE_EPOCH is set to the content's date for MkDocs, then put back as it was."""
    _, _, _, _, epoch_before = first
    assert os.environ.get("SOURCE_DATE_EPOCH") == epoch_before


# --- A rebuild with the previous output -----------------------------------------------------------------


def test_a_rebuild_with_nothing_changed_neither_runs_the_engine_nor_writes_a_pending_page(first):
    tmp, result, _, _, _ = first
    again, renderer, site_dir = run(tmp, "unchanged", previous=result.output)
    assert again.rendered == 0
    assert again.reused == len(PENDING) + 1  # and the one filled page (the search page): the same bytes
    assert renderer.rendered == []
    # Nothing is written: the pages outside both the navigation and the pending pages are made
    # again, and written only when their bytes changed.
    assert again.written == set()
    assert {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()} == again.written
    # ...and the result still names every file of the site, with the same tokens.
    assert again.files == result.files


def test_changing_one_pending_pages_key_renders_only_that_page(first):
    tmp, result, _, _, _ = first
    changed = [pending("ho-so/nguyen-thi-hoa/", "Nguyễn Thị Hoa", key="v2"), *PENDING[1:]]
    again, renderer, site_dir = run(tmp, "one-changed", pending_pages=changed, previous=result.output)
    assert again.rendered == 0
    assert renderer.rendered == ["ho-so/nguyen-thi-hoa/"]
    assert again.reused == len(PENDING) - 1 + 1  # the filled search page has the same bytes
    assert again.written == {"ho-so/nguyen-thi-hoa/index.html"}
    assert again.files["ho-so/nguyen-thi-hoa/index.html"] != result.files["ho-so/nguyen-thi-hoa/index.html"]
    assert page(site_dir, "ho-so/nguyen-thi-hoa/").find("p", string="Câu chuyện của Nguyễn Thị Hoa.")



def test_a_filled_page_whose_bytes_changed_is_written_again(first):
    tmp, result, _, _, _ = first
    changed = [*DOCUMENTS[:2], Document("tim-kiem/", "Tìm kiếm", "Tìm hồ sơ", "<h1>Tìm kiếm</h1>\n<p>Ô tìm mới.</p>")]
    again, _, site_dir = run(tmp, "filled-changed", documents=changed, previous=result.output)
    assert again.written == {"tim-kiem/index.html"}
    assert again.files["tim-kiem/index.html"] != result.files["tim-kiem/index.html"]
    assert page(site_dir, "tim-kiem/").find("p", string="Ô tìm mới.")


# --- Mistakes ----------------------------------------------------------------------------------------------


def test_two_pages_on_one_address_are_refused_naming_both(tmp_path):
    clash = [*DOCUMENTS, Document("gioi-thieu/", "Giới thiệu (bản cũ)", "", "<p>cũ</p>")]
    with pytest.raises(EngineError, match=re.escape("/gioi-thieu/: 'Giới thiệu' and 'Giới thiệu (bản cũ)'")):
        run(tmp_path, "clash", documents=clash)
    assert not any((tmp_path / "clash" / "site").iterdir())


def test_a_document_and_a_pending_page_on_one_address_are_refused_naming_both(tmp_path):
    clash = [*PENDING, pending("tim-kiem/", "Tìm kiếm nâng cao")]
    with pytest.raises(EngineError, match=re.escape("'Tìm kiếm' and 'Tìm kiếm nâng cao'")):
        run(tmp_path, "clash", pending_pages=clash)


@pytest.fixture
def engine_named(monkeypatch):
    def choose(name: str) -> None:
        monkeypatch.setattr(engine, "ENGINE_NAME", name)
        engine._engine_module.cache_clear()

    yield choose
    monkeypatch.undo()
    engine._engine_module.cache_clear()


def test_an_unknown_engine_is_an_engine_error_for_the_command_to_report(tmp_path, engine_named):
    engine_named("jekyll")
    with pytest.raises(EngineError, match="SITE_BUILDER_ENGINE must be 'mkdocs' or 'properdocs', not 'jekyll'"):
        run(tmp_path, "unknown")


def test_a_page_the_theme_cannot_render_is_an_engine_error(tmp_path):
    site = dataclasses.replace(SITE, extra={})  # theme/overrides/partials/copyright.html reads text_licence.url
    with pytest.raises(EngineError):
        build(list(DOCUMENTS), [], Renderer(), site, REPO, tmp_path / "docs", tmp_path / "site")


def test_the_preview_watcher_sees_saves_additions_and_deletions_but_not_reads(tmp_path):
    """A build reads the folders it watches; a read taken for a change would start the next build."""
    watched = tmp_path / "content"
    (watched / "hoa").mkdir(parents=True)
    story = watched / "hoa" / "index.md"
    story.write_text("Câu chuyện.\n", encoding="utf-8")
    seen: list[str] = []
    arrived = threading.Event()

    def record(event):
        seen.append(f"{type(event).__name__} {os.path.relpath(event.src_path, watched)}")
        arrived.set()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = record
    observer = _ChangesObserver()
    observer.schedule(handler, str(watched), recursive=True)
    observer.start()
    try:
        def after(action) -> list[str]:
            time.sleep(0.3)
            seen.clear()
            arrived.clear()
            action()
            arrived.wait(2)
            time.sleep(0.3)
            return sorted(seen)

        assert after(lambda: (story.read_text(encoding="utf-8"), list(os.walk(watched)))) == []
        assert "FileModifiedEvent hoa/index.md" in after(lambda: story.write_text("Mới.\n", encoding="utf-8"))
        incoming = tmp_path / "incoming"
        incoming.mkdir()
        (incoming / "index.md").write_text("Hồ sơ mới.\n", encoding="utf-8")
        assert "FileCreatedEvent moi/index.md" in after(lambda: os.rename(incoming, watched / "moi"))
        assert "FileDeletedEvent moi/index.md" in after(lambda: shutil.rmtree(watched / "moi"))
    finally:
        observer.stop()
        observer.join()
