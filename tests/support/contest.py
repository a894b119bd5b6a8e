"""A copy of the sample contest in a temporary content folder, to be changed by each test."""

from __future__ import annotations

import functools
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT
from docx import Document
from openpyxl import load_workbook

from site_builder.cli.main import main
from site_builder.content.diagnostics import Problems
from site_builder.content.load import load_content
from site_builder.content.taxonomies import validate_taxonomies
from site_builder.content.text import fold
from site_builder.contest.load import load_contests
from site_builder.contest.privacy import PHONE, digits

SLUG = "guong-nguoi-tot-quanh-ta-2026"


@functools.cache
def profile_slugs() -> frozenset[str]:
    """The sample profiles' slugs (a profile's slug is not always its folder's name)."""
    content, _problems = load_content(SAMPLE_CONTENT)
    return frozenset(p.slug for p in content.profiles)


@pytest.fixture(scope="session")
def taxonomies():
    problems = Problems()
    tax = validate_taxonomies(SAMPLE_CONTENT, problems)
    assert not problems.errors
    return tax


@pytest.fixture
def contest_root(tmp_path) -> Path:
    """A content folder holding only contests/, with the sample contest."""
    shutil.copytree(SAMPLE_CONTENT / "contests", tmp_path / "contests")
    return tmp_path


def contest_folder(root: Path) -> Path:
    return root / "contests" / SLUG


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def entry_file(root: Path, number: int) -> Path:
    return contest_folder(root) / "entries" / f"GNT-{number:04d}.md"


def load(root: Path, taxonomies, today=None):
    """The contests of `root`, checked as `check` and `build` check them on `today` (None: as the
    contest's own commands read them, without what publishing needs)."""
    problems = Problems()
    contests = load_contests(root, taxonomies, set(profile_slugs()), problems, today)
    return contests, problems


def errors(problems: Problems) -> list[str]:
    return [str(p) for p in problems.errors]


def filled_workbook(path: Path, contest, number: int, juror: str, scores: dict[str, list]) -> Path:
    """The jury pack's workbook for `juror`, filled as a juror fills it in Excel: one row of
    criterion scores per entry code (a code left out of `scores` stays blank)."""
    import io

    from openpyxl import load_workbook

    from site_builder.contest.workbook import HEADER_ROW, score_workbook

    round_ = next(r for r in contest.rounds if r.number == number)
    codes = [e.code for e in contest.entries_in_round(number)]
    book = load_workbook(io.BytesIO(score_workbook(contest, round_, next(j for j in contest.jury if j.code == juror),
                                                   codes)))
    sheet = book.active
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(codes)):
        for column, value in enumerate(scores.get(sheet.cell(row, 1).value, []), start=2):
            sheet.cell(row, column, value)
    book.save(path)
    return path


# The secretariat's workbook, as tests fill it.
ROWS = [
    # title, genre, author, address, phone, email, exemplar, locality, file, photos, duration, received,
    # consent, verified by, verified on
    ["Ông lão giữ rừng", "Bài viết", "Trương Văn Khải", "Số 3 đường Hải Thượng Lãn Ông, Xã Tánh Linh",
     "0913 222 333", "", "Đinh Văn Rớt", "Xã Tánh Linh", "Ong lao giu rung - Truong Van Khai.docx", "", "",
     "02/04/2026", "Có", "UBND xã Tánh Linh", "20/04/2026"],
    ["Tiếng loa ở xóm đạo", "Tác phẩm phát thanh, truyền hình, video clip", "Hà Thị Mai", "Xã Đức Linh",
     "0356 444 555", "", "Ông Phêrô Nguyễn Văn Lành", "Xã Đức Linh", "Tieng loa.mp3", "", "5:30", "03/04/2026",
     "Không", "", ""],
    ["Những bữa cơm 0 đồng", "Ảnh", "Lưu Minh Trí", "Phường Phan Thiết", "0777 666 888", "", "Bếp ăn Thiện Tâm",
     "Phường Phan Thiết", "", "bua com 1.jpg; bua com 2.jpg", "", "04/04/2026", "Có", "", ""],
]


def docx_bytes(paragraphs: list[str], author: str = "Trương Văn Khải") -> bytes:
    doc = Document()
    doc.core_properties.author = author
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def workbook(tmp_path, content, rows) -> str:
    path = tmp_path / "nhan-bai.xlsx"
    assert main(["contest", "template", SLUG, str(path), "--content", str(content)]) == 0
    book = load_workbook(path)
    sheet = book["Bài dự thi"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value or None)
    book.save(path)
    return str(path)


def every_part(folder: Path):
    """(name, bytes) of every file of the pack, and of every member of every zip (.docx, .xlsx) in it."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield str(path), data
            if data[:2] == b"PK":
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    for member in archive.namelist():
                        yield f"{path}!{member}", archive.read(member)


def leaks(folder: Path, contest) -> list[str]:
    """Every author's name (also without diacritics), private value and phone number found in any
    file of a jury pack or in any member of its zips."""
    secrets = {s for e in contest.entries for s in (e.author, *map(str, e.private.values()))}
    folded_secrets = {s: fold(s) for s in secrets}
    numbers = {d for d in (digits(s) for s in secrets) if re.fullmatch(r"0\d{9,10}", d)}
    found = []
    for name, data in every_part(folder):
        text = data.decode("utf-8", errors="ignore")
        folded = fold(text)
        only_digits = re.sub(r"\D", "", text)
        found += [f"{name}: {s}" for s in secrets if s in text or folded_secrets[s] in folded or s in name]
        found += [f"{name}: {m.group(0)}" for m in PHONE.finditer(text)]
        found += [f"{name}: {d}" for d in numbers if d in only_digits]
    return found
