"""The films, radio pieces and photo stories on the site: an episode's page with its player,
captions, transcript, download, credits and rights; the programmes with their episodes newest
first; each profile's reportage; the podcast feed; JSON-LD. A withheld item is in no output."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT, VALID_PROFILE
from PIL import Image

from site_builder.pipeline.run import BuildOptions, build_site

MEDIA = SAMPLE_CONTENT / "media"
FILM, RADIO, STORY = "phong-su-vuon-thanh-long-vietgap", "chuyen-ke-hop-tac-xa-thanh-long", "mot-ngay-cung-doi-canh-sat-pccc"
TODAY = dt.date(2026, 6, 30)
# Items the gate withholds, each under a title that must appear nowhere in the output.
WITHHELD = {
    "phim-cho-ngay-cong-bo": ("publish_from: 01/01/2030", "SENTINEL embargo film"),
    "phim-ban-nhap": ("status: draft", "SENTINEL draft film"),
    "phim-chua-dong-y": ("given: false", "SENTINEL no consent film"),
    "phim-ve-ho-so-chua-cong-bo": ("profiles: [le-van-chua]", "SENTINEL film of a withheld profile"),
}


def copy_item(root, name, target=None, **replacements):
    folder = root / "media" / (target or name)
    shutil.copytree(MEDIA / name, folder)
    text = (folder / "index.md").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    (folder / "index.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small site: three profiles, the sample's three items (renamed to the small site's profiles),
    and four withheld films; built twice, the second time after a profile was edited."""
    from conftest import ContentFolder

    root = tmp_path_factory.mktemp("reportage") / "content"
    content = ContentFolder(root)
    content.profile("nguyen-thi-hoa", VALID_PROFILE)
    content.profile("hop-tac-xa", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Hợp tác xã Thanh long").replace(
        "kind: ca-nhan", "kind: tap-the"))
    content.profile("ho-so-chua-cong-bo", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Lê Văn Chưa").replace(
        "status: published", "status: review"))
    copy_item(root, FILM)
    copy_item(root, RADIO, **{"hop-tac-xa-thanh-long-ham-thuan-bac": "hop-tac-xa-thanh-long"})
    copy_item(root, STORY, **{"doi-canh-sat-pccc-va-cnch-khu-vuc-la-gi": "hop-tac-xa-thanh-long"})
    for slug, (change, title) in WITHHELD.items():
        old = {"publish_from": "status: published", "status": "status: published", "given": "given: true",
               "profiles": "profiles: [nguyen-thi-hoa]"}[change.split(":")[0]]
        new = f"status: published\n{change}" if change.startswith("publish_from") else change
        copy_item(root, FILM, slug, **{old: new, "title: Vườn thanh long VietGAP của chị Hoa": f"title: {title}"})
    cache, out = root.parent / "cache", root.parent / "site"
    options = BuildOptions(content_dir=root, out_dir=out, today=TODAY, cache_dir=cache, yearbook=False)
    first = build_site(options)
    profile = root / "profiles" / "nguyen-thi-hoa" / "index.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Câu chuyện.", "Câu chuyện đã sửa."), encoding="utf-8")
    second = build_site(options)
    return out, first, second


def page(site, url) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_film_page_has_the_player_its_captions_transcript_download_credits_and_rights(built):
    site = built[0]
    html = page(site, f"phong-su/{FILM}")
    video = html.find("video")
    assert video.has_attr("controls") and video["preload"] == "metadata" and video["poster"].endswith(".jpg")
    assert (site / f"phong-su/{FILM}" / video["poster"]).resolve().is_file()
    source = video.find("source")
    assert source["type"] == "video/mp4" and (site / f"phong-su/{FILM}" / source["src"]).resolve().is_file()
    track = video.find("track")
    assert (track["kind"], track["srclang"], track.has_attr("default")) == ("captions", "vi", True)
    vtt = (site / f"phong-su/{FILM}" / track["src"]).resolve().read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> ")
    transcript = html.find("section", class_="dh-transcript").get_text(" ", strip=True)
    assert "Chị Hoa kiểm tra vườn thanh long VietGAP mỗi sáng." in transcript
    download = html.find("p", class_="dh-downloads").find("a")
    assert download.has_attr("download") and download["href"] == source["src"] and "MP4" in download.text
    credits = html.find("section", class_="dh-credits").get_text(" ", strip=True)
    assert "Quay phim Lê Văn Tâm (tên mẫu)" in credits and "Bản quyền thuộc Đài Phát thanh" in credits
    assert html.find("section", class_="dh-related").find("a")["href"] == "../../ho-so/nguyen-thi-hoa/"


def test_a_radio_piece_page_has_an_audio_player_with_its_srt_captions_as_webvtt(built):
    site = built[0]
    audio = page(site, f"phong-su/{RADIO}").find("audio")
    assert audio.has_attr("controls") and audio.find("source")["type"] == "audio/mp4"
    track = audio.find("track")
    assert (track["kind"], track["srclang"]) == ("captions", "vi")
    assert (site / f"phong-su/{RADIO}/phu-de.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_a_photo_story_shows_its_photos_in_order_with_captions_and_credits(built):
    figures = page(built[0], f"phong-su/{STORY}").find_all("figure")
    assert [f.find("figcaption").get_text(" ", strip=True)[:20] for f in figures] == [
        "Buổi sáng, đội kiểm ", "Buổi chiều, cán bộ đ"]
    assert all("Ảnh: Ảnh minh họa – dữ liệu mẫu" in f.get_text() for f in figures)


def test_the_programmes_list_their_episodes_newest_first(built):
    html = page(built[0], "chuyen-muc")
    programmes = [h.get_text(strip=True) for h in html.find_all("h2")]
    assert programmes == ["Người tốt – Việc tốt (truyền hình)", "Gương sáng giữa đời thường", "Phóng sự ảnh"]
    one = page(built[0], "chuyen-muc/guong-sang-giua-doi-thuong")
    assert [a["href"] for a in one.select(".dh-cards a")] == [f"../../phong-su/{RADIO}/"]
    feed = one.find("a", type="application/rss+xml")["href"]
    assert (built[0] / "chuyen-muc/guong-sang-giua-doi-thuong" / feed).resolve().name == "podcast.xml"


def test_each_profile_page_lists_the_reportage_it_appears_in(built):
    section = page(built[0], "ho-so/hop-tac-xa-thanh-long").find("section", class_="dh-reportage")
    # Newest first: the photo story (22/05/2024), then the radio piece (05/04/2024).
    assert [a["href"] for a in section.select("a.dh-card__link")] == [f"../../phong-su/{STORY}/", f"../../phong-su/{RADIO}/"]
    assert page(built[0], "ho-so/nguyen-thi-hoa").find("section", class_="dh-reportage") is not None


def test_the_home_page_shows_the_three_latest_public_items_with_poster_date_and_duration(built):
    section = page(built[0], "").find("section", class_="dh-home__reportage")
    assert section.h2.get_text() == "Phóng sự mới"
    cards = section.select("li.dh-episode-card")
    assert [c.a["href"] for c in cards] == [f"phong-su/{slug}/" for slug in (STORY, RADIO, FILM)]  # newest aired first
    assert [c.select_one(".dh-card__meta").get_text() for c in cards] == [
        "Phóng sự ảnh · 22/05/2024", "Chương trình phát thanh · 05/04/2024 · 0:10",
        "Phóng sự truyền hình · 16/03/2024 · 0:11"]
    assert cards[0].h3.get_text() == "Một ngày cùng Đội Cảnh sát PCCC"
    posters = [c.find("img") for c in cards]
    assert posters[0] is not None and posters[2] is not None  # the story's first photo, the film's frame
    for img in filter(None, posters):
        assert img["alt"] and (built[0] / img["src"]).is_file()
    assert section.find("a", string="Xem tất cả chuyên mục")["href"] == "chuyen-muc/"


def test_the_sample_s_home_page_shows_its_three_items(sample_site):
    section = page(sample_site, "").find("section", class_="dh-home__reportage")
    assert [a["href"] for a in section.select("li.dh-episode-card > a")] == [
        f"phong-su/{slug}/" for slug in (STORY, RADIO, FILM)]


def test_the_episode_page_describes_its_film_in_json_ld(built):
    html = page(built[0], f"phong-su/{FILM}")
    entities = [json.loads(s.string) for s in html.find_all("script", type="application/ld+json")]
    film, = [e for e in entities if e["@type"] == "VideoObject"]
    assert film["duration"] == "PT12S" and film["uploadDate"] == "2024-03-16"
    assert film["contentUrl"].endswith("/video.mp4") and film["thumbnailUrl"][0].endswith(".jpg")
    assert film["transcript"].startswith("Đây là phóng sự mẫu")


def test_the_podcast_feed_parses_with_every_tag_podcast_apps_need(built):
    site = built[0]
    raw = (site / "chuyen-muc/guong-sang-giua-doi-thuong/podcast.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20" and feed.feed.title == "Gương sáng giữa đời thường" and feed.feed.language == "vi"
    assert feed.feed.author_detail.email == "baochi@dienhinh.example.org"
    # The iTunes cover and RSS's own <image>: one square JPEG of 1400 to 3000 px, served by the site.
    cover = feed.feed.image.href
    assert f"<url>{cover}</url>".encode() in raw and b"<title>G\xc6\xb0\xc6\xa1ng s\xc3\xa1ng" in raw
    with Image.open(site / cover.removeprefix("https://dienhinh.example.org/")) as image:
        assert image.format == "JPEG" and image.width == image.height and 1400 <= image.width <= 3000
    assert feed.feed.tags[0].term == "Government" and b"<itunes:explicit>false</itunes:explicit>" in raw
    entry, = feed.entries
    assert entry.id == entry.link == f"https://dienhinh.example.org/phong-su/{RADIO}/"  # the page: a stable GUID
    enclosure, = entry.enclosures
    path = site / enclosure.href.removeprefix("https://dienhinh.example.org/")
    assert enclosure.type == "audio/mp4" and int(enclosure.length) == path.stat().st_size
    assert entry.itunes_duration == "11" and entry.published_parsed[:3] == (2024, 4, 4)  # 00:00 +07:00, in UTC
    assert b'<podcast:transcript url="https://dienhinh.example.org/phong-su/' in raw and b'type="text/vtt"' in raw


def test_a_withheld_item_appears_in_no_output(built):
    site = built[0]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".vtt", ".js", ".csv"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "SENTINEL" not in text, path
            for slug in WITHHELD:
                assert slug not in text, (path, slug)
    assert not any((site / "phong-su" / slug).exists() for slug in WITHHELD)
    data = json.loads((site / "du-lieu/phong-su.json").read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in data["items"]) == sorted((FILM, RADIO, STORY))


def test_a_rebuild_after_a_profile_edit_encodes_no_recording(built):
    _site, first, second = built
    assert first.recordings_encoded == 2  # the sample's film and radio piece; the withheld films are not encoded
    assert second.recordings_encoded == 0 and second.photos_encoded == 0


# --- In a real browser (Debian's Chromium), and by the checkers -------------------------------------

@pytest.mark.browser
@pytest.mark.checkers
def test_the_film_plays_muted_and_its_captions_load_cues_and_the_radio_piece_plays(built):
    from support.checkers import chromium_context, serve

    with serve(built[0]) as base, chromium_context(viewport={"width": 390, "height": 844}) as browser:
        page = browser.new_page()
        page.goto(f"{base}/phong-su/{FILM}/", wait_until="load")
        state = page.evaluate("""async () => {
            const video = document.querySelector('video');
            const track = video.textTracks[0];
            track.mode = 'showing';
            video.muted = true;
            await video.play();
            const start = video.currentTime;
            await new Promise(resolve => setTimeout(resolve, 1500));
            return {start, now: video.currentTime, paused: video.paused, error: video.error && video.error.code,
                    cues: track.cues ? track.cues.length : 0, kind: track.kind, language: track.language,
                    active: track.activeCues ? Array.from(track.activeCues).map(c => c.text) : []};
        }""")
        assert state["error"] is None and not state["paused"] and state["now"] > state["start"] + 0.5, state
        assert (state["cues"], state["kind"], state["language"]) == (3, "captions", "vi"), state
        assert state["active"] == ["Đây là phóng sự mẫu, hư cấu, để trình diễn trang."], state
        page.goto(f"{base}/phong-su/{RADIO}/", wait_until="load")
        played = page.evaluate("""async () => {
            const audio = document.querySelector('audio');
            audio.muted = true;
            await audio.play();
            await new Promise(resolve => setTimeout(resolve, 1000));
            return {now: audio.currentTime, duration: audio.duration, error: audio.error && audio.error.code};
        }""")
        assert played["error"] is None and played["now"] > 0.5 and played["duration"] == pytest.approx(10.8, abs=0.2)
        assert not browser.third_party_requests and not browser.console_errors


@pytest.mark.browser
@pytest.mark.checkers
@pytest.mark.parametrize("url", [f"phong-su/{FILM}/", f"phong-su/{RADIO}/", f"phong-su/{STORY}/", "chuyen-muc/",
                                 "chuyen-muc/guong-sang-giua-doi-thuong/"])
def test_axe_finds_no_violation_on_the_episode_and_programme_pages(built, url):
    from support.checkers import axe_check, chromium_context, serve

    with serve(built[0]) as base, chromium_context() as browser:
        page = browser.new_page()
        page.goto(f"{base}/{url}", wait_until="load")
        violations = axe_check(page)
    assert not violations, violations


@pytest.mark.checkers
def test_the_nu_checker_finds_no_error_on_the_episode_and_programme_pages(built, tmp_path):
    from support.checkers import nu_html_check

    for url in (f"phong-su/{FILM}/", f"phong-su/{RADIO}/", f"phong-su/{STORY}/", "chuyen-muc/",
                "chuyen-muc/guong-sang-giua-doi-thuong/"):
        target = tmp_path / url
        target.mkdir(parents=True)
        shutil.copy(built[0] / url / "index.html", target / "index.html")
    assert nu_html_check(tmp_path) == []


def test_the_sitemap_lists_the_film_with_its_video_entry(built):
    import xml.etree.ElementTree as ET

    root = ET.parse(built[0] / "sitemap-1.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "v": "http://www.google.com/schemas/sitemap-video/1.1"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    film = urls[f"https://dienhinh.example.org/phong-su/{FILM}/"].find("v:video", ns)
    assert film.findtext("v:title", namespaces=ns) == "Vườn thanh long VietGAP của chị Hoa"
    assert film.findtext("v:content_loc", namespaces=ns).endswith("/video.mp4")
    assert film.findtext("v:duration", namespaces=ns) == "12"
    assert film.findtext("v:publication_date", namespaces=ns) == "2024-03-16"
    assert urls[f"https://dienhinh.example.org/phong-su/{RADIO}/"].find("v:video", ns) is None  # sound: a page, no video
