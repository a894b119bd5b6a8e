"""Files a member unit sends, made with the real libraries: the council's template
filled in with openpyxl (choosing drop-down names, as a unit does in Excel), Word
reports written with python-docx (headings, a list, a table, a picture), and photos."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from PIL import Image

from site_builder.common.messages import set_language


def fill_template(template: Path, out: Path, rows: list[dict], sheet: str = "Đề nghị") -> Path:
    """Open the template and type `rows` (heading -> value) under its headings."""
    book = load_workbook(template)
    data = book[sheet]
    columns = {cell.value: cell.column for cell in data[1] if cell.value}
    for number, row in enumerate(rows, start=2):
        for heading, value in row.items():
            data.cell(row=number, column=columns[heading], value=value)
    book.save(out)
    return out


def photo(path: Path, colour=(40, 120, 80), size=(640, 480)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def word_report(path: Path, name: str, with_picture: bool = True) -> Path:
    """An achievement report as a unit writes one: title, numbered sections, a list,
    a table of awards and a picture in the text."""
    document = docx.Document()
    document.add_heading(f"Báo cáo thành tích của {name}", 0)
    document.add_heading("I. Sơ lược lý lịch", 1)
    paragraph = document.add_paragraph(f"{name} là ")
    paragraph.add_run("điển hình tiên tiến").bold = True
    paragraph.add_run(" của địa phương trong nhiều năm.")
    document.add_heading("II. Thành tích đạt được", 1)
    document.add_paragraph("Giúp 20 hộ thoát nghèo", style="List Bullet")
    document.add_paragraph("Chuyển giao kỹ thuật tưới tiết kiệm", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for r, (year, title) in enumerate([("Năm", "Danh hiệu"), ("2022", "Chiến sĩ thi đua cơ sở"),
                                       ("2023", "Bằng khen của Chủ tịch UBND tỉnh")]):
        table.cell(r, 0).text, table.cell(r, 1).text = year, title
    if with_picture:
        buffer = io.BytesIO()
        Image.new("RGB", (320, 200), (200, 60, 40)).save(buffer, "PNG")
        buffer.seek(0)
        document.add_picture(buffer)
    document.add_heading("III. Phương hướng", 1)
    document.add_paragraph("Tiếp tục nhân rộng mô hình.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def unit_row(name: str = "Nguyễn Thị Hoa", **overrides) -> dict:
    """One nominee as a unit fills the row: names from the drop-downs, a real date cell."""
    row = {
        "Đối tượng": "Cá nhân",
        "Tên điển hình": name,
        "Lĩnh vực 1": "Nông nghiệp",
        "Lĩnh vực 2": "An sinh xã hội",
        "Phong trào thi đua 1": "Chung sức, chung lòng xây dựng nông thôn mới",
        "Địa phương": "Huyện Hàm Thuận Bắc",
        "Đơn vị đề nghị": "UBND huyện Hàm Thuận Bắc",
        "Ngày gửi": dt.date(2024, 3, 15),
        "Tóm tắt": f"{name} sản xuất thanh long VietGAP, giúp nhiều hộ trong xã thoát nghèo.",
        "Thành tích nổi bật": "Doanh thu 1,2 tỉ đồng/năm\nHướng dẫn 20 hộ chuyển đổi cây trồng",
        "Khen thưởng 1: hình thức": "Bằng khen của Chủ tịch UBND tỉnh",
        "Khen thưởng 1: số quyết định": "1234/QĐ-UBND",
        "Khen thưởng 1: ngày ký": dt.date(2023, 5, 19),
        "Ảnh 1: tên tệp": "vuon-thanh-long.jpg",
        "Ảnh 1: mô tả": f"{name} kiểm tra trái thanh long trên vườn",
        "Ảnh 1: chú thích": "Vườn thanh long VietGAP của gia đình",
        "Đã có đồng ý công bố": "Có",
        "Ngày đồng ý": dt.date(2024, 3, 10),
        "Tệp báo cáo thành tích": "bao-cao-hoa.docx",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: to show that nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def submission(folder: Path, template: Path, rows: list[dict] | None = None, name: str = "de-nghi-quy-1.xlsx") -> Path:
    """What a unit sends: the filled workbook, each row's Word report and photos, in one folder."""
    rows = rows if rows is not None else [unit_row()]
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        if "Tệp báo cáo thành tích" in row and not (folder / row["Tệp báo cáo thành tích"]).exists():
            word_report(folder / row["Tệp báo cáo thành tích"], row["Tên điển hình"])
        for n in (1, 2, 3):
            file = row.get(f"Ảnh {n}: tên tệp")
            if file and not (folder / file).exists():
                photo(folder / file)
    return fill_template(template, folder / name, rows)


@pytest.fixture(autouse=True)
def messages_in_vietnamese(monkeypatch):
    """The nomination tests read the Vietnamese text a unit's editor sees (imported by each test module,
    so autouse there): `main()` reads SITE_BUILDER_LANG, code called directly the current language."""
    monkeypatch.setenv("SITE_BUILDER_LANG", "vi")
    set_language("vi")
