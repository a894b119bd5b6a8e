"""`contest import`: the secretariat's entry workbook with the entries' files -> entries/GNT-NNNN.md.

Each row is read as the nominations import reads a row (its table reader, its attachments from a
folder or a .zip, its Word reader with the same size and zip-bomb limits), then checked as an
entry: the genre's limits (an article's words counted from its Word file, a broadcast piece's
minutes, the number of photos), a row twice (same title and author), an author who organises or
judges the contest, a phone number in a public column. A row without the locality's confirmation
is taken, with a warning: it is needed before the final round. A radio, TV or video piece goes
through the media stage of the films (recordings.py, media/video.py): a damaged file is refused,
its length is read from the file, and a film is encoded, without its metadata, for the jurors.

All or nothing: every entry is written and checked by the contest's own reader in a hidden
folder first; with any error nothing changes. A row already imported (same title and author as
an entry) is left as it is, so importing the same workbook again adds nothing. New entries get
the next codes, in the workbook's order, with `state: received`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.model import Taxonomies
from ..content.read import display_path
from ..content.schema import name_key
from ..content.text import format_date
from ..media.video import RecordingError
from ..nominations.attachments import AttachmentError, Attachments
from ..nominations.dates import CellDateError, read_date
from ..nominations.report import ReportError, Story, convert_ahead, convert_report
from ..nominations.spec import heading_key
from ..nominations.table import Row, Table, read_table
from .intake_sheet import intake_spec, list_values
from .load import ENTRIES_DIR, count_words, read_entry
from .model import Contest
from .privacy import phone_numbers
from .recordings import kind_of, minutes_seconds, read_recording

_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)$")


@dataclass
class Intake:
    created: list[str] = field(default_factory=list)  # "GNT-0013 (row 4)"
    unchanged: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # "GNT-0014.mp4 (2:05)": the recordings read by the media stage


@dataclass
class _Entry:
    row: int
    meta: dict
    text: str
    files: dict[str, bytes]  # file name beside the entry -> bytes
    seconds: float = 0.0  # the recording's length, as ffprobe read it


def import_entries(contest: Contest, folder: Path, tax: Taxonomies, workbook: Path, files: Path | None,
                   problems: Problems, cache_dir: Path) -> Intake | None:
    """The workbook's new entries written into `folder` (the contest's), or None with every problem.
    `cache_dir` holds the recordings' renditions (the build's `.cache/recordings`)."""
    spec = intake_spec()
    table = read_table(workbook, spec, problems, display_path(workbook))
    if table is None or problems.errors:
        return None
    attachments = Attachments.open(files, spec.megabytes("archive_megabytes") * 1_000_000, problems,
                                   display_path(files)) if files else None
    if files and attachments is None:
        return None
    try:
        reader = _RowReader(contest, tax, table, attachments, spec, problems, cache_dir)
        reader.convert_articles(table.rows)
        result = Intake()
        existing = {(name_key(e.title), name_key(e.author)): e.code for e in contest.entries}
        seen: dict[tuple[str, str], int] = {}
        number = max((int(e.code.rsplit("-", 1)[1]) for e in contest.entries), default=0)
        planned: list[tuple[str, _Entry]] = []
        for row in table.rows:
            entry = reader.read(row)
            if entry is None:
                continue
            key = (name_key(entry.meta["title"]), name_key(entry.meta["author"]))
            if key in existing:
                result.unchanged.append(f"{existing[key]} ({table.where(row.number)})")
                continue
            if key in seen:
                problems.error(table.where(row.number), 0, _("the same title by the same author as row {other}; "
                                                             "keep one row", other=seen[key]))
                continue
            seen[key] = row.number
            number += 1
            planned.append((f"{contest.code_prefix}-{number:04d}", entry))
    finally:
        if attachments is not None:
            attachments.close()
    if problems.errors:
        return None
    return _write(contest, folder, tax, table, planned, result, problems)


def _write(contest: Contest, folder: Path, tax: Taxonomies, table: Table, planned, result: Intake,
           problems: Problems) -> Intake | None:
    entries_dir = folder / ENTRIES_DIR
    entries_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".nhap-bai-", dir=entries_dir))  # hidden: no check reads it
    try:
        for code, entry in planned:
            files = {}
            for name, data in entry.files.items():  # each file beside its entry, named by the code
                own = f"{code}{name}"
                (staging / own).write_bytes(data)
                files[name] = own
            meta = {"code": code, **entry.meta}
            if "file" in meta:
                meta["file"] = files[meta["file"]]
            if "photos" in meta:
                meta["photos"] = [files[p] for p in meta["photos"]]
            text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n" + \
                entry.text.strip() + "\n"
            (staging / f"{code}.md").write_text(text, encoding="utf-8")
            entry_problems = Problems()
            read_entry(staging / f"{code}.md", contest, tax, entry_problems)
            for problem in entry_problems.errors:
                problems.error(table.where(entry.row), 0, _("the entry made does not pass the check: {message}",
                                                            message=problem.message))
        if problems.errors:
            return None
        for item in sorted(staging.iterdir()):
            os.rename(item, entries_dir / item.name)
        result.created = [f"{code} ({table.where(entry.row)})" for code, entry in planned]
        result.media = [f"{code}{entry.meta['file']} ({minutes_seconds(entry.seconds)})" for code, entry in planned
                        if "file" in entry.meta]
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _RowReader:
    def __init__(self, contest: Contest, tax: Taxonomies, table: Table, attachments: Attachments | None, spec,
                 problems: Problems, cache_dir: Path):
        self.contest, self.table, self.attachments, self.spec, self.problems = contest, table, attachments, spec, problems
        self.cache_dir = cache_dir
        self.column = {cell.column.key: index for index, cell in table.columns.items()}
        self.genres = {name_key(g.name): g.code for g in contest.genres.values()}
        self.genres.update((name_key(g.code), g.code) for g in contest.genres.values())
        names = list_values(contest, tax, "localities")
        self.localities = {name_key(loc.name): code for code, loc in tax.localities.items() if loc.name in names}
        self.insiders = {name_key(n) for n in contest.insiders}
        self._stories: dict = {}  # an article's Word file -> (story, "") or (None, why), from convert_articles

    def convert_articles(self, rows: list[Row]) -> None:
        """The articles' Word files, converted on every core before the rows are read one by one
        (nominations/report.convert_ahead): mammoth takes about 0.1 s a file, nearly all of an
        import's time. What is wrong with a row is said when it is read."""
        if self.attachments is None:
            return
        words = {code for code, genre in self.contest.genres.items() if genre.max_words}
        names = [self.cell_words(row, "file") for row in rows
                 if self.genres.get(name_key(self.cell_words(row, "genre"))) in words]
        self._stories = convert_ahead(self.attachments, names, self.spec.megabytes("report_megabytes") * 1_000_000)

    def _article(self, name: str, data: bytes) -> Story:
        """The story of an article's Word file, converted ahead or now; ReportError naming the file
        as its cell does."""
        assert self.attachments is not None  # the file was found among them
        story, _why = self._stories.get(self.attachments.find(name)) or (None, "")
        if story is not None:
            return story
        # Not converted ahead, or it failed there: now, so that the message names the file as the cell does.
        return convert_report(data, self.spec.megabytes("report_megabytes") * 1_000_000, file=name)

    def cell(self, row: Row, key: str):
        return row.values.get(self.column.get(key, -1))

    def cell_words(self, row: Row, key: str) -> str:
        """A cell's text with its spaces made single ("" for an empty cell, or a 0)."""
        return " ".join(str(self.cell(row, key) or "").split())

    def where(self, row: Row, key: str) -> str:
        return self.table.where(row.number, self.column.get(key))

    def read(self, row: Row) -> _Entry | None:
        failed = len(self.problems.errors)

        def error(key: str, message: str) -> None:
            self.problems.error(self.where(row, key), 0, message)

        def text(key: str) -> str:
            value = self.cell(row, key)
            return " ".join(str(value).split()) if value is not None else ""

        for column in self.spec.columns:
            if column.required and not text(column.key):
                error(column.key, _("'{heading}' is empty; it is required", heading=column.heading))
        genre = self.genres.get(name_key(text("genre")))
        if text("genre") and genre is None:
            error("genre", _("'{value}' is not a genre of the contest ({genres})", value=text("genre"),
                             genres=", ".join(g.name for g in self.contest.genres.values())))
        locality = self.localities.get(name_key(text("locality")))
        if text("locality") and locality is None:
            error("locality", _("'{value}' is not a locality of the list; choose it with the arrow of the cell",
                                value=text("locality")))
        consent = heading_key(text("consent"))
        if consent and consent not in {heading_key(v) for v in (*self.spec.yes, *self.spec.no)}:
            error("consent", _("write {yes} or {no}", yes=self.spec.yes[0], no=self.spec.no[0]))
        dates = {}
        for key in ("received", "verified_on"):
            if self.cell(row, key) is not None:
                try:
                    dates[key] = read_date(self.cell(row, key))
                except CellDateError as exc:
                    error(key, str(exc))
        if name_key(text("author")) in self.insiders:
            error("author", _("{name} organises or judges the contest and may not enter it", name=text("author")))
        for key in ("title", "author", "exemplar", "verified_by"):
            for number in phone_numbers(text(key)):
                error(key, _("'{number}' looks like a phone number and would be published; write it in the column "
                             "'{column}'", number=number, column=self.spec.columns[4].heading))
        if not text("verified_by") or "verified_on" not in dates:
            self.problems.warning(self.table.where(row.number), 0, _(
                "no confirmation by the locality yet: it is needed before the final round"))
        if len(self.problems.errors) > failed or genre is None:
            return None
        story, files, extra = self._files(row, genre, error)
        if len(self.problems.errors) > failed:
            return None
        seconds = extra.pop("seconds", 0.0)
        meta: dict[str, Any] = {"title": text("title"), "genre": genre, "author": text("author"),
                "received": format_date(dates["received"]),
                "private": {k: text(k) for k in ("address", "phone", "email") if text(k)},
                "exemplar": {"name": text("exemplar"), "locality": locality}}
        if text("verified_by") and "verified_on" in dates:
            meta["verification"] = {"by": text("verified_by"), "date": format_date(dates["verified_on"])}
        meta.update(extra)
        meta["consent"] = consent in {heading_key(v) for v in self.spec.yes}
        meta["state"] = "received"
        return _Entry(row.number, meta, story, files, seconds)

    def _files(self, row: Row, genre: str, error) -> tuple[str, dict[str, bytes], dict]:
        """The entry's text and files by its genre: an article's Word file, a piece's media file, photos."""
        limits = self.contest.genres[genre]
        story = ""
        files: dict[str, bytes] = {}
        extra: dict[str, Any] = {}
        name = self.cell_words(row, "file")
        photos = [p.strip() for p in str(self.cell(row, "photos") or "").split(";") if p.strip()]
        if limits.max_words or limits.max_minutes:
            if not name:
                error("file", _("the entry's file is not named; write its file name"))
                return story, files, extra
            data = self._find(row, name, "file", self.spec.megabytes(
                "report_megabytes" if limits.max_words else "media_megabytes"), error)
            if data is None:
                return story, files, extra
            suffix = Path(name).suffix.lower() or ".docx"
            if limits.max_words:
                try:
                    story = self._article(name, data).markdown
                except ReportError as exc:
                    error("file", str(exc))
                    return story, files, extra
                words = count_words(story)
                if words > limits.max_words:
                    error("file", _("the text has {words} words, over the genre's limit of {limit}",
                                    words=words, limit=limits.max_words))
            else:
                assert limits.max_minutes is not None  # a genre without words has minutes (the if above)
                seconds = self._recording(name, data, error)
                if seconds is None:
                    return story, files, extra
                # The length typed in the workbook, or else the one read from the file.
                duration = self.cell_words(row, "duration") or minutes_seconds(seconds)
                match = _DURATION.match(duration)
                if not match:
                    error("duration", _("'duration': write the length of the piece as minutes:seconds, like 6:45"))
                elif int(match[1]) * 60 + int(match[2]) > limits.max_minutes * 60:
                    error("duration", _("the piece lasts {duration}, over the genre's limit of {limit} minutes",
                                        duration=duration, limit=limits.max_minutes))
                if int(seconds) > limits.max_minutes * 60:
                    error("file", _("the file lasts {duration}, over the genre's limit of {limit} minutes",
                                    duration=minutes_seconds(seconds), limit=limits.max_minutes))
                files[suffix] = data
                extra = {"file": suffix, "duration": duration, "seconds": seconds}
        if limits.max_photos:
            if not photos:
                error("photos", _("the entry's photos are not named; write their file names, separated by ';'"))
            if len(photos) > limits.max_photos:
                error("photos", _("{count} photos, over the genre's limit of {limit}", count=len(photos),
                                  limit=limits.max_photos))
            names = []
            for index, photo in enumerate(photos, start=1):
                data = self._find(row, photo, "photos", self.spec.megabytes("report_megabytes"), error)
                if data is None:
                    continue
                own = f"-anh-{index}.jpg"
                files[own] = data
                names.append(own)
            extra["photos"] = names
        return story, files, extra

    def _recording(self, name: str, data: bytes, error) -> float | None:
        """The length in seconds of a radio, TV or video piece, read (and a film encoded) by the media
        stage; None, with the reason, when the file is not one or is damaged."""
        suffix = Path(name).suffix.lower()
        if kind_of(name) is None:
            error("file", _("'{name}' is not a sound or film file; send the piece as MP3 (sound) or MP4 (film)",
                            name=name))
            return None
        with tempfile.TemporaryDirectory(prefix="nhap-bai-") as folder:
            path = Path(folder) / f"tac-pham{suffix}"  # not the sent name: an error message shows it
            path.write_bytes(data)
            try:
                return read_recording(path, self.cache_dir)
            except RecordingError as exc:
                error("file", _("'{name}': {reason}", name=name, reason=str(exc).replace(path.name, name)))
                return None

    def _find(self, row: Row, name: str, key: str, megabytes: int, error) -> bytes | None:
        if self.attachments is None:
            error(key, _("the file '{name}' is named but no files were given (--files)", name=name))
            return None
        try:
            item = self.attachments.find(name)
        except AttachmentError as exc:
            error(key, str(exc))
            return None
        if item is None:
            close = self.attachments.closest(name)
            error(key, _("the file '{name}' is not in {place}{hint}", name=name, place=self.attachments.label,
                         hint=_(" — is it '{name}'?", name=close) if close else ""))
            return None
        if item.size > megabytes * 1_000_000:
            error(key, _("the file '{name}' is {size} MB, over the limit of {limit} MB", name=name,
                         size=format(item.size / 1e6, ".1f"), limit=megabytes))
            return None
        try:
            data = self.attachments.read(item)
        except AttachmentError as exc:
            error(key, str(exc))
            return None
        if key == "photos" and data[:3] != b"\xff\xd8\xff":
            error(key, _("'{file}' is not a JPEG photo; export it again as .jpg", file=name))
            return None
        return data
