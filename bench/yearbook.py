"""Yearbook figures: sizes and build times of the EPUB and PDF for the sample content and
for N synthetic profiles (bench/synthetic.py), all in one run.

    python bench/yearbook.py [--counts 200,2000] [--photos distinct|shared|none] [--repeat 1]

For each content: one cold render (empty cache: photos, cover, WeasyPrint layout) and
`--repeat` warm renders (layout from the cache), medians printed. The period is the whole
plan, 2022–2025. Targets from the issue are checked and printed: the EPUB of 200 profiles
under 10 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from synthetic import generate  # noqa: E402

from site_builder.content.diagnostics import Problems  # noqa: E402
from site_builder.content.load import load_content  # noqa: E402
from site_builder.media.photos import process_photos  # noqa: E402
from site_builder.public.gate import publish  # noqa: E402
from site_builder.site.renderer import load_labels  # noqa: E402
from site_builder.yearbook.book import Edition, load_settings, select  # noqa: E402
from site_builder.yearbook.render import render_yearbook  # noqa: E402

TODAY = dt.date(2026, 6, 30)
PERIOD = Edition(dt.date(2022, 1, 1), dt.date(2025, 12, 31))
EPUB_LIMIT_200 = 10_000_000


def measure(label: str, content_root: Path, repeat: int) -> dict:
    content, problems = load_content(content_root)
    if problems.errors:
        raise SystemExit("\n".join(map(str, problems.errors)))
    settings = load_settings(content_root, content.site.council, Problems())
    publication = publish(content, TODAY)
    labels = load_labels(REPO / "theme")
    with tempfile.TemporaryDirectory() as cache_name:
        cache = Path(cache_name)
        started = time.perf_counter()
        photos = [ph for p in select(publication, PERIOD).profiles for ph in p.photos]
        media = process_photos(photos, cache / "media", content.site.original_photo_download)
        media_seconds = time.perf_counter() - started
        cold = render_yearbook(publication, settings, PERIOD, media.photos, media.files, REPO / "theme", cache, labels)
        cold_seconds = time.perf_counter() - started
        warm = []
        for _ in range(repeat):
            t = time.perf_counter()
            again = render_yearbook(publication, settings, PERIOD, media.photos, media.files, REPO / "theme", cache,
                                    labels)
            warm.append(time.perf_counter() - t)
            assert again.files == cold.files, "a warm render gave other bytes"
    epub = next(v for k, v in cold.files.items() if k.endswith(".epub"))
    pdf = next(v for k, v in cold.files.items() if k.endswith(".pdf"))
    row = {"content": label, "profiles": cold.profiles, "pdf_pages": cold.pages, "page_list": cold.page_list,
           "epub_mb": len(epub) / 1e6, "pdf_mb": len(pdf) / 1e6, "photos_s": media_seconds,
           "cold_s": cold_seconds, "warm_s": statistics.median(warm) if warm else float("nan")}
    print(f"{label:>14}: {row['profiles']:5d} profiles, {row['pdf_pages']:5d} PDF pages, "
          f"{row['page_list']:5d} page-list entries, EPUB {row['epub_mb']:6.2f} MB, PDF {row['pdf_mb']:7.2f} MB, "
          f"cold {row['cold_s']:7.1f} s (photos {row['photos_s']:.1f} s), warm median {row['warm_s']:.2f} s",
          flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", default="200,2000", help="synthetic profile counts, comma-separated")
    ap.add_argument("--photos", choices=["distinct", "shared", "none"], default="distinct")
    ap.add_argument("--repeat", type=int, default=1, help="warm renders per content (median printed)")
    args = ap.parse_args()
    rows = [measure("sample", REPO / "content", args.repeat)]
    for count in (int(c) for c in args.counts.split(",") if c):
        with tempfile.TemporaryDirectory() as folder:
            root = generate(count, Path(folder) / "content", photos=args.photos)
            shutil.copytree(REPO / "content" / "yearbook", root / "yearbook")
            rows.append(measure(f"synthetic {count}", root, args.repeat))
    for row in rows:
        if row["content"] == "synthetic 200":
            verdict = "ok" if row["epub_mb"] * 1e6 < EPUB_LIMIT_200 else "OVER"
            print(f"target: EPUB of 200 profiles under 10 MB: {row['epub_mb']:.2f} MB ({verdict})")
        if row["profiles"]:
            print(f"{row['content']}: {row['cold_s'] / row['pdf_pages'] * 1000:.0f} ms per PDF page cold, "
                  f"{row['epub_mb'] * 1e6 / row['profiles'] / 1000:.0f} kB of EPUB per profile")


if __name__ == "__main__":
    main()
