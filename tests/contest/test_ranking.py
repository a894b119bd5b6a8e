"""The ranking, checked against scores worked out by hand."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from site_builder.contest.model import Criterion, JurorScore, Prize
from site_builder.contest.ranking import entry_score, juror_total, rank

CRITERIA = (Criterion("chan-thuc", "Chân thực", 40, 10), Criterion("lan-toa", "Lan tỏa", 35, 10),
            Criterion("the-hien", "Thể hiện", 25, 10))
PRIZES = [Prize("nhat", "Giải Nhất", 1), Prize("nhi", "Giải Nhì", 1), Prize("ba", "Giải Ba", 1),
          Prize("kk", "Giải Khuyến khích", 2)]


def totals(**jurors: str) -> list[JurorScore]:
    return [JurorScore(name, F(value)) for name, value in jurors.items()]


def test_a_jurors_total_is_the_weighted_mean_of_the_criteria():
    # (8×40 + 7×35 + 9×25) / 100 = (320 + 245 + 225) / 100 = 7.9
    assert juror_total({"chan-thuc": F(8), "lan-toa": F(7), "the-hien": F(9)}, CRITERIA) == F("7.9")
    # (9.5×40 + 10×35 + 6×25) / 100 = (380 + 350 + 150) / 100 = 8.8
    assert juror_total({"chan-thuc": F("9.5"), "lan-toa": F(10), "the-hien": F(6)}, CRITERIA) == F("8.8")


def test_the_mean_and_the_trimmed_mean():
    scores = [F("9.0"), F("7.0"), F("7.5"), F("3.0")]
    assert entry_score(scores, "mean") == F("6.625")  # 26.5 / 4
    assert entry_score(scores, "trimmed-mean") == F("7.25")  # (7.0 + 7.5) / 2: 9.0 and 3.0 dropped
    assert entry_score([F(8), F(6), F(7)], "trimmed-mean") == F(7)  # the middle one of three
    with pytest.raises(ValueError):
        entry_score([F(8), F(6)], "trimmed-mean")


def test_equal_scores_share_a_rank_and_a_tie_across_a_prize_is_left_to_the_jury():
    ranking, decisions = rank({
        "GNT-0001": totals(a="9", b="8.5", c="8"),     # mean 8.5
        "GNT-0002": totals(a="8", b="8", c="8.3"),     # mean 8.1
        "GNT-0003": totals(a="8.1", b="8.2", c="8"),   # mean 8.1: tied with GNT-0002 for 2nd and 3rd
        "GNT-0004": totals(a="7", b="7", c="7"),       # 7
        "GNT-0005": totals(a="6", b="6.5", c="5.5"),   # 6
        "GNT-0006": totals(a="9", b="6", c="3"),       # 6, but the jurors differ by 6 points
    }, "mean", 2, PRIZES)
    assert [(e.code, e.rank, e.score, e.tie, e.proposed_prize) for e in ranking] == [
        ("GNT-0001", 1, F("8.5"), False, "nhat"),
        ("GNT-0002", 2, F("8.1"), True, ""),  # places 2 and 3: Nhì and Ba, left to the jury
        ("GNT-0003", 2, F("8.1"), True, ""),
        ("GNT-0004", 4, F(7), False, "kk"),
        ("GNT-0005", 5, F(6), True, ""),  # places 5 and 6: the last Khuyến khích and no prize
        ("GNT-0006", 5, F(6), True, ""),
    ]
    assert [e.disagreement for e in ranking] == [False] * 5 + [True]
    assert decisions == [
        "GNT-0002, GNT-0003 tie at 8.10 for places 2–3 (Giải Nhì, Giải Ba): the jury decides",
        "GNT-0005, GNT-0006 tie at 6.00 for places 5–6 (Giải Khuyến khích, no prize): the jury decides",
        "GNT-0006: the jurors' totals differ by more than 2 points (a 9.00, b 6.00, c 3.00); the jury looks at it again",
    ]


def test_a_tie_within_one_prize_needs_no_decision_and_the_trimmed_mean_changes_the_order():
    ranking, decisions = rank({
        "GNT-0001": totals(a="10", b="7", c="7", d="7"),  # mean 7.75, trimmed 7
        "GNT-0002": totals(a="7.5", b="7.5", c="7.5", d="7.5"),  # 7.5 either way
    }, "trimmed-mean", 5, [Prize("kk", "Giải Khuyến khích", 2)])
    assert [(e.code, e.score, e.proposed_prize) for e in ranking] == [("GNT-0002", F("7.5"), "kk"),
                                                                      ("GNT-0001", F(7), "kk")]
    assert decisions == []
    ranking, decisions = rank({"GNT-0001": totals(a="7", b="7", c="7"), "GNT-0002": totals(a="7", b="7", c="7")},
                              "mean", 5, [Prize("kk", "Giải Khuyến khích", 2)])
    assert [(e.rank, e.tie, e.proposed_prize) for e in ranking] == [(1, True, "kk"), (1, True, "kk")]
    assert decisions == []


def test_a_preliminary_round_proposes_no_prize():
    ranking, decisions = rank({"GNT-0001": totals(a="7", b="8", c="9")}, "mean", 2, None)
    assert ranking[0].proposed_prize == "" and decisions == []
