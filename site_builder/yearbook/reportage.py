"""The reportage a profile appears in, as the yearbook lists it: title, kind, programme, date,
duration, and the episode page's address, printed in the PDF as a QR code a reader's phone
opens, and in the EPUB as a link.

Takes the public reportage (public/reportage.py, which features public profiles only) and the
recordings' durations (media/video.py, read by ffprobe); gives, by profile slug, the lines
the book's profile pages print. A line depends only on its item: its QR code is drawn once per
item, named by what it encodes, and kept in the yearbook's cache, so that the PDF's bytes and
its cache key stay the same while the address does.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import segno

from ..common.files import digest_bytes, write_atomically
from ..media.video import Recording
from ..public.reportage import Reportage
from ..site.reportage import clock_duration, episode_url

# Error correction M (15 % of the code may be smudged or folded) and the standard's quiet zone
# of four modules: what a phone's camera needs from a page printed on an office printer.
QR_ERROR = "m"
QR_BORDER = 4


@dataclass(frozen=True)
class BookReportage:
    """One film, radio piece or photo story under a profile in the book."""

    title: str
    kind: str  # "video" | "audio" | "photo-story"
    programme: str  # the programme's name
    aired: dt.date
    duration: str  # "2:05"; "" for a photo story
    url: str  # the episode page's absolute address
    qr_name: str  # the QR code's SVG file in the PDF (pdf.image_url): "qr-<digest>.svg"


def qr_svg(url: str) -> bytes:
    """The QR code of `url` as SVG: black modules on white, one unit per module, no XML declaration."""
    out = io.BytesIO()
    segno.make(url, error=QR_ERROR, micro=False).save(out, kind="svg", border=QR_BORDER, xmldecl=False,
                                                      dark="#000", light="#fff", nl=False)
    return out.getvalue()


def qr_name(url: str) -> str:
    return f"qr-{digest_bytes('qr', segno.__version__, QR_ERROR, str(QR_BORDER), url)[:24]}.svg"


def book_reportage(reportage: Reportage, recordings: dict[str, Recording], base_url: str
                   ) -> dict[str, tuple[BookReportage, ...]]:
    """Profile slug -> the public items featuring it, newest first (as the site lists them)."""
    lines = {}
    for item in reportage.items:
        url = base_url + episode_url(item)
        recording = recordings.get(item.slug)
        lines[item.slug] = BookReportage(
            title=item.title, kind=item.kind, programme=reportage.programmes[item.programme].name, aired=item.aired,
            duration=clock_duration(recording.duration) if recording else "", url=url, qr_name=qr_name(url))
    return {slug: tuple(lines[item.slug] for item in items) for slug, items in reportage.by_profile.items()}


def qr_files(lines: dict[str, tuple[BookReportage, ...]], cache_dir: Path) -> dict[str, Path]:
    """The SVG file of every QR code `lines` print, drawn when not already in `cache_dir`."""
    files = {}
    for line in (line for shown in lines.values() for line in shown):
        path = cache_dir / line.qr_name
        if not path.is_file():
            write_atomically(path, qr_svg(line.url))
        files[line.qr_name] = path
    return files
