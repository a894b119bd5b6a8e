"""An entry's recording (a radio or TV piece, a video clip) through the media stage of the films
and radio pieces (media/video.py), as a reportage item goes through it in the build.

ffprobe reads the file: a damaged file, or one that holds no sound or pictures, is refused, and
its real length is what the genre's limit is checked against, not the length typed in the
workbook. A film, or a sound in another format than MP3, is encoded by ffmpeg into the build's
content-digest cache (`.cache/recordings/`), without any of the source's metadata (a camera or a
phone writes its owner's name and the place there): that rendition is what the jurors receive.
An MP3 goes to the jurors as it is, its ID3 tags taken off (jury_pack.clean_mp3), so it is only
read, never encoded.
"""

from __future__ import annotations

from pathlib import Path

from ..content.media_items import AUDIO_SUFFIXES, VIDEO_SUFFIXES
from ..media.video import check_source, probe, rendition

MP3 = ".mp3"
RENDITION_SUFFIX = {"video": ".mp4", "audio": ".m4a"}  # media/video.py's video.mp4 and audio.m4a


def kind_of(name: str) -> str | None:
    """"video" or "audio" by the file's suffix, as the films' stage tells them apart; None for another file."""
    suffix = Path(name).suffix.lower()
    return "video" if suffix in VIDEO_SUFFIXES else "audio" if suffix in AUDIO_SUFFIXES else None


def encoded(name: str) -> bool:
    """Whether the jurors get the recording as an encoded rendition (all but an MP3)."""
    return kind_of(name) is not None and Path(name).suffix.lower() != MP3


def read_recording(path: Path, cache_dir: Path) -> float:
    """The recording's length in seconds, its rendition made in `cache_dir` when the jurors will
    get one; media.video.RecordingError when the file cannot be used."""
    kind = kind_of(path.name)
    assert kind is not None, path
    if encoded(path.name):
        return float(rendition(path, kind, cache_dir)[1]["duration"])
    return check_source(path, kind, probe(path))


def jurors_copy(path: Path, cache_dir: Path) -> tuple[str, bytes]:
    """(suffix, bytes) of the rendition the jurors get of an encoded recording (media/video.py:
    no metadata of the source, checked by probing it again)."""
    kind = kind_of(path.name)
    assert kind is not None and encoded(path.name), path
    file, _manifest = rendition(path, kind, cache_dir)
    return RENDITION_SUFFIX[kind], file.read_bytes()


def minutes_seconds(seconds: float) -> str:
    """6:45 for 405.3 seconds (whole seconds, as the genre's limit is read)."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
