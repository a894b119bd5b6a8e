"""Pagefind's output: one index merged from shards, the same bytes for the same content.

Pagefind cannot update an index, and indexing 10,000 records in one run took
about 40 s and 2.5 GB. So the records are indexed in shards of a few hundred
(search/index.py), each kept under the hash of its records, and this
module merges the shards' bundles into the one index the search page loads:
a build after adding a profile re-indexes one shard and merges.

Merging is exact. Page numbers are renumbered (shard after shard), word
postings concatenated (Pagefind stores each page number as the difference from
the previous one, so only the first posting of each shard changes), filter
page lists joined, the meta fields re-numbered where a shard lacks one, and the
sort orders computed from the records themselves. A word's score depends only
on its postings and on every page's word count, which the merged meta file
lists, so a query ranks as it would in a single Pagefind index.

The merged files are written in a canonical form: filter values and page lists
sorted (Pagefind writes them in a Rust HashMap's order, which changes from run
to run), every data file named by the hash of its content. The word index is cut
into chunks of its own (`cut_chunks`). A search loads, for each word of the
query, the one chunk whose range holds the word. Pagefind cuts the sorted word
list by a count of positions, wherever that falls, so a query for "thi" also
downloads "the" and its neighbours, and a ranking key (one page, one position)
downloads a whole chunk of other keys: at 10,000 profiles a first query fetched
200 KB of chunks or more. Re-cut, a common word travels alone and a rare one
with a few kilobytes of neighbours.

The files are gzip-compressed CBOR behind a "pagefind_dcd" signature, read and
written with cbor2. The layouts (pagefind/src/index/*.rs, version 1.5):
  meta:   [version, [[fragment, word count] per page], [[from, to, chunk]],
           [[filter, chunk]], [[sort, [page, ...]]], [meta field names]]
  index:  [[[word, postings, [[variant, postings], ...]], ...]]
          posting: [page number minus the previous posting's, locations,
                    meta locations (a negative number -1-i: now in meta field i)]
  filter: [filter, [[value, [page, ...]], ...]]
"""

from __future__ import annotations

import bisect
import concurrent.futures
import gzip
import hashlib
import heapq
import io
import itertools
import json
import os
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import cbor2

from ..common.files import link_or_copy, write_atomically
from ..common.messages import _

SIGNATURE = b"pagefind_dcd"
# The one Pagefind release whose internal format this module reads and writes (pinned in
# pyproject.toml); a shard from any other is refused rather than merged wrong.
PAGEFIND_VERSION = "1.5.2"


class UnsupportedBundle(ValueError):
    """A Pagefind bundle this module cannot read: another Pagefind version, or several languages."""


# --- CBOR (RFC 8949) ----------------------------------------------------------------------
# cbor2's C implementation: at 10,000 profiles the index holds millions of CBOR
# items, which a reader and writer in Python took tens of seconds over. For the
# types Pagefind writes (integers, strings, arrays, maps; no floats) cbor2 gives
# back the very bytes Pagefind wrote (tests/test_search.py checks every file).

def cbor_loads(data: bytes):
    stream = io.BytesIO(data)
    value = cbor2.CBORDecoder(stream).decode()
    if stream.tell() != len(data):
        raise ValueError(f"{len(data) - stream.tell()} unexpected bytes after the CBOR value")
    return value


def cbor_dumps(value) -> bytes:
    return cbor2.dumps(value)


# --- Pagefind files ------------------------------------------------------------------------

def pagefind_payload(path: Path) -> bytes:
    """The bytes of a Pagefind data file behind its signature, decompressed."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return raw[len(SIGNATURE):]


def read_pagefind_file(path: Path):
    return cbor_loads(pagefind_payload(path))


def _pagefind_bytes(value) -> bytes:
    return _gzip(SIGNATURE + cbor_dumps(value))


# zlib's default level. Level 9 (Pagefind's) made the 21 MB of a 10,000-profile word index
# 3.4 % smaller (5.97 MB against 6.17 MB) for 5.4 times the time (6.75 s against 1.26 s on one core).
GZIP_LEVEL = 6


def _gzip(data: bytes) -> bytes:
    # mtime 0: the same input gives the same bytes.
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _array_head(length: int) -> bytes:
    """The CBOR head of an array of `length` items, in its shortest form (RFC 8949 4.2.1)."""
    if length < 24:
        return bytes((0x80 | length,))
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes((0x80 | info,)) + length.to_bytes(size, "big")
    raise ValueError("array too long for CBOR")


def _free_name(language: str, data: bytes, length: int, taken) -> str:
    """`{language}_{hash}`, the hash lengthened until the name is not taken."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    return f"{language}_{digest[:length]}"


# --- Shards --------------------------------------------------------------------------------

PAGES = 1  # the meta file's list of [fragment, word count]
INDEX_CHUNKS = 2  # [from, to, chunk]
FILTERS = 3  # [filter, chunk]
SORTS = 4  # [sort, [page, ...]]
META_FIELDS = 5  # the meta field names a meta location refers to by position
SHARD_PAGES = "shard-pages.json"  # beside a shard's bundle: page number -> record URL
SHARD_WORDS = "shard-words.pickle"  # beside it too: the shard's words, ready to merge
# ... and the same words with the meta fields numbered as a merged index with other fields has them
# (`_renumbered_word_table`), one file per field list: shard-words-<digest of the list>.pickle.
RENUMBERED_WORDS = "shard-words-{fields}.pickle"


def _entry_and_meta(bundle: Path) -> tuple[dict, str, list]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        found = entry.get("version", _("(no version)"))
        raise UnsupportedBundle(
            _("{bundle}: the search index was made by Pagefind {version}, but the merge reads the format of "
              "Pagefind {supported} only; install pagefind=={supported} (bash scripts/setup.sh does) and build again",
              bundle=bundle, version=found, supported=PAGEFIND_VERSION))
    if len(entry["languages"]) != 1:
        raise UnsupportedBundle(_("{bundle}: expected one language, found {languages}", bundle=bundle,
                                  languages=sorted(entry["languages"])))
    (language, info), = entry["languages"].items()
    return entry, language, read_pagefind_file(bundle / f"pagefind.{info['hash']}.pf_meta")


def describe_shard(bundle: Path) -> None:
    """Note beside a shard's bundle which record URL each page number is (read from its
    fragments), and its words in the form the merge joins (see `_word_table`)."""
    _, _, meta = _entry_and_meta(bundle)
    urls = []
    for fragment, _ in meta[PAGES]:  # a fragment is JSON behind the signature
        urls.append(json.loads(pagefind_payload(bundle / "fragment" / f"{fragment}.pf_fragment"))["url"])
    (bundle / SHARD_WORDS).write_bytes(pickle.dumps(_word_table(bundle, meta, None), protocol=pickle.HIGHEST_PROTOCOL))
    (bundle / SHARD_PAGES).write_text(json.dumps(urls, ensure_ascii=False), encoding="utf-8")  # last: "described"


# A shard's posting list, ready to be joined to others without decoding it again:
# (postings, first page number, CBOR of the first posting after its page number,
#  CBOR of the other postings, last page number). Page numbers count from the shard's
#  first page; only the first posting changes when the list follows another shard's.
Part = tuple[int, int, bytes, bytes, int]
NO_POSTINGS: Part = (0, 0, b"", b"", 0)  # a word found only in its variants' spellings


def _encoded_part(postings: list) -> Part:
    """A Part of decoded postings, encoded again (for postings whose meta fields were re-numbered)."""
    first, rest = postings[0], postings[1:]
    return (len(postings), first[0], cbor_dumps(first[1]) + cbor_dumps(first[2]),
            cbor_dumps(rest)[len(_array_head(len(rest))):], sum(p[0] for p in postings))


def _word_table(bundle: Path, meta: list, new_position: list[int] | None) -> list:
    """[(word, its postings' Part, [(variant, Part), ...])] in Pagefind's order (by UTF-8 bytes).

    Decoding the index costs most of a merge (tens of seconds at 10,000 records), so
    it is done once per shard, when Pagefind has made it. The postings' bytes are cut
    from the file as Pagefind wrote them (encoding them again with cbor2 cost a second
    per 1,000 records). `new_position` re-numbers the meta fields (a shard that lacks
    one of the merged index's fields): those postings are decoded and encoded again."""
    table = []
    for _first, _last, name in meta[INDEX_CHUNKS]:
        data = pagefind_payload(bundle / "index" / f"{name}.pf_index")
        stream = io.BytesIO(data)
        decoder = cbor2.CBORDecoder(stream)

        def head(expected: int | None = None) -> int:
            length, after = _read_array_head(data, stream.tell())
            if expected is not None and length != expected:
                raise ValueError(f"{name}: unexpected index chunk layout")
            stream.seek(after)
            return length

        def part() -> Part:
            start = stream.tell()
            postings = decoder.decode()
            if not postings:
                return NO_POSTINGS
            if new_position is not None:
                return _encoded_part(_renumber_meta_fields(postings, new_position))
            first = postings[0]
            at = start + len(_array_head(len(postings)))  # the first posting: [page, locs, meta locs]
            page_end = at + 1 + _int_length(first[0])
            first_end = page_end + _ints_length(first[1]) + _ints_length(first[2])
            return (len(postings), first[0], data[page_end:first_end], data[first_end:stream.tell()],
                    sum(p[0] for p in postings))

        head(1)
        for _word in range(head()):
            head(3)
            word = decoder.decode()
            main = part()
            variants = []
            for _variant in range(head()):
                head(2)
                variants.append((decoder.decode(), part()))
            table.append((word, main, variants))
        if stream.tell() != len(data):
            raise ValueError(f"{name}: unexpected bytes after the index words")
    return table


def merged_meta_fields(shard_fields: list[list[str]]) -> list[str]:
    """The merged index's meta fields, in an order most shards already have, so that their words
    are joined as they are: the field list most shards have (ties: the first in sorted order),
    then the fields only other shards have, sorted. A shard whose fields are not the start of
    this list has its postings' meta locations numbered again (`_renumbered_word_table`).

    A sorted list of every field made every shard renumber its words when one record brought a
    new field: the first profile without a photo (fields "initials" and "colour") in a site where
    all had one cost 5 s of a 10,000-profile preview's rebuild, at every merge."""
    layouts = Counter(tuple(fields) for fields in shard_fields)
    most = max(layouts.values())
    common = list(min(layout for layout, count in layouts.items() if count == most))
    return common + sorted({name for fields in shard_fields for name in fields} - set(common))


def _renumbered_word_table(bundle: Path, meta: list, position: list[int], meta_fields: list[str]) -> list:
    """The shard's word table with its meta fields numbered as `position` says (`_word_table`): every
    posting decoded and encoded again, tenths of a second a shard, so kept beside the shard's own
    table for the next merge with the same fields (the preview merges again at every addition)."""
    kept = bundle / RENUMBERED_WORDS.format(fields=hashlib.sha256(json.dumps(meta_fields).encode()).hexdigest()[:16])
    try:
        return pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass  # not made yet (or unreadable): made again
    table = _word_table(bundle, meta, position)
    write_atomically(kept, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    return table


def _int_length(value: int) -> int:
    """Bytes of an integer in CBOR's shortest form, as Pagefind writes it."""
    value = value if value >= 0 else -1 - value
    return 1 if value < 24 else 2 if value < 1 << 8 else 3 if value < 1 << 16 else 5 if value < 1 << 32 else 9


def _ints_length(values: list[int]) -> int:
    return len(_array_head(len(values))) + sum(map(_int_length, values))


def _read_array_head(data: bytes, at: int) -> tuple[int, int]:
    """(length, offset after the head) of the CBOR array starting at `at`."""
    head = data[at]
    if head >> 5 != 4:
        raise ValueError("expected a CBOR array in a Pagefind index chunk")
    info = head & 0x1F
    if info < 24:
        return info, at + 1
    if info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        return int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size
    raise ValueError("indefinite-length CBOR arrays are not used by Pagefind")


def _shard_words(number: int, table: list):
    """(sort key, shard number, word entry) for a shard's words, in order."""
    for word in table:
        yield word[0].encode("utf-8"), number, word


def _join(parts: list[tuple[int, Part]]) -> bytes:
    """The CBOR of one posting list from (page offset, Part) per shard, in shard order."""
    out, last = [_array_head(sum(part[0] for _, part in parts))], 0
    for offset, (count, first, first_rest, rest, last_page) in parts:
        if not count:
            continue
        out.append(b"\x83" + cbor_dumps(offset + first - last) + first_rest + rest)
        last = offset + last_page
    return b"".join(out)


def _renumber_meta_fields(postings: list, new_position: list[int]) -> list:
    return [[page, locs, [-1 - new_position[-1 - loc] if loc < 0 else loc for loc in meta_locs]]
            for page, locs, meta_locs in postings]


def merge(shards: list[Path], out: Path, sorts: dict[str, list[str]], chunk_bytes: int) -> int:
    """Merge the shards' Pagefind bundles into one bundle at `out`; return its page count.

    `sorts` gives, for each sort, the record URLs in ascending order (a URL of no
    shard is skipped). Every shard must have been described (`describe_shard`).
    """
    out.mkdir(parents=True)
    for folder in ("fragment", "filter", "index"):
        (out / folder).mkdir()
    described = [_entry_and_meta(bundle) for bundle in shards]
    entry, language, first_meta = described[0]
    if any(d[1] != language or d[2][0] != first_meta[0] for d in described):
        raise UnsupportedBundle("the search index shards come from different Pagefind versions or languages")
    meta_fields = merged_meta_fields([meta[META_FIELDS] for _, _, meta in described])

    # Pages: shard after shard; a fragment keeps its name unless another shard's differs under it.
    pages: list[list[Any]] = []
    page_of_url: dict[str, int] = {}
    offsets: list[int] = []
    fragments: dict[str, Path] = {}
    for bundle, (_entry, _language, meta) in zip(shards, described):
        offsets.append(len(pages))
        urls = json.loads((bundle / SHARD_PAGES).read_text(encoding="utf-8"))
        for (fragment, word_count), url in zip(meta[PAGES], urls, strict=True):
            source = bundle / "fragment" / f"{fragment}.pf_fragment"
            name = fragment
            if name in fragments and (data := source.read_bytes()) != fragments[name].read_bytes():
                name = _free_name(language, data, len(fragment) - len(language), fragments)
            if name not in fragments:
                fragments[name] = source
                link_or_copy(source, out / "fragment" / f"{name}.pf_fragment")
            page_of_url[url.strip("/")] = len(pages)
            pages.append([name, word_count])

    # Words: the shards' sorted word lists merged, postings joined.
    tables = []
    for bundle, (_entry, _language, meta) in zip(shards, described):
        position = [meta_fields.index(name) for name in meta[META_FIELDS]]
        tables.append(pickle.loads((bundle / SHARD_WORDS).read_bytes()) if position == list(range(len(position)))
                      else _renumbered_word_table(bundle, meta, position, meta_fields))
    words, encoded = [], []
    # heapq.merge yields equal words in the order of its inputs: shard order, as `_join` needs.
    merged = heapq.merge(*(_shard_words(i, table) for i, table in enumerate(tables)), key=lambda item: item[0])
    for _word, grouped in itertools.groupby(merged, key=lambda item: item[0]):
        group = list(grouped)
        word = group[0][2][0]
        variants: dict[str, list] = {}
        for _word, i, (_first, _last, word_variants) in group:
            for variant, part in word_variants:
                variants.setdefault(variant, []).append((offsets[i], part))
        word_entry = [b"\x83", cbor_dumps(word), _join([(offsets[i], part) for _, i, (_, part, _) in group]),
                      _array_head(len(variants))]  # [word, postings, [[variant, postings], ...]]
        for variant in sorted(variants, key=lambda v: v.encode("utf-8")):
            word_entry += [b"\x82", cbor_dumps(variant), _join(variants[variant])]
        words.append(word)
        encoded.append(b"".join(word_entry))
    chunks = cut_chunks(out, language, words, encoded, chunk_bytes)

    # Filters: page lists joined and sorted, values sorted, one file per filter.
    joined: dict[str, dict[str, set[int]]] = {}
    for bundle, offset, (_entry, _language, meta) in zip(shards, offsets, described):
        for _filter_name, chunk in meta[FILTERS]:
            name, values = read_pagefind_file(bundle / "filter" / f"{chunk}.pf_filter")
            for value, filter_pages in values:
                joined.setdefault(name, {}).setdefault(value, set()).update(offset + p for p in filter_pages)
    filters: list[Any] = []
    taken: set[str] = set()
    for name in sorted(joined):
        data = _pagefind_bytes([name, [[value, sorted(joined[name][value])] for value in sorted(joined[name])]])
        chunk = _free_name(language, data, 7, taken)
        taken.add(chunk)
        (out / "filter" / f"{chunk}.pf_filter").write_bytes(data)
        filters.append([name, chunk])

    sort_lists = [[name, [page_of_url[url.strip("/")] for url in urls if url.strip("/") in page_of_url]]
                  for name, urls in sorted(sorts.items())]
    data = _pagefind_bytes([first_meta[0], pages, chunks, filters, sort_lists, meta_fields])
    meta_name = _free_name(language, data, 10, ())
    (out / f"pagefind.{meta_name}.pf_meta").write_bytes(data)

    # The search code (pagefind.js, its worker, the wasm) is the same in every shard.
    for source in sorted(shards[0].iterdir()):
        kept_apart = ("pagefind-entry.json", SHARD_PAGES, SHARD_WORDS)
        if (source.is_file() and source.suffix != ".pf_meta" and source.name not in kept_apart
                and not source.match(RENUMBERED_WORDS.format(fields="*"))):
            link_or_copy(source, out / source.name)
    entry = dict(entry, languages={language: dict(entry["languages"][language], hash=meta_name,
                                                  page_count=len(pages))})
    # Same layout as Pagefind's own file: compact JSON, no trailing newline.
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")
    return len(pages)


# --- Index chunks --------------------------------------------------------------------------



def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def cut_chunks(bundle: Path, language: str, words: list[str], encoded: list[bytes], chunk_bytes: int) -> list:
    """Write the word index (`words` in sorted order, each with its CBOR entry) as chunk files
    in `bundle/index/`; return the meta file's chunk list.

    A chunk is closed before the word that
    would take it past `chunk_bytes`, unless the two words on either side of the cut
    start alike and every word starting alike fits in one chunk: a word of a query
    is looked up in one chunk only, and Pagefind matches it as a prefix, so a group
    of words that share a beginning ("thi", "thien", "thieu") stays together unless
    it is too big for any chunk (then the query word finds the part of the group
    its own chunk holds, as with Pagefind's own cut).

    The chunk ranges are the ones Pagefind's search reads: a query word goes to
    the first chunk with from <= word <= to. Pagefind shortens both ends of a cut
    to the common beginning plus one letter, which leaves out the last word of a
    chunk ("than" ends a chunk whose last word is "thanh", so "thanh" is found in
    no chunk); here `to` is the whole last word and `from` the first word cut
    after the common beginning plus one letter (the first chunk starts at ""), so
    every word and every prefix that starts a word has its chunk.
    """
    keys = [w.encode("utf-8") for w in words]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        raise ValueError("the index words are not in sorted order")
    sizes = [len(raw) for raw in encoded]
    total = [0]
    for size in sizes:
        total.append(total[-1] + size)
    texts = words

    def group_size(prefix: str) -> int:
        """Bytes of all words that start with `prefix` (they stand together in sorted order)."""
        start = bisect.bisect_left(texts, prefix)
        end = bisect.bisect_left(texts, prefix + "\U0010ffff")
        return total[end] - total[start]

    def may_cut(a: str, b: str) -> bool:
        n = _common_prefix(a, b)
        return n == 0 or group_size(a[:n]) > chunk_bytes

    cut_words: list[list[str]] = [[]]
    cut_bytes: list[list[bytes]] = [[]]
    size = 0
    for word, raw, word_size in zip(words, encoded, sizes):
        current = cut_words[-1]
        if current and size + word_size > chunk_bytes and may_cut(current[-1], word):
            cut_words.append([])
            cut_bytes.append([])
            current, size = cut_words[-1], 0
        current.append(word)
        cut_bytes[-1].append(raw)
        size += word_size
    # The chunk file is [[word, ...]]: the words' own bytes behind two array heads. zlib lets
    # go of the interpreter while it compresses, so threads use every core (about 2x here).
    chunk_files = [SIGNATURE + _array_head(1) + _array_head(len(chunk)) + b"".join(cut_bytes[i])
           for i, chunk in enumerate(cut_words)]
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        compressed = list(pool.map(_gzip, chunk_files))
    result: list[Any] = []
    names: set[str] = set()
    for i, (chunk, data) in enumerate(zip(cut_words, compressed)):
        first, last = chunk[0], chunk[-1]
        if i:
            previous = cut_words[i - 1][-1]
            first = first[:_common_prefix(previous, first) + 1]
        else:
            first = ""  # a prefix of the first word ("0" of "00") finds it too
        name = _free_name(language, data, 7, names)
        names.add(name)
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        result.append([first, last, name])
    return result


if __name__ == "__main__":
    # `python -m site_builder.search.bundle describe BUNDLE`: run by the search stage after
    # Pagefind, in a process of its own, so that it uses the other core.
    if len(sys.argv) != 3 or sys.argv[1] != "describe":
        sys.exit("usage: python -m site_builder.search.bundle describe BUNDLE")
    try:
        describe_shard(Path(sys.argv[2]))
    except UnsupportedBundle as exc:
        sys.exit(str(exc))
