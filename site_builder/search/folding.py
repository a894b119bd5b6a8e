"""Vietnamese text as the search index sees it.

Pagefind (1.5+) indexes every word under its accent-free form and keeps the
accented spelling beside it, so "nong nghiep" finds "Nông nghiệp" and an exact
spelling ranks above a folded one. Two things it cannot know about Vietnamese
are folded here, at index time (Python) and at query time (the same rules in
theme/overrides/assets/javascripts/dh-search.js; a browser test keeps the two
in step):

* "đ" is a letter of its own, not "d" plus a mark, so Unicode folding leaves it
  alone and "duc" would never find "Đức". The index writes "đ" as "d" followed
  by U+0335 COMBINING SHORT STROKE OVERLAY, a mark Pagefind drops when folding
  and keeps in the exact form; the search page turns it back into "đ" when it
  shows a result.
* The tone of "oa", "oe" and "uy" at the end of a syllable is written on either
  vowel ("hòa"/"hoà", "khỏe"/"khoẻ", "thúy"/"thuý"); both spellings are in use.
  Index and query both move it to the second vowel, so the two spellings are
  one word, and an exact spelling still outranks a folded one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..content.text import fold, nfc

STROKE = "\u0335"  # COMBINING SHORT STROKE OVERLAY

_LETTER = r"[^\W\d_]"
# A toned first vowel of "oa"/"oe"/"uy" that ends the syllable ("hòa", not "hoàng";
# "thúy", not "quý", where "u" belongs to the consonant "qu").
_OLD_STYLE = re.compile(
    rf"([òóỏõọÒÓỎÕỌ])([aAeE])(?!{_LETTER})"
    rf"|(?<![qQ])([ùúủũụÙÚỦŨỤ])([yY])(?!{_LETTER})"
)


def _move_tone(match: re.Match) -> str:
    first, second = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    base, tone = unicodedata.normalize("NFD", first)[0], unicodedata.normalize("NFD", first)[1:]
    return base + unicodedata.normalize("NFC", second + tone)


def canonical_tones(text: str) -> str:
    """Put the tone of a final "oa", "oe", "uy" on the second vowel: "Hòa" -> "Hoà", "thúy" -> "thuý"."""
    return _OLD_STYLE.sub(_move_tone, text)


def index_form(text: str) -> str:
    """Text as it is indexed and as queries are searched: NFC, tones placed one way, "đ" marked."""
    text = canonical_tones(nfc(text))
    return text.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


def display_form(text: str) -> str:
    """Undo the "đ" marking of `index_form` (what the search page does to excerpts)."""
    return text.replace("d" + STROKE, "đ").replace("D" + STROKE, "Đ")


_WORD = re.compile(r"[a-z0-9]+")


def folded_words(text: str) -> list[str]:
    """Accent-free lower-case words: "Thanh long sạch" -> ["thanh", "long", "sach"]."""
    return _WORD.findall(fold(text))


# Keys are single words to Pagefind. It splits a word at "_", "-", "." and inner capitals and
# indexes the parts as words of their own, so "p_thi_hoa" would add a position to "thi" and
# "hoa" in every record, about doubling the index chunks of common words. The keys join their
# parts with "z" instead, a letter Vietnamese does not use (a foreign word with a "z" could make
# two pairs spell one key; that only changes the order of results, never which ones are found).
KEY_JOIN = "z"


def key(kind: str, *parts: str) -> str:
    """A ranking key: `kind` ("n", "a", "p") and the parts, joined by KEY_JOIN: key("p", "thanh", "long") == "pzthanhzlong"."""
    return KEY_JOIN.join((kind, *parts))


def name_keys(name: str) -> list[str]:
    """A key per word of a name with the rest of the name after it: "nzthizhoaz" for Nguyễn Thị Hoa.

    One key answers "do the query's words stand in a row in the name?" as a single
    Pagefind word (so a single index chunk): "nznguyenzthizhoa" finds it (Pagefind matches
    every query word as a prefix, which also serves a name still being typed,
    "nznguy"), and the closing "z" marks the end of the name ("nzhoaz" is a name
    that ends in Hoa, not Hoàng).
    """
    words = folded_words(name)
    return [key("n", *words[i:], "") for i in range(len(words))]


def _spelled_words(text: str) -> list[str]:
    """Lower-case words of `index_form(text)`, marks kept: letters, marks and digits in a row."""
    words, current = [], []
    for char in index_form(text).lower():
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def fnv1a(text: str) -> str:
    """32-bit FNV-1a of the UTF-8 bytes, as 8 hex digits (the search page computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def spelled_name_keys(name: str) -> list[str]:
    """One key per word of a name spelled with its accents ("az" + a hash of "đặng"), for exact-accent ranking.

    Pagefind folds accents in every word it indexes, so the accented spelling is
    hashed into plain letters that it keeps as they are.
    """
    return [key("a", fnv1a(w)) for w in _spelled_words(name)]


def phrase_keys(text: str) -> list[str]:
    """One key per pair of neighbouring words ("pzthanhzlong"), so a search can ask for a phrase.

    The "pz" keeps the pairs apart from the words in the index's alphabetical chunks, so
    the chunk of a common word ("thanh") does not also carry every pair starting with it.
    """
    return list(_phrase_keys(text))


@functools.lru_cache(maxsize=4096)  # field, movement and place names recur in thousands of profiles
def _phrase_keys(text: str) -> tuple[str, ...]:
    words = folded_words(text)
    return tuple(key("p", a, b) for a, b in zip(words, words[1:]))
