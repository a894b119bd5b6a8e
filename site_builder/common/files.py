"""Files written whole or not at all, hashes of bytes, and sizes as readers read them.

Every file the project writes is for a reader other than the build's own user: a web server
running as `www-data`, a colleague, a CI runner. So files are 0644 and folders 0755, set
explicitly: neither `mkstemp`'s private 0600 nor a strict umask (077) may reach the site."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

PUBLIC_FILE_MODE = 0o644
PUBLIC_FOLDER_MODE = 0o755


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
    file or the new one, never half of one. The temporary file is removed on failure.
    The file is 0644, the folders made for it 0755 (module docstring)."""
    make_folders(path.parent)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            os.fchmod(out.fileno(), PUBLIC_FILE_MODE)  # mkstemp made it 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_folders(folder: Path | str) -> None:
    """`folder` and its missing parents, each 0755 whatever the umask."""
    folder = Path(folder)
    if folder.is_dir():
        return
    make_folders(folder.parent)
    try:
        folder.mkdir()
    except FileExistsError:  # another process made it meanwhile
        return
    os.chmod(folder, PUBLIC_FOLDER_MODE)


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
