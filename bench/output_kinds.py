"""Every file of a built site, by kind: how many, how many bytes, what share of the whole.

    python bench/output_kinds.py SITE [SITE ...] [--markdown] [--estimate-precompressed]

Issue 26 asked why 10,000 profiles make 98,773 files (1.58 GB): this sorts every file of
the output folder into the kind of product it is, by the site's own path conventions
(the `*_URL`, `*_DIR` constants of the stages: ho-so/, anh/, anh/chia-se/, du-lieu/,
pagefind/, media/, ky-yeu/, quan-tri/ …), and prints a table per site with a column of
files per published profile, so two sites of different sizes show how each kind grows.

A page's kind is its address; two kinds are told by the page itself: a redirect (an old
address, theme/templates/redirect.html: `http-equiv="refresh"`) and a withdrawn profile's
page (theme/templates/withdrawn.html: `class="dh-withdrawn"`).

`.gz` and `.br` copies (pipeline/compress.py) are counted apart and, in a second table, by
the kind of their original. A site built without them (the preview, `precompress: false`)
can be given `--estimate-precompressed`: the files a full build would compress
(`compress.wanted`) are compressed at the build's settings, on every core, and counted as
the copies would be. Nothing is written; the site folder is only read.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.common.parallel import map_on_cores  # noqa: E402
from site_builder.media.podcast_cover import COVER_DIR  # noqa: E402
from site_builder.media.share import SHARE_DIR  # noqa: E402
from site_builder.pipeline import compress  # noqa: E402
from site_builder.press.open_data import DATA_DIR  # noqa: E402
from site_builder.search.index import BUNDLE_DIR  # noqa: E402
from site_builder.search.suggest import NAMES_FILE  # noqa: E402
from site_builder.site.reportage import CAPTIONS_NAME  # noqa: E402
from site_builder.yearbook.site import SITE_FOLDER as YEARBOOK_DIR  # noqa: E402

PROFILE_PAGE = "profile pages"
# The listings of profiles by a taxonomy: all profiles, and by kind, field, movement, year.
LISTING_ROOTS = ("ho-so", "doi-tuong", "linh-vuc", "phong-trao", "nam")
LOCALITY_ROOT = "dia-phuong"
PHOTO_RENDITION = re.compile(r"^anh/[0-9a-f]+/(\d+)\.(\w+)$")
PHOTO_ORIGINAL = re.compile(r"^anh/[0-9a-f]+/original\.\w+$")
MEDIA_DIR = "media"  # media/video.py: "media/<key>/video.mp4"
ENGINE_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")  # MkDocs' own search
REFRESH = b'http-equiv="refresh"'
WITHDRAWN = b'class="dh-withdrawn"'


def kind_of(site: Path, path: str) -> str:
    """The kind of the file at site-relative `path` (POSIX separators)."""
    name = path.rsplit("/", 1)[-1]
    top = path.split("/", 1)[0]
    if name.endswith(compress.SUFFIXES):
        return f"precompressed copies ({name.rsplit('.', 1)[1]})"
    if name.endswith((".html", ".htm")):
        return _page_kind(site, path, top)
    if top == BUNDLE_DIR:
        return _search_kind(name)
    if path.startswith(SHARE_DIR + "/"):
        return "share images (anh/chia-se/)"
    if path.startswith(COVER_DIR + "/"):
        return "podcast covers"
    if m := PHOTO_RENDITION.match(path):
        return f"photo renditions {m.group(1)} px .{m.group(2)}"
    if PHOTO_ORIGINAL.match(path):
        return "photo originals (download)"
    if top == DATA_DIR:
        return _data_kind(path)
    if name.endswith(".xml") and name.startswith("sitemap") or path == "robots.txt":
        return "sitemaps, robots.txt"
    if name.endswith(".xml"):
        return "feeds (site, terms, contests, podcasts)"
    if name == CAPTIONS_NAME:
        return "captions (.vtt)"
    if top == MEDIA_DIR:
        return "media posters" if name.endswith((".png", ".jpg", ".webp")) else "media renditions (video, audio)"
    if top == YEARBOOK_DIR:
        return "yearbook files (EPUB, PDF, cover)"
    if top == "quan-tri":
        return "admin (Decap CMS) files"
    if path.startswith(ENGINE_SEARCH):
        return "engine assets: MkDocs search (lunr, its worker)"
    if top == "assets":
        return "engine and theme assets (CSS, JS, icons)"
    return "other"


def _page_kind(site: Path, path: str, top: str) -> str:
    with open(site / path, "rb") as page:
        head = page.read(4096)
        if REFRESH in head:
            return "redirects (old addresses)"
        parts = path.split("/")
        if top == "ho-so" and len(parts) == 3 and parts[1] != "trang":
            return "withdrawn-profile pages" if WITHDRAWN in head + page.read() else PROFILE_PAGE
    later = "trang" in parts
    if top in LISTING_ROOTS:
        return "listing later pages (trang/)" if later else "listing first pages"
    if top == LOCALITY_ROOT:
        return "locality later pages (trang/)" if later else "locality first pages"
    if top in ("phong-su", "chuyen-muc"):
        return "reportage pages (films, radio, photo stories)"
    if top == "su-kien":
        return "event pages"
    if top == "cuoc-thi":
        return "contest pages"
    if top == "quan-tri":
        return "admin (Decap CMS) files"
    return "other pages (home, search, statistics, press, data, free pages, 404)"


def _search_kind(name: str) -> str:
    if name.endswith(".pf_fragment"):
        return "search: fragments (one per record)"
    if name.endswith(".pf_index"):
        return "search: word index chunks"
    if name.endswith(".pf_filter"):
        return "search: filter files"
    if name == NAMES_FILE:
        return "search: names file (did-you-mean)"
    return "search: meta, entry, js, wasm"


def _data_kind(path: str) -> str:
    parts = path.split("/")
    if len(parts) == 3 and parts[1] == "ho-so":
        return "open data: per-profile JSON"
    if len(parts) == 3 and parts[1] in ("linh-vuc", "phong-trao"):
        return f"open data: CSV by {'field' if parts[1] == 'linh-vuc' else 'movement'}"
    if len(parts) == 3:
        return f"open data: {parts[1]}/ files"
    return "open data: whole-publication files (JSON, CSV, schemas)"


@dataclass
class Tally:
    files: Counter[str] = field(default_factory=Counter)
    bytes: Counter[str] = field(default_factory=Counter)
    copies_of: Counter[str] = field(default_factory=Counter)  # .gz/.br files by their original's kind
    copy_bytes_of: Counter[str] = field(default_factory=Counter)
    to_compress: list[tuple[str, str]] = field(default_factory=list)  # (path, kind): a full build's copies


def tally(site: Path) -> Tally:
    counts = Tally()
    kinds: dict[str, str] = {}
    copies: list[tuple[str, int]] = []
    for folder, _dirs, names in os.walk(site):
        for name in names:
            full = os.path.join(folder, name)
            path = os.path.relpath(full, site).replace(os.sep, "/")
            if path.startswith(".") or "/." in path:
                continue  # the build's own bookkeeping, not served
            size = os.path.getsize(full)
            kind = kind_of(site, path)
            counts.files[kind] += 1
            counts.bytes[kind] += size
            if name.endswith(compress.SUFFIXES):
                copies.append((path, size))
            else:
                kinds[path] = kind
                if compress.wanted(path, size):
                    counts.to_compress.append((path, kind))
    for path, size in copies:
        original = kinds.get(path.rsplit(".", 1)[0], "other")
        counts.copies_of[original] += 1
        counts.copy_bytes_of[original] += size
    return counts


def _compressed_sizes(site: Path):
    def sizes(path: str) -> tuple[int, int]:
        data = (site / path).read_bytes()
        return len(compress.gzip_bytes(data)), len(compress.brotli_bytes(data))
    return sizes


def estimate_copies(site: Path, counts: Tally) -> None:
    """Add the .gz and .br copies a full build would write, compressed at its settings."""
    paths = [path for path, _kind in counts.to_compress]
    for (_path, kind), (gz, br) in zip(counts.to_compress, map_on_cores(_compressed_sizes(site), paths, 16)):
        for suffix, size in (("gz", gz), ("br", br)):
            counts.files[f"precompressed copies ({suffix}), estimated"] += 1
            counts.bytes[f"precompressed copies ({suffix}), estimated"] += size
            counts.copies_of[kind] += 1
            counts.copy_bytes_of[kind] += size


def table(counts: Counter[str], sizes: Counter[str], profiles: int, markdown: bool) -> str:
    total_files, total_bytes = sum(counts.values()), sum(sizes.values())
    rows = [(kind, f"{counts[kind]:,}", f"{sizes[kind] / 1e6:,.1f}", f"{100 * sizes[kind] / (total_bytes or 1):.1f} %",
             f"{counts[kind] / (total_files or 1) * 100:.1f} %", f"{counts[kind] / (profiles or 1):.2f}")
            for kind in sorted(counts, key=lambda k: (-counts[k], k))]
    rows.append(("total", f"{total_files:,}", f"{total_bytes / 1e6:,.1f}", "100 %", "100 %",
                 f"{total_files / (profiles or 1):.2f}"))
    header = ("kind", "files", "MB", "share of bytes", "share of files", "files per profile")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                     for r in [header, *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (only read)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (docs/benchmarks.md)")
    parser.add_argument("--estimate-precompressed", action="store_true",
                        help="for a site built without .gz/.br copies: count those a full build would write")
    args = parser.parse_args()
    for site in args.sites:
        if not site.is_dir():
            print(f"not a folder: {site}", file=sys.stderr)
            return 2
        counts = tally(site)
        has_copies = any(k.startswith("precompressed") for k in counts.files)
        if args.estimate_precompressed and not has_copies:
            print(f"{site}: compressing {len(counts.to_compress):,} files to estimate the copies …", file=sys.stderr)
            estimate_copies(site, counts)
        profiles = counts.files[PROFILE_PAGE]
        print(f"\n{site}: {sum(counts.files.values()):,} files, {sum(counts.bytes.values()) / 1e6:,.1f} MB, "
              f"{profiles:,} profile pages\n")
        print(table(counts.files, counts.bytes, profiles, args.markdown))
        if counts.copies_of:
            print(f"\n{site}: the .gz and .br copies by their original's kind\n")
            print(table(counts.copies_of, counts.copy_bytes_of, profiles, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
