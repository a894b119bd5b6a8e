"""The preview's changed page first (pipeline/changed_first.py): a saved profile's page is written
before the whole build, from what the last build kept, and the whole build then writes the same
bytes; a change that shows on other pages is left to the whole build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE_TODAY

from site_builder.pipeline.resident import ResidentSession
from site_builder.pipeline.run import BuildOptions

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.synthetic import generate  # noqa: E402


@pytest.fixture
def session(tmp_path):
    content = generate(30, tmp_path / "content", photos="shared", words=60)
    options = BuildOptions(content, tmp_path / "preview", SAMPLE_TODAY, cache_dir=tmp_path / "cache", yearbook=False,
                           record_addresses=False, precompress=False)
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


def test_a_new_profile_or_another_file_is_left_to_the_whole_build(session):
    content = session.options.content_dir
    new = content / "profiles" / "zz-moi" / "index.md"
    new.parent.mkdir()
    new.write_text(profile_file(session).read_text(encoding="utf-8"), encoding="utf-8")
    assert session.changed_first({new}) == []
    assert session.changed_first({content / "taxonomies" / "fields.yml"}) == []
    assert session.changed_first({profile_file(session), content / "site.yml"}) == []
