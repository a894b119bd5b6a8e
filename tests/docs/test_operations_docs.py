"""The operators' pages say how a built site reaches the web (issue 30): the Commands page gives
`deploy` with every option and `check --format` for CI, and the CI and Hosting pages send the
reader to the command, the shipped CI files and the IT officer's guide."""

from __future__ import annotations

import re

from conftest import REPO
from support.shown_commands import inline_commands, is_synopsis, subcommand_parser

OPERATIONS = REPO / "docs" / "operations"
GUIDE_LINK = "../huong-dan/dua-trang-len-mang.md"


def synopsis(command: str) -> str:
    text = (OPERATIONS / "commands.md").read_text(encoding="utf-8")
    (found,) = [c for c in inline_commands(text) if is_synopsis(c) and c.split()[1] == command
                and not c.startswith(f"site-builder {command} --")]
    return found


def test_the_commands_page_gives_deploy_with_every_option_and_checks_ci_formats():
    deploy = synopsis("deploy")
    options = {o for o in subcommand_parser("deploy")._option_string_actions if o.startswith("--")}
    assert options - {"--help", "--lang"} <= set(re.findall(r"--[a-z-]+", deploy)), deploy
    assert "--format text|github|gitlab" in synopsis("check").replace("\\|", "|")


def test_the_ci_and_hosting_pages_send_the_reader_to_the_deploy_command_the_ci_files_and_the_guide():
    for page in ("ci.md", "hosting.md"):
        text = (OPERATIONS / page).read_text(encoding="utf-8")
        assert "site-builder deploy" in text and f"]({GUIDE_LINK})" in text, page
    ci = (OPERATIONS / "ci.md").read_text(encoding="utf-8")
    for shipped in (".github/workflows/trang.yml", ".gitlab-ci.yml", ".forgejo/workflows/trang.yml",
                    "--format github", "--format gitlab"):
        assert shipped in ci, shipped
    assert (OPERATIONS / GUIDE_LINK).is_file()
