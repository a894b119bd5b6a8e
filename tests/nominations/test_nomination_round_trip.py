"""The whole round trip, as the council runs it: make the template, a unit fills it
(choosing from its drop-downs) and sends it with Word reports and photos, the editor
imports, checks, reviews, publishes and builds."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io

from bs4 import BeautifulSoup
from openpyxl import load_workbook
from support.nominations import (  # noqa: F401 (messages_in_vietnamese: autouse)
    messages_in_vietnamese,
    photo,
    snapshot,
    word_report,
)

from site_builder.cli.main import main
from site_builder.pipeline.run import BuildOptions, build_site


def test_template_fill_import_check_publish_build(content, tmp_path):
    # 1. The council makes the template from its content, on the day the unit sends it (its units then).
    template = tmp_path / "de-nghi-quy-1-2024.xlsx"
    assert main(["template", str(template), "--content", str(content.root), "--today", "06/05/2024"]) == 0

    # 2. A unit fills it: every list value is taken from the template's own drop-down lists.
    book = load_workbook(template)
    lists = {col[0]: [v for v in col[1:] if v] for col in book["Danh mục"].iter_cols(values_only=True)}
    sheet = book["Đề nghị"]
    column = {cell.value: cell.column for cell in sheet[1]}
    values = {
        "Đối tượng": next(n for n in lists["kinds"] if n == "Hộ gia đình"),
        "Tên điển hình": "Hộ ông Lâm Văn Phúc",
        "Lĩnh vực 1": next(n for n in lists["fields"] if n == "Nông nghiệp"),
        "Phong trào thi đua 1": lists["movements"][1],
        "Địa phương": next(n for n in lists["localities"] if "Tuy Phong" in n),
        "Đơn vị đề nghị": next(n for n in lists["units"] if n == "UBND huyện Tuy Phong"),
        "Ngày gửi": dt.date(2024, 5, 6),
        "Tóm tắt": "Hộ trồng nho an toàn, đi đầu áp dụng tưới nhỏ giọt ở Tuy Phong.",
        "Thành tích nổi bật": "- Thu nhập 500 triệu đồng/năm\n- Hướng dẫn 15 hộ làm theo",
        "Ảnh 1: tên tệp": "Vườn nho.JPG",
        "Ảnh 1: mô tả": "Ông Phúc cắt tỉa giàn nho trước vụ thu hoạch",
        "Ảnh 1: nguồn ảnh": "Ảnh: Hội Nông dân huyện Tuy Phong",
        "Đã có đồng ý công bố": "Có",
        "Ngày đồng ý": "02/05/2024",
        "Tệp báo cáo thành tích": "Báo cáo hộ Phúc.docx",
    }
    for heading, value in values.items():
        sheet.cell(row=2, column=column[heading], value=value)
    sent = tmp_path / "gui-den"
    sent.mkdir()
    book.save(sent / "de-nghi-tuy-phong.xlsx")
    word_report(sent / "Báo cáo hộ Phúc.docx", "hộ ông Lâm Văn Phúc")
    photo(sent / "Vườn nho.JPG")

    # 3. The editor imports it, then checks the content.
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["import", str(sent / "de-nghi-tuy-phong.xlsx"), "--content", str(content.root)]) == 0
    assert "1 tạo mới" in out.getvalue()
    profile = content.root / "profiles" / "ho-ong-lam-van-phuc" / "index.md"
    text = profile.read_text(encoding="utf-8")
    assert "kind: ho-gia-dinh" in text and "unit: ubnd-huyen-tuy-phong" in text and "file: vuon-nho.jpg" in text
    assert main(["check", "--content", str(content.root)]) == 0

    # 4. A review status is not published; the editor reviews and publishes.
    site = tmp_path / "site"
    build_site(BuildOptions(content_dir=content.root, out_dir=site, today=dt.date(2026, 6, 30),
                            cache_dir=tmp_path / "cache"))
    assert not (site / "ho-so" / "ho-ong-lam-van-phuc").exists()
    profile.write_text(text.replace("status: review", "status: published"), encoding="utf-8")
    before_build = snapshot(content.root)
    build_site(BuildOptions(content_dir=content.root, out_dir=site, today=dt.date(2026, 6, 30),
                            cache_dir=tmp_path / "cache"))
    assert snapshot(content.root) == before_build

    page = BeautifulSoup((site / "ho-so" / "ho-ong-lam-van-phuc" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("h1").get_text(strip=True) == "Hộ ông Lâm Văn Phúc"
    story = page.get_text(" ", strip=True)
    assert "Thành tích đạt được" in story and "Giúp 20 hộ thoát nghèo" in story
    cells = [td.get_text(strip=True) for td in page.select("table td")]
    assert "Chiến sĩ thi đua cơ sở" in cells
    assert any("Ông Phúc cắt tỉa giàn nho" in (img.get("alt") or "") for img in page.find_all("img"))

    # 5. The quota report counts the nomination for its unit and quarter.
    report = io.StringIO()
    with contextlib.redirect_stdout(report), contextlib.redirect_stderr(io.StringIO()):
        assert main(["report", "--content", str(content.root), "--year", "2024", "--format", "csv",
                     "--today", "30/06/2026"]) == 0
    rows = list(csv.reader(io.StringIO(report.getvalue().lstrip("\ufeff"))))
    sent_by_period = {(r[3], r[7]): r[10] for r in rows[1:]}
    assert sent_by_period[("ubnd-huyen-tuy-phong", "Quý II")] == "1"
    assert sent_by_period[("ubnd-huyen-tuy-phong", "Quý I")] == "0"
