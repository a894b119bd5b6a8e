"""`site-builder template`: the workbook the council sends to its member units."""

from __future__ import annotations

import yaml
from openpyxl import load_workbook
from support.nominations import messages_in_vietnamese  # noqa: F401 (autouse)

from site_builder.cli.main import main
from site_builder.nominations.spec import load_spec


def _lists(book) -> dict[str, list[str]]:
    """The drop-down lists of the hidden sheet, by the taxonomy each column holds."""
    sheet = book["Danh mục"]
    columns = {}
    for column in sheet.iter_cols(values_only=True):
        columns[column[0]] = [v for v in column[1:] if v]
    return columns


def test_the_template_has_the_nomination_sheet_a_guide_and_drop_downs_of_taxonomy_names(content, tmp_path):
    out = tmp_path / "de-nghi-quy-3.xlsx"
    assert main(["template", str(out), "--content", str(content.root)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Đề nghị", "Hướng dẫn", "Danh mục"]
    assert book["Danh mục"].sheet_state == "hidden"
    data = book["Đề nghị"]
    headings = [c.value for c in data[1]]
    assert headings == [cell.heading for cell in load_spec().sheet_cells()]
    assert headings[:3] == ["Đối tượng", "Tên điển hình", "Lĩnh vực 1"]
    assert {"Đơn vị đề nghị", "Ngày gửi", "Tóm tắt", "Thành tích nổi bật", "Khen thưởng 1: số quyết định",
            "Ảnh 1: tên tệp", "Ảnh 1: mô tả", "Ảnh 1: nguồn ảnh", "Đã có đồng ý công bố", "Ngày đồng ý",
            "Tệp báo cáo thành tích"} <= set(headings)

    lists = _lists(book)
    assert "Y tế" in lists["fields"] and "y-te" not in lists["fields"]
    assert "UBND xã Hàm Thuận Bắc" in lists["units"]
    # Each list column of "Đề nghị" has a list rule pointing at its names on the hidden sheet.
    rules = {}
    for rule in data.data_validations.dataValidation:
        for area in str(rule.sqref).split():
            rules[area.split(":")[0].rstrip("0123456789")] = rule
    field_column = headings.index("Lĩnh vực 1")
    rule = rules[data.cell(row=1, column=field_column + 1).column_letter]
    assert rule.type == "list" and rule.formula1.startswith("'Danh mục'!$")
    consent_rule = rules[data.cell(row=1, column=headings.index("Đã có đồng ý công bố") + 1).column_letter]
    assert consent_rule.formula1 == '"Có,Không"'


def test_the_guide_explains_every_column_in_vietnamese_with_an_example_row(content, tmp_path):
    out = tmp_path / "mau.xlsx"
    main(["template", str(out), "--content", str(content.root)])
    guide = load_workbook(out)["Hướng dẫn"]
    rows = [r for r in guide.iter_rows(values_only=True)]
    assert "Hội đồng Thi đua" in rows[0][0]
    explained = {r[1]: r for r in rows[4:] if r[0] and len(str(r[0])) <= 2}
    headings = [cell.heading for cell in load_spec().sheet_cells()]
    assert set(headings) <= set(explained)
    assert explained["Đơn vị đề nghị"][2] == "Bắt buộc"
    assert "ngày/tháng/năm" in explained["Ngày gửi"][3]
    example_headings, example = rows[-2], rows[-1]
    assert list(example_headings[:len(headings)]) == headings
    filled = dict(zip(example_headings, example))
    assert filled["Đối tượng"] == "Cá nhân" and filled["Ngày gửi"] == "15/03/2024"


def test_another_provinces_taxonomies_give_another_workbook(content, tmp_path):
    fields = content.root / "taxonomies" / "fields.yml"
    fields.write_text(yaml.safe_dump([{"code": "thuy-san", "name": "Thủy sản"},
                                      {"code": "du-lich", "name": "Du lịch biển"}], allow_unicode=True),
                      encoding="utf-8")
    out = tmp_path / "tinh-khac.xlsx"
    assert main(["template", str(out), "--content", str(content.root)]) == 0
    assert _lists(load_workbook(out))["fields"] == ["Thủy sản", "Du lịch biển"]


def test_a_broken_taxonomy_makes_no_template(content, tmp_path, capsys):
    (content.root / "taxonomies" / "units.yml").write_text("- code: x\n  name: X\n  group: khong-co\n", encoding="utf-8")
    out = tmp_path / "mau.xlsx"
    assert main(["template", str(out), "--content", str(content.root)]) == 1
    assert not out.exists()
    assert "units.yml" in capsys.readouterr().err


def test_the_template_offers_the_units_that_exist_on_its_date(content, tmp_path):
    """The district committees ceased on 30/06/2025 and the commune committees began on 01/07/2025
    (units.yml): a workbook of either day offers the units a profile of that day may name."""
    before, after = tmp_path / "truoc.xlsx", tmp_path / "sau.xlsx"
    assert main(["template", str(before), "--content", str(content.root), "--today", "30/06/2025"]) == 0
    assert main(["template", str(after), "--content", str(content.root), "--today", "01/07/2025"]) == 0
    units_before, units_after = _lists(load_workbook(before))["units"], _lists(load_workbook(after))["units"]
    assert "UBND huyện Bắc Bình" in units_before and "UBND xã Bắc Bình" not in units_before
    assert "UBND xã Bắc Bình" in units_after and "UBND huyện Bắc Bình" not in units_after
    assert "Sở Y tế" in units_before and "Sở Y tế" in units_after
    assert len(units_before) - 10 == len(units_after) - 6  # ten district committees out, six communes in
