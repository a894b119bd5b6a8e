"""Live preview: build into a temporary folder, serve it, rebuild on change.

One resident build session (pipeline/resident.py) for the whole run: the
validated content, the caches and the record of the output stay in memory,
so a save re-checks the file that changed and writes only the files it changes.

Uses the engine's live-reload server, so the page open in the browser reloads
by itself after an editor saves a profile, a taxonomy, site.yml or a
template. While the content has errors the browser shows them (file, line,
message) instead of the site, and the site again once they are fixed. With
`--drafts`, drafts and profiles in review are shown too, each with a banner.
A port in use is said in one line; Ctrl+C and SIGTERM both stop the server,
the web editor's backend and remove the temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import jinja2
import yaml

from ..common.messages import _
from ..common.paths import PROJECT_DIR, THEME_DIR
from ..content.diagnostics import ContentError
from ..engine.mkdocs import live_reload_server, watched_paths
from ..pipeline.resident import ResidentSession
from ..pipeline.run import BuildOptions
from .failures import EXIT_FAILED, explain


class PortInUse(Exception):
    pass


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # the same orderly stop as Ctrl+C: the editor's backend and the temp folder go


def check_port(host: str, port: int) -> None:
    """Said before anything is built: the server binds only once the first build is done."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(_("the port {port} is already in use (another preview?); stop it, or choose "
                                  "another port: site-builder serve --port {other}", port=port, other=port + 1)) from None
            raise PortInUse(_("cannot serve on {host}:{port}: {reason}", host=host, port=port,
                              reason=exc.strerror or exc)) from None


def _editor_page(theme_dir: Path, template: str, texts: str) -> tuple[jinja2.Template, dict]:
    """A template of the preview's own (theme/editor/) and its texts in theme/labels.yml."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir / "editor")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template(template), yaml.safe_load((theme_dir / "labels.yml").read_text(encoding="utf-8"))[texts]


class ProblemsPage:
    """The page the browser shows while the last rebuild failed; None once a rebuild succeeds."""

    def __init__(self, theme_dir: Path):
        self.template, self.texts = _editor_page(theme_dir, "problems.html", "preview_problems")
        self.page: bytes | None = None
        self.lock = threading.Lock()

    def show(self, exc: BaseException, lines: list[str]) -> None:
        problems = exc.problems if isinstance(exc, ContentError) else []
        html = self.template.render(t=self.texts, problems=problems, other=[] if problems else lines)
        with self.lock:
            self.page = html.encode("utf-8")

    def clear(self) -> None:
        with self.lock:
            self.page = None

    def __call__(self) -> bytes | None:
        with self.lock:
            return self.page


class RebuildNotice:
    """What every page says at its foot while the whole build after a saved page shown first is
    under way: the other pages, the search and the feeds are the last build's until it is done."""

    def __init__(self, theme_dir: Path):
        template, texts = _editor_page(theme_dir, "rebuilding.html", "preview_rebuilding")
        self.html = template.render(t=texts).encode("utf-8")
        self.shown = threading.Event()

    def __call__(self) -> bytes | None:
        return self.html if self.shown.is_set() else None


def serve(content_dir: Path, host: str, port: int, today: dt.date, cms: bool = False, drafts: bool = False,
          cache_dir: Path | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        check_port(host, port)
    except PortInUse as exc:
        print(_("error: {message}", message=exc), file=sys.stderr)
        return EXIT_FAILED
    with contextlib.ExitStack() as stack:
        cms_url = None
        if cms:  # the web editor: decap-server writes content_dir, /quan-tri/ talks to it
            from ..cms.local import LocalBackend, LocalBackendError

            backend = LocalBackend(content_dir)
            try:
                cms_url = backend.start()
            except LocalBackendError as exc:
                print(_("error: {message}", message=exc), file=sys.stderr)
                return EXIT_FAILED
            stack.callback(backend.stop)
        out_root = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
        stack.callback(shutil.rmtree, out_root, ignore_errors=True)
        try:
            return _serve(content_dir, host, port, today, cms_url, drafts, out_root, cache_dir)
        except KeyboardInterrupt:
            return 0


def _serve(content_dir: Path, host: str, port: int, today: dt.date, cms_url: str | None, drafts: bool,
           out_root: Path, cache_dir: Path | None) -> int:
    out_dir = out_root / "site"
    # No yearbook in the preview: `site-builder build` or `site-builder yearbook` make it. No
    # precompressed copies either: the preview's server sends files as they are.
    options = BuildOptions(content_dir=content_dir, out_dir=out_dir, today=today, yearbook=False,
                           precompress=False, record_addresses=False, cms_local_backend=cms_url, drafts=drafts,
                           cache_dir=cache_dir)
    problems_page = ProblemsPage(THEME_DIR)
    notice = RebuildNotice(THEME_DIR)
    # One process for the whole editing session: the validated content, the caches and the record
    # of the output stay in memory between saves (pipeline/resident.py).
    session = ResidentSession(options)

    servers: list = []  # the server, once the first build is done and it runs

    def rebuild() -> None:
        # A saved profile's page first, when that is all the save shows (pipeline/changed_first.py):
        # the browser reloads as soon as it is written, and again once the whole build is done.
        shown_first: list[str] = []
        if servers:
            changed = servers[0].take_changes()
            if problems_page() is None:
                started = time.perf_counter()
                shown_first = session.changed_first(changed)
                if shown_first:
                    notice.shown.set()  # before the browsers reload: the saved page says the rest follows
                    servers[0].show_now()
                    pages = sum(file.endswith(".html") for file in shown_first)  # not a new photo's renditions
                    print(_("{count} saved page(s) shown in {milliseconds} ms; the rest of the site follows",
                            count=pages, milliseconds=round((time.perf_counter() - started) * 1000)),
                          file=sys.stderr)
        try:
            try:
                summary = session.build()
            finally:
                notice.shown.clear()  # before "rebuilt" or the problems are said: pages are served without it
            problems_page.clear()
            print(_("rebuilt {pages} pages in {seconds} s", pages=summary.pages, seconds=format(summary.seconds, ".1f")),
                  file=sys.stderr)
        except Exception as exc:
            failure = explain(exc)
            if failure is None:
                raise
            for line in failure.lines:
                print(line, file=sys.stderr)
            problems_page.show(exc, failure.lines)
            print(_("preview not updated: fix the problems above and save again"), file=sys.stderr)
        finally:
            if shown_first:
                servers[0].reload_again()  # the pages again, without the notice (or the problems)

    with session:
        return _serve_session(rebuild, content_dir, host, port, cms_url, out_dir, problems_page, notice, servers)


def _serve_session(rebuild, content_dir: Path, host: str, port: int, cms_url: str | None, out_dir: Path,
                   problems_page: ProblemsPage, notice: RebuildNotice, servers: list) -> int:
    rebuild()
    if not out_dir.is_dir():
        out_dir.mkdir(parents=True)
    server = live_reload_server(rebuild, host, port, out_dir, problems_page, notice)
    server.record_changes(content_dir)
    servers.append(server)
    for watched in (content_dir, *watched_paths(PROJECT_DIR)):
        server.watch(str(watched))
    print(_("previewing on {address} — edit files in {content}; Ctrl+C stops", address="http://%s:%d/" % (host, port),
            content=content_dir), file=sys.stderr)
    if cms_url:
        print(_("web editor on {address} (saves into {content})", address="http://%s:%d/quan-tri/" % (host, port),
                content=content_dir), file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
