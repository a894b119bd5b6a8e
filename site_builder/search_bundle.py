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

The files are gzip-compressed CBOR behind a "pagefind_dcd" signature; the
small CBOR reader and writer below cover the types Pagefind writes.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


# --- CBOR (RFC 8949), the subset Pagefind writes -----------------------------------------

def cbor_loads(data: bytes):
    value, end = _read(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} unexpected bytes after the CBOR value")
    return value


def _read(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if major == 7:
        if info == 20:
            return False, at
        if info == 21:
            return True, at
        if info == 22:
            return None, at
        if info in (25, 26, 27):
            size, fmt = {25: (2, ">e"), 26: (4, ">f"), 27: (8, ">d")}[info]
            return _Float(struct.unpack(fmt, data[at:at + size])[0], info), at + size
        raise ValueError(f"unsupported CBOR simple value {info}")
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError("indefinite-length CBOR items are not used by Pagefind")
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major == 2:
        return bytes(data[at:at + arg]), at + arg
    if major == 3:
        return data[at:at + arg].decode("utf-8"), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _read(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, at = _read(data, at)
            value, at = _read(data, at)
            pairs.append((key, value))
        return _Map(pairs), at
    raise ValueError(f"unsupported CBOR major type {major}")


class _Map(list):
    """A CBOR map, kept as its ordered (key, value) pairs."""


class _Float(float):
    def __new__(cls, value: float, width: int):
        obj = super().__new__(cls, value)
        obj.width = width
        return obj


def cbor_dumps(value) -> bytes:
    out = bytearray()
    _write(value, out)
    return bytes(out)


def _head(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append(major << 5 | arg)
    elif arg < 1 << 8:
        out += bytes((major << 5 | 24, arg))
    elif arg < 1 << 16:
        out.append(major << 5 | 25)
        out += arg.to_bytes(2, "big")
    elif arg < 1 << 32:
        out.append(major << 5 | 26)
        out += arg.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += arg.to_bytes(8, "big")


def _write(value, out: bytearray) -> None:
    if value is False or value is True or value is None:
        out.append({False: 0xF4, True: 0xF5, None: 0xF6}[value])
    elif isinstance(value, _Float):
        fmt, size = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}[value.width]
        out.append(0xE0 | value.width)
        out += struct.pack(fmt, value)
    elif isinstance(value, int):
        _head(0, value, out) if value >= 0 else _head(1, -1 - value, out)
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, _Map):
        _head(5, len(value), out)
        for key, item in value:
            _write(key, out)
            _write(item, out)
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _write(item, out)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as CBOR")


# --- Pagefind files ------------------------------------------------------------------------

def read_pagefind_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    return cbor_loads(raw[len(SIGNATURE):])


def _pagefind_bytes(value) -> bytes:
    # Level 9 and mtime 0, as Pagefind itself writes them: the same input gives the same bytes.
    return gzip.compress(SIGNATURE + cbor_dumps(value), compresslevel=9, mtime=0)


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
        if isinstance(value, _Map):
            return _Map((walk(k), walk(v)) for k, v in value)
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
    words = []
    for _, _, name in chunks:
        path = bundle / "index" / f"{name}.pf_index"
        words.extend(read_pagefind_file(path)[0])
        path.unlink()
    keys = [w[0].encode("utf-8") for w in words]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        raise ValueError("Pagefind's index words are not in sorted order")
    sizes = [len(cbor_dumps(w)) for w in words]
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
    size = 0
    for word, word_size in zip(words, sizes):
        current = cut_words[-1]
        if current and size + word_size > chunk_bytes and may_cut(current[-1][0], word[0]):
            cut_words.append([])
            current, size = cut_words[-1], 0
        current.append(word)
        size += word_size
    result, names = [], set()
    for i, chunk in enumerate(cut_words):
        first, last = chunk[0][0], chunk[-1][0]
        if i:
            previous = cut_words[i - 1][-1][0]
            first = first[:_common_prefix(previous, first) + 1]
        else:
            first = ""  # a prefix of the first word ("0" of "00") finds it too
        data = _pagefind_bytes([chunk])
        digest = hashlib.sha256(data).hexdigest()
        length = 7
        while f"{language}_{digest[:length]}" in names:
            length += 1
        name = f"{language}_{digest[:length]}"
        names.add(name)
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        result.append([first, last, name])
    return result
