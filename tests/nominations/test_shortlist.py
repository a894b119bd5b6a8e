"""`shortlist EVENT`: the workbook of an event's candidates; `--apply FILE`: the chosen rows into the
event file, all or nothing, each mistake named by sheet, row and column, idempotent."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE_CONTENT
from openpyxl import load_workbook

from site_builder.content.load import load_content
from site_builder.nominations import shortlist

CONGRESS = "dai-hoi-thi-dua-yeu-nuoc-lam-dong-2025"
SHEET = "Ứng viên"


@pytest.fixture
def site(tmp_path):
    """A copy of the sample content, its congress list emptied, and the workbook made from it."""
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    event_file = root / "events" / f"{CONGRESS}.md"
    text = event_file.read_text(encoding="utf-8")
    start, end = text.index("honourees:"), text.index("\n---", text.index("honourees:"))
    event_file.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    content, problems = load_content(root)
    assert not problems.errors, problems.errors
    workbook = tmp_path / "chon.xlsx"
    shortlist.write_workbook(content, content.events.by_slug()[CONGRESS], workbook)
    return root, event_file, workbook


def loaded(root):
    content, problems = load_content(root)
    assert not problems.errors, [str(p) for p in problems.errors]
    return content, content.events.by_slug()[CONGRESS]


def choose(workbook, rows: dict[int, tuple[str, str]], header: dict[int, str] | None = None) -> None:
    """Fill the workbook as the council does in Excel: a role from the drop-down and a delegation."""
    book = load_workbook(workbook)
    sheet = book[SHEET]
    for row, (role, delegation) in rows.items():
        sheet.cell(row=row, column=12, value=role)
        sheet.cell(row=row, column=13, value=delegation)
    for column, text in (header or {}).items():
        sheet.cell(row=1, column=column, value=text)
    book.save(workbook)


def test_candidates_meet_the_criteria_withheld_ones_included(site):
    root, _file, workbook = site
    content, event = loaded(root)
    sheet = load_workbook(workbook)[SHEET]
    slugs = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    profiles = {p.slug: p for p in content.profiles}
    criteria = event.criteria
    for slug in slugs:
        p = profiles[slug]
        assert p.submitted <= event.start and p.status != "withdrawn" and p.kind in criteria.kinds
        assert any(a.award.code in criteria.awards and criteria.start <= a.date <= criteria.end for a in p.awards)
    assert "cong-ty-tnhh-che-bien-hai-san-hoa-thuan-phat" in slugs  # embargoed: not public, a candidate still
    assert "le-van-hai" not in slugs  # submitted after the congress
    missed = [p.slug for p in content.profiles if p.slug not in slugs and p.status != "withdrawn"
              and p.submitted <= event.start and any(a.award.code in criteria.awards
                                                      and criteria.start <= a.date <= criteria.end for a in p.awards)]
    assert missed == []


def test_the_workbook_gives_reasons_a_drop_down_and_running_totals(site):
    _root, _file, workbook = site
    book = load_workbook(workbook)
    sheet = book[SHEET]
    first = [c.value for c in sheet[2]]
    assert first[9].startswith(("Bằng khen", "Danh hiệu", "Cờ thi đua"))  # why it qualifies
    (rule,) = sheet.data_validations.dataValidation
    assert rule.type == "list" and "L2" in str(rule.sqref) and rule.formula1.startswith("'Danh mục'!")
    roles = [row[0] for row in book["Danh mục"].iter_rows(values_only=True)]
    assert "Được tôn vinh" in roles and book["Danh mục"].sheet_state == "hidden"
    assert first[13] == '=COUNTIFS($I$2:I2,I2,$L$2:L2,"?*")' and first[14] == 5  # chosen in the group / its share
    shares = [row[:2] for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)]
    assert ("Kinh tế", 5) in shares and ("Hộ gia đình", 2) in shares and shares[-1][1] == 14


def test_applying_writes_the_chosen_rows_and_again_changes_nothing(site):
    root, event_file, workbook = site
    choose(workbook, {2: ("Được tôn vinh", "Đoàn khối kinh tế"), 3: ("Đại biểu chính thức", "")})
    content, event = loaded(root)
    result, problems = shortlist.apply_workbook(workbook, content, event)
    assert not problems.errors and (result.added, result.changed, result.written) == (2, 0, True)
    content, event = loaded(root)
    sheet = load_workbook(workbook)[SHEET]
    assert [h.profile for h in event.honourees] == [sheet["B2"].value, sheet["B3"].value]
    assert [h.role for h in event.honourees] == ["duoc-ton-vinh", "dai-bieu-chinh-thuc"]
    assert event.honourees[0].delegation == "Đoàn khối kinh tế" and event.honourees[0].group == "kinh-te"
    before = event_file.read_bytes()
    again, _problems = shortlist.apply_workbook(workbook, content, event)
    assert (again.added, again.changed, again.unchanged, again.written) == (0, 0, 2, False)
    assert event_file.read_bytes() == before


@pytest.mark.parametrize("mistake, expected", [
    ("header", "chon.xlsx: Ứng viên!L1: error: the heading is 'Vai trò' where 'Chọn (vai trò)' belongs"),
    ("choice", "chon.xlsx: Ứng viên!L3: error: 'Tôn vinh' is not one of the choices (Đại biểu chính thức, Khách "
               "mời, Được tôn vinh, Được đề xuất, Được khen thưởng) — did you mean 'Được tôn vinh'?"),
    ("removed", "chon.xlsx: Ứng viên!B{row}: error: no profile has the slug '{slug}' (removed or renamed since the "
                "workbook was made)"),
])
def test_a_mistake_in_the_workbook_writes_nothing(site, mistake, expected):
    root, event_file, workbook = site
    rows = {2: ("Được tôn vinh", ""), 3: ("Tôn vinh" if mistake == "choice" else "Được tôn vinh", "")}
    if mistake == "removed":  # a profile nothing else names, deleted after the workbook was made
        content, _event = loaded(root)
        named = {slug for p in content.profiles for slug in p.related}
        named |= {h.profile for e in content.events.events for h in e.honourees}
        sheet = load_workbook(workbook)[SHEET]
        row, slug = next((r, sheet.cell(row=r, column=2).value) for r in range(2, sheet.max_row + 1)
                         if sheet.cell(row=r, column=2).value not in named)
        rows[row] = ("Được tôn vinh", "")
        shutil.rmtree(next(p.source.parent for p in content.profiles if p.slug == slug))
        expected = expected.format(row=row, slug=slug)
    choose(workbook, rows, header={12: "Vai trò"} if mistake == "header" else None)
    content, event = loaded(root)
    before = event_file.read_bytes()
    result, problems = shortlist.apply_workbook(workbook, content, event)
    assert result is None
    assert any(str(p).startswith(expected) for p in problems.errors), [str(p) for p in problems.errors]
    assert event_file.read_bytes() == before
