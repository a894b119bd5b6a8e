"""Property: whatever an editor writes, `check` answers with problems or a pass, never a crash,
and every problem keeps the editor's promise: it names the file, a line (1 or more) where the
mistake is, the field it is about, and a message."""

from __future__ import annotations

import os
import re
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
# A problem about a profile's front matter names the field it is about, quoted as the editor
# wrote it: 'name', 'awards[0].decision', 'consent.given' ("unknown field 'given'").
FIELD = re.compile(r"'[A-Za-z_][\w\-]*(\[\d+\])?(\.[\w\-]+(\[\d+\])?)*'")
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=front_matter)
def test_random_front_matter_never_crashes_check(tmp_path_factory, meta):
    root = tmp_path_factory.mktemp("prop") / "content"
    folder = ContentFolder(root)
    text = yaml.safe_dump(meta, allow_unicode=True)
    folder.profile("p", text)
    content, problems = load_content(root)
    profile_file = str(root / "profiles" / "p" / "index.md")
    for problem in problems.items:
        assert problem.path.endswith(os.path.relpath(profile_file)) or problem.path == profile_file, problem
        assert problem.line >= 1, problem
        assert FIELD.search(problem.message), problem
        assert problem.severity in ("error", "warning") and len(problem.message) > 15, problem
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
    for problem in problems.items:
        assert problem.path == "index.md" and problem.line >= 1 and problem.message, problem
