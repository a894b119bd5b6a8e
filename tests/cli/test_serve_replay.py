"""The live preview is the build: an editing session replayed on a running `site-builder serve`,
and after every step every address of a cold build of the same content, asked of the preview over
HTTP, gives the same bytes; an address the cold build no longer has is not served.

tests/pipeline/test_resident.py proves it of the files the resident session leaves. This proves it
of what an editor's browser gets: the real command (cli/serve.py), its watcher, the changed page
shown first (pipeline/changed_first.py), the problems page while the content is wrong, and the
engine's live-reload server (engine/mkdocs.py), which adds its reload script before the last
`</body>` of every HTML page it sends and changes nothing else. The search index (pagefind/) is
compared too: the preview's whole build makes it before it says "rebuilt".
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from conftest import VALID_PROFILE, ContentFolder, three_profiles
from support.servers import free_port
from test_serve import start

from site_builder.cli.serve import RebuildNotice
from site_builder.common.paths import THEME_DIR
from site_builder.engine.mkdocs import _engine_module
from site_builder.pipeline.run import BuildOptions, build_site

PREVIEW_TODAY = dt.date(2025, 1, 1)  # the --today that test_serve.start gives the preview

# What the preview says on stderr (in Vietnamese: test_serve.start asks for it).
REBUILT = re.compile(r"đã dựng lại (\d+) trang trong")
SHOWN_FIRST = re.compile(r"đã hiện (\d+) trang vừa lưu sau (\d+) ms")
NOT_UPDATED = re.compile(r"bản xem trước chưa được cập nhật")
PREVIEWING = re.compile(r"đang xem trước tại")

# The engine's live-reload script as its server adds it to a page: its template, with the page's
# epoch and a request id (numbers) put in.
_LIVERELOAD = _engine_module("livereload")
RELOAD_SCRIPT = re.compile(("<script>" + re.escape(_LIVERELOAD._SCRIPT_TEMPLATE_STR)
                            .replace(re.escape("${epoch}"), "[0-9]+")
                            .replace(re.escape("${request_id}"), "[0-9]+") + "</script>").encode())

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the preview is on this machine


class Said:
    """The preview's stderr, line by line as it comes (read by a thread of its own)."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.ended = False
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def mark(self) -> int:
        with self.changed:
            return len(self.lines)

    def next(self, since: int, *patterns: re.Pattern[str], seconds: float = 120) -> tuple[int, re.Match[str]]:
        """The first line after line `since` that one of `patterns` matches: where to look from
        next, and the match. Waits for it until the deadline, or until the preview stops."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while True:
                for number in range(since, len(self.lines)):
                    for pattern in patterns:
                        if found := pattern.search(self.lines[number]):
                            return number + 1, found
                since = len(self.lines)
                left = deadline - time.monotonic()
                if self.ended or left <= 0:
                    raise AssertionError("the preview " + ("stopped" if self.ended else "said nothing of it in time")
                                         + ":\n" + "\n".join(self.lines))
                self.changed.wait(left)


def get(base: str, address: str) -> tuple[int, bytes]:
    try:
        with NO_PROXY.open(base + address, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read()


def without_reload_script(page: bytes) -> tuple[bytes, str]:
    """The page as built: the served page without the engine's reload script, and what is wrong
    with the script ("" when it was there once, just before the page's last `</body>`)."""
    found = list(RELOAD_SCRIPT.finditer(page))
    if len(found) != 1:
        return page, f"the reload script {len(found)} times"
    script = found[0]
    built = page[:script.start()] + page[script.end():]
    body_end = built.rfind(b"</body>")
    if script.start() != (body_end if body_end >= 0 else len(built)):
        return built, "the reload script not before the last </body>"
    return built, ""


def addresses(site: Path) -> dict[str, Path]:
    """Every address of a built site: each file's path, and a folder's index.html as the folder."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            found["/" + quote(relative)] = path
            if path.name == "index.html":
                found["/" + quote(relative.removesuffix("index.html"))] = path
    return found


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@dataclass
class Preview:
    """The running preview, asked over HTTP, and the cold builds of the same content it is compared with."""

    content: ContentFolder
    folder: Path  # the test's own: the cold builds, the staged saves, the preview's temporary folder
    base: str  # the preview's address
    said: Said
    seen: set[str] = field(default_factory=set)  # every address of every cold build so far
    compared: dict[str, tuple[int, int]] = field(default_factory=dict)  # per step: addresses asked, and not found
    builds: list[Path] = field(default_factory=list)
    asking: list[float] = field(default_factory=list)  # seconds spent asking the preview, per step

    def save(self, path: Path, text: str) -> None:
        """As an editor's program saves: the new text whole at once (written elsewhere, then renamed
        over the file), so that the preview never reads a file half written."""
        staged = self.folder / "saving.md"
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, path)

    def step(self, name: str, change: Callable[[], object]) -> Path:
        """Make the change, wait for the preview's rebuild, and compare it with a cold build."""
        mark = self.said.mark()
        change()
        self.rebuilt(mark)
        return self.same_as_cold(name)

    def rebuilt(self, since: int) -> None:
        """Wait for the end of the rebuild a change started (its line after line `since`)."""
        _, line = self.said.next(since, REBUILT, NOT_UPDATED)
        assert line.re is REBUILT, "\n".join(self.said.lines)

    def cold_build(self) -> Path:
        """A cold build of the content as it is now, with the options the preview builds with
        (cli/serve.py) and a cache of its own."""
        folder = self.folder / f"cold-{len(self.builds) + 1}"
        build_site(BuildOptions(self.content.root, folder / "site", PREVIEW_TODAY, cache_dir=folder / "cache",
                                yearbook=False, precompress=False, record_addresses=False))
        self.builds.append(folder / "site")
        return folder / "site"

    def same_as_cold(self, step: str, cold: Path | None = None) -> Path:
        """Every address of a cold build (`cold`, or one made now) gives its bytes (an HTML page
        with the reload script added); every address of an earlier cold build that this one has
        not is not found; and the preview's folder holds the same files (nothing more to serve)."""
        cold = cold or self.cold_build()
        asked = time.monotonic()
        differences = []
        served = addresses(cold)
        assert "/pagefind/pagefind-entry.json" in served  # the search index is compared too
        for address, path in served.items():
            status, body = get(self.base, address)
            problem = ""
            if path.suffix == ".html":
                body, problem = without_reload_script(body)
            if status != 200:
                differences.append(f"{address}: answered {status}")
            elif problem or body != path.read_bytes():
                differences.append(f"{address}: {problem or 'other bytes than the cold build'}")
        gone = sorted(self.seen - served.keys())
        for address in gone:
            status, _ = get(self.base, address)
            if status != 404:
                differences.append(f"{address}: not in the cold build, answered {status}")
        self.asking.append(time.monotonic() - asked)
        preview_site, = self.folder.glob("site-builder-preview-*/site")
        differences += [f"{file}: in the {'preview' if (preview_site / file).is_file() else 'cold build'} only"
                        for file in sorted(files(preview_site) ^ files(cold))]
        assert not differences, f"{step}:\n" + "\n".join(differences)
        self.seen.update(served)
        self.compared[step] = (len(served), len(gone))
        return cold


def test_every_address_of_a_cold_build_is_served_by_the_preview_with_the_same_bytes_after_every_step(content, tmp_path):
    hoa = three_profiles(content)
    duc = content.root / "profiles" / "duc" / "index.md"
    fields = content.root / "taxonomies" / "fields.yml"
    staging = ContentFolder(tmp_path / "staging")  # a new profile is written there, then moved in

    def add(name: str, front_matter: str, story: str) -> None:
        (content.root / "profiles" / name).mkdir()
        os.replace(staging.profile(name, front_matter, story), content.root / "profiles" / name / "index.md")

    port = free_port()
    server = start(content, port, "--cache", str(tmp_path / "preview-cache"))
    preview = Preview(content, tmp_path, f"http://127.0.0.1:{port}", Said(server.stderr))
    started = time.monotonic()
    try:
        preview.rebuilt(0)
        preview.said.next(0, PREVIEWING)
        preview.same_as_cold("first build")

        # A story edited: its page is shown first (asked as soon as the preview says so), then the
        # whole build follows.
        mark = preview.said.mark()
        preview.save(hoa, hoa.read_text(encoding="utf-8") + "\nMột đoạn mới của câu chuyện.\n")
        mark, line = preview.said.next(mark, SHOWN_FIRST, REBUILT, NOT_UPDATED)
        assert line.re is SHOWN_FIRST and line[1] == "1", "\n".join(preview.said.lines)
        status, shown_first = get(preview.base, "/ho-so/nguyen-thi-hoa/")
        assert status == 200 and "Một đoạn mới của câu chuyện." in shown_first.decode("utf-8")
        preview.rebuilt(mark)
        cold = preview.same_as_cold("story edited")
        # What was shown first is already the page the whole build makes, with the notice that the
        # rest of the site follows when it was asked before the whole build was done.
        notice = RebuildNotice(THEME_DIR).html
        assert shown_first.count(notice) <= 1
        assert without_reload_script(shown_first.replace(notice, b"")) == (
            (cold / "ho-so/nguyen-thi-hoa/index.html").read_bytes(), "")

        preview.step("profile added", lambda: add("moi", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Phạm Thị Mới"),
                                                   "Hồ sơ mới.\n"))
        cold = preview.step("field renamed", lambda: preview.save(fields, fields.read_text(encoding="utf-8").replace(
            "name: Y tế", "name: Y tế và dân số", 1)))
        assert "Y tế và dân số" in (cold / "linh-vuc/y-te/index.html").read_text(encoding="utf-8")
        # Its page's addresses are among those not found.
        cold = preview.step("profile deleted", lambda: shutil.rmtree(content.root / "profiles" / "ba"))
        assert not (cold / "ho-so" / "le-van-ba").exists()
        # Deleted as a file manager does: its folder moved to the trash, out of the content.
        cold = preview.step("profile sent to the trash",
                            lambda: os.replace(content.root / "profiles" / "moi", tmp_path / "trash"))
        assert not (cold / "ho-so" / "pham-thi-moi").exists()
        preview.step("profile withdrawn", lambda: preview.save(duc, duc.read_text(encoding="utf-8").replace(
            "status: published", "status: withdrawn")))

        # Bad content: every page asked is the problems page, naming the file and the line; the
        # other files are the last good build's, unchanged.
        good = hoa.read_text(encoding="utf-8")
        mark = preview.said.mark()
        preview.save(hoa, good.replace("15/03/2024", "31/02/2024"))
        _, line = preview.said.next(mark, REBUILT, NOT_UPDATED)
        assert line.re is NOT_UPDATED, "\n".join(preview.said.lines)
        problems_pages = set()
        for address, path in addresses(preview.builds[-1]).items():
            status, body = get(preview.base, address)
            assert status == 200, address
            if path.suffix == ".html":
                page, problem = without_reload_script(body)
                assert not problem, address
                problems_pages.add(page)
            else:
                assert body == path.read_bytes(), address
        problems_page, = problems_pages
        assert all(text in problems_page.decode("utf-8")
                   for text in ("profiles/hoa/index.md", "<td>9</td>", "ngày 31/02/2024 không tồn tại"))
        preview.step("bad content fixed", lambda: preview.save(hoa, good + "\nSửa xong.\n"))

        # A save that changes nothing: a rebuild, and the same site as the cold build of the same
        # content just made (a build is reproducible: same content, same bytes).
        mark = preview.said.mark()
        preview.save(hoa, hoa.read_text(encoding="utf-8"))
        preview.rebuilt(mark)
        preview.same_as_cold("nothing changed", preview.builds[-1])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        preview.said.reader.join(timeout=10)
    print(f"addresses asked, and not found, per step: {preview.compared}; {time.monotonic() - started:.1f} s with "
          f"the server running, {sum(preview.asking):.1f} s of it asking it, {len(preview.builds)} cold builds")
    assert server.returncode == 0, "\n".join(preview.said.lines)
