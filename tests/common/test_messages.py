"""Every message of the code exists in Vietnamese (and in English: the message itself), and the
Vietnamese catalogue holds nothing the code no longer says."""

from __future__ import annotations

import argparse
import re
import string

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from conftest import REPO

from site_builder.common import messages


def messages_in_code() -> dict[str, str]:
    """msgid -> where it is said, as Babel's extractor finds the calls of `_`."""
    found = {}
    for filename, line, msgid, _comments, _context in extract_from_dir(
            str(REPO / "site_builder"), method_map=[("**.py", "python")], keywords={"_": None}):
        found.setdefault(msgid, f"site_builder/{filename}:{line}")
    # argparse's own words, which site_builder/cli/argparse_words.py takes from the catalogue.
    for line, msgid, _comments, _context in extract_from_file(
            "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}):
        for each in msgid if isinstance(msgid, tuple) else (msgid,):
            found.setdefault(each, f"argparse:{line}")
    return found


def vietnamese() -> dict[str, str]:
    with open(messages.catalogue_path("vi"), "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_of_the_code_has_its_vietnamese_text():
    catalogue = vietnamese()  # read once, not once per message (that was 5 s of .po parsing)
    missing = {msgid: where for msgid, where in messages_in_code().items() if not catalogue.get(msgid)}
    assert not missing, "\n".join(f"{where}: no Vietnamese for {msgid!r}" for msgid, where in missing.items())


def test_the_catalogue_holds_no_message_the_code_no_longer_says():
    stale = set(vietnamese()) - set(messages_in_code())
    assert not stale, sorted(stale)


def test_each_message_is_in_the_catalogue_once():
    # Branches that each add messages are merged by union (.gitattributes): a message two of
    # them added would be there twice, and Babel would silently keep the last translation.
    with open(messages.catalogue_path("vi"), "rb") as handle:
        ids = [m.id for m in read_po(handle, abort_invalid=False) if m.id]
    text = open(messages.catalogue_path("vi"), encoding="utf-8").read()
    said = re.findall(r'^msgid "(.+)"$', text, flags=re.M)
    assert len(said) == len(set(said)), sorted({i for i in said if said.count(i) > 1})
    assert len(ids) == len(set(ids))


def test_a_translation_keeps_the_placeholders_of_its_message():
    wrong = {msgid: text for msgid, text in vietnamese().items() if placeholders(msgid) != placeholders(text)}
    assert not wrong, wrong


def test_the_language_is_vietnamese_unless_english_is_asked_for(monkeypatch):
    for name in ("SITE_BUILDER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert messages.language_from_environment() == "vi"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert messages.language_from_environment() == "vi"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert messages.language_from_environment() == "en"
    monkeypatch.setenv("LC_ALL", "vi_VN.UTF-8")
    assert messages.language_from_environment() == "vi"
    monkeypatch.setenv("SITE_BUILDER_LANG", "en")
    assert messages.language_from_environment() == "en"
