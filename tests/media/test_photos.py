"""Photos: correct pixels, no metadata left, responsive markup, a cache that is never stale."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import VALID_PROFILE
from PIL import Image, ImageCms

from site_builder.content.diagnostics import ContentError
from site_builder.content.load import load_content
from site_builder.content.model import Photo
from site_builder.media.photos import WIDTHS, process_photos
from site_builder.pipeline.run import BuildOptions, build_site

CAMERA = "SecretCam-X100"  # strings planted in metadata; none may survive
OWNER = "Nguyen Van Chu Nha"
GPS_LAT = (10, 55, 30)


def exif_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x013B] = OWNER  # Artist
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", GPS_LAT
    gps[3], gps[4] = "E", (108, 6, 0)
    return exif.tobytes()


def save(path: Path, image: Image.Image, fmt: str = "JPEG", **kwargs) -> Path:
    image.save(path, fmt, **kwargs)
    return path


def photo(path: Path) -> Photo:
    return Photo(source=path, relative=path.name, alt="Ảnh", caption="", credit="Ảnh mẫu")


def rendered(result, name: str, fmt: str = "jpg") -> list[Path]:
    return [result.files[r.url] for r in result.photos[name].renditions if r.format == fmt]


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def test_gps_exif_xmp_and_comments_never_survive(tmp_path, cache):
    source = Image.new("RGB", (2000, 1500), (30, 120, 200))
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{OWNER}</rdf:Description></x:xmpmeta>'
    jpeg = save(tmp_path / "gps.jpg", source, exif=exif_with_gps(), comment=CAMERA.encode(),
                xmp=xmp.encode())
    png = tmp_path / "gps.png"
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", OWNER)
    save(png, source, "PNG", pnginfo=text, exif=exif_with_gps())
    assert CAMERA.encode() in jpeg.read_bytes()  # the planted strings are really there

    result = process_photos([photo(jpeg), photo(png)], cache, with_original=True)
    outputs = [path for path in result.files.values()]
    assert len(outputs) == 2 * (2 * len(WIDTHS) + 1)  # 3 widths × 2 formats + the original, per photo
    for path in outputs:
        data = path.read_bytes()
        for planted in (CAMERA, OWNER, "xmpmeta", "GPS"):
            assert planted.encode() not in data, f"{planted} in {path.name}"
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "xmp" not in image.info and "comment" not in image.info and "exif" not in image.info


def test_exif_orientation_is_applied_to_the_pixels(tmp_path, cache):
    # A portrait photo stored landscape, with "rotate 90° clockwise" in EXIF (orientation 6):
    # the left half is red, so after rotation the TOP half must be red.
    stored = Image.new("RGB", (1200, 800), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 600, 800))
    path = save(tmp_path / "rotated.jpg", stored, exif=exif_with_gps(orientation=6))
    result = process_photos([photo(path)], cache)
    largest = max(rendered(result, "rotated.jpg"), key=lambda p: p.stat().st_size)
    with Image.open(largest) as image:
        assert image.height > image.width
        top = image.getpixel((image.width // 2, image.height // 4))
        bottom = image.getpixel((image.width // 2, 3 * image.height // 4))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_cmyk_palette_and_alpha_become_srgb(tmp_path, cache):
    cmyk = save(tmp_path / "scan.jpg", Image.new("CMYK", (900, 600), (0, 255, 255, 0)))  # pure red ink
    alpha = Image.new("RGBA", (900, 600), (0, 0, 0, 0))
    alpha.paste((0, 128, 0, 255), (0, 0, 450, 600))
    alpha_png = save(tmp_path / "logo.png", alpha, "PNG")
    palette = save(tmp_path / "palette.png", Image.new("RGB", (900, 600), (200, 30, 30)).convert("P"), "PNG")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = save(tmp_path / "icc.jpg", Image.new("RGB", (900, 600), (10, 200, 10)), icc_profile=srgb)

    result = process_photos([photo(cmyk), photo(alpha_png), photo(palette), photo(tagged)], cache)
    assert not result.errors
    for name in ("scan.jpg", "logo.png", "palette.png", "icc.jpg"):
        for path in rendered(result, name) + rendered(result, name, "webp"):
            with Image.open(path) as image:
                assert image.mode == "RGB", (name, image.mode)
    with Image.open(rendered(result, "scan.jpg")[0]) as image:
        red = image.getpixel((10, 10))
    assert red[0] > 200 and red[1] < 80 and red[2] < 80, red
    with Image.open(rendered(result, "logo.png")[0]) as image:
        assert image.getpixel((image.width - 5, 5)) == (255, 255, 255)  # transparent -> white
        assert image.getpixel((5, 5))[1] > 100


def test_widths_never_upscale(tmp_path, cache):
    small = save(tmp_path / "small.jpg", Image.new("RGB", (700, 500)))
    huge = save(tmp_path / "huge.jpg", Image.new("RGB", (6000, 4000), (90, 90, 90)))
    result = process_photos([photo(small), photo(huge)], cache)
    assert sorted({r.width for r in result.photos["small.jpg"].renditions}) == [480, 700]
    assert sorted({r.width for r in result.photos["huge.jpg"].renditions}) == list(WIDTHS)
    assert result.photos["huge.jpg"].srcset("webp").endswith("1600.webp 1600w")


def test_truncated_file_is_an_error_not_a_crash(tmp_path, cache):
    good = save(tmp_path / "good.jpg", Image.new("RGB", (1000, 800), (1, 2, 3)))
    truncated = tmp_path / "cut.jpg"
    truncated.write_bytes(good.read_bytes()[:600])
    result = process_photos([photo(truncated)], cache)
    assert "cut.jpg" in result.errors and "cannot read image" in result.errors["cut.jpg"]


def test_cache_reuses_unchanged_photos_and_never_serves_stale_ones(tmp_path, cache):
    path = save(tmp_path / "p.jpg", Image.new("RGB", (1000, 700), (200, 0, 0)))
    first = process_photos([photo(path)], cache)
    assert first.encoded == 1
    again = process_photos([photo(path)], cache)
    assert again.encoded == 0 and again.photos == first.photos
    save(path, Image.new("RGB", (1000, 700), (0, 200, 0)))  # the editor replaces the photo
    changed = process_photos([photo(path)], cache)
    assert changed.encoded == 1 and changed.photos["p.jpg"].key != first.photos["p.jpg"].key
    with Image.open(rendered(changed, "p.jpg")[0]) as image:
        assert image.getpixel((5, 5))[1] > 150
    # Deleting the cache only costs time.
    import shutil

    shutil.rmtree(cache)
    assert process_photos([photo(path)], cache).photos == changed.photos


def test_limits_are_checked_with_clear_errors(content):
    fm = VALID_PROFILE + "photos:\n  - file: fake.jpg\n    alt: Ảnh\n    credit: Ảnh mẫu\n"
    path = content.profile("p", fm)
    (path.parent / "fake.jpg").write_text("<html>not a photo</html>")
    _, problems = load_content(content.root)
    assert "'photos[1].file': 'fake.jpg' is not a readable photo" in str(problems.errors[0])

    site = content.root / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("max_photo_megabytes: 25", "max_photo_megabytes: 1"),
                    encoding="utf-8")
    Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3)).save(path.parent / "fake.jpg", quality=100)
    _, problems = load_content(content.root)
    assert "over the limit of 1 MB set by 'max_photo_megabytes'" in str(problems.errors[0])


def test_symlinked_photo_is_refused(content, tmp_path):
    outside = save(tmp_path / "secret.jpg", Image.new("RGB", (10, 10)))
    fm = VALID_PROFILE + "photos:\n  - file: link.jpg\n    alt: Ảnh\n    credit: Ảnh mẫu\n"
    path = content.profile("p", fm)
    (path.parent / "link.jpg").symlink_to(outside)
    _, problems = load_content(content.root)
    assert len(problems.errors) == 1
    message = str(problems.errors[0])
    assert "outside the content folder" in message or "is a link" in message


def test_truncated_photo_stops_the_build_naming_profile_and_photo(content, tmp_path):
    fm = VALID_PROFILE + "photos:\n  - file: cut.jpg\n    alt: Ảnh\n    credit: Ảnh mẫu\n"
    path = content.profile("p", fm)
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 800), (9, 9, 9)).save(buffer, "JPEG")
    (path.parent / "cut.jpg").write_bytes(buffer.getvalue()[:700])
    with pytest.raises(ContentError) as failure:
        build_site(BuildOptions(content.root, tmp_path / "site", __import__("datetime").date(2025, 1, 1),
                                cache_dir=tmp_path / "cache"))
    (problem,) = failure.value.problems
    assert problem.path.endswith("profiles/p/index.md") and "cut.jpg" in problem.message


def test_pages_use_srcset_with_existing_files_and_sizes(sample_site):
    page = BeautifulSoup((sample_site / "ho-so/nguyen-thi-hoa/index.html").read_text(encoding="utf-8"), "html.parser")
    lead = page.select_one(".dh-figure--lead")
    img, webp = lead.select_one("img"), lead.select_one('source[type="image/webp"]')
    assert img["loading"] == "eager" and img["width"] and img["height"] and img["sizes"]
    for srcset in (img["srcset"], webp["srcset"]):
        for candidate in srcset.split(", "):
            url, width = candidate.split(" ")
            file = (sample_site / "ho-so/nguyen-thi-hoa" / url).resolve()
            assert file.is_file()
            with Image.open(file) as image:
                assert f"{image.width}w" == width
    below_fold = page.select(".dh-gallery img, .dh-related img")
    assert below_fold and all(i["loading"] == "lazy" for i in below_fold)
    download = lead.select_one("a[download]")
    assert download and (sample_site / "ho-so/nguyen-thi-hoa" / download["href"]).resolve().is_file()


def test_no_published_image_has_metadata(sample_site):
    images = [p for p in (sample_site / "anh").rglob("*") if p.is_file()]
    assert images
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif() and "comment" not in image.info and "xmp" not in image.info, path
