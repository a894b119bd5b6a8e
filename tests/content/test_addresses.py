"""A page's address never moves, and the same exemplar entered twice is an error naming both files."""

from __future__ import annotations

import shutil

from conftest import VALID_PROFILE

from site_builder.content.addresses import ADDRESS_FILE, record_addresses
from site_builder.content.load import load_content

NAMESAKE_EARLIER = VALID_PROFILE.replace("15/03/2024", "02/01/2023").replace(
    "locality: ham-thuan-bac", "locality: la-gi").replace("unit: ubnd-huyen-ham-thuan-bac", "unit: ubnd-tx-la-gi")


def slugs_of(content):
    result, problems = load_content(content.root)
    assert not problems.errors, problems.errors
    return {p.display_path.split("/")[-2]: p.slug for p in result.profiles}, result


def publish_once(content):
    """What `site-builder build` does with the addresses it gave."""
    _, result = slugs_of(content)
    record_addresses(content.root, result.addresses)


def test_a_namesake_submitted_earlier_and_added_later_does_not_take_the_published_address(content):
    content.profile("hoa", VALID_PROFILE)
    publish_once(content)
    assert (content.root / ADDRESS_FILE).is_file()
    content.profile("a-hoa-la-gi", NAMESAKE_EARLIER)  # sorts first and was submitted first
    slugs, _ = slugs_of(content)
    assert slugs["hoa"] == "nguyen-thi-hoa"  # the published page keeps its address
    assert slugs["a-hoa-la-gi"] == "nguyen-thi-hoa-la-gi"


def test_without_the_record_the_earlier_submission_would_have_taken_it(content):
    content.profile("hoa", VALID_PROFILE)
    content.profile("a-hoa-la-gi", NAMESAKE_EARLIER)
    slugs, _ = slugs_of(content)
    assert slugs["a-hoa-la-gi"] == "nguyen-thi-hoa"  # which is why the record exists


def test_a_renamed_folder_keeps_its_address(content):
    content.profile("hoa", VALID_PROFILE)
    content.profile("hoa-la-gi", NAMESAKE_EARLIER.replace("02/01/2023", "01/06/2024"))
    publish_once(content)
    shutil.move(content.root / "profiles" / "hoa", content.root / "profiles" / "zz-nguyen-thi-hoa")
    slugs, result = slugs_of(content)
    assert slugs["zz-nguyen-thi-hoa"] == "nguyen-thi-hoa" and slugs["hoa-la-gi"] == "nguyen-thi-hoa-la-gi"
    assert result.addresses["nguyen-thi-hoa"].file == "profiles/zz-nguyen-thi-hoa/index.md"  # recorded anew


def test_an_address_whose_profile_was_deleted_is_not_given_to_another(content):
    content.profile("hoa", VALID_PROFILE)
    publish_once(content)
    shutil.rmtree(content.root / "profiles" / "hoa")
    content.profile("hoa-la-gi", NAMESAKE_EARLIER)
    slugs, _ = slugs_of(content)
    assert slugs["hoa-la-gi"] == "nguyen-thi-hoa-la-gi"


def test_a_copied_folder_is_an_error_naming_both_files(content):
    content.profile("hoa", VALID_PROFILE)
    content.profile("hoa - Copy", VALID_PROFILE)
    _, problems = load_content(content.root)
    errors = [str(e) for e in problems.errors]
    assert len(errors) == 1
    assert "profiles/hoa/index.md" in errors[0] and "profiles/hoa - Copy/index.md" in errors[0]
    assert "is entered twice" in errors[0] and "same name and locality" in errors[0]


def test_the_same_photo_in_two_profiles_is_said(content):
    content.profile("hoa", VALID_PROFILE + "photos: [{file: a.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("a.jpg",))
    other = VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn Bình")
    content.profile("binh", other + "photos: [{file: b.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("b.jpg",))
    _, problems = load_content(content.root)  # the two drawn photos are byte-identical
    assert not problems.errors  # two exemplars may share a photo of one event…
    assert any("is also a photo of Trần Văn Bình" in str(w) for w in problems.warnings)  # …but it is said
    content.profile("hoa-2", VALID_PROFILE.replace("locality: ham-thuan-bac", "locality: la-gi").replace(
                    "unit: ubnd-huyen-ham-thuan-bac", "unit: ubnd-tx-la-gi")
                   + "photos: [{file: c.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("c.jpg",))
    _, problems = load_content(content.root)  # one name, one photo: entered twice
    assert any("the same photo" in str(e) and "is entered twice" in str(e) for e in problems.errors)


def test_two_people_of_one_name_with_their_own_ids_stay_allowed(content):
    content.profile("hoa", VALID_PROFILE + "id: nguyen-thi-hoa\n")
    content.profile("hoa-2", VALID_PROFILE.replace("15/03/2024", "01/06/2024") + "id: nguyen-thi-hoa-2\n")
    slugs, _ = slugs_of(content)
    assert slugs == {"hoa": "nguyen-thi-hoa", "hoa-2": "nguyen-thi-hoa-2"}


def test_namesakes_with_ids_of_their_own_may_share_a_photo_which_is_said(content):
    content.profile("hoa", VALID_PROFILE + "id: nguyen-thi-hoa\nphotos: [{file: a.jpg, alt: Ảnh, credit: Tác giả}]\n",
                    photos=("a.jpg",))
    content.profile("hoa-2", VALID_PROFILE.replace("15/03/2024", "01/06/2024") + "id: nguyen-thi-hoa-2\n"
                    "photos: [{file: b.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("b.jpg",))
    _, problems = load_content(content.root)
    assert not problems.errors
    assert any("is also a photo of" in str(w) for w in problems.warnings)


def test_photo_digests_are_kept_by_stat_signature_between_checks(content, tmp_path):
    content.profile("hoa", VALID_PROFILE + "photos: [{file: a.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("a.jpg",))
    other = VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn Bình")
    content.profile("binh", other + "photos: [{file: b.jpg, alt: Ảnh, credit: Tác giả}]\n", photos=("b.jpg",))
    load_content(content.root, cache_dir=tmp_path / "cache")
    assert (tmp_path / "cache" / "photo-digests.json").is_file()
