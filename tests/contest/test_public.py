"""What the public may see of a contest, and when."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_CONTENT, SAMPLE_TODAY
from support.contest import contest_folder, contest_root, edit, entry_file, load, taxonomies  # noqa: F401 (fixtures)

from site_builder.contest.public import public_contest
from site_builder.media.photos import process_photos
from site_builder.media.video import leftover_tags, process_recordings
from site_builder.press.contest_data import contest_files
from site_builder.site import contests as contest_pages
from site_builder.site.renderer import Renderer, load_labels


def sample_contest(taxonomies):
    return load(SAMPLE_CONTENT, taxonomies)[0][0]


def test_before_the_results_only_the_rules_timeline_and_counts(sample, taxonomies):
    view = public_contest(sample_contest(taxonomies), replace(sample, today=dt.date(2026, 6, 19)))
    assert not view.results_out and view.winners == () and view.jury == ()
    assert view.received == 12
    assert [(g.code, n) for g, n in view.by_genre] == [("bai-viet", 6), ("phat-thanh-truyen-hinh", 3), ("anh", 3)]
    assert sum(n for _, n in view.by_locality) == 12
    assert view.by_locality[0] == ("Đặc khu Phú Quý", 1)  # Vietnamese order: Đ after D, before P and X


def test_after_the_results_the_winners_in_prize_order_with_consent_and_public_profiles_only(sample, taxonomies):
    view = public_contest(sample_contest(taxonomies), sample)
    assert sample.today == SAMPLE_TODAY and view.results_out
    assert [(w.code, w.prize) for w in view.winners] == [
        ("GNT-0001", "Giải Nhất"), ("GNT-0002", "Giải Nhì"), ("GNT-0003", "Giải Ba"),
        ("GNT-0004", "Giải Khuyến khích"), ("GNT-0005", "Giải Khuyến khích")]
    first, *_, photos = view.winners
    assert first.profile_url == "ho-so/le-van-hai/" and first.page_url == "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0001/"
    assert photos.page_url == "" and photos.text == ""  # its author did not consent to publish it
    assert [j.name for j in view.jury] == ["Trần Quang Vinh", "Lê Thị Thu Hà", "Phan Minh Đức"]


def test_a_profile_not_public_is_not_linked(sample, taxonomies):
    contest = sample_contest(taxonomies)
    first = contest.entries[0]
    exemplar = replace(first.exemplar, profile="tram-y-te-xa-da-mi")  # 'status: review'
    contest = replace(contest, entries=(replace(first, exemplar=exemplar), *contest.entries[1:]))
    assert public_contest(contest, sample).winners[0].profile_url == ""


def test_the_day_before_the_results_no_page_data_file_or_feed_names_a_juror_or_a_winner(sample, taxonomies, tmp_path):
    contest = sample_contest(taxonomies)
    day_before = replace(sample, today=contest.results_on - dt.timedelta(days=1))
    renderer = Renderer(REPO / "theme" / "templates", load_labels(REPO / "theme"), sample.content.site)
    views = [public_contest(contest, day_before)]
    assert contest_pages.published_media(views) == []  # no photo or recording of any entry to publish yet
    outputs = {d.url: d.body.encode() for d in contest_pages.documents(views, renderer, {}, {})}
    outputs.update(contest_files(views, sample.content.site, {}, {}))
    assert sorted(outputs) == ["cuoc-thi/", "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/",
                               "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/feed.xml",
                               "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.csv",
                               "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.json"]
    hidden = [j.name for j in contest.jury] + [e.title for e in contest.entries if e.state == "awarded"]
    assert [(url, name) for url, data in outputs.items() for name in hidden if name.encode() in data] == []
    # On the day of the results, the same outputs name them.
    views = [public_contest(contest, replace(sample, today=contest.results_on))]
    photos = process_photos(contest_pages.contest_photos(views, {}), tmp_path).photos
    page = {d.url: d.body for d in contest_pages.documents(views, renderer, photos, {})}[
        "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/"]
    assert all(name in page for name in hidden)


def test_a_winning_film_is_published_as_the_reportage_publishes_one(sample, taxonomies, contest_root, tmp_path):
    """A video clip that won, its author consenting: encoded by the films' media stage, played with
    its captions and a poster frame, as an episode of the reportage is."""
    film = SAMPLE_CONTENT / "media" / "phong-su-vuon-thanh-long-vietgap"
    entries = contest_folder(contest_root) / "entries"
    shutil.copyfile(film / "phong-su.mp4", entries / "GNT-0003.mp4")
    shutil.copyfile(film / "phu-de.vtt", entries / "GNT-0003-phu-de.vtt")
    edit(entry_file(contest_root, 3), "file: GNT-0003.mp3", "file: GNT-0003.mp4")
    edit(entry_file(contest_root, 3), "captions: GNT-0003.vtt", "captions: GNT-0003-phu-de.vtt")
    contests, problems = load(contest_root, taxonomies, today=SAMPLE_TODAY)
    assert not problems.items, [str(p) for p in problems.items]
    publication = replace(sample, content=replace(sample.content, root=contest_root))
    views = [public_contest(contests[0], publication)]
    media = contest_pages.published_media(views)
    assert [(m.slug, m.kind, len(m.photos)) for m in media] == [
        ("cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0003", "video", 0),
        ("cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0004", "", 2)]  # GNT-0005's author did not consent
    recordings = process_recordings([m for m in media if m.file], tmp_path / "recordings", sample.content.site)
    assert recordings.problems == []
    photos = process_photos(contest_pages.contest_photos(views, recordings.recordings), tmp_path / "media")
    renderer = Renderer(REPO / "theme" / "templates", load_labels(REPO / "theme"), sample.content.site)
    pages = {d.url: d.body for d in contest_pages.documents(views, renderer, photos.photos, recordings.recordings)}
    video = BeautifulSoup(pages["cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0003/"], "html.parser").select_one(
        "article.dh-contest-entry video.dh-player")
    assert video.source["type"] == "video/mp4" and video.source["src"].lstrip("./") in recordings.files
    assert video["poster"].lstrip("./") in photos.files  # a frame of the film, made into photos
    assert video.track["kind"] == "captions" and video.track["src"].lstrip("./") == \
        "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0003/phu-de.vtt"
    vtt = contest_pages.media_files(views)["cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0003/phu-de.vtt"]
    assert vtt.startswith(b"WEBVTT") and "Chị Hoa kiểm tra vườn thanh long".encode() in vtt
    # Encoded as a film is (media/video.py): no tag of the source left.
    assert leftover_tags(recordings.files[video.source["src"].lstrip("./")]) == []
