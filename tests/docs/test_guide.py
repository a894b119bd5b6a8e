"""The editors' guide (docs/huong-dan/README.md) teaches only what works.

Every example profile in it (a ```markdown block whose first line is `---`) is
written into a content folder with the sample's settings and taxonomies, beside
the photos it names, and must pass `check` without an error or a warning: an
editor who copies an example gets a profile the build accepts. Every command in
a ```sh block must be one the command line really has, with options it really
takes, so the guide never names a command or an option that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from PIL import Image

from site_builder.cli.main import parser
from site_builder.common.messages import set_language
from site_builder.content.load import load_content
from site_builder.content.text import slugify
from site_builder.public.gate import publish

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "huong-dan" / "README.md"
KINDS = ("ca-nhan", "tap-the", "ho-gia-dinh")
SUBCOMMANDS = ("check", "build", "serve", "report", "yearbook", "new", "cms", "template", "import")


def fenced_blocks(language: str) -> list[str]:
    """The bodies of the guide's fenced code blocks opened with ```<language>, those
    indented inside a numbered step included (dedented)."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(rf"^[ \t]*```{language}[ \t]*\n(.*?)^[ \t]*```[ \t]*$", text, flags=re.M | re.S)
    return [textwrap.dedent(block) for block in blocks]


def example_profiles() -> list[str]:
    return [block for block in fenced_blocks("markdown") if block.startswith("---\n")]


def front_matter(example: str) -> dict:
    return yaml.safe_load(example.split("---\n")[1])


def write_photo(path: Path, shade: int) -> None:
    """A small JPEG; each one different, since byte-identical photos mark a duplicate profile."""
    Image.new("RGB", (640, 480), (40 + shade * 37 % 200, 120, 80)).save(path, "JPEG")


def test_the_guide_has_a_full_example_of_each_kind_of_profile():
    kinds = [front_matter(example)["kind"] for example in example_profiles()]
    assert sorted(set(kinds)) == sorted(KINDS), kinds


@pytest.mark.parametrize("example", example_profiles(),
                         ids=lambda e: slugify(str(front_matter(e)["name"])))
def test_an_example_profile_of_the_guide_passes_check(content, example):
    folder = content.root / "profiles" / slugify(str(front_matter(example)["name"]))
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(example, encoding="utf-8")
    photos = front_matter(example).get("photos") or []
    for shade, photo in enumerate(photos):
        write_photo(folder / photo["file"], shade)

    result, problems = load_content(content.root)

    assert not problems.errors, [str(p) for p in problems.errors]
    assert not problems.warnings, [str(p) for p in problems.warnings]
    assert [p.name for p in result.profiles] == [front_matter(example)["name"]]
    # An example marked published is one the site shows: consent given, no embargo left.
    if front_matter(example)["status"] == "published":
        publication = publish(result, dt.date(2026, 1, 1))
        assert [p.name for p in publication.profiles] == [front_matter(example)["name"]], publication.withheld


def test_all_the_example_profiles_together_pass_check(content):
    """Copied side by side, the examples are not taken for one another (no duplicate, no shared address)."""
    for number, example in enumerate(example_profiles()):
        folder = content.root / "profiles" / slugify(str(front_matter(example)["name"]))
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(example, encoding="utf-8")
        for shade, photo in enumerate(front_matter(example).get("photos") or []):
            write_photo(folder / photo["file"], number * 10 + shade)

    result, problems = load_content(content.root)

    assert not problems.errors, [str(p) for p in problems.errors]
    assert len(result.profiles) == len(example_profiles())


def guide_commands() -> list[str]:
    """Every command of the guide's ```sh blocks; `a && b` is two commands."""
    commands = []
    for block in fenced_blocks("sh"):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.extend(part.strip() for part in line.split("&&"))
    return commands


def test_the_guide_shows_commands():
    assert len(guide_commands()) >= 10


@pytest.mark.parametrize("command", guide_commands())
def test_a_command_of_the_guide_exists_with_the_options_it_shows(command):
    if command.startswith("bash "):
        assert shlex.split(command)[:2] == ["bash", "scripts/setup.sh"]
        return
    words = shlex.split(command)
    assert words[0] in ("site-builder", ".venv/bin/site-builder"), command
    assert words[1] in SUBCOMMANDS, command
    # The real parser: an option the command does not take exits with status 2.
    parser().parse_args(words[1:])


def test_every_relative_link_and_screenshot_of_the_guide_exists():
    text = GUIDE.read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in t]
    assert any(t.endswith("preview-draft-banner.png") for t in targets)
    assert any(t.endswith("preview-problems.png") for t in targets)
    for target in targets:
        assert (GUIDE.parent / target.split("#")[0]).resolve().is_file(), target


# The mistakes of the guide's table "Các thông báo thường gặp", made on a profile with a photo:
# each must give, word for word, the Vietnamese message the table shows, so the table stays true.
THUY = """\
---
kind: ca-nhan
name: Phạm Thị Thuý
summary: Điều dưỡng trưởng khoa Nhi.
fields: [y-te]
locality: phan-thiet
unit: so-y-te
submitted: 18/07/2024
stage: tong-ket
status: published
consent:
  given: true
  date: 10/07/2024
photos:
  - file: photo-1.jpg
    alt: Nữ điều dưỡng trò chuyện với một người mẹ
    credit: Ảnh minh họa
---
Câu chuyện.
"""


def replace(old, new):
    def edit(folder: Path) -> None:
        path = folder / "index.md"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def rename(name):
    return lambda folder: (folder / "index.md").rename(folder / name)


def add_file(name, data=b"PK\x03\x04"):
    return lambda folder: (folder / name).write_bytes(data)


def both(*edits):
    return lambda folder: [edit(folder) for edit in edits]


def copy_folder(folder: Path) -> None:
    shutil.copytree(folder, folder.with_name("pham-thi-thuy-ban-sao"))


MISTAKES = {
    "unknown code": replace("fields: [y-te]", "fields: [y-te-cong-dong]"),
    "a name instead of a code": replace("fields: [y-te]", "fields: [Y tế]"),
    "a required field missing in review": both(replace("status: published", "status: review"),
                                               replace("summary: Điều dưỡng trưởng khoa Nhi.\n", "")),
    "a draft that still lacks a required field": both(replace("status: published", "status: draft"),
                                                      replace("summary: Điều dưỡng trưởng khoa Nhi.\n", "")),
    "an unclosed quote": replace("unit: so-y-te", 'unit: "so-y-te'),
    "a related profile that does not exist": replace("stage: tong-ket", "stage: tong-ket\nrelated: [pham-thi-thuy-cu]"),
    "a date that does not exist": replace("18/07/2024", "31/02/2024"),
    "a month that does not exist": replace("18/07/2024", "18/13/2024"),
    "a status that does not exist": replace("status: published", "status: cong-bo"),
    "a tab in the indentation": replace("  given: true", "\tgiven: true"),
    "a missing colon": replace("locality: phan-thiet", "locality phan-thiet"),
    "the same person twice (a copied folder)": copy_folder,
    "index.md.txt": rename("index.md.txt"),
    "INDEX.MD": rename("INDEX.MD"),
    "a Word file": add_file("ho-so.docx"),
    "a photo not listed": lambda folder: write_photo(folder / "anh-moi.jpg", 1),
    "a photo name that is wrong": replace("file: photo-1.jpg", "file: anh-1.jpg"),
    "a photo without alt": replace("    alt: Nữ điều dưỡng trò chuyện với một người mẹ\n", ""),
    "a name with markup": replace("name: Phạm Thị Thuý", "name: Phạm Thị <b>Thuý</b>"),
    "no consent": replace("  given: true", "  given: false"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_guide_shows_the_real_message_of_a_common_mistake(content, mistake):
    folder = content.root / "profiles" / "pham-thi-thuy"
    folder.mkdir()
    (folder / "index.md").write_text(THUY, encoding="utf-8")
    write_photo(folder / "photo-1.jpg", 0)
    MISTAKES[mistake](folder)
    set_language("vi")

    _, problems = load_content(content.root)

    messages = [p.message.replace(f"{content.root}/", "") for p in problems.items]
    assert messages, mistake
    guide = GUIDE.read_text(encoding="utf-8")
    shown = [m for m in messages if m in guide]
    assert shown, f"{mistake}: the guide's table does not show {messages}"
