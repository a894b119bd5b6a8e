"""Lighthouse (mobile) on five pages of the site, served by a host that compresses and by one that does not.

    python bench/lighthouse.py [--site DIR] [--runs 1] [--json FILE]

Builds the sample site (`site-builder build --today 30/06/2026` into a temporary folder)
unless --site names a built one, serves it twice with bench/serving.py — "compressed"
(the .br/.gz siblings the build writes when present, else gzip on the fly) and "as is"
(every file as it is on disk) — and runs Lighthouse 12.2.3 (tools/node_modules, `npm ci`
in tools/) in its default mobile set-up (a Moto G Power screen, simulated slow 4G: 150 ms
round trip, 1.6 Mbit/s, CPU slowed 4×) in Debian's /usr/bin/chromium on: home, a
profile, a listing, the search page with a query and the statistics page. It prints, per
page and host, the four category scores and first contentful paint, largest contentful
paint, cumulative layout shift and total blocking time: the median of --runs runs.

A benchmark, not a test: the scores depend on the machine's speed (Lighthouse slows the
CPU by a fixed factor of whatever this machine does).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.serving import serve  # noqa: E402

LIGHTHOUSE = REPO / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
# Headless without a sandbox (root on this machine), and none of Chromium's calls to Google's services.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync --disable-default-apps --disable-extensions "
                "--disable-domain-reliability --metrics-recording-only --no-default-browser-check")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# (column, Lighthouse audit id, unit)
METRICS = (("FCP", "first-contentful-paint", "s"), ("LCP", "largest-contentful-paint", "s"),
           ("CLS", "cumulative-layout-shift", ""), ("TBT", "total-blocking-time", "ms"))
# The search page reads its query from ?q= (theme/overrides/assets/javascripts/dh-search.js).
SEARCH_QUERY = "nguyen thi hoa"
HOSTS = (("compressed", True), ("as is", False))


def pages(site: Path) -> list[tuple[str, str]]:
    """(name, path) of the five pages: the first profile and first field in the folder order."""
    profile = sorted(p.name for p in (site / "ho-so").iterdir() if (p / "index.html").is_file())[0]
    field = sorted(p.name for p in (site / "linh-vuc").iterdir() if (p / "index.html").is_file())[0]
    return [("home", "/"), ("profile", f"/ho-so/{profile}/"), ("listing", f"/linh-vuc/{field}/"),
            ("search", "/tim-kiem/?q=" + SEARCH_QUERY.replace(" ", "+")), ("statistics", "/thong-ke/")]


def run_lighthouse(url: str) -> dict:
    """One Lighthouse run; returns {column: value} for the categories and metrics."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
                          timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not load {url}: {report['runtimeError']}")
    row = {name: report["categories"][name]["score"] for name in CATEGORIES}
    for column, audit, _unit in METRICS:
        row[column] = report["audits"][audit]["numericValue"]
    return row


def median_row(rows: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in rows) for key in rows[0]}


def format_table(results: list[tuple[str, str, dict]], runs: int) -> str:
    head = ["page", "host", "perf", "a11y", "best pr.", "SEO", "FCP", "LCP", "CLS", "TBT"]
    lines = [f"Lighthouse 12.2.3, mobile, median of {runs} run(s)",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page, host, row in results:
        cells = [page, host] + [f"{row[c]:.2f}" for c in CATEGORIES]
        cells += [f"{row['FCP'] / 1000:.1f} s", f"{row['LCP'] / 1000:.1f} s", f"{row['CLS']:.3f}",
                  f"{row['TBT']:.0f} ms"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def build_sample(work: Path) -> Path:
    site = work / "site"
    subprocess.run([sys.executable, "-m", "site_builder", "build", "--today", "30/06/2026",
                    "--out", str(site), "--cache", str(work / "cache")], cwd=REPO, check=True)
    return site


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the sample)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page and host; the median is shown")
    parser.add_argument("--json", type=Path, help="also write the medians to this file")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"Lighthouse is missing ({LIGHTHOUSE}); install it with: npm ci --prefix tools")
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as work:
        site = args.site or build_sample(Path(work))
        results = []
        for host, compress in HOSTS:
            with serve(site, compress=compress) as base:
                for page, path in pages(site):
                    rows = [run_lighthouse(base + path) for _run in range(args.runs)]
                    results.append((page, host, median_row(rows)))
                    print(f"  {host:10} {page:10} done", file=sys.stderr, flush=True)
    print(format_table(results, args.runs))
    if args.json:
        args.json.write_text(json.dumps([{"page": p, "host": h, **row} for p, h, row in results], indent=1))


if __name__ == "__main__":
    main()
