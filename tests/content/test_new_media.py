"""`site-builder new video|audio|photo-story`: a draft every field of which is explained, which
`check` accepts as it stands and which becomes content once filled in."""

from __future__ import annotations

import pytest
from conftest import REPO, VALID_PROFILE

from site_builder.content.diagnostics import ContentError
from site_builder.content.load import load_content
from site_builder.content.new_media import create_media_item


@pytest.mark.parametrize("kind", ["video", "audio", "photo-story"])
def test_a_new_item_is_a_draft_that_check_accepts_and_lists_what_it_lacks(content, kind):
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    loaded, _problems = load_content(content.root)
    target = create_media_item(loaded, kind, "Phóng sự  về chị Hoa", REPO / "theme")
    assert target == content.root / "media" / "phong-su-ve-chi-hoa" / "index.md"
    text = target.read_text(encoding="utf-8")
    assert f"kind: {kind}\n" in text and 'title: "Phóng sự về chị Hoa"' in text and "status: draft" in text
    assert "#   nguoi-tot-viec-tot-truyen-hinh: Người tốt – Việc tốt (truyền hình)" in text  # the programmes listed
    _loaded, problems = load_content(content.root)
    assert not problems.errors
    lacking = {p.message.split("'")[1] for p in problems.warnings if "media/" in p.path}
    assert {"summary", "programme", "aired", "credits", "rights.holder", "rights.permission"} <= lacking


def test_a_filled_in_draft_film_is_content(content):
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    loaded, _problems = load_content(content.root)
    target = create_media_item(loaded, "video", "Vườn thanh long", REPO / "theme")
    text = target.read_text(encoding="utf-8")
    for old, new in (('summary: ""', "summary: Phóng sự."), ('programme: ""', "programme: nguoi-tot-viec-tot-truyen-hinh"),
                     ('aired: ""', "aired: 16/03/2024"), ('file: ""', "file: phim.mp4"),
                     ("credits: []", "credits: [{role: Phóng viên, name: Trần Minh}]"),
                     ('holder: ""', "holder: Đài tỉnh"), ('permission: ""', "permission: Văn bản số 12")):
        text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    (target.parent / "phim.mp4").write_bytes(b"")
    loaded, problems = load_content(content.root)
    assert not problems.errors, problems.errors
    item, = loaded.media
    assert (item.title, item.status, item.captions) == ("Vườn thanh long", "draft", None)
    assert any("'captions': a film or a radio piece is published with its captions" in p.message
               for p in problems.warnings)


def test_an_existing_folder_is_never_overwritten(content):
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    loaded, _problems = load_content(content.root)
    create_media_item(loaded, "audio", "Chuyện kể", REPO / "theme")
    with pytest.raises(ContentError, match="already exists; nothing was overwritten"):
        create_media_item(loaded, "audio", "Chuyện kể", REPO / "theme")
