"""The public view of a contest: what /cuoc-thi/<slug>/ may show on a given day.

Always the rules, the timeline, the genres with their limits and the counts of entries
received (by genre, and by the exemplar's locality): numbers, never an entry. From the day of
the results: the winners with their prizes (title, the author's public name, the exemplar), the
jury, and, for a winner whose author consented, the text on a page of its own, with a link to
the exemplar's profile when that profile is public, and its photos (with their text alternatives,
the author as their credit) or its recording (with its captions) for the media stage to publish
(`WinnerMedia`). Nothing else of any entry, its files included, and nothing of `private:`, ever
leaves here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..content.captions import Captions
from ..content.media_items import MediaFile
from ..content.model import Photo, Taxonomies
from ..content.text import sort_key
from ..public.gate import Publication
from .load import published
from .model import Contest, Entry, Genre, Juror
from .recordings import kind_of

CONTESTS_URL = "cuoc-thi/"


def contest_url(slug: str) -> str:
    return f"{CONTESTS_URL}{slug}/"


def feed_path(slug: str) -> str:
    return f"{contest_url(slug)}feed.xml"


def results_path(slug: str, suffix: str) -> str:
    """The results in the open data: du-lieu/cuoc-thi/<slug>.json or .csv."""
    return f"du-lieu/cuoc-thi/{slug}.{suffix}"


@dataclass(frozen=True)
class WinnerMedia:
    """A published winner's photos or recording, as the media stage takes a profile's photos
    (media/photos.py) and a film or a radio piece (media/video.py): problems are named by the
    entry's file and line."""

    slug: str  # the key its recording is filed under beside the films': "cuoc-thi/<contest>/<code>"
    display_path: str  # the entry's file
    kind: str  # "video" | "audio" for a recording; "" for photos
    file: MediaFile | None
    captions: Captions | None
    photos: tuple[Photo, ...]
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def winner_media(entry: Entry, contest: Contest, root: Path) -> WinnerMedia | None:
    """What the media stage publishes of a winning entry whose author consented (None for an article)."""
    if entry.source is None or not (entry.file or entry.photos):
        return None
    folder = entry.source.parent.resolve()
    content = Path(root).resolve()

    def relative(name: str) -> tuple[Path, str]:
        path = folder / name
        return path, path.relative_to(content).as_posix()

    recording = MediaFile(*relative(entry.file)) if entry.file else None
    photos = tuple(Photo(*relative(p.file), alt=p.alt, caption=p.caption, credit=entry.author) for p in entry.photos)
    return WinnerMedia(
        slug=f"{contest_url(contest.slug)}{entry.code.lower()}", display_path=entry.display,
        kind=(kind_of(entry.file) or "") if entry.file else "", file=recording, captions=entry.captions, photos=photos,
        lines=entry.lines)


@dataclass(frozen=True)
class Winner:
    code: str
    prize: str  # the prize's name
    prize_rank: int  # 0 for the first prize of the contest file
    title: str
    author: str
    genre: str  # the genre's name
    exemplar: str
    locality: str  # the exemplar's locality's name
    profile_url: str  # "" unless the exemplar's profile is public
    page_url: str  # "" unless the author consented to publish the text
    text: str  # the Markdown text (or the description of a broadcast piece or photos), "" without consent
    media: WinnerMedia | None = None  # its photos or recording, with consent only


@dataclass(frozen=True)
class PublicContest:
    slug: str
    url: str
    name: str
    organisers: tuple[str, ...]
    rules: str  # Markdown
    opens: dt.date
    closes: dt.date
    results_on: dt.date
    rounds: tuple
    genres: tuple[Genre, ...]
    received: int
    by_genre: tuple[tuple[Genre, int], ...]
    by_locality: tuple[tuple[str, int], ...]  # (locality name, count), Vietnamese A–Z
    results_out: bool
    winners: tuple[Winner, ...]  # () before the results
    jury: tuple[Juror, ...]  # () before the results


def public_contest(contest: Contest, publication: Publication) -> PublicContest:
    tax: Taxonomies = publication.content.taxonomies
    public_slugs = {p.slug for p in publication.profiles}
    out = publication.today >= contest.results_on
    genres = Counter(e.genre for e in contest.entries)
    localities = Counter(tax.localities[e.exemplar.locality].name for e in contest.entries)
    order = {code: n for n, code in enumerate(contest.prizes)}
    winners = []
    if out:
        for entry in sorted((e for e in contest.entries if e.state == "awarded"),
                            key=lambda e: (order[e.prize], e.code)):
            shown = published(entry, contest, publication.today)
            page = f"{contest_url(contest.slug)}{entry.code.lower()}/" if shown else ""
            profile = entry.exemplar.profile
            winners.append(Winner(
                code=entry.code, prize=contest.prizes[entry.prize].name, prize_rank=order[entry.prize],
                title=entry.title, author=entry.author, genre=contest.genres[entry.genre].name,
                exemplar=entry.exemplar.name, locality=tax.localities[entry.exemplar.locality].name,
                profile_url=f"ho-so/{profile}/" if profile in public_slugs else "", page_url=page,
                text=entry.text if shown else "",
                media=winner_media(entry, contest, publication.content.root) if shown else None))
    return PublicContest(
        slug=contest.slug, url=contest_url(contest.slug), name=contest.name, organisers=contest.organisers,
        rules=contest.rules, opens=contest.opens, closes=contest.closes, results_on=contest.results_on,
        rounds=contest.rounds, genres=tuple(contest.genres.values()), received=len(contest.entries),
        by_genre=tuple((g, genres[g.code]) for g in contest.genres.values()),
        by_locality=tuple(sorted(localities.items(), key=lambda item: sort_key(item[0]))),
        results_out=out, winners=tuple(winners), jury=contest.jury if out else ())
