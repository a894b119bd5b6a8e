"""The sample's localities agree with the official unit list wherever the list covers them: names,
official codes, levels, parents, and what each former unit became on 01/07/2025.

The official list is the PyPI package vietnam-provinces (GPL-3.0-or-later, Python >= 3.12). This MIT
project never imports it: scripts/official-venv.sh installs it into .venv-official (from
tools/official-requirements.txt) and tools/official_localities.py, run there as a subprocess, prints
what it says about the codes of localities.yml as JSON. The comparison is here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_CONTENT

from site_builder.content.diagnostics import Problems
from site_builder.content.read import display_path, read_yaml_file
from site_builder.content.taxonomies import validate_taxonomies

OFFICIAL_PYTHON = REPO / ".venv-official" / "bin" / "python"
LAST_DAY_BEFORE = dt.date(2025, 6, 30)  # the official table's two sides: up to this day, and from the next
FIRST_DAY_AFTER = dt.date(2025, 7, 1)
TONES = "\u0300\u0301\u0303\u0309\u0323"


@pytest.fixture(scope="module", autouse=True)
def official_python():
    if not OFFICIAL_PYTHON.is_file():
        reason = ("no .venv-official (the official unit list needs Python 3.12): run bash scripts/setup.sh --test, "
                  "or bash scripts/official-venv.sh")
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI has Python 3.12: there the check must run
        pytest.skip(reason)


def same_name(ours: str, official: str) -> bool:
    """Names agree word by word, up to where a word's tone mark sits (Thủy / Thuỷ, Hòa / Hoà) and the
    i/y of 'quý/quí' (the official list writes Huyện Phú Quí, and Đặc khu Phú Quý for what replaced it)."""
    def key(name: str) -> tuple:
        words = []
        for word in unicodedata.normalize("NFD", name.casefold()).split():
            tones = tuple(sorted(c for c in word if c in TONES))
            base = unicodedata.normalize("NFC", "".join(c for c in word if c not in TONES))
            words.append(("quy" if base == "qui" else base, tones))
        return tuple(words)
    return key(ours) == key(official)


def official_about(localities) -> dict:
    asked = {table: sorted({loc.official_code for loc in localities.values() if loc.level == level and
                            loc.official_code})
             for table, level in (("provinces", "province"), ("districts", "district"), ("communes", "commune"))}
    run = subprocess.run([str(OFFICIAL_PYTHON), str(REPO / "tools" / "official_localities.py")],
                         input=json.dumps(asked), capture_output=True, text=True, check=True, timeout=120)
    return json.loads(run.stdout)


def disagreements(root: Path) -> tuple[list[str], int]:
    """Every way root's localities.yml differs from the official list, as 'file:line: code: what', and
    how many former units' conversions were compared."""
    problems = Problems()
    localities = validate_taxonomies(root, problems).localities
    assert not problems.errors, problems.errors
    official = official_about(localities)
    path = root / "taxonomies" / "localities.yml"
    data = read_yaml_file(path, display_path(path), Problems())
    lines = {item["code"]: data.line_of(index) for index, item in enumerate(data)}
    wrong, conversions = [], 0

    def say(loc, text):
        wrong.append(f"{display_path(path)}:{lines[loc.code]}: {loc.code}: {text}")

    for loc in localities.values():
        if not loc.official_code:
            continue
        parent = localities.get(loc.parent)
        for side, day in (("before", LAST_DAY_BEFORE), ("after", FIRST_DAY_AFTER)):
            if not loc.valid_on(day):
                continue
            # (there is no "districts_after": a district valid after 30/06/2025 is not in the list)
            entry = official.get(f"{loc.level}s_{side}", {}).get(loc.official_code)
            if entry is None:
                say(loc, f"the official list has no {loc.level} {loc.official_code} "
                         f"{'up to 30/06/2025' if side == 'before' else 'from 01/07/2025'}")
                continue
            name = entry if isinstance(entry, str) else entry["name"]
            if not same_name(loc.name, name):
                say(loc, f"named '{loc.name}', officially '{name}' ({loc.official_code})")
            if isinstance(entry, dict) and parent and entry["province"] != parent.official_code:
                say(loc, f"parent {parent.code} ({parent.official_code}), officially in province {entry['province']}")
        if loc.valid_to == LAST_DAY_BEFORE:
            expected = official[f"{loc.level}_became"].get(loc.official_code)
            if expected is not None:  # else the table does not cover it
                conversions += 1
                ours = sorted(localities[code].official_code for code in loc.became)
                if ours != expected:
                    say(loc, f"became {ours}, officially {expected}")
    return wrong, conversions


def test_the_official_list_is_the_pinned_release():
    official = official_about({})
    pinned = (REPO / "tools" / "official-requirements.txt").read_text(encoding="utf-8")
    assert f"vietnam-provinces=={official['package']}" in pinned
    assert official["effective"] == FIRST_DAY_AFTER.isoformat()


def test_the_sample_agrees_with_the_official_list_names_codes_parents_and_conversions():
    wrong, conversions = disagreements(SAMPLE_CONTENT)
    assert not wrong, "\n".join(wrong)
    assert conversions == 11  # Tỉnh Bình Thuận and its ten districts


def test_each_disagreement_names_the_file_line_and_what_the_official_list_says(content):
    path = content.root / "taxonomies" / "localities.yml"
    text = path.read_text(encoding="utf-8")
    for before, after in (("  official_code: '23272'", "  official_code: '23273'"),  # an unknown code
                          ("name: Xã Hàm Liêm", "name: Xã Hàm Liên"),
                          ("became: [dac-khu-phu-quy]", "became: [phuong-la-gi]")):
        assert before in text
        text = text.replace(before, after)
    path.write_text(text, encoding="utf-8")
    wrong, _ = disagreements(content.root)
    lines = text.split("\n")

    def line(code):
        return lines.index(f"- code: {code}") + 1

    assert sorted(wrong) == sorted([
        f"{display_path(path)}:{line('dac-khu-phu-quy')}: dac-khu-phu-quy: the official list has no commune 23273 "
        "from 01/07/2025",
        f"{display_path(path)}:{line('phu-quy')}: phu-quy: became ['23235'], officially ['23272']",
        f"{display_path(path)}:{line('xa-ham-liem')}: xa-ham-liem: named 'Xã Hàm Liên', officially 'Xã Hàm Liêm' "
        "(23095)",
    ])


def test_a_name_differing_only_in_tone_placement_or_qui_quy_is_the_same_name():
    assert same_name("Phường Phú Thủy", "Phường Phú Thuỷ") and same_name("Huyện Phú Quý", "Huyện Phú Quí")
    assert not same_name("Xã Bắc Bình", "Xã Bắc Bính") and not same_name("Xã Hàm Thuận", "Xã Hàm Thuận Bắc")
