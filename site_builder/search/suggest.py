"""The names the search page suggests from ("Có phải bạn muốn tìm: Nguyễn Thị Hoa?").

Pagefind has no typo tolerance: "nguyn thi hoa" finds nothing. When a query finds
nothing, or far fewer than a close spelling would, dh-search.js loads this file
and compares the query's folded words with the folded words of every public
profile's name (edit distance, one edit for short words, two for long; see
`suggestionFor` there). The file holds the display names only, in Vietnamese
order and each once; the page folds them itself, which halves the file.

It is built from `Publication.profiles`, so a withheld profile's name is never in
it. Its weight: see README ("Gợi ý khi gõ sai").
"""

from __future__ import annotations

import json

from ..content.text import nfc, sort_key
from ..public.gate import Publication

NAMES_FILE = "dh-names.json"  # inside the search bundle's folder, beside Pagefind's files


def names_file(publication: Publication) -> bytes:
    """The JSON file of the public profiles' names: {"names": ["Bùi Thị Ngọc Diễm", …]}."""
    names = sorted({nfc(p.name).strip() for p in publication.profiles}, key=sort_key)
    return json.dumps({"names": names}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
