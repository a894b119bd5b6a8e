"""An event's commemorative book (`site-builder yearbook --event SLUG`): the yearbook's engine on the
event's list. Its profiles follow the official list's order, grouped as the official list is; a
withheld honouree is counted, never named, in the EPUB and the PDF; EPUBCheck and Ace accept it;
the same content gives the same bytes; an unknown event, or one without a public exemplar, is
refused with the fix and nothing is written."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_CONTENT, assert_nothing_withheld_or_private, copy_of_sample_photos
from support.epub_checkers import ace, ace_violations, epubcheck, epubcheck_summary, pdf_info, pdf_text
from support.pdf_structure import read_structure

from site_builder.cli.main import main
from site_builder.content.diagnostics import ContentError, Problems
from site_builder.council.event_list import official_list
from site_builder.media.photos import process_photos
from site_builder.site.renderer import load_labels
from site_builder.yearbook.book import load_settings
from site_builder.yearbook.event_edition import photos_shown, plan_event_book, public_event, render_event_book
from site_builder.yearbook.render import write_files

THEME = REPO / "theme"
LABELS = load_labels(THEME)
CONGRESS = "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025"
WITHHELD = "cong-ty-tnhh-che-bien-hai-san-hoa-thuan-phat"  # on the congress's list, embargoed until 2099
WITHHELD_NAME = "Công ty TNHH Chế biến Hải sản Hòa Thuận Phát"
EPUB, PDF = f"ky-yeu-{CONGRESS}.epub", f"ky-yeu-{CONGRESS}.pdf"


@pytest.fixture(scope="module")
def settings():
    problems = Problems()
    loaded = load_settings(SAMPLE_CONTENT, problems)
    assert not problems.items, problems.sorted()
    return loaded


@pytest.fixture(scope="module")
def congress(sample):
    return sample.content.events.by_slug()[CONGRESS]


def render(sample, settings, event, cache: Path):
    found = public_event(sample, event)
    media = process_photos(photos_shown(found), cache / "media", sample.content.site.original_photo_download)
    return render_event_book(sample, settings, event, media.photos, media.files, THEME, cache, LABELS)


@pytest.fixture(scope="module")
def rendered(sample, sample_build, settings, congress, tmp_path_factory):
    # From a cache holding the sample build's encoded photos (not what is tested here).
    return render(sample, settings, congress, copy_of_sample_photos(sample_build, tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def written(rendered, tmp_path_factory) -> dict[str, Path]:
    return {path.name: path for path in write_files(rendered, tmp_path_factory.mktemp("dist"))}


@pytest.fixture(scope="module")
def epub_text(rendered) -> dict[str, str]:
    """Every text file of the EPUB: its XHTML documents, the navigation and the package."""
    with zipfile.ZipFile(io.BytesIO(rendered.files[EPUB])) as epub:
        return {name: epub.read(name).decode("utf-8") for name in epub.namelist()
                if name.endswith((".xhtml", ".opf"))}


@pytest.fixture(scope="module")
def pages(written) -> list[str]:
    return pdf_text(written[PDF])


def official_order(sample, event) -> list[str]:
    """The names of the official list (council/event_list.py), in its order, the public ones only."""
    public = {p.name for p in sample.profiles}
    official = official_list(sample.content, event, LABELS)
    return [row.name for section in official.sections for row in section.rows if row.name in public]


# --- the order and the grouping -----------------------------------------------------------------


def test_the_profiles_follow_the_official_lists_order_in_both_editions(sample, settings, congress, epub_text,
                                                                        written):
    expected = official_order(sample, congress)
    assert len(expected) == len(congress.honourees) - 1 == 13  # all but the withheld one
    book = plan_event_book(sample, settings, public_event(sample, congress), {}, LABELS)
    assert [e.view.name for e in book.entries] == expected

    spine = re.findall(r'<itemref idref="(?:doc-)?([^"]+)"/>', epub_text["EPUB/package.opf"])
    assert spine[:5] == ["cover", "title", "nav", "event", "list"]
    assert spine[5:-2] == [e.id for e in book.entries] and spine[-2:] == ["index", "colophon"]

    bookmarks = read_structure(written[PDF]).bookmarks
    profiles = [b for b in bookmarks if b.level == 2]
    assert [b.title for b in profiles] == expected
    assert [b.page for b in profiles] == sorted(b.page for b in profiles)  # each on a later page
    assert [b.title for b in bookmarks if b.level == 1][:4] == [
        "Kỷ yếu Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I", "Mục lục", "Giới thiệu sự kiện",
        "Danh sách điển hình được tôn vinh"]


def test_the_list_is_grouped_by_kind_as_the_official_list_with_role_delegation_group_award(epub_text):
    listed = epub_text["EPUB/text/list.xhtml"]
    headings = re.findall(r'<h2 id="list-[^"]+">([^<]+)</h2>', listed)
    assert headings == ["I. CÁ NHÂN (7)", "II. TẬP THỂ (4)", "III. HỘ GIA ĐÌNH (2)"]  # public ones counted
    numbers = [int(n) for n in re.findall(r'<tr><td class="num">(\d+)</td>', listed)]
    assert numbers == list(range(1, 14))  # no gap where the withheld one stands on the official list
    row = next(r for r in listed.split("<tr>") if "Hợp tác xã Thanh long sạch Hàm Đức" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert [re.sub(r"<[^>]+>", "", c) for c in cells] == [
        "8", "Hợp tác xã Thanh long sạch Hàm Đức", "Được tôn vinh", "Đoàn khối kinh tế", "Kinh tế",
        "Cờ thi đua của UBND tỉnh"]
    assert 'href="p-hop-tac-xa-thanh-long-ham-duc.xhtml#p-hop-tac-xa-thanh-long-ham-duc"' in row


def test_the_event_comes_first_with_its_decision_organiser_description_and_photo(epub_text):
    event = epub_text["EPUB/text/event.xhtml"]
    for fact in ("Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I", "Cấp tỉnh", "29/09/2025",
                 "Trung tâm Hội nghị tỉnh, phường Xuân Hương – Đà Lạt", "Ủy ban nhân dân tỉnh Lâm Đồng",
                 "Quyết định số 2150/QĐ-UBND ngày 15/09/2025 của Chủ tịch Ủy ban nhân dân tỉnh"):
        assert fact in event, fact
    assert re.search(r'<img class="" src="\.\./images/[0-9a-f]+-1\.jpg"[^>]* alt="Hội trường lớn', event)
    assert "<p>" in event  # the description, from Markdown


# --- public: counted, never named ---------------------------------------------------------------


def test_a_withheld_honouree_is_counted_never_named(sample, epub_text, pages):
    assert "13 điển hình và 1 điển hình khác" in epub_text["EPUB/text/list.xhtml"]
    everything = "\n".join(epub_text.values())
    printed = "\n".join(pages)
    assert "13 điển hình và 1 điển hình khác" in printed
    for text in (everything, printed):
        assert WITHHELD_NAME not in text and WITHHELD not in text and "Hòa Thuận Phát" not in text
        assert_nothing_withheld_or_private(text, sample)


def test_the_pdf_opens_on_the_cover_then_the_title_page_with_the_events_name_kind_dates_place(written, pages):
    info = pdf_info(written[PDF])
    assert int(info["Pages"]) == len(pages) > 13
    assert info["Title"] == "Kỷ yếu Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I – 29/09/2025"
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")
    title_page = " ".join(pages[1].split())
    for text in ("Kỷ yếu Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I",
                 "Đại hội Thi đua yêu nước – Trung tâm Hội nghị tỉnh, phường Xuân Hương – Đà Lạt", "29/09/2025"):
        assert text in title_page, text
    structure = read_structure(written[PDF])
    assert structure.untagged() == []  # tagged as the yearbook is (PDF/UA-1)
    assert structure.kinds()["Figure"] >= 2  # the cover and the event's photo, each with its alt text


# --- the files ----------------------------------------------------------------------------------


def test_the_same_content_gives_the_same_bytes_under_stable_names(sample, settings, congress, rendered, written,
                                                                 tmp_path):
    again = render(sample, settings, congress, tmp_path / "another-cache")
    assert not again.pdf_cached
    assert set(again.files) == set(rendered.files) == {EPUB, PDF}
    for name, data in rendered.files.items():
        assert again.files[name] == data, name
    for path in written.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.checkers
def test_epubcheck_finds_no_error_and_no_warning(written, tmp_path):
    result = epubcheck(written[EPUB], tmp_path / "epubcheck.json")
    checker = result["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), epubcheck_summary(result)


@pytest.mark.checkers
@pytest.mark.browser
def test_ace_finds_no_serious_or_critical_violation(written, tmp_path):
    assert ace_violations(ace(written[EPUB], tmp_path / "ace"), "serious") == []


# --- refused --------------------------------------------------------------------------------------


def test_an_unknown_event_is_refused_in_vietnamese_with_did_you_mean(tmp_path, capsys):
    out = tmp_path / "dist"
    code = main(["yearbook", "--event", "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2052", "--content", str(SAMPLE_CONTENT),
                 "--out", str(out), "--lang", "vi"])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert ("không có sự kiện 'dai-hoi-thi-dua-yeu-nuoc-lam-dong-2052' trong content/events — có phải ý bạn là "
            "'dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025'?") in err


def test_an_event_without_a_public_exemplar_has_no_book(sample, settings, congress):
    found = public_event(sample, congress)
    nobody_public = dataclasses.replace(found, honourees=(), withheld=found.total)
    with pytest.raises(ContentError) as refused:
        plan_event_book(sample, settings, nobody_public, {}, LABELS)
    (problem,) = refused.value.problems
    assert (problem.path, problem.line) == (f"content/events/{CONGRESS}.md", congress.line_of("honourees"))
    assert "none of the 14 on this event's list is: publish them first" in problem.message


def test_the_command_refuses_an_event_whose_list_is_only_withheld(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    event_file = root / "events" / f"{CONGRESS}.md"
    text = event_file.read_text(encoding="utf-8")
    start = text.index("honourees:")
    only_withheld = f"honourees:\n  - profile: {WITHHELD}\n    role: duoc-ton-vinh\n    group: kinh-te\n"
    event_file.write_text(text[:start] + only_withheld + text[text.index("\n---", start) + 1:], encoding="utf-8")
    out = tmp_path / "dist"
    code = main(["yearbook", "--event", CONGRESS, "--content", str(root), "--out", str(out), "--today", "30/06/2026"])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert f"events/{CONGRESS}.md:" in err and "none of the 1 on this event's list is" in err
    assert "yearbook stopped" in err and "nothing was written" in err
