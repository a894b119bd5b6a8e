"""The editor's local backend: decap-server, started and stopped by `site-builder serve --cms`.

decap-server (npm, installed into cms/node_modules by scripts/setup.sh) reads and writes the
files of one folder over a small HTTP API; the CMS in the browser talks to it instead of a git
host, so editing on one machine needs no account. Its "fs" mode writes the files as they are
(no commits, no review branches): the content folder here is the repository's root.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from ..common.messages import _
from .admin import NODE_MODULES

_PR_SET_PDEATHSIG = 1


class LocalBackendError(Exception):
    pass


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before node starts: if the preview is killed outright (SIGKILL), the kernel
    stops decap-server too, so no server is left holding the content folder open."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class LocalBackend:
    """decap-server on 127.0.0.1 and a free port, serving `content_dir`."""

    def __init__(self, content_dir: Path, host: str = "127.0.0.1", node_modules: Path = NODE_MODULES):
        self.content_dir = Path(content_dir).resolve()
        self.host = host
        self.script = node_modules / "decap-server" / "dist" / "index.js"
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/api/v1"

    def start(self, timeout: float = 30.0) -> str:
        node = shutil.which("node")
        if node is None:
            raise LocalBackendError(_("Node.js (node) is needed for the editor's local backend; install Node.js >= 18"))
        if not self.script.is_file():
            raise LocalBackendError(_("decap-server is not installed ({file} is missing); "
                                      "run: bash scripts/setup.sh (it runs npm ci in cms/)", file=self.script))
        self.port = _free_port(self.host)
        env = dict(os.environ, PORT=str(self.port), BIND_HOST=self.host, MODE="fs",
                   GIT_REPO_DIRECTORY=str(self.content_dir), LOG_LEVEL="warn")
        # Its own session: Ctrl+C in the terminal reaches the preview, which then stops it in order.
        self.process = subprocess.Popen([node, str(self.script)], cwd=str(self.content_dir), env=env,
                                        stdin=subprocess.DEVNULL, start_new_session=True,
                                        preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LocalBackendError(_("decap-server stopped at once (exit code {code})",
                                                          code=self.process.returncode))
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self.url
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise LocalBackendError(_("decap-server did not answer on {host}:{port} within {seconds} s",
                                  host=self.host, port=self.port, seconds=format(timeout, ".0f")))

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> "LocalBackend":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
