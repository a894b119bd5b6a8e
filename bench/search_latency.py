"""The first search on a slow phone: page load and focus-to-first-result under slow 4G.

    python bench/search_latency.py [--profiles 10000] [--site DIR] [--work DIR] [--runs 3] [--host as-is]

Chromium (Playwright, Debian's /usr/bin/chromium) with Chrome DevTools' network emulation
as Lighthouse's mobile run sets it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
cache disabled; a fresh browser profile for every run. For the sample site (built from
content/) and for --profiles synthetic profiles (bench/synthetic.py, no photos, built once
into --work), it opens /tim-kiem/ and prints, median of --runs:

* page load: from navigation to the `load` event;
* focus to first result: the reader focuses the search box and the query
  "nguyen thi hoa" arrives in the same instant (typed fast, or pasted); from the focus
  to the first result put on the page, timed inside the page. Nothing of the search core
  is fetched before the focus (dh-search.js), so this pays for all of it.

The host compresses by default (bench/serving.py: .br/.gz siblings, else gzip on the fly);
`--host as-is` sends files as they are. `--site DIR` measures a built site instead of the
sample (and then no synthetic one).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from support.checkers import chromium_context  # noqa: E402

from bench.serving import serve  # noqa: E402

QUERY = "nguyen thi hoa"
# Chrome DevTools' "slow 4G" as Lighthouse's mobile run simulates it (bytes per second).
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}

# Inside the page: focus the box, put the whole query in with one input event, and wait for
# the first result of that query on the page (dh-search.js sets data-query once a result
# of the query is in the list). Returns milliseconds from the focus.
FOCUS_TO_FIRST_RESULT = """async (query) => {
  const root = document.querySelector('[data-dh-search]');
  const list = document.querySelector('#dh-search-results');
  const box = document.querySelector('#dh-search-q');
  const arrived = () => list.children.length > 0 && root.dataset.query === query;
  const started = performance.now();
  box.focus();
  box.value = query;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => {
    if (arrived()) return resolve();
    const observer = new MutationObserver(() => { if (arrived()) { observer.disconnect(); resolve(); } });
    observer.observe(root, { subtree: true, childList: true, attributes: true });
  });
  return performance.now() - started;
}"""


def one_run(base: str) -> dict:
    with chromium_context(intercept=False) as context:  # no Python round trip per request
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        requests: list[tuple[float, str]] = []
        page.on("requestfinished", lambda request: requests.append((time.perf_counter(), request.url)))
        page.goto(base + "/tim-kiem/", wait_until="load")
        load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
        page.wait_for_selector("[data-dh-search][data-ready]")
        before = len(requests)
        first_ms = page.evaluate(FOCUS_TO_FIRST_RESULT, QUERY)
        return {"load_ms": load_ms, "first_ms": first_ms, "requests": len(requests) - before}


def measure(site: Path, runs: int, compress: bool) -> dict:
    with serve(site, compress=compress) as base:
        results = [one_run(base) for _run in range(runs)]
    return {key: [r[key] for r in results] for key in results[0]}


def build(command: list[str]) -> None:
    print("$", " ".join(command), file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO)
    print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def sample_site(work: Path) -> Path:
    site = work / "site-sample"
    if not (site / "index.html").is_file():
        build([sys.executable, "-m", "site_builder", "build", "--today", "30/06/2026", "--out", str(site),
               "--cache", str(work / "cache-sample")])
    return site


def synthetic_site(profiles: int, work: Path) -> Path:
    content, site = work / f"content-{profiles}", work / f"site-{profiles}"
    if not (site / "index.html").is_file():  # built once: a second run measures the same site
        build([sys.executable, str(REPO / "bench" / "synthetic.py"), str(profiles), str(content), "--photos", "none"])
        build([sys.executable, "-m", "site_builder", "build", "--content", str(content), "--out", str(site),
               "--cache", str(work / f"cache-{profiles}"), "--today", "30/06/2026"])
    return site


def line(label: str, figures: dict) -> str:
    def median(key):
        return statistics.median(figures[key])

    def runs(key):
        return ", ".join(str(round(v)) for v in figures[key])
    return (f"{label:28} page load {median('load_ms'):5.0f} ms ({runs('load_ms')}); focus to first result "
            f"{median('first_ms'):5.0f} ms ({runs('first_ms')}); {median('requests'):.0f} requests after the load")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=10_000, help="synthetic profiles (0: the sample only)")
    ap.add_argument("--site", type=Path, help="measure this built site only")
    ap.add_argument("--work", type=Path, help="folder for the built sites, kept for the next run (default: temporary)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--host", choices=("compressed", "as-is"), default="compressed")
    args = ap.parse_args()
    compress = args.host == "compressed"
    print(f"slow 4G (150 ms, 1.6 Mbit/s down, 750 kbit/s up, cache off), {args.host} host, "
          f"query '{QUERY}', median of {args.runs}")
    with tempfile.TemporaryDirectory(prefix="bench-search-latency-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.site:
            print(line(str(args.site), measure(args.site, args.runs, compress)))
            return 0
        print(line("sample", measure(sample_site(work), args.runs, compress)))
        if args.profiles:
            print(line(f"{args.profiles:,} synthetic profiles", measure(synthetic_site(args.profiles, work),
                                                                         args.runs, compress)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
