"""Podcast covers: a square 1400 px JPEG per programme with radio pieces, as podcast directories
require, drawn from the programme's name and station, the same bytes for the same programme."""

from __future__ import annotations

from conftest import REPO
from PIL import Image

from site_builder.media import podcast_cover
from site_builder.media.share import PANEL, Fonts

FONTS = Fonts.in_theme(REPO / "theme")


def cover(name="Gương sáng giữa đời thường", **changes) -> podcast_cover.Cover:
    values = dict(name=name, station="Đài Phát thanh – Truyền hình tỉnh (mẫu)",
                  site="Điển hình tiên tiến tỉnh Lâm Đồng", badge="Dữ liệu mẫu")
    values.update(changes)
    return podcast_cover.Cover(**values)


def test_a_cover_is_a_square_jpeg_within_the_sizes_podcast_directories_accept(tmp_path):
    urls, files = podcast_cover.make_covers({"guong-sang": cover()}, tmp_path, FONTS)
    (url,) = urls.values()
    assert url.startswith(podcast_cover.COVER_DIR + "/") and set(files) == {url}
    with Image.open(files[url]) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.width == image.height and 1400 <= image.width <= 3000
        corner = image.getpixel((5, 5))
        assert all(abs(a - b) <= 3 for a, b in zip(corner, PANEL))  # the site's colour (JPEG: give or take)


def test_the_same_programme_gives_the_same_bytes_and_a_renamed_one_a_new_address(tmp_path):
    first = podcast_cover.draw_cover(cover(), FONTS)
    again = podcast_cover.draw_cover(cover(), FONTS)
    assert first.tobytes() == again.tobytes()
    urls, _files = podcast_cover.make_covers({"a": cover(), "b": cover("Người tốt – Việc tốt")}, tmp_path, FONTS)
    assert urls["a"] != urls["b"]
    kept, _ = podcast_cover.make_covers({"a": cover()}, tmp_path, FONTS)
    assert kept["a"] == urls["a"]


def test_a_long_name_is_drawn_whole_on_the_cover():
    long_name = "Chương trình phát thanh kể chuyện những điển hình tiên tiến ở cơ sở trong phong trào thi đua"
    image = podcast_cover.draw_cover(cover(long_name), FONTS)
    short = podcast_cover.draw_cover(cover("Gương"), FONTS)
    # More of the cover is ink for the long name, and nothing is drawn past the margins.
    def ink(img: Image.Image) -> int:
        small = img.resize((140, 140))
        return 140 * 140 - dict((colour, count) for count, colour in small.getcolors(140 * 140)).get(PANEL, 0)
    assert ink(image) > ink(short)
    right_edge = image.crop((podcast_cover.SIZE - podcast_cover.MARGIN + 10, 0, podcast_cover.SIZE, podcast_cover.SIZE))
    assert right_edge.getcolors() == [(right_edge.width * right_edge.height, PANEL)]
