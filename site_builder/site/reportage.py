"""Pages of the films, radio pieces and photo stories: each episode's page (player, captions,
transcript, download, credits and rights), the programmes at /chuyen-muc/ with their episodes
newest first, on each profile's page the reportage it appears in, and on the home page the latest.

Takes the public reportage (public/reportage.py), the renditions of its recordings
(media/video.py) and the photo sets of its posters and photos (media/photos.py); gives
`Document`s, and changes the profile pages of the plan `pages.generate` made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from markupsafe import Markup

from ..common.files import file_size
from ..content.media_items import MediaItem, Programme
from ..content.model import Photo
from ..media.photos import PhotoSet
from ..media.video import Recording
from ..public.reportage import Reportage
from ..public.views import PhotoView, ProfileView
from .documents import Document, SiteBuildPlan
from .renderer import Renderer

PROGRAMMES_URL = "chuyen-muc/"
CAPTIONS_NAME = "phu-de.vtt"
HOME_LATEST = 3  # the newest episodes the home page shows


def episode_url(item: MediaItem) -> str:
    return f"phong-su/{item.slug}/"


def programme_url(code: str) -> str:
    return f"{PROGRAMMES_URL}{code}/"


def podcast_url(code: str) -> str:
    """The podcast feed of an audio programme (press/podcast.py writes it)."""
    return f"{PROGRAMMES_URL}{code}/podcast.xml"


@dataclass(frozen=True)
class EpisodeView:
    """What an episode's page and its cards show."""

    item: MediaItem
    url: str
    programme: Programme
    recording: Recording | None  # None for a photo story
    poster: PhotoView | None  # the given poster, else a frame of the film; a story's first photo
    photos: tuple[PhotoView, ...]  # a photo story's photos
    captions_url: str  # "" for a photo story
    transcript: tuple[str, ...]  # the captions' text, when no transcript is written
    profiles: tuple[ProfileView, ...]

    @property
    def download_size(self) -> str:
        return file_size(self.recording.bytes) if self.recording else ""

    @property
    def duration(self) -> str:
        """"2:05" for a recording; "" for a photo story."""
        return clock_duration(self.recording.duration) if self.recording else ""


def clock_duration(seconds: float) -> str:
    """"2:05", "1:02:05": whole seconds, as the browser's player counts them."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}" if whole >= 3600 \
        else f"{whole // 60}:{whole % 60:02d}"


def episode_views(reportage: Reportage, recordings: dict[str, Recording], photo_sets: dict[str, PhotoSet],
                  profile_views: dict[str, ProfileView], labels: dict) -> list[EpisodeView]:
    """Every public item as its page shows it, newest first."""
    views = []
    for item in reportage.items:
        recording = recordings.get(item.slug)
        photos = tuple(PhotoView(photo, photo_sets[photo.relative]) for photo in item.photos)
        poster: PhotoView | None
        if item.poster:
            poster = PhotoView(item.poster, photo_sets[item.poster.relative])
        elif recording and recording.poster:
            # A frame of the film: its text alternative says what it is.
            frame = dataclasses.replace(recording.poster, alt=labels["reportage"]["frame_alt"].format(title=item.title))
            poster = PhotoView(frame, photo_sets[frame.relative])
        else:
            poster = photos[0] if photos else None
        views.append(EpisodeView(
            item=item, url=episode_url(item), programme=reportage.programmes[item.programme], recording=recording,
            poster=poster, photos=photos, captions_url=f"{episode_url(item)}{CAPTIONS_NAME}" if item.captions else "",
            transcript=tuple(item.captions.transcript()) if item.captions and not item.transcript_html else (),
            profiles=tuple(profile_views[slug] for slug in item.profiles)))
    return views


def card_key(episode: EpisodeView) -> str:
    """Everything an episode's card on another page shows."""
    item = episode.item
    return repr((episode.url, item.kind, item.title, item.summary, item.aired, episode.programme.name,
                 episode.duration, episode.poster.set.key if episode.poster else ""))


def reportage_photos(reportage: Reportage, recordings: dict[str, Recording]) -> list:
    """The photos the pages show beside the profiles' own: posters and photo stories' photos."""
    found: list[Photo] = []
    for item in reportage.items:
        found.extend(item.photos)
        recording = recordings.get(item.slug)
        if item.poster:
            found.append(item.poster)
        elif recording is not None and recording.poster is not None:
            found.append(recording.poster)
    return found


def add_reportage_pages(plan: SiteBuildPlan, episodes: list[EpisodeView], reportage: Reportage,
                        renderer: Renderer, labels: dict) -> None:
    """The episode pages and the programme pages into `plan`, each profile page's reportage and the
    home page's latest."""
    words = labels["reportage"]
    if episodes:  # the home page again, with the newest episodes (one page: rendering it twice costs nothing)
        body = renderer.render("home.html", "", **{**plan.home_context, "reportage": episodes[:HOME_LATEST]})
        plan.documents = [dataclasses.replace(d, body=body) if d.url == "" else d for d in plan.documents]
    for episode in episodes:
        item = episode.item
        body = renderer.render("episode.html", episode.url, e=episode, transcript_html=Markup(item.transcript_html))
        plan.documents.append(Document(episode.url, item.title, item.summary, body))
    by_programme = {code: [e for e in episodes if e.item.programme == code] for code in reportage.by_programme}
    # A programme with radio pieces has a podcast feed of them (press/reportage.py).
    listed = [(reportage.programmes[code], shown, podcast_url(code) if any(e.item.kind == "audio" for e in shown)
               else "") for code, shown in by_programme.items()]
    if listed:
        body = renderer.render("programmes.html", PROGRAMMES_URL, title=words["programmes_title"],
                               intro=words["programmes_intro"], programmes=listed, single=False)
        plan.documents.append(Document(PROGRAMMES_URL, words["programmes_title"], words["programmes_intro"], body,
                                       in_nav=words["programmes_title"], nav_order=60))
    for programme, shown, feed in listed:
        url = programme_url(programme.code)
        body = renderer.render("programmes.html", url, title=programme.name, intro=programme.description,
                               programmes=[(programme, shown, feed)], single=True)
        plan.documents.append(Document(url, programme.name, programme.description or programme.name, body))
    # Each profile's page lists the episodes that feature it; its key changes with them.
    featuring: dict[str, list[EpisodeView]] = {}
    for episode in episodes:
        for view in episode.profiles:
            featuring.setdefault(view.profile.slug, []).append(episode)
    pending = []
    for page in plan.pending:
        if page.template == "profile.html":
            shown = featuring.get(page.context["p"].slug, [])
            page = dataclasses.replace(page, context={**page.context, "reportage": shown},
                                       key=renderer.key(page.key, *map(card_key, shown)) if shown else page.key)
        pending.append(page)
    plan.pending = pending
