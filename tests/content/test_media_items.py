"""A film, a radio piece or a photo story is content: checked like a profile, each mistake named
with its file and line, and a draft allowed to lack what publishing needs."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE_CONTENT, VALID_PROFILE

from site_builder.content.load import load_content

FILM = SAMPLE_CONTENT / "media" / "phong-su-vuon-thanh-long-vietgap"


@pytest.fixture
def with_film(content):
    """A content folder with one profile and the sample film, featuring it."""
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    shutil.copytree(FILM, content.root / "media" / FILM.name)
    return content


def edit(content, old: str, new: str, name: str = "index.md") -> None:
    path = content.root / "media" / FILM.name / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def media_problems(content) -> list[str]:
    loaded, problems = load_content(content.root)
    return [str(p) for p in problems.items if "/media/" in p.path or "programmes" in p.path]


def test_the_sample_film_is_read_with_its_programme_captions_credits_and_rights(with_film):
    loaded, problems = load_content(with_film.root)
    assert not problems.errors, problems.errors
    film, = loaded.media
    assert (film.kind, film.programme, film.profiles) == ("video", "nguoi-tot-viec-tot-truyen-hinh", ("nguyen-thi-hoa",))
    assert film.file.source.name == "phong-su.mp4"
    assert [c.role for c in film.credits] == ["Phóng viên", "Quay phim", "Dựng phim"]
    assert film.rights.holder.startswith("Đài Phát thanh")
    assert len(film.captions.cues) == 3 and film.captions.cues[0].start == 0
    assert loaded.programmes[film.programme].medium == "tv"


def test_a_programme_that_does_not_exist_is_an_error_with_a_suggestion(with_film):
    edit(with_film, "programme: nguoi-tot-viec-tot-truyen-hinh", "programme: nguoi-tot-viec-tot-truyen-hin")
    found, = media_problems(with_film)
    assert "index.md:7: error: 'programme': unknown programme code 'nguoi-tot-viec-tot-truyen-hin'" in found
    assert "did you mean 'nguoi-tot-viec-tot-truyen-hinh'" in found


def test_a_profile_slug_that_does_not_exist_is_an_error_with_a_suggestion(with_film):
    edit(with_film, "profiles: [nguyen-thi-hoa]", "profiles: [nguyen-thi-hao]")
    found, = media_problems(with_film)
    assert "index.md:21: error: 'profiles': no profile has the slug 'nguyen-thi-hao'" in found
    assert "did you mean 'nguyen-thi-hoa'" in found


def test_a_published_film_without_captions_is_an_error_and_a_draft_a_warning(with_film):
    edit(with_film, "captions: phu-de.vtt\n", "")
    found, = media_problems(with_film)
    assert ": error: 'captions': a film or a radio piece is published with its captions" in found
    edit(with_film, "status: published", "status: draft")
    found, = media_problems(with_film)
    assert ": warning: 'captions':" in found
    assert len(load_content(with_film.root)[0].media) == 1  # a draft without captions is still content


def test_a_published_film_without_rights_is_an_error(with_film):
    edit(with_film, "rights:\n  holder: Đài Phát thanh – Truyền hình tỉnh (mẫu)\n", "rights:\n")
    found = media_problems(with_film)
    assert any("error: 'rights.holder' is required and missing" in f for f in found), found


def test_the_gate_options_are_the_profiles_own(with_film):
    edit(with_film, "status: published", "status: publised")
    found, = media_problems(with_film)
    assert "'status': 'publised' is not one of draft, review, published, withdrawn" in found


def test_a_recording_that_is_not_there_is_named_with_the_files_that_are(with_film):
    edit(with_film, "file: phong-su.mp4", "file: phong-su.mp")
    found, = media_problems(with_film)
    assert "index.md:9: error: 'file': file 'phong-su.mp' not found in the item's folder" in found
    assert "phong-su.mp4" in found


def test_a_folder_name_that_is_not_a_slug_is_refused(with_film):
    (with_film.root / "media" / FILM.name).rename(with_film.root / "media" / "Phóng sự")
    found, = media_problems(with_film)
    assert "the folder 'Phóng sự' is the item's address" in found


def test_a_site_without_media_needs_no_programmes_file(content):
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    (content.root / "taxonomies" / "programmes.yml").unlink()
    loaded, problems = load_content(content.root)
    assert not problems.errors and loaded.media == () and loaded.programmes == {}
