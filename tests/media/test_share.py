"""Share images: 1200×630, Vietnamese drawn with the bundled font, cached by content."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO
from PIL import Image, ImageDraw

from site_builder.media import share
from site_builder.media.text_layout import wrap

FONTS = share.Fonts.in_theme(REPO / "theme")


def card(title="Đặng Thị Ánh Tuyết", **changes) -> share.Card:
    values = dict(title=title, lines=("Giáo dục và đào tạo", "Cá nhân · Huyện Bắc Bình"),
                  footer=("Điển hình tiên tiến tỉnh Bình Thuận", "dienhinh.example.org"),
                  badge="Dữ liệu mẫu", initials="ĐT", colour=(40, 90, 120))
    values.update(changes)
    return share.Card(**values)


def test_every_page_has_a_1200x630_share_image_in_the_site(sample_site, sample):
    base = sample.content.site.base_url
    pages = [p for p in sorted(sample_site.rglob("index.html"))  # the web editor's page is no page of the site
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")[:2000]
             and not p.relative_to(sample_site).as_posix().startswith("quan-tri/")]
    profile_images = set()
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        url = head.select_one('meta[property="og:image"]')["content"]
        assert head.select_one('meta[name="twitter:image"]')["content"] == url
        assert url.startswith(base + share.SHARE_DIR + "/")
        with Image.open(sample_site / url[len(base):]) as image:
            assert image.size == (share.WIDTH, share.HEIGHT) and image.format == "JPEG"
        if path.parent.parent.name == "ho-so" and path.parent.name in {p.slug for p in sample.profiles}:
            profile_images.add(url)
    assert len(profile_images) == len(sample.profiles)  # one card of its own per profile


def glyph(font, character: str) -> bytes:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), character, font=font, fill=255)
    return image.tobytes()


def test_the_font_draws_every_letter_of_the_sample(sample):
    """No tofu: each character of every name and term has a real glyph in Noto Sans."""
    content = sample.content
    tax = content.taxonomies
    texts = [p.name for p in sample.profiles] + [content.site.title, content.site.description]
    texts += [t.name for table in (tax.fields, tax.kinds, tax.localities) for t in table.values()]
    texts.append("ĂÂĐÊÔƠƯăâđêôơư ẠẢÃÀÁẶẲẴẰẮẬẨẪẦẤỆỂỄỀẾỘỔỖỒỐỢỞỠỜỚỰỬỮỪỨỴỶỸỲÝỊỈĨÌÍỌỎÕÒÓỤỦŨÙÚẸẺẼÈÉ")
    characters = {c for text in texts for c in text if not c.isspace()}
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    for bold in (False, True):
        font = FONTS.load(bold, 40)
        missing = glyph(font, "\ue000")  # a private-use code point: the .notdef box
        tofu = sorted(c for c in characters if glyph(font, c) == missing)
        assert tofu == []


def test_a_card_is_1200x630_and_drawn_the_same_every_time():
    first, second = (share.draw_card(card(), FONTS) for _ in range(2))
    assert first.size == (1200, 630)
    assert first.tobytes() == second.tobytes()
    assert first.tobytes() != share.draw_card(card(title="Dang Thi Anh Tuyet"), FONTS).tobytes()


def test_a_card_with_a_photo_shows_the_photo_on_the_left(tmp_path):
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (960, 640), (10, 200, 30)).save(photo)
    image = share.draw_card(card(photo=photo), FONTS)
    r, g, b = image.getpixel((300, 300))
    assert g > 150 and r < 60  # the photo's green, not the initials' colour
    assert image.getpixel((1150, 300)) == share.PANEL


def test_long_names_wrap_and_end_with_an_ellipsis():
    font = FONTS.load(True, 64)
    name = "Hộ ông Nguyễn Văn Ứng và bà Huỳnh Thị Ngọc Quyên, thôn Phú Điền, xã Hàm Thạnh, huyện Hàm Thuận Nam"
    lines = wrap(name, font, 520, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 520 for line in lines)
    assert wrap("Y tế", font, 520, 3) == ["Y tế"]


def test_cards_are_cached_by_content(tmp_path):
    cache = tmp_path / "share"
    cards = {"a/": card(), "b/": card(title="Lê Văn Bình")}
    first = share.make_cards(cards, cache, FONTS, workers=1)
    assert (first.drawn, first.cached) == (2, 0)
    again = share.make_cards(cards, cache, FONTS, workers=1)
    assert (again.drawn, again.cached) == (0, 2)
    assert again.urls == first.urls
    changed = share.make_cards({**cards, "b/": card(title="Lê Văn Bình An")}, cache, FONTS, workers=1)
    assert (changed.drawn, changed.cached) == (1, 1)
    assert changed.urls["a/"] == first.urls["a/"] and changed.urls["b/"] != first.urls["b/"]
    for url, path in changed.files.items():
        assert url.endswith(path.name)
        with Image.open(io.BytesIO(path.read_bytes())) as image:
            assert image.size == (1200, 630)
    assert not list(cache.glob(".*.tmp"))


def test_a_changed_photo_gives_a_new_card(tmp_path):
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (960, 640), (10, 200, 30)).save(photo)
    cache = tmp_path / "share"
    before = share.make_cards({"a/": card(photo=photo)}, cache, FONTS, workers=1)
    Image.new("RGB", (960, 640), (200, 10, 30)).save(photo)
    after = share.make_cards({"a/": card(photo=photo)}, cache, FONTS, workers=1)
    assert after.drawn == 1 and after.urls["a/"] != before.urls["a/"]


def test_hsl_colour_matches_the_page_placeholder():
    assert share.hsl_colour("hsl(0 45% 32%)") == (118, 45, 45)
    assert share.hsl_colour("not a colour") == share.PANEL


def test_the_fonts_are_bundled_with_their_licence():
    fonts_dir = REPO / "theme" / "fonts"
    assert FONTS.regular.is_file() and FONTS.bold.is_file()
    assert "SIL Open Font License" in (fonts_dir / "OFL.txt").read_text(encoding="utf-8")
    assert isinstance(FONTS.regular, Path)
