"""common/files.py: digests that cannot collide by re-splitting, files written whole or
not at all, cached files linked into a site, stat signatures, and sizes as Vietnamese
readers write them."""

from __future__ import annotations

import hashlib
import os

import pytest

from site_builder.common.files import (
    digest_bytes,
    file_size,
    link_or_copy,
    stat_signature,
    write_atomically,
)

# --- digest_bytes ---------------------------------------------------------------


def test_digest_prefixes_each_part_with_its_length_so_resplitting_changes_it():
    assert digest_bytes("ab", "c") != digest_bytes("a", "bc")
    assert digest_bytes(b"ab", b"c") != digest_bytes(b"abc")


def test_digest_hashes_text_as_its_utf8_bytes():
    assert digest_bytes("Nguyễn Thị Hoa") == digest_bytes("Nguyễn Thị Hoa".encode())


def test_digest_is_a_sha256_hex_string_and_is_deterministic():
    value = digest_bytes(b"x", "y")
    assert value == digest_bytes(b"x", "y")
    assert len(value) == 64 and int(value, 16) >= 0
    expected = hashlib.sha256((1).to_bytes(8, "big") + b"x" + (1).to_bytes(8, "big") + b"y").hexdigest()
    assert value == expected


# --- write_atomically -------------------------------------------------------------


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomically_replaces_the_whole_file(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"an old and much longer content")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_write_atomically_creates_missing_parent_folders(tmp_path):
    target = tmp_path / "a" / "b" / "c.json"
    write_atomically(target, b"{}")
    assert target.read_bytes() == b"{}"


def test_a_failed_rename_leaves_the_old_file_intact_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "data.csv"
    target.write_bytes(b"old rows")

    def failing_replace(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="Input/output"):
        write_atomically(target, b"new rows")
    monkeypatch.undo()
    assert target.read_bytes() == b"old rows"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


def test_a_failure_while_writing_leaves_the_old_file_intact_and_no_temporary_file(tmp_path):
    target = tmp_path / "data.csv"
    target.write_bytes(b"old rows")

    class Unwritable:
        """Not bytes at all: the file object's write() raises TypeError mid-write."""

    with pytest.raises(TypeError):
        write_atomically(target, Unwritable())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old rows"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


def test_an_interrupt_while_writing_also_cleans_up(tmp_path, monkeypatch):
    """KeyboardInterrupt is not an Exception: the clean-up must still run."""
    target = tmp_path / "book.epub"
    target.write_bytes(b"old book")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new book")
    monkeypatch.undo()
    assert target.read_bytes() == b"old book"
    assert leftovers(tmp_path) == []


# --- link_or_copy -------------------------------------------------------------------


def test_link_or_copy_hard_links_on_the_same_file_system(tmp_path):
    source = tmp_path / "cache" / "photo.webp"
    source.parent.mkdir()
    source.write_bytes(b"RIFF....WEBP")
    target = tmp_path / "photo.webp"
    link_or_copy(source, target)
    assert target.read_bytes() == b"RIFF....WEBP"
    assert os.stat(target).st_ino == os.stat(source).st_ino
    assert os.stat(source).st_nlink == 2


def test_link_or_copy_copies_when_a_link_is_impossible(tmp_path, monkeypatch):
    source = tmp_path / "photo.webp"
    source.write_bytes(b"bytes")
    target = tmp_path / "copy.webp"

    def cross_device(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    link_or_copy(source, target)
    monkeypatch.undo()
    assert target.read_bytes() == b"bytes"
    assert os.stat(target).st_ino != os.stat(source).st_ino


# --- stat_signature ---------------------------------------------------------------


def test_stat_signature_of_a_missing_file_is_none(tmp_path):
    assert stat_signature(tmp_path / "missing.jpg") is None
    assert stat_signature(str(tmp_path / "missing.jpg")) is None


def test_stat_signature_accepts_str_and_path_alike(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(b"1234")
    assert stat_signature(path) == stat_signature(str(path))
    assert stat_signature(path)[0] == 4


def test_stat_signature_changes_when_the_file_is_rewritten_with_another_size(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(b"1234")
    before = stat_signature(path)
    path.write_bytes(b"123456789")
    after = stat_signature(path)
    assert after is not None and after != before
    assert after[0] == 9


# --- file_size ------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "shown"), [
    (400, "1 kB"),
    (66_727, "67 kB"),
    (999_000, "999 kB"),
    (1_234_567, "1,2 MB"),
    (25_000_000, "25,0 MB"),
])
def test_file_size_is_written_as_vietnamese_readers_write_it(size, shown):
    assert file_size(size) == shown
