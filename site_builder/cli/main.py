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
from pathlib import Path

from ..content.diagnostics import ContentError
from ..content.text import DateError, parse_date

EXIT_OK, EXIT_CONTENT, EXIT_FAILED = 0, 1, 2


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def cmd_check(args) -> int:
    from ..content.validate import load_content

    content, problems = load_content(Path(args.content))
    if content is not None:
        from ..yearbook.book import load_settings, settings_exist

        if settings_exist(Path(args.content)):  # the yearbook's settings and foreword
            load_settings(Path(args.content), content.site.council, problems)
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    errors = len(problems.errors) + (len(problems.warnings) if args.strict else 0)
    profiles = len(content.profiles) if content else 0
    print(f"checked {profiles} profiles: {len(problems.errors)} error(s), {len(problems.warnings)} warning(s)")
    return EXIT_CONTENT if errors else EXIT_OK


def cmd_build(args) -> int:
    from ..build.pipeline import BuildError, BuildOptions, build_site
    from ..engine.mkdocs import EngineError
    from ..yearbook.render import YearbookError

    options = BuildOptions(
        content_dir=Path(args.content), out_dir=Path(args.out), today=args.today,
        strict=args.strict, cache_dir=Path(args.cache) if args.cache else None,
    )
    print(f"building {options.out_dir} from {options.content_dir} (as of {options.today:%d/%m/%Y})",
          file=sys.stderr)
    try:
        summary = build_site(options, progress=_progress)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: {len(exc.problems)} problem(s); {options.out_dir} was not changed",
              file=sys.stderr)
        return EXIT_CONTENT
    except (BuildError, EngineError, YearbookError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"build stopped; {options.out_dir} was not changed", file=sys.stderr)
        return EXIT_FAILED
    for warning in summary.warnings:
        print(f"warning: {warning}" if not warning.count(": warning: ") else warning, file=sys.stderr)
    print(
        f"built {summary.pages} pages, {summary.files} files ({summary.bytes / 1e6:.1f} MB, "
        f"{summary.files_written} written, {summary.files_deleted} deleted) in "
        f"{summary.seconds:.1f} s ({summary.pages_rendered} pages rendered, the rest unchanged): "
        f"{summary.profiles_published} profiles published, "
        f"{summary.profiles_withheld} withheld, {summary.photos_encoded} photos encoded, "
        f"{summary.yearbooks} yearbook edition(s), {len(summary.warnings)} warning(s)"
    )
    return EXIT_OK


def cmd_yearbook(args) -> int:
    from ..yearbook.site import run_command

    return run_command(args, _progress)


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(Path(args.content), args.host, args.port, args.today)


def cmd_report(args) -> int:
    from ..council.quota_report import report_command

    out = Path(args.out) if args.out else None
    return report_command(Path(args.content), args.year, args.format, out, args.today, args.strict)


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
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="check, then build the website")
    common(p, out="site")
    p.add_argument("--cache", help="cache folder (default: .cache beside mkdocs.yml); safe to delete")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("yearbook", help="make the yearbook (EPUB 3 and A4 PDF) of one year or period")
    common(p, out="dist")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=int, help="the calendar year (default: the year of --today)")
    period.add_argument("--from", dest="start", type=_today, help="first day of the period, dd/mm/yyyy (with --to)")
    p.add_argument("--to", dest="end", type=_today, help="last day of the period, dd/mm/yyyy (with --from)")
    p.add_argument("--format", default="epub,pdf", help="epub, pdf or epub,pdf (default: both)")
    from ..yearbook.pdf_tags import PDF_VARIANTS

    p.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=None,
                   help="the PDF's standard: pdf/ua-1 (accessible; the default, or yearbook.yml's "
                        "pdf_variant) or a PDF/A for archives, e.g. pdf/a-2u")
    p.set_defaults(func=cmd_yearbook)
    p = sub.add_parser("serve", help="live preview that rebuilds when content changes")
    common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("report", help="the council's quota report: exemplars sent per unit and period")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--today", type=_today, default=_today(None),
                   help="the report's date, dd/mm/yyyy: periods not ended by then are in progress (default: today)")
    p.add_argument("--year", type=_year, help="calendar year, yyyy (default: the year of --today)")
    p.add_argument("--format", choices=("text", "csv", "html", "json"), default="text",
                   help="output format (default: text)")
    p.add_argument("--out", help="write the report to this file (default: standard output)")
    p.set_defaults(func=cmd_report)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
