"""content/markup.py: what an editor's Markdown becomes on a page, what is removed on the
way (whatever was pasted into the file), and when the editor is told about it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from site_builder.content.markup import render_inline, render_markdown, render_story


def html_of(text: str, **options) -> str:
    return str(render_story(text, **options)[0])


def removed(text: str) -> bool:
    return render_story(text)[1]


def tags(html: str) -> list[str]:
    return [tag.name for tag in BeautifulSoup(html, "html.parser").find_all(True)]


# --- What editors' Markdown becomes ------------------------------------------------------------


STORY = """\
# Hành trình làm giàu

Chị **Nguyễn Thị Hoa** trồng *thanh long* VietGAP.

## Kết quả

- 3 ha thanh long
- 12 lao động

1. Năm 2022: đạt chuẩn
2. Năm 2023: xuất khẩu

> Làm nông cũng phải có kỷ luật.

| Năm | Sản lượng |
|-----|-----------|
| 2023 | 90 tấn |

Xem [bài trên Báo Bình Thuận](https://baobinhthuan.com.vn/bai-viet "Báo Bình Thuận") hoặc
viết cho <hoa@example.vn>... hay [email](mailto:hoa@example.vn).
"""


def test_a_markdown_story_keeps_its_headings_lists_emphasis_quotes_tables_and_links():
    page = BeautifulSoup(html_of(STORY), "html.parser")
    assert [h.get_text() for h in page.find_all(["h2", "h3"])] == ["Hành trình làm giàu", "Kết quả"]
    assert page.strong.get_text() == "Nguyễn Thị Hoa"
    assert page.em.get_text() == "thanh long"
    assert [li.get_text() for li in page.ul.find_all("li")] == ["3 ha thanh long", "12 lao động"]
    assert len(page.ol.find_all("li")) == 2
    assert page.blockquote.get_text(strip=True) == "Làm nông cũng phải có kỷ luật."
    assert [td.get_text() for td in page.table.find_all("td")] == ["2023", "90 tấn"]
    link = page.find("a", href="https://baobinhthuan.com.vn/bai-viet")
    assert link.get_text() == "bài trên Báo Bình Thuận" and link["title"] == "Báo Bình Thuận"
    assert page.find("a", href="mailto:hoa@example.vn") is not None


def test_links_open_without_giving_the_other_site_a_handle_on_the_page():
    link = BeautifulSoup(html_of("[Báo](https://baobinhthuan.com.vn/)"), "html.parser").a
    assert link["rel"] == ["noopener", "noreferrer"]


def test_a_plain_markdown_story_is_not_reported_as_having_content_removed():
    assert removed(STORY.replace("<hoa@example.vn>", "hoa@example.vn")) is False


def test_the_story_is_markup_safe_to_print_in_a_template():
    assert isinstance(render_story("Đoạn văn.")[0], Markup)
    assert isinstance(render_inline("Đoạn văn."), Markup)


@pytest.mark.parametrize("first", ["#", "##", "###"])
def test_the_storys_highest_heading_becomes_h2_under_the_pages_own_h1(first):
    html = html_of(f"{first} Mở đầu\n\n{first}# Chi tiết")
    assert tags(html) == ["h2", "h3"]


def test_the_top_heading_level_can_be_chosen_and_levels_stop_at_h6():
    assert tags(html_of("# A\n\n## B", top_heading=1)) == ["h1", "h2"]
    assert tags(html_of("# A\n\n###### F", top_heading=3)) == ["h3", "h6"]


def test_a_numbered_list_may_start_at_another_number():
    assert BeautifulSoup(html_of("3. ba\n4. bốn"), "html.parser").ol["start"] == "3"


def test_text_that_looks_like_html_is_escaped_not_interpreted():
    assert html_of("Giá 5 > 3 & 2 < 4") == "<p>Giá 5 &gt; 3 &amp; 2 &lt; 4</p>"


def test_allowed_inline_html_is_kept():
    html = html_of('<u>gạch chân</u>, <mark>đánh dấu</mark>, <abbr title="Ủy ban nhân dân">UBND</abbr>')
    assert tags(html) == ["p", "u", "mark", "abbr"]
    assert 'title="Ủy ban nhân dân"' in html


# --- What is removed ----------------------------------------------------------------------------


DANGEROUS = {
    "script": "Trước\n\n<script>alert('x')</script>\n\nSau",
    "event handler": '<p onclick="alert(1)">Bấm</p>',
    "javascript link": "[bấm vào đây](javascript:alert(1))",
    "data url": "[mở](data:text/html;base64,PHNjcmlwdD4=)",
    "iframe": '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    "style element": "<style>body { display: none }</style>\n\nChữ",
    "style attribute": '<p style="color:red">Đỏ</p>',
    "svg": "<svg onload=alert(1)><circle r=1 /></svg>",
    "remote image": "![theo dõi](https://tracker.example/pixel.png)",
    "image with handler": "<img src=x onerror=alert(1)>",
    "form": '<form action="https://evil.example"><input name=q></form>',
    "object": '<object data="x.swf"></object>',
}


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_nothing_that_runs_or_loads_from_elsewhere_reaches_the_page_and_the_editor_is_told(text):
    html, was_removed = render_story(text)
    assert was_removed is True
    page = BeautifulSoup(str(html), "html.parser")
    assert not page.find_all(["script", "style", "iframe", "svg", "img", "form", "input", "object"])
    for tag in page.find_all(True):
        assert not any(name.startswith("on") or name == "style" for name in tag.attrs), tag
        assert not tag.get("href", "").startswith(("javascript:", "data:"))
    assert "alert" not in str(html)
    assert "display: none" not in str(html)


def test_a_forbidden_link_keeps_its_words_but_loses_its_address():
    page = BeautifulSoup(html_of("[bấm vào đây](javascript:alert(1))"), "html.parser")
    assert page.a.get_text() == "bấm vào đây"
    assert not page.a.has_attr("href")


def test_raw_html_outside_the_allowlist_loses_its_tags_but_keeps_its_words():
    html = html_of('<div class="box"><span>Chị Hoa</span> <font color=red>giỏi</font></div>')
    assert tags(html) == []
    assert "Chị Hoa" in html and "giỏi" in html


def test_a_script_keeps_neither_its_tag_nor_its_code_and_the_text_around_it_stays():
    page = BeautifulSoup(html_of(DANGEROUS["script"]), "html.parser")
    assert [p.get_text() for p in page.find_all("p")] == ["Trước", "Sau"]


def test_images_never_come_from_the_story_photos_go_under_photos():
    for text in ("![ảnh](anh-1.jpg)", "![ảnh](https://baobinhthuan.com.vn/anh.jpg)"):
        html, was_removed = render_story(text)
        assert "<img" not in str(html) and was_removed


def test_a_link_opening_a_new_window_is_kept_without_the_new_window():
    html = html_of('<a href="https://x.vn" target="_blank">x</a>')
    assert 'href="https://x.vn"' in html and "target" not in html


def test_editors_comments_are_not_published():
    assert "ghi chú nội bộ" not in html_of("<!-- ghi chú nội bộ -->\n\nChữ")


def test_a_text_rendered_earlier_does_not_leak_into_the_next():
    """One converter is reused per thread: a link reference defined in one story must not
    resolve in another."""
    html_of("[bao]: https://baobinhthuan.com.vn/\n\nMột câu.")
    assert "<a" not in html_of("Xem [bài][bao].")


# --- Short texts -------------------------------------------------------------------------------


def test_render_inline_leaves_a_single_paragraph_unwrapped():
    assert str(render_inline("Một *đoạn* ngắn.")) == "Một <em>đoạn</em> ngắn."


def test_render_inline_keeps_the_paragraphs_of_a_longer_text():
    assert str(render_inline("Hai\n\nđoạn")) == "<p>Hai</p>\n<p>đoạn</p>"


def test_render_inline_is_sanitised_too():
    html = str(render_inline('Giới thiệu <script>alert(1)</script><b onmouseover="x()">đậm</b>'))
    assert "script" not in html and "alert" not in html and "onmouseover" not in html
    assert "<b>đậm</b>" in html


def test_render_markdown_is_the_story_without_the_report():
    assert render_markdown(STORY) == render_story(STORY)[0]


# --- When the editor is told ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Bản quyền &copy; 2024",
    "Liên hệ <hoa@example.vn>",
    "<abbr title='Ủy ban nhân dân'>UBND</abbr>",
    "| Năm | Tấn |\n|:-----|-----:|\n| 2023 | 90 |",
], ids=["entity", "email autolink", "single-quoted attribute", "aligned table"])
def test_plain_markdown_is_never_reported_as_removed_content(text):
    assert removed(text) is False
