"""The yearbook's plan: which profiles a period holds, how they are arranged, and
what editors are told when content/yearbook/yearbook.yml is wrong."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import pytest
from conftest import REPO, SAMPLE_CONTENT, VALID_PROFILE

from site_builder.content.diagnostics import Problems
from site_builder.content.load import load_content
from site_builder.content.text import sort_key
from site_builder.public.gate import publish
from site_builder.site.renderer import load_labels
from site_builder.yearbook.book import (
    Edition,
    letter_of,
    load_settings,
    plan_book,
    select,
)

LABELS = load_labels(REPO / "theme")
PLAN_PERIOD = Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def settings(sample):
    problems = Problems()
    loaded = load_settings(SAMPLE_CONTENT, problems)
    assert not problems.items, problems.sorted()
    return loaded


def write_settings(content, text: str):
    folder = content.root / "yearbook"
    folder.mkdir(exist_ok=True)
    shutil.copy(SAMPLE_CONTENT / "yearbook" / "emblem.png", folder / "emblem.png")
    (folder / "loi-noi-dau.md").write_text("Lời nói đầu.\n", encoding="utf-8")
    (folder / "yearbook.yml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def settings_problems(content, text: str) -> list[str]:
    write_settings(content, text)
    problems = Problems()
    load_settings(content.root, problems)
    return [str(p) for p in problems.sorted()]


# --- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize("edition, slug, label", [
    (Edition.year(2025), "2025", "Năm 2025"),
    (PLAN_PERIOD, "2022-2025", "Giai đoạn 2022 – 2025"),
    (Edition(dt.date(2022, 3, 15), dt.date(2024, 6, 30)), "20220315-20240630", "Từ 15/03/2022 đến 30/06/2024"),
])
def test_a_period_names_its_files_and_says_what_it_covers(edition, slug, label):
    assert edition.slug == slug
    assert edition.label(LABELS) == label


def test_a_period_holds_the_public_profiles_published_in_it(sample):
    in_2024 = select(sample, Edition.year(2024))
    assert in_2024.profiles
    assert all(p.published_on.year == 2024 for p in in_2024.profiles)
    assert set(in_2024.profiles) <= set(sample.profiles)  # only through the editorial gate
    everything = select(sample, PLAN_PERIOD)
    withheld = {p.slug for p, _ in sample.withheld}
    assert not withheld & {p.slug for p in everything.profiles}
    by_year = sum(len(select(sample, Edition.year(y)).profiles) for y in range(2022, 2026))
    assert by_year == len(everything.profiles)


def test_an_embargoed_profile_belongs_to_the_period_of_its_publication(content):
    content.profile("hoa", VALID_PROFILE + "publish_from: 01/02/2025\n")
    loaded, problems = load_content(content.root)
    assert not problems.errors
    publication = publish(loaded, dt.date(2025, 6, 1))
    assert [p.name for p in select(publication, Edition.year(2025)).profiles] == ["Nguyễn Thị Hoa"]
    assert select(publication, Edition.year(2024)).profiles == ()


# --- the arrangement ------------------------------------------------------------------------


def test_chapters_follow_the_plans_field_order_and_hold_each_profile_once(sample, settings):
    book = plan_book(sample, settings, PLAN_PERIOD, {}, LABELS)
    order = list(sample.content.taxonomies.fields)
    codes = [c.term.code for c in book.chapters]
    assert codes == sorted(codes, key=order.index)
    assert [c.number for c in book.chapters] == list(range(1, len(book.chapters) + 1))
    printed = [e.profile.slug for e in book.entries]
    assert sorted(printed) == sorted(p.slug for p in select(sample, PLAN_PERIOD).profiles)
    assert len(printed) == len(set(printed))
    for chapter in book.chapters:
        for entry in chapter.entries:
            assert entry.profile.fields[0] == chapter.term.code
        for entry in chapter.see_also:  # other fields point to the chapter that prints the profile
            assert chapter.term.code in entry.profile.fields[1:]


def test_inside_a_chapter_profiles_are_grouped_by_movement_in_plan_order(sample, settings):
    book = plan_book(sample, settings, PLAN_PERIOD, {}, LABELS)
    movements = list(sample.content.taxonomies.movements)
    for chapter in book.chapters:
        keys = [movements.index(g.term.code) if g.term else len(movements) for g in chapter.groups]
        assert keys == sorted(keys)
        for group in chapter.groups:
            names = [e.view.name for e in group.entries]
            assert names == sorted(names, key=sort_key)
            for entry in group.entries:
                assert (entry.profile.movements[:1] or [None])[0] == (group.term.code if group.term else None)


def test_the_index_lists_every_name_under_its_vietnamese_letter(sample, settings):
    book = plan_book(sample, settings, PLAN_PERIOD, {}, LABELS)
    letters = [entry.letter for entry in book.index]
    assert letters == sorted(letters, key=sort_key)
    assert sum(len(entry.entries) for entry in book.index) == book.profile_count
    for letter in book.index:
        assert all(letter_of(e.view.name) == letter.letter for e in letter.entries)


@pytest.mark.parametrize("name, letter", [("Ánh", "A"), ("Ấn", "Â"), ("ăn", "Ă"), ("Đặng", "Đ"), ("Ổi", "Ô"),
                                          ("Ưng", "Ư"), ("Dũng", "D")])
def test_index_letters_keep_vowel_marks_and_drop_tones(name, letter):
    assert letter_of(name) == letter


def test_the_books_date_and_identifier_come_from_the_content(sample, settings):
    book = plan_book(sample, settings, PLAN_PERIOD, {}, LABELS)
    newest = max([p.last_update for p in select(sample, PLAN_PERIOD).profiles] + [settings.updated])
    assert book.modified == newest
    again = plan_book(sample, settings, PLAN_PERIOD, {}, LABELS)
    assert book.identifier == again.identifier and book.identifier.startswith("urn:uuid:")
    assert plan_book(sample, settings, Edition.year(2024), {}, LABELS).identifier != book.identifier


# --- settings ------------------------------------------------------------------------------


def test_the_sample_settings_are_valid(settings):
    assert settings.title and settings.emblem and settings.emblem.is_file()
    assert "Hội đồng Thi đua" in settings.foreword
    assert settings.editions == (Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31), settings.editions[0].title),)


def test_settings_mistakes_name_file_line_field_and_fix(content):
    problems = settings_problems(content, """
        title: Kỷ yếu
        emblem: bieu-trung.png
        foreword: loi-noi-dau.md
        subtitel: x
        editions:
          - year: 2024
            from: 01/01/2024
          - from: 31/12/2025
            to: 01/01/2022
          - title: Thiếu kỳ
    """)
    path = "yearbook/yearbook.yml"
    assert any(path in p and ":2: error: 'emblem': file 'bieu-trung.png' not found" in p
               and "did you mean 'emblem.png'" in p for p in problems), problems
    assert any(":4: error: unknown field 'subtitel' — did you mean 'subtitle'?" in p for p in problems), problems
    assert any(":6: error: 'editions[1]': give either 'year' or 'from' and 'to', not both" in p for p in problems)
    assert any(":8: error: 'editions[2]': 'to' (01/01/2022) is before 'from' (31/12/2025); swap them" in p
               for p in problems), problems
    assert any(":10: error: 'editions[3]': give 'year: 2025'" in p for p in problems), problems


def test_an_emblem_needs_its_alt_text_and_files_stay_inside_content(content):
    problems = settings_problems(content, """
        title: Kỷ yếu
        emblem: emblem.png
        foreword: ../../etc/passwd.md
    """)
    assert any(":2: error: 'emblem_alt' is required with 'emblem'" in p for p in problems), problems
    assert any(":3: error: 'foreword': '../../etc/passwd.md' points outside the content folder" in p
               for p in problems), problems


def test_settings_file_missing_is_reported_with_the_fix(content):
    problems = Problems()
    assert load_settings(content.root, problems) is None
    assert "the yearbook settings file is missing" in str(problems.sorted()[0])


# --- the publisher of the period (site.yml's council with dates) ----------------------------------


def test_each_yearbook_names_the_publisher_of_its_period(sample, settings):
    assert settings.publisher == ""  # the sample's yearbook.yml leaves it to site.yml
    book_2024 = plan_book(sample, settings, Edition.year(2024), {}, LABELS)
    assert book_2024.publisher == "Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận"
    # A period that ends after 01/07/2025 is published by the new province's council.
    assert plan_book(sample, settings, PLAN_PERIOD, {}, LABELS).publisher == "Hội đồng Thi đua – Khen thưởng tỉnh Lâm Đồng"
    first_half = Edition(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert plan_book(sample, settings, first_half, {}, LABELS).publisher == "Hội đồng Thi đua – Khen thưởng tỉnh Bình Thuận"


def test_a_publisher_written_in_yearbook_yml_names_every_edition(sample, settings):
    from dataclasses import replace

    written = replace(settings, publisher="Nhà xuất bản Mẫu")
    assert plan_book(sample, written, Edition.year(2024), {}, LABELS).publisher == "Nhà xuất bản Mẫu"
    assert plan_book(sample, written, PLAN_PERIOD, {}, LABELS).publisher == "Nhà xuất bản Mẫu"
