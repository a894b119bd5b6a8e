"""The contests' pages: /cuoc-thi/, one page per contest, and one per winning entry whose author
consented to publish it (contest/public.py decides what each may show), with its photos or its
recording as the reportage shows them (the renditions of media/photos.py and media/video.py, the
captions as site/reportage.py serves an episode's, the player and figures of macros.html)."""

from __future__ import annotations

from dataclasses import dataclass

from ..common.files import file_size
from ..content.markup import render_markdown
from ..content.model import Photo
from ..contest.model import Genre
from ..contest.public import CONTESTS_URL, PublicContest, Winner, WinnerMedia, feed_path, results_path
from ..contest.words import contest_words
from ..media.photos import PhotoSet
from ..media.video import Recording
from ..public.views import PhotoView
from .documents import Document
from .renderer import Renderer
from .reportage import CAPTIONS_NAME

# In the navigation after the sections (10 + n) and before the free pages (100 + n).
NAV_ORDER = 90


@dataclass(frozen=True)
class WinnerMediaView:
    """What a winning entry's page shows of its photos or its recording."""

    photos: tuple[PhotoView, ...]
    recording: Recording | None
    captions_url: str  # "" without a recording
    transcript: tuple[str, ...]  # the captions' text, cue by cue
    poster_url: str  # a frame of a film, "" for a sound

    @property
    def download_size(self) -> str:
        return file_size(self.recording.bytes) if self.recording else ""


def published_media(contests: list[PublicContest]) -> list[WinnerMedia]:
    """The photos and recordings of the winners published with their authors' consent, for the media stage."""
    return [w.media for c in contests for w in c.winners if w.media is not None]


def contest_photos(contests: list[PublicContest], recordings: dict[str, Recording]) -> list[Photo]:
    """The photos the winners' pages show: the photo entries' photos and a frame of each film."""
    found: list[Photo] = []
    for media in published_media(contests):
        found.extend(media.photos)
        recording = recordings.get(media.slug)
        if recording is not None and recording.poster is not None:
            found.append(recording.poster)
    return found


def _captions_url(winner: Winner) -> str:
    return f"{winner.page_url}{CAPTIONS_NAME}"


def media_files(contests: list[PublicContest]) -> dict[str, bytes]:
    """The captions of the winners' recordings, served in WebVTT beside their pages as an episode's are."""
    return {_captions_url(w): w.media.captions.webvtt().encode("utf-8")
            for c in contests for w in c.winners if w.media is not None and w.media.captions is not None}


def media_view(winner: Winner, photo_sets: dict[str, PhotoSet], recordings: dict[str, Recording]
               ) -> WinnerMediaView | None:
    media = winner.media
    if media is None:
        return None
    recording = recordings.get(media.slug)
    poster = ""
    if recording is not None and recording.poster is not None:
        poster = photo_sets[recording.poster.relative].best("jpg", 960).url
    return WinnerMediaView(
        photos=tuple(PhotoView(photo, photo_sets[photo.relative]) for photo in media.photos), recording=recording,
        captions_url=_captions_url(winner) if recording is not None else "",
        transcript=tuple(media.captions.transcript()) if media.captions else (), poster_url=poster)


def genre_limits(genre: Genre, words: dict) -> str:
    parts = []
    if genre.min_words and genre.max_words:
        parts.append(words["limit_words_range"].format(low=genre.min_words, high=genre.max_words))
    elif genre.max_words:
        parts.append(words["limit_words"].format(count=genre.max_words))
    if genre.max_minutes:
        parts.append(words["limit_minutes"].format(count=genre.max_minutes))
    if genre.max_photos:
        parts.append(words["limit_photos"].format(count=genre.max_photos))
    return "; ".join(parts) or "–"


def documents(contests: list[PublicContest], renderer: Renderer, photo_sets: dict[str, PhotoSet],
              recordings: dict[str, Recording]) -> list[Document]:
    """The pages; a winner's photos and recording need their renditions (`photo_sets`, `recordings`)."""
    if not contests:
        return []
    words = contest_words()["page"]
    found = [Document(CONTESTS_URL, words["section"], words["section_intro"],
                      renderer.render("contests.html", CONTESTS_URL, w=words, contests=contests),
                      in_nav=words["section"], nav_order=NAV_ORDER)]
    for contest in contests:
        body = renderer.render("contest.html", contest.url, c=contest, w=words, rules=render_markdown(contest.rules),
                               limits=lambda genre: genre_limits(genre, words),
                               feed=feed_path(contest.slug), data_json=results_path(contest.slug, "json"))
        found.append(Document(contest.url, contest.name, contest.name, body))
        for winner in contest.winners:
            if winner.page_url:
                media = media_view(winner, photo_sets, recordings)
                body = renderer.render("contest_entry.html", winner.page_url, c=contest, x=winner, w=words,
                                       text=render_markdown(winner.text), media=media)
                found.append(Document(winner.page_url, winner.title,
                                      words["entry_of"].format(prize=winner.prize, contest=contest.name), body))
    return found
