"""One row of the sheet "Đề nghị" -> one nomination: the profile's front matter,
its story and its files, or the row's problems (each at its cell)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable

from PIL import Image

from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.model import KINDS_NEEDING_CONSENT, Taxonomies
from ..content.read import PHOTO_SUFFIXES
from ..content.succession import not_valid_on
from ..content.text import format_date, nfc, slugify
from .attachments import AttachmentError, Attachments
from .dates import CellDateError, read_date
from .names import NameIndex, name_key, split_values
from .report import ReportImage, Story, convert_ahead, read_and_convert
from .spec import Spec
from .table import Row, Table

MAX_NAME, MAX_SUMMARY = 160, 400  # as the profile schema (content/profiles.py) allows
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)])\s+")


@dataclass
class Nomination:
    row: int
    where: str  # "de-nghi.xlsx: Đề nghị!7"
    unit: str
    name: str
    submitted: dt.date
    locality: str
    front: dict  # the profile's front matter, in the sample profiles' order
    story: str = ""
    # Photos (read when written) and report images, by file name beside the profile.
    files: dict[str, bytes | Callable[[], bytes]] = field(default_factory=dict)
    report_images: list[ReportImage] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # what the editor still has to decide

    @property
    def key(self) -> tuple[str, str, str]:
        """How a re-import finds the profile it made: unit, name and date sent."""
        return (self.unit, name_key(self.name), self.submitted.isoformat())


class Indexes:
    def __init__(self, tax: Taxonomies):
        self.kinds = NameIndex(tax.kinds, _("kind of nominee"))
        self.fields = NameIndex(tax.fields, _("field"))
        self.movements = NameIndex(tax.movements, _("emulation movement"))
        self.localities = NameIndex(tax.localities, _("locality"))
        self.units = NameIndex(tax.units, _("unit"))
        self.stages = NameIndex(tax.stages, _("stage"))
        self.awards = NameIndex(tax.awards, _("award"))


class RowReader:
    def __init__(self, table: Table, spec: Spec, tax: Taxonomies, photos: Attachments | None,
                 reports: Attachments | None, max_photo_bytes: int):
        self.table, self.spec, self.tax = table, spec, tax
        self.indexes = Indexes(tax)
        self.photos, self.reports = photos, reports
        self.max_photo_bytes = max_photo_bytes
        self._stories: dict = {}
        self.columns = {(cell.column.key, cell.n): col for col, cell in table.columns.items()}
        self.headings = {(cell.column.key, cell.n): cell.heading for cell in table.columns.values()}

    # -- cells ----------------------------------------------------------------
    def _get(self, row: Row, key: str, n: int = 1):
        col = self.columns.get((key, n))
        return (row.values.get(col), col) if col is not None else (None, None)

    def _text(self, row: Row, key: str, n: int = 1) -> tuple[str, int | None]:
        value, col = self._get(row, key, n)
        if value is None:
            return "", col
        if isinstance(value, (dt.date, dt.datetime)):
            value = format_date(value if isinstance(value, dt.date) else value.date())
        return nfc(str(value)).strip(), col

    def _line(self, row: Row, key: str, n: int = 1) -> tuple[str, int | None]:
        text, col = self._text(row, key, n)
        return re.sub(r"\s+", " ", text), col

    def read(self, row: Row, problems: Problems) -> Nomination | None:
        before = len(problems.errors)
        where = lambda col: self.table.where(row.number, col)  # noqa: E731
        err = lambda col, message: problems.error(where(col), 0, message)  # noqa: E731

        def required(key: str) -> str:
            text, col = self._line(row, key)
            if not text:
                err(col, _("the column '{heading}' is empty; this cell is required", heading=self.spec_heading(key)))
            return text

        def code(index: NameIndex, key: str, n: int = 1, need: bool = False) -> str:
            text, col = self._line(row, key, n)
            if not text:
                if need:
                    err(col, _("the column '{heading}' is empty; choose a value from the list",
                               heading=self.spec_heading(key, n)))
                return ""
            found = index.code_of(text)
            if found is None:
                err(col, index.unknown(text))
                return ""
            return found

        def codes(index: NameIndex, key: str) -> list[str]:
            found = []
            column = self._column(key)
            for n in range(1, column.repeat + 1):
                value, col = self._get(row, key, n)
                for part in split_values(value) if value is not None else ():
                    code_ = index.code_of(part)
                    if code_ is None:
                        err(col, index.unknown(part))
                    elif code_ not in found:
                        found.append(code_)
            return found

        def date(key: str, n: int = 1, need: bool = False) -> dt.date | None:
            value, col = self._get(row, key, n)
            if value is None:
                if need:
                    err(col, _("the column '{heading}' is empty; write day/month/year, e.g. 15/03/2024",
                              heading=self.spec_heading(key, n)))
                return None
            try:
                return read_date(value)
            except CellDateError as exc:
                err(col, str(exc))
                return None

        kind = code(self.indexes.kinds, "kind", need=True)
        name = required("name")
        if len(name) > MAX_NAME:
            err(self._get(row, "name")[1], _("the name is {length} characters long, over {limit}; shorten it",
                                              length=len(name), limit=MAX_NAME))
        fields = codes(self.indexes.fields, "fields")
        if not fields and not any(self._get(row, "fields", n)[0] for n in range(1, self._column("fields").repeat + 1)):
            err(self._get(row, "fields")[1], _("no field chosen; choose at least one in the column '{heading}'",
                                               heading=self.spec_heading("fields")))
        movements = codes(self.indexes.movements, "movements")
        locality = code(self.indexes.localities, "locality")
        unit = code(self.indexes.units, "unit", need=True)
        submitted = date("submitted", need=True)
        # The same rule as a profile's: the place and the unit as they were on the submitted date.
        for column, value, entries, what in (("locality", locality, self.tax.localities, _("locality")),
                                             ("unit", unit, self.tax.units, _("unit"))):
            wrong_date = not_valid_on(entries, value, submitted, what) if value and submitted else None
            if wrong_date:
                err(self._get(row, column)[1], wrong_date)
        stage = code(self.indexes.stages, "stage") or self.spec.defaults["stage"]
        summary_text, summary_col = self._text(row, "summary")
        summary = re.sub(r"\s+", " ", summary_text)
        if not summary:
            err(summary_col, _("the column '{heading}' is empty; this cell is required", heading=self.spec_heading("summary")))
        elif len(summary) > MAX_SUMMARY:
            err(summary_col, _("the summary is {length} characters long, over {limit}; keep it to one or two "
                               "sentences (the achievements go in the column of outstanding achievements)",
                               length=len(summary), limit=MAX_SUMMARY))
        achievements_text, _col = self._text(row, "achievements")
        achievements = [_BULLET.sub("", line).strip() for line in achievements_text.split("\n")]
        achievements = [re.sub(r"\s+", " ", a) for a in achievements if a]

        awards = []
        for n in range(1, self._column("award").repeat + 1):
            given = [self._get(row, k, n)[0] for k in ("award", "decision", "award_date", "issuer")]
            if all(v is None for v in given):
                continue
            award = code(self.indexes.awards, "award", n, need=True)
            decision, col = self._line(row, "decision", n)
            if not decision:
                err(col if col is not None else self._get(row, "award", n)[1],
                    _("award {n}: the decision's number is missing", n=n))
            day = date("award_date", n, need=True)
            issuer, _col = self._line(row, "issuer", n)
            if award and decision and day:
                entry = {"award": award, "decision": decision, "date": format_date(day)}
                if issuer:
                    entry["issuer"] = issuer
                awards.append(entry)

        consent_value, consent_col = self._line(row, "consent")
        consent = None
        if consent_value:
            folded = name_key(consent_value)
            if folded in {name_key(v) for v in self.spec.yes}:
                consent = True
            elif folded in {name_key(v) for v in self.spec.no}:
                consent = False
            else:
                err(consent_col, _("'{value}' is neither '{yes}' nor '{no}'", value=consent_value,
                                     yes=self.spec.yes[0], no=self.spec.no[0]))
        consent_date = date("consent_date")

        nomination = Nomination(row.number, self.table.where(row.number), unit, name,
                                submitted or dt.date.min, locality, {})
        photos = self._photos(row, nomination, problems, unit)
        self._report(row, nomination, problems)
        if len(problems.errors) > before:
            return None

        assert submitted is not None  # a row without its date has an error, returned above
        front: dict = {"kind": kind, "name": name, "summary": summary, "fields": Flow(fields)}
        if movements:
            front["movements"] = Flow(movements)
        if locality:
            front["locality"] = locality
        front.update({"unit": unit, "submitted": format_date(submitted), "stage": stage, "status": "review"})
        if consent is not None:
            front["consent"] = {"given": consent, **({"date": format_date(consent_date)} if consent_date else {})}
        if photos:
            front["photos"] = photos
        if awards:
            front["awards"] = awards
        if achievements:
            front["achievements"] = achievements
        nomination.front = front
        if kind in KINDS_NEEDING_CONSENT and consent is not True:
            nomination.decisions.append(
                _("no written consent to publish yet: the profile is not published until it says 'consent: "
                  "{{given: true, date: …}}' (column '{heading}')", heading=self.spec_heading("consent")))
        elif consent is True and consent_date is None and kind in KINDS_NEEDING_CONSENT:
            nomination.decisions.append(_("consent given but its date is missing ('consent.date')"))
        return nomination

    # -- photos and the Word report -------------------------------------------
    def _photos(self, row: Row, nomination: Nomination, problems: Problems, unit: str) -> list[dict]:
        photos = []
        for n in range(1, self._column("photo").repeat + 1):
            file_name, file_col = self._line(row, "photo", n)
            alt, alt_col = self._line(row, "photo_alt", n)
            caption, _col = self._line(row, "photo_caption", n)
            credit, _col = self._line(row, "photo_credit", n)
            where = self.table.where(row.number, file_col)
            if not file_name:
                if alt or caption or credit:
                    problems.error(self.table.where(row.number, alt_col if alt_col is not None else file_col), 0,
                                   _("photo {n} has a description but no file name", n=n))
                continue
            if not alt:
                problems.error(self.table.where(row.number, alt_col if alt_col is not None else file_col), 0,
                               _("photo {n} ('{file}') has no description: write what it shows, so that blind "
                                 "readers can hear it", n=n, file=file_name))
            item = self._find(self.photos, "photos", file_name, where, problems, self.max_photo_bytes,
                              _("max_photo_megabytes in site.yml"))
            if item is None:
                continue
            assert self.photos is not None  # _find finds nothing without a photo folder
            suffix = PurePosixPath(item.name).suffix.lower()
            if suffix not in PHOTO_SUFFIXES:
                problems.error(where, 0, _("'{file}' is not a photo file; send .jpg or .png photos", file=item.name))
                continue
            try:
                readable = _is_photo(self.photos.read(item))
            except AttachmentError as exc:
                problems.error(where, 0, str(exc))
                continue
            if not readable:
                problems.error(where, 0, _("'{file}' is not a readable photo; export it again as JPEG or PNG", file=item.name))
                continue
            target = _unique(f"{slugify(PurePosixPath(item.name).stem) or 'anh'}{suffix.replace('.jpeg', '.jpg')}",
                             nomination.files)
            # Read again when written: a unit's photos (megabytes each) are not all held at once.
            nomination.files[target] = functools.partial(self.photos.read, item)
            if not credit:
                credit = self.spec.defaults["photo_credit"].format(unit=self.tax.units[unit].name if unit else "")
            photo = {"file": target, "alt": alt, "caption": caption, "credit": credit}
            photos.append({k: v for k, v in photo.items() if v})
        return photos

    def prepare_reports(self, rows: list[Row]) -> None:
        """Convert every report the rows name, on every core (report.convert_ahead). Problems
        are reported row by row later."""
        if self.reports is not None:
            self._stories = convert_ahead(self.reports, (self._line(row, "report")[0] for row in rows),
                                          self.spec.megabytes("report_megabytes") * 1_000_000)

    def _convert(self, item) -> tuple[Story | None, str]:
        assert self.reports is not None  # reports are converted only from a report folder
        return read_and_convert(self.reports, self.spec.megabytes("report_megabytes") * 1_000_000, item)

    def _report(self, row: Row, nomination: Nomination, problems: Problems) -> None:
        file_name, col = self._line(row, "report")
        if not file_name:
            nomination.decisions.append(_("no achievement report: the story is empty"))
            return
        where = self.table.where(row.number, col)
        limit = self.spec.megabytes("report_megabytes") * 1_000_000
        item = self._find(self.reports, "reports", file_name, where, problems, limit, "report_megabytes")
        if item is None:
            return
        story, why = self._stories.get(item) or self._convert(item)
        if story is None:
            problems.error(where, 0, why)  # the message names the file itself
            return
        nomination.story = story.markdown
        for image in story.images:
            image.name = _unique(image.name, nomination.files)
            nomination.files[image.name] = image.data
            nomination.report_images.append(image)
        if story.images:
            nomination.decisions.append(
                _("{count} picture(s) taken from the report ({files}) are not on the page yet: write the description "
                  "(alt) and the credit in the comment lines (#) after the photos, then remove the #",
                  count=len(story.images), files=", ".join(i.name for i in story.images)))
        if story.skipped_images:
            nomination.decisions.append(
                _("{count} picture(s) in the report are in a format a page cannot show ({types}); ask the unit "
                  "for the original .jpg photos if needed", count=len(story.skipped_images),
                  types=", ".join(sorted(set(story.skipped_images)))))

    def _find(self, files: Attachments | None, option: str, name: str, where: str, problems: Problems,
              limit: int, setting: str):
        """The attachment a cell names, within its size limit, or None with the reason.
        `option`: "photos" or "reports", the command's option that gives the folder."""
        what = _("photo") if option == "photos" else _("report")
        if files is None:
            problems.error(where, 0, _("the {what} file '{name}' is named but there is no {what} folder "
                                       "(--{option} FOLDER or FILE.zip)", what=what, name=name, option=option))
            return None
        try:
            item = files.find(name)
        except AttachmentError as exc:
            problems.error(where, 0, str(exc))
            return None
        if item is None:
            closest = files.closest(name)
            close = _(" — is it '{name}'?", name=closest) if closest else ""
            problems.error(where, 0, _("there is no {what} file '{name}' in {place}{hint}", what=what, name=name,
                                       place=files.label, hint=close))
            return None
        if item.size > limit:
            problems.error(where, 0, _("the {what} file '{name}' is {size} MB, over the limit of {limit} MB "
                                       "({setting}); send a smaller one", what=what, name=item.name,
                                       size=format(item.size / 1e6, ".1f"), limit=format(limit / 1e6, ".0f"),
                                       setting=setting))
            return None
        return item

    # -- helpers ----------------------------------------------------------------
    def _column(self, key: str):
        return next(c for c in self.spec.columns if c.key == key)

    def spec_heading(self, key: str, n: int = 1) -> str:
        return self.headings.get((key, n)) or self._column(key).heading_of(n)


def file_bytes(value: bytes | Callable[[], bytes]) -> bytes:
    return value if isinstance(value, bytes) else value()


class Flow(list):
    """A list written on one line, as the sample profiles write codes: [y-te, giao-duc]."""


def _is_photo(data: bytes) -> bool:
    """Pillow knows the photo's format from its first bytes (text or a web page saved as .jpg is not)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return bool(image.format)
    except Exception:  # Pillow's UnidentifiedImageError, or a truncated header
        return False


def _unique(name: str, taken: dict) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{stem}-{number}{dot}{suffix}"
        number += 1
    return candidate
