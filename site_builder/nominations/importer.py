"""`site-builder import`: a unit's workbook, reports and photos -> profiles for review.

All or nothing: every row is read and every profile is made and checked by the
project's own validator in a hidden folder inside content/ (so photo paths resolve
as they will) before anything under content/profiles/ changes; then each profile's
folder is renamed into place and the import record is replaced. With `partial`, the
rows without problems go in and the others are listed.

The import record (content/nhap-de-nghi.yml) remembers, for each profile an import
made, its unit, name and date sent, its file and the digest of the file as written.
Importing again updates that profile only while its file is still as the import left
it: a profile an editor has changed is skipped and named, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..common.files import write_atomically
from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.profiles import photo_format, profile_schema, validate_profile
from ..content.read import display_path, read_front_matter_document
from ..content.site_settings import validate_site
from ..content.taxonomies import validate_taxonomies
from ..content.text import format_date, slugify
from .attachments import Attachments
from .names import name_key
from .rows import Flow, Nomination, RowReader, file_bytes
from .spec import Spec, load_spec
from .table import read_table

RECORD_FILE = "nhap-de-nghi.yml"
_RECORD_HEADER = (
    "# Sổ nhập đề nghị: mỗi hồ sơ do 'site-builder import' tạo ra, với đơn vị, tên, ngày gửi\n"
    "# và dấu (digest) của tệp lúc nhập. Nhập lại cùng danh sách thì cập nhật đúng hồ sơ đó,\n"
    "# trừ khi biên tập viên đã sửa tệp. Xóa một mục ở đây để lần nhập sau tạo lại hồ sơ.\n"
)
CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass
class Outcome:
    """What one nomination became."""

    state: str
    where: str  # the row: "de-nghi.xlsx: Đề nghị!7"
    path: str  # the profile's file, as the editor sees it
    reason: str = ""  # why it was skipped
    decisions: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    outcomes: list[Outcome] = field(default_factory=list)
    rejected_rows: int = 0

    def of(self, state: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.state == state]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the strict reader refuses anchors and aliases
        return True


_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def render_profile(nomination: Nomination) -> str:
    """The profile's file: front matter as in the sample profiles, then the story.
    Images from the report follow the photos as commented-out entries: a photo needs a
    description and a credit that only the editor can write."""
    parts = []
    keys = list(nomination.front)
    for key in keys:
        parts.append(_dump({key: nomination.front[key]}))
        if nomination.report_images and key == ("photos" if "photos" in keys else _before_photos(keys)):
            parts.append(_report_images_comment(nomination, "photos" in keys))
    return "---\n" + "".join(parts) + "---\n\n" + nomination.story


def _before_photos(keys: list[str]) -> str:
    order = ["status", "consent"]
    return [k for k in keys if k in order][-1]


def _report_images_comment(nomination: Nomination, has_photos: bool) -> str:
    lines = ["# Ảnh lấy từ báo cáo thành tích, chưa đưa lên trang: viết mô tả (alt: ảnh chụp gì)",
             "# và nguồn ảnh (credit), rồi bỏ dấu # ở đầu các dòng dưới đây."]
    if not has_photos:
        lines.append("# photos:")
    for image in nomination.report_images:
        lines += [f"# - file: {image.name}", f"#   alt: {image.alt}".rstrip(), "#   credit:"]
    return "\n".join(lines) + "\n"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_record(content_dir: Path, problems: Problems) -> list[dict]:
    path = content_dir / RECORD_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list) or not all(isinstance(e, dict) and "profile" in e for e in data):
            raise ValueError(_("not a list of entries"))
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
        problems.error(display_path(path), 0, _("the import record is damaged ({reason}); restore the file from its "
                                                "saved copy (git) and import again", reason=exc))
        return []
    return data


def _record_key(entry: dict) -> tuple[str, str, str]:
    day = dt.datetime.strptime(str(entry["submitted"]), "%d/%m/%Y").date()
    return (str(entry["unit"]), name_key(entry["name"]), day.isoformat())


def import_nominations(workbook: Path, content_dir: Path, photos: Path | None = None, reports: Path | None = None,
                       partial: bool = False, today: dt.date | None = None,
                       spec: Spec | None = None) -> tuple[ImportResult | None, Problems]:
    """Import one workbook. Returns (what happened, or None when nothing was written; problems)."""
    spec = spec or load_spec()
    today = today or dt.date.today()
    problems = Problems()
    content_dir = Path(content_dir)
    if not (content_dir / "site.yml").is_file():
        problems.error(display_path(content_dir), 0, _("not a content folder (it has no site.yml); use --content"))
        return None, problems
    site = validate_site(content_dir, problems)
    tax = validate_taxonomies(content_dir, problems)
    record = read_record(content_dir, problems)
    if problems.errors or site is None:
        return None, problems
    table = read_table(workbook, spec, problems)
    folder = workbook.parent
    archive_limit = spec.megabytes("archive_megabytes") * 1_000_000
    opened = []
    for given, keys in ((photos, ("photo",)), (reports, ("report",))):
        # The workbook's own folder is listed only when a row names a file: it may be a big one.
        named = table is not None and any(
            cell.column.key in keys and any(col in row.values for row in table.rows)
            for col, cell in table.columns.items())
        path = Path(given) if given else folder
        opened.append(Attachments.open(path, archive_limit, problems, display_path(path))
                      if given or named else None)
    photo_files, report_files = opened
    try:
        if table is None or problems.errors:
            return None, problems
        reader = RowReader(table, spec, tax, photo_files, report_files, site.max_photo_megabytes * 1_000_000)
        result = ImportResult()
        reader.prepare_reports(table.rows)
        nominations: list[Nomination] = []
        seen: dict[tuple, str] = {}
        for row in table.rows:
            own = Problems()
            nomination = reader.read(row, own)
            if nomination is not None and nomination.key in seen:
                own.error(nomination.where, 0, _("the same as row {row} (the same unit, name and date sent); "
                                                 "delete one of them", row=seen[nomination.key]))
                nomination = None
            problems.extend(own.items)
            if nomination is None:
                result.rejected_rows += 1
                continue
            seen[nomination.key] = nomination.where.rsplit("!", 1)[-1]
            nominations.append(nomination)
        if not table.rows:
            problems.error(table.where(table.header + 1), 0, _("the sheet has no nomination below its heading row"))
        if problems.errors and not partial:
            return None, problems
        return _write(nominations, result, content_dir, record, tax, site, workbook, today, problems, partial)
    finally:
        for files in opened:
            if files is not None:
                files.close()


def _write(nominations, result, content_dir: Path, record: list[dict], tax, site, workbook: Path,
           today: dt.date, problems: Problems, partial: bool):
    profiles_dir = content_dir / "profiles"
    by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
    for recorded in record:
        try:
            by_key[_record_key(recorded)] = recorded
        except (KeyError, ValueError):
            continue
    taken = {p.name for p in profiles_dir.iterdir()} if profiles_dir.is_dir() else set()
    schema = profile_schema(tax)
    max_photo_bytes = site.max_photo_megabytes * 1_000_000
    staging = Path(tempfile.mkdtemp(prefix=".nhap-", dir=content_dir))  # hidden: no build or check reads it
    planned: list[tuple[Nomination, str, Path, Path | None]] = []  # (nomination, state, target folder, stage)
    try:
        for index, nomination in enumerate(nominations):
            entry = by_key.get(nomination.key)
            text = render_profile(nomination).encode("utf-8")
            if entry is not None:
                target = (content_dir / entry["profile"]).parent
                path = content_dir / entry["profile"]
                shown = display_path(path)
                if not path.is_file():
                    result.outcomes.append(Outcome(SKIPPED, nomination.where, shown,
                        _("the profile imported on {date} was deleted or moved; it is not made again (delete its "
                          "entry in {record} to import it again)", date=entry.get("imported", "?"), record=RECORD_FILE)))
                    continue
                current = path.read_bytes()
                same_files = all((target / n).is_file() and (target / n).read_bytes() == file_bytes(d)
                                 for n, d in nomination.files.items())
                # The same as the file now, or the same row as last time (the editor's edits stand).
                if (current == text or _digest(text) == entry.get("digest")) and same_files:
                    result.outcomes.append(Outcome(UNCHANGED, nomination.where, shown,
                                                   decisions=nomination.decisions))
                    continue
                if _digest(current) != entry.get("digest"):
                    result.outcomes.append(Outcome(SKIPPED, nomination.where, shown,
                        _("an editor changed the profile after the import of {date}: not overwritten; compare it with "
                          "the new workbook and edit it by hand, or delete the profile's folder and its entry in "
                          "{record} to import it again", date=entry.get("imported", "?"), record=RECORD_FILE)))
                    continue
                state = UPDATED
            else:
                target = profiles_dir / _folder_name(nomination, tax, taken)
                taken.add(target.name)
                state = CREATED
            stage = staging / f"{index:05d}"
            stage.mkdir()
            (stage / "index.md").write_bytes(text)
            for name, data in nomination.files.items():
                (stage / name).write_bytes(file_bytes(data))
            if _check(stage, target, nomination, content_dir, tax, schema, max_photo_bytes, problems):
                planned.append((nomination, state, target, stage))
            else:
                result.rejected_rows += 1
        if problems.errors and not partial:
            return None, problems
        # Everything is made and checked: now into place, each folder by one rename.
        profiles_dir.mkdir(exist_ok=True)
        for nomination, state, target, staged in planned:
            assert staged is not None  # every planned profile was staged
            if state == CREATED:
                os.rename(staged, target)
            else:
                for item in sorted(staged.iterdir()):
                    os.replace(item, target / item.name)
            path = target / "index.md"
            result.outcomes.append(Outcome(state, nomination.where, display_path(path),
                                           decisions=nomination.decisions))
            entry = by_key.get(nomination.key)
            fresh = {"unit": nomination.unit, "name": nomination.name,
                     "submitted": format_date(nomination.submitted),
                     "profile": path.relative_to(content_dir).as_posix(), "digest": _digest(path.read_bytes()),
                     "source": f"{workbook.name}: {nomination.where.split(': ', 1)[1]}",
                     "imported": format_date(today)}
            if entry is None:
                record.append(fresh)
            else:
                entry.clear()
                entry.update(fresh)
        if planned:
            _save_record(content_dir, record)
        return result, problems
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check(stage: Path, target: Path, nomination: Nomination, content_dir: Path, tax, schema,
           max_photo_bytes: int, problems: Problems) -> bool:
    """The project's own validator on the staged profile; its photos are checked as photos."""
    ok = True
    for name in nomination.files:
        if photo_format(stage / name) is None:
            problems.error(nomination.where, 0, _("'{file}' is not a readable photo; export it again as JPEG or PNG", file=name))
            ok = False
    own = Problems()
    doc = read_front_matter_document(stage / "index.md", display_path(target / "index.md"), own)
    if doc is not None and doc.meta is not None:
        validate_profile(content_dir, doc, tax, schema, own, max_photo_bytes)
    for problem in own.items:
        if problem.severity == "error":
            problems.error(nomination.where, 0, _("the profile made does not pass the check: {message}",
                                                     message=problem.message))
            ok = False
        elif nomination.story or "story" not in problem.message:
            nomination.decisions.append(problem.message)
    return ok


def _folder_name(nomination: Nomination, tax, taken: set[str]) -> str:
    """The profile's folder: its slug, made unique the way slugs are (locality, then year, then a number)."""
    base = slugify(nomination.name) or "ho-so"
    locality = slugify(tax.localities[nomination.locality].label) if nomination.locality else ""
    candidates = [base] + ([f"{base}-{locality}"] if locality else []) + [f"{base}-{nomination.submitted.year}"]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _save_record(content_dir: Path, record: list[dict]) -> None:
    write_atomically(content_dir / RECORD_FILE, (_RECORD_HEADER + _dump(record)).encode("utf-8"))
