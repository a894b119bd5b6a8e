"""Where the package and the project it belongs to live on disk."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # site_builder/
PROJECT_DIR = PACKAGE_DIR.parent  # beside it: mkdocs.yml, theme/
THEME_DIR = PROJECT_DIR / "theme"
