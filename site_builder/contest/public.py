"""The public view of a contest: what /cuoc-thi/<slug>/ may show on a given day.

Always the rules, the timeline, the genres with their limits and the counts of entries
received (by genre, and by the exemplar's locality): numbers, never an entry. From the day of
the results: the winners with their prizes (title, the author's public name, the exemplar), the
jury, and, for a winner whose author consented, the text on a page of its own, with a link to
the exemplar's profile when that profile is public. Nothing else of any entry, and nothing of
`private:`, ever leaves here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..content.model import Taxonomies
from ..content.text import sort_key
from ..public.gate import Publication
from .model import Contest, Genre, Juror

CONTESTS_URL = "cuoc-thi/"


def contest_url(slug: str) -> str:
    return f"{CONTESTS_URL}{slug}/"


def feed_path(slug: str) -> str:
    return f"{contest_url(slug)}feed.xml"


def results_path(slug: str, suffix: str) -> str:
    """The results in the open data: du-lieu/cuoc-thi/<slug>.json or .csv."""
    return f"du-lieu/cuoc-thi/{slug}.{suffix}"


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
            page = f"{contest_url(contest.slug)}{entry.code.lower()}/" if entry.consent else ""
            profile = entry.exemplar.profile
            winners.append(Winner(
                code=entry.code, prize=contest.prizes[entry.prize].name, prize_rank=order[entry.prize],
                title=entry.title, author=entry.author, genre=contest.genres[entry.genre].name,
                exemplar=entry.exemplar.name, locality=tax.localities[entry.exemplar.locality].name,
                profile_url=f"ho-so/{profile}/" if profile in public_slugs else "", page_url=page,
                text=entry.text if entry.consent else ""))
    return PublicContest(
        slug=contest.slug, url=contest_url(contest.slug), name=contest.name, organisers=contest.organisers,
        rules=contest.rules, opens=contest.opens, closes=contest.closes, results_on=contest.results_on,
        rounds=contest.rounds, genres=tuple(contest.genres.values()), received=len(contest.entries),
        by_genre=tuple((g, genres[g.code]) for g in contest.genres.values()),
        by_locality=tuple(sorted(localities.items(), key=lambda item: sort_key(item[0]))),
        results_out=out, winners=tuple(winners), jury=contest.jury if out else ())
