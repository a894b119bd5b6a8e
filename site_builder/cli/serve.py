"""Live preview: build into a temporary folder, serve it, rebuild on change.

Uses the engine's live-reload server, so the page open in the browser reloads
by itself after an editor saves a profile, a taxonomy, site.yml or a
template. A content mistake is printed and the last good preview stays up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from ..build.pipeline import BuildOptions, build_site
from ..common.messages import _
from ..common.paths import PROJECT_DIR
from ..engine.mkdocs import live_reload_server, watched_paths
from .failures import explain


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # the same orderly stop as Ctrl+C: the editor's backend and the temp folder go


def serve(content_dir: Path, host: str, port: int, today: dt.date, cms: bool = False) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    with contextlib.ExitStack() as stack:
        cms_url = None
        if cms:  # the web editor: decap-server writes content_dir, /quan-tri/ talks to it
            from ..cms.local import LocalBackend, LocalBackendError

            backend = LocalBackend(content_dir)
            try:
                cms_url = backend.start()
            except LocalBackendError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            stack.callback(backend.stop)
        return _serve(content_dir, host, port, today, cms_url)


def _serve(content_dir: Path, host: str, port: int, today: dt.date, cms_url: str | None) -> int:
    out_root = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    out_dir = out_root / "site"
    # No yearbook in the preview: `site-builder build` or `site-builder yearbook` make it.
    options = BuildOptions(content_dir=content_dir, out_dir=out_dir, today=today, yearbook=False,
                           record_addresses=False, cms_local_backend=cms_url)

    def rebuild() -> None:
        try:
            summary = build_site(options)
            print(_("rebuilt {pages} pages in {seconds} s", pages=summary.pages, seconds=format(summary.seconds, ".1f")),
                  file=sys.stderr)
        except Exception as exc:
            failure = explain(exc)
            if failure is None:
                raise
            for line in failure.lines:
                print(line, file=sys.stderr)
            print(_("preview not updated: fix the problems above and save again"), file=sys.stderr)

    rebuild()
    if not out_dir.is_dir():
        out_dir.mkdir(parents=True)
    server = live_reload_server(rebuild, host, port, out_dir)
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
        shutil.rmtree(out_root, ignore_errors=True)
    return 0
