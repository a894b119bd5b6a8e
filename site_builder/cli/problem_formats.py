"""`check --format github|gitlab`: the content's problems where a CI host shows them, on the
file and line of the pull or merge request.

- `github`: workflow commands (`::error file=…,line=…::message`), one a line on stdout; GitHub
  Actions and Forgejo Actions read them from the job's log (GitHub shows them on the changed
  lines of the pull request, Forgejo in the log);
- `gitlab`: a Code Quality report (JSON, GitLab's subset of the Code Climate format), saved by
  the job as `artifacts: reports: codequality`; GitLab shows it on the merge request.
"""

from __future__ import annotations

import json

from ..common.files import digest_bytes
from ..content.diagnostics import Problem

FORMATS = ("text", "github", "gitlab")
TOOL = "site-builder"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem]) -> list[str]:
    lines = []
    for problem in problems:
        where = f"file={_escape_property(problem.path)}"
        if problem.line:
            where += f",line={problem.line}"
        lines.append(f"::{problem.severity} {where},title={TOOL}::{_escape_data(problem.message)}")
    return lines


def gitlab_code_quality(problems: list[Problem]) -> str:
    """The Code Quality report: an error is `major` (it stops the build), a warning `minor`."""
    issues = [{
        "description": problem.message,
        "check_name": f"{TOOL}/{problem.severity}",
        # The same problem on the same line keeps its fingerprint from one run to the next, so that
        # GitLab can say which problems a merge request adds or fixes.
        "fingerprint": digest_bytes(problem.path, str(problem.line), problem.message)[:32],
        "severity": "major" if problem.severity == "error" else "minor",
        "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
    } for problem in problems]
    return json.dumps(issues, ensure_ascii=False, indent=2)
