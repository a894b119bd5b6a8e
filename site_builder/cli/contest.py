"""`site-builder contest scores | jury-pack`: the writing contest's commands for its organisers."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..common.files import write_atomically
from ..common.messages import _
from ..common.paths import PROJECT_DIR
from ..content.diagnostics import ContentError, Problems, raise_for_problems
from ..content.load import load_content
from ..content.read import display_path
from ..content.taxonomies import validate_taxonomies
from ..content.text import DateError, parse_date
from ..contest.intake import import_entries
from ..contest.intake_sheet import entry_template
from ..contest.jury_pack import make_pack, write_pack
from ..contest.load import CONTESTS_DIR, ENTRIES_DIR, load_contest
from ..contest.nominate import nominate
from ..contest.ranking import show
from ..contest.scores import score_round, write_result
from .commands import Stopped
from .failures import EXIT_OK, OptionError


def _today(value: str) -> dt.date:
    try:
        return parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _cache_option(q) -> None:
    q.add_argument("--cache", help=_("cache folder (default: .cache in the project folder); safe to delete"))


def _recordings_cache(args: argparse.Namespace) -> Path:
    """Where the recordings' renditions are kept: the build's own cache of films and radio pieces."""
    return (Path(args.cache) if args.cache else PROJECT_DIR / ".cache") / "recordings"


def add_commands(sub, language) -> None:
    """The `contest` command and its own commands, under the main parser's `sub`."""
    p = sub.add_parser("contest", help=_("the writing contest: jurors' packs, scores, results"))
    language(p)
    commands = p.add_subparsers(dest="contest_command", required=True)

    def contest_argument(q):
        language(q)
        q.add_argument("contest", metavar=_("CONTEST"), help=_("the contest's folder name under content/contests/"))
        q.add_argument("--content", default="content", help=_("content folder (default: content)"))
        q.add_argument("--round", type=int, required=True, help=_("the round's number (1, 2, …)"))

    q = commands.add_parser("scores", help=_("read the jurors' workbooks of a round and write its ranking"))
    contest_argument(q)
    q.add_argument("files", metavar=_("FILE"), nargs="+", help=_("the jurors' workbooks (.xlsx), one per juror"))
    q.set_defaults(func=scores, command="contest scores")
    q = commands.add_parser("jury-pack", help=_("write each juror's scoring workbook and the round's anonymised "
                                                "entries"))
    contest_argument(q)
    q.add_argument("--out", required=True, help=_("a new folder for the pack"))
    _cache_option(q)
    q.set_defaults(func=jury_pack, command="contest jury-pack")
    q = commands.add_parser("nominate", help=_("draft profiles (status: review) of the exemplars of the winning and "
                                               "final-round entries"))
    language(q)
    q.add_argument("contest", metavar=_("CONTEST"), help=_("the contest's folder name under content/contests/"))
    q.add_argument("--content", default="content", help=_("content folder (default: content)"))
    q.add_argument("--today", type=_today, default=None, help=_("the profiles' 'submitted' date, dd/mm/yyyy "
                                                                "(default: today)"))
    q.set_defaults(func=nominate_exemplars, command="contest nominate")
    q = commands.add_parser("template", help=_("make the workbook of the entries received (.xlsx)"))
    language(q)
    q.add_argument("contest", metavar=_("CONTEST"), help=_("the contest's folder name under content/contests/"))
    q.add_argument("file", metavar=_("FILE"), help=_("the workbook to write, e.g. nhan-bai.xlsx"))
    q.add_argument("--content", default="content", help=_("content folder (default: content)"))
    q.set_defaults(func=template, command="contest template")
    q = commands.add_parser("import", help=_("read the workbook of the entries received, with their files"))
    language(q)
    q.add_argument("contest", metavar=_("CONTEST"), help=_("the contest's folder name under content/contests/"))
    q.add_argument("file", metavar=_("FILE"), help=_("the workbook: .xlsx, .xls, .ods or .csv"))
    q.add_argument("--files", help=_("folder or .zip of the entries' files (Word, audio, video, photos)"))
    q.add_argument("--content", default="content", help=_("content folder (default: content)"))
    _cache_option(q)
    q.set_defaults(func=import_entries_command, command="contest import")


def _contest(content_dir: Path, slug: str, with_taxonomies: bool = False):
    """The contest with its entries (and the taxonomies, when asked), or ContentError with every
    problem of its files."""
    problems = Problems()
    tax = validate_taxonomies(content_dir, problems)
    folder = content_dir / CONTESTS_DIR / slug
    if not folder.is_dir():
        problems.error(display_path(folder), 0, _("no such contest folder"))
        raise_for_problems(problems, strict=False)
    contest = load_contest(folder, tax, None, problems)
    raise_for_problems(problems, strict=False)
    assert contest is not None
    for warning in problems.warnings:
        print(warning, file=sys.stderr)
    return (contest, tax) if with_taxonomies else contest


def scores(args: argparse.Namespace) -> int:
    """The round's ranking, from every juror's workbook, or nothing written."""
    content_dir = Path(args.content)
    contest = _contest(content_dir, args.contest)
    problems = Problems()
    result = score_round(contest, args.round, [Path(f) for f in args.files], problems)
    if result is None:
        raise ContentError(list(dict.fromkeys(problems.errors)))  # in the order of the files, row by row
    path = write_result(content_dir / CONTESTS_DIR / args.contest, contest, result)
    for entry in result.ranking:
        marks = "".join((" =" if entry.tie else "", " !" if entry.disagreement else ""))
        print(f"{entry.rank:>3}. {entry.code}  {show(entry.score)}{marks}")
    for decision in result.decisions:
        print("  " + decision)
    print(_("wrote {file}: {entries} entries ranked from {jurors} jurors' workbooks, {decisions} point(s) for "
            "the jury to decide", file=display_path(path), entries=len(result.ranking), jurors=len(result.jurors),
            decisions=len(result.decisions)))
    return EXIT_OK


def jury_pack(args: argparse.Namespace) -> int:
    """Each juror's folder: the scoring workbook and the round's entries, anonymised."""
    content_dir, out = Path(args.content), Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OptionError(_("{folder} already exists and is not empty; give a new folder for the pack",
                            folder=display_path(out)))
    contest = _contest(content_dir, args.contest)
    if args.round not in {r.number for r in contest.rounds}:
        raise OptionError(_("the contest has no round {number}", number=args.round))
    pack = make_pack(contest, args.round, content_dir / CONTESTS_DIR / args.contest / ENTRIES_DIR,
                     _recordings_cache(args))
    if pack.problems:
        raise ContentError(pack.problems)
    write_pack(pack, out)
    for left in pack.left_out:
        print(_("not in the pack, send it to the jurors yourself once its author's name is removed from its "
                "properties: {file}", file=left), file=sys.stderr)
    print(_("wrote {folder}: {jurors} jurors, {entries} entries of round {number}, {files} files",
            folder=display_path(out), jurors=len(contest.jury), entries=len(contest.entries_in_round(args.round)),
            number=args.round, files=len(pack.files)))
    return EXIT_OK


def nominate_exemplars(args: argparse.Namespace) -> int:
    """Draft profiles of the exemplars the contest found; all of them, or nothing written."""
    content_dir = Path(args.content)
    args.stopped = Stopped(args.command, _("no profile was written"))
    content, problems = load_content(content_dir)
    raise_for_problems(problems, strict=False)
    assert content is not None
    contest = _contest(content_dir, args.contest)
    found = Problems()
    result = nominate(contest, content, args.today or dt.date.today(), found)
    if result is None:
        raise ContentError(found.errors)
    for skipped in result.skipped:
        print(skipped, file=sys.stderr)
    for path in result.created:
        print(path)
    print(_("{created} draft profile(s) in 'review', {skipped} exemplar(s) already with a profile",
            created=len(result.created), skipped=len(result.skipped)))
    return EXIT_OK


def template(args: argparse.Namespace) -> int:
    """The secretariat's workbook of the entries received, with the contest's genres and the localities."""
    args.stopped = Stopped(args.command, _("nothing was written"))
    out = Path(args.file)
    if out.suffix.lower() != ".xlsx":
        raise OptionError(_("{file}: the template must end in .xlsx", file=args.file))
    contest, tax = _contest(Path(args.content), args.contest, with_taxonomies=True)
    write_atomically(out, entry_template(contest, tax))
    print(_("wrote {file}: the entry workbook of {contest}", file=display_path(out), contest=contest.name))
    return EXIT_OK


def import_entries_command(args: argparse.Namespace) -> int:
    """The workbook's new entries, with their files, into the contest; all or nothing."""
    content_dir = Path(args.content)
    contest, tax = _contest(content_dir, args.contest, with_taxonomies=True)
    problems = Problems()
    result = import_entries(contest, content_dir / CONTESTS_DIR / args.contest, tax, Path(args.file),
                            Path(args.files) if args.files else None, problems, _recordings_cache(args))
    in_order = list(dict.fromkeys(problems.items))  # the sheet's order, row by row
    for problem in in_order:
        if problem.severity != "error":
            print(problem, file=sys.stderr)
    if result is None:
        raise ContentError([p for p in in_order if p.severity == "error"])
    for line in result.created:
        print(_("created {entry}", entry=line))
    for line in result.unchanged:
        print(_("already imported {entry}", entry=line))
    if result.media:
        print(_("recordings read by the media stage of the films and radio pieces (length from the file; a film "
                "encoded without its metadata for the jurors): {files}", files=", ".join(result.media)))
    print(_("imported {file}: {created} new entries (state: received), {unchanged} already imported",
            file=display_path(Path(args.file)), created=len(result.created), unchanged=len(result.unchanged)))
    return EXIT_OK
