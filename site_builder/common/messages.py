"""Every message a person reads from a command, in Vietnamese first.

Messages are written in the code in English, as gettext msgids with named
placeholders: `_("'{field}': no profile has the slug '{slug}'", field=..., slug=...)`.
Their Vietnamese text is in `site_builder/locale/vi/LC_MESSAGES/site_builder.po`, a
gettext catalogue read with Babel, so translators can use any PO editor and Babel's
extractor lists the messages (`tests/common/test_messages.py` fails when a message of
the code has no Vietnamese text, or the catalogue holds one the code no longer says).

The language is Vietnamese unless a command is run with `--lang en`, with
`SITE_BUILDER_LANG=en`, or with an English `LANG` (`language_from_environment`). What the code has no Vietnamese for, which the
test prevents, is shown in English rather than not at all.
"""

from __future__ import annotations

import functools
import os

from babel.messages.pofile import read_po

from .paths import PACKAGE_DIR

LANGUAGES = ("vi", "en")
DOMAIN = "site_builder"
LOCALE_DIR = PACKAGE_DIR / "locale"

_language = "vi"


def catalogue_path(language: str) -> str:
    return str(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> translated text of one language's catalogue (English is the msgids themselves)."""
    if language == "en":
        return {}
    with open(catalogue_path(language), "rb") as handle:
        parsed = read_po(handle, locale=language, domain=DOMAIN)
    # The catalogue has no plural entries (argparse's two forms are two entries), so every id
    # and text is a string.
    return {message.id: message.string for message in parsed
            if isinstance(message.id, str) and message.id and isinstance(message.string, str) and message.string}


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}'; use one of {', '.join(LANGUAGES)}")
    _language = language


def current_language() -> str:
    return _language


def language_from_environment() -> str:
    """SITE_BUILDER_LANG (vi or en) when set; else English where the locale asks for it
    (LC_ALL, LC_MESSAGES or LANG starting with "en"); else Vietnamese."""
    chosen = os.environ.get("SITE_BUILDER_LANG", "")
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            return "en" if value.lower().startswith("en") else "vi"
    return "vi"


def translated(msgid: str) -> str:
    """The message in the current language, as it is in the catalogue (placeholders unfilled)."""
    return catalogue(_language).get(msgid, msgid) if _language != "en" else msgid


def _(msgid: str, /, **values: object) -> str:
    """The message in the current language, its placeholders filled from `values`."""
    text = translated(msgid)
    return text.format(**values) if values else text
