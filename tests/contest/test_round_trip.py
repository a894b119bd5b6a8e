"""The whole contest through the organisers' commands, on a copy of the sample content, with real
.xlsx and .docx files: template -> import -> jury-pack -> scores -> results -> build -> nominate -> check."""

from __future__ import annotations

import shutil

import yaml
from conftest import SAMPLE_CONTENT, copy_of_sample_caches
from openpyxl import load_workbook
from support.contest import ROWS, SLUG, contest_folder, docx_bytes, workbook

from site_builder.cli.main import main


def set_state(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_from_the_entries_received_to_the_draft_profiles(sample_build, tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    entries = contest_folder(content) / "entries"
    # A contest still judging its final round: the sample's winners back in round 2, results not yet decided.
    for number in (1, 2, 3, 4, 5):
        path = entries / f"GNT-{number:04d}.md"
        text = path.read_text(encoding="utf-8")
        prize = next(line for line in text.splitlines() if line.startswith("prize: "))
        set_state(path, f"state: awarded\n{prize}\n", "state: round\nround: 2\n")
    files = tmp_path / "bai"
    files.mkdir()
    (files / "Ong lao giu rung - Truong Van Khai.docx").write_bytes(docx_bytes(
        ["Ông Đinh Văn Rớt đã giữ rừng ba mươi năm, cùng bà con canh lửa mỗi mùa khô."]))
    # 1. Intake: one article, confirmed by its locality.
    path = workbook(tmp_path, content, ROWS[:1])
    assert main(["contest", "import", SLUG, path, "--files", str(files), "--content", str(content)]) == 0
    new = entries / "GNT-0013.md"
    # 2. The secretariat finds it valid, and the jury moves it to the final round.
    set_state(new, "state: received", "state: round\nround: 2")
    set_state(new, "  locality: xa-tanh-linh\n", "  locality: xa-tanh-linh\n  kind: ca-nhan\n  fields: [nong-nghiep]\n")
    # 3. The jury pack of the final round, and the jurors' workbooks filled in from it.
    pack = tmp_path / "pack"
    assert main(["contest", "jury-pack", SLUG, "--round", "2", "--out", str(pack), "--content", str(content)]) == 0
    scores = {"GNT-0001": 9, "GNT-0002": 8, "GNT-0003": 7.5, "GNT-0004": 7, "GNT-0005": 6.5, "GNT-0006": 6,
              "GNT-0013": 8.5}
    workbooks = []
    for juror in ("gk-1", "gk-2", "gk-3"):
        sheet_path = pack / juror / f"phieu-cham-vong-2-{juror}.xlsx"
        book = load_workbook(sheet_path)
        sheet = book.active
        for row in range(7, 7 + len(scores)):
            for column in (2, 3, 4):
                sheet.cell(row, column, scores[sheet.cell(row, 1).value])
        book.save(sheet_path)
        workbooks.append(str(sheet_path))
    # 4. The ranking: GNT-0013 second, so Giải Nhì is proposed for it.
    assert main(["contest", "scores", SLUG, "--round", "2", "--content", str(content), *workbooks]) == 0
    result = yaml.safe_load((contest_folder(content) / "vong-2.yml").read_text(encoding="utf-8"))
    proposed = {r["code"]: r.get("proposed_prize") for r in result["ranking"]}
    assert proposed == {"GNT-0001": "giai-nhat", "GNT-0013": "giai-nhi", "GNT-0002": "giai-ba",
                        "GNT-0003": "khuyen-khich", "GNT-0004": "khuyen-khich", "GNT-0005": None, "GNT-0006": None}
    # 5. The jury decides as proposed; the organisers record it in the entries.
    for code, prize in proposed.items():
        if prize:
            set_state(entries / f"{code}.md", "state: round\nround: 2", f"state: awarded\nprize: {prize}")
    # 6. The site: the new winner published, its author's phone nowhere.
    site = tmp_path / "site"
    cache = copy_of_sample_caches(sample_build, tmp_path / "cache")  # the organisers' machine built the site before
    assert main(["build", "--content", str(content), "--out", str(site), "--today", "30/06/2026",
                 "--cache", str(cache)]) == 0
    page = (site / "cuoc-thi" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Ông lão giữ rừng" in page and "Trương Văn Khải" in page
    assert not any(b"0913 222 333" in p.read_bytes() for p in site.rglob("*") if p.is_file())
    # 7. The exemplars found become draft profiles; the content still checks.
    assert main(["contest", "nominate", SLUG, "--content", str(content), "--today", "01/07/2026"]) == 0
    assert (content / "profiles" / "dinh-van-rot" / "index.md").is_file()
    capsys.readouterr()
    assert main(["check", "--content", str(content), "--today", "01/07/2026"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
