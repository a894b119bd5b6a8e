"""common/caches.py: caches keyed by content, never by time alone, that survive between
builds and write back only what changed."""

from __future__ import annotations

import gc
import hashlib
import json
import pickle
import zlib
from pathlib import Path

import pytest

from site_builder.common import caches
from site_builder.common.caches import (
    FileDigests,
    Memo,
    ShardedPickles,
    ValidationCache,
    code_fingerprint,
    cycle_collector_paused,
    cycle_collector_resumed,
)
from site_builder.common.files import stat_signature
from site_builder.content.diagnostics import Problem


class Calls:
    """A `make` function that counts how often the cache called it."""

    def __init__(self, value):
        self.value = value
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.value


def keys_in_different_shards() -> tuple[str, str]:
    first = "ho-so/a"
    for n in range(1000):
        other = f"ho-so/b{n}"
        if zlib.crc32(other.encode()) % ShardedPickles.SHARDS != zlib.crc32(first.encode()) % ShardedPickles.SHARDS:
            return first, other
    raise AssertionError("no two keys in different shards")


def shard_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Each shard file's (inode, mtime): a rewrite by rename gives a new inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.pickle")}


# --- Memo ------------------------------------------------------------------------------


def test_memo_computes_a_value_once_per_run(tmp_path):
    memo = Memo(tmp_path / "memo")
    make = Calls(["search text"])
    assert memo.get("profile-1", make) == ["search text"]
    assert memo.get("profile-1", make) == ["search text"]
    assert make.count == 1


def test_memo_returns_the_kept_value_in_the_next_build_without_computing(tmp_path):
    first = Memo(tmp_path / "memo")
    first.get("profile-1", Calls({"text": "Nguyễn Thị Hoa"}))
    first.save()

    again = Memo(tmp_path / "memo")
    make = Calls("not this")
    assert "profile-1" in again
    assert again.get("profile-1", make) == {"text": "Nguyễn Thị Hoa"}
    assert make.count == 0


def test_memo_computes_again_for_a_different_key(tmp_path):
    first = Memo(tmp_path / "memo")
    first.get("profile-1@digest-a", Calls("old"))
    first.save()

    again = Memo(tmp_path / "memo")
    make = Calls("new")
    assert "profile-1@digest-b" not in again
    assert again.get("profile-1@digest-b", make) == "new"
    assert make.count == 1


def test_memo_keeps_only_the_entries_used_in_the_last_run(tmp_path):
    first = Memo(tmp_path / "memo")
    first.get("kept", Calls(1))
    first.get("dropped", Calls(2))
    first.save()
    second = Memo(tmp_path / "memo")
    second.get("kept", Calls(0))
    second.save()
    assert "dropped" not in Memo(tmp_path / "memo")
    assert "kept" in Memo(tmp_path / "memo")


def test_memo_results_do_not_outlive_the_code_that_made_them(tmp_path, monkeypatch):
    first = Memo(tmp_path / "memo")
    first.get("profile-1", Calls("made by the old code"))
    first.save()
    monkeypatch.setattr(caches, "code_fingerprint", lambda: "another code version")
    make = Calls("made by the new code")
    assert Memo(tmp_path / "memo").get("profile-1", make) == "made by the new code"
    assert make.count == 1


def test_memo_without_a_folder_computes_and_keeps_nothing(tmp_path):
    memo = Memo(None)
    assert memo.get("k", Calls(3)) == 3
    memo.save()  # nowhere to save: no error, no file
    assert list(tmp_path.iterdir()) == []


# --- ShardedPickles ----------------------------------------------------------------------


def test_sharded_pickles_keep_what_they_store_across_a_reopen(tmp_path):
    store = ShardedPickles(tmp_path / "store", "context-1")
    store.save({"a": [1, 2], "b": {"x": "Đà Lạt"}})
    reopened = ShardedPickles(tmp_path / "store", "context-1")
    assert reopened.get("a") == [1, 2]
    assert reopened.get("b") == {"x": "Đà Lạt"}
    assert reopened.get("missing", "default") == "default"


def test_sharded_pickles_ignore_entries_stored_under_another_context(tmp_path):
    ShardedPickles(tmp_path / "store", "old settings").save({"a": [1]})
    assert ShardedPickles(tmp_path / "store", "new settings").get("a") is None


def test_sharded_pickles_rewrite_only_the_shard_whose_entry_changed(tmp_path):
    folder = tmp_path / "store"
    unchanged_key, changed_key = keys_in_different_shards()
    ShardedPickles(folder, "ctx").save({unchanged_key: ["same"], changed_key: ["old"]})
    before = shard_files(folder)
    assert len(before) == 2

    store = ShardedPickles(folder, "ctx")
    store.save({unchanged_key: store.get(unchanged_key), changed_key: ["new"]})
    after = shard_files(folder)

    changed_file = f"{zlib.crc32(changed_key.encode()) % ShardedPickles.SHARDS:02d}.pickle"
    unchanged_file = f"{zlib.crc32(unchanged_key.encode()) % ShardedPickles.SHARDS:02d}.pickle"
    assert after[unchanged_file] == before[unchanged_file]
    assert after[changed_file][0] != before[changed_file][0]
    assert ShardedPickles(folder, "ctx").get(changed_key) == ["new"]


def test_kept_in_memory_a_reopened_store_is_the_one_last_saved_without_reading_the_disk(tmp_path):
    folder = tmp_path / "store"
    ShardedPickles(folder, "ctx").save({"a": [1]})  # on disk before the session
    with caches.kept_in_memory():
        first = ShardedPickles(folder, "ctx")  # read from disk once
        assert first.get("a") == [1]
        first.save({"a": [1], "b": [2]})
        on_disk = {key for path in folder.glob("*.pickle") for key in pickle.loads(path.read_bytes())[1]}
        assert on_disk == {"a", "b"}  # saved to disk as well as kept, for the next process
        for path in folder.glob("*.pickle"):
            path.write_bytes(b"not a pickle")  # the disk is not read again while the session lasts
        again = ShardedPickles(folder, "ctx")
        assert again.get("a") == [1] and again.get("b") == [2]
        assert ShardedPickles(folder, "another context").get("a") is None
    assert ShardedPickles(folder, "ctx").get("a") is None  # after the session: the disk again


def test_sharded_pickles_read_an_unreadable_shard_as_empty(tmp_path):
    folder = tmp_path / "store"
    ShardedPickles(folder, "ctx").save({"a": [1]})
    for path in folder.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert ShardedPickles(folder, "ctx").get("a") is None


# --- FileDigests ----------------------------------------------------------------------------


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_file_digests_give_the_sha256_of_a_file(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 jpeg bytes")
    assert FileDigests(tmp_path / "digests.json").digest(photo) == sha256_hex(b"\xff\xd8 jpeg bytes")


def test_a_changed_file_gets_a_new_digest_even_from_a_kept_record(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"first photo")
    digests = FileDigests(tmp_path / "digests.json")
    first = digests.digest(photo)
    digests.save()

    photo.write_bytes(b"a second, longer photo")
    second = FileDigests(tmp_path / "digests.json").digest(photo)
    assert second != first
    assert second == sha256_hex(b"a second, longer photo")


def test_file_digests_reuse_the_kept_digest_while_the_stat_signature_is_the_same(tmp_path):
    """The kept digest is trusted (not recomputed) for an untouched file: proven by a record
    whose digest was planted for the file's current signature."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"bytes")
    record = tmp_path / "digests.json"
    record.write_text(json.dumps({str(photo): [*stat_signature(photo), "kept-digest"]}))
    assert FileDigests(record).digest(photo) == "kept-digest"


def test_file_digests_of_a_partial_run_keep_the_other_files_digests(tmp_path):
    """A run that digests some files only (the preview's new photo, before the whole build) keeps
    what was known of the others; a whole run keeps only the files it used."""
    first, second = tmp_path / "a.jpg", tmp_path / "b.jpg"
    first.write_bytes(b"first")
    second.write_bytes(b"second")
    record = tmp_path / "digests.json"
    whole = FileDigests(record)
    whole.digest(first)
    whole.digest(second)
    whole.save()
    partial = FileDigests(record)
    third = tmp_path / "c.jpg"
    third.write_bytes(b"third")
    partial.digest(third)
    partial.save(keep_unused=True)
    assert set(json.loads(record.read_text())) == {str(first), str(second), str(third)}
    again = FileDigests(record)
    again.digest(third)
    again.save()
    assert set(json.loads(record.read_text())) == {str(third)}


def test_an_unreadable_digest_record_is_ignored(tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"bytes")
    record = tmp_path / "digests.json"
    record.write_text("{ not json")
    assert FileDigests(record).digest(photo) == sha256_hex(b"bytes")


# --- ValidationCache ---------------------------------------------------------------------------


def profile_file(tmp_path: Path, text: str = "---\nname: Hoa\n---\n") -> tuple[Path, bytes]:
    path = tmp_path / "content" / "profiles" / "hoa" / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, path.read_bytes()


WARNING = Problem("content/profiles/hoa/index.md", 3, "warning", "summary is long")


def test_a_validated_profile_is_reused_while_its_bytes_and_the_settings_are_the_same(tmp_path):
    source, data = profile_file(tmp_path)
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, stat_signature(source), {"name": "Hoa"}, [WARNING], [])
    cache.save()

    next_run = ValidationCache(tmp_path / "validation", "settings-1")
    assert next_run.get(source, data, stat_signature(source)) == ({"name": "Hoa"}, [WARNING])
    assert next_run.hits == 1


def test_an_untouched_file_is_recognised_by_its_stat_signature_without_reading_it(tmp_path):
    source, data = profile_file(tmp_path)
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, stat_signature(source), "profile", [], [])
    cache.save()
    assert ValidationCache(tmp_path / "validation", "settings-1").unchanged(source) == ("profile", [])


def test_a_profile_whose_bytes_changed_is_validated_again(tmp_path):
    source, data = profile_file(tmp_path)
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, stat_signature(source), "profile", [], [])
    cache.save()

    source, changed = profile_file(tmp_path, "---\nname: Hoà, edited\n---\n")
    next_run = ValidationCache(tmp_path / "validation", "settings-1")
    assert next_run.unchanged(source) is None
    assert next_run.get(source, changed, stat_signature(source)) is None
    assert next_run.hits == 0


def test_no_profile_is_reused_when_the_settings_fingerprint_changes(tmp_path):
    source, data = profile_file(tmp_path)
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, stat_signature(source), "profile", [], [])
    cache.save()

    next_run = ValidationCache(tmp_path / "validation", "settings-2 (a new locality code)")
    assert next_run.unchanged(source) is None
    assert next_run.get(source, data, stat_signature(source)) is None


def test_a_profile_is_validated_again_when_one_of_its_photos_changed(tmp_path):
    source, data = profile_file(tmp_path)
    photo = source.parent / "photo.jpg"
    photo.write_bytes(b"photo")
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, stat_signature(source), "profile", [], [photo])
    cache.save()

    photo.write_bytes(b"another, larger photo")
    assert ValidationCache(tmp_path / "validation", "settings-1").get(source, data, stat_signature(source)) is None


def test_a_touched_but_unchanged_file_is_reused_and_its_new_signature_kept(tmp_path):
    source, data = profile_file(tmp_path)
    cache = ValidationCache(tmp_path / "validation", "settings-1")
    cache.put(source, data, ("an", "old", "signature", 0), "profile", [], [])
    cache.save()

    touched = ValidationCache(tmp_path / "validation", "settings-1")
    assert touched.unchanged(source) is None  # the signature differs: the bytes must be read
    assert touched.get(source, data, stat_signature(source)) == ("profile", [])
    touched.save()
    assert ValidationCache(tmp_path / "validation", "settings-1").unchanged(source) == ("profile", [])


# --- cycle_collector_paused ---------------------------------------------------------------------


@pytest.fixture
def gc_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_the_cycle_collector_is_paused_inside_and_enabled_again_after(gc_restored):
    gc.enable()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_cycle_collector_is_enabled_again_after_an_exception(gc_restored):
    gc.enable()
    with pytest.raises(ValueError), cycle_collector_paused():
        raise ValueError("unreadable cache")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled_after(gc_restored):
    gc.disable()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_work_that_makes_cycles_runs_with_the_collector_inside_a_paused_block(gc_restored):
    """A build pauses the collector, and resumes it for the yearbook's layout (pipeline/run.py)."""
    gc.enable()
    with cycle_collector_paused():
        with cycle_collector_resumed():
            assert gc.isenabled()
        assert not gc.isenabled()
        with pytest.raises(ValueError), cycle_collector_resumed():
            raise ValueError("a layout that failed")
        assert not gc.isenabled()
    assert gc.isenabled()


# --- code_fingerprint ------------------------------------------------------------------------------


@pytest.fixture
def package_tree(tmp_path, monkeypatch) -> Path:
    """A package with a module in a subpackage, standing in for site_builder/."""
    root = tmp_path / "site_builder"
    (root / "content").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "content" / "__init__.py").write_text("")
    (root / "content" / "schema.py").write_text("LIMIT = 1\n")
    monkeypatch.setattr(caches, "PACKAGE_DIR", root)
    return root


def test_the_code_fingerprint_is_stable_between_calls():
    assert code_fingerprint() == code_fingerprint()


def test_the_code_fingerprint_changes_when_a_module_in_a_subpackage_changes(package_tree):
    before = code_fingerprint()
    (package_tree / "content" / "schema.py").write_text("LIMIT = 2\n")
    assert code_fingerprint() != before


def test_while_stores_are_kept_in_memory_the_code_fingerprint_is_that_of_the_code_loaded(package_tree):
    with caches.kept_in_memory():
        running = code_fingerprint()
        (package_tree / "content" / "schema.py").write_text("LIMIT = 2\n")  # not the code this process runs
        assert code_fingerprint() == running
    assert code_fingerprint() != running


def test_the_code_fingerprint_changes_when_a_module_is_added(package_tree):
    before = code_fingerprint()
    (package_tree / "engine").mkdir()
    (package_tree / "engine" / "mkdocs.py").write_text("X = 1\n")
    assert code_fingerprint() != before


def test_the_code_fingerprint_ignores_files_that_are_not_code(package_tree):
    before = code_fingerprint()
    (package_tree / "content" / "notes.txt").write_text("scratch")
    (package_tree / "content" / "schema.cpython-312.pyc").write_bytes(b"\x00compiled")
    assert code_fingerprint() == before
