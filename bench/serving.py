"""A static host for the benchmarks, in two kinds: one that compresses, one that does not.

Static hosts differ in one thing that decides a phone's first paint: whether text files
go out compressed. `serve(site, compress=True)` is the host that does (nginx with
`gzip_static`/`brotli_static`, most CDNs): a `.br` or `.gz` sibling of the asked file is
sent when the browser accepts that encoding, and a text file without one is gzipped on
the fly (nginx's `gzip on`). `serve(site, compress=False)` sends every file as it is on
disk (many static hosts, a plain web server). Both speak HTTP/1.1 with keep-alive, as
hosts do, on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Iterator

LOCAL_HOST = "127.0.0.1"
# What nginx's `gzip_types` lists in a usual set-up, and what the build precompresses.
TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest")


def _accepted(header: str) -> set[str]:
    """Encodings in an Accept-Encoding header, without those refused with q=0."""
    accepted = set()
    for item in header.split(","):
        name, _sep, params = item.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0"):
            accepted.add(name.strip().lower())
    return accepted


class _AsIsHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _CompressingHandler(_AsIsHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the folder's address
            path = path / "index.html"
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            return super().send_head()
        accepted = _accepted(self.headers.get("Accept-Encoding", ""))
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            sibling = path.with_name(path.name + suffix)
            if encoding in accepted and sibling.is_file():
                body = sibling.read_bytes()
                break
        else:
            if "gzip" not in accepted:
                return super().send_head()
            encoding, body = "gzip", gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """The file-like object SimpleHTTPRequestHandler copies to the socket and closes."""

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = (self._data, b"") if size < 0 else (self._data[:size], self._data[size:])
        return data

    def close(self) -> None:
        self._data = b""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up early is no error
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: str | os.PathLike, compress: bool) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (a free port), compressing or as is; yield its base URL."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"no built site (index.html) in {site}")
    handler_class = _CompressingHandler if compress else _AsIsHandler

    def handler(*args, **kwargs):
        return handler_class(*args, directory=str(site), **kwargs)

    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="bench-host", daemon=True)
    thread.start()
    port = server.server_address[1]
    socket.create_connection((LOCAL_HOST, port), timeout=10).close()
    try:
        yield f"http://{LOCAL_HOST}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
