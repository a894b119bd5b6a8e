"""The council's editors' mistakes, each with what check answers (file, line, and the fix)."""

from __future__ import annotations

from conftest import REPO, VALID_PROFILE

from site_builder.common.messages import set_language
from site_builder.content.load import load_content
from site_builder.content.new_profile import create_profile

THEME = REPO / "theme"


def messages(content):
    result, problems = load_content(content.root)
    return result, [str(p) for p in problems.items]


def test_a_new_profile_is_a_draft_that_check_accepts_and_that_says_what_it_lacks(content):
    loaded, _ = load_content(content.root)
    path = create_profile(loaded, "ca-nhan", "Nguyễn Thị Thu Trang", THEME)
    assert path == content.root / "profiles" / "nguyen-thi-thu-trang" / "index.md"
    text = path.read_text(encoding="utf-8")
    assert "nong-nghiep: Nông nghiệp" in text and "status: draft" in text and "consent:" in text
    result, found = messages(content)
    assert not any(": error: " in m for m in found), found
    lacks = [m for m in found if "a draft may lack it" in m]
    assert {m.split("'")[1] for m in lacks} >= {"summary", "fields", "submitted"}
    assert result.incomplete_drafts == ("profiles/nguyen-thi-thu-trang/index.md",) or \
        result.incomplete_drafts[0].endswith("profiles/nguyen-thi-thu-trang/index.md")


def test_a_draft_is_held_to_every_rule_once_it_moves_to_review(content):
    loaded, _ = load_content(content.root)
    path = create_profile(loaded, "tap-the", "Hợp tác xã Thanh Long", THEME)
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: review"), encoding="utf-8")
    _, found = messages(content)
    assert any("'summary' is required and missing" in m and ": error: " in m for m in found), found


def test_new_refuses_to_overwrite_or_to_start_a_second_profile_of_one_name(content):
    content.profile("hoa", VALID_PROFILE)
    loaded, _ = load_content(content.root)
    import pytest

    from site_builder.content.diagnostics import ContentError
    with pytest.raises(ContentError) as same:
        create_profile(loaded, "ca-nhan", "nguyen thi hoa", THEME)
    assert "profiles/hoa/index.md" in str(same.value) and "already exists" in str(same.value)
    create_profile(loaded, "ca-nhan", "Trần Văn An", THEME)
    with pytest.raises(ContentError) as again:
        create_profile(loaded, "ca-nhan", "Trần Văn An", THEME)
    assert "nothing was overwritten" in str(again.value)
    with pytest.raises(ContentError):
        create_profile(loaded, "ca-nhan", "Tô Thị <script>alert(1)</script>Xét", THEME)


def test_a_name_written_where_a_code_is_expected_is_accepted_with_the_code_to_write(content):
    content.profile("hoa", VALID_PROFILE.replace("fields: [nong-nghiep]", "fields: [Y tế, nong nghiep]").replace(
        "movements: [nong-thon-moi]", "movements: [Người tốt, việc tốt]"))
    result, found = messages(content)
    assert result.profiles[0].fields == ("y-te", "nong-nghiep")
    assert result.profiles[0].movements == ("nguoi-tot-viec-tot",)
    assert any(":5: warning: 'fields[1]': 'Y tế' is the field 'Y tế'; write its code instead: y-te" in m
               for m in found), found
    assert any("'movements[1]': 'Người tốt, việc tốt'" in m and "nguoi-tot-viec-tot" in m for m in found)


def test_an_unknown_name_suggests_the_closest_one(content):
    content.profile("hoa", VALID_PROFILE.replace("fields: [nong-nghiep]", "fields: [Nông nghiệpp]"))
    _, found = messages(content)
    assert any("did you mean 'nong-nghiep' (Nông nghiệp)?" in m for m in found), found


def test_files_that_are_not_read_are_named_with_the_fix(content):
    folder = content.profile("hoa", VALID_PROFILE).parent
    for name in ("index.md.txt", "ho-so.docx", "ghi-chu.pdf"):
        (folder / name).write_bytes(b"x")
    _, found = messages(content)
    assert any("index.md.txt: warning: the file is named index.md.txt; rename it to index.md" in m for m in found)
    assert any("ho-so.docx: warning: Word files are not read; use site-builder import" in m for m in found)
    assert any("ghi-chu.pdf: warning: this file is not read" in m for m in found)


def test_the_messages_are_vietnamese_by_default(content):
    content.profile("hoa", VALID_PROFILE.replace("fields: [nong-nghiep]", "fields: [Y tế]"))
    set_language("vi")
    _, found = messages(content)
    assert any("'fields[1]': 'Y tế' là tên của lĩnh vực 'Y tế'; hãy viết mã thay cho tên: y-te" in m for m in found)


def yaml_mistake(content, front_matter: str) -> list[str]:
    folder = content.root / "profiles" / "p"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(f"---\n{front_matter}---\nCâu chuyện.\n", encoding="utf-8")
    return [str(p) for p in load_content(content.root)[1].errors if "profiles/p/" in p.path]


def test_a_tab_in_the_indentation_is_named_as_a_tab_on_its_line(content):
    found = yaml_mistake(content, "kind: ca-nhan\nconsent:\n\tgiven: true\n")
    assert found == [f"{content.root}/profiles/p/index.md:4: error: line 4 is indented with a tab; indent with "
                     "spaces (two per level), never tabs"] or found[0].endswith(
        "index.md:4: error: line 4 is indented with a tab; indent with spaces (two per level), never tabs")


def test_a_missing_colon_is_reported_on_the_line_where_it_is_missing(content):
    found = yaml_mistake(content, "kind: ca-nhan\nname Nguyễn Thị Hoa\nsummary: Nông dân.\n")
    assert len(found) == 1 and found[0].endswith(
        "index.md:3: error: line 3 has no ':' after the field's name; write it as 'name: value'"), found


def test_an_unclosed_quote_names_the_line_it_opens_on(content):
    found = yaml_mistake(content, 'kind: ca-nhan\nname: "Nguyễn Thị Hoa\nsummary: Nông dân.\n')
    assert len(found) == 1 and ":3: error: a quote opened on line 3 is not closed" in found[0], found


def test_a_date_that_does_not_exist_says_how_many_days_the_month_has(content):
    set_language("vi")
    found = yaml_mistake(content, VALID_PROFILE.replace("15/03/2024", "31/02/2024").strip() + "\n")
    assert any("'submitted': ngày 31/02/2024 không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày" in m for m in found)


def test_a_name_with_markup_is_an_error(content):
    content.profile("to", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Tô Thị <script>alert(1)</script>Xét"))
    _, found = messages(content)
    assert any(":3: error: 'name': contains markup ('<script>'); write plain text" in m for m in found), found


def test_what_word_pastes_unseen_is_cleaned_not_flagged_and_every_text_is_nfc(content):
    import unicodedata

    story = unicodedata.normalize("NFD", "Chị Hoa trồng thanh long\u00a0ruột đỏ, năng\u00adsuất cao.\u200b\n")
    content.profile("hoa", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Nguyễn\u00a0Thị Hoa"), story=story)
    result, found = messages(content)
    assert not [m for m in found if "not allowed" in m], found  # no false "HTML removed" warning
    profile = result.profiles[0]
    assert profile.name == "Nguyễn Thị Hoa"
    assert profile.story == "Chị Hoa trồng thanh long ruột đỏ, năngsuất cao.\n"
    assert unicodedata.is_normalized("NFC", profile.story_html) and "\u00a0" not in profile.story_html
