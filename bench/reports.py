"""Quota report and statistics page benchmark at scale.

    python bench/quota_report.py [--count 10000] [--runs 5]

Generates N synthetic profiles (no photos) and prints, as medians of the runs:
the time to load and validate the content (for scale: what `site-builder
report` pays before counting), to compute the quota report for one year, to
render it in each format (with its size), and to compute and render the
statistics page (/thong-ke/) with its charts; plus the page's size, raw and
gzip, as a static host serves it.
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

from bench.synthetic import generate  # noqa: E402
from site_builder.content.load import load_content  # noqa: E402
from site_builder.council import quota_formats, quota_report  # noqa: E402
from site_builder.public.gate import publish  # noqa: E402
from site_builder.site import statistics as statistics_pages  # noqa: E402
from site_builder.site.renderer import Renderer, load_labels  # noqa: E402

TODAY = dt.date(2026, 6, 30)
YEAR = 2024


def median_time(function, runs: int):
    """(median seconds, last result) over `runs` calls."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description="quota report and statistics page benchmark")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}", flush=True)
        folder = generate(args.count, work / "content", photos="none", words=120)
        load_seconds, (content, _) = median_time(lambda: load_content(folder), max(1, args.runs // 2))
        print(f"{len(content.profiles)} profiles; load + validate (median) {load_seconds:.2f} s", flush=True)

        labels = load_labels(REPO / "theme")
        renderer = Renderer(REPO / "theme" / "templates", labels, content.site)
        seconds, report = median_time(lambda: quota_report.quota_report(content, YEAR, TODAY), args.runs)
        print(f"quota report {YEAR}: {len(report.units)} units, {report.submitted} submissions, "
              f"{len(report.below_quota)} below quota; computed in {seconds * 1e3:.1f} ms (median of {args.runs})")
        for fmt in quota_formats.FORMATS:
            seconds, text = median_time(
                lambda: quota_formats.render(report, fmt, labels, renderer, content.site.council), args.runs)
            print(f"  {fmt:5}  rendered in {seconds * 1e3:7.1f} ms   {len(text.encode()) / 1e3:7.1f} KB")

        publication = publish(content, TODAY)
        seconds, document = median_time(
            lambda: statistics_pages.statistics_document(publication, renderer, labels), args.runs)
        body = document.body.encode()
        print(f"statistics page ({len(publication.profiles)} public profiles): tables + charts + HTML in "
              f"{seconds * 1e3:.1f} ms (median of {args.runs}); body {len(body) / 1e3:.1f} KB "
              f"({len(gzip.compress(body, 9)) / 1e3:.1f} KB gzip), "
              f"{document.body.count('<svg')} charts, {document.body.count('<table')} tables")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
