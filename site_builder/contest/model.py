"""A contest and its entries, as validated from content/contests/<slug>/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..content.captions import Captions

RANKING_RULES = ("mean", "trimmed-mean")
# The steps a contest.md may score in, as written there (`score_step: 0.5`).
SCORE_STEPS = ("1", "0.5", "0.25", "0.1")
# An entry's state: received at intake; valid (in round 1) or invalid (with the reason) after
# the organisers' check; in a later round (`round: N`); awarded (with its prize).
STATES = ("received", "valid", "invalid", "round", "awarded")


@dataclass(frozen=True)
class Genre:
    code: str
    name: str
    min_words: int | None = None
    max_words: int | None = None
    max_minutes: int | None = None
    max_photos: int | None = None


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    weight: int  # the criteria's weights are relative (50, 30, 20)
    maximum: int  # the highest score a juror may give (10)


@dataclass(frozen=True)
class Prize:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class Juror:
    code: str  # what the juror's workbook names, e.g. gk-1
    name: str
    role: str = ""


@dataclass(frozen=True)
class Round:
    number: int
    name: str
    date: dt.date


@dataclass(frozen=True)
class Exemplar:
    name: str
    locality: str  # a locality code of the taxonomy
    profile: str = ""  # the profile's slug, when the exemplar has one
    kind: str = ""  # a kind code, for the draft profile `contest nominate` makes
    fields: tuple[str, ...] = ()  # field codes, likewise


@dataclass(frozen=True)
class EntryPhoto:
    """One photo of a photo entry: its file beside the entry and, for publishing it once it has won
    with its author's consent, its text alternative and caption (the author is its credit)."""

    file: str
    alt: str = ""
    caption: str = ""
    line: int = 0  # where the photo is listed in the entry's file


@dataclass(frozen=True)
class Entry:
    code: str  # GNT-0001
    display: str  # the entry's file as the editor sees it
    title: str
    genre: str
    author: str  # the public name
    received: dt.date
    exemplar: Exemplar
    consent: bool
    state: str  # one of STATES
    text: str = ""  # the Markdown body: the article, or the description of the media
    text_line: int = 1
    words: int = 0
    file: str = ""  # a media file beside the entry
    duration: str = ""  # "6:45" for a radio, TV or video piece
    photos: tuple[EntryPhoto, ...] = ()
    captions: Captions | None = field(default=None, compare=False)  # of a radio, TV or video piece, read from 'captions:'
    verified_by: str = ""
    verified_on: dt.date | None = None
    reason: str = ""  # why the entry is invalid
    round: int = 0  # the last round it is in (0: none)
    prize: str = ""
    private: dict = field(default_factory=dict, compare=False)
    source: Path | None = field(default=None, compare=False)  # the entry's file (entries/<CODE>.md)
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # each field's line

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def verified(self) -> bool:
        return bool(self.verified_by and self.verified_on)

    def in_round(self, number: int, last_round: int) -> bool:
        """Judged in round `number`: a valid entry is in round 1, one in `round: N` in rounds 1..N,
        an awarded one in every round."""
        reached = {"valid": 1, "round": self.round, "awarded": last_round}.get(self.state, 0)
        return number <= reached


@dataclass(frozen=True)
class JurorScore:
    juror: str
    total: Fraction  # the weighted score, on the criteria's scale


@dataclass(frozen=True)
class RankedEntry:
    code: str
    rank: int  # entries with equal scores share a rank
    score: Fraction
    jurors: tuple[JurorScore, ...]
    tie: bool  # another entry has the same score
    disagreement: bool  # the jurors' totals are further apart than the contest allows
    proposed_prize: str = ""  # from the ranking and the prize counts (final round); "" when tied across a limit


@dataclass(frozen=True)
class RoundResult:
    number: int
    rule: str
    jurors: tuple[str, ...]
    ranking: tuple[RankedEntry, ...]
    decisions: tuple[str, ...] = ()  # what the ranking leaves for the jury to decide, said in words


@dataclass(frozen=True)
class Contest:
    slug: str
    folder: str  # the contest's folder as the editor sees it
    display: str  # its contest.md
    name: str
    code_prefix: str
    organisers: tuple[str, ...]
    rules: str  # Markdown
    opens: dt.date
    closes: dt.date
    results_on: dt.date
    rounds: tuple[Round, ...]
    genres: dict[str, Genre]
    criteria: tuple[Criterion, ...]
    prizes: dict[str, Prize]
    jury: tuple[Juror, ...]
    ranking: str  # one of RANKING_RULES
    disagreement: int  # largest spread of the jurors' totals before it is flagged
    score_step: Fraction  # a criterion is scored in steps of this (1, 1/2, 1/4, 1/10 of a point)
    entries: tuple[Entry, ...] = ()
    nominate_stage: str = ""  # the stage code of the drafted profiles ("" when contest.md gives none)
    nominate_movements: tuple[str, ...] = ()
    committee: tuple[str, ...] = ()  # the people of the organising committee and secretariat, never published

    @property
    def insiders(self) -> tuple[str, ...]:
        """Who may not enter: the organisers, the committee's and secretariat's people, the jurors."""
        return (*self.organisers, *self.committee, *(j.name for j in self.jury))

    @property
    def last_round(self) -> int:
        return max(r.number for r in self.rounds)

    def entries_in_round(self, number: int) -> list[Entry]:
        return [e for e in self.entries if e.in_round(number, self.last_round)]

    def private_values(self) -> set[str]:
        """Every text under the entries' `private:`: what no public file may contain."""
        found: set[str] = set()

        def walk(value) -> None:
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif value is not None and str(value).strip():
                found.add(str(value).strip())

        for entry in self.entries:
            walk(entry.private)
        return found
