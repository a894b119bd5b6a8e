"""Nomination import benchmark: a workbook of N rows with N Word reports.

    python bench/nominations.py [--count 500] [--photos]

Makes the council's template from the sample content, fills N rows the way a unit
does (names from the drop-downs, date cells), writes one Word report per row with
python-docx (headings, a list, a table and a picture), then runs
`site-builder import` in a child process on a copy of the sample content, twice:
the first import (N profiles created) and the same file again (N unchanged).
Prints each run's wall time and the child's peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from support.nominations import fill_template, photo, unit_row, word_report  # noqa: E402


def run_import(workbook: Path, content: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of the child, its last line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "site_builder", "import", str(workbook), "--content", str(content)],
                          cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux; the largest child so far
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    return seconds, max(peak, before) / 1024, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--photos", action="store_true", help="also one photo per row")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-nominations-"))
    try:
        content = work / "content"
        shutil.copytree(REPO / "content", content)
        template = work / "mau.xlsx"
        subprocess.run([sys.executable, "-m", "site_builder", "template", str(template), "--content", str(content)],
                       cwd=REPO, check=True, capture_output=True)
        sent = work / "gui-den"
        start = time.perf_counter()
        rows = []
        for n in range(args.count):
            name = f"Người Mẫu Số {n + 1:04d}"
            report = f"bao-cao-{n + 1:04d}.docx"
            word_report(sent / report, name)
            row = unit_row(name, **{"Tệp báo cáo thành tích": report,
                                    "Ngày gửi": dt.date(2024, 1, 1) + dt.timedelta(days=n % 360)})
            if args.photos:
                row["Ảnh 1: tên tệp"] = f"anh-{n + 1:04d}.jpg"
                photo(sent / row["Ảnh 1: tên tệp"], size=(1200, 800))
            else:
                for key in ("Ảnh 1: tên tệp", "Ảnh 1: mô tả", "Ảnh 1: chú thích"):
                    row.pop(key)
            rows.append(row)
        workbook = fill_template(template, sent / "de-nghi.xlsx", rows)
        made = time.perf_counter() - start
        size = sum(p.stat().st_size for p in sent.iterdir()) / 1e6
        print(f"made {args.count} rows, {args.count} Word reports{' and photos' if args.photos else ''} "
              f"({size:.1f} MB) in {made:.1f} s")
        for label in ("first import", "same file again"):
            seconds, peak, last = run_import(workbook, content)
            print(f"{label}: {seconds:.1f} s, peak memory {peak:.0f} MB — {last}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
