"""`contest nominate`: the exemplars of the winning and final-round entries become draft profiles
for the council's usual review; run again, it adds nothing."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE_CONTENT

from site_builder.cli.main import main
from site_builder.content.load import load_content

COMMAND = ["contest", "nominate", "guong-nguoi-tot-quanh-ta-2026", "--today", "01/07/2026"]


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    return root


def test_verified_winners_and_finalists_without_a_profile_become_profiles_in_review(content, capsys):
    before = {p.name for p in (content / "profiles").iterdir()}
    assert main([*COMMAND, "--content", str(content)]) == 0
    made = {p.name for p in (content / "profiles").iterdir()} - before
    # GNT-0003 (the rescue crew, Giải Ba), GNT-0005 (Giải Khuyến khích), GNT-0006 (final round); GNT-0001,
    # GNT-0002 and GNT-0004 name their exemplars' profiles; GNT-0007 … GNT-0010 did not reach the final.
    assert made == {"thuyen-vien-tau-cuu-nan-sar-412", "nguyen-thi-sau", "ka-thi-huong"}
    loaded, problems = load_content(content)
    assert not problems.errors, [str(p) for p in problems.errors]
    crew = next(p for p in loaded.profiles if p.name == "Thuyền viên tàu cứu nạn SAR 412")
    assert (crew.status, crew.kind, crew.fields, crew.stage) == ("review", "tap-the", ("quoc-phong-an-ninh",),
                                                                 "phat-hien")
    text = (content / "profiles" / "thuyen-vien-tau-cuu-nan-sar-412" / "index.md").read_text(encoding="utf-8")
    assert "title: Chuyến tàu cứu nạn giữa mùa biển động" in text and "submitted: 01/07/2026" in text
    assert "bài dự thi GNT-0003" in text and "Giải Ba" in text
    assert "0903 112 203" not in text  # the author's private values stay in the entry
    assert "3 draft profile(s) in 'review', 0 exemplar(s) already with a profile" in capsys.readouterr().out
    # Again: nothing new, each named.
    assert main([*COMMAND, "--content", str(content)]) == 0
    assert {p.name for p in (content / "profiles").iterdir()} - before == made
    assert "0 draft profile(s) in 'review', 3 exemplar(s) already with a profile" in capsys.readouterr().out


def test_an_exemplar_without_kind_or_fields_stops_it_and_nothing_is_written(content, capsys):
    entry = content / "contests" / "guong-nguoi-tot-quanh-ta-2026" / "entries" / "GNT-0006.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("  kind: ca-nhan\n", ""), encoding="utf-8")
    before = sorted(p.name for p in (content / "profiles").iterdir())
    assert main([*COMMAND, "--content", str(content)]) == 1
    assert "GNT-0006.md: error: 'exemplar.kind' and 'exemplar.fields': a draft profile of Ka Thị Hương " \
           "needs them" in capsys.readouterr().err
    assert sorted(p.name for p in (content / "profiles").iterdir()) == before
