"""`contest template` and `contest import`: the secretariat's workbook and the entries' files,
made here with openpyxl and python-docx as an organiser's Excel and Word make them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from conftest import SAMPLE_CONTENT
from openpyxl import load_workbook
from PIL import Image
from support.contest import (  # noqa: F401 (fixtures)
    ROWS,
    SLUG,
    contest_folder,
    docx_bytes,
    entry_file,
    leaks,
    load,
    taxonomies,
    workbook,
)

from site_builder.cli.main import main


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT / "contests", root / "contests")
    (root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    return root


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "bai"
    folder.mkdir()
    (folder / "Ong lao giu rung - Truong Van Khai.docx").write_bytes(docx_bytes(
        ["Ông Đinh Văn Rớt đã giữ rừng ba mươi năm.", "Mỗi sáng ông đi tuần quanh khu rừng đầu nguồn."]))
    (folder / "Tieng loa.mp3").write_bytes((SAMPLE_CONTENT / "contests" / SLUG / "entries" / "GNT-0007.mp3").read_bytes())
    for n in (1, 2):
        Image.new("RGB", (320, 200), (30 * n, 90, 60)).save(folder / f"bua com {n}.jpg", "JPEG")
    return folder


def entries(content) -> list[str]:
    return sorted(p.name for p in (contest_folder(content) / "entries").iterdir())


def test_the_round_trip_template_import_and_import_again(tmp_path, content, files, taxonomies, capsys):
    path = workbook(tmp_path, content, ROWS)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 0
    out = capsys.readouterr()
    assert "3 new entries (state: received), 0 already imported" in out.out
    assert "a film encoded without its metadata for the jurors): GNT-0014.mp3 (0:01)" in out.out
    assert "Bài dự thi!3: warning: no confirmation by the locality yet" in out.err
    contests, problems = load(content, taxonomies)
    assert not problems.errors, [str(p) for p in problems.errors]
    new = {e.code: e for e in contests[0].entries if int(e.code[4:]) > 12}
    assert sorted(new) == ["GNT-0013", "GNT-0014", "GNT-0015"]
    article, piece, photos = new["GNT-0013"], new["GNT-0014"], new["GNT-0015"]
    assert article.text == "Ông Đinh Văn Rớt đã giữ rừng ba mươi năm.\n\nMỗi sáng ông đi tuần quanh khu rừng đầu nguồn."
    assert article.verified and article.private["phone"] == "0913 222 333" and article.consent
    assert (piece.file, piece.duration, piece.consent, piece.exemplar.locality) == ("GNT-0014.mp3", "5:30", False,
                                                                                   "xa-duc-linh")
    assert [p.file for p in photos.photos] == ["GNT-0015-anh-1.jpg", "GNT-0015-anh-2.jpg"]
    before = {name: (contest_folder(content) / "entries" / name).read_bytes() for name in entries(content)}
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 0
    assert "0 new entries (state: received), 3 already imported" in capsys.readouterr().out
    assert {name: (contest_folder(content) / "entries" / name).read_bytes() for name in entries(content)} == before


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, content, files, capsys):
    (files / "Ong lao giu rung - Truong Van Khai.docx").write_bytes(docx_bytes(["chữ " * 2001]))
    (files / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * 121_000_000)
    (files / "bom.docx").write_bytes(bomb.getvalue())
    rows = [list(r) for r in ROWS] + [
        ["Bài hỏng", "Bài viết", "Ngô Văn Ba", "Xã Tánh Linh", "0913 000 111", "", "Lê Văn Tư", "Xã Tánh Linh",
         "hong.docx", "", "", "05/04/2026", "Có", "", ""],
        ["Bài quá lớn", "Bài viết", "Ngô Văn Bốn", "Xã Tánh Linh", "0913 000 222", "", "Lê Văn Năm", "Xã Tánh Linh",
         "bom.docx", "", "", "05/04/2026", "Có", "", ""],
        ["Bài thiếu tệp", "Bài viết", "Ngô Văn Sáu", "Xã Tánh Linh", "0913 000 333", "", "Lê Văn Bảy", "Xã Tánh Linh",
         "khong co.docx", "", "", "05/04/2026", "Có", "", ""],
        ["Gọi 0913 000 444", "Bài viết", "Lê Thị Thu Hà", "Xã Tánh Linh", "0913 000 555", "", "Lê Văn Tám",
         "Xã Tánh Linh", "hong.docx", "", "", "05/04/2026", "Có", "", ""],
        ROWS[2],
        ["Bài của tổ thư ký", "Bài viết", "Đinh Thị Mỹ Linh", "Xã Tánh Linh", "0913 000 666", "", "Lê Văn Chín",
         "Xã Tánh Linh", "hong.docx", "", "", "05/04/2026", "Có", "", ""],
    ]
    rows[1][10] = "7:30"
    before = entries(content)
    path = workbook(tmp_path, content, rows)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: Bài dự thi!I2: error: the text has 2001 words, over the genre's limit of 2000" in err
    assert "Bài dự thi!K3: error: the piece lasts 7:30, over the genre's limit of 7 minutes" in err
    assert "Bài dự thi!I5: error: 'hong.docx': the Word file is damaged" in err
    assert "Bài dự thi!I6: error: 'bom.docx': the Word file unpacks to 121 MB, too big" in err
    assert "Bài dự thi!I7: error: the file 'khong co.docx' is not in" in err
    assert "Bài dự thi!C8: error: Lê Thị Thu Hà organises or judges the contest" in err  # a juror
    assert "Bài dự thi!C10: error: Đinh Thị Mỹ Linh organises or judges the contest" in err  # the secretariat
    assert "Bài dự thi!A8: error: '0913 000 444' looks like a phone number and would be published" in err
    assert "Bài dự thi!9: error: the same title by the same author as row 4; keep one row" in err
    assert "nothing was changed" in err
    assert entries(content) == before


def test_a_changed_heading_of_the_workbook_is_named_with_its_cell(tmp_path, content, files, capsys):
    path = workbook(tmp_path, content, ROWS[:1])
    book = load_workbook(path)
    book["Bài dự thi"]["C1"] = "Người viết"  # was "Tác giả"
    book.save(path)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "Bài dự thi!C1: error: the column 'Người viết' is not in the template" in err
    assert "Bài dự thi!1: error: the column 'Tác giả' is missing (required)" in err


def ffmpeg(*arguments: str) -> None:
    """A recording made as a phone or an editing program makes one, from ffmpeg's own test sources."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments], check=True)


def piece(title: str, file: str, duration: str) -> list:
    """A row of the radio, TV and video genre, by Hà Thị Mai (phone 0356 444 555)."""
    row = list(ROWS[1])
    row[0], row[8], row[10] = title, file, duration
    return row


def test_a_film_goes_through_the_media_stage_and_reaches_the_jurors_without_its_metadata(tmp_path, content, files,
                                                                                         taxonomies, capsys):
    # A two-second clip whose metadata, as a phone or an editing program writes it, names its author.
    film = files / "Tieng loa - video.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2", "-f", "lavfi", "-i",
           "sine=frequency=440:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
           "-metadata", "artist=Hà Thị Mai", "-metadata", "comment=Hà Thị Mai, 0356 444 555", str(film))
    assert "Hà Thị Mai".encode() in film.read_bytes()
    cache = tmp_path / "cache"
    row = piece("Tiếng loa ở xóm đạo (video)", film.name, "")
    row[13:15] = ["UBND xã Đức Linh", "20/04/2026"]  # its exemplar confirmed: it may reach the final round
    path = workbook(tmp_path, content, [row])
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content),
                 "--cache", str(cache)]) == 0
    assert "a film encoded without its metadata for the jurors): GNT-0013.mp4 (0:02)" in capsys.readouterr().out
    entry = entry_file(content, 13)
    text = entry.read_text(encoding="utf-8")
    assert "file: GNT-0013.mp4\n" in text and "duration: 0:02\n" in text  # the length read from the file
    assert (cache / "recordings").is_dir()  # encoded into the build's cache of films, by the media stage
    # Moved on to the final round, the clip is judged: the jurors get the rendition, never the file as sent.
    entry.write_text(text.replace("state: received", "state: round\nround: 2"), encoding="utf-8")
    pack = tmp_path / "pack"
    assert main(["contest", "jury-pack", SLUG, "--round", "2", "--out", str(pack), "--content", str(content),
                 "--cache", str(cache)]) == 0
    assert "not in the pack" not in capsys.readouterr().err
    sent = pack / "gk-1" / "bai" / "GNT-0013.mp4"
    assert sent.is_file() and sent.read_bytes() != film.read_bytes()
    contest = load(content, taxonomies)[0][0]
    assert leaks(pack, contest) == []


def test_a_recording_damaged_longer_than_its_genre_or_not_one_is_refused_by_its_cell(tmp_path, content, files,
                                                                                    capsys):
    (files / "hong.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8)
    # 7 minutes 5 seconds of silence, typed in the workbook as 5 minutes.
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "425", "-c:a", "libmp3lame", "-b:a", "8k",
           str(files / "dai.mp3"))
    (files / "ban-thao.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    rows = [piece("Bài hỏng", "hong.mp4", "5:00"), piece("Bài dài", "dai.mp3", "5:00"),
            piece("Bài bản thảo", "ban-thao.pdf", "5:00")]
    before = entries(content)
    path = workbook(tmp_path, content, rows)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content),
                 "--cache", str(tmp_path / "cache")]) == 1
    err = capsys.readouterr().err
    assert "Bài dự thi!I2: error: 'hong.mp4': ffmpeg cannot read this file" in err
    assert "Bài dự thi!I3: error: the file lasts 7:05, over the genre's limit of 7 minutes" in err
    assert "Bài dự thi!I4: error: 'ban-thao.pdf' is not a sound or film file" in err
    assert "nothing was changed" in err
    assert entries(content) == before


def test_an_oversized_word_file_and_too_many_photos_are_refused_by_their_cells(tmp_path, content, files, capsys):
    with open(files / "qua-lon.docx", "wb") as big:  # 31 MB, over the Word files' 30 MB (theme/contest.yml)
        big.truncate(31_000_000)
    for n in range(3, 7):
        Image.new("RGB", (64, 48), (30 * n, 90, 60)).save(files / f"bua com {n}.jpg", "JPEG")
    article, photos = list(ROWS[0]), list(ROWS[2])
    article[8] = "qua-lon.docx"
    photos[9] = "; ".join(f"bua com {n}.jpg" for n in range(1, 7))  # 6 photos, the genre takes 5
    before = entries(content)
    path = workbook(tmp_path, content, [article, photos])
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "Bài dự thi!I2: error: the file 'qua-lon.docx' is 31.0 MB, over the limit of 30 MB" in err
    assert "Bài dự thi!J3: error: 6 photos, over the genre's limit of 5" in err
    assert "nothing was changed" in err
    assert entries(content) == before


def test_the_files_may_come_as_one_zip(tmp_path, content, files, capsys):
    archive = tmp_path / "bai-du-thi.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(files.iterdir()):
            bundle.write(path, f"bai du thi/{path.name}")  # in a folder, as a zip made by Windows keeps them
    path = workbook(tmp_path, content, ROWS)
    assert main(["contest", "import", SLUG, path, "--files", str(archive), "--content", str(content)]) == 0
    assert "3 new entries (state: received), 0 already imported" in capsys.readouterr().out
    assert {"GNT-0013.md", "GNT-0014.mp3", "GNT-0015-anh-1.jpg", "GNT-0015-anh-2.jpg"} <= set(entries(content))


def test_the_articles_word_files_are_converted_ahead_on_every_core_and_a_bad_one_still_named_by_its_cell(
        tmp_path, content, files, monkeypatch, capsys):
    rows = []
    for n in range(10):  # past nominations/report.PARALLEL_REPORTS_FROM
        (files / f"bai {n}.docx").write_bytes(docx_bytes([f"Đoạn mở đầu của bài số {n}.", "chữ " * (100 + n)]))
        rows.append([f"Bài viết số {n}", "Bài viết", f"Tác giả {n}", "Xã Tánh Linh", "0913 222 333", "",
                     f"Nhân vật {n}", "Xã Tánh Linh", f"bai {n}.docx", "", "", "02/04/2026", "Có", "", ""])
    # The reader converts a file itself only when it was not converted ahead, or failed there.
    import site_builder.contest.intake as intake
    converted_by_the_reader = []
    convert_now = intake.convert_report
    monkeypatch.setattr(intake, "convert_report", lambda data, limit, file="": (
        converted_by_the_reader.append(file), convert_now(data, limit, file=file))[1])
    path = workbook(tmp_path, content, rows)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 0
    assert converted_by_the_reader == []
    assert "10 new entries" in capsys.readouterr().out
    # Each text is its own file's, in the rows' order (GNT-0013 … GNT-0022 after the sample's 12).
    for n in range(10):
        assert f"Đoạn mở đầu của bài số {n}." in entry_file(content, 13 + n).read_text(encoding="utf-8")

    # A damaged file among them: converted ahead, failed there, converted again by the reader for
    # its message, which names the file as the cell does; nothing is written.
    (files / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    damaged = [*rows[:9], [*rows[9][:8], "hong.docx", *rows[9][9:]]]
    damaged = [[f"{row[0]} (lần 2)", *row[1:]] for row in damaged]
    before = entries(content)
    path = workbook(tmp_path, content, damaged)
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 1
    assert converted_by_the_reader == ["hong.docx"]
    assert "Bài dự thi!I11: error: 'hong.docx': the Word file is damaged" in capsys.readouterr().err
    assert entries(content) == before
