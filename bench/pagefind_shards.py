"""How the search index's shard size (search/index.py: RECORDS_PER_SHARD) costs a cold
build and a save: the index made by the build's own code, with the shard size set per run.

    python bench/synthetic.py 10000 /tmp/content-10000
    python bench/pagefind_shards.py /tmp/content-10000 --work /tmp/shards \
        [--per-shard 10000,2500,625,400,200] [--runs 2] [--cache-from OLD_BUILD_CACHE]

The content is checked, the gate applied, the photos' renditions made and the search
records made as `site-builder build` does (pipeline/run.py, steps 1–4a; the synthetic
content has no reportage, so `with_reportage` adds nothing). The content folder is only
read. `--cache-from` copies a build cache's validation, photo and search-record caches
into the work folder first, so that this setup does not check 10,000 profiles again.

Then, for each shard size and run (the sizes taken in turn, so that a change in the
machine's load spreads over all of them), with `RECORDS_PER_SHARD` set for the run:
* cold: `start_index` + `finish` into an empty search cache, every shard indexed by
  Pagefind and merged;
* one record changed: its text grows by a word, and the index is made again with the
  cache of the cold run: its shard alone is indexed, then every shard merged.
Each prints wall seconds, CPU seconds (this process and its children: Pagefind, the
shard readers), the shards indexed, the merge's own wall seconds and the largest peak
memory of a Pagefind run (its VmHWM, read every 50 ms while it runs), and appends a JSON
line to WORK/results.jsonl. At the end, the medians per size and case. `--cold-only`
leaves out the second case.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.common import products  # noqa: E402
from site_builder.common.caches import Memo  # noqa: E402
from site_builder.content.load import load_content  # noqa: E402
from site_builder.media.photos import process_photos  # noqa: E402
from site_builder.public.gate import publish  # noqa: E402
from site_builder.search import index as search  # noqa: E402
from site_builder.search.records import SearchRecord  # noqa: E402
from site_builder.search.records import records as search_records_of  # noqa: E402
from site_builder.search.reportage import with_reportage  # noqa: E402
from site_builder.site.renderer import Renderer, load_labels  # noqa: E402

TODAY = dt.date(2026, 6, 30)
COPIED_CACHES = ("validation", "photo-digests.json", "media", "search-records")


def setup(content_dir: Path, cache: Path) -> tuple[list[SearchRecord], Renderer]:
    """The search records and the renderer, as the build makes them."""
    content, problems = load_content(content_dir, cache_dir=cache)
    if content is None:
        raise SystemExit(f"the content has errors:\n{problems}")
    publication = publish(content, TODAY)
    photos = [photo for p in publication.profiles for photo in p.photos]
    media = process_photos(photos, cache / "media", content.site.original_photo_download)
    theme_dir = REPO / "theme"
    renderer = Renderer(theme_dir / "templates", load_labels(theme_dir), content.site, cache / "templates")
    records = with_reportage(search_records_of(publication, media.photos, Memo(cache / "search-records")), [])
    return records, renderer


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


merge_seconds: list[float] = []
_merge = search.search_bundle.merge


def _timed_merge(*args, **kwargs):
    started = time.perf_counter()
    try:
        return _merge(*args, **kwargs)
    finally:
        merge_seconds.append(time.perf_counter() - started)


def _peak_kb(pid: int) -> int:
    """A running process's peak resident memory (VmHWM), 0 once it has ended."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except (OSError, ValueError):
        return 0


def _watch_pagefind(job: search.IndexJob, done: threading.Event, peaks: list[int]) -> None:
    """The largest peak memory of the job's Pagefind runs, read while they run."""
    while not done.wait(0.05):
        for process in list(job.processes):
            peaks.append(_peak_kb(process.pid))


def make_index(records: list[SearchRecord], renderer: Renderer, cache: Path, scratch: Path) -> dict:
    """One index made, as pipeline/run.py does: start_index, then finish."""
    work_dir = Path(tempfile.mkdtemp(prefix="work-", dir=scratch))
    merge_seconds.clear()
    peaks: list[int] = [0]
    done = threading.Event()
    wall, cpu = time.perf_counter(), _cpu()
    with products.one_build():
        job = search.start_index(records, renderer, work_dir, cache)
        watcher = threading.Thread(target=_watch_pagefind, args=(job, done, peaks), daemon=True)
        watcher.start()
        summary = job.finish()
    result = {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "shards": summary.shards,
              "indexed": summary.shards_indexed, "merge_wall": sum(merge_seconds), "files": len(summary.files)}
    done.set()
    watcher.join()
    result["pagefind_peak_mb"] = round(max(peaks) / 1024)
    shutil.rmtree(work_dir, ignore_errors=True)
    return result


def one_changed(records: list[SearchRecord]) -> list[SearchRecord]:
    """The same records, one of them (in the middle) with a word more."""
    changed = list(records)
    middle = len(changed) // 2
    changed[middle] = dataclasses.replace(changed[middle], content=changed[middle].content + " thêm.")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="a content folder (only read), e.g. of bench/synthetic.py")
    parser.add_argument("--work", type=Path, required=True, help="a folder for caches, indexes and results")
    parser.add_argument("--per-shard", default="10000,2500,625,400,200",
                        help="RECORDS_PER_SHARD values to try, comma-separated")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--cold-only", action="store_true", help="leave out the runs after one record changed")
    parser.add_argument("--cache-from", type=Path, help="a build cache whose validation and photo caches to copy")
    args = parser.parse_args()
    sizes = [int(s) for s in args.per_shard.split(",")]
    search.search_bundle.merge = _timed_merge  # the merge's own time, apart from waiting for Pagefind
    setup_cache = args.work / "build-cache"
    setup_cache.mkdir(parents=True, exist_ok=True)
    if args.cache_from:
        for name in COPIED_CACHES:
            source, target = args.cache_from / name, setup_cache / name
            if source.is_dir() and not target.exists():
                shutil.copytree(source, target)
            elif source.is_file() and not target.exists():
                shutil.copy2(source, target)
    started = time.perf_counter()
    records, renderer = setup(args.content, setup_cache)
    print(f"{len(records):,} search records made in {time.perf_counter() - started:.1f} s", flush=True)
    changed = one_changed(records)
    results_file = args.work / "results.jsonl"
    results: list[dict] = []
    for run in range(1, args.runs + 1):
        for per_shard in sizes:
            search.RECORDS_PER_SHARD = per_shard
            cache = Path(tempfile.mkdtemp(prefix=f"search-{per_shard}-", dir=args.work))
            cases = (("cold", records),) if args.cold_only else (("cold", records), ("one record changed", changed))
            for case, these in cases:
                load = os.getloadavg()[0]
                result = make_index(these, renderer, cache, args.work)
                result.update(per_shard=per_shard, case=case, run=run, load=round(load, 2))
                results.append(result)
                print(f"run {run}, {per_shard:>6} records per shard ({result['shards']} shards), {case:<18}: "
                      f"{result['wall']:6.1f} s wall, {result['cpu']:6.1f} CPU s, {result['indexed']} indexed, "
                      f"merge {result['merge_wall']:.1f} s, Pagefind peak {result['pagefind_peak_mb']} MB, load {load:.1f}",
                      flush=True)
                with results_file.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(result) + "\n")
            shutil.rmtree(cache, ignore_errors=True)
    print("\nmedians: records per shard | shards | case | wall s | CPU s | merge s | Pagefind peak MB | runs")
    for per_shard in sizes:
        for case in ("cold", "one record changed"):
            these = [r for r in results if r["per_shard"] == per_shard and r["case"] == case]
            if these:
                print(f"| {per_shard} | {these[0]['shards']} | {case} | "
                      + " | ".join(f"{statistics.median(r[k] for r in these):.1f}"
                                   for k in ("wall", "cpu", "merge_wall", "pagefind_peak_mb"))
                      + f" | {len(these)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
