"""Property: whatever an editor writes, `check` answers with problems or a pass — never a crash."""

from __future__ import annotations

import shutil

import yaml
from conftest import ContentFolder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.content.diagnostics import Problems
from site_builder.content.load import load_content
from site_builder.content.read import read_front_matter_document

KEYS = ["id", "kind", "name", "summary", "fields", "movements", "locality", "unit", "submitted", "stage",
        "status", "publish_from", "featured", "updated", "consent", "photos", "awards", "achievements",
        "sources", "related", "aliases", "corrections", "members", "private", "given", "date", "file", "alt",
        "credit", "award", "decision", "url", "title", "nong-nghiep", "ca-nhan", "unknown"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
    st.text(max_size=40), st.sampled_from(["31/02/2023", "2024-13-01", "01/01/2099", "nong-nghiep", "ca-nhan",
                                          "published", "../../etc/passwd", "/etc/passwd", "javascript:alert(1)",
                                          "a.jpg", "Đặng Thị Ánh Tuyết", ""]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=front_matter)
def test_random_front_matter_never_crashes_check(tmp_path_factory, meta):
    root = tmp_path_factory.mktemp("prop") / "content"
    folder = ContentFolder(root)
    text = yaml.safe_dump(meta, allow_unicode=True)
    folder.profile("p", text)
    content, problems = load_content(root)
    assert isinstance(problems, Problems)
    for problem in problems.items:
        assert problem.path and problem.message and problem.severity in ("error", "warning")
    if not problems.errors:
        assert content is not None and len(content.profiles) == 1
    shutil.rmtree(root.parent)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "index.md"
    path.write_bytes(b"---\n" + data + b"\n---\nStory\n")
    problems = Problems()
    read_front_matter_document(path, "index.md", problems)  # returns or records problems; never raises
    assert all(p.line >= 0 for p in problems.items)
