"""argparse's own words ("usage:", "options", "invalid choice", "error:") in the catalogue's language.

argparse says them through gettext's module-level `gettext()` and `ngettext()`, bound in its
own namespace as `_` and `ngettext`. Those read compiled .mo files of a domain chosen by
environment variables, so they would follow neither our catalogue (a .po read with Babel)
nor `--lang`. Binding argparse's two names to the catalogue is the one hook argparse has; the
lookups consult the current language on every call, so `--lang en` still gives argparse's
English. The Vietnamese is in site_builder/locale/vi/LC_MESSAGES/site_builder.po under
`#: argparse`, with argparse's %-style placeholders kept as they are.
"""

from __future__ import annotations

import argparse

from ..common.messages import translated


def _gettext(message: str) -> str:
    return translated(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    # Vietnamese has one form; English keeps argparse's two.
    return translated(singular if count == 1 else plural)


def speak_the_catalogue() -> None:
    """From now on argparse's words come from the catalogue, in the current language."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
