"""What a unit may really send: every mistake gets a clear Vietnamese message at its
place, and content/ is left exactly as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.nominations import (  # noqa: F401 (messages_in_vietnamese: autouse)
    messages_in_vietnamese,
    photo,
    snapshot,
    submission,
    unit_row,
)

from site_builder.cli.main import main

TODAY = "30/06/2026"


@pytest.fixture
def template(content, tmp_path) -> Path:
    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--content", str(content.root)]) == 0
    return out


def refused(content, workbook: Path, *extra) -> str:
    """Import, expect exit 1 and no change at all under content/; return stderr."""
    before = snapshot(content.root)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(workbook), "--content", str(content.root), "--today", TODAY, *extra])
    assert code == 1, err.getvalue()
    assert snapshot(content.root) == before
    assert "không thay đổi" in err.getvalue()
    return err.getvalue()


def edit(workbook: Path, change) -> Path:
    book = load_workbook(workbook)
    change(book)
    book.save(workbook)
    return workbook


def test_an_extra_column_with_data_and_a_missing_required_column(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template)

    def extra_and_missing(book):
        sheet = book["Đề nghị"]
        sheet.cell(row=1, column=40, value="Số điện thoại")
        sheet.cell(row=2, column=40, value="0900 000 000")
        sheet.cell(row=1, column=10).value = None  # "Ngày gửi" deleted
        sheet.cell(row=2, column=10).value = None

    err = refused(content, edit(workbook, extra_and_missing))
    assert "de-nghi-quy-1.xlsx: Đề nghị!AN1: lỗi: cột 'Số điện thoại' không có trong mẫu" in err
    assert "thiếu cột 'Ngày gửi' (bắt buộc)" in err


def test_merged_cells(content, template, tmp_path):
    rows = [unit_row(), unit_row("Võ Thị Sáu")]
    workbook = edit(submission(tmp_path / "dv", template, rows), lambda b: b["Đề nghị"].merge_cells("I2:I3"))
    err = refused(content, workbook)
    assert "Đề nghị!I2: lỗi: các ô I2:I3 được gộp (merge); bỏ gộp ô" in err


def test_empty_rows_between_nominees_are_skipped(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template, [unit_row()])

    def spread(book):
        sheet = book["Đề nghị"]
        for col in range(1, 37):
            sheet.cell(row=6, column=col, value=sheet.cell(row=2, column=col).value)
        sheet.cell(row=6, column=2, value="Võ Thị Sáu")

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["import", str(edit(workbook, spread)), "--content", str(content.root)]) == 0
    assert "2 tạo mới" in out.getvalue() and "Đề nghị!6" in out.getvalue()


def test_a_second_sheet_with_rows_is_not_silently_lost(content, template, tmp_path):
    def second(book):
        sheet = book.create_sheet("Đề nghị (2)")
        sheet["A1"], sheet["B1"] = "Đối tượng", "Tên điển hình"
        sheet["A2"], sheet["B2"] = "Cá nhân", "Trần Văn Bảy"

    err = refused(content, edit(submission(tmp_path / "dv", template), second))
    assert "trang 'Đề nghị (2)' có dữ liệu nhưng không được nhập" in err


def test_a_formula_whose_result_was_never_saved(content, template, tmp_path):
    workbook = edit(submission(tmp_path / "dv", template), lambda b: b["Đề nghị"].__setitem__("J2", "=TODAY()"))
    err = refused(content, workbook)
    assert "Đề nghị!J2: lỗi: ô có công thức '=TODAY()' nhưng tệp không lưu kết quả" in err


def test_a_photo_name_that_matches_nothing(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template)
    photo(tmp_path / "dv" / "anh-vuon-thanh-long.jpg")
    edit(workbook, lambda b: b["Đề nghị"].__setitem__("V2", "vuon thanh-long 2.jpg"))
    err = refused(content, workbook)
    assert "Đề nghị!V2: lỗi: không có tệp ảnh 'vuon thanh-long 2.jpg'" in err
    assert "có phải 'vuon-thanh-long.jpg'?" in err


def test_a_word_97_doc_is_not_read_and_the_message_says_how_to_convert_it(content, template, tmp_path):
    folder = tmp_path / "dv"
    (folder).mkdir()
    # A real .doc starts with the OLE2 signature of the old binary Office formats.
    (folder / "bao-cao-hoa.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    workbook = submission(folder, template, [unit_row(**{"Tệp báo cáo thành tích": "bao-cao-hoa.doc"})])
    err = refused(content, workbook)
    assert "Đề nghị!AJ2: lỗi: 'bao-cao-hoa.doc' là tệp Word 97–2003 (.doc), không đọc được" in err
    assert "lưu lại dạng .docx" in err and "soffice --headless --convert-to docx" in err


def test_a_corrupted_zip_of_reports(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template)
    reports = tmp_path / "bao-cao.zip"
    with zipfile.ZipFile(reports, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(tmp_path / "dv" / "bao-cao-hoa.docx", "bao-cao-hoa.docx")
    whole = reports.read_bytes()
    reports.write_bytes(whole[: len(whole) // 2])  # cut off, as an interrupted download is
    err = refused(content, workbook, "--reports", str(reports))
    assert "bao-cao.zip: lỗi: tệp nén bị hỏng, không mở được" in err

    # The list of files intact, one file's bytes damaged: the row that names it says so.
    damaged = bytearray(whole)
    for offset in range(60, 400):
        damaged[offset] ^= 0xFF
    reports.write_bytes(bytes(damaged))
    err = refused(content, workbook, "--reports", str(reports))
    assert "Đề nghị!AJ2: lỗi: không đọc được " in err and "bao-cao.zip: bao-cao-hoa.docx: tệp nén bị hỏng" in err


def test_reports_and_photos_from_zips(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template)
    reports, photos = tmp_path / "bao-cao.zip", tmp_path / "anh.zip"
    with zipfile.ZipFile(reports, "w") as archive:
        archive.write(tmp_path / "dv" / "bao-cao-hoa.docx", "Báo cáo/bao-cao-hoa.docx")
    with zipfile.ZipFile(photos, "w") as archive:
        archive.write(tmp_path / "dv" / "vuon-thanh-long.jpg", "anh/vuon-thanh-long.jpg")
    elsewhere = tmp_path / "chi-bang-tinh"
    elsewhere.mkdir()
    workbook = workbook.rename(elsewhere / workbook.name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["import", str(workbook), "--content", str(content.root), "--reports", str(reports),
                     "--photos", str(photos)])
    assert code == 0
    folder = content.root / "profiles" / "nguyen-thi-hoa"
    assert (folder / "vuon-thanh-long.jpg").read_bytes() == (tmp_path / "dv" / "vuon-thanh-long.jpg").read_bytes()


def test_a_file_of_100_megabytes_is_refused_before_it_is_read(content, tmp_path):
    huge = tmp_path / "de-nghi.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    err = refused(content, huge)
    assert "de-nghi.xlsx: lỗi: tệp nặng 105 MB, quá giới hạn 20 MB" in err


def test_a_spreadsheet_that_is_not_one(content, tmp_path):
    fake = tmp_path / "de-nghi.xls"
    fake.write_text("<html><table><tr><td>Đối tượng</td></tr></table></html>", encoding="utf-8")
    err = refused(content, fake)
    assert "de-nghi.xls: lỗi: tệp có đuôi .xls nhưng không phải bảng tính" in err


def test_an_old_excel_xls_is_read(content, tmp_path):
    xlwt = pytest.importorskip("xlwt")  # writes the binary Excel 97–2003 format
    book = xlwt.Workbook()
    sheet = book.add_sheet("Đề nghị")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    row = unit_row(**{"Tệp báo cáo thành tích": None, "Ảnh 1: tên tệp": None, "Ảnh 1: mô tả": None,
                      "Ảnh 1: chú thích": None})
    for col, (heading, value) in enumerate(row.items()):
        sheet.write(0, col, heading)
        if isinstance(value, dt.date):
            sheet.write(1, col, value, dates)
        else:
            sheet.write(1, col, value)
    book.save(str(tmp_path / "de-nghi.xls"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["import", str(tmp_path / "de-nghi.xls"), "--content", str(content.root)]) == 0
    text = (content.root / "profiles" / "nguyen-thi-hoa" / "index.md").read_text(encoding="utf-8")
    assert "submitted: 15/03/2024" in text and "decision: 1234/QĐ-UBND" in text


def test_a_report_that_is_no_word_file_and_a_photo_that_is_no_photo(content, template, tmp_path):
    folder = tmp_path / "dv"
    folder.mkdir()
    (folder / "bao-cao-hoa.docx").write_text("không phải Word", encoding="utf-8")
    (folder / "vuon-thanh-long.jpg").write_text("<html>không phải ảnh</html>", encoding="utf-8")
    err = refused(content, submission(folder, template))
    assert "'bao-cao-hoa.docx' không phải tệp Word .docx" in err
    assert "'vuon-thanh-long.jpg' không phải ảnh đọc được" in err


def _ods(path: Path, rows: list[list]) -> Path:
    """A LibreOffice Calc file written by hand (OpenDocument 1.2: a zip of XML), string
    and date cells, so the .ods reader is tested without LibreOffice on the machine."""
    from xml.sax.saxutils import escape

    def cell(value):
        if isinstance(value, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                    f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Đề nghị">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def test_a_libreoffice_ods_is_read(content, tmp_path):
    row = unit_row(**{"Tệp báo cáo thành tích": None, "Ảnh 1: tên tệp": None, "Ảnh 1: mô tả": None,
                      "Ảnh 1: chú thích": None, "Khen thưởng 1: ngày ký": "19/05/2023"})
    workbook = _ods(tmp_path / "de-nghi.ods", [list(row), list(row.values())])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["import", str(workbook), "--content", str(content.root)]) == 0
    text = (content.root / "profiles" / "nguyen-thi-hoa" / "index.md").read_text(encoding="utf-8")
    assert "submitted: 15/03/2024" in text and "  date: 19/05/2023" in text
