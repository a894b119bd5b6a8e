"""A value the schema wants as text is published as the editor typed it, whoever wrote the file:
an editor by hand, the web editor (Decap writes YAML 1.2, which leaves `yes` and `on` unquoted;
PyYAML reads YAML 1.1, where they are true), or the import of a workbook."""

from __future__ import annotations

import datetime as dt

from conftest import VALID_PROFILE

from site_builder.content.diagnostics import Problems
from site_builder.content.load import load_content
from site_builder.content.read import parse_yaml
from site_builder.nominations.importer import render_profile
from site_builder.nominations.rows import Nomination

TYPED = ["0123", "1.50", "0912345678", "yes", "no", "on", "2024-01-01"]


def test_a_profile_keeps_its_text_values_as_typed(content):
    content.profile("nguyen-thi-hoa", VALID_PROFILE + """
awards:
  - award: bang-khen-chu-tich-ubnd-tinh
    decision: 0123
    date: 01/02/2024
achievements: [1.50, yes, no, on, 2024-01-01]
private:
  phone: 0912345678
  house: 012
""")
    loaded, problems = load_content(content.root)
    assert not problems.errors, [str(p) for p in problems.errors]
    (profile,) = loaded.profiles
    assert profile.awards[0].decision == "0123"
    assert list(profile.achievements) == ["1.50", "yes", "no", "on", "2024-01-01"]
    assert profile.private == {"phone": "0912345678", "house": "012"}


def test_a_taxonomy_keeps_its_text_values_as_typed(content):
    awards = content.root / "taxonomies" / "awards.yml"
    awards.write_text(awards.read_text(encoding="utf-8") + """
- code: giay-khen-0123
  name: 0123
  type: khac
  issuer: 1.50
""", encoding="utf-8")
    loaded, problems = load_content(content.root)
    assert not problems.errors, [str(p) for p in problems.errors]
    award = loaded.taxonomies.awards["giay-khen-0123"]
    assert (award.name, award.issuer) == ("0123", "1.50")


def test_the_import_writes_values_that_read_back_as_typed():
    nomination = Nomination(row=7, where="de-nghi.xlsx: Đề nghị!7", unit="ubnd", name="Nguyễn Thị Hoa",
                            submitted=dt.date(2024, 3, 15), locality="ham-thuan-bac",
                            front={"name": "Nguyễn Thị Hoa", "achievements": TYPED,
                                   "private": {"phone": "0912345678"}})
    text = render_profile(nomination)
    front = text.split("---\n")[1]
    problems = Problems()
    data = parse_yaml(front, "index.md", problems)
    assert not problems
    assert list(data["achievements"]) == TYPED  # quoted where YAML would read them otherwise
    assert data["private"]["phone"] == "0912345678"
