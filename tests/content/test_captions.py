"""Captions are read from WebVTT or SRT, checked line by line, and served as WebVTT."""

from __future__ import annotations

from site_builder.content.captions import read_captions
from site_builder.content.diagnostics import Problems


def read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    return read_captions(path, name, problems), [str(p) for p in problems.items]


def test_srt_is_accepted_and_converted_to_webvtt(tmp_path):
    captions, problems = read(tmp_path, "a.srt", "1\n00:00:00,000 --> 00:00:01,500\nXin chào\n\n"
                                                 "2\n00:00:01,800 --> 00:00:03,000\nbà con\nxã Hàm Đức\n")
    assert not problems
    assert captions.webvtt() == ("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nXin chào\n\n"
                                 "00:00:01.800 --> 00:00:03.000\nbà con\nxã Hàm Đức\n")
    assert captions.transcript() == ["Xin chào", "bà con xã Hàm Đức"]
    assert captions.end == 3.0


def test_an_srt_with_a_malformed_time_names_the_line(tmp_path):
    captions, problems = read(tmp_path, "a.srt", "1\n00:00:00,000 --> 00:00:01,500\nMột\n\n"
                                                 "2\n00:00:02.000 --> 00:00:03,000\nHai\n")
    assert captions is None
    assert problems == ["a.srt:6: error: '00:00:02.000' is not a time; write hours:minutes:seconds,milliseconds, "
                        "like 00:01:02,500"]


def test_timestamps_that_go_backwards_are_an_error(tmp_path):
    captions, problems = read(tmp_path, "a.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nMột\n\n"
                                                 "00:00:02.000 --> 00:00:03.000\nHai\n")
    assert captions is None
    assert problems == ["a.vtt:6: error: this caption starts at 00:00:02.000, before the one above it "
                        "(00:00:05.000, line 3); captions must be in time order"]


def test_a_cue_that_ends_before_it_starts_and_a_missing_header_are_errors(tmp_path):
    _captions, problems = read(tmp_path, "a.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nMột\n")
    assert problems == ["a.vtt:3: error: this caption ends (00:00:04.000) before it starts (00:00:05.000)"]
    _captions, problems = read(tmp_path, "b.vtt", "00:00:01.000 --> 00:00:04.000\nMột\n")
    assert problems == ["b.vtt:1: error: a WebVTT file must start with the line WEBVTT; add it as the first line"]


def test_caption_text_is_published_in_nfc(tmp_path):
    decomposed = "Ho\u0323c ta\u0302\u0323p"  # "Học tập" typed with combining marks
    captions, problems = read(tmp_path, "a.vtt", f"WEBVTT\n\nNOTE a comment\n\n00:01.000 --> 00:02.000 line:90%\n{decomposed}\n")
    assert not problems
    assert captions.cues[0].text == "Học tập" and captions.cues[0].start == 1.0
