"""The honouring event's round trip, as the council runs it: `shortlist` makes the workbook, the
council chooses in it (openpyxl, as Excel would), `shortlist --apply` writes the list, `build`
publishes the event page (a withheld honouree only counted), `list` makes the official list
(the withheld honouree named), read back with python-docx, and `yearbook --event` the commemorative
book, whose PDF names the public honourees in the list's order and only counts the withheld one."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT, SAMPLE_TODAY, copy_of_sample_caches
from docx import Document
from openpyxl import load_workbook
from support.epub_checkers import pdf_text
from support.pdf_structure import read_structure

from site_builder.cli.main import main
from site_builder.pipeline.run import BuildOptions, build_site

CONGRESS = "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025"
WITHHELD = "cong-ty-tnhh-che-bien-hai-san-hoa-thuan-phat"  # embargoed until 2099


def test_shortlist_choose_apply_build_the_official_list_and_the_commemorative_book(sample_build, tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    event_file = root / "events" / f"{CONGRESS}.md"
    text = event_file.read_text(encoding="utf-8")
    start = text.index("honourees:")
    event_file.write_text(text[:start] + text[text.index("\n---", start) + 1:], encoding="utf-8")
    workbook = tmp_path / "chon.xlsx"

    assert main(["shortlist", CONGRESS, "--content", str(root), "--out", str(workbook), "--lang", "en"]) == 0
    book = load_workbook(workbook)
    sheet = book["Ứng viên"]
    rows = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    chosen = {WITHHELD: "Đoàn khối kinh tế", "nguyen-thi-hoa": "Đoàn khối kinh tế", "tran-van-duc": ""}
    for slug, delegation in chosen.items():
        sheet.cell(row=rows[slug], column=12, value="Được tôn vinh")
        sheet.cell(row=rows[slug], column=13, value=delegation or None)
    book.save(workbook)

    apply = ["shortlist", CONGRESS, "--content", str(root), "--apply", str(workbook), "--lang", "en"]
    assert main(apply) == 0
    assert "3 added, 0 changed, 0 unchanged" in capsys.readouterr().out
    written = event_file.read_bytes()
    assert main(apply) == 0 and event_file.read_bytes() == written  # applying again changes nothing
    assert "0 added, 0 changed, 3 unchanged" in capsys.readouterr().out

    site = tmp_path / "site"
    cache = copy_of_sample_caches(sample_build, tmp_path / "cache")  # not a test of a cold build
    build_site(BuildOptions(content_dir=root, out_dir=site, today=SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    html = (site / "su-kien" / CONGRESS / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    names = [row.select("td")[1].get_text() for row in page.select("table[data-event-table] tbody tr")]
    assert names == ["Nguyễn Thị Hoa", "Trần Văn Đức"]
    assert page.select_one(".dh-event-total").get_text() == "2 điển hình và 1 điển hình khác"
    assert "Hòa Thuận Phát" not in html and WITHHELD not in html

    out = tmp_path / "dist"
    assert main(["list", CONGRESS, "--content", str(root), "--out", str(out), "--format", "docx",
                 "--today", "30/06/2026", "--lang", "en"]) == 0
    assert "3 exemplar(s) in 2 group(s), 1 of them not public on the site" in capsys.readouterr().out
    document = Document(str(out / f"danh-sach-{CONGRESS}.docx"))
    listed = [row.cells[1].text for row in document.tables[1].rows if row.cells[0].text.isdigit()]
    assert listed == ["Nguyễn Thị Hoa", "Trần Văn Đức", "Công ty TNHH Chế biến Hải sản Hòa Thuận Phát"]

    assert main(["yearbook", "--event", CONGRESS, "--content", str(root), "--out", str(out), "--format", "pdf",
                 "--today", "30/06/2026", "--lang", "en"]) == 0
    assert "2 profiles in the list's order (1 not public, only counted)" in capsys.readouterr().out
    pages = pdf_text(out / f"ky-yeu-{CONGRESS}.pdf")
    printed = " ".join(" ".join(pages).split())
    assert "Kỷ yếu Đại hội Thi đua yêu nước tỉnh Lâm Đồng lần thứ I" in " ".join(pages[1].split())
    assert "2 điển hình và 1 điển hình khác" in printed
    profiles = [b.title for b in read_structure(out / f"ky-yeu-{CONGRESS}.pdf").bookmarks if b.level == 2]
    assert profiles == ["Nguyễn Thị Hoa", "Trần Văn Đức"]  # the list's order, each opening its page
    assert "Hòa Thuận Phát" not in printed


def test_an_unknown_event_or_format_is_refused_with_the_fix(capsys):
    assert main(["list", "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2052", "--content", str(SAMPLE_CONTENT),
                 "--lang", "en"]) == 1
    assert "did you mean 'dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025'?" in capsys.readouterr().err
    assert main(["list", CONGRESS, "--content", str(SAMPLE_CONTENT), "--format", "doc", "--lang", "en"]) == 1
    assert "unknown format 'doc'; use docx, xlsx or pdf" in capsys.readouterr().err
