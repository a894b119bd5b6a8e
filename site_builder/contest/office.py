"""Office files (.xlsx, .docx) made the same byte for byte from the same content.

openpyxl and python-docx date each zip member, and openpyxl the document's "modified" property,
with the time of saving; a jury pack made twice from one round must be the same files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile


def dated_archive(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every member dated `stamp`, and `stamp` as the time it was last
    modified (openpyxl writes the time of saving into both)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.isoformat().encode() + b"Z",
                                member)
            copy = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            copy.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(copy, member)
    return out.getvalue()
