"""Command line: `site-builder check | build | serve | report | yearbook`.

Exit codes: 0 success; 1 content errors (or warnings with --strict);
2 a build that could not finish for another reason (lock held, engine error).
Problems and errors go to stderr, one per line as `path:line: error: message`;
progress goes to stderr; the closing summary goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Callable

from ..build.pipeline import BuildError
from ..content.diagnostics import ContentError
from ..content.text import DateError, parse_date
from ..engine.mkdocs import EngineError
from ..yearbook.errors import YearbookError
from . import commands


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"'{value}' is not a year; write four digits, like 2024")
    return int(value)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="site-builder",
        description="Publish profiles of exemplary models as a website (and yearbook).",
    )
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p, out: str | None = None):
        p.add_argument("--content", default="content", help="content folder (default: content)")
        if out:
            p.add_argument("--out", default=out, help=f"output folder (default: {out})")
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")
        p.add_argument("--today", type=_today, default=_today(None),
                       help="publication date for embargoes, dd/mm/yyyy (default: today)")

    p = sub.add_parser("check", help="validate all content and list every problem")
    common(p)
    p.set_defaults(func=commands.check)
    p = sub.add_parser("build", help="check, then build the website")
    common(p, out="site")
    p.add_argument("--cache", help="cache folder (default: .cache in the project folder); safe to delete")
    p.set_defaults(func=commands.build)
    p = sub.add_parser("yearbook", help="make the yearbook (EPUB 3 and A4 PDF) of one year or period")
    common(p, out="dist")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=int, help="the calendar year (default: the year of --today)")
    period.add_argument("--from", dest="start", type=_today, help="first day of the period, dd/mm/yyyy (with --to)")
    p.add_argument("--to", dest="end", type=_today, help="last day of the period, dd/mm/yyyy (with --from)")
    p.add_argument("--format", default="epub,pdf", help="epub, pdf or epub,pdf (default: both)")
    p.set_defaults(func=commands.yearbook)
    p = sub.add_parser("serve", help="live preview that rebuilds when content changes")
    common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=commands.serve)
    p = sub.add_parser("report", help="the council's quota report: exemplars sent per unit and period")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--today", type=_today, default=_today(None),
                   help="the report's date, dd/mm/yyyy: periods not ended by then are in progress (default: today)")
    p.add_argument("--year", type=_year, help="calendar year, yyyy (default: the year of --today)")
    p.add_argument("--format", choices=("text", "csv", "html", "json"), default="text",
                   help="output format (default: text)")
    p.add_argument("--out", help="write the report to this file (default: standard output)")
    p.set_defaults(func=commands.report)
    return ap


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command: the one place where what went wrong becomes messages and an exit code.

    A content mistake (1) lists every problem as `path:line: error: message`; options that do
    not fit together are 1 too; a run that could not finish for another reason (a lock held,
    the engine, a missing system library, a file that cannot be written) is 2. Each ends with
    a line saying what was left unchanged.
    """
    args.stopped = commands.Stopped(args.command, "nothing was changed")
    try:
        return command(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        code, reason = commands.EXIT_CONTENT, f": {len(exc.problems)} problem(s), fix them and run again"
    except YearbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code, reason = (commands.EXIT_FAILED if exc.cannot_finish else commands.EXIT_CONTENT), ""
    except commands.OptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return commands.EXIT_CONTENT
    except (BuildError, EngineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        code, reason = commands.EXIT_FAILED, ""
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error: cannot write{where}: {exc.strerror or exc}", file=sys.stderr)
        code, reason = commands.EXIT_FAILED, ""
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    print(f"{args.stopped.command} stopped{reason}; {args.stopped.unchanged}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
