"""Debian's OpenSSH server and nginx, started on loopback for the deploy tests, each in a folder
of its own (its configuration, keys, logs), and stopped when the `with` block ends.

- `ssh_server`: sshd on a free port, only key authentication, with a host key and a client key
  made for it; a known_hosts file so that the client checks the server strictly.
- `nginx_server`: nginx with the site's server block as docs/huong-dan/nginx-trang.conf gives
  it (the root and the port changed), its workers running as `www-data`.

Both need root (the tests run as root on CI): sshd to switch users, nginx to become www-data.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .checkers import LOCAL_HOST, REPO_ROOT

SSHD = "/usr/sbin/sshd"
NGINX = "/usr/sbin/nginx"
BROTLI_STATIC = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SITE_CONF = REPO_ROOT / "docs" / "huong-dan" / "nginx-trang.conf"


Value = TypeVar("Value")


def eventually(condition: Callable[[], Value], seconds: float, what: str, every: float = 0.1) -> Value:
    """Until `condition()` holds (a server that is not up yet, an OSError, counts as not yet): what
    it gave then (a page fetched, say); fails naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(every)
    raise AssertionError(f"{what} did not get there in time")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection((LOCAL_HOST, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port}: {log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    """The server and what it started (its own process group), and wait for them."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass(frozen=True)
class SshServer:
    port: int
    user: str
    key: Path  # the client's private key
    known_hosts: Path


@contextlib.contextmanager
def ssh_server(folder: Path) -> Iterator[SshServer]:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)],
                       check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = free_port()
    (folder / "sshd_config").write_text(f"""
Port {port}
ListenAddress {LOCAL_HOST}
HostKey {folder / "host_key"}
PidFile {folder / "sshd.pid"}
AuthorizedKeysFile {folder / "authorized_keys"}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
""", encoding="utf-8")
    host_key = (folder / "host_key.pub").read_text(encoding="utf-8").split()[:2]
    (folder / "known_hosts").write_text(f"[{LOCAL_HOST}]:{port} {' '.join(host_key)}\n", encoding="utf-8")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    log = folder / "sshd.log"
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stdout=log.open("wb"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, process, log, "sshd")
        yield SshServer(port, "root", folder / "client_key", folder / "known_hosts")
    finally:
        _stop(process)


@dataclass(frozen=True)
class NginxServer:
    port: int
    log: Path

    def url(self, path: str = "/") -> str:
        return f"http://{LOCAL_HOST}:{self.port}{path}"


def site_server_block(root: Path, port: int) -> str:
    """The documented server block, serving `root` on `port` of loopback."""
    block = SITE_CONF.read_text(encoding="utf-8")
    block = re.sub(r"^\s*listen .*$", "", block, flags=re.M)
    block = block.replace("server {", f"server {{\n    listen {LOCAL_HOST}:{port};", 1)
    return re.sub(r"^(\s*)root .*;$", rf"\1root {root};", block, count=1, flags=re.M)


@contextlib.contextmanager
def nginx_server(root: Path, folder: Path) -> Iterator[NginxServer]:
    """nginx serving `root` (a path through the `current` symlink), its workers as www-data."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (folder / "nginx.conf").write_text(f"""
load_module {BROTLI_STATIC};
user www-data;
daemon off;
master_process on;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder / "body"};
    proxy_temp_path {folder / "proxy"};
    fastcgi_temp_path {folder / "fastcgi"};
    uwsgi_temp_path {folder / "uwsgi"};
    scgi_temp_path {folder / "scgi"};
    default_type application/octet-stream;
{site_server_block(root, port)}
}}
""", encoding="utf-8")
    subprocess.run([NGINX, "-t", "-q", "-c", str(folder / "nginx.conf")], check=True)
    log = folder / "error.log"
    process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf")], stdout=(folder / "out.log").open("wb"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_port(port, process, folder / "out.log", "nginx")
        yield NginxServer(port, log)
    finally:
        _stop(process)
