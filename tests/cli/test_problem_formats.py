"""`check --format github|gitlab`: the sample's one known warning (a profile without written
consent) as a GitHub/Forgejo annotation and as a GitLab Code Quality report, on its file and line."""

from __future__ import annotations

import json

from conftest import SAMPLE_CONTENT

from site_builder.cli import problem_formats
from site_builder.cli.main import main
from site_builder.content.diagnostics import Problem

CONSENT = ("'consent': this profile is not published until 'consent.given: true' records the written "
           "consent of the people shown")
WHERE = "content/profiles/kieu-thi-nguyet/index.md"


def run_check(capsys, fmt: str) -> tuple[int, str, str]:
    code = main(["check", "--lang", "en", "--content", "content", "--format", fmt])  # run from the project folder
    out, err = capsys.readouterr()
    return code, out, err


def test_github_annotations_of_the_sample(capsys, monkeypatch):
    monkeypatch.chdir(SAMPLE_CONTENT.parent)
    code, out, err = run_check(capsys, "github")
    assert code == 0
    assert out == f"::warning file={WHERE},line=14,title=site-builder::{CONSENT}\n"
    assert "checked 52 profiles: 0 error(s), 1 warning(s)" in err  # the summary off stdout


def test_a_gitlab_code_quality_report_of_the_sample(capsys, monkeypatch):
    monkeypatch.chdir(SAMPLE_CONTENT.parent)
    code, out, _err = run_check(capsys, "gitlab")
    assert code == 0
    (issue,) = json.loads(out)  # stdout is the report alone
    assert issue["description"] == CONSENT and issue["severity"] == "minor"
    assert issue["location"] == {"path": WHERE, "lines": {"begin": 14}}
    assert issue["check_name"] == "site-builder/warning" and len(issue["fingerprint"]) == 32


def test_annotations_escape_what_github_reads_as_syntax_and_a_fileless_line():
    problems = [Problem("content/a,b:c.md", 3, "error", "50% done\nsecond line"), Problem("content/site.yml", 0,
                                                                                           "warning", "x")]
    assert problem_formats.github_annotations(problems) == [
        "::error file=content/a%2Cb%3Ac.md,line=3,title=site-builder::50%25 done%0Asecond line",
        "::warning file=content/site.yml,title=site-builder::x",
    ]
    first, second = json.loads(problem_formats.gitlab_code_quality(problems))
    assert first["severity"] == "major" and second["location"]["lines"]["begin"] == 1
    assert first["fingerprint"] != second["fingerprint"]


def test_the_list_of_profiles_does_not_go_into_a_report(capsys, monkeypatch):
    monkeypatch.chdir(SAMPLE_CONTENT.parent)
    assert main(["check", "--lang", "en", "--content", "content", "--format", "gitlab", "--list"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "--list is for reading and cannot go with --format gitlab" in err
