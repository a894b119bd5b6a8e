"""`contest scores`: the jurors' workbooks of a round read back, checked, ranked and written."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

import yaml
from conftest import SAMPLE_CONTENT
from openpyxl import load_workbook
from support.contest import (  # noqa: F401 (fixtures)
    contest_folder,
    contest_root,
    filled_workbook,
    load,
    taxonomies,
)

from site_builder.cli.main import main
from site_builder.content.diagnostics import Problems
from site_builder.contest.scores import score_round

# Round 2 of the sample: GNT-0001 … GNT-0006, criteria weighted 40, 35, 25.
ROUND_2 = {
    "gk-1": {"GNT-0001": [9, 9, 8], "GNT-0002": [8, 8, 8], "GNT-0003": [8, 7, 9], "GNT-0004": [7, 7, 7],
             "GNT-0005": [7, 6, 8], "GNT-0006": [6, 6, 6]},
    "gk-2": {"GNT-0001": [10, 9, 9], "GNT-0002": [8, 9, 7], "GNT-0003": [8, 8, 7], "GNT-0004": [7, 8, 6],
             "GNT-0005": [6, 7, 7], "GNT-0006": [9, 9, 9]},
    "gk-3": {"GNT-0001": [9, 8, 8], "GNT-0002": [8.5, 8, 7.5], "GNT-0003": [7, 7, 8], "GNT-0004": [7, 6, 7],
             "GNT-0005": [7, 7, 6], "GNT-0006": [5, 5, 5]},
}


def sample_contest(taxonomies):
    contests, _problems = load(SAMPLE_CONTENT, taxonomies)
    return contests[0]


def workbooks(tmp_path, contest, number: int, scores: dict) -> list:
    return [filled_workbook(tmp_path / f"{juror}.xlsx", contest, number, juror, rows) for juror, rows in scores.items()]


def test_the_final_round_is_ranked_by_the_trimmed_mean_of_the_weighted_totals(tmp_path, taxonomies):
    contest = sample_contest(taxonomies)
    problems = Problems()
    result = score_round(contest, 2, workbooks(tmp_path, contest, 2, ROUND_2), problems)
    assert not problems.items
    by_code = {e.code: e for e in result.ranking}
    # GNT-0001: gk-1 (9×40 + 9×35 + 8×25)/100 = 8.75, gk-2 (400 + 315 + 225)/100 = 9.4,
    # gk-3 (360 + 280 + 200)/100 = 8.4; the trimmed mean keeps the middle one: 8.75.
    assert [(j.juror, j.total) for j in by_code["GNT-0001"].jurors] == [("gk-1", F("8.75")), ("gk-2", F("9.4")),
                                                                         ("gk-3", F("8.4"))]
    assert by_code["GNT-0001"].score == F("8.75")
    # GNT-0002: 8, (320 + 315 + 175)/100 = 8.1, (340 + 280 + 187.5)/100 = 8.075 -> 8.075
    assert by_code["GNT-0002"].score == F("8.075")
    # GNT-0003: (320 + 245 + 225)/100 = 7.9, (320 + 280 + 175)/100 = 7.75, (280 + 245 + 200)/100 = 7.25 -> 7.75
    # GNT-0006: 6, 9, 5: the middle is 6, and 9 - 5 = 4 points apart, over the contest's 2
    assert by_code["GNT-0006"].score == F(6) and by_code["GNT-0006"].disagreement
    assert [(e.code, e.rank, e.proposed_prize) for e in result.ranking] == [
        ("GNT-0001", 1, "giai-nhat"), ("GNT-0002", 2, "giai-nhi"), ("GNT-0003", 3, "giai-ba"),
        ("GNT-0004", 4, "khuyen-khich"), ("GNT-0005", 5, "khuyen-khich"), ("GNT-0006", 6, "")]


def test_the_command_writes_the_rounds_result_into_the_content(tmp_path, contest_root, taxonomies, capsys):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    contest = sample_contest(taxonomies)
    files = [str(p) for p in workbooks(tmp_path, contest, 2, ROUND_2)]
    assert main(["contest", "scores", "guong-nguoi-tot-quanh-ta-2026", "--round", "2", "--content",
                 str(contest_root), *files]) == 0
    written = yaml.safe_load((contest_folder(contest_root) / "vong-2.yml").read_text(encoding="utf-8"))
    assert written["jurors"] == ["gk-1", "gk-2", "gk-3"] and written["rule"] == "trimmed-mean"
    assert written["ranking"][0] == {"code": "GNT-0001", "rank": 1, "score": "8.75",
                                     "jurors": {"gk-1": "8.75", "gk-2": "9.40", "gk-3": "8.40"},
                                     "proposed_prize": "giai-nhat"}
    assert written["decisions"] == [("GNT-0006: the jurors' totals differ by more than 2 points "
                                    "(gk-1 6.00, gk-2 9.00, gk-3 5.00); the jury looks at it again")]
    assert "6 entries ranked from 3 jurors' workbooks" in capsys.readouterr().out


def test_a_score_between_two_steps_of_the_contest_is_refused_by_its_cell(tmp_path, taxonomies):
    contest = sample_contest(taxonomies)  # scored in steps of 0.5
    scores = {juror: dict(rows) for juror, rows in ROUND_2.items()}
    scores["gk-2"]["GNT-0004"] = [7, 7.25, 6]  # typed past the drop-down, as LibreOffice lets one do
    problems = Problems()
    files = workbooks(tmp_path, contest, 2, scores)
    assert score_round(contest, 2, files, problems) is None
    assert [str(p) for p in problems.items] == [
        f"{files[1]}: Chấm điểm!C10: error: 7.25 is between two steps: the contest is scored in steps of 0,5 "
        "(contest.md, 'score_step'); choose a score from the cell's list"]
    # The same workbooks, for a contest scored in quarter points.
    quarters = replace(contest, score_step=F(1, 4))
    problems = Problems()
    (tmp_path / "quarters").mkdir()
    assert score_round(quarters, 2, workbooks(tmp_path / "quarters", quarters, 2, scores), problems) is not None
    assert not problems.items


def test_every_mistake_of_the_workbooks_is_named_and_nothing_is_written(tmp_path, contest_root, taxonomies,
                                                                        capsys):
    (contest_root / "taxonomies").symlink_to(SAMPLE_CONTENT / "taxonomies")
    contest = sample_contest(taxonomies)
    first, second, third = workbooks(tmp_path, contest, 2, ROUND_2)
    book = load_workbook(first)
    sheet = book.active
    sheet["C7"] = 11  # GNT-0001's 'Sức lan tỏa' scored 11 of 10
    sheet["D8"] = None  # GNT-0002's 'Cách thể hiện' left empty
    sheet["A9"] = "GNT-0009"  # an entry of round 1 only, in place of GNT-0003
    book.save(first)
    book = load_workbook(second)
    book.active["A6"] = "Số bài"  # the code column's heading changed
    book.save(second)
    before = (contest_folder(contest_root) / "vong-2.yml").read_bytes()  # the sample's own result
    twice = filled_workbook(tmp_path / "again.xlsx", contest, 2, "gk-3", ROUND_2["gk-3"])
    code = main(["contest", "scores", "guong-nguoi-tot-quanh-ta-2026", "--round", "2", "--content", str(contest_root),
                 str(first), str(second), str(third), str(twice)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{first}: Chấm điểm!C7: error: 11 is out of range: 'Sức lan tỏa, giá trị nêu gương' is scored from 0 to 10" in err
    assert f"{first}: Chấm điểm!D8: error: no score for 'Cách thể hiện' of GNT-0002" in err
    assert f"{first}: Chấm điểm!A9: error: 'GNT-0009' is not an entry of round 2; do not change the codes" in err
    assert f"{first}: Chấm điểm!6: error: the entry GNT-0003 of round 2 is missing" in err
    assert f"{second}: Chấm điểm!A6: error: the heading is 'Số bài' where the jury pack wrote 'Mã bài'" in err
    assert f"{twice}: error: the juror gk-3 has already scored in {third}" in err
    assert "nothing was changed" in err
    assert (contest_folder(contest_root) / "vong-2.yml").read_bytes() == before
