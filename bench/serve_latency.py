"""How long the live preview takes to show a save, driving the real server over HTTP.

    python bench/serve_latency.py [--profiles 10000] [--saves 10] [--work /tmp/serve-bench]

Generates N synthetic profiles (bench/synthetic.py, 20 shared photos) into
`--work` (kept: a second run reuses the content and the server's cache, so the
share images are drawn once), starts `python -m site_builder serve` on a free
port, and waits until it serves. Then, `--saves` times, it appends a sentence
to one profile's story and polls that profile's page over HTTP until the
sentence is there (the changed page first: pipeline/changed_first.py), asks
for another page (the A–Z listing, served as the last build left it until the
whole rebuild is done), then watches the server's log until its whole rebuild is done; then it adds a new
profile (no photo, as the web editor makes one), and one with a new photo, and
polls for each one's page. Each time is from the moment the file is
written to the moment the changed page is served, or the whole rebuild done.
It prints each time, the medians, and the machine's load average before and
after (the machine is shared: a busy neighbour slows every figure).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic import generate  # noqa: E402

TODAY = "30/06/2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def wait_for(url: str, text: bytes, started: float, limit: float, server: subprocess.Popen) -> float:
    """Seconds from `started` until `url` serves a page containing `text`."""
    while True:
        status, body = fetch(url)
        if status == 200 and text in body:
            return time.perf_counter() - started
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{url} did not show {text!r} within {limit} s")
        time.sleep(0.02)


def add_profile(content: Path, work: Path, source: Path, base: str, server: subprocess.Popen, log: Path,
                with_photo: bool) -> tuple[float, float]:
    """Seconds from a new profile's folder moved into content/ to its page served, and to the whole
    rebuild done (the listings, the feeds and the search index with it: "search caught up"); the
    profile is removed again once the preview is idle."""
    idle(log)
    stamp = time.time_ns()
    new_id = f"ho-so-thu-nghiem-{stamp}"
    incoming = work / "incoming"  # made outside the content, then renamed in: one step
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming)
    text = (incoming / "index.md").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
    text = re.sub(r"^name: .*$", f"name: Hồ sơ thử nghiệm {stamp}", text, count=1, flags=re.M)
    if with_photo:  # another photo: new bytes, which no profile has (not a duplicate)
        photo = incoming / "photo-1.jpg"
        photo.write_bytes(photo.read_bytes() + stamp.to_bytes(8, "big"))
    else:
        front, story = text.split("\nphotos:\n", 1)[0], text.split("\n---\n", 1)[1]
        text = f"{front}\n---\n{story}"
        for photo in incoming.glob("*.jpg"):
            photo.unlink()
    (incoming / "index.md").write_text(text, encoding="utf-8")
    target = content / "profiles" / f"zz-bench-{stamp}"
    before = rebuilds_done(log)
    started = time.perf_counter()
    os.rename(incoming, target)
    added = wait_for(f"{base}ho-so/{new_id}/", b"<html", started, 600, server)
    caught_up = wait_for_rebuild(log, before, started, 600)
    idle(log)
    before = rebuilds_done(log)
    removed = time.perf_counter()
    shutil.rmtree(target)
    wait_for_rebuild(log, before, removed, 600)  # gone before the next step (else one change set holds both)
    return added, caught_up


def profile_id(index_md: Path) -> str:
    found = re.search(r"^id: (.+)$", index_md.read_text(encoding="utf-8"), flags=re.M)
    if not found:
        raise SystemExit(f"{index_md} has no id")
    return found.group(1).strip()


def warm_up(index_md: Path, base: str, server: subprocess.Popen) -> None:
    """One save, not timed, repeated until the server shows it: a watcher that polls may still be
    taking its first look at the folders (a save made before that is never seen as a change)."""
    text = index_md.read_text(encoding="utf-8")
    url = f"{base}ho-so/{profile_id(index_md)}/"
    started = time.perf_counter()
    while True:
        marker = f"Câu khởi động lúc {time.time_ns()}."
        index_md.write_text(text + f"\n{marker}\n", encoding="utf-8")
        attempt = time.perf_counter()
        while time.perf_counter() - attempt < 60:
            status, body = fetch(url)
            if status == 200 and marker.encode() in body:
                print(f"watcher ready after {time.perf_counter() - started:.1f} s")
                return
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit {server.returncode})")
            time.sleep(0.2)


def rebuilds_done(log: Path) -> int:
    """How many whole rebuilds the server has said it finished (its log, in either language)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return text.count("đã dựng lại ") + text.count("rebuilt ")


def wait_for_rebuild(log: Path, before: int, started: float, limit: float) -> float:
    """Seconds from `started` until the server has finished one more whole rebuild than `before`."""
    while rebuilds_done(log) <= before:
        if time.perf_counter() - started > limit:
            raise SystemExit(f"no rebuild finished within {limit} s")
        time.sleep(0.02)
    return time.perf_counter() - started


def idle(log: Path, limit: float = 600) -> None:
    """Wait until the server's last rebuild is done: its log's last word on a rebuild is that it
    ended ("rebuilt"), not that the changed page was shown first and the rest follows."""
    started = time.perf_counter()
    while True:
        said = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
                if "đã dựng lại " in line or "rebuilt " in line or "đã hiện " in line or "shown in" in line]
        if said and ("đã dựng lại " in said[-1] or "rebuilt " in said[-1]):
            return
        if time.perf_counter() - started > limit:
            raise SystemExit(f"the server was still rebuilding after {limit} s")
        time.sleep(0.05)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", type=int, default=10_000)
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--work", type=Path, default=Path("/tmp/serve-bench"))
    ap.add_argument("--startup-limit", type=float, default=1800, help="seconds the first build may take")
    args = ap.parse_args()

    content = args.work / f"content-{args.profiles}"
    if not (content / "profiles").is_dir():
        generate(args.profiles, content, photos="shared", words=600)
    for leftover in (content / "profiles").glob("zz-bench-*"):  # profiles an earlier run added
        shutil.rmtree(leftover)
    cache = args.work / f"cache-{args.profiles}"
    cache.mkdir(parents=True, exist_ok=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    print(f"load average at start: {load()}  ({os.cpu_count()} cores)")
    server = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--content", str(content),
                               "--port", str(port), "--today", TODAY, "--cache", str(cache)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=open(args.work / "serve.log", "w"))
    try:
        started = time.perf_counter()
        wait_for(base, b"<html", started, args.startup_limit, server)
        print(f"first build served after {time.perf_counter() - started:.1f} s")
        profiles = sorted(p for p in (content / "profiles").iterdir() if p.is_dir())
        warm_up(profiles[-1] / "index.md", base, server)
        saves, others, wholes = [], [], []
        log = args.work / "serve.log"
        for number in range(args.saves):
            folder = profiles[(number * 997) % len(profiles)]
            index_md = folder / "index.md"
            marker = f"Câu thử nghiệm số {number} lúc {time.time_ns()}."
            text = index_md.read_text(encoding="utf-8")
            idle(log)
            before = rebuilds_done(log)
            started = time.perf_counter()
            index_md.write_text(text + f"\n{marker}\n", encoding="utf-8")
            seconds = wait_for(f"{base}ho-so/{profile_id(index_md)}/", marker.encode(), started, 600, server)
            # Another page asked for during the whole rebuild: served at once, as the last build left
            # it, until that rebuild is done (its time is the whole rebuild's, below).
            asked = time.perf_counter()
            status, _body = fetch(f"{base}ho-so/")
            other = time.perf_counter() - asked
            assert status == 200, status
            # The changed page is shown first (pipeline/changed_first.py); then the whole rebuild ends.
            whole = wait_for_rebuild(log, before, started, 600)
            saves.append(seconds)
            others.append(other)
            wholes.append(whole)
            print(f"save {number + 1}: page served after {seconds:.2f} s, another page in {other:.3f} s, "
                  f"whole rebuild done after {whole:.2f} s")

        # A new profile, as the web editor makes one: a new name and text, no photo yet (its page
        # is written first: pipeline/changed_first.py); then the same with a new photo (processed
        # by the whole build, which the page waits for).
        added, added_whole = add_profile(content, args.work, profiles[0], base, server, log, with_photo=False)
        added_photo, added_photo_whole = add_profile(content, args.work, profiles[1], base, server, log,
                                                     with_photo=True)
        print(f"new profile served after {added:.2f} s, whole rebuild (search caught up) after {added_whole:.2f} s; "
              f"with a new photo after {added_photo:.2f} s, whole rebuild after {added_photo_whole:.2f} s")
        print(f"median of {len(saves)} saves: {statistics.median(saves):.2f} s "
              f"(min {min(saves):.2f}, max {max(saves):.2f}); another page: {statistics.median(others):.3f} s; "
              f"whole rebuild (the other pages and the search index up to date): {statistics.median(wholes):.2f} s; "
              f"new profile: {added:.2f} s; with a new photo: {added_photo:.2f} s")
        print(f"load average at end: {load()}")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
