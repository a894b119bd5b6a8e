"""Every file a build or the yearbook writes can be read by a web server running as another
user (nginx as `www-data`): files 0644, folders 0755, whatever the umask or the cache.

The tests run as root here, and root reads anything; so the reading is done by a forked child
that has become `nobody`, as a web server's own user would."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from site_builder.common.files import write_atomically
from site_builder.pipeline.output import SiteWriter


def unreadable_as_nobody(root: Path) -> list[str]:
    """The files and folders under `root` (itself included) that the user `nobody` cannot read.

    The folders above `root` are not judged: pytest makes its temporary folders private, so the
    child opens `root` while still root and walks from there (a path relative to it still
    needs `root` itself to be searchable and readable)."""
    nobody = pwd.getpwnam("nobody")
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: drop to nobody, try everything, send back what failed
        failed: list[str] = []
        try:
            os.close(reading)
            top = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            walk = os.fwalk(".", dir_fd=top, onerror=lambda e: failed.append(f"{e.filename} (folder)"))
            for folder, _folders, names, folder_fd in walk:
                for name in names:
                    try:
                        handle = os.open(name, os.O_RDONLY, dir_fd=folder_fd)
                        os.read(handle, 1)
                        os.close(handle)
                    except OSError:
                        failed.append(os.path.join(folder, name))
        except BaseException as exc:  # said to the parent, which fails the test with it
            failed.append(f"the reading child failed: {exc!r}")
        finally:
            with os.fdopen(writing, "wb") as out:
                out.write(json.dumps(failed).encode())
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as answer:
        data = answer.read()
    os.waitpid(child, 0)
    return json.loads(data)


@pytest.fixture
def strict_umask():
    """A strict umask (077), as some servers and CI runners set it."""
    old = os.umask(0o077)
    yield
    os.umask(old)


def requires_root():
    if os.geteuid() != 0:
        pytest.skip("reading as another user needs root (setuid to nobody); CI runs the tests as root")


def test_every_file_of_the_sample_site_is_readable_by_another_user(sample_build):
    requires_root()
    site, _summary = sample_build
    assert unreadable_as_nobody(site) == []
    assert sum(1 for _ in site.rglob("*.jpg")) > 0  # the share images and photos were read


def test_a_file_written_atomically_is_0644_in_0755_folders_whatever_the_umask(tmp_path, strict_umask):
    target = tmp_path / "sach" / "nam" / "ky-yeu.epub"
    write_atomically(target, b"data")
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    assert (tmp_path / "sach").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "sach" / "nam").stat().st_mode & 0o777 == 0o755


def test_the_site_writer_makes_written_and_linked_files_public_whatever_the_umask(tmp_path, strict_umask):
    cached = tmp_path / "cache" / "share.jpg"
    cached.parent.mkdir()
    cached.write_bytes(b"jpeg")
    os.chmod(cached, 0o600)  # a cache from before modes were set: its hard link would be private
    staging = tmp_path / "staging"
    staging.mkdir()
    writer = SiteWriter(staging)
    writer.write("a/b/index.html", b"<p>x</p>")
    writer.write("anh/chia-se/ho-so.jpg", cached)
    assert (staging / "a/b/index.html").stat().st_mode & 0o777 == 0o644
    assert (staging / "anh/chia-se/ho-so.jpg").stat().st_mode & 0o777 == 0o644
    assert (staging / "a").stat().st_mode & 0o777 == 0o755
    assert (staging / "a/b").stat().st_mode & 0o777 == 0o755
    assert (staging / "anh/chia-se").stat().st_mode & 0o777 == 0o755


def test_the_yearbook_command_writes_files_another_user_reads_under_a_strict_umask(tmp_path):
    requires_root()
    out = tmp_path / "dist"
    done = subprocess.run(["sh", "-c", 'umask 077 && exec "$@"', "sh", sys.executable, "-m", "site_builder",
                           "yearbook", "--lang", "en", "--year", "2023", "--format", "epub", "--out", str(out),
                           "--today", "30/06/2026"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert [p.suffix for p in out.iterdir()] == [".epub"]
    assert unreadable_as_nobody(out) == []
