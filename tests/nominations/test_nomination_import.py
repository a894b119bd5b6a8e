"""`site-builder import`: a unit's workbook, Word reports and photos become profiles for review."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from support.nominations import (  # noqa: F401 (messages_in_vietnamese: autouse)
    messages_in_vietnamese,
    snapshot,
    submission,
    unit_row,
    word_report,
)

from site_builder.cli.main import main
from site_builder.content.load import load_content
from site_builder.nominations.dates import CellDateError, read_date

TODAY = "30/06/2026"


@pytest.fixture
def template(content, tmp_path) -> Path:
    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--content", str(content.root)]) == 0
    return out


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def imported(content, workbook: Path, *extra) -> tuple[int, str, str]:
    return run("import", str(workbook), "--content", str(content.root), "--today", TODAY, *extra)


def test_each_row_becomes_a_profile_for_review_that_passes_check(content, template, tmp_path):
    workbook = submission(tmp_path / "don-vi", template, [
        unit_row(),
        unit_row("Hợp tác xã Thanh Long Hàm Đức", **{
            "Đối tượng": "Tập thể", "Ảnh 1: tên tệp": None, "Ảnh 1: mô tả": None, "Ảnh 1: chú thích": None,
            "Đã có đồng ý công bố": None, "Ngày đồng ý": None, "Tệp báo cáo thành tích": "bao-cao-htx.docx",
            "Ngày gửi": "02/04/2024"}),
    ])
    code, out, err = imported(content, workbook)
    assert code == 0, err
    assert "tạo mới" in out and "2 tạo mới, 0 cập nhật, 0 không đổi, 0 bỏ qua" in out

    text = (content.root / "profiles" / "nguyen-thi-hoa" / "index.md").read_text(encoding="utf-8")
    assert text.startswith("---\nkind: ca-nhan\nname: Nguyễn Thị Hoa\n")
    for line in ("fields: [nong-nghiep, an-sinh-xa-hoi]", "movements: [nong-thon-moi]", "locality: ham-thuan-bac",
                 "unit: ubnd-huyen-ham-thuan-bac", "submitted: 15/03/2024", "stage: phat-hien", "status: review",
                 "  given: true", "  date: 10/03/2024", "- award: bang-khen-chu-tich-ubnd-tinh",
                 "  decision: 1234/QĐ-UBND", "  date: 19/05/2023", "- Doanh thu 1,2 tỉ đồng/năm",
                 "  credit: 'Ảnh: UBND huyện Hàm Thuận Bắc'"):
        assert line in text.split("\n"), line
    # The Word report is the story: its headings, bold, list and table, and no image in the text.
    story = text.split("\n---\n", 1)[1]
    assert "# I. Sơ lược lý lịch" in story and "**điển hình tiên tiến**" in story
    assert "- Giúp 20 hộ thoát nghèo" in story
    assert "| 2022 | Chiến sĩ thi đua cơ sở |" in story
    assert "![" not in story and "<img" not in story
    # The report's picture is a file beside the profile, offered to the editor in comments.
    folder = content.root / "profiles" / "nguyen-thi-hoa"
    assert (folder / "vuon-thanh-long.jpg").is_file() and (folder / "bao-cao-anh-1.png").is_file()
    assert "# - file: bao-cao-anh-1.png" in text
    assert "bao-cao-anh-1.png" in out and "cần biên tập viên quyết định" in out

    loaded, problems = load_content(content.root)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    by_name = {p.name: p for p in loaded.profiles}
    hoa = by_name["Nguyễn Thị Hoa"]
    assert hoa.status == "review" and hoa.consent.given and len(hoa.photos) == 1
    assert "<table>" in hoa.story_html and "<h2>" in hoa.story_html
    collective = by_name["Hợp tác xã Thanh Long Hàm Đức"]
    assert collective.kind == "tap-the" and collective.submitted == dt.date(2024, 4, 2)
    code, _, err = run("check", "--content", str(content.root))
    assert code == 0, err


def test_imported_nominations_count_in_the_quota_report(content, template, tmp_path):
    rows = [unit_row(f"Người Thứ {n}", **{"Tệp báo cáo thành tích": None}) for n in ("Nhất", "Hai", "Ba")]
    assert imported(content, submission(tmp_path / "dv", template, rows))[0] == 0
    code, out, err = run("report", "--content", str(content.root), "--year", "2024", "--format", "json",
                         "--today", TODAY)
    assert code == 0, err
    report = json.loads(out)
    units = {u["code"]: u for g in report["groups"] for s in g["sections"] for u in s["units"]}
    first_quarter = units["ubnd-huyen-ham-thuan-bac"]["periods"][0]
    assert (first_quarter["code"], first_quarter["submitted"], first_quarter["status"]) == ("q1", 3, "met")


def test_the_consent_the_editor_still_needs_is_named(content, template, tmp_path):
    workbook = submission(tmp_path / "dv", template, [unit_row(**{"Đã có đồng ý công bố": None, "Ngày đồng ý": None})])
    code, out, _ = imported(content, workbook)
    assert code == 0
    assert "chưa có đồng ý công bố bằng văn bản" in out and "nguyen-thi-hoa/index.md" in out


def test_names_are_forgiven_accents_case_and_spacing_but_an_unknown_name_names_the_cell_and_the_closest(
        content, template, tmp_path):
    forgiving = unit_row(**{"Lĩnh vực 1": "nong nghiep", "Lĩnh vực 2": "AN  SINH XÃ HỘI",
                            "Địa phương": "Hàm Thuận Bắc", "Đối tượng": "ca nhan"})
    assert imported(content, submission(tmp_path / "a", template, [forgiving]))[0] == 0

    wrong = unit_row("Lê Văn Tám", **{"Lĩnh vực 1": "Nông ngiệp", "Đơn vị đề nghị": "UBND Hàm Thuận Bắc"})
    before = snapshot(content.root)
    code, out, err = imported(content, submission(tmp_path / "b", template, [wrong], name="de-nghi-quy-3.xlsx"))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert any(line.startswith("de-nghi-quy-3.xlsx: Đề nghị!C2: lỗi: không có lĩnh vực 'Nông ngiệp'")
               and "'Nông nghiệp'" in line for line in lines), err
    assert any(line.startswith("de-nghi-quy-3.xlsx: Đề nghị!I2: lỗi: không có đơn vị 'UBND Hàm Thuận Bắc'")
               and "'UBND huyện Hàm Thuận Bắc'" in line for line in lines), err
    assert snapshot(content.root) == before


def test_all_or_nothing_and_partial(content, template, tmp_path):
    rows = [unit_row(), unit_row("Phạm Văn Nam", **{"Ngày gửi": "31/02/2024"}), unit_row("Võ Thị Sáu")]
    workbook = submission(tmp_path / "dv", template, rows)
    before = snapshot(content.root)
    code, _, err = imported(content, workbook)
    assert code == 1 and "Đề nghị!J3: lỗi: '31/02/2024' không phải là ngày có thật" in err
    assert "không thay đổi" in err and snapshot(content.root) == before

    code, out, err = imported(content, workbook, "--partial")
    assert code == 1 and "2 tạo mới" in out and "1 dòng lỗi không nhập" in out
    assert (content.root / "profiles" / "vo-thi-sau" / "index.md").is_file()
    assert not (content.root / "profiles" / "pham-van-nam").exists()


def test_importing_again_updates_what_it_made_and_never_overwrites_an_editors_change(content, template, tmp_path):
    folder = tmp_path / "dv"
    rows = [unit_row(), unit_row("Võ Thị Sáu")]
    assert imported(content, submission(folder, template, rows))[0] == 0
    hoa = content.root / "profiles" / "nguyen-thi-hoa" / "index.md"
    sau = content.root / "profiles" / "vo-thi-sau" / "index.md"

    code, out, _ = imported(content, submission(folder, template, rows))
    assert code == 0 and "0 tạo mới, 0 cập nhật, 2 không đổi" in out

    # The unit corrects a summary; the editor has meanwhile reviewed Võ Thị Sáu's profile.
    edited = sau.read_text(encoding="utf-8").replace("status: review", "status: published")
    sau.write_text(edited, encoding="utf-8")
    # The same list again: nothing new from the unit, and the editor's change stands.
    code, out, _ = imported(content, submission(folder, template, rows))
    assert code == 0 and "2 không đổi" in out and sau.read_text(encoding="utf-8") == edited

    rows = [unit_row(**{"Tóm tắt": "Tóm tắt đã sửa."}), unit_row("Võ Thị Sáu", **{"Tóm tắt": "Cũng sửa."})]
    code, out, _ = imported(content, submission(folder, template, rows))
    assert code == 0 and "0 tạo mới, 1 cập nhật, 0 không đổi, 1 bỏ qua" in out
    assert "summary: Tóm tắt đã sửa." in hoa.read_text(encoding="utf-8")
    assert sau.read_text(encoding="utf-8") == edited
    assert "biên tập viên đã sửa hồ sơ" in out and "vo-thi-sau/index.md" in out
    assert len(list((content.root / "profiles").iterdir())) == 2  # no duplicates
    record = (content.root / "nhap-de-nghi.yml").read_text(encoding="utf-8")
    assert record.count("- unit: ubnd-huyen-ham-thuan-bac") == 2


def test_a_csv_with_text_dates_and_one_cell_of_several_fields(content, tmp_path):
    folder = tmp_path / "csv"
    word_report(folder / "bao-cao.docx", "Đinh Văn Hải")
    with open(folder / "de-nghi.csv", "w", encoding="utf-8-sig", newline="") as handle:  # Excel's "CSV UTF-8"
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["STT", "Đối tượng", "Tên điển hình", "Lĩnh vực", "Đơn vị đề nghị", "Ngày gửi", "Tóm tắt",
                         "Tệp báo cáo thành tích"])
        writer.writerow(["1", "Cá nhân", "Đinh Văn Hải", "Y tế; Giáo dục và đào tạo", "UBND huyện Tuy Phong",
                         "ngày 5 tháng 11 năm 2024", "Bác sĩ tuyến xã.", "Bao cao"])
    code, out, err = imported(content, folder / "de-nghi.csv")
    assert code == 0, err
    text = (content.root / "profiles" / "dinh-van-hai" / "index.md").read_text(encoding="utf-8")
    assert "fields: [y-te, giao-duc-dao-tao]" in text and "submitted: 05/11/2024" in text
    assert "# Báo cáo thành tích của Đinh Văn Hải" in text


@pytest.mark.parametrize("typed", [
    "15/03/2024", "15/3/2024", "15/3/24", "15-03-2024", "15.03.2024", "2024-03-15", "2024/03/15",
    "ngày 15 tháng 3 năm 2024", "Ngày 15 tháng 03 năm 2024", "15 tháng 3, 2024", "15-Mar-2024",
    "15/03/2024 00:00:00", "2024-03-15T00:00:00", " 15 / 03 / 2024 ", 45366, dt.datetime(2024, 3, 15, 8, 30),
])
def test_a_date_typed_in_the_forms_offices_use(typed):
    assert read_date(typed) == dt.date(2024, 3, 15)


@pytest.mark.parametrize("typed, says", [
    ("03/15/2024", "tháng trước ngày"), ("31/02/2024", "không phải là ngày có thật"),
    ("T3/2024", "thiếu ngày"), ("mười lăm tháng ba", "không đọc được"), (7, "là một con số"),
])
def test_a_date_that_cannot_be_read_says_why(typed, says):
    with pytest.raises(CellDateError, match=says):
        read_date(typed)


def test_a_rows_locality_must_be_valid_on_its_date_as_a_profiles_is(content, template, tmp_path):
    # the last day of the districts: imported; the first day of the communes: the cell is named
    assert imported(content, submission(tmp_path / "a", template, [
        unit_row(**{"Ngày gửi": dt.date(2025, 6, 30)})]))[0] == 0
    before = snapshot(content.root)
    code, out, err = imported(content, submission(tmp_path / "b", template, [
        unit_row("Lê Văn Tám", **{"Ngày gửi": dt.date(2025, 7, 1)})], name="de-nghi-quy-3.xlsx"))
    assert code == 1 and out == ""
    assert any(line.startswith("de-nghi-quy-3.xlsx: Đề nghị!H2: lỗi: 'ham-thuan-bac' (Huyện Hàm Thuận Bắc) tồn tại "
                               "đến 30/06/2025, không có vào ngày 01/07/2025: từ ngày 01/07/2025 đã trở thành "
                               "phuong-binh-thuan (Phường Bình Thuận), phuong-ham-thang (Phường Hàm Thắng), ")
               and "xa-ham-thuan-bac (Xã Hàm Thuận Bắc)" in line for line in err.splitlines()), err
    # the unit of that row, as a profile's, is checked on its date too
    assert any(line.startswith("de-nghi-quy-3.xlsx: Đề nghị!I2: lỗi: 'ubnd-huyen-ham-thuan-bac'")
               and "ubnd-xa-ham-thuan-bac" in line for line in err.splitlines()), err
    assert snapshot(content.root) == before
