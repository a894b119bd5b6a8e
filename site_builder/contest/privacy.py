"""What must not be published: a Vietnamese phone number in a public field, and an entry's
`private:` values anywhere.

An entrant's phone number sits under `private:`; pasted by mistake into a title, a name or the
text, it would be published. It is recognised by its shape: a mobile number (0 or +84, then 3,
5, 7, 8 or 9, then eight digits) or a landline (0 or +84, then 2, then nine digits), written
with or without spaces, dots or dashes between the digits ("0912 345 678", "+84 912.345.678",
"0252-3822-123").
"""

from __future__ import annotations

import re

_GAP = r"[ .\-]?"
PHONE = re.compile(
    r"(?<![\d+])(?:\+84|84|0)" + _GAP + r"(?:[35789](?:" + _GAP + r"\d){8}|2(?:" + _GAP + r"\d){9})(?![\d])")


def phone_numbers(text: str) -> list[str]:
    """The phone numbers written in `text`, as written."""
    return [match.group(0) for match in PHONE.finditer(text)]


def digits(text: str) -> str:
    """A phone number's digits alone, +84 written as 0: how two ways of writing one number compare."""
    only = re.sub(r"\D", "", text)
    return "0" + only[2:] if only.startswith("84") and len(only) >= 11 else only
