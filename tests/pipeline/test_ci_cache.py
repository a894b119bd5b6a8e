"""A deploy in CI keeps `.cache/` between runs (the shipped configurations: .github/workflows,
.gitlab-ci.yml, .forgejo), and that must make it an incremental build although every run is a
fresh checkout: each file has a new date and inode, and the output folder is new. Tried with the
real command, as CI runs it, twice at the same checkout path (a CI runner's is fixed).

The yearbook is left out of these checkouts to keep the test short; its PDF has its own cache
(tests/yearbook).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SAMPLE_CONTENT


def fresh_checkout(into: Path, edited: bool) -> Path:
    """The sample content as a new clone gives it: every file written just now."""
    shutil.rmtree(into, ignore_errors=True)
    content = shutil.copytree(SAMPLE_CONTENT, into / "content")
    shutil.rmtree(content / "yearbook")
    if edited:
        story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
        front, body = story.read_text(encoding="utf-8").split("\n---\n", 1)  # the story opens after the front matter
        story.write_text(f"{front}\n---\nMùa này chị trồng thêm giống thanh long ruột đỏ.\n\n{body}", encoding="utf-8")
    return content


def ci_build(content: Path, out: Path, cache: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "site_builder", "build", "--lang", "en", "--content", str(content),
                           "--out", str(out), "--cache", str(cache), "--today", "30/06/2026"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    return int(match.group(1))


def test_a_fresh_checkout_with_the_kept_cache_remakes_only_what_its_change_needs(tmp_path):
    checkout, cache = tmp_path / "runner" / "repo", tmp_path / "kept-cache"
    first = ci_build(fresh_checkout(checkout, edited=False), tmp_path / "run-1" / "site", cache)
    assert number(r"share images: (\d+) drawn", first) > 40
    # The sample's film and radio piece, and the contest's winning radio piece (results out on 20/06/2026).
    assert "films and radio pieces: 3 of 3 encoded" in first
    assert number(r"\((\d+) of \d+ shard\(s\) indexed", first) >= 1

    second = ci_build(fresh_checkout(checkout, edited=True), tmp_path / "run-2" / "site", cache)
    assert number(r"share images: (\d+) drawn", second) == 0  # a story edit changes no share card
    assert number(r"(\d+) photos encoded", second) == 0
    assert "films and radio pieces:" not in second  # none encoded again
    assert number(r"(\d+) file\(s\) compressed", second) < 20 < number(r"(\d+) from the cache", second)
    # The story's opening is in the search records: its shard is indexed again, no other.
    assert number(r"\((\d+) of \d+ shard\(s\) indexed", second) == 1
    page = (tmp_path / "run-2" / "site" / "ho-so" / "nguyen-thi-hoa" / "index.html").read_text(encoding="utf-8")
    assert "giống thanh long ruột đỏ" in page
