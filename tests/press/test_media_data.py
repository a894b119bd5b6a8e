"""The films, radio pieces and photo stories in the open data: phong-su.json valid against its
published schema, the CSV one row per item, every address one the site serves, the duration
ffprobe read, and nothing but the allowlist (no consent, no status, no private value)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlsplit

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import assert_nothing_withheld_or_private

from site_builder.press import media_data

FILM, RADIO, STORY = "phong-su-vuon-thanh-long-vietgap", "chuyen-ke-hop-tac-xa-thanh-long", "mot-ngay-cung-doi-canh-sat-pccc"


@pytest.fixture(scope="module")
def data(sample_site) -> dict:
    return json.loads((sample_site / media_data.JSON_PATH).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(sample_site):
    schema = json.loads((sample_site / media_data.SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def served(site, url: str):
    """The file of the site an absolute address of the sample points at."""
    path = urlsplit(url).path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def test_the_file_validates_against_its_schema_and_lists_every_public_item_newest_first(data, validator):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["format"] == media_data.FORMAT_NAME and data["count"] == 3
    assert [item["id"] for item in data["items"]] == [STORY, RADIO, FILM]  # aired 22/05, 05/04, 16/03/2024
    assert data["updated"] == "2024-05-22"


def test_the_schema_rejects_a_field_outside_the_allowlist(data, validator):
    item = json.loads(json.dumps(data["items"][0]))
    item["consent"] = {"given": True}
    assert not validator.is_valid({**data, "items": [item]})
    assert not validator.is_valid({**data, "items": [{**data["items"][0], "duration": "11 giây"}]})


def test_a_film_record_carries_its_programme_rendition_captions_credits_rights_and_profiles(sample_site, data):
    film = {item["id"]: item for item in data["items"]}[FILM]
    assert film["kind"] == "video" and film["aired"] == film["published"] == "2024-03-16"
    assert film["programme"] == {"code": "nguoi-tot-viec-tot-truyen-hinh", "name": "Người tốt – Việc tốt (truyền hình)",
                                 "station": "Đài Phát thanh – Truyền hình tỉnh (mẫu)", "medium": "tv"}
    (rendition,) = film["renditions"]
    assert rendition["type"] == "video/mp4" and rendition["height"] <= 720
    assert served(sample_site, rendition["url"]).stat().st_size == rendition["bytes"]
    assert 1 < film["duration"] < 60  # seconds, as ffprobe read them
    assert served(sample_site, film["captions"]["url"]).read_text(encoding="utf-8").startswith("WEBVTT")
    page = BeautifulSoup(served(sample_site, film["url"]).read_text(encoding="utf-8"), "html.parser")
    assert page.find(id=film["transcript_url"].split("#")[1]) is not None
    assert served(sample_site, film["poster"]["url"]).is_file()
    assert [c["role"] for c in film["credits"]] == ["Phóng viên", "Quay phim", "Dựng phim"]
    assert film["rights"]["holder"] == "Đài Phát thanh – Truyền hình tỉnh (mẫu)"
    assert film["profiles"] == ["nguyen-thi-hoa"]
    assert all(served(sample_site, f"https://x/ho-so/{slug}/").is_file() for slug in film["profiles"])


def test_a_photo_story_has_its_photos_in_order_and_no_recording(sample_site, data):
    story = {item["id"]: item for item in data["items"]}[STORY]
    assert story["duration"] is None and story["renditions"] == [] and story["captions"] is None
    assert story["transcript_url"] is None
    assert [p["caption"][:12] for p in story["photos"]] == ["Buổi sáng, đ", "Buổi chiều, "]
    assert all(served(sample_site, p["url"]).is_file() for p in story["photos"])


def test_the_csv_has_a_bom_one_row_per_item_and_the_json_s_values(sample_site, data):
    raw = (sample_site / media_data.CSV_PATH).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(media_data.CSV_COLUMNS)
    assert [r["id"] for r in rows] == [item["id"] for item in data["items"]]
    radio = rows[1]
    record = data["items"][1]
    assert (radio["kind"], radio["programme_code"], radio["aired"]) == ("audio", "guong-sang-giua-doi-thuong", "2024-04-05")
    assert float(radio["duration_seconds"]) == record["duration"]
    assert radio["rendition_type"] == "audio/mp4" and int(radio["rendition_bytes"]) == record["renditions"][0]["bytes"]
    assert radio["credits"] == "Biên tập viên: Ngô Lan (tên mẫu); Kỹ thuật viên: Đỗ Hùng (tên mẫu)"
    assert radio["profiles"] == "hop-tac-xa-thanh-long-ham-thuan-bac"


def test_nothing_withheld_or_private_and_no_gate_field_in_the_files(sample_site, sample):
    for path in (media_data.JSON_PATH, media_data.CSV_PATH):
        text = (sample_site / path).read_text(encoding="utf-8")
        assert_nothing_withheld_or_private(text, sample)
        for key in ("consent", "status", "publish_from", "index.md", "chuong-trinh.mp3"):
            assert key not in text, (path, key)


def test_the_data_page_and_the_press_page_offer_the_three_files(sample_site):
    for url in ("du-lieu", "bao-chi"):
        html = BeautifulSoup((sample_site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = {a["href"].rsplit("/", 1)[-1] for a in html.select("a[href]")}
        assert {"phong-su.json", "phong-su.csv", "phong-su.schema.json"} <= links, url


def test_a_site_without_public_reportage_has_no_media_file(sample):
    assert media_data.export([], sample, {}) == {}
