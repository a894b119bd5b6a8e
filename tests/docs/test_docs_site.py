"""The documentation is a site (mkdocs-docs.yml over docs/) that builds strictly and shows only
commands that exist.

The build fails on a broken link or anchor, on a page left out of the navigation and on any
other warning, so a page moved or renamed cannot leave a dead link behind. Every
`site-builder …` command the pages show, in a ```sh block or inline, is parsed by the real
command line; a synopsis such as `site-builder check [--content DIR] [--strict]` must name only
options its command takes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.shown_commands import assert_command_exists, inline_commands, is_synopsis, sh_commands

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
STAGES_PAGE = DOCS / "developers" / "architecture.md"


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("docs-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-docs.yml", "--site-dir", str(out)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_the_docs_site_builds_strictly_without_a_warning(docs_site):
    _, log = docs_site
    assert "WARNING" not in log, log


def test_the_docs_site_has_a_page_for_every_markdown_file(docs_site):
    out, _ = docs_site
    for page in PAGES:
        relative = page.relative_to(DOCS).with_suffix("")
        folder = relative.parent if relative.name in ("index", "README") else relative
        assert (out / folder / "index.html").is_file(), page


def test_the_docs_site_asks_nothing_of_another_host(docs_site):
    """No web font, script or stylesheet from a CDN: the docs read offline, like the site."""
    out, _ = docs_site
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="(?:https?:)?//', text), html
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html


def test_the_architecture_page_names_every_stage():
    from test_layout import STAGES

    text = STAGES_PAGE.read_text(encoding="utf-8")
    for stage in STAGES:
        assert f"`{stage}/`" in text, stage


def shown_commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(DOCS))
        found += [(name, c) for c in sh_commands(text) + inline_commands(text)]
    return found


def test_the_docs_show_commands():
    commands = shown_commands()
    assert len(commands) >= 30, commands
    assert any(is_synopsis(c) for _, c in commands)


@pytest.mark.parametrize(("page", "command"), shown_commands(), ids=lambda v: v)
def test_a_command_in_the_docs_exists_with_the_options_it_shows(page, command):
    assert_command_exists(command)
