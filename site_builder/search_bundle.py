"""Make Pagefind's output the same bytes for the same content.

Pagefind 1.5.2 writes every file deterministically except its filter chunks:
the values of a filter (and the list of filters in the index's meta file) come
out in the order of a Rust HashMap, which changes from run to run. The files
mean the same, but a reproducible build needs the same bytes, so after
Pagefind has written the bundle this module puts those lists in sorted order,
renames the rewritten files by their new content hash and updates the
references (filter chunk -> meta file -> pagefind-entry.json).

It also cuts the word index into chunks of its own (`rechunk`). A search loads,
for each word of the query, the one chunk whose range holds the word. Pagefind
cuts the sorted word list by a count of positions, wherever that falls, so a
query for "thi" also downloads "the" and its neighbours, and a ranking key (one
page, one position) downloads a whole chunk of other keys: at 10,000 profiles
a first query fetched 200 KB of chunks or more. Re-cut, a common word travels
alone and a rare one with a few kilobytes of neighbours.

The files are gzip-compressed CBOR behind a "pagefind_dcd" signature, read and
written with cbor2.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import io
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


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

def read_pagefind_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor_loads(raw[len(SIGNATURE):])


def _pagefind_bytes(value) -> bytes:
    return _gzip(SIGNATURE + cbor_dumps(value))


def _gzip(data: bytes) -> bytes:
    # Level 9 and mtime 0, as Pagefind itself writes them: the same input gives the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def _array_head(length: int) -> bytes:
    """The CBOR head of an array of `length` items, in its shortest form (RFC 8949 4.2.1)."""
    if length < 24:
        return bytes((0x80 | length,))
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes((0x80 | info,)) + length.to_bytes(size, "big")
    raise ValueError("array too long for CBOR")


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


def _index_words(path: Path):
    """(word entry, its CBOR bytes) for every word of an index chunk file ([[word, ...]])."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    data = raw[len(SIGNATURE):]
    outer, at = _read_array_head(data, 0)
    count, at = _read_array_head(data, at)
    if outer != 1:
        raise ValueError(f"{path.name}: unexpected index chunk layout")
    stream = io.BytesIO(data)
    stream.seek(at)
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        start = stream.tell()
        word = decoder.decode()
        yield word, data[start:stream.tell()]
    if stream.tell() != len(data):
        raise ValueError(f"{path.name}: unexpected bytes after the index words")


def _content_hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def canonicalise(bundle: Path, chunk_bytes: int | None = None) -> None:
    """Sort the filter chunks' values and the meta file's filter list; rename and re-link.

    With `chunk_bytes`, also re-cut the word index into chunks of about that many
    (uncompressed) bytes (see `rechunk`).
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        old_meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pagefind_file(old_meta)
        if chunk_bytes:
            meta[INDEX_CHUNKS] = rechunk(bundle, language, meta[INDEX_CHUNKS], chunk_bytes)
        renames = {}
        for old in sorted((bundle / "filter").glob(f"{language}_*.pf_filter")):
            name, values = read_pagefind_file(old)
            data = _pagefind_bytes([name, sorted(values, key=lambda v: v[0])])
            old_hash = old.name.removesuffix(".pf_filter")
            new_hash = f"{language}_{_content_hash(data, len(old_hash) - len(language) - 1)}"
            old.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            renames[old_hash] = new_hash
        meta = _relink(meta, renames)
        data = _pagefind_bytes(meta)
        new_hash = f"{language}_{_content_hash(data, len(info['hash']) - len(language) - 1)}"
        old_meta.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        info["hash"] = new_hash
    # Same layout as Pagefind's own file: compact JSON, no trailing newline.
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _relink(meta, renames: dict[str, str]):
    """The meta file with new filter chunk names, its filter list sorted by filter name."""
    def walk(value):
        if isinstance(value, str):
            return renames.get(value, value)
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [walk(v) for v in value]
            if items and all(isinstance(i, list) and len(i) == 2 and i[1] in renames.values() for i in items):
                items.sort(key=lambda pair: pair[0])  # the [filter name, chunk] list
            return items
        return value
    return walk(meta)


# --- Index chunks --------------------------------------------------------------------------

INDEX_CHUNKS = 2  # the meta file's list of [from, to, chunk] (pagefind/src/index/index_metadata.rs)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def rechunk(bundle: Path, language: str, chunks: list, chunk_bytes: int) -> list:
    """Re-cut the word index of `language` into new chunk files; return the meta file's new chunk list.

    Words stay in Pagefind's sorted order. A chunk is closed before the word that
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
    words, encoded = [], []  # each word entry, and its CBOR bytes as Pagefind wrote them
    for _, _, name in chunks:
        path = bundle / "index" / f"{name}.pf_index"
        for word, raw in _index_words(path):
            words.append(word)
            encoded.append(raw)
        path.unlink()
    keys = [w[0].encode("utf-8") for w in words]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        raise ValueError("Pagefind's index words are not in sorted order")
    sizes = [len(raw) for raw in encoded]
    total = [0]
    for size in sizes:
        total.append(total[-1] + size)
    texts = [w[0] for w in words]

    def group_size(prefix: str) -> int:
        """Bytes of all words that start with `prefix` (they stand together in sorted order)."""
        start = bisect.bisect_left(texts, prefix)
        end = bisect.bisect_left(texts, prefix + "\U0010ffff")
        return total[end] - total[start]

    def may_cut(a: str, b: str) -> bool:
        n = _common_prefix(a, b)
        return n == 0 or group_size(a[:n]) > chunk_bytes

    cut_words: list[list] = [[]]
    cut_bytes: list[list[bytes]] = [[]]
    size = 0
    for word, raw, word_size in zip(words, encoded, sizes):
        current = cut_words[-1]
        if current and size + word_size > chunk_bytes and may_cut(current[-1][0], word[0]):
            cut_words.append([])
            cut_bytes.append([])
            current, size = cut_words[-1], 0
        current.append(word)
        cut_bytes[-1].append(raw)
        size += word_size
    result, names = [], set()
    for i, chunk in enumerate(cut_words):
        first, last = chunk[0][0], chunk[-1][0]
        if i:
            previous = cut_words[i - 1][-1][0]
            first = first[:_common_prefix(previous, first) + 1]
        else:
            first = ""  # a prefix of the first word ("0" of "00") finds it too
        # The chunk file is [[word, ...]]: the words' own bytes behind two array heads.
        data = _gzip(SIGNATURE + _array_head(1) + _array_head(len(chunk)) + b"".join(cut_bytes[i]))
        digest = hashlib.sha256(data).hexdigest()
        length = 7
        while f"{language}_{digest[:length]}" in names:
            length += 1
        name = f"{language}_{digest[:length]}"
        names.add(name)
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        result.append([first, last, name])
    return result
