"""An event's official list: the annex of the decision in the format of Decree 30/2020/NĐ-CP,
withheld honourees included, private values never; DOCX, XLSX and PDF read back."""

from __future__ import annotations

import io
import subprocess

import pytest
from conftest import REPO
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from site_builder.council import event_list
from site_builder.site.renderer import load_labels, template_environment

CONGRESS = "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025"


@pytest.fixture(scope="module")
def made(sample):
    content = sample.content
    event = content.events.by_slug()[CONGRESS]
    labels = load_labels(REPO / "theme")
    official = event_list.official_list(content, event, labels)
    return content, event, official


def test_every_honouree_is_on_the_list_withheld_ones_too_grouped_by_kind(made, sample):
    content, event, official = made
    names = [row.name for part in official.sections for row in part.rows]
    profiles = {p.slug: p for p in content.profiles}
    assert sorted(names) == sorted(profiles[h.profile].name for h in event.honourees)
    withheld = {p.name for p, _reason in sample.withheld}
    assert withheld & set(names), "the sample's list holds a withheld profile"
    assert [row.number for part in official.sections for row in part.rows] == list(range(1, len(names) + 1))
    assert [part.heading for part in official.sections] == ["I. CÁ NHÂN (7)", "II. TẬP THỂ (5)",
                                                           "III. HỘ GIA ĐÌNH (2)"]
    assert official.attached == ("(Kèm theo Quyết định số 2150/QĐ-UBND ngày 15/09/2025 của Chủ tịch Ủy ban "
                                 "nhân dân tỉnh)")
    assert official.place_date == "Lâm Đồng, ngày 15 tháng 9 năm 2025"
    award_at_event = [r.award for part in official.sections for r in part.rows if r.name.startswith("Hợp tác xã")]
    assert award_at_event == ["Cờ thi đua của UBND tỉnh"]


def test_the_decree_writes_a_day_under_10_and_a_month_under_3_with_a_zero():
    import datetime as dt

    assert event_list.decree_date(dt.date(2025, 2, 5)) == ("05", "02", "2025")
    assert event_list.decree_date(dt.date(2025, 9, 29)) == ("29", "9", "2025")


def private_values(content) -> list[str]:
    return [str(v) for p in content.profiles for v in p.private.values() if len(str(v)) >= 6]


def test_the_docx_is_the_annex_in_times_new_roman_on_a4(made):
    content, event, official = made
    document = Document(io.BytesIO(event_list.docx_bytes(official)))
    section = document.sections[0]
    size = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
            section.left_margin, section.right_margin)
    assert [round(length.mm) for length in size] == [297, 210, 20, 20, 30, 15]  # A4 landscape, the decree's margins
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header.paragraphs[0]._p.xml  # the page number, from page 2
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))
    heading, table = document.tables
    assert heading.rows[0].cells[0].text == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    motto = heading.rows[0].cells[1].paragraphs
    assert [p.text for p in motto[:2]] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert motto[1].runs[0].bold and motto[1].runs[0].underline
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:3] == [official.title, official.subtitle, official.attached]
    assert [c.text for c in table.rows[0].cells] == list(official.columns)
    assert table.rows[1].cells[0].text == "I. CÁ NHÂN (7)"
    rows = [[c.text for c in r.cells] for r in table.rows[1:] if r.cells[0].text.isdigit()]
    assert len(rows) == official.count and rows[0][0] == "1"
    xml = "".join(part.blob.decode("utf-8", "replace") for part in document.part.package.parts)
    for value in private_values(content):
        assert value not in xml


def test_the_xlsx_has_the_same_rows_in_times_new_roman(made):
    content, _event, official = made
    sheet = load_workbook(io.BytesIO(event_list.xlsx_bytes(official))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" and values[0][2] == official.motto
    numbered = [row for row in values if isinstance(row[0], int)]
    assert [row[0] for row in numbered] == list(range(1, official.count + 1))
    assert sheet["B11"].value == numbered[0][1] and sheet["B11"].font.name == "Times New Roman"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.title == "Danh sách"
    flat = repr(values)
    for value in private_values(content):
        assert value not in flat


def test_the_pdf_is_a4_with_the_annex_text(made, tmp_path):
    content, _event, official = made
    env = template_environment(REPO / "theme" / "templates", load_labels(REPO / "theme"), content.site)
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(event_list.pdf_bytes(official, env, REPO / "theme" / "fonts"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first = text.split("\f")[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "DANH SÁCH" in first
    assert "Kèm theo Quyết định số 2150/QĐ-UBND" in first
    assert text.split("\f")[1].strip().startswith("2")  # the page number, top centre, from page 2
    for value in private_values(content):
        assert value not in text
