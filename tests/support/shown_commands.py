"""Commands shown in documentation, and whether the command line really has them.

A page shows commands in ```sh blocks and inline (`site-builder check --strict`); a synopsis
(`site-builder check [--content DIR] [--strict]`) names a command's options with placeholders.
`assert_command_exists` parses a command with the real parser, or checks a synopsis's options
against its command's, so no page names a command or an option that does not exist.
"""

from __future__ import annotations

import argparse
import re
import shlex
import textwrap

import pytest

from site_builder.cli.main import parser

PROGRAMS = ("site-builder", ".venv/bin/site-builder")


def sh_commands(text: str) -> list[str]:
    """Every command of a page's ```sh blocks (`a && b` is two; a line ending in `\\` goes on on
    the next; a comment after `#` and a redirection (`> file`, `| tool`) dropped)."""
    commands = []
    for block in re.findall(r"^[ \t]*```sh[ \t]*\n(.*?)^[ \t]*```[ \t]*$", text, flags=re.M | re.S):
        block = re.sub(r"\\\n[ \t]*", " ", textwrap.dedent(block))
        for line in block.splitlines():
            line = without_redirection(line)
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                commands.extend(part.strip() for part in line.split("&&"))
    return [c for c in commands if c.split(" ")[0] in PROGRAMS]


def inline_commands(text: str) -> list[str]:
    outside_blocks = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.M | re.S)
    return [without_redirection(c) for c in re.findall(r"`([^`\n]+)`", outside_blocks) if c.split(" ")[0] in PROGRAMS]


def without_redirection(command: str) -> str:
    """`site-builder check > report.json` → `site-builder check`: the shell's part is not the command's."""
    return re.split(r"\s(?:[12]?>>?|\|)\s", command)[0].strip()


def is_synopsis(command: str) -> bool:
    """`site-builder check [--content DIR]`: a command's options with placeholders, not one to run."""
    return bool(re.search(r"[\[|…]|\b[A-Z]{3,}\b", command))


def subcommand_parser(name: str, *more: str) -> argparse.ArgumentParser:
    """The parser of a command, or of one of its own commands (`contest`, `jury-pack`) when `more`
    names it."""
    subparsers = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    found = subparsers.choices[name]  # KeyError: no such command
    for word in more:
        own = next((a for a in found._actions if isinstance(a, argparse._SubParsersAction)), None)
        if own is None or word not in own.choices:
            break
        found = own.choices[word]
    return found


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
        known = subcommand_parser(*words)._option_string_actions
        assert options <= set(known), f"{command}: {sorted(options - set(known))}"
    else:
        # The real parser: an option the command does not take exits with status 2.
        parser().parse_args(words)
