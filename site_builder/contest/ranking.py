"""A round's ranking from the jurors' scores, by the rule the contest file states.

Scores are exact fractions (a juror's 7.5 is 15/2), so two entries tie only when their scores
are equal, never because of rounding. A juror's total for an entry is the weighted mean of the
criteria's scores; an entry's score is the mean of its jurors' totals, or the trimmed mean (the
highest and the lowest total dropped once each). Entries with equal scores share a rank
(1, 2, 2, 4). In the final round the prizes follow the ranking and the prizes' counts, first
prize first; a tie across the limit of a prize is not decided here: it is stated for the jury.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..common.messages import _
from .model import Criterion, JurorScore, Prize, RankedEntry

Scores = dict[str, Fraction]  # criterion code -> the juror's score


def juror_total(scores: Scores, criteria: tuple[Criterion, ...]) -> Fraction:
    """The weighted mean of one juror's scores for one entry."""
    weights = sum(c.weight for c in criteria)
    return sum((scores[c.code] * c.weight for c in criteria), Fraction(0)) / weights


def entry_score(totals: list[Fraction], rule: str) -> Fraction:
    if rule == "trimmed-mean":
        if len(totals) < 3:
            raise ValueError("a trimmed mean needs at least 3 scores")
        totals = sorted(totals)[1:-1]
    return sum(totals, Fraction(0)) / len(totals)


def show(score: Fraction) -> str:
    """A score as the jury reads it: two decimals, half rounded up as by hand (8.075 -> "8.08")."""
    exact = Decimal(score.numerator) / Decimal(score.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rank(totals: dict[str, list[JurorScore]], rule: str, disagreement: int,
         prizes: list[Prize] | None) -> tuple[list[RankedEntry], list[str]]:
    """The ranking of the entries of `totals` (entry code -> its jurors' totals), and what it
    leaves to the jury, in words. With `prizes` (the final round, in the contest's order), each
    entry's proposed prize."""
    scored = {code: entry_score([j.total for j in jurors], rule) for code, jurors in totals.items()}
    order = sorted(scored, key=lambda code: (-scored[code], code))
    groups: list[list[str]] = []
    for code in order:
        if groups and scored[groups[-1][0]] == scored[code]:
            groups[-1].append(code)
        else:
            groups.append([code])
    slots = [p for p in (prizes or []) for _n in range(p.count)]
    proposed: dict[str, str] = {}
    decisions: list[str] = []
    place = 1
    for group in groups:
        wanted = {slots[i].code if i < len(slots) else "" for i in range(place - 1, place - 1 + len(group))}
        if len(group) > 1 and prizes is not None and len(wanted) > 1:
            names = [next(p.name for p in prizes if p.code == w) if w else _("no prize") for w in sorted(
                wanted, key=lambda w: next((i for i, s in enumerate(slots) if s.code == w), len(slots)))]
            decisions.append(_("{codes} tie at {score} for places {first}–{last} ({prizes}): the jury decides",
                               codes=", ".join(group), score=show(scored[group[0]]), first=place,
                               last=place + len(group) - 1, prizes=", ".join(names)))
        elif prizes is not None:
            prize = wanted.pop()
            proposed.update((code, prize) for code in group)
        place += len(group)
    ranking = []
    position = 1
    for group in groups:
        for code in group:
            jurors = tuple(sorted(totals[code], key=lambda j: j.juror))
            spread = max(j.total for j in jurors) - min(j.total for j in jurors)
            ranking.append(RankedEntry(code, position, scored[code], jurors, tie=len(group) > 1,
                                       disagreement=spread > disagreement, proposed_prize=proposed.get(code, "")))
        position += len(group)
    for entry in ranking:
        if entry.disagreement:
            decisions.append(_("{code}: the jurors' totals differ by more than {limit} points ({totals}); the jury "
                               "looks at it again", code=entry.code, limit=disagreement,
                               totals=", ".join(f"{j.juror} {show(j.total)}" for j in entry.jurors)))
    return ranking, decisions
