"""Benchmark of the site search at scale: bytes downloaded and time to first results.

    python bench/search.py [--profiles 10000] [--work DIR] [--site DIR] [--runs 5]

Generates N synthetic profiles (bench/synthetic.py, no photos), builds the site with
`site-builder build`, then opens /tim-kiem/ in headless Debian Chromium (Playwright,
/usr/bin/chromium) on a fresh profile for every run and types two queries. It prints:

* the index size on disk (pagefind/, and the part a reader may download: without
  fragments, which are fetched one per shown result);
* bytes downloaded for the first query on a fresh page load (search code, wasm, index,
  filter and fragment chunks) and for the second query;
* time from the query's input event to the first result on the page, and to the whole
  first page of results with its hit count, timed inside the page (see CLOCK; median of
  --runs fresh page loads), two ways: the reader clicks into the search box, which starts
  loading the search core (pagefind.js, its wasm and meta file), and types once that has
  arrived ("focused first"); and the whole query arrives in the same instant as the
  focus, as when it is pasted or sent from the header box ("cold"), so the time also
  pays for the core. The time from focus to a ready core is printed too.

Compression: bytes are counted as a static host would serve them. Pagefind's data files
(.pf_meta, .pf_index, .pf_filter, .pf_fragment, the wasm) are already gzip files and are
counted as they are; text files (JavaScript, JSON, HTML, CSS) are counted gzip-compressed
at level 6 (what nginx's `gzip on` and most hosts do). `--site DIR` measures an already
built site instead of generating and building one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from support.checkers import chromium_context, serve  # noqa: E402

COMPRESSIBLE = (".js", ".json", ".html", ".css", ".svg", ".xml", ".txt")
QUERIES = ("nguyen thi hoa", "thanh long")


def served_size(site: Path, url: str) -> int:
    path = site / urlsplit(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6, mtime=0)) if path.suffix in COMPRESSIBLE else len(data)


def is_photo(url: str) -> bool:
    """Result thumbnails are photos of the site, not search code or index, and load lazily."""
    return urlsplit(url).path.startswith("/anh/")


def build(profiles: int, work: Path) -> Path:
    content, site = work / f"content-{profiles}", work / f"site-{profiles}"
    run([sys.executable, str(REPO / "bench" / "synthetic.py"), str(profiles), str(content), "--photos", "none"])
    run([sys.executable, "-m", "site_builder", "build", "--content", str(content), "--out", str(site),
         "--today", "30/06/2026"])
    return site


def run(command: list[str]) -> None:
    print("$", " ".join(command), file=sys.stderr)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO)
    print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


# Timed inside the page, so the figures are the page's and not the test driver's (each of
# its calls into the page costs tens of milliseconds on this machine): from the input event
# (listened to before the page's own listener) to the first result put on the page and to
# the first page of results complete with its hit count. The browser paints them at its
# next frame (16 ms at most at 60 Hz), not counted.
CLOCK = """query => {
  const clock = window.benchClock = {};
  const root = document.querySelector('[data-dh-search]');
  const list = document.querySelector('#dh-search-results');
  document.addEventListener('input', () => { clock.input = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver((records) => {
    if (!clock.input) return;
    // The first result put into the list after the input event (the list is emptied first).
    if (!clock.first && records.some((r) => r.target === list && r.addedNodes.length)) clock.first = performance.now();
    if (!clock.page && root.dataset.state === 'results' && root.dataset.query === query) {
      clock.page = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true });
}"""


def one_run(site: Path, base: str, focus_first: bool, intercept: bool = False) -> dict:
    """A fresh browser profile: load the search page, type two queries, count and time.

    With `focus_first` the reader clicks into the box and types once the search core it
    starts loading has arrived; otherwise the first query comes with the focus.
    """
    with chromium_context(intercept=intercept) as context:  # by default no Python round trip per request
        page = context.new_page()
        requests: list[str] = []
        page.on("requestfinished", lambda request: requests.append(request.url))
        page.goto(base + "/tim-kiem/", wait_until="networkidle")
        page.wait_for_selector("[data-dh-search][data-ready]")
        before = len(requests)
        figures = {}
        box = page.locator("#dh-search-q")
        if focus_first:
            focused = page.evaluate("performance.now()")
            box.focus()
            try:
                page.wait_for_function("document.querySelector('[data-dh-search]').dataset.core === 'ready'",
                                       timeout=15_000)
                figures["core_ms"] = page.evaluate("performance.now()") - focused
            except PlaywrightTimeout:  # a search page that does not say (before this benchmark's changes)
                figures["core_ms"] = None
            page.wait_for_load_state("networkidle")
        for number, query in enumerate(QUERIES, start=1):
            start_at = len(requests)
            page.evaluate(CLOCK, query)
            # The whole query in one input event (as pasted, or sent from the header box).
            started = page.evaluate("performance.now()")
            box.fill(query)
            page.wait_for_function(
                "q => { const r = document.querySelector('[data-dh-search]');"
                " return r.dataset.query === q && r.dataset.state === 'results'; }", arg=query)
            seen = page.evaluate("performance.now()")
            clock = page.evaluate("window.benchClock")
            page.wait_for_load_state("networkidle")
            urls = requests[start_at:] if number > 1 else requests[before:]
            search_urls = [u for u in urls if not is_photo(u)]
            figures[number] = {"ms": clock["first"] - clock["input"], "page_ms": clock["page"] - clock["input"],
                               "seen_ms": seen - started, "bytes": sum(served_size(site, u) for u in search_urls),
                               "requests": len(search_urls),
                               "photos": sum(served_size(site, u) for u in urls if is_photo(u))}
        figures["page"] = sum(served_size(site, u) for u in requests[:before])
        return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=10_000)
    ap.add_argument("--work", type=Path, help="folder for the generated content and site (default: a temporary one)")
    ap.add_argument("--site", type=Path, help="measure this built site instead of building one")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--intercept", action="store_true",
                    help="route every request through the test driver, as the tests do (slower)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = args.site or build(args.profiles, args.work or Path(tmp))
        bundle = site / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        on_disk = sum(p.stat().st_size for p in files)
        fragments = sum(p.stat().st_size for p in files if p.suffix == ".pf_fragment")
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(language["page_count"] for language in entry["languages"].values())
        with serve(site, keep_alive=not args.intercept) as base:
            warm = [one_run(site, base, True, args.intercept) for _ in range(args.runs)]
            cold = [one_run(site, base, False, args.intercept) for _ in range(args.runs)]

    def median(runs, key, part=None):
        return statistics.median(r[key] if part is None else r[key][part] for r in runs)

    def times(runs, key, part="ms"):
        return ", ".join(str(round(r[key][part])) for r in runs)

    print(f"profiles indexed:                 {pages}")
    print(f"index on disk (pagefind/):        {on_disk / 1e6:.1f} MB in {len(files)} files "
          f"({(on_disk - fragments) / 1e6:.1f} MB without the per-profile fragments)")
    print(f"search page itself (gzip):        {warm[0]['page'] / 1e3:.0f} KB, loads no index")
    print(f"first query  '{QUERIES[0]}': {median(warm, 1, 'bytes') / 1e3:.0f} KB in {median(warm, 1, 'requests'):.0f} "
          f"requests from the focus on (code + index + filters + fragments, as served; "
          f"thumbnails apart: {median(warm, 1, 'photos') / 1e3:.0f} KB)")
    print(f"second query '{QUERIES[1]}':     {median(warm, 2, 'bytes') / 1e3:.0f} KB "
          f"in {median(warm, 2, 'requests'):.0f} requests")
    core = [r["core_ms"] for r in warm if r["core_ms"] is not None]
    if core:
        print(f"search core ready after focus:    median {statistics.median(core):.0f} ms "
              f"(runs: {', '.join(str(round(ms)) for ms in core)})")
    for label, runs, number in (("1st query, focused first", warm, 1), ("2nd query", warm, 2),
                                ("1st query, cold (pasted)", cold, 1)):
        print(f"time to first result, {label}: median {median(runs, number, 'ms'):.0f} ms "
              f"(runs: {times(runs, number)}); whole first page: median {median(runs, number, 'page_ms'):.0f} ms "
              f"(runs: {times(runs, number, 'page_ms')})")
    print(f"cold first query: {median(cold, 1, 'bytes') / 1e3:.0f} KB in {median(cold, 1, 'requests'):.0f} requests")
    print(f"(as the test driver sees them, its calls included: {median(warm, 1, 'seen_ms'):.0f}, "
          f"{median(warm, 2, 'seen_ms'):.0f} and {median(cold, 1, 'seen_ms'):.0f} ms to the whole first page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
