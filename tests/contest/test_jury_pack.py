"""`contest jury-pack`: the jurors' files carry no author's name and no phone number, in any
byte of any file, the XML inside the Word and Excel files included."""

from __future__ import annotations

import io
import zipfile
from fractions import Fraction

from conftest import SAMPLE_CONTENT
from docx import Document
from docx.oxml import parse_xml
from openpyxl import load_workbook
from PIL import Image
from support.contest import (  # noqa: F401 (fixtures)
    ROWS,
    SLUG,
    contest_folder,
    contest_root,
    edit,
    entry_file,
    leaks,
    load,
    taxonomies,
    workbook,
)

from site_builder.cli.main import main
from site_builder.contest.jury_pack import anonymised

ROUND = ["contest", "jury-pack", "guong-nguoi-tot-quanh-ta-2026"]


def test_each_juror_gets_a_workbook_and_the_rounds_entries_with_no_author_anywhere(tmp_path, contest_root,
                                                                                   taxonomies, capsys):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    # An author who signs the text (in capitals), and a photo whose EXIF and comment name its owner.
    edit(entry_file(contest_root, 1), "---\nSáng nào", "---\nBài của VÕ THỊ THANH TÂM.\n\nSáng nào")
    photo = contest_folder(contest_root) / "entries" / "GNT-0005-1.jpg"
    image = Image.open(photo)
    exif = Image.Exif()
    exif[0x013B] = "Huynh Van Loc"  # Artist
    image.save(photo, "JPEG", exif=exif.tobytes(), comment=b"Huynh Van Loc 0977889505")
    out = tmp_path / "pack"
    assert main([*ROUND, "--round", "2", "--out", str(out), "--content", str(contest_root)]) == 0
    assert "3 jurors, 6 entries of round 2" in capsys.readouterr().out
    contest = load(contest_root, taxonomies)[0][0]
    assert sorted(p.name for p in out.iterdir()) == ["gk-1", "gk-2", "gk-3"]
    names = sorted(p.name for p in (out / "gk-2" / "bai").iterdir())
    assert names == ["GNT-0001.docx", "GNT-0002.docx", "GNT-0003.docx", "GNT-0003.mp3", "GNT-0004-anh-1.jpg",
                     "GNT-0004-anh-2.jpg", "GNT-0004.docx", "GNT-0005-anh-1.jpg", "GNT-0005-anh-2.jpg",
                     "GNT-0005.docx", "GNT-0006.docx"]
    assert leaks(out, contest) == []
    # The text is there, without its author.
    text = "\n".join(p.text for p in Document(out / "gk-1" / "bai" / "GNT-0001.docx").paragraphs)
    assert "Bài của [đã ẩn]." in text and "Người giữ lửa nơi đảo xa" in text
    core = zipfile.ZipFile(out / "gk-1" / "bai" / "GNT-0001.docx").read("docProps/core.xml").decode()
    assert "<dc:creator></dc:creator>" in core or "<dc:creator/>" in core
    assert "python-docx" not in core
    # The workbook: the round's codes, a drop-down of the scores 0, 0.5 … 10 for every score cell.
    sheet = load_workbook(out / "gk-3" / "phieu-cham-vong-2-gk-3.xlsx").active
    assert sheet["B3"].value == "gk-3" and [sheet.cell(r, 1).value for r in range(7, 13)] == [
        f"GNT-000{n}" for n in range(1, 7)]
    rules = sheet.data_validations.dataValidation
    assert [(r.type, r.formula1, str(r.sqref), r.showErrorMessage) for r in rules] == [
        ("list", "'Thang điểm'!$A$1:$A$21", "B7:B12", True), ("list", "'Thang điểm'!$A$1:$A$21", "C7:C12", True),
        ("list", "'Thang điểm'!$A$1:$A$21", "D7:D12", True)]
    scale = sheet.parent["Thang điểm"]
    assert scale.sheet_state == "hidden"
    assert [scale.cell(r, 1).value for r in range(1, 22)] == [n / 2 for n in range(21)]  # 0, 0.5 … 10, as numbers


def test_the_scores_a_jurors_workbook_offers_follow_the_contests_score_step(contest_root, taxonomies, tmp_path):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    edit(contest_folder(contest_root) / "contest.md", "score_step: 0.5", "score_step: 0.25")
    contests, problems = load(contest_root, taxonomies)
    assert not problems.errors
    contest = contests[0]
    assert contest.score_step == Fraction(1, 4)
    out = tmp_path / "pack"
    assert main([*ROUND, "--round", "2", "--out", str(out), "--content", str(contest_root)]) == 0
    sheet = load_workbook(out / "gk-1" / "phieu-cham-vong-2-gk-1.xlsx").active
    assert "mỗi bậc 0,25 điểm" in sheet["A2"].value
    assert [(r.formula1, "mỗi bậc 0,25 điểm" in r.error) for r in sheet.data_validations.dataValidation] == [
        ("'Thang điểm'!$A$1:$A$41", True)] * 3
    scale = sheet.parent["Thang điểm"]
    assert [scale.cell(r, 1).value for r in range(1, 42)] == [n / 4 if n % 4 else n // 4 for n in range(41)]


def test_the_same_round_gives_the_same_pack_and_a_used_folder_is_refused(tmp_path, taxonomies, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert main([*ROUND, "--round", "1", "--out", str(out), "--content", str(SAMPLE_CONTENT)]) == 0
    assert {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()} == \
           {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    assert leaks(first, load(SAMPLE_CONTENT, taxonomies)[0][0]) == []  # the sample's round 1 too: every round scanned
    assert main([*ROUND, "--round", "1", "--out", str(first), "--content", str(SAMPLE_CONTENT)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err


def test_the_name_private_values_and_phone_numbers_are_taken_out_of_a_text(taxonomies):
    entry = load(SAMPLE_CONTENT, taxonomies)[0][0].entries[0]
    text = "Tác giả Võ Thị Thanh Tâm, ở Số 7 đường Lê Hồng Phong, Thôn Tân Hải, Đặc khu Phú Quý, gọi 0987.654.302."
    assert anonymised(text, entry, "[x]") == "Tác giả [x], ở [x], gọi [x]."


def signed_word_file(author: str, phone: str) -> bytes:
    """An article as Word keeps it after its author's edits: her name as creator and last editor,
    in a custom property, on a comment, on a tracked insertion, and with her phone in a tracked
    deletion; the text itself names neither."""
    doc = Document()
    doc.core_properties.author = doc.core_properties.last_modified_by = author
    first = doc.add_paragraph("Ông Đinh Văn Rớt đã giữ rừng ba mươi năm.")
    doc.add_comment(first.runs, text=f"Sửa lại đoạn này, gọi {phone}", author=author, initials="TVK")
    second = doc.add_paragraph("Mỗi sáng ông đi tuần quanh khu rừng đầu nguồn.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    second._p.append(parse_xml(  # a tracked deletion and a tracked insertion, both hers
        f'<w:del xmlns:w="{w}" w:id="91" w:author="{author}" w:date="2026-04-01T08:00:00Z"><w:r>'
        f'<w:delText>Liên hệ tác giả {author}, {phone}.</w:delText></w:r></w:del>'))
    second._p.append(parse_xml(
        f'<w:ins xmlns:w="{w}" w:id="92" w:author="{author}" w:date="2026-04-01T08:01:00Z"><w:r>'
        f'<w:t xml:space="preserve"> Mùa khô năm nào ông cũng canh lửa.</w:t></w:r></w:ins>'))
    out = io.BytesIO()
    doc.save(out)
    # A custom property, as Word's File > Properties > Custom writes it.
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Tác giả">'
              f'<vt:lpwstr>{author} – {phone}</vt:lpwstr></property></Properties>')
    source, signed = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(signed, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/docProps/custom.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
            if name == "_rels/.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdCustom" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                                    b'Target="docProps/custom.xml"/></Relationships>')
            target.writestr(name, data)
        target.writestr("docProps/custom.xml", custom)
    return signed.getvalue()


def test_what_a_word_file_keeps_of_its_author_never_reaches_the_jurors(tmp_path, contest_root, taxonomies, capsys):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    word = signed_word_file("Trương Văn Khải", "0913 222 333")
    parts = b"".join(zipfile.ZipFile(io.BytesIO(word)).read(n) for n in zipfile.ZipFile(io.BytesIO(word)).namelist())
    assert parts.count("Trương Văn Khải".encode()) >= 5 and b"0913 222 333" in parts  # the test's own premise
    files = tmp_path / "bai"
    files.mkdir()
    (files / ROWS[0][8]).write_bytes(word)
    row = list(ROWS[0])
    path = workbook(tmp_path, contest_root, [row])
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(contest_root)]) == 0
    entry = entry_file(contest_root, 13)
    edit(entry, "state: received", "state: valid")
    out = tmp_path / "pack"
    assert main([*ROUND, "--round", "1", "--out", str(out), "--content", str(contest_root)]) == 0
    text = "\n".join(p.text for p in Document(out / "gk-1" / "bai" / "GNT-0013.docx").paragraphs)
    assert "Ông Đinh Văn Rớt đã giữ rừng ba mươi năm." in text and "ông cũng canh lửa" in text
    assert leaks(out, load(contest_root, taxonomies)[0][0]) == []


def test_a_damaged_film_stops_the_pack_naming_its_entry(tmp_path, contest_root, capsys):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    entries = contest_folder(contest_root) / "entries"
    edit(entries / "GNT-0003.md", "file: GNT-0003.mp3", "file: GNT-0003.mp4")
    (entries / "GNT-0003.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8)
    out = tmp_path / "pack"
    assert main([*ROUND, "--round", "2", "--out", str(out), "--content", str(contest_root),
                 "--cache", str(tmp_path / "cache")]) == 1
    assert f"{entries / 'GNT-0003.md'}: error: 'file': 'GNT-0003.mp4': ffmpeg cannot read this file" in \
        capsys.readouterr().err
    assert not out.exists()
