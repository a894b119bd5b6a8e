"""Files written whole or not at all, hashes of bytes, and sizes as readers read them."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def digest_bytes(*parts: bytes | str) -> str:
    """SHA-256 of `parts`, each prefixed by its length (so ("ab", "c") differs from ("a", "bc")).
    Text is hashed as its UTF-8 bytes."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside `path`, then rename over it: a reader, or a run cut short, sees the old
    file or the new one, never half of one. The temporary file is removed on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """A cached file into a bundle or a site: a hard link, a copy where links are not possible
    (another file system). Cached files are written once and never rewritten in place."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def stat_signature(path: Path | str) -> tuple[int, int, int, int] | None:
    """(size, mtime, ctime, inode): changes whenever the file may have changed, as git and make use it."""
    try:
        st = os.stat(path)  # a str is fine: no Path made for each of 10,000 photos
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def file_size(size: int) -> str:
    """Sizes as Vietnamese readers write them: 1,4 MB; 820 kB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"
