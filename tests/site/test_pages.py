"""Page helpers: relative links, placeholders."""

from site_builder.public.views import colour_for, initials
from site_builder.site.renderer import Renderer, relative_url


def test_relative_urls_work_under_any_base_path():
    assert relative_url("ho-so/a/", "linh-vuc/y-te/") == "../../linh-vuc/y-te/"
    assert relative_url("ho-so/a/", "") == "../../"
    assert relative_url("", "ho-so/a/") == "ho-so/a/"
    assert relative_url("linh-vuc/", "linh-vuc/") == "../linh-vuc/"
    assert relative_url("ho-so/a/", "anh/k/480.jpg") == "../../anh/k/480.jpg"
    assert relative_url("linh-vuc/y-te/trang/2/", "linh-vuc/y-te/") == "../../../../linh-vuc/y-te/"
    assert relative_url("", "") == "./"
    assert relative_url("ho-so/a/", "https://example.org/x") == "https://example.org/x"


def test_placeholder_initials_and_colour_are_stable():
    assert initials("Nguyễn Thị Hoa") == "NH"
    assert initials("Hợp tác xã Thanh Long") == "HL"
    assert colour_for("A") == colour_for("A") and colour_for("A") != colour_for("B")


def test_compiled_templates_kept_between_builds_never_outlive_a_template_change(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "hello.html").write_text("Xin chào {{ name }}", encoding="utf-8")
    assert Renderer(templates, {}, None, cache).render("hello.html", "", name="Hoa").strip() == "Xin chào Hoa"
    assert list(cache.iterdir())  # compiled once, kept
    (templates / "hello.html").write_text("Chào mừng {{ name }}", encoding="utf-8")
    assert Renderer(templates, {}, None, cache).render("hello.html", "", name="Hoa").strip() == "Chào mừng Hoa"
