"""What films, radio pieces and photo stories say about a profile, in the profile's search record:
a profile is found by the words of a reportage that features it (its title, summary and
transcript), not only by its own text. Takes the records of search/index.py and the public
episodes (site/reportage.py); gives the records with that text added.
"""

from __future__ import annotations

import dataclasses

from ..site.reportage import EpisodeView
from .records import SearchRecord, story_text


def episode_text(episode: EpisodeView) -> str:
    """The words of one episode: its title, summary, transcript (written or from the captions), photo captions."""
    item = episode.item
    spoken = story_text(item.transcript_html) if item.transcript_html else " ".join(episode.transcript)
    parts = [item.title, item.summary, spoken, *(photo.caption for photo in item.photos)]
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def with_reportage(records: list[SearchRecord], episodes: list[EpisodeView]) -> list[SearchRecord]:
    """`records` with each featured profile's reportage text after its own."""
    said: dict[str, list[str]] = {}
    for episode in episodes:
        text = episode_text(episode)
        for view in episode.profiles:
            said.setdefault(view.url, []).append(text)
    return [dataclasses.replace(record, content=" ".join([record.content, *said[record.url]]))
            if record.url in said else record for record in records]
