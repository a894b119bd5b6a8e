"""Open data: every JSON file validates against the published JSON Schema, the
CSV files open in Excel and parse with the csv module, and nothing withheld or
private is ever in them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, SAMPLE_TODAY, VALID_PROFILE

from site_builder.content.load import load_content
from site_builder.content.text import format_date
from site_builder.media.photos import process_photos
from site_builder.press import open_data, open_data_csv
from site_builder.public.gate import publish
from site_builder.public.views import profile_views

NOTES = open_data.load_format_notes(REPO / "theme")


@pytest.fixture(scope="module")
def validator(sample_site):
    schema = json.loads((sample_site / open_data.SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def export_folder(content_folder, tmp_path, today: dt.date = SAMPLE_TODAY) -> open_data.OpenData:
    """Load a throwaway content folder and export it, as a build does."""
    content, problems = load_content(content_folder.root)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    publication = publish(content, today)
    photos = [ph for p in publication.profiles for ph in p.photos]
    media = process_photos(photos, tmp_path / "cache", content.site.original_photo_download)
    return open_data.export(publication, profile_views(publication, media.photos), NOTES)


# --- The sample site ------------------------------------------------------------------


def test_every_json_file_validates_against_the_schema(sample_site, sample, validator):
    files = [sample_site / open_data.ALL_JSON_PATH, sample_site / open_data.LOCALITIES_PATH,
             *sorted((sample_site / open_data.DATA_DIR / "ho-so").glob("*.json"))]
    assert len(files) == 2 + len(sample.profiles)
    for path in files:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], path.name


def test_the_schema_rejects_a_record_with_an_unlisted_field(sample_site, validator):
    single = json.loads((sample_site / open_data.DATA_DIR / "ho-so" / "dang-thi-anh-tuyet.json").read_text())
    single["profile"]["private"] = {"phone": "0900 000 000"}
    assert not validator.is_valid(single)
    del single["profile"]["private"]
    single["profile"]["awards"] = [{"award": "x"}]
    assert not validator.is_valid(single)


def test_all_profiles_file_lists_every_public_profile_in_vietnamese_order(sample_site, sample):
    data = json.loads((sample_site / open_data.ALL_JSON_PATH).read_text(encoding="utf-8"))
    assert data["format"] == open_data.FORMAT_NAME
    assert data["format_version"] == open_data.FORMAT_VERSION
    assert data["count"] == len(sample.profiles)
    assert [r["id"] for r in data["profiles"]] == [p.slug for p in sample.profiles]
    assert data["licences"]["data"] == {"name": "CC0 1.0",
                                        "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.vi"}
    assert data["updated"] == max(p.last_update for p in sample.profiles).isoformat()


def test_a_record_carries_the_public_facts_with_absolute_urls(sample_site, sample):
    profile = {p.slug: p for p in sample.profiles}["dang-thi-anh-tuyet"]
    record = json.loads((sample_site / open_data.profile_data_path(profile.slug)).read_text())["profile"]
    base = sample.content.site.base_url
    assert record["url"] == f"{base}ho-so/{profile.slug}/"
    assert record["data_url"] == f"{base}du-lieu/ho-so/{profile.slug}.json"
    assert record["name"] == profile.name and record["summary"] == profile.summary
    assert [a["decision"] for a in record["awards"]] == [a.decision for a in profile.awards]
    assert [a["date"] for a in record["awards"]] == [a.date.isoformat() for a in profile.awards]
    assert record["updated"] == profile.last_update.isoformat()
    assert len(record["photos"]) == len(profile.photos)
    for photo, source in zip(record["photos"], profile.photos):
        assert photo["credit"] == source.credit and photo["alt"] == source.alt
        for url in (photo["url"], photo["original"]["url"]):
            assert url.startswith(base)
            assert (sample_site / url[len(base):]).is_file()
    assert "<h2" in record["story_html"] or "<p>" in record["story_html"]


def test_records_keep_ids_and_list_old_addresses(sample_site, sample):
    data = json.loads((sample_site / open_data.ALL_JSON_PATH).read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in data["profiles"]}
    pinned = {p.slug: p for p in sample.profiles}["hop-tac-xa-thanh-long-ham-duc"]  # `id:` differs from the name's slug
    assert pinned.name == "Hợp tác xã Thanh long sạch Hàm Đức"
    assert by_id[pinned.slug]["name"] == pinned.name
    renamed = by_id["trung-tam-phuc-vu-hanh-chinh-cong-tinh"]
    assert renamed["aliases"] == ["trung-tam-hanh-chinh-cong-tinh-binh-thuan"]
    redirect = (sample_site / "ho-so" / renamed["aliases"][0] / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and "trung-tam-phuc-vu-hanh-chinh-cong-tinh/" in redirect


def test_csv_has_a_bom_one_row_per_profile_and_flattened_awards(sample_site, sample):
    rows = read_csv(sample_site / open_data.ALL_CSV_PATH)
    assert list(rows[0]) == list(NOTES["csv"])
    assert [r["id"] for r in rows] == [p.slug for p in sample.profiles]
    for row, profile in zip(rows, sample.profiles):
        assert row["name"] == profile.name
        assert row["award_decisions"] == "; ".join(a.decision for a in profile.awards)
        assert row["award_dates"] == "; ".join(a.date.isoformat() for a in profile.awards)
        assert row["award_names"] == "; ".join(a.award.name for a in profile.awards)
        assert row["field_codes"] == "; ".join(profile.fields)
        assert row["updated"] == profile.last_update.isoformat()
    multi = next(r for r in rows if len({p.slug: p for p in sample.profiles}[r["id"]].awards) > 1)
    assert multi["award_decisions"].count("; ") == len({p.slug: p for p in sample.profiles}[multi["id"]].awards) - 1


def test_csv_per_field_and_per_movement_hold_exactly_their_profiles(sample_site, sample):
    tax = sample.content.taxonomies
    for code in tax.fields:
        rows = read_csv(sample_site / open_data.field_csv_path(code))
        assert [r["id"] for r in rows] == [p.slug for p in sample.profiles if code in p.fields]
    for code in tax.movements:
        rows = read_csv(sample_site / open_data.movement_csv_path(code))
        assert [r["id"] for r in rows] == [p.slug for p in sample.profiles if code in p.movements]


def test_no_withheld_profile_or_private_value_in_any_data_file(sample_site, sample):
    files = sorted((sample_site / open_data.DATA_DIR).rglob("*.*"))
    texts = {p: p.read_text(encoding="utf-8-sig") for p in files if p.suffix in (".json", ".csv")}
    assert len(texts) > len(sample.profiles)
    public_names = {p.name for p in sample.profiles}
    for profile, _ in sample.withheld:
        for path, text in texts.items():
            assert f"/{profile.slug}/" not in text and f'"{profile.slug}"' not in text, path.name
            if profile.name not in public_names:
                assert profile.name not in text, path.name
    secrets = {str(v) for p in sample.content.profiles for v in p.private.values() if len(str(v)) >= 6}
    assert secrets
    for path, text in texts.items():
        assert [s for s in secrets if s in text] == [], path.name


# --- Format rules ---------------------------------------------------------------------


def test_every_field_of_the_format_is_described_and_the_change_log_matches_the_version(sample):
    schema = open_data.json_schema(sample.content.site, NOTES)  # KeyError on an undescribed field
    assert schema["version"] == open_data.FORMAT_VERSION
    assert NOTES["changes"][0]["version"] == open_data.FORMAT_VERSION
    assert all(isinstance(c["date"], dt.date) and c["text"].strip() for c in NOTES["changes"])
    names = [name for name, _, _ in open_data.schema_fields(schema)]
    assert set(NOTES["profile"]) == {n for n in names if "." not in n}
    assert "awards[].decision" in names and "photos[].credit" in names


def test_csv_columns_are_the_documented_ones():
    record = {
        "id": "a", "url": "u", "data_url": "d", "name": "n", "kind": {"code": "ca-nhan", "name": "Cá nhân"},
        "summary": "s", "fields": [], "movements": [], "locality": None, "current_locality": [], "unit": None,
        "stage": {"code": "tong-ket", "name": "Tổng kết"}, "year": 2024, "submitted": "2024-01-01",
        "publish_from": None, "updated": "2024-01-01", "featured": False, "achievements": [], "awards": [],
        "members": [], "photos": [], "sources": [], "corrections": [], "related": [], "aliases": [],
        "story_html": "",
    }
    assert list(open_data_csv.csv_row(record)) == list(NOTES["csv"])


def test_csv_cells_that_spreadsheets_would_run_as_formulas_are_neutralised():
    assert open_data_csv.csv_bytes([], ["id"]) == "\ufeffid\r\n".encode("utf-8")
    assert open_data_csv._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert open_data_csv._cell("+84 252") == "'+84 252"
    assert open_data_csv._cell("@SUM(A1)") == "'@SUM(A1)"
    assert open_data_csv._cell("Nguyễn Thị Hoa") == "Nguyễn Thị Hoa"


def test_a_renamed_profile_keeps_its_id_and_new_name(content, tmp_path):
    profile = VALID_PROFILE + "id: nguyen-thi-hoa\n"
    content.profile("hoa", profile)
    before = export_folder(content, tmp_path / "1").records
    content.profile("hoa", profile.replace("name: Nguyễn Thị Hoa", "name: Nguyễn Thị Hoà Bình")
                    + "aliases: [nguyen-thi-hoa-cu]\n")
    after = export_folder(content, tmp_path / "2").records
    assert list(before) == list(after) == ["nguyen-thi-hoa"]
    assert after["nguyen-thi-hoa"]["name"] == "Nguyễn Thị Hoà Bình"
    assert after["nguyen-thi-hoa"]["aliases"] == ["nguyen-thi-hoa-cu"]


def test_private_values_consent_and_withheld_profiles_never_reach_the_files(content, tmp_path):
    with_secrets = VALID_PROFILE.replace("consent: {given: true, date: 10/03/2024}", """
related: [tran-van-an]
private:
  phone: "SENTINEL-PHONE-0909"
  note: SENTINEL-NOTE
consent: {given: true, date: 01/02/2024}""")
    content.profile("hoa", with_secrets)
    content.profile("an", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Trần Văn An")
                    .replace("status: published", "status: review"))
    content.profile("binh", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Lê Văn Bình")
                    .replace("consent: {given: true, date: 10/03/2024}", "consent: {given: false}"))
    data = export_folder(content, tmp_path)
    assert list(data.records) == ["nguyen-thi-hoa"]
    assert data.records["nguyen-thi-hoa"]["related"] == []  # the related profile is in review
    blob = b"\n".join(data.files.values()).decode("utf-8")
    for secret in ("SENTINEL", "Trần Văn An", "tran-van-an", "Lê Văn Bình", "le-van-binh", "consent",
                   "2024-02-01", "01/02/2024", '"status"'):
        assert secret not in blob


def test_export_is_deterministic(content, tmp_path):
    content.profile("hoa", VALID_PROFILE + "photos: [{file: a.jpg, alt: Chị Hoa, credit: Báo mẫu}]\n",
                    photos=("a.jpg",))
    content.profile("anh", VALID_PROFILE.replace("name: Nguyễn Thị Hoa", "name: Âu Văn Ánh"))
    first = export_folder(content, tmp_path / "1").files
    second = export_folder(content, tmp_path / "2").files
    assert first == second


def test_dates_are_iso_in_data_and_dd_mm_yyyy_nowhere_in_json(sample_site, sample):
    text = (sample_site / open_data.ALL_JSON_PATH).read_text(encoding="utf-8")
    assert format_date(sample.profiles[0].submitted) not in text
    assert sample.profiles[0].submitted.isoformat() in text


# --- Localities with a history --------------------------------------------------------


def records_by_id(sample_site) -> dict[str, dict]:
    data = json.loads((sample_site / open_data.ALL_JSON_PATH).read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["profiles"]}


def test_a_profile_of_before_the_change_carries_its_district_as_recorded_and_the_communes_it_is_now(sample_site, sample):
    by_id = records_by_id(sample_site)
    profile = next(p for p in sample.profiles if p.locality == "ham-thuan-bac")  # submitted before 2025
    record = by_id[profile.slug]
    assert record["locality"] == {"code": "ham-thuan-bac", "name": "Huyện Hàm Thuận Bắc", "level": "district",
                                  "official_code": "597"}
    now = record["current_locality"]
    assert {loc["official_code"] for loc in now} == {"22933", "22960", "23059", "23065", "23074", "23086",
                                                     "23089", "23095"}  # the official conversion table's
    assert {"code": "xa-ham-thuan-bac", "name": "Xã Hàm Thuận Bắc", "level": "commune",
            "official_code": "23089"} in now
    assert all(loc["level"] == "commune" for loc in now)


def test_a_profile_recorded_under_a_new_commune_is_there_now_too(sample_site):
    record = records_by_id(sample_site)["le-van-hai"]
    assert record["locality"] == {"code": "dac-khu-phu-quy", "name": "Đặc khu Phú Quý", "level": "commune",
                                  "official_code": "23272"}
    assert record["current_locality"] == [record["locality"]]


def test_the_csv_adds_the_official_code_and_the_current_localities_at_the_end(sample_site, sample):
    rows = {row["id"]: row for row in read_csv(sample_site / open_data.ALL_CSV_PATH)}
    columns = list(next(iter(rows.values())))
    assert columns[-3:] == ["locality_official_code", "current_locality_codes", "current_localities"]
    profile = next(p for p in sample.profiles if p.locality == "phu-quy")
    row = rows[profile.slug]
    assert (row["locality_code"], row["locality"], row["locality_official_code"]) == (
        "phu-quy", "Huyện Phú Quý", "602")
    assert (row["current_locality_codes"], row["current_localities"]) == ("dac-khu-phu-quy", "Đặc khu Phú Quý")


def test_dia_phuong_json_holds_every_locality_with_its_whole_history(sample_site, sample, validator):
    data = json.loads((sample_site / open_data.LOCALITIES_PATH).read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    assert data["format_version"] == open_data.FORMAT_VERSION
    localities = sample.content.taxonomies.localities
    assert data["count"] == len(data["localities"]) == len(localities)
    assert [loc["code"] for loc in data["localities"]] == list(localities)  # the order of localities.yml
    by_code = {loc["code"]: loc for loc in data["localities"]}
    assert by_code["binh-thuan"] == {
        "code": "binh-thuan", "name": "Tỉnh Bình Thuận", "short_name": "Bình Thuận", "level": "province",
        "official_code": "60", "valid_from": None, "valid_to": "2025-06-30", "parent": None,
        "became": ["lam-dong"]}
    assert by_code["xa-bac-binh"] == {
        "code": "xa-bac-binh", "name": "Xã Bắc Bình", "short_name": None, "level": "commune",
        "official_code": "23005", "valid_from": "2025-07-01", "valid_to": None, "parent": "lam-dong",
        "became": []}
    assert "xa-bac-binh" in by_code["bac-binh"]["became"]


def test_the_data_page_lists_the_localities_file_and_its_fields(sample_site):
    page = (sample_site / open_data.DATA_DIR / "index.html").read_text(encoding="utf-8")
    assert "dia-phuong.json" in page and 'id="locality-fields"' in page
    assert "<code>became</code>" in page and "<code>current_locality</code>" in page


def test_before_the_change_a_district_is_its_own_current_locality(content, tmp_path):
    content.profile("hoa", VALID_PROFILE)  # Hàm Thuận Bắc, 15/03/2024
    record = export_folder(content, tmp_path / "before", today=dt.date(2025, 6, 30)).records["nguyen-thi-hoa"]
    assert [loc["code"] for loc in record["current_locality"]] == ["ham-thuan-bac"]
    record = export_folder(content, tmp_path / "after", today=dt.date(2025, 7, 1)).records["nguyen-thi-hoa"]
    assert "xa-ham-thuan-bac" in [loc["code"] for loc in record["current_locality"]]


def test_a_new_successor_in_localities_yml_changes_the_record_key(content, tmp_path):
    """The memo of serialised records must not keep a current locality that localities.yml changed."""
    from site_builder.content.model import Locality
    from site_builder.press.open_data import ExportContext, record_key

    content.profile("hoa", VALID_PROFILE)
    loaded, _ = load_content(content.root)
    profile = loaded.profiles[0]
    site, localities = loaded.site, loaded.taxonomies.localities
    one = ExportContext(site, frozenset(), localities, SAMPLE_TODAY)
    changed = dict(localities, **{"xa-ham-liem": Locality("xa-ham-liem", "Xã Hàm Liêm Mới", level="commune",
                                                         valid_from=dt.date(2025, 7, 1), parent="lam-dong")})
    other = ExportContext(site, frozenset(), changed, SAMPLE_TODAY)
    assert record_key("view", profile, one, []) != record_key("view", profile, other, [])
    assert record_key("view", profile, one, []) == record_key("view", profile, one, [])
