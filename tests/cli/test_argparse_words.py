"""argparse's own words are Vietnamese too: the usage line, the help's headings, its errors.

The words argparse says itself ("usage:", "options", "show this help message and exit",
"invalid choice", "the following arguments are required", "error:") go through the same
catalogue as every other message, so an editor who mistypes a command reads Vietnamese.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_file

from site_builder.common import messages

# argparse's words that a person can meet, and that must not show in Vietnamese.
ENGLISH = ("usage:", "positional arguments", "options:", "show this help message and exit",
           "invalid choice", "choose from", "the following arguments are required", "error:",
           "unrecognized arguments", "expected one argument", "show program's version")


def site_builder(*args: str, lang: str = "vi") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "site_builder", *args], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "SITE_BUILDER_LANG": lang, "PYTHONPATH": ":".join(sys.path)},
                          timeout=60)


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("command", [("--help",), ("check", "--help"), ("build", "--help"), ("new", "--help")])
def test_the_help_is_vietnamese_with_no_english_from_argparse(command):
    result = site_builder(*command)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cách dùng: site-builder"), result.stdout
    assert "tuỳ chọn:" in result.stdout and "hiện hướng dẫn này rồi thoát" in result.stdout
    assert not english_words(result.stdout), english_words(result.stdout)


@pytest.mark.parametrize(("command", "said"), [
    (("chek",), "lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'chek' (chọn một trong 'check'"),
    (("report", "--format", "xml"), "lỗi: tham số --format: lựa chọn không hợp lệ: 'xml'"),
    (("new",), "lỗi: thiếu các tham số bắt buộc: LOẠI, TÊN"),
    (("check", "--bogus"), "lỗi: không hiểu các tham số: --bogus"),
    (("check", "--content"), "lỗi: tham số --content: cần một giá trị"),
])
def test_a_mistyped_command_is_told_in_vietnamese(command, said):
    result = site_builder(*command)

    assert result.returncode == 2
    assert said in result.stderr, result.stderr
    assert re.match(r"cách dùng: site-builder", result.stderr), result.stderr
    assert not english_words(result.stderr), english_words(result.stderr)


def test_english_is_argparse_own_with_lang_en():
    result = site_builder("chek", lang="en")

    assert result.returncode == 2
    assert "usage: site-builder" in result.stderr
    assert "error: argument COMMAND: invalid choice: 'chek'" in result.stderr


def argparse_messages() -> list[str]:
    found = []
    for _line, msgid, _comments, _context in extract_from_file(
            "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}):
        found.extend(msgid if isinstance(msgid, tuple) else (msgid,))
    return found


def test_every_word_of_argparse_has_its_vietnamese_with_its_placeholders():
    vietnamese = messages.catalogue("vi")
    said = argparse_messages()
    assert "invalid choice: %(value)r (choose from %(choices)s)" in said
    missing = [m for m in said if m not in vietnamese]
    assert not missing, missing
    placeholders = re.compile(r"%(?:\(\w+\))?[sr]")
    for msgid in said:
        assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(vietnamese[msgid])), msgid
