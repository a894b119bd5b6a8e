"""Independent checkers for a built static site, for the tests to call.

Nobody in this project wrote these judges: the Nu Html Checker (vnu.jar, npm `vnu-jar`, run
with Java), axe-core (axe-playwright-python in Debian's headless /usr/bin/chromium) and
LinkChecker. `bash scripts/setup.sh --test` installs all of them; `require_tool` says how
when one is missing (a skip on a developer's machine, a failure on CI).
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import functools
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SETUP_COMMAND = "bash scripts/setup.sh --test"
CHROMIUM = "/usr/bin/chromium"
VNU_JAR = REPO_ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The Java checkers (Nu Html Checker, EPUBCheck) run for seconds, not hours: HotSpot's quick compiler
# alone (C1) halves their time here, where the optimising one spends more compiling than it gives back
# (the sample: vnu 9.5 s to 4.5 s, EPUBCheck of the 2022–2025 yearbook 10 s to 6 s; same verdicts).
# C1's frames are larger: vnu's schema recursion needs a deeper stack than its 512k minimum then.
JAVA = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1"]
LINKCHECKER = Path(sys.executable).parent / "linkchecker"  # the venv's console script
LOCAL_HOST = "127.0.0.1"

# Flags that work as root on this machine; the background-networking ones stop Chromium
# from calling out to Google's services (the network is closed and such traffic is flagged).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# The LinkChecker configuration: its AnchorCheck plugin reports links to missing #fragments.
# LinkChecker waits 0.1-0.6 s between two requests to a host (3 minutes for the sample's ~1,800
# URLs, nearly all of it asleep) unless the host answers with a `LinkChecker` header, as a
# server may that wants checking faster; ours does (serve(..., headers=)), and then allows
# this rate.
LINKCHECKERRC = "[checking]\nmaxrequestspersecond=1000\n[AnchorCheck]\n"
LINKCHECKER_WELCOME = {"LinkChecker": "local test server: no rate limit"}


# --- tools ------------------------------------------------------------------------------

def _module_available(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None


# name -> (how to tell it is there, what it is)
_TOOLS = {
    "chromium": (lambda: os.access(CHROMIUM, os.X_OK), f"Debian's Chromium at {CHROMIUM}"),
    "java": (lambda: shutil.which("java") is not None, "a Java runtime (default-jre-headless)"),
    "pdftoppm": (lambda: shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None,
                 "pdftotext and pdftoppm (poppler-utils)"),
    "vnu": (lambda: VNU_JAR.is_file(), f"the Nu Html Checker jar at {VNU_JAR}"),
    "linkchecker": (lambda: os.access(LINKCHECKER, os.X_OK), f"LinkChecker at {LINKCHECKER}"),
    "playwright": (lambda: _module_available("playwright"), "the playwright Python package"),
    "axe": (lambda: _module_available("axe_playwright_python"), "the axe-playwright-python package"),
    "rsync": (lambda: shutil.which("rsync") is not None, "rsync"),
    "sshd": (lambda: os.access("/usr/sbin/sshd", os.X_OK) and shutil.which("ssh") is not None,
             "Debian's OpenSSH server and client (openssh-server, openssh-client)"),
    "nginx": (lambda: os.access("/usr/sbin/nginx", os.X_OK)
              and os.path.isfile("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
              "Debian's nginx with brotli_static (nginx, libnginx-mod-http-brotli-static)"),
}


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(name: str) -> None:
    """Make sure checker `name` (see _TOOLS) is installed: fail on CI, else skip with the install command."""
    present, what = _TOOLS[name]
    if present():
        return
    message = f"{name} is missing ({what}); install the checkers with: {SETUP_COMMAND}"
    if _on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# --- serving ----------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, extra_headers: dict[str, str], **kwargs):
        self.extra_headers = extra_headers  # before the base class's __init__, which answers the request
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


class _KeepAliveHandler(_QuietHandler):
    """HTTP/1.1 with persistent connections, as static hosts serve (the stdlib's default is a connection per request)."""

    protocol_version = "HTTP/1.1"


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up early is no error
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: str | os.PathLike, keep_alive: bool = False,
          headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `directory` with Python's http.server on 127.0.0.1 (a free port), adding `headers` to
    every response; yield its base URL."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"no such site directory: {directory}")
    base = _KeepAliveHandler if keep_alive else _QuietHandler
    handler = functools.partial(base, directory=str(directory), extra_headers=dict(headers or {}))
    server = _QuietServer((LOCAL_HOST, 0), handler)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    port = server.server_address[1]
    socket.create_connection((LOCAL_HOST, port), timeout=10).close()  # listening and answering
    try:
        yield f"http://{LOCAL_HOST}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- browser ----------------------------------------------------------------------------

def _is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss", "ftp") and parts.hostname != LOCAL_HOST


# One Chromium per process (so one per pytest-xdist worker), launched on first use and shared by
# every chromium_context: a launch costs about a second, a new context a few milliseconds, and
# a context is as blank as a fresh profile (its own cookies, storage and cache). While
# Playwright's sync API runs, asyncio counts a loop as running in this thread: a test that
# calls asyncio.run() itself should close_browsers() first.
_playwright = None
_browsers: dict[bool, object] = {}  # intercept -> Browser; the two differ in their launch flags


def _shared_browser(intercept: bool):
    global _playwright
    browser = _browsers.get(intercept)
    if browser is not None and browser.is_connected():
        return browser
    if _playwright is None:
        from playwright.sync_api import sync_playwright

        _playwright = sync_playwright().start()
        atexit.register(close_browsers)  # scripts such as bench/search.py; pytest closes it earlier
    flags = CHROMIUM_FLAGS if intercept else [
        *CHROMIUM_FLAGS, f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}"]
    browser = _browsers[intercept] = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=flags)
    return browser


def close_browsers() -> None:
    """Close the shared Chromium and Playwright's driver, if started (tests/conftest.py, at the session's end)."""
    global _playwright
    for browser in _browsers.values():
        browser.close()
    _browsers.clear()
    if _playwright is not None:
        _playwright.stop()
        _playwright = None


# Set by tests/conftest.py for the test being run: whether it carries the `browser` marker.
# None outside pytest (a bench script), where anything may drive Chromium.
running_test_marked_browser: bool | None = None


def require_browser_marker() -> None:
    """Fail a test that drives Chromium without the `browser` marker, which `pytest -m "not browser"` relies on."""
    if running_test_marked_browser is False:
        pytest.fail("this test drives Chromium: mark it @pytest.mark.browser (so that "
                    "`pytest -m \"not browser\"` leaves it out)", pytrace=False)


@contextlib.contextmanager
def chromium_context(intercept: bool = True, **context_options):
    """Yield a Playwright BrowserContext, as blank as a fresh profile, in headless Debian Chromium.

    Requests to any host but 127.0.0.1 are blocked and recorded in `context.third_party_requests`;
    console errors and uncaught page errors are recorded in `context.console_errors`.
    With `intercept=False` (for timing: every intercepted request waits for this Python
    process) other hosts are blocked by Chromium's own resolver instead, and not recorded.
    The Chromium behind it is shared by the process; a test that uses it must be marked
    `@pytest.mark.browser`, so that `pytest -m "not browser"` leaves it out.
    """
    require_browser_marker()
    require_tool("playwright")
    require_tool("chromium")
    context = _shared_browser(intercept).new_context(**context_options)
    context.third_party_requests = []
    context.console_errors = []

    def route(route):
        if _is_third_party(route.request.url):
            context.third_party_requests.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_console(message):
        if message.type == "error":
            where = (message.location or {}).get("url") or (message.page.url if message.page else "?")
            context.console_errors.append(f"{message.text} (at {where})")

    def on_web_error(error):
        page = error.page.url if error.page else "?"
        context.console_errors.append(f"uncaught {error.error} (on {page})")

    if intercept:
        context.route("**/*", route)
    context.on("console", on_console)
    context.on("weberror", on_web_error)
    try:
        yield context
    finally:
        context.close()


def axe_check(page, options: dict | None = None) -> list[dict]:
    """Run axe-core on the page loaded in `page`; return its violations (impact, id, help, targets, helpUrl)."""
    require_tool("axe")
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    results = axe.run(page, options=options) if options is not None else axe.run(page)
    return [
        {
            "impact": v.get("impact"),
            "id": v["id"],
            "help": v["help"],
            "targets": [" >>> ".join(map(str, node["target"])) for node in v["nodes"]],
            "helpUrl": v.get("helpUrl", ""),
        }
        for v in results.response["violations"]
    ]


# --- Nu Html Checker --------------------------------------------------------------------

def nu_html_check(site_dir: str | os.PathLike, warnings: bool = False) -> list[dict]:
    """Run the Nu Html Checker over every HTML file in `site_dir`; return its messages.

    Errors only unless `warnings`; each message has type, url, file (relative to site_dir), line, column, message, extract.
    """
    require_tool("java")
    require_tool("vnu")
    site_dir = Path(site_dir).resolve()
    command = [*JAVA, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html"]
    if not warnings:
        command.append("--errors-only")
    proc = subprocess.run(command + [str(site_dir)], capture_output=True, text=True, encoding="utf-8",
                          timeout=1800)
    report = _json_object_in(proc.stderr) or _json_object_in(proc.stdout)  # vnu writes JSON to stderr
    if report is None:
        raise RuntimeError(f"vnu.jar gave no JSON report (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    findings = []
    for m in report.get("messages", []):
        url = m.get("url", "")
        path = Path(urlsplit(url).path) if url.startswith("file:") else None
        findings.append({
            "type": "warning" if m.get("subType") == "warning" else m.get("type"),
            "url": url,
            "file": str(path.relative_to(site_dir)) if path and path.is_relative_to(site_dir) else url,
            "line": m.get("lastLine", m.get("firstLine")),
            "column": m.get("firstColumn"),
            "message": m.get("message", ""),
            "extract": m.get("extract", ""),
        })
    return findings


def _json_object_in(text: str) -> dict | None:
    start = text.find('{"')
    if start < 0:
        return None
    try:
        return json.loads(text[start:])
    except json.JSONDecodeError:
        return None


# --- LinkChecker ------------------------------------------------------------------------

def link_check(site_dir: str | os.PathLike) -> list[str]:
    """Serve `site_dir` and crawl it with LinkChecker, anchors included; return one line per broken link or anchor.

    Every HTML page is a start URL, so pages nothing links to (404.html) are checked too;
    external links are not checked (LinkChecker checks internal URLs only by default).
    """
    require_tool("linkchecker")
    site_dir = Path(site_dir)
    start_paths = sorted(_url_path(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
    with tempfile.TemporaryDirectory(prefix="linkchecker-") as tmp:
        rc_file = Path(tmp) / "linkcheckerrc"
        rc_file.write_text(LINKCHECKERRC)
        os.chmod(tmp, 0o755)  # as root LinkChecker drops to `nobody`
        os.chmod(rc_file, 0o644)
        with serve(site_dir, headers=LINKCHECKER_WELCOME) as base:
            proc = subprocess.run(
                [str(LINKCHECKER), "-f", str(rc_file), "--no-status", "--timeout", "30",
                 "--output", "csv", *(base + path for path in start_paths)],
                capture_output=True, text=True, encoding="utf-8", timeout=1800, cwd=tmp,
            )
    if proc.returncode not in (0, 1) or "urlname;parentname;" not in proc.stdout:
        raise RuntimeError(f"linkchecker failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return _broken_from_csv(proc.stdout, base)


def _url_path(relative: Path) -> str:
    """The URL path a file is served at: "a/index.html" -> "/a/", "404.html" -> "/404.html"."""
    if relative.name == "index.html":
        parent = relative.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return "/" + relative.as_posix()


def _broken_from_csv(output: str, base: str) -> list[str]:
    def local(url: str) -> str:
        return (url[len(base):] or "/") if url.startswith(base) else url

    header_at = output.index("urlname;parentname;")
    rows = list(csv.reader(io.StringIO(output[header_at:]), delimiter=";"))
    header, broken = rows[0], []
    for row in rows[1:]:
        if len(row) != len(header):  # the closing "# Stopped checking ..." comment
            continue
        r = dict(zip(header, row))
        where = f"on {local(r['parentname'])} line {r['line']}" if r["parentname"] else "(start URL)"
        if r["valid"] != "True":
            broken.append(f"broken link {r['urlname']} -> {local(r['url'])} {where}: {r['result']}")
        elif "Anchor" in r["warningstring"]:
            broken.append(f"missing anchor {r['urlname']} -> {local(r['url'])} {where}: {r['warningstring']}")
    return broken
