"""Writing the site: every file through one writer, a rebuild as a change set applied in
place, and an apply cut short finished by the next build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.pipeline import output
from site_builder.pipeline.output import (
    OutputError,
    SiteWriter,
    apply_changes,
    finish_interrupted_changes,
)


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_outputs_never_share_a_file(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg bytes")
    writer = SiteWriter(tmp_path / "staging")
    writer.write("anh/a/480.jpg", photo)
    writer.write("feed.xml", b"<feed/>")
    for path, data in (("feed.xml", b"<other/>"), ("anh/a/480.jpg", photo), ("feed.xml", photo)):
        with pytest.raises(OutputError, match=f"two outputs want the same file {path}"):
            writer.write(path, data)
    assert files_under(tmp_path / "staging") == {"anh/a/480.jpg": b"jpeg bytes", "feed.xml": b"<feed/>"}
    assert writer.total_bytes() == len(b"jpeg bytes") + len(b"<feed/>")


def test_a_rebuild_writes_only_what_changed_and_deletes_what_is_gone(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg bytes")
    first = SiteWriter(tmp_path / "site")
    first.write("index.html", b"home")
    first.write("ho-so/a/index.html", b"profile a")
    first.write("ho-so/b/index.html", b"profile b")
    first.write("anh/a/480.jpg", photo)

    staging = tmp_path / "staging"
    second = SiteWriter(staging, previous=first.files)
    second.write("index.html", b"home, changed")
    second.write("ho-so/a/index.html", b"profile a")  # same bytes: not written
    second.write("ho-so/c/index.html", b"profile c")  # new
    second.write("anh/a/480.jpg", photo)  # the same cached file: not written
    assert second.changes_only
    assert files_under(staging) == {"index.html": b"home, changed", "ho-so/c/index.html": b"profile c"}
    assert second.written == 2
    assert second.deleted() == ["ho-so/b/index.html"]

    apply_changes(staging, tmp_path / "site", second.deleted())
    assert files_under(tmp_path / "site") == {
        "index.html": b"home, changed", "ho-so/a/index.html": b"profile a", "ho-so/c/index.html": b"profile c",
        "anh/a/480.jpg": b"jpeg bytes"}
    assert not (tmp_path / "site" / "ho-so" / "b").exists()  # the emptied folder goes too
    assert not staging.exists()
    assert not output.journal_path(tmp_path / "site").exists()


def test_a_changed_cached_file_is_written_again(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"old")
    first = SiteWriter(tmp_path / "site")
    first.write("anh/a/480.jpg", photo)
    replacement = tmp_path / "new.jpg"
    replacement.write_bytes(b"new bytes")
    os.replace(replacement, photo)  # same path, another file
    second = SiteWriter(tmp_path / "staging", previous=first.files)
    second.write("anh/a/480.jpg", photo)
    assert files_under(tmp_path / "staging") == {"anh/a/480.jpg": b"new bytes"}


def test_an_apply_cut_short_is_finished_by_the_next_build(tmp_path, monkeypatch):
    site = tmp_path / "site"
    first = SiteWriter(site)
    for name in "abc":
        first.write(f"ho-so/{name}/index.html", name.encode())
    staging = tmp_path / "staging"
    second = SiteWriter(staging, previous=first.files)
    for name in "abd":
        second.write(f"ho-so/{name}/index.html", (name * 2).encode())

    real_replace, moved = os.replace, []

    def power_cut_after_one(source, target):
        if moved:
            raise KeyboardInterrupt("power cut")
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", power_cut_after_one)
    with pytest.raises(KeyboardInterrupt):
        apply_changes(staging, site, second.deleted())
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert output.journal_path(site).is_file()
    assert finish_interrupted_changes(site)
    assert files_under(site) == {"ho-so/a/index.html": b"aa", "ho-so/b/index.html": b"bb",
                                 "ho-so/d/index.html": b"dd"}
    assert not output.journal_path(site).exists()
    assert not finish_interrupted_changes(site)  # nothing left to finish
