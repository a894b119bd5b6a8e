"""Choose the compression settings of the precompressed copies (site_builder/pipeline/compress.py):
time and size of gzip and brotli at several levels over the text files of a built site.

    python bench/synthetic.py 1000 /tmp/content-1000
    site-builder build --content /tmp/content-1000 --out /tmp/site-1000/site --cache /tmp/site-1000/cache
    python bench/precompress.py /tmp/site-1000/site [--brotli 5,7,9,11] [--gzip 6,9]

Only the files the build compresses (compress.wanted) are measured, and only the originals
(not existing .gz/.br copies). Times are CPU seconds in this one process: a build spreads the
work over the cores (common/parallel.py), so its wall time is about this divided by the cores.
Then the build's own step (compress.compressed_copies, on every core, at the chosen settings)
is timed in wall seconds into an empty cache, and again with that cache warm.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

import brotli

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from site_builder.pipeline import compress  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--brotli", default="5,7,9,11")
    ap.add_argument("--gzip", default="6,9")
    args = ap.parse_args()
    originals, paths = [], []
    for folder, _folders, names in os.walk(args.site):
        for name in names:
            path = Path(folder) / name
            if compress.wanted(name, path.stat().st_size):
                originals.append(path.read_bytes())
                paths.append(path)
    total = sum(len(data) for data in originals)
    skipped = sum(1 for folder, _f, names in os.walk(args.site) for name in names
                  if os.path.splitext(name)[1].lower() in compress.COMPRESSIBLE_SUFFIXES
                  and (Path(folder) / name).stat().st_size < compress.MIN_BYTES)
    print(f"{len(originals)} text files, {total / 1e6:.1f} MB "
          f"({skipped} text files under {compress.MIN_BYTES} bytes left alone)")
    print(f"{'method':<12} {'CPU s':>8} {'MB':>8} {'ratio':>7}")
    methods = [(f"gzip -{level}", lambda data, level=int(level): gzip.compress(data, compresslevel=level, mtime=0))
               for level in args.gzip.split(",")]
    methods += [(f"brotli q{q}", lambda data, q=int(q): brotli.compress(data, quality=q)) for q in args.brotli.split(",")]
    for label, method in methods:
        started = time.process_time()
        size = sum(len(method(data)) for data in originals)
        seconds = time.process_time() - started
        print(f"{label:<12} {seconds:8.1f} {size / 1e6:8.2f} {size / total:7.3f}")
    with tempfile.TemporaryDirectory(prefix="precompress-cache-") as cache:
        for state in ("empty", "warm"):
            started = time.perf_counter()
            made = compress.compressed_copies([(path, None) for path in paths], Path(cache))
            print(f"the build's step ({compress.VARIANT}), {state} cache: {time.perf_counter() - started:.1f} s wall, "
                  f"{sum(c.made for c in made)} of {len(made)} files compressed")


if __name__ == "__main__":
    main()
