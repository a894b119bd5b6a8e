"""Open data, feeds and share images: sizes and times for the sample and for N profiles.

    python bench/open_data.py [--count 10000] [--runs 3] [--skip-cards]

For the sample content and for N synthetic profiles (bench/synthetic.py, one
shared photo so that photo encoding does not dominate), prints the size of
every kind of file the press-kit stage writes (raw and gzip, as a static host
serves them), the median time of the open-data export, and the time of the
whole press-kit stage with an empty share-image cache (every card drawn, on
all cores) and with a warm one (nothing drawn), and their ratio.
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
from site_builder.media.photos import process_photos  # noqa: E402
from site_builder.press import open_data  # noqa: E402
from site_builder.press.kit import make_press_kit  # noqa: E402
from site_builder.public.gate import publish  # noqa: E402
from site_builder.public.views import profile_views  # noqa: E402
from site_builder.site import pages  # noqa: E402
from site_builder.site.documents import SiteBuildPlan  # noqa: E402
from site_builder.site.renderer import Renderer, load_labels  # noqa: E402

TODAY = dt.date(2026, 6, 30)
THEME = REPO / "theme"


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def size(n: int) -> str:
    return f"{n / 1e6:8.2f} MB" if n >= 1e6 else f"{n / 1e3:8.1f} kB"


def group_sizes(files: dict[str, bytes | Path]) -> dict[str, tuple[int, int, int]]:
    """(files, bytes, gzip bytes) by kind of output."""
    def kind(path: str) -> str:
        if path == open_data.ALL_JSON_PATH:
            return "du-lieu/ho-so.json"
        if path == open_data.ALL_CSV_PATH:
            return "du-lieu/ho-so.csv"
        if path.startswith("du-lieu/ho-so/"):
            return "du-lieu/ho-so/<id>.json"
        if path.startswith("du-lieu/linh-vuc/"):
            return "du-lieu/linh-vuc/<code>.csv"
        if path.startswith("du-lieu/phong-trao/"):
            return "du-lieu/phong-trao/<code>.csv"
        if path.startswith("anh/chia-se/"):
            return "anh/chia-se/<key>.jpg"
        if path.startswith("sitemap"):
            return "sitemap.xml + sitemap-<n>.xml"
        if path.endswith("feed.xml") and path != "feed.xml":
            return "linh-vuc/<code>/feed.xml"
        return path

    groups: dict[str, list[int]] = {}
    for path, data in files.items():
        raw = data.read_bytes() if isinstance(data, Path) else data
        squeezed = len(raw) if path.endswith(".jpg") else len(gzip.compress(raw, 6, mtime=0))
        entry = groups.setdefault(kind(path), [0, 0, 0])
        entry[0] += 1
        entry[1] += len(raw)
        entry[2] += squeezed
    return {k: tuple(v) for k, v in sorted(groups.items())}


def measure(label: str, content_dir: Path, runs: int, cards: bool) -> None:
    print(f"\n== {label} ({content_dir})", flush=True)
    seconds, (content, problems) = timed(lambda: load_content(content_dir))
    assert content is not None and not problems.errors, problems.errors[:3]
    publication = publish(content, TODAY)
    print(f"load + validate: {seconds:.1f} s; {len(publication.profiles)} public, "
          f"{len(publication.withheld)} withheld")
    with tempfile.TemporaryDirectory(prefix="bench-open-data-") as tmp:
        cache = Path(tmp)
        photos = [ph for p in publication.profiles for ph in p.photos]
        seconds, media = timed(lambda: process_photos(photos, cache / "media", content.site.original_photo_download))
        print(f"photos: {len(photos)} ({media.encoded} encoded) in {seconds:.1f} s")
        notes = open_data.load_format_notes(THEME)
        export_times = []
        for _ in range(runs):
            seconds, data = timed(lambda: open_data.export(publication, profile_views(publication, media.photos),
                                                              notes))
            export_times.append(seconds)
        print(f"open-data export: median {statistics.median(export_times):.2f} s of {runs} "
              f"({len(data.files)} files)")

        labels = load_labels(THEME)
        renderer = Renderer(THEME / "templates", labels, content.site)
        seconds, plan = timed(lambda: pages.generate(publication, media.photos, renderer, labels))
        print(f"pages.generate (for context): {seconds:.1f} s, {len(plan.documents) + len(plan.pending)} pages")

        def stage(stage_cache: Path):
            fresh = SiteBuildPlan(list(plan.documents), list(plan.pending), list(plan.redirects), plan.views,
                                        plan.view_keys)
            return make_press_kit(publication, media, fresh, renderer, labels, THEME, stage_cache)

        if cards:
            cold, kit = timed(lambda: stage(cache))
            warm_times = []
            for _ in range(runs):
                seconds, warm_kit = timed(lambda: stage(cache))
                warm_times.append(seconds)
            warm = statistics.median(warm_times)
            print(f"press-kit stage, empty caches: {cold:.1f} s ({kit.share_drawn} cards drawn on "
                  f"{os.cpu_count()} cores, {cold / max(1, kit.share_drawn) * 1000:.0f} ms per card overall)")
            print(f"press-kit stage, warm caches:  median {warm:.1f} s of {runs} "
                  f"({warm_kit.share_drawn} drawn); cold/warm = {cold / warm:.1f}x")
            files = kit.files
        else:  # the open data files only: the stage would draw every card
            files = dict(data.files)

        print(f"{'output':34} {'files':>7} {'bytes':>11} {'gzip':>11}")
        total = [0, 0, 0]
        for kind, (count, raw, squeezed) in group_sizes(files).items():
            print(f"{kind:34} {count:7d} {size(raw)} {size(squeezed)}")
            total = [total[0] + count, total[1] + raw, total[2] + squeezed]
        print(f"{'total':34} {total[0]:7d} {size(total[1])} {size(total[2])}")
        if publication.profiles:
            per = sum(len(v) for k, v in files.items() if k.startswith("du-lieu/ho-so/"))
            print(f"mean per-profile JSON: {per / len(publication.profiles) / 1000:.1f} kB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-cards", action="store_true",
                    help="time the open-data export only, not the whole stage (no share images drawn)")
    args = ap.parse_args()
    measure("sample content", REPO / "content", args.runs, not args.skip_cards)
    folder = Path(tempfile.mkdtemp(prefix="bench-open-data-content-"))
    try:
        seconds, _ = timed(lambda: generate(args.count, folder / "content", photos="shared"))
        print(f"\ngenerated {args.count} synthetic profiles in {seconds:.1f} s")
        measure(f"{args.count} synthetic profiles", folder / "content", args.runs, not args.skip_cards)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
