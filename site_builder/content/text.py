"""Vietnamese text: normalisation, slugs, collation and dates.

Everything that reads or shows Vietnamese text goes through here, so that the
rules (NFC everywhere, "đ" -> "d" in slugs, the Vietnamese alphabet order,
dd/mm/yyyy) live in one place.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from ..common.messages import _

# --- Normalisation ---------------------------------------------------------


def nfc(text: str) -> str:
    """Return `text` in Unicode Normalization Form C.

    Editors paste from Word, phones and old fonts; the same letter "ệ" can
    arrive as one code point or as "e" + two combining marks. Everything is
    compared and published in NFC.
    """
    return unicodedata.normalize("NFC", text)


# What Word and phones paste that no one meant: soft hyphens and zero-width characters are
# dropped, the no-break and other special spaces become plain spaces.
_PASTED = {**dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None),
           **{ord(c): " " for c in "\u00a0\u2007\u2009\u200a\u202f\u3000"}}


_PASTED_FOUND = re.compile("[" + "".join(map(chr, _PASTED)) + "]")


def clean_text(text: str) -> str:
    """A content file's text as it is read and published: NFC, without what was pasted unseen."""
    text = nfc(text)
    # Most files hold none of them: a search is ten times quicker than `translate` over a whole story.
    return text.translate(_PASTED) if _PASTED_FOUND.search(text) else text


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested dicts and lists (keys too)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return type(value)((nfc_deep(k), nfc_deep(v)) for k, v in value.items())
    if isinstance(value, list):
        return type(value)(nfc_deep(v) for v in value)
    return value


# --- Folding and slugs -----------------------------------------------------

# Letters that NFD does not decompose into base + combining mark.
_SPECIAL_FOLDS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(text: str) -> str:
    """Strip diacritics and lower-case: "Đặng Thị Ánh" -> "dang thi anh"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL_FOLDS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower()


_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A URL slug without diacritics: "Đặng Thị Ánh Tuyết" -> "dang-thi-anh-tuyet"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_PATTERN.match(text))


# --- Vietnamese collation --------------------------------------------------

# The 29 letters of the Vietnamese alphabet in order; letters outside it
# (f, j, w, z in foreign names) are placed where the Latin alphabet puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w",
    "x", "y", "z",
]
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Vowel-quality marks make a different letter (a, ă, â are three letters).
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_MARKED_LETTER = {
    ("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư",
}
# Tone marks only break ties, in the customary order:
# ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@functools.lru_cache(maxsize=1 << 16)  # names are sorted again for every listing and feed they are in
def sort_key(text: str) -> tuple[Any, ...]:
    """Key that sorts strings in Vietnamese alphabetical order.

    Primary order is by letters of the Vietnamese alphabet (so "Ân" comes
    after "Anh", and "Đ" after "D"); tones decide only between otherwise equal
    strings ("Ba" < "Bà" < "Bả" < "Bã" < "Bá" < "Bạ").
    """
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[char]
            continue
        if char in _LETTER_MARKS:
            if letters:
                base = _ALPHABET[letters[-1]] if letters[-1] < len(_ALPHABET) else ""
                marked = _MARKED_LETTER.get((base, _LETTER_MARKS[char]))
                if marked:
                    letters[-1] = _LETTER_RANK[marked]
            continue
        if unicodedata.combining(char):
            continue
        if char == "đ":
            letters.append(_LETTER_RANK["đ"])
        elif char in _LETTER_RANK:
            letters.append(_LETTER_RANK[char])
        elif char.isdigit():
            letters.append(-10 + int(char))  # digits before letters
        elif char.isspace() or char in "-–—,.()":
            letters.append(-20)  # word breaks first: "An" < "An Bình" < "Anh"
        else:
            letters.append(len(_ALPHABET) + ord(char))
        tones.append(0)
    return (tuple(letters), tuple(tones), text)


# --- Dates -----------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DateError(ValueError):
    """A date that cannot be read; the message says how to write it."""


def parse_date(value: object) -> dt.date:
    """Read a date written as ISO (2023-05-19) or dd/mm/yyyy (19/05/2023)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            raise DateError(
                _("'{text}' is not a date; write it as dd/mm/yyyy (19/05/2023) "
                  "or yyyy-mm-dd (2023-05-19)", text=text)
            )
        day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise DateError(_("{date} is not a date: there is no month {month}; write dd/mm/yyyy (19/05/2023)",
                          date=text, month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(_("{date} does not exist: month {month} of {year} has {days} days",
                          date=text, month=month, year=year, days=days))
    return dt.date(year, month, day)


def format_date(date: dt.date) -> str:
    """Vietnamese display form: 19/05/2023."""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"
