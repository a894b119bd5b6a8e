"""The yearbook on the website and on the command line: the "Kỷ yếu" page lists every
edition with working downloads; `site-builder yearbook` says clearly what went wrong."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_CONTENT, VALID_PROFILE

from site_builder.content.diagnostics import ContentError
from site_builder.pipeline.run import BuildOptions, build_site


def run(*args):
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=900)


def page(site, url="ky-yeu/") -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def add_yearbook(content, editions: str = "") -> None:
    shutil.copytree(SAMPLE_CONTENT / "yearbook", content.root / "yearbook")
    if editions:
        path = content.root / "yearbook" / "yearbook.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("editions:")] + textwrap.dedent(editions), encoding="utf-8")


# --- the website --------------------------------------------------------------------------------


def test_the_yearbook_page_lists_the_editions_with_downloads_that_exist(sample_site):
    listing = page(sample_site)
    assert listing.h1.get_text(strip=True) == "Kỷ yếu điển hình tiên tiến"
    editions = listing.select(".dh-edition")
    # 2026 (the build's year: the four public profiles recognised since January under the new communes),
    # then the listed 2022–2025 edition
    assert len(editions) == 2
    assert "Năm 2026" in editions[0].get_text() and "Giai đoạn 2022 – 2025" in editions[1].get_text()
    for edition, smallest in ((editions[0], 50_000), (editions[1], 100_000)):
        links = {a.get_text(strip=True): a["href"] for a in edition.select("a[download]")}
        assert set(links) == {"Tải EPUB", "Tải PDF"}
        for href in links.values():
            target = (sample_site / "ky-yeu" / href).resolve()
            assert target.is_file() and target.stat().st_size > smallest
    cover = editions[0].select_one("img")
    assert (sample_site / "ky-yeu" / cover["src"]).is_file()


def test_the_yearbook_page_is_in_the_navigation(sample_site):
    nav = page(sample_site, "").select(".md-nav a")
    assert any(a.get_text(strip=True) == "Kỷ yếu" and a["href"].rstrip("/").endswith("ky-yeu") for a in nav)


def test_the_build_makes_the_current_years_edition(content, tmp_path):
    add_yearbook(content, "editions: []\n")
    content.profile("hoa", VALID_PROFILE)  # submitted 15/03/2024
    out = tmp_path / "site"
    summary = build_site(BuildOptions(content.root, out, dt.date(2024, 12, 1), cache_dir=tmp_path / "cache"))
    assert summary.yearbooks == 1
    # (beside the page, its precompressed copies: pipeline/compress.py)
    assert sorted(p.name for p in (out / "ky-yeu").iterdir() if p.suffix not in (".gz", ".br")) == [
        "index.html", "ky-yeu-dien-hinh-tien-tien-2024.epub", "ky-yeu-dien-hinh-tien-tien-2024.jpg",
        "ky-yeu-dien-hinh-tien-tien-2024.pdf"]
    assert "Năm 2024" in page(out).get_text()


def test_content_without_yearbook_settings_has_no_yearbook(content, tmp_path):
    content.profile("hoa", VALID_PROFILE)
    out = tmp_path / "site"
    summary = build_site(BuildOptions(content.root, out, dt.date(2024, 12, 1), cache_dir=tmp_path / "cache"))
    assert summary.yearbooks == 0
    assert not (out / "ky-yeu").exists()


def test_a_mistake_in_the_yearbook_settings_stops_the_build_and_keeps_the_old_site(content, tmp_path):
    add_yearbook(content, "editions: []\n")
    content.profile("hoa", VALID_PROFILE)
    out = tmp_path / "site"
    options = BuildOptions(content.root, out, dt.date(2023, 12, 1), cache_dir=tmp_path / "cache")
    build_site(options)  # 2023: no profile yet, so no edition, and a page that says so
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    settings = content.root / "yearbook" / "yearbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("emblem: emblem.png", "emblem: logo.png"),
                        encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(options)
    assert any("yearbook.yml" in p.path and "'emblem': file 'logo.png' not found" in p.message
               for p in failure.value.problems)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert "Chưa có ấn bản kỷ yếu nào." in page(out).get_text()


# --- the command ----------------------------------------------------------------------------------


def test_the_command_writes_one_edition_in_the_formats_asked(tmp_path):
    out = tmp_path / "dist"
    result = run("yearbook", "--content", str(SAMPLE_CONTENT), "--out", str(out), "--year", "2022",
                 "--format", "epub", "--today", "30/06/2026")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["ky-yeu-dien-hinh-tien-tien-2022.epub"]
    assert result.stdout.startswith("yearbook ky-yeu-dien-hinh-tien-tien-2022: ")
    assert "profiles" in result.stdout and "wrote " in result.stderr


def test_the_command_and_the_build_make_the_same_bytes_for_one_edition(sample_site, tmp_path):
    out = tmp_path / "dist"
    result = run("yearbook", "--content", str(SAMPLE_CONTENT), "--out", str(out), "--from", "01/01/2022",
                 "--to", "31/12/2025", "--today", "30/06/2026")
    assert result.returncode == 0, result.stderr
    made = sorted(out.iterdir())
    assert [p.name for p in made] == ["ky-yeu-dien-hinh-tien-tien-2022-2025.epub",
                                      "ky-yeu-dien-hinh-tien-tien-2022-2025.pdf"]
    for path in made:
        assert path.read_bytes() == (sample_site / "ky-yeu" / path.name).read_bytes(), path.name


@pytest.mark.parametrize("args, message", [
    (["--year", "2019"], "no published profile has its publication date in Năm 2019"),
    (["--from", "01/01/2024"], "give both --from and --to"),
    (["--from", "31/12/2024", "--to", "01/01/2024"], "--to 01/01/2024 is before --from 31/12/2024"),
    (["--format", "mobi"], "unknown format 'mobi'; use epub, pdf or epub,pdf"),
])
def test_the_command_explains_a_wrong_period_or_format_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "dist"
    result = run("yearbook", "--content", str(SAMPLE_CONTENT), "--out", str(out), "--today", "30/06/2026", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_command_needs_the_settings_file(content, tmp_path):
    content.profile("hoa", VALID_PROFILE)
    result = run("yearbook", "--content", str(content.root), "--out", str(tmp_path / "dist"), "--year", "2024")
    assert result.returncode == 1
    assert "yearbook/yearbook.yml:0: error: the yearbook settings file is missing" in result.stderr \
        or "yearbook/yearbook.yml: error: the yearbook settings file is missing" in result.stderr


def test_check_reports_yearbook_settings_problems(content):
    add_yearbook(content)
    settings = content.root / "yearbook" / "yearbook.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    result = run("check", "--content", str(content.root))
    assert result.returncode == 1
    assert "yearbook.yml:" in result.stderr and "unknown field 'colour'" in result.stderr
