"""Command line: `site-builder check | build | serve | report | yearbook | new | cms | template | import
| list | shortlist | contest | deploy`.

Exit codes: 0 success; 1 content errors (or warnings with --strict);
2 a build that could not finish for another reason (lock held, engine error).
Problems and errors go to stderr, one per line as `path:line: error: message`;
progress goes to stderr; the closing summary goes to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import sys
from typing import Callable

from ..common.messages import LANGUAGES, _, language_from_environment, set_language
from ..content.text import DateError, parse_date
from ..yearbook.pdf_tags import PDF_VARIANTS
from . import commands, contest, events, problem_formats
from .argparse_words import speak_the_catalogue
from .failures import explain


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return parse_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(_("'{value}' is not a year; write four digits, like 2024", value=value))
    return int(value)


def package_version() -> str:
    """The installed package's version (pyproject.toml's `version`, as pip recorded it)."""
    return importlib.metadata.version("dien-hinh-site-builder")


def _yearbook(args: argparse.Namespace) -> int:
    """`yearbook`: one period's edition, or with --event an event's commemorative book (cli/events.py)."""
    return events.event_yearbook(args) if args.event else commands.yearbook(args)


def parser() -> argparse.ArgumentParser:
    speak_the_catalogue()
    ap = argparse.ArgumentParser(
        prog="site-builder",
        description=_("Publish profiles of exemplary models as a website (and yearbook)."),
    )
    ap.add_argument("--version", action="version", version=f"%(prog)s {package_version()}",
                    help=_("print the version of site-builder and exit"))
    sub = ap.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)

    def language(p):
        p.add_argument("--lang", choices=LANGUAGES, default=None,
                       help=_("language of the messages: vi or en (default: vi, or en with an English LANG)"))

    def common(p, out: str | None = None):
        language(p)
        p.add_argument("--content", default="content", help=_("content folder (default: content)"))
        if out:
            p.add_argument("--out", default=out, help=_("output folder (default: {folder})", folder=out))
        p.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
        p.add_argument("--today", type=_today, default=_today(None),
                       help=_("publication date for embargoes, dd/mm/yyyy (default: today)"))

    p = sub.add_parser("check", help=_("validate all content and list every problem"))
    common(p)
    p.add_argument("--list", action="store_true",
                   help=_("also list every profile: public, or withheld and why (on --today)"))
    p.add_argument("--format", choices=problem_formats.FORMATS, default="text",
                   help=_("how problems are written: text, github (annotations on the pull request) or "
                          "gitlab (a Code Quality report, JSON) (default: text)"))
    p.set_defaults(func=commands.check)
    p = sub.add_parser("build", help=_("check, then build the website"))
    common(p, out="site")
    p.add_argument("--cache", help=_("cache folder (default: .cache in the project folder); safe to delete"))
    p.set_defaults(func=commands.build)
    p = sub.add_parser("yearbook", help=_("make the yearbook (EPUB 3 and A4 PDF) of one year or period"))
    common(p, out="dist")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--year", type=int, help=_("the calendar year (default: the year of --today)"))
    period.add_argument("--from", dest="start", type=_today, help=_("first day of the period, dd/mm/yyyy (with --to)"))
    period.add_argument("--event", metavar=_("EVENT"),
                        help=_("instead of a period, the commemorative book of an event: its file name in "
                               "content/events/ without .md"))
    p.add_argument("--to", dest="end", type=_today, help=_("last day of the period, dd/mm/yyyy (with --from)"))
    p.add_argument("--format", default="epub,pdf", help=_("epub, pdf or epub,pdf (default: both)"))
    p.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=None,
                   help=_("the PDF's standard: pdf/ua-1 (accessible; the default, or yearbook.yml's "
                          "pdf_variant) or a PDF/A for archives, e.g. pdf/a-2u"))
    p.set_defaults(func=_yearbook)
    p = sub.add_parser("serve", help=_("live preview that rebuilds when content changes"))
    common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--cache", help=_("cache folder (default: .cache in the project folder); safe to delete"))
    p.add_argument("--drafts", action="store_true",
                   help=_("also show drafts and profiles in review, each with a banner (never in build)"))
    p.add_argument("--cms", action="store_true",
                   help=_("also the web editor at /quan-tri/, saving into the content folder (decap-server)"))
    p.set_defaults(func=commands.serve)
    p = sub.add_parser("cms", help=_("write the web editor's config.yml from the schema and the taxonomies"))
    language(p)
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--out", default="quan-tri/config.yml", help=_("file to write (default: quan-tri/config.yml)"))
    p.set_defaults(func=commands.cms)
    p = sub.add_parser("new", help=_("start a profile: a draft with every field explained"))
    language(p)
    p.add_argument("kind", metavar=_("KIND"),
                   help=_("ca-nhan, tap-the or ho-gia-dinh (the codes of taxonomies/kinds.yml); "
                          "video, audio or photo-story for a film, a radio piece or a photo story"))
    p.add_argument("name", metavar=_("NAME"),
                   help=_('the full name, in quotes: "Nguyễn Thị Thu Trang" (for a film: its title)'))
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--another-person", action="store_true",
                   help=_("a different person who has the name of an existing profile"))
    p.set_defaults(func=commands.new)
    p = sub.add_parser("report", help=_("the council's quota report: exemplars sent per unit and period"))
    language(p)
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    p.add_argument("--today", type=_today, default=_today(None),
                   help=_("the report's date, dd/mm/yyyy: periods not ended by then are in progress (default: today)"))
    p.add_argument("--year", type=_year, help=_("calendar year, yyyy (default: the year of --today)"))
    p.add_argument("--format", choices=("text", "csv", "html", "json"), default="text",
                   help=_("output format (default: text)"))
    p.add_argument("--out", help=_("write the report to this file (default: standard output)"))
    p.set_defaults(func=commands.report)
    p = sub.add_parser("template", help=_("make the nomination workbook (.xlsx) that units fill in"))
    language(p)
    p.add_argument("file", metavar=_("FILE"), help=_("the workbook to write, e.g. de-nghi-quy-3.xlsx"))
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--today", type=_today, default=_today(None),
                   help=_("the workbook's date, dd/mm/yyyy: it offers the units that exist then (default: today)"))
    p.set_defaults(func=commands.template)
    p = sub.add_parser("import", help=_("read a unit's nomination workbook into profiles for review"))
    language(p)
    p.add_argument("file", metavar=_("FILE"), help=_("the workbook: .xlsx, .xls, .ods or .csv"))
    p.add_argument("--photos", help=_("folder or .zip of the photos (default: the workbook's folder)"))
    p.add_argument("--reports", help=_("folder or .zip of the Word reports (default: the workbook's folder)"))
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--partial", action="store_true", help=_("write the good rows even when others have problems"))
    p.add_argument("--today", type=_today, default=None, help=_("the import's date in the record, dd/mm/yyyy"))
    p.set_defaults(func=commands.import_nominations)
    p = sub.add_parser("deploy", help=_("put the built site on the web server (or a folder), switched live at once"))
    language(p)
    p.add_argument("--site", default="site", help=_("the built site (default: site)"))
    p.add_argument("--to", help=_("user@host:/srv/trang or a folder (default: $SITE_BUILDER_DEPLOY_TO)"))
    p.add_argument("--ssh-key", help=_("the SSH private key (default: $SITE_BUILDER_DEPLOY_SSH_KEY); never in content/"))
    p.add_argument("--ssh-port", type=int, help=_("the server's SSH port (default: $SITE_BUILDER_DEPLOY_SSH_PORT, or 22)"))
    p.add_argument("--known-hosts", help=_("known_hosts file with the server's key (default: "
                                           "$SITE_BUILDER_DEPLOY_KNOWN_HOSTS, or ~/.ssh/known_hosts)"))
    p.add_argument("--keep", type=int, default=5, help=_("releases kept on the server (default: 5)"))
    p.add_argument("--rollback", action="store_true", help=_("make the release before the live one live again"))
    p.add_argument("--content", default="content", help=_("content folder (default: content); an SSH key may not be in it"))
    p.set_defaults(func=commands.deploy)
    contest.add_commands(sub, language)
    events.add_parsers(sub, language, _today)
    return ap


def run(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one command; what went wrong becomes messages and an exit code (cli/failures.py),
    ending with a line that says what the command left unchanged."""
    args.stopped = commands.Stopped(args.command, _("nothing was changed"))
    try:
        return command(args)
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:
        failure = explain(exc)
        if failure is None:
            raise
    for line in failure.lines:
        print(line, file=sys.stderr)
    if failure.stopped:
        said = dict(command=args.stopped.command, reason=failure.reason, unchanged=args.stopped.unchanged)
        print(_("{command} stopped: {reason}; {unchanged}", **said) if failure.reason
              else _("{command} stopped; {unchanged}", command=said["command"], unchanged=said["unchanged"]),
              file=sys.stderr)
    return failure.code


def _language_asked(argv: list[str] | None) -> str | None:
    """`--lang` read before the parser is built, so that its help and errors are in that language."""
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--lang")
    try:
        asked = early.parse_known_args(sys.argv[1:] if argv is None else argv)[0].lang
    except argparse.ArgumentError:  # `--lang` without its value: the full parser says so
        return None
    return asked if asked in LANGUAGES else None  # a wrong value: the full parser says so too


def main(argv: list[str] | None = None) -> int:
    set_language(_language_asked(argv) or language_from_environment())
    args = parser().parse_args(argv)
    set_language(getattr(args, "lang", None) or language_from_environment())
    return run(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
