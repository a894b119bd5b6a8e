"""A save costs what it changes: one edited story, one added profile, one withdrawn profile make
the same per-profile work (common/work.py) at 100 profiles as at 400, in the preview's resident
session and in a `build` that finds its caches. Counted, not timed: the machine may be busy."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_TODAY

from site_builder.common import work
from site_builder.pipeline.resident import ResidentSession
from site_builder.pipeline.run import BuildOptions, build_site

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.synthetic import generate  # noqa: E402

SIZES = (100, 400)
STEPS = ("story edited", "profile added", "profile withdrawn")


def aged(*paths: Path) -> None:
    """Files dated an hour ago: a file written within the last seconds is read again on each build
    (content/load.py, RACY_NS), which would make the counts depend on how fast the builds run."""
    past = time.time() - 3600
    for path in paths:
        os.utime(path, (past, past))


def profile_files(content: Path) -> list[Path]:
    return sorted(content.glob("profiles/*/index.md"))


# Synthetic profiles are the same at both sizes up to the smaller one: each step changes the same profile.
def story_edited(content: Path) -> list[Path]:
    path = profile_files(content)[50]
    path.write_text(path.read_text(encoding="utf-8") + "\nMột đoạn mới của câu chuyện.\n", encoding="utf-8")
    return [path]


def profile_added(content: Path, number: int) -> list[Path]:
    source = profile_files(content)[0]
    text = source.read_text(encoding="utf-8")
    name = text.split("\nname: ", 1)[1].split("\n", 1)[0]
    new = f"Hồ sơ Thêm Mới {number}"
    folder = content / "profiles" / f"zz-added-{number}"
    shutil.copytree(source.parent, folder)
    (folder / "index.md").write_text(text.replace(name, new).replace("\nid: ", f"\nid: them-moi-{number}-", 1),
                                     encoding="utf-8")
    return list(folder.rglob("*"))


def profile_withdrawn(content: Path, number: int) -> list[Path]:
    path = profile_files(content)[30 + number]
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: withdrawn"),
                    encoding="utf-8")
    return [path]


def counts_of_steps(content: Path, build, number: int) -> dict[str, dict[str, int]]:
    counts = {}
    for step, change in zip(STEPS, (story_edited, lambda c: profile_added(c, number), lambda c: profile_withdrawn(c, number))):
        aged(*change(content))
        counts[step] = build().work
    return counts


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> dict[int, dict[str, dict[str, dict[str, int]]]]:
    """By size, then by `serve` and `build`, then by step: the work the step cost."""
    made = {}
    for size in SIZES:
        root = tmp_path_factory.mktemp(f"work-{size}")
        content = generate(size, root / "content", photos="shared", words=60)
        aged(*content.rglob("*"))
        options = BuildOptions(content, root / "preview", SAMPLE_TODAY, cache_dir=root / "cache", yearbook=False,
                               record_addresses=False, precompress=False)
        with ResidentSession(options) as session:
            first = session.build()
            assert first.work[work.PROFILES_CHECKED] == size  # the first build checks every profile
            serve = counts_of_steps(content, session.build, 1)
        # A `build` in a fresh run, with the caches the preview left: the first one writes a whole
        # output (another folder), the next ones only what changed.
        build_options = BuildOptions(content, root / "site", SAMPLE_TODAY, cache_dir=root / "cache",
                                     yearbook=False, record_addresses=False, precompress=False)
        build_site(build_options)
        build = counts_of_steps(content, lambda: build_site(build_options), 2)
        made[size] = {"serve": serve, "build": build}
    return made


def kinds(counts: dict[str, int], names) -> dict[str, int]:
    return {name: counts[name] for name in names}


def test_one_edited_story_costs_the_preview_the_same_work_at_any_size(counts):
    small, large = (counts[size]["serve"]["story edited"] for size in SIZES)
    assert small == large, f"{small} at {SIZES[0]} profiles, {large} at {SIZES[1]}"
    assert small[work.PROFILES_READ] == small[work.PROFILES_CHECKED] == small[work.VIEWS] == 1
    # Cut and keyed again: only the listings the profile is in (all profiles, its kind, fields,
    # movements, stage, its locality's pages and theirs it was part of: 12 here), not the site's
    # hundred and more.
    assert 0 < small[work.LISTINGS] <= 16, small
    assert 0 < small[work.PAGES_RENDERED] and 0 < small[work.FILES_WRITTEN]


# The products of one profile: made for the profile added (none for one withdrawn), whatever the size.
PROFILE_PRODUCTS = (work.PROFILES_READ, work.PROFILES_CHECKED, work.VIEWS, work.OPEN_DATA_RECORDS,
                    work.SEARCH_RECORDS)


@pytest.mark.parametrize("step", ["profile added", "profile withdrawn"])
def test_an_added_or_withdrawn_profile_costs_the_preview_the_same_products_at_any_size(counts, step):
    small, large = (counts[size]["serve"][step] for size in SIZES)
    assert kinds(small, PROFILE_PRODUCTS) == kinds(large, PROFILE_PRODUCTS), f"{small}, {large}"
    # The feeds show the newest entries (press/feeds.py): a withdrawn profile's place in a full feed
    # is taken by the next one, whose entry is rendered: at most one per feed, at any size.
    assert large[work.FEED_ENTRIES] <= 4 and small[work.FEED_ENTRIES] <= 4
    # Not compared: the listing pages an addition moves (site/listings.py: a few, but one more page
    # per listing where a listing has more pages) and the search index's files (each record's rank
    # in the A–Z order moves with the profiles before it).


@pytest.mark.parametrize("step", STEPS)
def test_a_build_with_its_caches_checks_only_what_changed(counts, step):
    """A `build` is a fresh process: it keeps no product in memory and makes every view, page plan,
    key and record again (cheaply, from the caches on disk). What it must not do is read, check,
    draw head tags, render or write more for a larger publication."""
    compared = (work.PROFILES_READ, work.PROFILES_CHECKED)
    if step == "story edited":
        compared += (work.HEAD_TAGS, work.PAGES_RENDERED, work.FILES_WRITTEN)
    small, large = (kinds(counts[size]["build"][step], compared) for size in SIZES)
    assert small == large, f"{small} at {SIZES[0]} profiles, {large} at {SIZES[1]}"
