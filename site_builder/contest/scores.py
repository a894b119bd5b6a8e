"""`contest scores`: the jurors' workbooks of a round -> the round's result in the content.

Every workbook is read and checked before anything is written: the sheet and its headings as
the jury pack made them, the juror (known, and once only), the round, each entry code (in that
round, once), and each score (there, a number, from 0 to the criterion's highest). Every
mistake is named by file, sheet, row and column. With none, the ranking (ranking.py) is
written, whole, to content/contests/<slug>/vong-<n>.yml.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import python_calamine
import yaml

from ..common.files import write_atomically
from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.read import display_path
from ..nominations.spec import column_letter, heading_key
from .model import Contest, JurorScore, RoundResult
from .ranking import juror_total, rank, show
from .words import contest_words
from .workbook import HEADER_ROW, headings, step_text

ROUND_FILE = "vong-{number}.yml"


def _where(display: str, sheet: str, row: int, column: int | None = None) -> str:
    return f"{display}: {sheet}!{column_letter(column) if column is not None else ''}{row}"


def _number(value) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Fraction(str(value))
    text = str(value).strip().replace(",", ".")
    try:
        return Fraction(text) if text else None
    except (ValueError, ZeroDivisionError):
        return None


def read_workbook(path: Path, contest: Contest, number: int, codes: list[str], problems: Problems
                  ) -> tuple[str, dict[str, dict[str, Fraction]]] | None:
    """(juror code, scores by entry code and criterion) of one workbook, or None with the reasons."""
    display = display_path(path)
    words = contest_words()["workbook"]
    sheet_name = words["sheet"]
    failed = len(problems.errors)
    if not path.is_file():
        problems.error(display, 0, _("file not found"))
        return None
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            grid = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 - calamine's errors: not a workbook, a damaged one, no such sheet
        problems.error(display, 0, _("cannot read the sheet '{sheet}' of this workbook; send the workbook of the "
                                     "jury pack, saved as .xlsx", sheet=sheet_name))
        return None

    def cell(row: int, column: int):
        line = grid[row - 1] if row - 1 < len(grid) else []
        return line[column] if column < len(line) else None

    juror = str(cell(3, 1) or "").strip()
    if juror not in {j.code for j in contest.jury}:
        problems.error(_where(display, sheet_name, 3, 1), 0, _(
            "'{value}' is not a juror of the contest ({jurors})", value=juror,
            jurors=", ".join(j.code for j in contest.jury)))
    if _number(cell(4, 1)) != number:
        problems.error(_where(display, sheet_name, 4, 1), 0, _(
            "this workbook is for round {found}, not round {number}", found=cell(4, 1), number=number))
    expected = headings(contest)
    for column, heading in enumerate(expected[:-1]):
        found = cell(HEADER_ROW, column)
        if heading_key(str(found or "")) != heading_key(heading):
            problems.error(_where(display, sheet_name, HEADER_ROW, column), 0, _(
                "the heading is '{found}' where the jury pack wrote '{heading}'; use the workbook of the jury pack "
                "without changing its columns", found=found or "", heading=heading))
    if len(problems.errors) > failed:
        return None
    scores: dict[str, dict[str, Fraction]] = {}
    rows: dict[str, int] = {}
    for row in range(HEADER_ROW + 1, len(grid) + 1):
        code = str(cell(row, 0) or "").strip()
        values = [cell(row, c + 1) for c in range(len(contest.criteria))]
        values = [int(v) if isinstance(v, float) and v.is_integer() else v for v in values]  # 11, not 11.0
        if not code:
            if any(v not in (None, "") for v in values):
                problems.error(_where(display, sheet_name, row, 0), 0, _("scores without an entry code"))
            continue
        if code not in codes:
            problems.error(_where(display, sheet_name, row, 0), 0, _(
                "'{code}' is not an entry of round {number}; do not change the codes of the jury pack",
                code=code, number=number))
            continue
        if code in rows:
            problems.error(_where(display, sheet_name, row, 0), 0, _("'{code}' is there twice (also on row {other})",
                                                                     code=code, other=rows[code]))
            continue
        rows[code] = row
        entry: dict[str, Fraction] = {}
        for index, (criterion, value) in enumerate(zip(contest.criteria, values)):
            where = _where(display, sheet_name, row, index + 1)
            score = _number(value)
            if value in (None, ""):
                problems.error(where, 0, _("no score for '{criterion}' of {code}", criterion=criterion.name, code=code))
            elif score is None:
                problems.error(where, 0, _("'{value}' is not a score; write a number from 0 to {max}",
                                           value=value, max=criterion.maximum))
            elif not 0 <= score <= criterion.maximum:
                problems.error(where, 0, _("{value} is out of range: '{criterion}' is scored from 0 to {max}",
                                           value=value, criterion=criterion.name, max=criterion.maximum))
            elif score % contest.score_step:
                problems.error(where, 0, _("{value} is between two steps: the contest is scored in steps of {step} "
                                           "(contest.md, 'score_step'); choose a score from the cell's list",
                                           value=value, step=step_text(contest.score_step)))
            else:
                entry[criterion.code] = score
        scores[code] = entry
    for code in codes:
        if code not in rows:
            problems.error(_where(display, sheet_name, HEADER_ROW), 0, _(
                "the entry {code} of round {number} is missing; every entry of the round is scored", code=code,
                number=number))
    return (juror, scores) if len(problems.errors) == failed else None


def score_round(contest: Contest, number: int, paths: list[Path], problems: Problems) -> RoundResult | None:
    """The round's result from its jurors' workbooks, or None with every problem found."""
    if number not in {r.number for r in contest.rounds}:
        problems.error(contest.display, 0, _("the contest has no round {number}", number=number))
        return None
    codes = [e.code for e in contest.entries_in_round(number)]
    jurors: dict[str, str] = {}
    totals: dict[str, list[JurorScore]] = {code: [] for code in codes}
    for path in paths:
        read = read_workbook(path, contest, number, codes, problems)
        if read is None:
            continue
        juror, scores = read
        if juror in jurors:
            problems.error(display_path(path), 0, _("the juror {juror} has already scored in {other}; keep one "
                                                    "workbook per juror", juror=juror, other=jurors[juror]))
            continue
        jurors[juror] = display_path(path)
        for code, entry in scores.items():
            totals[code].append(JurorScore(juror, juror_total(entry, contest.criteria)))
    if problems.errors:
        return None
    if contest.ranking == "trimmed-mean" and len(jurors) < 3:
        problems.error(contest.display, 0, _("the trimmed mean needs the workbooks of at least 3 jurors; "
                                             "{count} given", count=len(jurors)))
        return None
    final = number == contest.last_round
    ranking, decisions = rank(totals, contest.ranking, contest.disagreement,
                              list(contest.prizes.values()) if final else None)
    return RoundResult(number, contest.ranking, tuple(sorted(jurors)), tuple(ranking), tuple(decisions))


def result_yaml(contest: Contest, result: RoundResult) -> bytes:
    """The round's result as the organisers read it; scores with two decimals."""
    data = {
        "round": result.number,
        "rule": result.rule,
        "jurors": list(result.jurors),
        "ranking": [{
            "code": e.code, "rank": e.rank, "score": show(e.score),
            "jurors": {j.juror: show(j.total) for j in e.jurors},
            **({"tie": True} if e.tie else {}),
            **({"disagreement": True} if e.disagreement else {}),
            **({"proposed_prize": e.proposed_prize} if e.proposed_prize else {}),
        } for e in result.ranking],
        "decisions": list(result.decisions),
    }
    header = ("# " + _("Result of round {number} of {contest}, written by 'site-builder contest scores' from the "
                       "jurors' workbooks; run it again rather than edit this file.",
                       number=result.number, contest=contest.name) + "\n")
    return (header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)).encode("utf-8")


def write_result(folder: Path, contest: Contest, result: RoundResult) -> Path:
    path = folder / ROUND_FILE.format(number=result.number)
    write_atomically(path, result_yaml(contest, result))
    return path
