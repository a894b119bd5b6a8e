"""Stories become well-formed XHTML for the EPUB: what HTML allows and XML does not is rewritten."""

import pytest

from site_builder.content.markup import render_markdown
from site_builder.yearbook.xhtml import (
    NotWellFormed,
    check_well_formed,
    insert_before_ids,
    number_blocks,
    to_xhtml,
)


def wrap(fragment: str) -> str:
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{fragment}</div>'


def test_void_elements_are_closed_and_named_entities_become_characters():
    html = "<p>Dòng một<br>dòng hai&nbsp;cuối &amp; hết</p><hr>"
    xhtml = str(to_xhtml(html))
    assert xhtml == "<p>Dòng một<br/>dòng hai\u00a0cuối &amp; hết</p><hr/>"
    assert "&nbsp;" not in xhtml
    check_well_formed(wrap(xhtml), "fragment")


def test_unclosed_elements_are_closed_and_attributes_escaped():
    xhtml = str(to_xhtml('<ul><li><a href="https://example.org/?a=1&amp;b=2" title="say &quot;hi&quot;">x</a><li>y</ul>'))
    check_well_formed(wrap(xhtml), "fragment")
    assert 'href="https://example.org/?a=1&amp;b=2"' in xhtml
    assert 'title="say &quot;hi&quot;"' in xhtml


def test_a_rendered_story_with_line_breaks_and_tables_is_well_formed():
    story = "Câu một  \nCâu hai\u00a0có khoảng trắng cứng.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n---\n\n## Tiêu đề\n"
    xhtml = to_xhtml(render_markdown(story, top_heading=4))
    check_well_formed(wrap(str(xhtml)), "story")
    assert "<h4>Tiêu đề</h4>" in xhtml


def test_block_ids_are_xml_names_and_markers_go_before_them():
    numbered = number_blocks("<p>a</p><ul><li>b</li></ul><h4>c</h4>", "p-3-nguoi-s")
    assert numbered == '<p id="p-3-nguoi-s1">a</p><ul id="p-3-nguoi-s2"><li>b</li></ul><h4 id="p-3-nguoi-s3">c</h4>'
    marked = insert_before_ids(numbered, {"p-3-nguoi-s2": "<span/>"})
    assert marked.startswith('<p id="p-3-nguoi-s1">a</p><span/><ul id="p-3-nguoi-s2">')


def test_not_well_formed_documents_are_named_with_line_and_column():
    with pytest.raises(NotWellFormed, match=r"EPUB/text/x.xhtml:2:\d+: not well-formed"):
        check_well_formed("<html>\n<p>&nbsp;</p></html>", "EPUB/text/x.xhtml")
