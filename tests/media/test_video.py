"""Films and radio pieces become web renditions without the metadata phones record; a recording
that cannot be published is an error naming its file; an unchanged one is never encoded again."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import pytest
from conftest import SAMPLE_CONTENT, VALID_PROFILE

from site_builder.content.load import load_content
from site_builder.media.video import process_recordings

FILM = SAMPLE_CONTENT / "media" / "phong-su-vuon-thanh-long-vietgap"
RADIO = SAMPLE_CONTENT / "media" / "chuyen-ke-hop-tac-xa-thanh-long"
# What a phone writes into its films: where, when and with what.
PHONE_TAGS = {"location": "+10.9280+108.1021/", "com.apple.quicktime.location.ISO6709": "+10.9280+108.1021/",
              "creation_time": "2024-03-01T08:00:00.000000Z", "com.apple.quicktime.make": "Apple",
              "com.apple.quicktime.model": "iPhone 15"}


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def all_tags(path) -> dict:
    report = json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams",
                                        str(path)], capture_output=True, text=True, check=True).stdout)
    tags = dict(report["format"].get("tags", {}))
    for stream in report["streams"]:
        tags.update({f"stream {stream['index']}: {k}": v for k, v in stream.get("tags", {}).items()})
    return tags


@pytest.fixture
def film(content):
    """A content folder with a profile and the sample film; gives (content, the film's folder)."""
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    folder = content.root / "media" / FILM.name
    shutil.copytree(FILM, folder)
    return content, folder


def encode(content, tmp_path, **limits):
    loaded, problems = load_content(content.root)
    assert not problems.errors, problems.errors
    site = dataclasses.replace(loaded.site, **limits)
    return process_recordings(list(loaded.media), tmp_path / "cache", site)


def test_a_phone_films_place_time_and_device_are_gone_from_every_rendition(film, tmp_path):
    content, folder = film
    tagged = folder / "phong-su.mp4"
    metadata = [arg for name, value in PHONE_TAGS.items() for arg in ("-metadata", f"{name}={value}")]
    ffmpeg("-i", str(FILM / "phong-su.mp4"), "-c", "copy", *metadata, "-metadata:s:v", "creation_time=2024-03-01T08:00:00Z",
           "-movflags", "use_metadata_tags", str(tagged))
    before = all_tags(tagged)
    assert {"location", "creation_time", "com.apple.quicktime.make", "com.apple.quicktime.model"} <= set(before)
    result = encode(content, tmp_path)
    assert not result.problems, result.problems
    rendition = result.files[result.recordings[FILM.name].url]
    after = all_tags(rendition)
    assert not [k for k in after if any(word in k for word in ("location", "creation_time", "make", "model", "date"))]
    assert not any(value in (before.get("location"), "Apple", "iPhone 15") for value in after.values())
    assert set(k.split(": ")[-1] for k in after) <= {"major_brand", "minor_version", "compatible_brands", "language",
                                                     "handler_name", "vendor_id", "encoder"}


def test_a_film_is_h264_and_aac_at_most_720_lines_with_its_index_first_and_a_poster(film, tmp_path):
    content, folder = film
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=1920x1080:rate=5", "-f", "lavfi", "-i", "sine=frequency=440",
           "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(folder / "phong-su.mp4"))
    (folder / "phu-de.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nXin chào\n", encoding="utf-8")
    result = encode(content, tmp_path)
    recording = result.recordings[FILM.name]
    assert (recording.width, recording.height, recording.mime_type) == (1280, 720, "video/mp4")
    assert recording.duration == pytest.approx(2.0, abs=0.1)
    data = result.files[recording.url].read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: it plays before it is all loaded
    streams = json.loads(subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_streams",
                                         str(result.files[recording.url])], capture_output=True, text=True).stdout)
    assert [s["codec_name"] for s in streams["streams"]] == ["h264", "aac"]
    assert recording.poster.source.is_file() and recording.poster in result.photos


def test_a_radio_piece_becomes_aac(content, tmp_path):
    content.profile("hop-tac-xa-thanh-long-ham-thuan-bac", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Hợp tác xã"))
    shutil.copytree(RADIO, content.root / "media" / RADIO.name)
    text = (content.root / "media" / RADIO.name / "index.md").read_text(encoding="utf-8")
    (content.root / "media" / RADIO.name / "index.md").write_text(
        text.replace("hop-tac-xa-thanh-long-ham-thuan-bac", "hop-tac-xa"), encoding="utf-8")
    result = encode(content, tmp_path)
    recording = result.recordings[RADIO.name]
    assert (recording.kind, recording.mime_type, recording.poster, recording.source_format) == ("audio", "audio/mp4", None, "mp3")
    assert recording.url.endswith(".m4a") and recording.bytes == result.files[recording.url].stat().st_size


def test_an_unchanged_recording_is_not_encoded_again(film, tmp_path):
    content, _folder = film
    first = encode(content, tmp_path)
    assert first.encoded == 1 and first.seconds_encoded > 10
    again = encode(content, tmp_path)
    assert (again.encoded, again.seconds_encoded) == (0, 0)
    assert again.recordings == first.recordings


@pytest.mark.parametrize("damage, message", [
    ("truncated", "'file': 'phong-su.mp4': the file is damaged or cut short ("),
    ("text", "'file': 'phong-su.mp4': ffmpeg cannot read this file (Invalid data found when processing input); "
             "export it again as MP4 (film) or MP3 (sound)"),
    ("photo", "'file': 'phong-su.mp4': this file holds no film (ffprobe finds "),
])
def test_a_recording_that_cannot_be_published_is_an_error_naming_it(film, tmp_path, damage, message):
    content, folder = film
    target = folder / "phong-su.mp4"
    if damage == "truncated":
        target.write_bytes((FILM / "phong-su.mp4").read_bytes()[:60_000])
    elif damage == "text":
        target.write_text("<html>not a film</html>")
    else:
        target.write_bytes((SAMPLE_CONTENT / "media" / "mot-ngay-cung-doi-canh-sat-pccc" / "anh-1.jpg").read_bytes())
    result = encode(content, tmp_path)
    problem, = result.problems
    assert problem.path.endswith(f"media/{FILM.name}/index.md") and problem.line == 9
    assert message in problem.message
    assert FILM.name not in result.recordings and not result.files


def test_a_recording_over_the_limits_of_site_yml_is_an_error(film, tmp_path):
    content, folder = film
    (folder / "phong-su.mp4").write_bytes((FILM / "phong-su.mp4").read_bytes() + bytes(1_400_000))
    problem, = encode(content, tmp_path, max_media_megabytes=1).problems
    assert problem.message.startswith("'file': 'phong-su.mp4' is 2 MB, over the limit of 1 MB set by "
                                      "'max_media_megabytes' in site.yml; send a smaller copy")
    (folder / "phong-su.mp4").write_bytes((FILM / "phong-su.mp4").read_bytes())
    problem, = encode(content, tmp_path, max_media_minutes=0).problems
    assert problem.message.startswith("'file': 'phong-su.mp4' lasts 0.2 minutes, over the limit of 0 set by "
                                      "'max_media_minutes' in site.yml")


def test_a_caption_past_the_end_of_the_recording_names_the_captions_file_and_line(film, tmp_path):
    content, folder = film
    captions = folder / "phu-de.vtt"
    captions.write_text(captions.read_text(encoding="utf-8") + "\n00:00:30.000 --> 00:00:32.000\nQuá giờ\n",
                        encoding="utf-8")
    problem, = encode(content, tmp_path).problems
    assert problem.path.endswith("phu-de.vtt") and problem.line == 12
    assert problem.message == ("this caption ends at 32.0 seconds, after the end of the recording (11.9 seconds); "
                               "correct its times")
