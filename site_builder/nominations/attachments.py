"""The files a unit sends with its list: a folder or a .zip of Word reports and photos.

Names are matched as people type them in a cell: accents, case and spaces forgiven,
the extension optional ("Bao cao Hoa" finds "báo cáo hoa.docx"). Only a file's own
name counts, never its folders, and a file is read only when a row names it, so a
zip's paths cannot place anything outside the profile's folder.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.text import fold, nfc


def name_key(name: str) -> str:
    """"Báo cáo_Hoa.DOCX", "bao cao hoa.docx" and "bao-cao-hoa.docx" are one name."""
    return re.sub(r"[\s_\-]+", " ", fold(nfc(name))).strip()


class AttachmentError(Exception):
    """A file that is named but cannot be read; the message is for the editor."""


@dataclass(frozen=True)
class Attachment:
    name: str  # the file's own name, NFC
    where: str  # as messages show it: "anh.zip: anh/hoa.jpg" or "reports/hoa.docx"
    size: int
    member: str | Path  # the zip member's name or the file's path


class Attachments:
    """Every file of one folder or zip, by name."""

    def __init__(self, label: str, files: list[Attachment], archive: zipfile.ZipFile | None = None,
                 archive_path: Path | None = None):
        self.label = label
        self.archive = archive
        self.archive_path = archive_path
        self._pid = os.getpid()
        self._by_key: dict[str, list[Attachment]] = {}
        self._by_stem: dict[str, list[Attachment]] = {}
        for item in files:
            self._by_key.setdefault(name_key(item.name), []).append(item)
            self._by_stem.setdefault(name_key(PurePosixPath(item.name).stem), []).append(item)

    @classmethod
    def open(cls, path: Path, archive_limit: int, problems: Problems, display: str) -> "Attachments | None":
        if path.is_dir():
            files = []
            for parent, folders, names in os.walk(path):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(names):
                    if name.startswith(".") or name.startswith("~$"):  # Word's lock files
                        continue
                    full = Path(parent, name)
                    files.append(Attachment(nfc(name), str(full), full.stat().st_size, full))
            return cls(display, files)
        if not path.is_file():
            problems.error(display, 0, _("no such folder or zip file"))
            return None
        if path.suffix.lower() != ".zip":
            problems.error(display, 0, _("must be a folder or a .zip file (a .rar or .7z file: zip it again as .zip)"))
            return None
        try:
            archive = zipfile.ZipFile(path)
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            problems.error(display, 0, _("the zip file is damaged and cannot be opened ({reason}); "
                                         "zip the files again and send them again", reason=exc))
            return None
        total = sum(i.file_size for i in infos)
        if total > archive_limit:
            problems.error(display, 0, _("the zip file unpacks to {size} MB, over the limit of {limit} MB; "
                                         "send it in several parts",
                                         size=format(total / 1e6, ".0f"), limit=format(archive_limit / 1e6, ".0f")))
            archive.close()
            return None
        files = []
        for info in infos:
            if info.is_dir():
                continue
            name = _member_name(info)
            own = PurePosixPath(name).name
            if not own or own.startswith(".") or own.startswith("~$") or name.startswith("__MACOSX/"):
                continue
            files.append(Attachment(nfc(own), f"{display}: {name}", info.file_size, info.filename))
        return cls(display, files, archive, path)

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def names(self) -> list[str]:
        return sorted(item.name for items in self._by_key.values() for item in items)

    def closest(self, name: str) -> str | None:
        """The file most like a name that matched none, compared as names are matched."""
        keys = {name_key(item.name): item.name for items in self._by_key.values() for item in items}
        found = difflib.get_close_matches(name_key(name), list(keys), n=1, cutoff=0.6)
        return keys[found[0]] if found else None

    def find(self, name: str) -> Attachment | None:
        """The file a cell names; AttachmentError when two files answer to it."""
        key = name_key(name)
        found = self._by_key.get(key) or self._by_stem.get(key) or []
        if len(found) > 1:
            raise AttachmentError(_("{count} files have the name '{name}' in {place} ({files}); give them different names",
                                    count=len(found), name=name, place=self.label, files="; ".join(f.where for f in found)))
        return found[0] if found else None

    def read(self, item: Attachment) -> bytes:
        try:
            if self.archive is None:
                return Path(item.member).read_bytes()
            if os.getpid() != self._pid:  # a forked worker: the parent's handle shares its file position
                assert self.archive_path is not None  # an archive is opened from its path
                self.archive, self._pid = zipfile.ZipFile(self.archive_path), os.getpid()
            return self.archive.read(str(item.member))
        except Exception as exc:  # BadZipFile (a wrong checksum), zlib.error, EOFError: a damaged member
            raise AttachmentError(_("cannot read {file}: the zip file is damaged ({reason})",
                                    file=item.where, reason=exc)) from None


def _member_name(info: zipfile.ZipInfo) -> str:
    """Windows' own zip writes names in the OEM code page, not UTF-8: recover UTF-8
    names that zipfile decoded as cp437 (the usual Vietnamese case)."""
    if info.flag_bits & 0x800:
        return unicodedata.normalize("NFC", info.filename)
    try:
        return unicodedata.normalize("NFC", info.filename.encode("cp437").decode("utf-8"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
