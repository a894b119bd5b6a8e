"""Photo pipeline benchmark: first build vs rebuild of N photos, and what a
phone downloads for one profile page.

    python bench/photos.py [--count 1000] [--runs 3]

Prints: the time to encode N distinct photos into renditions with an empty
cache (all cores), the median time of a rebuild with a warm cache and the
ratio; the same for the whole site build; and, for the median profile page,
the bytes of HTML (raw and gzip, as a static host serves it) plus the images a
phone loads at 480 px (the lead photo; lazy ones only when scrolled to).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bs4 import BeautifulSoup  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from site_builder.content.load import load_content  # noqa: E402
from site_builder.media.photos import process_photos  # noqa: E402
from site_builder.pipeline.run import BuildOptions, build_site  # noqa: E402
from site_builder.public.gate import publish  # noqa: E402

TODAY = dt.date(2026, 6, 30)


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def page_weight(site: Path, page: Path) -> dict[str, int]:
    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    lead = soup.select_one(".dh-figure--lead source[type='image/webp']")
    lead_bytes = 0
    if lead:
        first = [c.split(" ") for c in lead["srcset"].split(", ")]
        url = next(u for u, w in first if w == "480w")
        lead_bytes = (page.parent / url).resolve().stat().st_size
    lazy = 0
    for source in soup.select(".dh-gallery source[type='image/webp'], .dh-related source[type='image/webp']"):
        url = next(u for u, w in (c.split(" ") for c in source["srcset"].split(", ")) if w == "480w")
        lazy += (page.parent / url).resolve().stat().st_size
    return {"html": len(html), "html_gzip": len(gzip.compress(html, 9)), "lead_480": lead_bytes,
            "lazy_480": lazy}


def main() -> None:
    ap = argparse.ArgumentParser(description="photo pipeline benchmark")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    try:
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}", flush=True)
        content = generate(args.count, work / "content", photos="distinct", words=400)
        loaded, _ = load_content(content)
        photos = [p for profile in publish(loaded, TODAY).profiles for p in profile.photos]
        source_mb = sum(p.source.stat().st_size for p in photos) / 1e6
        print(f"{len(photos)} distinct source photos, {source_mb:.0f} MB", flush=True)

        cache = work / "cache"
        cold = timed(lambda: process_photos(photos, cache / "media", with_original=False))
        warm = statistics.median(timed(lambda: process_photos(photos, cache / "media")) for _ in range(args.runs))
        print(f"photos   first build {cold:7.2f} s   rebuild (median of {args.runs}) {warm:6.3f} s   "
              f"ratio {cold / warm:6.1f}x", flush=True)

        site_cache = work / "site-cache"
        out = work / "site"
        options = BuildOptions(content, out, TODAY, cache_dir=site_cache)
        cold_site = timed(lambda: build_site(options))
        warm_site = statistics.median(timed(lambda: build_site(options)) for _ in range(args.runs))
        print(f"site     first build {cold_site:7.2f} s   rebuild (median of {args.runs}) {warm_site:6.3f} s   "
              f"ratio {cold_site / warm_site:6.1f}x", flush=True)

        weights = sorted((page_weight(out, p) for p in (out / "ho-so").glob("*/index.html")),
                         key=lambda w: w["html_gzip"] + w["lead_480"])
        median = weights[len(weights) // 2]
        print(f"phone, median profile page: HTML {median['html'] / 1e3:.1f} KB "
              f"({median['html_gzip'] / 1e3:.1f} KB gzip) + lead photo at 480 px {median['lead_480'] / 1e3:.1f} KB "
              f"= {(median['html_gzip'] + median['lead_480']) / 1e3:.1f} KB before scrolling; "
              f"lazy photos at 480 px {median['lazy_480'] / 1e3:.1f} KB more when scrolled to")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
