"""Validation: every class of mistake gets `path:line: error: 'field': message` with a fix."""

import datetime as dt
import os
import time
from pathlib import Path

from conftest import VALID_PROFILE

from site_builder.content.load import load_content


def problems_for(content, front_matter, **kwargs):
    path = content.profile("p", front_matter, **kwargs)
    result, problems = load_content(content.root)
    return result, problems, path


def lines(problems):
    return [str(p) for p in problems.sorted()]


def test_valid_profile_has_no_problems(content):
    result, problems, _ = problems_for(content, VALID_PROFILE)
    assert lines(problems) == []
    (profile,) = result.profiles
    assert profile.slug == "nguyen-thi-hoa"
    assert profile.submitted == dt.date(2024, 3, 15)
    assert profile.consent.given


def test_unknown_code_names_file_line_field_and_suggests(content):
    _, problems, path = problems_for(content, VALID_PROFILE.replace("[nong-nghiep]", "[nong-nghep]"))
    (error,) = problems.errors
    assert str(error) == (
        f"{error.path}:5: error: 'fields[1]': unknown field code 'nong-nghep' — did you mean "
        "'nong-nghiep'? (codes are listed in taxonomies/fields.yml)"
    )
    assert error.path.endswith("profiles/p/index.md")


def test_unknown_front_matter_key_is_an_error_with_suggestion(content):
    _, problems, _ = problems_for(content, VALID_PROFILE + "feilds: [y-te]\n")
    assert any("unknown field 'feilds' — did you mean 'fields'?" in m for m in lines(problems))


def test_missing_required_field(content):
    _, problems, _ = problems_for(content, VALID_PROFILE.replace("summary: Nông dân sản xuất thanh long VietGAP.\n", ""))
    assert any(":2: error: 'summary' is required and missing" in m for m in lines(problems))


def test_impossible_date_is_an_error_on_its_line(content):
    _, problems, _ = problems_for(content, VALID_PROFILE.replace("15/03/2024", "31/02/2023"))
    (error,) = problems.errors
    assert error.line == 9 and "'submitted': 31/02/2023 does not exist: month 2 of 2023 has 28 days" in error.message


def test_wrong_choice_lists_the_choices(content):
    _, problems, _ = problems_for(content, VALID_PROFILE.replace("status: published", "status: publised"))
    (error,) = problems.errors
    assert "'status': 'publised' is not one of draft, review, published, withdrawn — did you mean 'published'?" \
        in error.message


def test_missing_photo_is_reported_with_nearby_names(content):
    fm = VALID_PROFILE + "photos:\n  - file: anh-1.jpg\n    alt: Ảnh\n    credit: Ảnh mẫu\n"
    _, problems, _ = problems_for(content, fm, photos=("anh1.jpg",))
    (error,) = problems.errors
    assert error.line == 14
    assert "'photos[1].file': photo 'anh-1.jpg' not found next to the profile — did you mean 'anh1.jpg'?" \
        in error.message


def test_photo_outside_content_is_refused(content):
    for trick in ("../../../etc/passwd", "/etc/passwd"):
        fm = VALID_PROFILE + f"photos:\n  - file: {trick}\n    alt: Ảnh\n    credit: Ảnh mẫu\n"
        _, problems, _ = problems_for(content, fm)
        assert len(problems.errors) == 1
        assert "outside the content folder" in str(problems.errors[0]) or "absolute path" in str(problems.errors[0])


def test_photo_needs_alt_and_credit(content):
    fm = VALID_PROFILE + "photos:\n  - file: a.jpg\n"
    _, problems, _ = problems_for(content, fm, photos=("a.jpg",))
    messages = lines(problems)
    assert any("'photos[1].alt' is required" in m for m in messages)
    assert any("'photos[1].credit' is required" in m for m in messages)


def test_award_code_and_decision_checked(content):
    fm = VALID_PROFILE + "awards:\n  - award: bang-khen-chu-tich-ubnd-tinhh\n    date: 19/05/2023\n"
    _, problems, _ = problems_for(content, fm)
    messages = lines(problems)
    assert any("'awards[1].award': unknown award code 'bang-khen-chu-tich-ubnd-tinhh' — did you mean "
               "'bang-khen-chu-tich-ubnd-tinh'?" in m for m in messages)
    assert any("'awards[1].decision' is required" in m for m in messages)


def test_unsafe_source_url_is_refused(content):
    fm = VALID_PROFILE + "sources:\n  - title: Bài báo\n    url: javascript:alert(1)\n"
    _, problems, _ = problems_for(content, fm)
    assert any("'sources[1].url'" in m and "not a web address" in m for m in lines(problems))


def test_consent_missing_is_a_warning_that_explains_it_will_not_be_published(content):
    _, problems, _ = problems_for(content, VALID_PROFILE.replace("consent: {given: true, date: 10/03/2024}\n", ""))
    assert not problems.errors
    assert any("not published until 'consent.given: true'" in str(w) for w in problems.warnings)


def test_related_must_point_at_an_existing_profile(content):
    _, problems, _ = problems_for(content, VALID_PROFILE + "related: [nguyen-thi-hoaa]\n")
    assert any("'related': no profile has the slug 'nguyen-thi-hoaa'" in m for m in lines(problems))


def test_all_problems_are_reported_in_one_run(content):
    content.profile("a", VALID_PROFILE.replace("nong-nghiep", "nong-nghep"))
    content.profile("b", VALID_PROFILE.replace("ham-thuan-bac\n", "ham-thuan-bacc\n"))
    content.profile("c", "kind: [oops\n")
    _, problems = load_content(content.root)
    assert len({p.path for p in problems.errors}) == 3


def test_same_name_gets_distinct_stable_slugs(content):
    content.profile("first", VALID_PROFILE)
    content.profile("second", VALID_PROFILE.replace("15/03/2024", "20/06/2024").replace(
        "locality: ham-thuan-bac", "locality: la-gi").replace("unit: ubnd-huyen-ham-thuan-bac", "unit: ubnd-tx-la-gi"))
    result, problems = load_content(content.root)
    assert not problems.errors  # two people of one name, in two places: both allowed
    slugs = {p.display_path.split("/")[-2]: p.slug for p in result.profiles}
    assert slugs["first"] == "nguyen-thi-hoa"  # the earlier submission keeps the plain slug
    assert slugs["second"] == "nguyen-thi-hoa-la-gi"
    assert any("published as 'nguyen-thi-hoa-la-gi'" in str(w) for w in problems.warnings)


def test_id_overrides_slug_and_duplicates_are_errors(content):
    content.profile("a", VALID_PROFILE + "id: hoa-thanh-long\n")
    content.profile("b", VALID_PROFILE + "id: hoa-thanh-long\n")
    result, problems = load_content(content.root)
    assert any("'id': 'hoa-thanh-long' is also the id of" in str(e) for e in problems.errors)


def test_alias_cannot_take_a_live_slug(content):
    content.profile("a", VALID_PROFILE + "aliases: [tran-van-duc]\n")
    content.profile("b", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn Đức"))
    _, problems = load_content(content.root)
    assert any("'aliases': 'tran-van-duc' is the slug of another profile" in str(e) for e in problems.errors)


def test_taxonomy_mistakes_are_reported(content):
    fields = content.root / "taxonomies" / "fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8") + "- code: Nong Nghiep\n  name: X\n- code: y-te\n  name: Y\n",
                      encoding="utf-8")
    _, problems = load_content(content.root)
    messages = lines(problems)
    assert any("is not a slug" in m for m in messages)
    assert any("code 'y-te' is used twice" in m for m in messages)


def test_fixed_kind_codes_cannot_be_renamed(content):
    kinds = content.root / "taxonomies" / "kinds.yml"
    kinds.write_text(kinds.read_text(encoding="utf-8").replace("code: ho-gia-dinh", "code: ho-gd"), encoding="utf-8")
    _, problems = load_content(content.root)
    assert any("missing code(s) ho-gia-dinh" in str(e) for e in problems.errors)


def test_private_values_are_kept_apart(content):
    result, _, _ = problems_for(content, VALID_PROFILE + "private:\n  phone: '0900'\n")
    assert result.profiles[0].private == {"phone": "0900"}


def test_missing_licence_is_an_error_not_a_crash(content):
    site = content.root / "site.yml"
    text = site.read_text(encoding="utf-8")
    start = text.index("  photos:\n", text.index("licences:"))
    end = text.index("\n", text.index("url:", start)) + 1
    site.write_text(text[:start] + text[end:], encoding="utf-8")
    result, problems = load_content(content.root)
    assert result is None
    assert any("'licences.photos' is required and missing" in str(e) for e in problems.errors)


def test_the_validation_cache_rewrites_only_the_file_holding_a_changed_profile(content, tmp_path):
    path = content.profile("p", VALID_PROFILE)
    for i in range(20):
        content.profile(f"q{i}", VALID_PROFILE.replace("Nguyễn Thị Hoa", f"Nguyễn Thị Hoa {i}", 1))
    cache_dir = tmp_path / "cache"
    first, problems = load_content(content.root, cache_dir)
    assert lines(problems) == []

    def written() -> dict[str, tuple[int, int]]:
        return {f.name: (f.stat().st_mtime_ns, f.stat().st_ino) for f in (cache_dir / "validation").iterdir()}

    before = written()
    assert 1 < len(before) <= 21  # the profiles spread over several files
    again, _ = load_content(content.root, cache_dir)  # nothing changed: same model, files untouched
    assert again.profiles == first.profiles
    assert written() == before

    path.write_text(path.read_text(encoding="utf-8").replace("Nông dân sản xuất", "Nông dân trồng"),
                    encoding="utf-8")
    edited, _ = load_content(content.root, cache_dir)  # the edit is seen, and remembered
    assert [p.summary for p in edited.profiles if p.name == "Nguyễn Thị Hoa"] == ["Nông dân trồng thanh long VietGAP."]
    after = written()
    assert after.keys() == before.keys()
    assert sum(after[name] != before[name] for name in before) == 1  # one file written again
    assert load_content(content.root, cache_dir)[0].profiles == edited.profiles


def test_a_profile_file_whose_stat_is_unchanged_is_not_read_again_and_an_edit_is_always_seen(
        content, tmp_path, monkeypatch):
    path = content.profile("p", VALID_PROFILE)
    a_minute_ago = time.time() - 60
    os.utime(path, (a_minute_ago, a_minute_ago))  # not written "just now" (see content.load.RACY_NS)
    cache_dir = tmp_path / "cache"
    first, _ = load_content(content.root, cache_dir)
    reads = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real_read_bytes(self))
    again, _ = load_content(content.root, cache_dir)
    assert again.profiles == first.profiles
    assert path not in reads
    # The same size, the same modification time: the inode and the change time still tell.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Nông dân sản xuất", "Nông dân sản xuấT"), encoding="utf-8")
    os.utime(path, (a_minute_ago, a_minute_ago))
    edited, _ = load_content(content.root, cache_dir)
    assert edited.profiles[0].summary == "Nông dân sản xuấT thanh long VietGAP."
    assert path in reads


def test_profiles_checked_on_several_cores_give_the_same_model_and_messages_in_the_same_order(content):
    for i in range(6):
        content.profile(f"p{i}", VALID_PROFILE.replace("Nguyễn Thị Hoa", f"Nguyễn Thị Hoa {i}"))
    content.profile("bad-code", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn Đức").replace("[nong-nghiep]", "[nong-nghep]"))
    content.profile("bad-yaml", "name: [unclosed\n")
    one_core, one_core_problems = load_content(content.root, parallel_from=10**9)
    several, several_problems = load_content(content.root, parallel_from=1)
    assert several.profiles == one_core.profiles and len(several.profiles) == 6
    assert [p.fingerprint for p in several.profiles] == [p.fingerprint for p in one_core.profiles]
    assert lines(several_problems) == lines(one_core_problems)
    assert [str(p) for p in several_problems.items] == [str(p) for p in one_core_problems.items]
    assert len(several_problems.errors) >= 2


def test_a_photo_is_told_by_its_first_bytes_not_its_name(tmp_path):
    from PIL import Image

    from site_builder.content.profiles import photo_format

    for pillow_name, expected in (("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP"), ("GIF", "GIF"),
                                  ("TIFF", "TIFF")):
        path = tmp_path / f"photo-{pillow_name}.jpg"  # the name says .jpg whatever the format
        Image.new("RGB", (8, 8), (200, 30, 30)).save(path, pillow_name)
        assert photo_format(path) == expected
    html = tmp_path / "saved-page.jpg"
    html.write_text("<html>not a photo</html>", encoding="utf-8")
    assert photo_format(html) is None
    assert photo_format(tmp_path / "missing.jpg") is None
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert photo_format(tmp_path / "empty.jpg") is None
