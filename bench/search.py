"""Benchmark of the site search at scale: bytes downloaded and time to first results.

    python bench/search.py [--profiles 10000] [--work DIR] [--site DIR] [--runs 5]

Generates N synthetic profiles (bench/synthetic.py, no photos), builds the site with
`site-builder build`, then opens /tim-kiem/ in headless Debian Chromium (Playwright,
/usr/bin/chromium) on a fresh profile for every run and types two queries. It prints:

* the index size on disk (pagefind/, and the part a reader may download: without
  fragments, which are fetched one per shown result);
* bytes downloaded for the first query on a fresh page load (search code, wasm, index,
  filter and fragment chunks) and for the second query;
* time from the query's input event to the first result on screen
  (median of --runs fresh page loads).

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


def one_run(site: Path, base: str) -> dict:
    """A fresh browser profile: load the search page, type two queries, count and time."""
    with chromium_context() as context:
        page = context.new_page()
        requests: list[str] = []
        page.on("requestfinished", lambda request: requests.append(request.url))
        page.goto(base + "/tim-kiem/", wait_until="networkidle")
        page.wait_for_selector("[data-dh-search][data-ready]")
        before = len(requests)
        figures = {}
        for number, query in enumerate(QUERIES, start=1):
            start_at = len(requests)
            box = page.locator("#dh-search-q")
            # The whole query in one input event (as pasted, or sent from the header box):
            # on a fresh page the first one also pays for loading the search code and index.
            started = page.evaluate("performance.now()")
            box.fill(query)
            page.wait_for_function(
                "q => { const r = document.querySelector('[data-dh-search]');"
                " return r.dataset.query === q && document.querySelector('.dh-result'); }", arg=query)
            shown = page.evaluate("performance.now()")
            page.wait_for_load_state("networkidle")
            urls = requests[start_at:] if number > 1 else requests[before:]
            search_urls = [u for u in urls if not is_photo(u)]
            figures[number] = {"ms": shown - started, "bytes": sum(served_size(site, u) for u in search_urls),
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
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site = args.site or build(args.profiles, args.work or Path(tmp))
        bundle = site / "pagefind"
        files = [p for p in bundle.rglob("*") if p.is_file()]
        on_disk = sum(p.stat().st_size for p in files)
        fragments = sum(p.stat().st_size for p in files if p.suffix == ".pf_fragment")
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(language["page_count"] for language in entry["languages"].values())
        with serve(site) as base:
            runs = [one_run(site, base) for _ in range(args.runs)]
    median = lambda key, part: statistics.median(r[key][part] for r in runs)  # noqa: E731
    print(f"profiles indexed:                 {pages}")
    print(f"index on disk (pagefind/):        {on_disk / 1e6:.1f} MB in {len(files)} files "
          f"({(on_disk - fragments) / 1e6:.1f} MB without the per-profile fragments)")
    print(f"search page itself (gzip):        {runs[0]['page'] / 1e3:.0f} KB, loads no index")
    print(f"first query  '{QUERIES[0]}': {median(1, 'bytes') / 1e3:.0f} KB in {median(1, 'requests'):.0f} requests "
          f"(code + index + filters + fragments, as served; thumbnails apart: {median(1, 'photos') / 1e3:.0f} KB)")
    print(f"second query '{QUERIES[1]}':     {median(2, 'bytes') / 1e3:.0f} KB in {median(2, 'requests'):.0f} requests")
    print(f"time to first results, 1st query: median {median(1, 'ms'):.0f} ms "
          f"(runs: {', '.join(str(round(r[1]['ms'])) for r in runs)})")
    print(f"time to first results, 2nd query: median {median(2, 'ms'):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
