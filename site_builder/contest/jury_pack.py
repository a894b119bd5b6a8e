"""`contest jury-pack`: for each juror of a round, the scoring workbook and the round's entries,
with nothing that names their authors.

For every juror, a folder named by the juror's code:

    phieu-cham-vong-<n>-<juror>.xlsx   the scoring workbook (workbook.py)
    bai/<CODE>.docx                    each entry as a Word document made afresh: its code, title,
                                       genre, exemplar and text; the author's name, the entry's
                                       private values and every phone number replaced by a mark
    bai/<CODE>-anh-<k>.jpg             its photos, drawn again from their pixels (no EXIF, no
                                       comment: a camera writes its owner's name there)
    bai/<CODE>.mp3                     its MP3, without its ID3 tags
    bai/<CODE>.mp4, bai/<CODE>.m4a     its film, or its sound in another format, as the media
                                       stage of the films encodes it (recordings.py: no metadata
                                       of the source, from the build's cache)

A file name is the entry's code, never its title or author; each document's own properties
(creator, last modified by, description, dates) are emptied or fixed. A file that is no sound
or film is not put in the pack: the command names it, for the organisers to send it
themselves. The pack is written to a new folder, whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from PIL import Image

from ..common.messages import _
from ..common.parallel import map_on_cores
from ..content.diagnostics import Problem
from ..media.video import RecordingError
from .model import Contest, Entry
from .office import dated_archive
from .privacy import PHONE
from .recordings import MP3, encoded, jurors_copy
from .words import contest_words
from .workbook import score_workbook


@dataclass
class JuryPack:
    files: dict[str, bytes] = field(default_factory=dict)  # path inside the pack -> bytes
    left_out: list[str] = field(default_factory=list)  # media files for the organisers to send themselves
    problems: list[Problem] = field(default_factory=list)  # recordings that cannot be given to the jurors


def anonymised(text: str, entry: Entry, mark: str) -> str:
    """`text` without the entry's author's name, its private values and any phone number."""
    secrets = [entry.author, *(str(v) for v in _values(entry.private))]
    for secret in sorted({s.strip() for s in secrets if s and s.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(secret), mark, text, flags=re.IGNORECASE)
    return PHONE.sub(mark, text)


def _values(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    elif value is not None:
        yield value


def _plain(block: str) -> str:
    """A Markdown paragraph as plain text (headings' #, emphasis' * and _ taken off)."""
    text = re.sub(r"^#{1,6}\s*|^[-*+]\s+|^>\s?", "", block.strip(), flags=re.MULTILINE)
    return " ".join(re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text).split())


def entry_document(contest: Contest, entry: Entry, files: list[str], stamp: dt.datetime) -> bytes:
    words = contest_words()["document"]
    mark = words["removed"]
    doc = Document()
    props = doc.core_properties
    props.author = props.last_modified_by = props.comments = props.subject = props.keywords = ""
    props.category = props.content_status = props.identifier = props.language = props.version = ""
    props.title = entry.code
    props.revision = 1
    props.created = props.modified = props.last_printed = stamp
    doc.add_heading(words["heading"].format(code=entry.code), level=1)
    doc.add_heading(anonymised(entry.title, entry, mark), level=2)
    doc.add_paragraph(words["genre"].format(genre=contest.genres[entry.genre].name))
    doc.add_paragraph(words["exemplar"].format(name=anonymised(entry.exemplar.name, entry, mark)))
    for block in re.split(r"\n\s*\n", entry.text):
        if block.strip():
            doc.add_paragraph(anonymised(_plain(block), entry, mark))
    if files:
        doc.add_paragraph(words["media"].format(files=", ".join(files)))
    out = io.BytesIO()
    doc.save(out)
    return dated_archive(out.getvalue(), stamp)


def clean_photo(data: bytes) -> bytes:
    """The photo's pixels alone, as a JPEG: no EXIF, XMP, ICC or comment survives."""
    with Image.open(io.BytesIO(data)) as image:
        pixels = image.convert("RGB")
    fresh = Image.frombytes("RGB", pixels.size, pixels.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=90)
    return out.getvalue()


def clean_mp3(data: bytes) -> bytes:
    """An MP3 without its ID3v2 tag (at the start) and ID3v1 tag (the last 128 bytes)."""
    if data[:3] == b"ID3" and len(data) > 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        data = data[10 + size + (10 if data[5] & 0x10 else 0):]
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        data = data[:-128]
    return data


# A Word document takes about 0.2 s to make: from this many entries they are made on every core.
PARALLEL_FROM = 40


def make_pack(contest: Contest, number: int, entries_dir: Path, cache_dir: Path) -> JuryPack:
    """The round's pack; `cache_dir` holds the films' renditions (the build's `.cache/recordings`)."""
    round_ = next(r for r in contest.rounds if r.number == number)
    stamp = dt.datetime.combine(round_.date, dt.time())
    entries = contest.entries_in_round(number)

    def entry_files(entry: Entry) -> tuple[dict[str, bytes], list[str], list[Problem]]:
        """The entry's files in the pack (its document, photos, recording), those left out, and why a
        recording cannot be given."""
        files: dict[str, bytes] = {}
        left_out = []
        for k, photo in enumerate(entry.photos, start=1):
            files[f"{entry.code}-anh-{k}.jpg"] = clean_photo((entries_dir / photo.file).read_bytes())
        if entry.file:
            suffix = Path(entry.file).suffix.lower()
            if suffix == MP3:
                files[f"{entry.code}{suffix}"] = clean_mp3((entries_dir / entry.file).read_bytes())
            elif encoded(entry.file):
                try:
                    own_suffix, data = jurors_copy(entries_dir / entry.file, cache_dir)
                except RecordingError as exc:
                    return {}, [], [Problem(entry.display, 0, "error", _("'file': '{name}': {reason}",
                                                                         name=entry.file, reason=str(exc)))]
                files[f"{entry.code}{own_suffix}"] = data
            else:
                left_out.append(f"{entry.code}: {entry.file}")
        files[f"{entry.code}.docx"] = entry_document(contest, entry, list(files), stamp)
        return files, left_out, []

    pack = JuryPack()
    shared: dict[str, bytes] = {}
    for files, left_out, problems in map_on_cores(entry_files, entries, PARALLEL_FROM):
        shared.update(files)
        pack.left_out += left_out
        pack.problems += problems
    codes = [e.code for e in entries]
    for juror in contest.jury:
        pack.files[f"{juror.code}/phieu-cham-vong-{number}-{juror.code}.xlsx"] = score_workbook(
            contest, round_, juror, codes)
        pack.files.update((f"{juror.code}/bai/{name}", data) for name, data in shared.items())
    return pack


def write_pack(pack: JuryPack, out: Path) -> None:
    """Into `out`, new or empty (the command checks it), whole or not at all: written beside it,
    then renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, data in sorted(pack.files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(staging, 0o755)
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
