"""What each command does, from parsed arguments to an exit code.

A command returns EXIT_OK or raises: `cli.main.run` (with cli/failures.py) is the one place that turns
an exception into messages on stderr and an exit code. Each command says in
`Stopped.unchanged` what a failure leaves as it was.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..cms.command import write_config
from ..common.files import file_size, write_atomically
from ..common.messages import _
from ..common.paths import PROJECT_DIR, THEME_DIR
from ..content.diagnostics import ContentError, Problems, raise_for_problems
from ..content.load import load_content
from ..content.media_items import MEDIA_KINDS
from ..content.new_media import create_media_item
from ..content.new_profile import create_profile
from ..content.read import display_path
from ..content.site_settings import validate_site
from ..content.taxonomies import validate_taxonomies
from ..content.text import format_date
from ..contest.load import check_contests
from ..council import quota_formats, quota_report
from ..deploy.releases import deploy as deploy_site
from ..deploy.releases import rollback
from ..deploy.target import target_from
from ..media.photos import process_photos
from ..media.video import process_recordings
from ..pipeline.run import BuildOptions, build_site
from ..public.gate import REASONS, Publication, publish, reason_names, reason_text
from ..public.reportage import FEATURED_WITHHELD, publish_reportage
from ..site.renderer import Renderer, load_labels
from ..yearbook.book import (
    FORMATS,
    Edition,
    YearbookSettings,
    load_settings,
    select,
    settings_exist,
)
from ..yearbook.render import render_yearbook, write_files
from ..yearbook.reportage import book_reportage
from ..yearbook.site import load_or_raise
from . import problem_formats
from . import serve as preview
from .failures import EXIT_CONTENT, EXIT_OK, OptionError

Progress = Callable[[str], None]

@dataclass(frozen=True)
class Stopped:
    """How a command that stopped says so: its name and what it left unchanged."""

    command: str
    unchanged: str


def progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def check(args: argparse.Namespace) -> int:
    if args.list and args.format != "text":
        raise OptionError(_("--list is for reading and cannot go with --format {format}", format=args.format))
    content, problems = load_content(Path(args.content))
    if content is not None:
        check_contests(content, problems, args.today)
    if content is not None and settings_exist(Path(args.content)):  # the yearbook's settings and foreword
        load_settings(Path(args.content), problems)
    if args.format == "github":  # for a CI host, on stdout: cli/problem_formats.py
        print("\n".join(problem_formats.github_annotations(problems.sorted())))
    elif args.format == "gitlab":
        print(problem_formats.gitlab_code_quality(problems.sorted()))
    else:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
    if args.list and content is not None:
        print_states(publish(content, args.today))
        print_media_states(publish(content, args.today))
    errors = len(problems.errors) + (len(problems.warnings) if args.strict else 0)
    profiles = len(content.profiles) if content else 0
    print(_("checked {profiles} profiles: {errors} error(s), {warnings} warning(s)", profiles=profiles,
            errors=len(problems.errors), warnings=len(problems.warnings)),
          file=sys.stdout if args.format == "text" else sys.stderr)  # the report alone on stdout
    return EXIT_CONTENT if errors else EXIT_OK


def print_states(publication: Publication) -> None:
    """Every profile and whether it will be published on the date asked, grouped and counted."""
    groups: dict[str, list[str]] = {_("public"): [f"{p.display_path}  {p.name}" for p in publication.profiles]}
    names = reason_names()
    for reason in REASONS:
        listed = [f"{p.display_path}  {p.name} — {reason_text(p, r)}" for p, r in publication.withheld if r == reason]
        if listed:
            groups[_("withheld: {reason}", reason=names[reason])] = sorted(listed)
    if publication.content.incomplete_drafts:
        groups[_("withheld: draft that still lacks required fields (see the warnings)")] = list(
            publication.content.incomplete_drafts)
    print(_("On {date}:", date=format_date(publication.today)))
    for title, lines in groups.items():
        print(f"\n{title} ({len(lines)})")
        for line in lines:
            print(f"  {line}")
    print()


def print_media_states(publication: Publication) -> None:
    """Every film, radio piece and photo story and whether it will be published on the date asked."""
    if not publication.content.media:
        return
    reportage = publish_reportage(publication)
    lines = [f"{item.display_path}  {item.title} — {_('public')}" for item in reportage.items]
    lines += sorted(f"{item.display_path}  {item.title} — " + (
        _("a profile it features is not public") if reason == FEATURED_WITHHELD else reason_text(item, reason))
        for item, reason in reportage.withheld)
    print(_("Films, radio pieces and photo stories ({count}):", count=len(lines)))
    for line in lines:
        print(f"  {line}")
    print()


def build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content_dir=Path(args.content), out_dir=Path(args.out), today=args.today,
        strict=args.strict, cache_dir=Path(args.cache) if args.cache else None,
    )
    args.stopped = Stopped("build", _("{folder} was not changed", folder=options.out_dir))
    print(_("building {folder} from {content} (as of {today})", folder=options.out_dir, content=options.content_dir,
            today=format_date(options.today)), file=sys.stderr)
    summary = build_site(options, progress=progress)
    for warning in summary.warnings:
        # A content problem says "path:line: warning:" itself (in the language of the run); an engine warning does not.
        print(_("warning: {message}", message=warning) if not warning.count(": " + _("warning") + ": ") else warning,
              file=sys.stderr)
    print(_(
        "built {pages} pages, {files} files ({megabytes} MB, {written} written, {deleted} deleted) in {seconds} s "
        "({rendered} pages rendered, the rest unchanged): {published} profiles published, {withheld}, "
        "{photos} photos encoded, {yearbooks} yearbook edition(s), {warnings} warning(s)",
        pages=summary.pages, files=summary.files, megabytes=format(summary.bytes / 1e6, ".1f"),
        written=summary.files_written, deleted=summary.files_deleted, seconds=format(summary.seconds, ".1f"),
        rendered=summary.pages_rendered, published=summary.profiles_published, withheld=summary.withheld,
        photos=summary.photos_encoded, yearbooks=summary.yearbooks, warnings=len(summary.warnings),
    ))
    return EXIT_OK


def yearbook_formats(value: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise OptionError(_("unknown format '{format}'; use epub, pdf or epub,pdf", format=",".join(unknown) or value))
    return wanted


def _edition(args: argparse.Namespace, settings: YearbookSettings) -> Edition:
    """The period asked for on the command line: --year, or --from and --to, or the current year."""
    if args.start or args.end:
        if not (args.start and args.end):
            raise OptionError(_("give both --from and --to (dd/mm/yyyy), or --year"))
        if args.end < args.start:
            raise OptionError(_("--to {end} is before --from {start}", end=format_date(args.end), start=format_date(args.start)))
        listed = next((e for e in settings.editions if (e.start, e.end) == (args.start, args.end)), None)
        return listed or Edition(args.start, args.end)
    year = args.year if args.year is not None else args.today.year
    listed = next((e for e in settings.editions if e.slug == str(year)), None)
    return listed or Edition.year(year)


def yearbook(args: argparse.Namespace) -> int:
    """One edition of the yearbook, written to --out when complete."""
    started = time.perf_counter()
    content_root, out_dir = Path(args.content), Path(args.out)
    args.stopped = Stopped("yearbook", _("nothing was written"))
    formats = yearbook_formats(args.format)
    progress(_("checking content"))
    content, problems = load_content(content_root)
    raise_for_problems(problems, args.strict)
    assert content is not None
    settings = load_or_raise(content_root)
    edition = _edition(args, settings)
    publication = publish(content, args.today)
    period = select(publication, edition)
    photos = [photo for p in period.profiles for photo in p.photos]
    progress(_("{edition}: {profiles} public profiles, {photos} photos", edition=edition.slug,
                       profiles=len(period.profiles), photos=len(photos)))
    cache = PROJECT_DIR / ".cache"
    # The same call as `build`, so that both make the same files for one edition.
    media = process_photos(photos, cache / "media", content.site.original_photo_download)
    media.raise_for_errors(period.profiles)
    # The reportage each profile appears in, with the durations ffprobe read (kept by `build`'s cache).
    reportage = publish_reportage(publication)
    recordings = process_recordings(list(reportage.items), cache / "recordings", content.site, progress)
    if recordings.problems:
        raise ContentError(recordings.problems)
    labels = load_labels(THEME_DIR)
    made = render_yearbook(publication, settings, edition, media.photos, media.files, THEME_DIR, cache,
                           labels, formats, args.pdf_variant,
                           book_reportage(reportage, recordings.recordings, content.site.base_url))
    written = write_files(made, out_dir)
    for path in written:
        print("  " + _("wrote {file} ({size})", file=path, size=file_size(path.stat().st_size)), file=sys.stderr)
    print(_("yearbook {name}: {profiles} profiles, {pages} PDF pages ({variant}), {entries} page-list entries, "
            "{count} file(s) in {folder} in {seconds} s", name=made.base_name, profiles=made.profiles,
            pages=made.pages, variant=made.pdf_variant, entries=made.page_list, count=len(written), folder=out_dir,
            seconds=format(time.perf_counter() - started, ".1f")))
    return EXIT_OK


def report(args: argparse.Namespace) -> int:
    """The council's quota report, to stdout or --out (replaced only when complete)."""
    content_dir, out, today = Path(args.content), Path(args.out) if args.out else None, args.today
    args.stopped = Stopped("report", _("{folder} was not changed", folder=out) if out else _("no report was made"))
    print(_("quota report from {content} (as of {today})", content=content_dir, today=format_date(today)),
          file=sys.stderr)
    content, problems = load_content(content_dir)
    year = args.year or today.year
    if content is not None:
        problems.extend(quota_report.uncounted_warnings(content, year, today))
    for problem in problems.warnings if not args.strict else []:
        print(problem, file=sys.stderr)
    raise_for_problems(problems, args.strict)
    assert content is not None
    made = quota_report.quota_report(content, year, today)
    labels = load_labels(THEME_DIR)
    renderer = Renderer(THEME_DIR / "templates", labels, content.site)
    text = quota_formats.render(made, args.format, labels, renderer, content.site.council)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_atomically(out, text.encode("utf-8"))
        except OSError as exc:  # named by the file asked for, not the temporary one beside it
            raise OSError(exc.errno, exc.strerror, str(out)) from None
    where = f" -> {out}" if out else ""
    print(f"{quota_formats.summary_line(made, labels)} ({args.format}{where})", file=sys.stderr)
    return EXIT_OK


def new(args: argparse.Namespace) -> int:
    """A new profile's file (or a film's, a radio piece's, a photo story's), as a draft with every field explained."""
    args.stopped = Stopped("new", _("nothing was written"))
    content, problems = load_content(Path(args.content))
    if content is None:
        raise_for_problems(problems, strict=False)
    assert content is not None  # load_content gives no content only with errors, raised just above
    if args.kind in MEDIA_KINDS:  # a film, a radio piece or a photo story, under content/media/
        target = create_media_item(content, args.kind, args.name, THEME_DIR)
    else:
        target = create_profile(content, args.kind, args.name, THEME_DIR, args.another_person)
    print(_("wrote {file}: fill it in, then run site-builder check", file=display_path(target)))
    return EXIT_OK


def serve(args: argparse.Namespace) -> int:
    return preview.serve(Path(args.content), args.host, args.port, args.today, cms=args.cms, drafts=args.drafts,
                         cache_dir=Path(args.cache) if args.cache else None)


def cms(args: argparse.Namespace) -> int:
    """The web editor's config.yml, made from the schema and the taxonomies."""
    args.stopped = Stopped("cms", _("{folder} was not changed", folder=args.out))
    content_dir = Path(args.content)
    site, tax = _settings_and_taxonomies(content_dir)
    print(write_config(content_dir, site, tax, Path(args.out)))
    return EXIT_OK


def _settings_and_taxonomies(content_dir: Path):
    """site.yml and the taxonomies alone (not the profiles), or ContentError: what `cms` and `template`
    are made from, so that they take a moment at 10,000 profiles too."""
    problems = Problems()
    site = validate_site(content_dir, problems)
    tax = validate_taxonomies(content_dir, problems)
    raise_for_problems(problems, strict=False)
    assert site is not None
    return site, tax


def template(args: argparse.Namespace) -> int:
    """The nomination workbook the council sends to its units, made from the taxonomies."""
    from ..nominations.template import list_names, write_template

    args.stopped = Stopped("template", _("nothing was written"))
    out = Path(args.file)
    if out.suffix.lower() != ".xlsx":
        raise OptionError(_("{file}: the template must end in .xlsx", file=args.file))
    site, tax = _settings_and_taxonomies(Path(args.content))
    try:
        write_template(tax, site.council, args.today, out)
    except OSError as exc:  # named by the file asked for, not the temporary one beside it
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    print(_("wrote {file}: {units} units, {fields} fields, {movements} movements, {localities} localities "
            "in the drop-down lists", file=display_path(out), units=len(list_names(tax, "units", args.today)),
            fields=len(tax.fields),
            movements=len(tax.movements), localities=len(tax.localities)))
    return EXIT_OK


def import_nominations(args: argparse.Namespace) -> int:
    """A unit's workbook, reports and photos -> profiles for review; all or nothing unless --partial.
    Exit 1 when some rows were left out (--partial), with the report of what went in."""
    from ..nominations.importer import import_nominations as import_workbook

    content = Path(args.content)
    args.stopped = Stopped("import", _("{folder} was not changed", folder=display_path(content)) if args.partial
                           else _("{folder} was not changed (or use --partial to import the rows without problems)",
                                  folder=display_path(content)))
    try:
        result, problems = import_workbook(
            Path(args.file), content, Path(args.photos) if args.photos else None,
            Path(args.reports) if args.reports else None, partial=args.partial, today=args.today)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, exc.filename or str(content)) from None
    # In the sheet's order, row by row (sorted text would put F12 before F2).
    in_order = list(dict.fromkeys(problems.items))
    if result is None:
        for problem in in_order:
            if problem.severity != "error":
                print(problem, file=sys.stderr)
        raise ContentError([problem for problem in in_order if problem.severity == "error"])
    for problem in in_order:
        print(problem, file=sys.stderr)
    _print_import(result, display_path(Path(args.file)))
    return EXIT_CONTENT if result.rejected_rows else EXIT_OK


def _print_import(result, workbook: str) -> None:
    """What each row became, what the editor still has to decide, and the counts."""
    words = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged"), "skipped": _("skipped")}
    for outcome in result.outcomes:
        line = f"{words[outcome.state]:<10} {outcome.path}  ({outcome.where})"
        print(line + (f": {outcome.reason}" if outcome.reason else ""))
    waiting = [o for o in result.outcomes if o.decisions and o.state != "skipped"]
    if waiting:
        print("\n" + _("for the editor to decide before publishing:"))
        for outcome in waiting:
            for decision in outcome.decisions:
                print(f"  {outcome.path}: {decision}")
    counts = {state: len(result.of(state)) for state in words}
    print("\n" + _("imported {workbook}: {created} created, {updated} updated, {unchanged} unchanged, "
                   "{skipped} skipped, {rejected} row(s) with problems not imported; the profiles are in "
                   "'review' (awaiting review)", workbook=workbook, rejected=result.rejected_rows, **counts))



def deploy(args: argparse.Namespace) -> int:
    target = target_from(args.to, args.ssh_key, args.ssh_port, args.known_hosts, Path(args.content))
    args.stopped = Stopped("deploy", _("the live site on {target} was not changed", target=target))
    if args.rollback:
        release = rollback(target)
        print(_("rolled back: {target} now serves release {release}", target=target, release=release))
        return EXIT_OK
    summary = deploy_site(Path(args.site), target, args.keep, progress)
    numbers = dict(release=summary.release, target=target, sent=summary.files_sent, files=summary.files,
                   size=file_size(summary.bytes_sent), removed=summary.removed, seconds=format(summary.seconds, ".1f"))
    if summary.previous:
        print(_("deployed release {release} to {target}: {sent} of {files} files sent ({size}), the others linked "
                "from the previous release; {removed} old release(s) removed; {seconds} s", **numbers))
    else:
        print(_("deployed release {release} to {target}, the first release there: {sent} of {files} files sent "
                "({size}); {seconds} s", **numbers))
    return EXIT_OK
