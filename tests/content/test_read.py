"""Loading: strict, safe YAML that remembers lines; every failure is a Problem."""

from site_builder.content.diagnostics import Problems
from site_builder.content.read import MAX_DEPTH, parse_yaml, read_front_matter_document


def parse(text, first_line=1):
    problems = Problems()
    return parse_yaml(text, "f.yml", problems, first_line), problems


def test_keys_remember_their_lines():
    data, problems = parse("name: A\nfields:\n  - x\n  - y\n")
    assert not problems
    assert data.line_of("name") == 1 and data.line_of("fields") == 2
    assert data["fields"].line_of(1) == 4


def test_front_matter_lines_count_from_the_file_start(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\nname: A\nkind: ca-nhan\n---\nStory\n", encoding="utf-8")
    problems = Problems()
    doc = read_front_matter_document(path, "p.md", problems)
    assert doc.meta.line_of("kind") == 3
    assert doc.body.strip() == "Story" and doc.body_line == 5


def test_dates_stay_text_so_validation_can_explain_them():
    data, problems = parse("submitted: 2023-02-31\n")
    assert not problems and data["submitted"] == "2023-02-31"


def test_aliases_are_refused_which_stops_yaml_bombs():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    data, problems = parse(bomb)
    assert data is None
    assert "aliases" in str(problems.errors[0]) and problems.errors[0].line == 1  # where the anchor is


def test_duplicate_keys_are_reported():
    _, problems = parse("name: A\nname: B\n")
    assert "appears twice" in problems.errors[0].message and problems.errors[0].line == 2


def test_deep_nesting_is_refused():
    _, problems = parse("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert "nested deeper" in problems.errors[0].message


def test_syntax_error_names_line_and_hint():
    _, problems = parse("name: A\nsummary: a: b: c\n", first_line=2)
    error = problems.errors[0]
    assert error.line == 3 and "line 3 has a ':' inside a value" in error.message and "quotes" in error.message


def test_non_utf8_file_is_reported_with_line(tmp_path):
    path = tmp_path / "p.md"
    # Saved by an old Windows editor in the Vietnamese code page, not UTF-8.
    path.write_bytes("---\nname: A\n".encode() + "summary: Lê Hà\n".encode("cp1258") + b"---\n")
    problems = Problems()
    assert read_front_matter_document(path, "p.md", problems) is None
    assert problems.errors[0].line == 3 and "UTF-8" in problems.errors[0].message


def test_text_is_nfc_normalised():
    data, _ = parse("name: Nguye\u0302\u0303n\n")
    assert data["name"] == "Nguyễn"


def test_missing_front_matter(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("Just a story\n", encoding="utf-8")
    problems = Problems()
    read_front_matter_document(path, "p.md", problems)
    assert "must start with a line '---'" in problems.errors[0].message


def test_a_value_that_is_only_an_equals_sign_is_text():
    # YAML 1.1 gives "=" a type of its own that SafeLoader cannot build; hypothesis found
    # `id: =` + a soft hyphen reported as "could not determine a constructor", naming no field.
    problems = Problems()
    assert parse_yaml("id: =\xad\nname: =\n", "p.md", problems) == {"id": "=\xad", "name": "="}
    assert not problems.errors
