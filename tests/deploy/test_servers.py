"""`site-builder deploy` for real: over SSH (Debian's sshd on loopback, key authentication) into
a release folder that nginx serves as `www-data`, with brotli_static and gzip_static, through the
server block that docs/huong-dan/nginx-trang.conf gives the IT officer.

- every file of the deployed sample answers 200, with its bytes and its content type; a request
  that accepts br or gzip gets the precompressed copy;
- a deploy killed with SIGKILL (the whole process group, as a cancelled CI job is) at three
  moments leaves the live site serving the previous release whole, and the next deploy finishes;
- a rollback serves the previous release again.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from support.checkers import LOCAL_HOST, REPO_ROOT, require_tool
from support.servers import nginx_server, ssh_server

from site_builder.pipeline import finished

# What nginx must say each file is (Debian's mime.types and the documented server block).
UTF8 = "; charset=utf-8"
CONTENT_TYPES = {
    ".html": "text/html" + UTF8, ".css": "text/css" + UTF8, ".js": "application/javascript" + UTF8,
    ".json": "application/json" + UTF8, ".map": "application/json" + UTF8, ".xml": "text/xml" + UTF8,
    ".csv": "text/csv" + UTF8, ".txt": "text/plain" + UTF8, ".yml": "text/yaml" + UTF8, ".vtt": "text/vtt" + UTF8,
    ".webmanifest": "application/manifest+json" + UTF8, ".jpg": "image/jpeg", ".webp": "image/webp",
    ".png": "image/png", ".svg": "image/svg+xml" + UTF8, ".pdf": "application/pdf", ".epub": "application/epub+zip",
    ".wasm": "application/wasm", ".woff2": "font/woff2", ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream", ".pagefind": "application/octet-stream",
    ".gz": "application/octet-stream", ".br": "application/octet-stream", ".bin": "application/octet-stream",
    ".mp4": "video/mp4", ".m4a": "audio/x-m4a", ".mp3": "audio/mpeg",
}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """(ssh server, nginx server, the target folder): nginx serves the target's `current`."""
    for tool in ("rsync", "sshd", "nginx"):
        require_tool(tool)
    if os.geteuid() != 0:
        pytest.skip("sshd and nginx as www-data need root; CI runs the tests as root")
    # www-data must reach the releases: not under pytest's private (0700) temporary folders.
    target = Path(tempfile.mkdtemp(prefix="site-builder-srv-"))
    os.chmod(target, 0o755)
    folder = tmp_path_factory.mktemp("servers")
    try:
        with ssh_server(folder / "ssh") as ssh, nginx_server(target / "current", folder / "nginx") as web:
            yield ssh, web, target
    finally:
        shutil.rmtree(target, ignore_errors=True)


def deploy_command(ssh, target: Path, site: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "site_builder", "deploy", "--lang", "en", "--site", str(site),
            "--to", f"{ssh.user}@{LOCAL_HOST}:{target}", "--ssh-key", str(ssh.key), "--ssh-port", str(ssh.port),
            "--known-hosts", str(ssh.known_hosts), "--keep", "3", *extra]


def run_deploy(ssh, target: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run(deploy_command(ssh, target, site, *extra), capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def expected_type(path: str) -> str:
    return CONTENT_TYPES[os.path.splitext(path)[1]]


def site_files(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def served_differences(web, site: Path, encodings: bool = False) -> list[str]:
    """Every file of `site` fetched from nginx: what differs from the file (status, bytes, type).
    With `encodings`, each file with precompressed copies is fetched again accepting br, then gzip."""
    wrong = []
    connection = http.client.HTTPConnection(LOCAL_HOST, web.port, timeout=10)
    try:
        for path in site_files(site):
            asks = [("identity", path)]
            if encodings and (site / f"{path}.br").is_file():
                asks += [("br", f"{path}.br"), ("gzip", f"{path}.gz")]
            for encoding, copy in asks:
                connection.request("GET", quote(f"/{path}"), headers={"Accept-Encoding": encoding})
                answer = connection.getresponse()
                body = answer.read()
                got = (answer.status, answer.getheader("Content-Type"), answer.getheader("Content-Encoding"))
                want = (200, expected_type(path), None if encoding == "identity" else encoding)
                if got != want or body != (site / copy).read_bytes():
                    wrong.append(f"{path} ({encoding}): {got}, {len(body)} bytes; wanted {want}, "
                                 f"{(site / copy).stat().st_size} bytes")
    finally:
        connection.close()
    return wrong


def test_the_deployed_sample_is_served_whole_with_its_types_and_precompressed_copies(servers, sample_site):
    ssh, web, target = servers
    done = run_deploy(ssh, target, sample_site)
    assert "deployed release" in done.stdout and "sent: 100%" in done.stderr
    assert served_differences(web, sample_site, encodings=True) == []
    assert len(site_files(sample_site)) > 1900


def another_build(sample_site: Path, folder: Path) -> Path:
    """The sample with a changed home page, a web app manifest (a type nginx's mime.types does not
    know; the sample has none) and a large new file (so that rsync takes a while), marked finished
    as a build leaves it."""
    shutil.copytree(sample_site, folder, copy_function=os.link)  # the same files, linked
    (folder / "index.html").unlink()  # a new file, not the sample's linked one
    (folder / "index.html").write_bytes((sample_site / "index.html").read_bytes().replace(b"</body>",
                                                                                          b"<!-- B --></body>"))
    (folder / "trang.webmanifest").write_text('{"name": "Điển hình tiên tiến", "start_url": "/"}', encoding="utf-8")
    with open(folder / "tai-lieu.bin", "wb") as big:
        for _ in range(128):
            big.write(os.urandom(1 << 20))
    finished.mark(folder, len(site_files(folder)))
    return folder


def group_has(pid: int, name: str) -> bool:
    """Whether a process called `name` runs in process group `pid`."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            comm, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
            if comm == name and int(rest[2]) == pid:
                return True
    return False


def killed_deploy(command: list[str], moment, env: dict | None = None) -> str:
    """Start a deploy, wait for `moment()` to say what it sees (a text), kill -9 its whole group."""
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while (seen := moment(process.pid)) is None:
            assert process.poll() is None, "the deploy ended before the moment to kill it came"
            assert time.monotonic() < deadline
            time.sleep(0.005)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return seen


def blocking_ssh(folder: Path, step: str) -> tuple[dict, Path]:
    """An `ssh` first in PATH that stops before the release step `step` runs on the server (and
    signals it by a file): the deploy can be killed exactly there. Every other ssh is the real one."""
    folder.mkdir()
    flag = folder / "reached"
    script = folder / "ssh"
    script.write_text(f"""#!/bin/sh
case "$*" in *"sh -s -- {step} "*) touch '{flag}'; exec sleep 600;; esac
exec {shutil.which("ssh")} "$@"
""", encoding="utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}, flag


def test_a_deploy_killed_at_any_moment_leaves_the_live_site_whole_and_a_rollback_serves_the_last(
        servers, sample_site, tmp_path):
    ssh, web, target = servers
    run_deploy(ssh, target, sample_site)  # release A, live
    live_a = os.readlink(target / "current")
    site_b = another_build(sample_site, tmp_path / "b")
    command = deploy_command(ssh, target, site_b)
    releases = target / "releases"

    # 1. During rsync: part of release B is on the server, in its hidden partial folder.
    def rsync_under_way(pid):
        partial = [p for p in releases.glob(".partial-*/**/*") if p.is_file()]
        return f"rsync running, {len(partial)} file(s) in the partial release" if (
            len(partial) >= 50 and group_has(pid, "rsync")) else None

    seen = killed_deploy(command, rsync_under_way)
    assert os.readlink(target / "current") == live_a
    assert served_differences(web, sample_site) == []
    print(f"killed during rsync ({seen}): {live_a} served whole")  # shown with pytest -s

    # 2. Between rsync and the switch: B is whole on the server, `current` not yet switched.
    env, flag = blocking_ssh(tmp_path / "before-switch", "finish")
    killed_deploy(command, lambda pid: "rsync done, switch not begun" if flag.exists() else None, env)
    (partial,) = releases.glob(".partial-*")
    assert (partial / "tai-lieu.bin").stat().st_size == (site_b / "tai-lieu.bin").stat().st_size
    assert os.readlink(target / "current") == live_a
    assert served_differences(web, sample_site) == []
    print(f"killed after rsync, before the switch ({partial.name} whole on the server): {live_a} served whole")

    # 3. At the very start, while the server is being prepared.
    env, flag = blocking_ssh(tmp_path / "preparing", "prepare")
    killed_deploy(command, lambda pid: "preparing" if flag.exists() else None, env)
    assert os.readlink(target / "current") == live_a
    assert served_differences(web, sample_site) == []
    print(f"killed while preparing the server: {live_a} served whole")

    # The next deploy finishes, clears what the killed ones left, and B is live.
    done = run_deploy(ssh, target, site_b)
    assert "deployed release" in done.stdout
    assert not list(releases.glob(".partial-*")) and not list(target.glob(".current-*"))
    assert served_differences(web, site_b) == []
    print(f"the next deploy finished: {os.readlink(target / 'current')} served whole; {done.stdout.strip()}")

    # A rollback serves A again, whole.
    done = run_deploy(ssh, target, site_b, "--rollback")
    assert os.readlink(target / "current") == live_a
    assert served_differences(web, sample_site) == []
    print(f"rollback: {done.stdout.strip()}; served whole")
