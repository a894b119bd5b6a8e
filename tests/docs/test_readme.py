"""The README is the front door: short, every link working, every command one that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.shown_commands import assert_command_exists, inline_commands, sh_commands

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"


def test_the_readme_is_a_front_door_of_at_most_250_lines():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250


def test_every_relative_link_of_the_readme_exists():
    text = README.read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in t]
    assert len(targets) >= 20, targets
    for target in targets:
        assert not target.startswith("#"), f"{target}: the README keeps no long sections to link within"
        assert (REPO / target.split("#")[0]).exists(), target


@pytest.mark.parametrize("command", sh_commands(README.read_text(encoding="utf-8"))
                         + inline_commands(README.read_text(encoding="utf-8")))
def test_a_command_of_the_readme_exists_with_the_options_it_shows(command):
    assert_command_exists(command)
