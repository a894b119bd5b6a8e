"""The contests' pages: /cuoc-thi/, one page per contest, and one per winning entry whose author
consented to publish it (contest/public.py decides what each may show)."""

from __future__ import annotations

from ..content.markup import render_markdown
from ..contest.model import Genre
from ..contest.public import CONTESTS_URL, PublicContest, feed_path, results_path
from ..contest.words import contest_words
from .documents import Document
from .renderer import Renderer

# In the navigation after the sections (10 + n) and before the free pages (100 + n).
NAV_ORDER = 90


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


def documents(contests: list[PublicContest], renderer: Renderer) -> list[Document]:
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
                body = renderer.render("contest_entry.html", winner.page_url, c=contest, x=winner, w=words,
                                       text=render_markdown(winner.text))
                found.append(Document(winner.page_url, winner.title,
                                      words["entry_of"].format(prize=winner.prize, contest=contest.name), body))
    return found
