"""The preview's changed page first (pipeline/changed_first.py): a saved profile's page is written
before the whole build, from what the last build kept, and the whole build then writes the same
bytes; a change that shows on other pages is left to the whole build."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE_TODAY

from site_builder.pipeline.resident import ResidentSession
from site_builder.pipeline.run import BuildOptions, build_site

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.synthetic import generate  # noqa: E402


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """Content and the caches of its first build, made once for the module's tests to copy."""
    root = tmp_path_factory.mktemp("warm")
    content = generate(30, root / "content", photos="shared", words=60)
    build_site(BuildOptions(content, root / "site", SAMPLE_TODAY, cache_dir=root / "cache", yearbook=False,
                            record_addresses=False, precompress=False))
    return root


@pytest.fixture
def session(warm, tmp_path):
    shutil.copytree(warm / "content", tmp_path / "content")
    shutil.copytree(warm / "cache", tmp_path / "cache")
    options = BuildOptions(tmp_path / "content", tmp_path / "preview", SAMPLE_TODAY, cache_dir=tmp_path / "cache",
                           yearbook=False, record_addresses=False, precompress=False)
    with ResidentSession(options) as session:
        session.build()
        yield session


def profile_file(session: ResidentSession, number: int = 7) -> Path:
    return sorted(session.options.content_dir.glob("profiles/*/index.md"))[number]


def page_of(session: ResidentSession, path: Path) -> Path:
    assert session.kept.pages is not None
    url = session.kept.pages.profile_pages[path.resolve()].url
    return session.options.out_dir / url / "index.html"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_story_is_written_at_once_and_the_whole_build_writes_the_same_bytes(session):
    path = profile_file(session)
    page = page_of(session, path)
    path.write_text(path.read_text(encoding="utf-8") + "\nCâu chuyện có thêm một đoạn về mùa thanh long năm nay.\n",
                    encoding="utf-8")
    written = session.changed_first({path})
    assert written == [page.relative_to(session.options.out_dir).as_posix()]
    first = page.read_bytes()
    assert "mùa thanh long năm nay" in first.decode("utf-8")
    session.build()
    assert page.read_bytes() == first


def test_an_edited_summary_shows_on_the_page_at_once(session):
    path = profile_file(session)
    text = path.read_text(encoding="utf-8")
    summary = text.split("\nsummary: ", 1)[1].split("\n", 1)[0]
    edit(path, f"summary: {summary}", "summary: Tóm tắt mới, viết lại sau buổi họp hội đồng.")
    assert session.changed_first({path})
    assert "Tóm tắt mới, viết lại sau buổi họp hội đồng." in page_of(session, path).read_text(encoding="utf-8")


def renamed(path: Path) -> None:
    name = path.read_text(encoding="utf-8").split("\nname: ", 1)[1].split("\n", 1)[0]
    edit(path, f"name: {name}", f"name: {name} Mới")


def field_changed(path: Path) -> None:
    """Its first field becomes another field of the taxonomy: its listings change."""
    codes = [term["code"] for term in yaml.safe_load((path.parents[2] / "taxonomies" / "fields.yml").read_text())]
    first = path.read_text(encoding="utf-8").split("\nfields:\n", 1)[1].split("\n", 1)[0]  # "  - code"
    other = next(code for code in codes if code not in path.read_text(encoding="utf-8"))
    edit(path, f"fields:\n{first}", f"fields:\n{first.split('- ')[0]}- {other}")


def broken(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("\nname: ", "\nname: [", 1), encoding="utf-8")


def withdrawn(path: Path) -> None:
    edit(path, "status: published", "status: withdrawn")


def address_changed(path: Path) -> None:
    """Its `id:`, the address it keeps whatever its name, is another."""
    given = path.read_text(encoding="utf-8").split("\nid: ", 1)[1].split("\n", 1)[0]
    edit(path, f"id: {given}", f"id: {given}-moi")


@pytest.mark.parametrize("change", [renamed, field_changed, broken, withdrawn, address_changed])
def test_a_change_other_pages_show_or_an_error_is_left_to_the_whole_build(session, change):
    path = profile_file(session)
    page = page_of(session, path)
    before = page.read_bytes()
    change(path)
    assert session.changed_first({path}) == []
    assert page.read_bytes() == before


def new_profile(session: ResidentSession, name: str = "An Thị Mới Thêm", given_id: str = "an-thi-moi-them",
                photos: bool = False, change=None, photo_bytes=None) -> Path:
    """A new profile's folder, moved into profiles/ whole (as an editor copies one in), made from
    another's file with another name and `id:`; without its photos unless `photos` (their bytes
    changed by `photo_bytes`)."""
    source = profile_file(session)
    text = source.read_text(encoding="utf-8")
    old_name = text.split("\nname: ", 1)[1].split("\n", 1)[0]
    old_id = text.split("\nid: ", 1)[1].split("\n", 1)[0]
    text = text.replace(old_name, name).replace(f"id: {old_id}", f"id: {given_id}", 1)
    if not photos:
        front, story = text.split("\nphotos:\n", 1)[0], text.split("\n---\n", 1)[1]
        text = f"{front}\n---\n{story}"
    text = change(text) if change else text
    incoming = session.options.content_dir.parent / "incoming"
    incoming.mkdir()
    (incoming / "index.md").write_text(text, encoding="utf-8")
    if photos:
        for photo in source.parent.glob("*.jpg"):
            data = photo.read_bytes()
            (incoming / photo.name).write_bytes(photo_bytes(data) if photo_bytes else data)
    folder = session.options.content_dir / "profiles" / f"zz-{given_id}"
    incoming.rename(folder)
    return folder


def test_a_new_profile_is_written_at_once_and_the_whole_build_puts_it_everywhere(session):
    out = session.options.out_dir
    folder = new_profile(session)
    assert session.changed_first({folder}) == ["ho-so/an-thi-moi-them/index.html"]
    page = (out / "ho-so" / "an-thi-moi-them" / "index.html").read_text(encoding="utf-8")
    assert "An Thị Mới Thêm" in page and "og:image" not in page  # its head and share card come with the build
    assert "An Thị Mới Thêm" not in (out / "ho-so" / "index.html").read_text(encoding="utf-8")
    session.build()
    built = (out / "ho-so" / "an-thi-moi-them" / "index.html").read_text(encoding="utf-8")
    assert "An Thị Mới Thêm" in built and "og:image" in built
    assert built.split("</head>", 1)[1] == page.split("</head>", 1)[1]  # what the reader sees was already right
    assert "An Thị Mới Thêm" in (out / "ho-so" / "index.html").read_text(encoding="utf-8")


def test_a_new_profile_with_a_new_photo_shows_it_at_once(session):
    out = session.options.out_dir
    # Another photo (bytes no profile has): encoded now, into the cache the whole build reads.
    folder = new_profile(session, photos=True, photo_bytes=lambda data: data + b"\0 another photo")
    remembered = session.options.cache / "media" / "digests.json"  # photos' digests by stat signature
    before = set(json.loads(remembered.read_text()))
    written = session.changed_first({folder})
    # The other photos' digests are still remembered: the whole build does not read them all again.
    assert before < set(json.loads(remembered.read_text()))
    photos = [file for file in written if file.startswith("anh/")]
    assert photos and written[-1] == "ho-so/an-thi-moi-them/index.html"
    page = (out / written[-1]).read_text(encoding="utf-8")
    shown = set(re.findall(r'(?:src|srcset)="\.\./\.\./(anh/[^" ]+)', page))
    assert shown and all((out / url).is_file() for url in shown), shown
    session.build()
    built = (out / written[-1]).read_text(encoding="utf-8")
    assert built.split("</head>", 1)[1] == page.split("</head>", 1)[1]
    assert all((out / url).is_file() for url in shown)


def test_a_page_written_first_is_removed_by_the_build_when_its_profile_is_gone_meanwhile(session):
    folder = new_profile(session)
    assert session.changed_first({folder / "index.md", folder})
    shutil.rmtree(folder)
    session.build()
    assert not (session.options.out_dir / "ho-so" / "an-thi-moi-them").exists()


def another_profiles_name(session: ResidentSession) -> str:
    return profile_file(session, 3).read_text(encoding="utf-8").split("\nname: ", 1)[1].split("\n", 1)[0]


NEW_PROFILES_LEFT_TO_THE_BUILD = {
    "a draft": dict(change=lambda text: text.replace("status: published", "status: draft")),
    "an error": dict(change=lambda text: text.replace("\nname: ", "\nname: [", 1)),
    "a photo that cannot be read": dict(photos=True, photo_bytes=lambda data: b"not a JPEG" + data[:100]),
    "a related profile that is not public": dict(change=lambda text: text.replace(
        "\nstatus: ", "\nrelated:\n- khong-co-ho-so-nay\nstatus: ", 1)),
}


@pytest.mark.parametrize("case", NEW_PROFILES_LEFT_TO_THE_BUILD)
def test_a_new_profile_that_is_not_plainly_public_and_its_own_is_left_to_the_whole_build(session, case):
    folder = new_profile(session, **NEW_PROFILES_LEFT_TO_THE_BUILD[case])
    assert session.changed_first({folder / "index.md", folder}) == []
    assert not (session.options.out_dir / "ho-so" / "an-thi-moi-them").exists()


def test_a_new_profile_with_a_taken_name_or_address_is_left_to_the_whole_build(session):
    taken_id = profile_file(session, 3).read_text(encoding="utf-8").split("\nid: ", 1)[1].split("\n", 1)[0]
    folder = new_profile(session, given_id=taken_id)
    assert session.changed_first({folder / "index.md"}) == []
    shutil.rmtree(folder)
    folder = new_profile(session, name=another_profiles_name(session))  # the whole build may call it a duplicate
    assert session.changed_first({folder}) == []


def test_another_file_is_left_to_the_whole_build(session):
    content = session.options.content_dir
    assert session.changed_first({content / "taxonomies" / "fields.yml"}) == []
    assert session.changed_first({profile_file(session), content / "site.yml"}) == []
    folder = new_profile(session)
    assert session.changed_first({folder, profile_file(session).parent / "ghi-chu.txt"}) == []
