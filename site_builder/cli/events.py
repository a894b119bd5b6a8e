"""The events' commands: `list EVENT` (the official list as DOCX, XLSX, PDF), `shortlist EVENT`
(the workbook of candidates; with --apply FILE, the chosen ones written into the event file) and
`yearbook --event EVENT` (the commemorative book, EPUB and PDF)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..common.files import file_size, write_atomically
from ..common.messages import _
from ..common.paths import PROJECT_DIR, THEME_DIR
from ..content.diagnostics import ContentError, did_you_mean, raise_for_problems
from ..content.events import Event
from ..content.load import load_content
from ..content.model import Content
from ..content.read import display_path
from ..council import event_list
from ..media.photos import process_photos
from ..nominations.template import _umask
from ..public.gate import publish
from ..site.renderer import load_labels, template_environment
from ..yearbook.event_edition import photos_shown, public_event, render_event_book
from ..yearbook.render import write_files
from ..yearbook.site import load_or_raise
from .commands import Stopped, progress, yearbook_formats
from .failures import EXIT_OK, OptionError


def add_parsers(sub, language, today) -> None:
    """The two commands, beside the others in cli/main.py (`today` reads a --today date)."""
    p = sub.add_parser("list", help=_("the official list of an event (annex of the decision): DOCX, XLSX, PDF"))
    language(p)
    p.add_argument("event", metavar=_("EVENT"), help=_("the event: its file name in content/events/ without .md"))
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--out", default="dist", help=_("output folder (default: {folder})", folder="dist"))
    p.add_argument("--format", default="docx,xlsx,pdf", help=_("docx, xlsx, pdf, or several joined by commas "
                                                               "(default: all three)"))
    p.add_argument("--today", type=today, default=today(None),
                   help=_("publication date for embargoes, dd/mm/yyyy (default: today)"))
    p.set_defaults(func=list_event)
    p = sub.add_parser("shortlist", help=_("the workbook of an event's candidates, or with --apply the chosen "
                                           "ones written into the event file"))
    language(p)
    p.add_argument("event", metavar=_("EVENT"), help=_("the event: its file name in content/events/ without .md"))
    p.add_argument("--content", default="content", help=_("content folder (default: content)"))
    p.add_argument("--out", help=_("the workbook to write (default: danh-sach-chon-EVENT.xlsx)"))
    p.add_argument("--apply", metavar=_("FILE"), help=_("the filled-in workbook whose chosen rows go into the event file"))
    p.set_defaults(func=shortlist)


def load_event(content_dir: Path, slug: str, strict: bool = False) -> tuple[Content, Event]:
    """The content, checked (any error stops; with `strict`, any warning), and the event asked for."""
    content, problems = load_content(content_dir)
    raise_for_problems(problems, strict)
    assert content is not None
    events = content.events.by_slug() if content.events else {}
    if slug not in events:
        raise OptionError(_("no event '{slug}' in {folder}{hint}", slug=slug,
                            folder=display_path(content_dir / "events"), hint=did_you_mean(slug, events)))
    return content, events[slug]


def _formats(text: str) -> list[str]:
    asked = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in asked if f not in event_list.FORMATS]
    if unknown or not asked:
        raise OptionError(_("unknown format '{format}'; use docx, xlsx or pdf, joined by commas",
                            format=", ".join(unknown) or text))
    return list(dict.fromkeys(asked))


def list_event(args: argparse.Namespace) -> int:
    args.stopped = Stopped("list", _("nothing was written"))
    formats = _formats(args.format)
    content, event = load_event(Path(args.content), args.event)
    labels = load_labels(THEME_DIR)
    official = event_list.official_list(content, event, labels)
    env = template_environment(THEME_DIR / "templates", labels, content.site)
    made = {fmt: event_list.render(official, fmt, env, THEME_DIR / "fonts") for fmt in formats}
    out = Path(args.out)
    for fmt, data in made.items():  # every file made before any is written
        path = out / f"danh-sach-{event.slug}.{fmt}"
        try:
            write_atomically(path, data)
            os.chmod(path, 0o666 & ~_umask())  # a document to send: readable as any file the user saves
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        print("  " + _("wrote {file} ({size})", file=display_path(path), size=file_size(len(data))), file=sys.stderr)
    public = {p.slug for p in publish(content, args.today).profiles}
    withheld = sum(1 for h in event.honourees if h.profile not in public)
    print(_("official list of {event}: {count} exemplar(s) in {sections} group(s), {withheld} of them not public "
            "on the site; {files} file(s) in {folder}", event=event.name, count=official.count,
            sections=len(official.sections), withheld=withheld, files=len(made), folder=display_path(out)))
    return EXIT_OK


def shortlist(args: argparse.Namespace) -> int:
    from ..nominations import shortlist as chooser

    content_dir = Path(args.content)
    if args.apply:
        args.stopped = Stopped("shortlist", _("{file} was not changed", file="events/" + args.event + ".md"))
        content, event = load_event(content_dir, args.event)
        result, problems = chooser.apply_workbook(Path(args.apply), content, event)
        if result is None:
            raise ContentError(list(dict.fromkeys(problems.items)))
        print(_("{file}: {added} added, {changed} changed, {unchanged} unchanged", file=display_path(event.source),
                added=result.added, changed=result.changed, unchanged=result.unchanged))
        return EXIT_OK
    args.stopped = Stopped("shortlist", _("nothing was written"))
    content, event = load_event(content_dir, args.event)
    out = Path(args.out or f"danh-sach-chon-{event.slug}.xlsx")
    made = chooser.write_workbook(content, event, out)
    print(_("wrote {file}: {count} candidate(s) for {event}", file=display_path(out), count=made, event=event.name))
    return EXIT_OK


def event_yearbook(args: argparse.Namespace) -> int:
    """`yearbook --event EVENT`: the event's commemorative book, written to --out when complete."""
    started = time.perf_counter()
    content_dir, out_dir = Path(args.content), Path(args.out)
    args.stopped = Stopped("yearbook", _("nothing was written"))
    if args.end:
        raise OptionError(_("--to goes with --from; the book of an event covers the event"))
    formats = yearbook_formats(args.format)
    progress(_("checking content"))
    content, event = load_event(content_dir, args.event, args.strict)
    settings = load_or_raise(content_dir)
    publication = publish(content, args.today)
    found = public_event(publication, event)
    photos = photos_shown(found)
    progress(_("{event}: {public} public exemplar(s) of the {total} on its list, {photos} photos",
               event=event.slug, public=len(found.honourees), total=found.total, photos=len(photos)))
    cache = PROJECT_DIR / ".cache"
    media = process_photos(photos, cache / "media", content.site.original_photo_download)  # as `build` does
    media.raise_for_errors([event, *(h.profile for h in found.honourees)])
    made = render_event_book(publication, settings, event, media.photos, media.files, THEME_DIR, cache,
                             load_labels(THEME_DIR), formats, args.pdf_variant)
    written = write_files(made, out_dir)
    for path in written:
        print("  " + _("wrote {file} ({size})", file=path, size=file_size(path.stat().st_size)), file=sys.stderr)
    print(_("commemorative book {name}: {profiles} profiles in the list's order ({withheld} not public, only "
            "counted), {pages} PDF pages ({variant}), {entries} page-list entries, {count} file(s) in {folder} "
            "in {seconds} s", name=made.base_name, profiles=made.profiles, withheld=found.withheld,
            pages=made.pages, variant=made.pdf_variant, entries=made.page_list, count=len(written),
            folder=out_dir, seconds=format(time.perf_counter() - started, ".1f")))
    return EXIT_OK
