"""deploy/releases.py into a folder on this machine (the same steps as over SSH: tests/deploy/
test_servers.py): a new release per deploy, unchanged files hard-linked from the last one,
`current` switched in one rename, old releases removed, a rollback, and a build that did not
finish refused."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from support.checkers import require_tool

from site_builder.cli.main import main
from site_builder.deploy.releases import deploy, release_name, rollback
from site_builder.deploy.target import DeployError, Target, target_from
from site_builder.pipeline import finished, output


@pytest.fixture(autouse=True)
def rsync_installed():
    require_tool("rsync")  # a skip on a developer's machine without it, a failure on CI


def built_site(folder: Path, pages: dict[str, str]) -> Path:
    """A site folder marked as a finished build, as pipeline/run.py leaves one."""
    if folder.exists():
        shutil.rmtree(folder)
    for path, text in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    finished.mark(folder, len(pages))
    return folder


class Clock:
    """Release names one second apart, as deploys a second apart would have."""

    def __init__(self):
        self.now = dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        self.now += dt.timedelta(seconds=1)
        return self.now


def quiet(_message: str) -> None:
    pass


def live(target: Path, path: str) -> str:
    return (target / "current" / path).read_text(encoding="utf-8")


def test_each_deploy_is_a_release_switched_live_with_unchanged_files_linked(tmp_path):
    clock, target = Clock(), Target(str(tmp_path / "srv"))
    site = built_site(tmp_path / "site", {"index.html": "một", "ho-so/a/index.html": "A", "anh/x.jpg": "X"})
    os.chmod(site / "anh/x.jpg", 0o600)  # a private file at the source is 0644 on the server
    first = deploy(site, target, keep=3, progress=quiet, now=clock)
    assert (first.previous, first.files, first.files_sent) == ("", 3, 3)
    assert live(tmp_path / "srv", "index.html") == "một"
    assert os.readlink(tmp_path / "srv" / "current") == f"releases/{first.release}"
    released = tmp_path / "srv" / "releases" / first.release
    assert {p.stat().st_mode & 0o777 for p in released.rglob("*") if p.is_file()} == {0o644}
    assert {p.stat().st_mode & 0o777 for p in [released, *released.rglob("*")] if p.is_dir()} == {0o755}

    time.sleep(1.1)  # every file written anew a second later, as a build in a fresh CI clone writes them
    built_site(site, {"index.html": "hai", "ho-so/a/index.html": "A", "anh/x.jpg": "X"})
    second = deploy(site, target, keep=3, progress=quiet, now=clock)
    assert (second.previous, second.files_sent) == (first.release, 1)  # only the changed page sent
    assert live(tmp_path / "srv", "index.html") == "hai"
    old, new = (tmp_path / "srv" / "releases" / r / "ho-so/a/index.html" for r in (first.release, second.release))
    assert old.stat().st_ino == new.stat().st_ino  # same bytes: hard-linked, not sent


def test_the_last_releases_are_kept_and_a_rollback_serves_the_one_before(tmp_path):
    clock, target = Clock(), Target(str(tmp_path / "srv"))
    releases = []
    for number in range(4):
        site = built_site(tmp_path / "site", {"index.html": f"bản {number}"})
        releases.append(deploy(site, target, keep=2, progress=quiet, now=clock).release)
    assert sorted(os.listdir(tmp_path / "srv" / "releases")) == releases[2:]
    assert rollback(target) == releases[2]
    assert live(tmp_path / "srv", "index.html") == "bản 2"
    with pytest.raises(DeployError, match="no release before the live one"):
        rollback(target)
    assert live(tmp_path / "srv", "index.html") == "bản 2"


def test_a_rollback_after_a_rollback_and_a_new_deploy_serves_the_release_live_before_not_the_one_rolled_back(
        tmp_path):
    clock, target = Clock(), Target(str(tmp_path / "srv"))
    site = tmp_path / "site"
    a, b = (deploy(built_site(site, {"index.html": text}), target, keep=5, progress=quiet, now=clock).release
            for text in ("A", "B, with a mistake"))
    assert rollback(target) == a  # B had a mistake: A again
    c = deploy(built_site(site, {"index.html": "C"}), target, keep=5, progress=quiet, now=clock).release
    assert rollback(target) == a  # the release live before C, not B (after A by name)
    assert live(tmp_path / "srv", "index.html") == "A"
    # B, set aside by the first rollback, went with the deploy of C; C is set aside until the next deploy.
    assert sorted(os.listdir(tmp_path / "srv" / "releases")) == [f".rolled-back-{c}", a]


def test_a_release_a_killed_deploy_named_but_never_switched_to_is_never_rolled_back_to(tmp_path):
    clock, target = Clock(), Target(str(tmp_path / "srv"))
    site = tmp_path / "site"
    a = deploy(built_site(site, {"index.html": "A"}), target, keep=5, progress=quiet, now=clock).release
    # A deploy killed in its last step, between naming its release and switching `current` to it.
    never_live = tmp_path / "srv" / "releases" / release_name(clock())
    shutil.copytree(tmp_path / "srv" / "releases" / a, never_live)
    (never_live / "index.html").write_text("never live", encoding="utf-8")
    deploy(built_site(site, {"index.html": "C"}), target, keep=5, progress=quiet, now=clock)
    assert not never_live.exists()  # cleared by the next deploy, as its partial folder would be
    assert rollback(target) == a and live(tmp_path / "srv", "index.html") == "A"


def test_a_deploy_from_a_machine_whose_clock_is_behind_still_names_its_release_after_the_live_one(tmp_path):
    target = Target(str(tmp_path / "srv"))
    site = tmp_path / "site"
    first = deploy(built_site(site, {"index.html": "A"}), target, keep=5, progress=quiet,
                   now=lambda: dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.timezone.utc))
    behind = deploy(built_site(site, {"index.html": "B"}), target, keep=5, progress=quiet,  # a runner an hour behind
                    now=lambda: dt.datetime(2026, 12, 4, 16, 0, tzinfo=dt.timezone.utc))
    assert behind.release > first.release and behind.previous == first.release
    assert live(tmp_path / "srv", "index.html") == "B"
    assert rollback(target) == first.release and live(tmp_path / "srv", "index.html") == "A"


def test_a_build_that_failed_or_was_cut_short_is_refused(tmp_path):
    target = Target(str(tmp_path / "srv"))
    site = built_site(tmp_path / "site", {"index.html": "một"})
    finished.forget(site)  # a build began and failed
    with pytest.raises(DeployError, match="failed or did not finish"):
        deploy(site, target, keep=2, progress=quiet)
    site = built_site(tmp_path / "site", {"index.html": "một"})
    output.journal_path(site).write_text("{}", encoding="utf-8")  # an apply of changes cut short
    with pytest.raises(DeployError, match="cut short"):
        deploy(site, target, keep=2, progress=quiet)
    output.journal_path(site).unlink()
    (site / "them.html").write_text("x", encoding="utf-8")  # changed by hand after its build
    with pytest.raises(DeployError, match="changed after its build"):
        deploy(site, target, keep=2, progress=quiet)
    assert not (tmp_path / "srv").exists()  # nothing was sent


def test_the_target_comes_from_the_options_or_the_environment_and_a_key_never_from_content(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    key = content / "id_ed25519"
    key.write_text("key", encoding="utf-8")
    with pytest.raises(DeployError, match="inside the content folder"):
        target_from("deploy@web:/srv/trang", str(key), None, None, content)
    outside = tmp_path / "id_ed25519"
    outside.write_text("key", encoding="utf-8")
    monkeypatch.setenv("SITE_BUILDER_DEPLOY_TO", "deploy@web.example:/srv/trang")
    monkeypatch.setenv("SITE_BUILDER_DEPLOY_SSH_KEY", str(outside))
    monkeypatch.setenv("SITE_BUILDER_DEPLOY_SSH_PORT", "2222")
    target = target_from(None, None, None, None, content)
    assert (target.host, target.path, target.port, target.key) == ("deploy@web.example", "/srv/trang", 2222, outside)
    monkeypatch.delenv("SITE_BUILDER_DEPLOY_TO")
    with pytest.raises(DeployError, match="SITE_BUILDER_DEPLOY_TO"):
        target_from(None, None, None, None, content)
    assert not target_from(str(tmp_path / "srv"), None, None, None, content).remote


def test_the_summary_says_what_was_sent_and_a_first_release_is_not_said_to_link_from_one_before(tmp_path, capsys):
    site = built_site(tmp_path / "site", {"index.html": "một", "anh/x.jpg": "X"})
    command = ["deploy", "--lang", "en", "--site", str(site), "--to", str(tmp_path / "srv")]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert "2 of 2 files sent (1 kB)" in first and "the first release there" in first, first
    assert "previous release" not in first
    assert main(command) == 0
    second = capsys.readouterr().out
    assert "0 of 2 files sent" in second and "the others linked from the previous release" in second, second
