"""The sample site's contest pages, results file and feed, the winners' photos and recordings;
and, in every byte of the built site, no private value, no entry that did not win, no phone number
of an entrant, and no photo or recording of an entry that is not published."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_CONTENT
from PIL import Image
from support.contest import load, taxonomies  # noqa: F401 (fixture)

from site_builder.contest.privacy import digits
from site_builder.contest.recordings import kind_of
from site_builder.media.photos import photo_key
from site_builder.media.video import leftover_tags, probe, recording_key

SCREENSHOT = REPO / "screenshots" / "contest-results-phone.png" if os.environ.get("SITE_BUILDER_SCREENSHOTS") else None

PAGE = "cuoc-thi/guong-nguoi-tot-quanh-ta-2026/"
ENTRIES = SAMPLE_CONTENT / "contests" / "guong-nguoi-tot-quanh-ta-2026" / "entries"


def entry_page(site: Path, code: str) -> tuple[Path, BeautifulSoup]:
    page = site / PAGE / code.lower() / "index.html"
    return page, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article.dh-contest-entry")


def site_file(page: Path, href: str) -> Path:
    """The file of the built site a page's relative link points at."""
    return (page.parent / href).resolve()


def media_keys(entry, originals: tuple[bool, ...] = (True, False)) -> set[str]:
    """Every key the media stage would file the entry's photos and recording under (with and
    without a downloadable original): a published rendition's address holds it."""
    keys = set()
    for name in [p.file for p in entry.photos] + ([entry.file] if entry.file else []):
        digest = hashlib.sha256((ENTRIES / name).read_bytes()).hexdigest()
        kind = kind_of(name)
        keys |= {recording_key(digest, kind)} if kind else {photo_key(digest, o) for o in originals}
    return keys


def test_the_results_page_shows_rules_timeline_counts_and_winners(sample_site):
    soup = BeautifulSoup((sample_site / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.dh-contest")
    assert article.h1.get_text() == 'Cuộc thi viết "Gương người tốt quanh ta" năm 2026'
    text = article.get_text(" ", strip=True)
    assert "Sơ khảo 20/05/2026" in text and "Công bố kết quả 20/06/2026" in text
    assert "Tổng số: 12 bài" in text and "Đối tượng dự thi" in text
    winners = article.select("ul.dh-winners > li")
    assert [li.strong.get_text() for li in winners] == ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích",
                                                        "Giải Khuyến khích"]
    assert " ".join(winners[0].get_text(" ").split()) == ("Giải Nhất : Người giữ lửa nơi đảo xa (Bài viết), tác giả Võ Thị "
                                                    "Thanh Tâm. Nhân vật: Lê Văn Hải , Đặc khu Phú Quý.")
    links = {a.get_text(): a["href"] for a in article.select("ul.dh-winners a")}
    assert links["Người giữ lửa nơi đảo xa"] == "../../cuoc-thi/guong-nguoi-tot-quanh-ta-2026/gnt-0001/"
    assert links["Lê Văn Hải"] == "../../ho-so/le-van-hai/"
    assert "Mái ấm của những đứa trẻ mồ côi" not in links  # no consent: named, not published
    assert not (sample_site / PAGE / "gnt-0005").exists()
    entry = (sample_site / PAGE / "gnt-0001" / "index.html").read_text(encoding="utf-8")
    assert "Võ Thị Thanh Tâm" in entry and "Sáng nào cũng vậy" in entry


def test_the_results_are_in_the_open_data_and_a_feed(sample_site):
    record = json.loads((sample_site / "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.json").read_text("utf-8"))
    assert record["received"] == 12 and [w["code"] for w in record["winners"]] == [
        "GNT-0001", "GNT-0002", "GNT-0003", "GNT-0004", "GNT-0005"]
    assert record["winners"][4]["url"] is None
    # A consented winner's photos and recording, as the reportage's data gives them; none without consent.
    base = record["url"].removesuffix(PAGE)
    piece, photos, no_consent = record["winners"][2], record["winners"][3], record["winners"][4]
    assert piece["photos"] == [] and piece["recording"]["renditions"][0]["type"] == "audio/mp4"
    assert piece["recording"]["captions"]["url"] == f"{base}{PAGE}gnt-0003/phu-de.vtt"
    assert [(p["alt"], p["credit"]) for p in photos["photos"]] == [
        ("Vườn thanh long trĩu quả đỏ lúc hoàng hôn, ba người đứng giữa các trụ thanh long", "Trương Thị Mỹ Duyên"),
        ("Con đường đất thẳng giữa những luống rau xanh, một người mặc áo đỏ đứng bên luống", "Trương Thị Mỹ Duyên")]
    assert photos["recording"] is None and (no_consent["photos"], no_consent["recording"]) == ([], None)
    for url in [piece["recording"]["renditions"][0]["url"]] + [p["url"] for p in photos["photos"]]:
        assert (sample_site / url.removeprefix(base)).is_file(), url
    csv = (sample_site / "du-lieu/cuoc-thi/guong-nguoi-tot-quanh-ta-2026.csv").read_text("utf-8-sig")
    assert csv.splitlines()[0] == "code,prize,title,author,genre,exemplar,locality,profile_url,url"
    assert len(csv.splitlines()) == 6
    feed = (sample_site / PAGE / "feed.xml").read_text("utf-8")
    assert feed.count("<entry>") == 5 and "Giải Nhất: Người giữ lửa nơi đảo xa" in feed
    # Each entry carries its winner's recording, else its first photo, as an enclosure; the others none.
    atom = "{http://www.w3.org/2005/Atom}"
    enclosures = [[link.attrib for link in entry.iter(f"{atom}link") if link.get("rel") == "enclosure"]
                  for entry in ElementTree.fromstring(feed.encode()).iter(f"{atom}entry")]
    rendition = piece["recording"]["renditions"][0]
    assert enclosures == [[], [], [{"rel": "enclosure", "type": "audio/mp4", "length": str(rendition["bytes"]),
                                    "href": rendition["url"]}],
                          [{"rel": "enclosure", "type": "image/jpeg", "href": photos["photos"][0]["url"]}], []]


def test_no_byte_of_the_built_site_holds_a_private_value_or_an_entry_that_did_not_win(sample_site, taxonomies):
    contest = load(SAMPLE_CONTENT, taxonomies)[0][0]
    secrets = set(contest.private_values()) | set(contest.committee)
    secrets |= {digits(v) for v in contest.private_values() if digits(v).startswith("0") and len(digits(v)) >= 10}
    for entry in contest.entries:
        if entry.state != "awarded":
            secrets |= {entry.title, entry.author}
    # The files of every entry: a published winner's only as renditions made afresh, never as sent
    # (with its EXIF or ID3 tags); no rendition at all of an entry that did not win or whose author
    # did not consent (its key, in a file's address or in a page's link).
    sent = {f"{e.code} {name}": (ENTRIES / name).read_bytes()
            for e in contest.entries for name in [p.file for p in e.photos] + ([e.file] if e.file else [])}
    shown = {e.code for e in contest.entries if e.state == "awarded" and e.consent}
    hidden_keys = {key for e in contest.entries if e.code not in shown for key in media_keys(e)}
    assert len(sent) == 10 and len(hidden_keys) == 11  # GNT-0005's and GNT-0008's photos, GNT-0007's and GNT-0012's pieces
    leaks = []
    paths = [p for p in sample_site.rglob("*") if p.is_file()]
    for path in paths:
        if path.suffix not in (".gz", ".br"):  # compressed copies of the files scanned
            data = path.read_bytes()
            leaks += [f"{path}: {s}" for s in secrets if s.encode("utf-8") in data]
            leaks += [f"{path}: the file {name} as sent" for name, raw in sent.items() if raw in data]
            leaks += [f"{path}: a rendition {key}" for key in hidden_keys if key.encode() in data]
            leaks += [f"{path}: a rendition {key}" for key in hidden_keys if key in path.as_posix()]
    assert not leaks, leaks
    # The scan looks where the winners' renditions are: each published one is found by its key
    # (the sample site offers the photos' originals for download).
    published = {key for e in contest.entries if e.code in shown for key in media_keys(e, originals=(True,))}
    assert len(published) == 3 and all(any(key in p.as_posix() for p in paths) for key in published)


def test_a_winning_photo_entry_shows_its_photos_made_afresh_with_their_text_alternatives(sample_site, taxonomies):
    contest = load(SAMPLE_CONTENT, taxonomies)[0][0]
    entry = next(e for e in contest.entries if e.code == "GNT-0004")  # Giải Khuyến khích, its author consented
    with Image.open(ENTRIES / "GNT-0004-1.jpg") as sent:  # as a phone writes it: the author, her phone, the place
        assert sent.getexif()[0x013B] == "Truong Thi My Duyen" and 0x8825 in sent.getexif()
    page, article = entry_page(sample_site, "GNT-0004")
    figures = article.select("figure")
    assert [f.img["alt"] for f in figures] == [p.alt for p in entry.photos] and all(p.alt for p in entry.photos)
    assert [" ".join(f.figcaption.get_text(" ").split()).split(" · ")[0] for f in figures] == [
        f"{p.caption} Ảnh: Trương Thị Mỹ Duyên" for p in entry.photos]  # the author is the credit
    for figure in figures:
        links = [figure.img["src"]] + [part.split()[0] for attr in (figure.img["srcset"], figure.source["srcset"])
                                       for part in attr.split(",")]
        for href in links:
            file = site_file(page, href)
            assert file.is_file(), href
            with Image.open(file) as published:
                assert not published.getexif() and not {"exif", "comment", "icc_profile"} & set(published.info)
            assert b"Truong Thi My Duyen" not in file.read_bytes()
        assert figure.img["srcset"].count("w,") >= 1  # responsive: more than one width


def test_a_winning_radio_piece_plays_from_the_site_with_its_captions_and_transcript(sample_site):
    page, article = entry_page(sample_site, "GNT-0003")  # Giải Ba, its author consented
    audio = article.select_one("audio.dh-player")
    assert audio.source["type"] == "audio/mp4"
    played = site_file(page, audio.source["src"])
    assert played.is_file() and played.parent.parent == sample_site / "media"
    streams = probe(played)["streams"]
    assert [s["codec_type"] for s in streams] == ["audio"] and 10 < float(probe(played)["format"]["duration"]) < 11
    assert leftover_tags(played) == []  # the sent MP3's ID3 tags (author, phone) are not carried over
    assert "Đặng Quốc Bảo".encode() not in played.read_bytes()
    assert article.select_one("p.dh-downloads a")["href"] == audio.source["src"]
    captions = site_file(page, audio.track["src"]).read_text(encoding="utf-8")
    assert captions.startswith("WEBVTT") and "Tàu cứu nạn rời cảng giữa đêm biển động." in captions
    transcript = [p.get_text() for p in article.select("section.dh-transcript p")]
    assert transcript[1] == "Tàu cứu nạn rời cảng giữa đêm biển động."


@pytest.mark.browser
@pytest.mark.checkers
def test_the_results_page_reads_on_a_phone_and_passes_axe(sample_site):
    from support.checkers import axe_check, chromium_context, serve

    with serve(sample_site) as base, chromium_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                                      is_mobile=True, has_touch=True) as context:
        page = context.new_page()
        for path in (PAGE, PAGE + "gnt-0001/", PAGE + "gnt-0003/", PAGE + "gnt-0004/", "cuoc-thi/"):
            page.goto(f"{base}/{path}")
            assert axe_check(page) == [], path
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path  # nothing wider than the phone
        page.goto(f"{base}/{PAGE}")
        if SCREENSHOT:
            page.evaluate("window.scrollTo(0, document.getElementById('ket-qua').getBoundingClientRect().top"
                          " + window.scrollY - 80)")
            page.screenshot(path=str(SCREENSHOT), animations="disabled")
        assert context.third_party_requests == [] and context.console_errors == []
