"""The documentation is a site (mkdocs-docs.yml over docs/) that builds strictly and shows only
commands that exist.

The build fails on a broken link or anchor, on a page left out of the navigation and on any
other warning, so a page moved or renamed cannot leave a dead link behind. Every
`site-builder …` command the pages show, in a ```sh block or inline, is parsed by the real
command line; a synopsis such as `site-builder check [--content DIR] [--strict]` must name only
options its command takes.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_builder.cli.main import parser

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
PROGRAMS = ("site-builder", ".venv/bin/site-builder")
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
    from tests.test_layout import STAGES

    text = STAGES_PAGE.read_text(encoding="utf-8")
    for stage in STAGES:
        assert f"`{stage}/`" in text, stage


def sh_commands(text: str) -> list[str]:
    """Every command of a page's ```sh blocks (`a && b` is two; a comment after `#` dropped)."""
    commands = []
    for block in re.findall(r"^[ \t]*```sh[ \t]*\n(.*?)^[ \t]*```[ \t]*$", text, flags=re.M | re.S):
        for line in textwrap.dedent(block).splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                commands.extend(part.strip() for part in line.split("&&"))
    return [c for c in commands if c.split(" ")[0] in PROGRAMS]


def inline_commands(text: str) -> list[str]:
    outside_blocks = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.M | re.S)
    return [c for c in re.findall(r"`([^`\n]+)`", outside_blocks) if c.split(" ")[0] in PROGRAMS]


def shown_commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(DOCS))
        found += [(name, c) for c in sh_commands(text) + inline_commands(text)]
    return found


def is_synopsis(command: str) -> bool:
    """`site-builder check [--content DIR]`: a command's options with placeholders, not one to run."""
    return bool(re.search(r"[\[|…]|\b[A-Z]{3,}\b", command))


def subcommand_parser(name: str) -> argparse.ArgumentParser:
    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return subparsers.choices[name]


def test_the_docs_show_commands():
    commands = shown_commands()
    assert len(commands) >= 30, commands
    assert any(is_synopsis(c) for _, c in commands)


def assert_command_exists(command: str) -> None:
    """The command parses with the real parser; a synopsis names only options its command takes."""
    words = shlex.split(command.replace("…", ""))[1:]
    if not words:  # the program's name alone, as in "every command is `site-builder …`"
        return
    if words[-1] in ("--help", "--version"):
        with pytest.raises(SystemExit) as finished:
            parser().parse_args(words)
        assert finished.value.code == 0, command
    elif len(words) == 1:  # the command's name, as in "(`site-builder new`)"
        assert subcommand_parser(words[0]), command
    elif is_synopsis(command):
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", command))
        known = subcommand_parser(words[0])._option_string_actions
        assert options <= set(known), f"{command}: {sorted(options - set(known))}"
    else:
        # The real parser: an option the command does not take exits with status 2.
        parser().parse_args(words)


@pytest.mark.parametrize(("page", "command"), shown_commands(), ids=lambda v: v)
def test_a_command_in_the_docs_exists_with_the_options_it_shows(page, command):
    assert_command_exists(command)
