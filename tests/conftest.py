"""Shared fixtures: the sample site built once with real MkDocs, and small
content folders made on the fly for validation tests."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from support import checkers
from support.shared import once_per_run

from site_builder.common.messages import set_language
from site_builder.content.load import load_content
from site_builder.pipeline.run import BuildOptions, build_site
from site_builder.public.gate import publish

REPO = Path(__file__).resolve().parent.parent
# The tests read messages in English, commands run in subprocesses included; the tests of the
# Vietnamese text ask for it themselves.
os.environ["SITE_BUILDER_LANG"] = "en"
set_language("en")  # before any fixture, session- and module-wide ones included


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the test's fixtures: tell chromium_context whether this test may drive Chromium, and
    stop a grouped test that pytest-xdist did not group."""
    checkers.running_test_marked_browser = item.get_closest_marker("browser") is not None
    # Under `--dist loadgroup` a grouped test's id ends in `@group`: that is how pytest-xdist tells its
    # scheduler. pytest 9.2 with pytest-xdist 3.8 silently lost it (xdist issue #1386), and each
    # module-wide fixture was then built on both workers, minutes of every run.
    if item.config.getoption("loadgroup", False) and item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
        pytest.fail("pytest-xdist did not group this test (marked xdist_group); these versions of pytest and "
                    "pytest-xdist do not work together: install those of constraints.txt", pytrace=False)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Under `--dist loadgroup` (scripts/test.sh) the tests of a module with a module-scoped fixture
    (a site built for the module, a rendered yearbook) run on one worker, which makes it once;
    the other tests go to whichever worker is free."""
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures and any(d.scope == "module" for defs in fixtures.name2fixturedefs.values() for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_sessionfinish(session):
    checkers.close_browsers()  # the worker's one Chromium (tests/support/checkers.py), if a test started it


@pytest.fixture(autouse=True)
def messages_in_english():
    """The tests read messages in English (`--lang en`); tests of the Vietnamese text set it themselves."""
    set_language("en")
    yield
    set_language("en")
SAMPLE_CONTENT = REPO / "content"
# A fixed publication date keeps the sample build reproducible.
SAMPLE_TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """(site_dir, summary) of the sample content, built once per test run and shared by all
    pytest-xdist workers: read it, never change it (copy it to tmp_path to change it)."""
    def build(folder: Path):
        return build_site(BuildOptions(content_dir=SAMPLE_CONTENT, out_dir=folder / "site", today=SAMPLE_TODAY,
                                       cache_dir=folder / "cache"))
    folder, summary = once_per_run(tmp_path_factory, "sample", build)
    return folder / "site", summary


def copy_of_sample_caches(sample_build, cache: Path) -> Path:
    """`cache`: a copy of the caches the sample's build filled (photos, recordings, yearbooks, pages...),
    for a test of content close to the sample's that is not about a cold build: it starts where an
    editor's machine would, and the cold build is not paid again (tests/pipeline/test_run.py has those)."""
    shutil.copytree(sample_build[0].parent / "cache", cache)
    return cache


def copy_of_sample_photos(sample_build, cache: Path) -> Path:
    """`cache`: a new cache folder holding only the sample's encoded photos (media/photos.py, keyed by each
    photo's bytes and the encoding settings), for a test of builds of the sample that is about another
    stage: the photos, about two thirds of a cold build without the yearbook, are not encoded again."""
    shutil.copytree(sample_build[0].parent / "cache" / "media", cache / "media")
    return cache


@pytest.fixture(scope="session")
def sample():
    """The sample content's public view on SAMPLE_TODAY (what every output may show)."""
    content, problems = load_content(SAMPLE_CONTENT)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    return publish(content, SAMPLE_TODAY)


@pytest.fixture(scope="session")
def sample_site(sample_build) -> Path:
    return sample_build[0]


def assert_nothing_withheld_or_private(text: str, publication) -> None:
    """No withheld profile's name (unless a public profile shares it), no private value
    of six characters or more, and no sentinel anywhere in `text`."""
    public = {p.name for p in publication.profiles}
    for profile, _ in publication.withheld:
        if profile.name not in public:
            assert profile.name not in text
    for profile in publication.content.profiles:
        for value in profile.private.values():
            if len(str(value)) >= 6:
                assert str(value) not in text
    assert "SENTINEL" not in text


class ContentFolder:
    """A throwaway content/ folder with the sample's settings and taxonomies."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True)
        shutil.copy(SAMPLE_CONTENT / "site.yml", root / "site.yml")
        shutil.copytree(SAMPLE_CONTENT / "taxonomies", root / "taxonomies")
        (root / "profiles").mkdir()

    def profile(self, name: str, front_matter: str, story: str = "Câu chuyện.\n",
                photos: tuple[str, ...] = ()) -> Path:
        folder = self.root / "profiles" / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "index.md"
        path.write_text(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{story}", encoding="utf-8")
        for photo in photos:
            from PIL import Image

            Image.new("RGB", (640, 480), (40, 120, 80)).save(folder / photo)
        return path


VALID_PROFILE = """
kind: ca-nhan
name: Nguyễn Thị Hoa
summary: Nông dân sản xuất thanh long VietGAP.
fields: [nong-nghiep]
movements: [nong-thon-moi]
locality: ham-thuan-bac
unit: ubnd-huyen-ham-thuan-bac
submitted: 15/03/2024
stage: nhan-rong
status: published
consent: {given: true, date: 10/03/2024}
"""


def three_profiles(content: ContentFolder) -> Path:
    """The profiles an editing session is replayed on (tests/pipeline/test_resident.py in process,
    tests/cli/test_serve_replay.py over HTTP): Nguyễn Thị Hoa with a photo, Trần Văn Đức of
    another field, Lê Văn Ba of another year. Returns Hoa's index.md."""
    second = (VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn Đức").replace("nong-nghiep", "y-te")
              .replace("15/03/2024", "20/05/2024"))
    third = VALID_PROFILE.replace("Nguyễn Thị Hoa", "Lê Văn Ba").replace("15/03/2024", "02/02/2023")
    hoa = content.profile("hoa", VALID_PROFILE, story="Câu chuyện của chị Hoa.\n", photos=("anh.jpg",))
    content.profile("duc", second, story="Câu chuyện của anh Đức.\n")
    content.profile("ba", third, story="Câu chuyện của anh Ba.\n")
    hoa.write_text(hoa.read_text(encoding="utf-8").replace(
        "consent:", "photos:\n  - {file: anh.jpg, alt: Chị Hoa, credit: Báo mẫu}\nconsent:"), encoding="utf-8")
    return hoa


@pytest.fixture
def content(tmp_path) -> ContentFolder:
    return ContentFolder(tmp_path / "content")
