"""The reportage in the yearbook: a profile that appears in a public film, radio piece or photo
story lists it (title, kind, programme, date, duration); the PDF prints the episode page's
address as a QR code that a reader (ZBar) reads back, and as a link; the EPUB links to it."""

from __future__ import annotations

import zipfile
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from support.epub_checkers import pdf_links, pdf_qr_codes, pdf_text

from site_builder.yearbook.reportage import qr_name, qr_svg

BASE = "https://dienhinh.example.org/"
# Profile slug -> (episode slug, what its line says), all three in the sample's 2022–2025 edition.
FEATURED = {
    "nguyen-thi-hoa": ("phong-su-vuon-thanh-long-vietgap", "Vườn thanh long VietGAP của chị Hoa",
                       "Phóng sự truyền hình · Người tốt – Việc tốt (truyền hình) · 16/03/2024 · Thời lượng 0:11"),
    "hop-tac-xa-thanh-long-ham-thuan-bac": (
        "chuyen-ke-hop-tac-xa-thanh-long", "Chuyện kể về hợp tác xã thanh long",
        "Chương trình phát thanh · Gương sáng giữa đời thường · 05/04/2024 · Thời lượng 0:10"),
    "doi-canh-sat-pccc-va-cnch-khu-vuc-la-gi": (
        "mot-ngay-cung-doi-canh-sat-pccc", "Một ngày cùng Đội Cảnh sát PCCC",
        "Phóng sự ảnh · Phóng sự ảnh · 22/05/2024"),
}


@pytest.fixture(scope="module")
def pdf(sample_site):
    (found,) = sorted((sample_site / "ky-yeu").glob("*-2022-2025.pdf"))
    return found


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return pdf_text(pdf)


def episode_address(slug: str) -> str:
    return f"{BASE}phong-su/{slug}/"


def test_the_addresses_are_the_episode_pages_of_the_site(sample_site):
    for episode, title, _meta in FEATURED.values():
        page = sample_site / urlsplit(episode_address(episode)).path.lstrip("/") / "index.html"
        assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text() == title


def test_the_pdf_lists_each_profiles_reportage_on_its_pages(pages):
    for profile, (episode, title, meta) in FEATURED.items():
        found = [text for text in pages if episode_address(episode) in text]
        assert len(found) == 1, profile
        lines = [" ".join(line.split()) for line in found[0].splitlines()]
        heading = lines.index("Phóng sự về điển hình này")
        assert lines[heading + 1:heading + 4] == [title, meta, episode_address(episode)], profile


def test_the_pdf_s_qr_code_reads_back_as_the_episode_address_and_the_address_is_a_link(pdf, pages, tmp_path):
    links = pdf_links(pdf)
    for episode, _title, _meta in FEATURED.values():
        address = episode_address(episode)
        (page,) = [number for number, text in enumerate(pages, start=1) if address in text]
        assert (page, address) in links
        assert address in pdf_qr_codes(pdf, page, tmp_path)


def test_a_profile_without_reportage_has_no_such_section(pages, sample):
    shown = {page for page in pages if "Phóng sự về điển hình này" in page}
    assert len(shown) == len(FEATURED)


def test_the_epub_links_each_profile_to_its_episodes_without_a_qr_code(sample_site):
    (epub,) = sorted((sample_site / "ky-yeu").glob("*-2022-2025.epub"))
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        assert not any("qr-" in name for name in names)
        for profile, (episode, title, meta) in FEATURED.items():
            html = BeautifulSoup(archive.read(f"EPUB/text/p-{profile}.xhtml").decode("utf-8"), "html.parser")
            section = html.find("section", class_="reportage")
            link = section.find("a")
            assert (link["href"], link.get_text()) == (episode_address(episode), title)
            assert section.find(class_="reportage-meta").get_text() == meta
            assert section.find("img") is None


def test_the_qr_code_is_the_same_bytes_for_the_same_address_and_named_by_it():
    address = episode_address("phong-su-vuon-thanh-long-vietgap")
    assert qr_svg(address) == qr_svg(address) and qr_svg(address).startswith(b"<svg")
    assert qr_name(address) == qr_name(address) != qr_name(address + "x")
