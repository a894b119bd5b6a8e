"""EPUB 3 packaging: a reproducible ZIP in the order the format requires.

The OCF container rules that matter, including those EPUBCheck 5.3 does not
report: `mimetype` is the first entry, stored (not compressed), with no extra
field; every other entry follows in a fixed order. Timestamps come from the
content (the book's date), never the clock, and permissions are fixed, so the
same book always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

MIMETYPE = b"application/epub+zip"


@dataclass(frozen=True)
class Item:
    """One file of the publication, inside the EPUB/ folder."""

    id: str  # manifest id, an XML name
    href: str  # relative to EPUB/package.opf
    media_type: str
    data: bytes
    properties: str = ""
    in_spine: bool = False


def _info(name: str, date: dt.date, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(date.year, 1980), date.month, date.day, 0, 0, 0))
    info.compress_type = compress
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o100644 << 16
    return info


def write_epub(container_xml: bytes, package_opf: bytes, items: list[Item], date: dt.date) -> bytes:
    """The EPUB file: mimetype, container, package document, then the items in manifest order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_info("mimetype", date, zipfile.ZIP_STORED), MIMETYPE)
        archive.writestr(_info("META-INF/container.xml", date, zipfile.ZIP_DEFLATED), container_xml,
                         compresslevel=9)
        archive.writestr(_info("EPUB/package.opf", date, zipfile.ZIP_DEFLATED), package_opf, compresslevel=9)
        for item in items:
            already_compressed = item.media_type.startswith("image/") and item.media_type != "image/svg+xml"
            compress = zipfile.ZIP_STORED if already_compressed else zipfile.ZIP_DEFLATED
            archive.writestr(_info(f"EPUB/{item.href}", date, compress), item.data, compresslevel=9)
    return out.getvalue()
