"""Captions of a film or a radio piece: WebVTT, or SRT as stations often deliver it, read into
cues and checked line by line (WCAG 2.1, 1.2.1 and 1.2.2 ask for them before publishing).

A cue's times must be well formed and each cue must start no earlier than the one before; the
text is published in NFC. Whether the last cue ends within the recording is known only once the
file is probed (media/video.py checks it). SRT is turned into WebVTT here, so the site serves
one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..common.messages import _
from .diagnostics import Problems
from .read import read_text

CAPTION_SUFFIXES = (".vtt", ".srt")
# 00:01:02.500 or 01:02.500 (WebVTT); 00:01:02,500 (SRT, comma before the milliseconds).
_VTT_TIME = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_SRT_TIME = re.compile(r"^(\d{1,}):([0-5]\d):([0-5]\d),(\d{3})$")
_ARROW = "-->"


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # NFC, lines joined with "\n"
    line: int  # where the cue's times are, for messages


@dataclass(frozen=True)
class Captions:
    source: Path  # the file as the editor gave it (.vtt or .srt)
    display: str
    cues: tuple[Cue, ...]

    @property
    def end(self) -> float:
        return max((cue.end for cue in self.cues), default=0.0)

    def webvtt(self) -> str:
        """The captions as the site serves them: WebVTT, whatever was given."""
        blocks = ["WEBVTT"]
        for cue in self.cues:
            blocks.append(f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}\n{cue.text}")
        return "\n\n".join(blocks) + "\n"

    def transcript(self) -> list[str]:
        """The spoken text, cue by cue, on one line each (a cue broken over lines is one sentence)."""
        return [" ".join(cue.text.split("\n")) for cue in self.cues]


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _seconds(match: re.Match[str]) -> float:
    hours, minutes, seconds, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def read_captions(path: Path, display: str, problems: Problems) -> Captions | None:
    """The cues of a .vtt or .srt file, or None with every mistake reported (file and line)."""
    text = read_text(path, display, problems)  # UTF-8, NFC, what Word pastes unseen taken out
    if text is None:
        return None
    srt = path.suffix.lower() == ".srt"
    lines = text.split("\n")
    if not srt:
        if not lines[0].startswith("WEBVTT"):
            problems.error(display, 1, _("a WebVTT file must start with the line WEBVTT; add it as the first line"))
            return None
    before = len(problems.errors)
    cues: list[Cue] = []
    index = 0 if srt else 1
    while index < len(lines):
        # One block: lines up to the next blank line.
        while index < len(lines) and not lines[index].strip():
            index += 1
        start = index
        while index < len(lines) and lines[index].strip():
            index += 1
        block = lines[start:index]
        if not block:
            continue
        if not srt and block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, line in enumerate(block[:2]) if _ARROW in line), None)
        if timing is None:
            problems.error(display, start + 1, _(
                "'{text}' is not a caption: each caption starts with its times, like {example}",
                text=block[0][:60], example="00:00:01,000 --> 00:00:04,000" if srt else "00:00:01.000 --> 00:00:04.000"))
            continue
        line_number = start + timing + 1
        cue = _cue(block[timing], block[timing + 1:], line_number, srt, display, problems)
        if cue is None:
            continue
        if cues and cue.start < cues[-1].start:
            problems.error(display, line_number, _(
                "this caption starts at {start}, before the one above it ({previous}, line {line}); "
                "captions must be in time order", start=vtt_time(cue.start), previous=vtt_time(cues[-1].start),
                line=cues[-1].line))
        cues.append(cue)
    if len(problems.errors) > before:
        return None
    if not cues:
        problems.error(display, 1, _("the captions file has no captions"))
        return None
    return Captions(path, display, tuple(cues))


def _cue(timing: str, text_lines: list[str], line: int, srt: bool, display: str,
         problems: Problems) -> Cue | None:
    pattern = _SRT_TIME if srt else _VTT_TIME
    example = "00:01:02,500" if srt else "00:01:02.500"
    parts = timing.split(_ARROW)
    start_text = parts[0].strip()
    end_text = parts[1].strip().split(" ")[0] if len(parts) == 2 else ""  # WebVTT may add settings after
    times = []
    for written in (start_text, end_text):
        match = pattern.match(written)
        if match is None:
            problems.error(display, line, _(
                "'{time}' is not a time; write hours:minutes:seconds{separator}milliseconds, like {example}",
                time=written, separator="," if srt else ".", example=example))
            return None
        times.append(_seconds(match))
    start, end = times
    if end <= start:
        problems.error(display, line, _("this caption ends ({end}) before it starts ({start})",
                                        end=end_text, start=start_text))
        return None
    text = "\n".join(t.strip() for t in text_lines if t.strip())
    if not text:
        problems.error(display, line, _("this caption has no text; write the words spoken under its times"))
        return None
    return Cue(start, end, text, line)
