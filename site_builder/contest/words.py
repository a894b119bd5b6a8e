"""The contest's Vietnamese words for its files and pages, from theme/contest.yml."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from ..common.paths import THEME_DIR


@functools.cache
def contest_words(theme_dir: Path = THEME_DIR) -> dict:
    return yaml.safe_load((theme_dir / "contest.yml").read_text(encoding="utf-8"))
