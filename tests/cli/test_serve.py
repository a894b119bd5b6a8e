"""The editors' preview: drafts with a banner, errors in the browser, a port in use, a clean stop."""

from __future__ import annotations

import glob
import os
import signal
import socket
import subprocess
import sys
import urllib.request

from conftest import REPO, VALID_PROFILE
from support.servers import eventually

DRAFT = VALID_PROFILE.replace("Nguyễn Thị Hoa", "Lê Thị Nháp").replace("status: published", "status: draft")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(condition) -> None:
    eventually(condition, 120, "the preview", every=0.5)


def start(content, port: int, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, TMPDIR=str(content.root.parent))  # its temporary folder where the test can see it
    return subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--content", str(content.root),
                             "--port", str(port), "--today", "01/01/2025", "--lang", "vi", *extra],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_preview_shows_drafts_with_a_banner_and_errors_in_the_browser_and_stops_cleanly(content):
    content.profile("hoa", VALID_PROFILE)
    content.profile("nhap", DRAFT)
    port = free_port()
    server = start(content, port, "--drafts")
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(lambda: "Nguyễn Thị Hoa" in fetch(base + "ho-so/nguyen-thi-hoa/"))
        draft = fetch(base + "ho-so/le-thi-nhap/")
        assert 'class="dh-draft-banner" role="status">Bản nháp – chưa công bố' in draft
        assert "dh-draft-banner" not in fetch(base + "ho-so/nguyen-thi-hoa/")

        again = subprocess.run([sys.executable, "-m", "site_builder", "serve", "--content", str(content.root),
                                "--port", str(port), "--lang", "vi"], cwd=REPO, capture_output=True, text=True,
                               timeout=60)
        assert again.returncode == 2 and "Traceback" not in again.stderr
        assert again.stderr.strip().splitlines() == [
            f"lỗi: cổng {port} đang được dùng (một bản xem trước khác?); hãy dừng nó, hoặc chọn cổng khác: "
            f"site-builder serve --port {port + 1}"]

        path = content.root / "profiles" / "hoa" / "index.md"
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("15/03/2024", "31/02/2024"), encoding="utf-8")
        wait_for(lambda: "Nội dung đang có lỗi" in fetch(base + "ho-so/nguyen-thi-hoa/"))
        page = fetch(base + "ho-so/nguyen-thi-hoa/")
        assert "profiles/hoa/index.md" in page and "ngày 31/02/2024 không tồn tại" in page and "<td>9</td>" in page
        assert "/livereload/" in page  # it reloads by itself once the content is fixed
        path.write_text(good, encoding="utf-8")
        wait_for(lambda: "<h1>Nguyễn Thị Hoa</h1>" in fetch(base + "ho-so/nguyen-thi-hoa/"))
        # A story saved: its page is written and shown first, the rest of the site after it.
        path.write_text(good + "\nMùa này chị trồng thêm giống ruột đỏ.\n", encoding="utf-8")
        wait_for(lambda: "giống ruột đỏ" in fetch(base + "ho-so/nguyen-thi-hoa/"))
        assert glob.glob(str(content.root.parent / "site-builder-preview-*"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    said = server.stderr.read()
    assert server.returncode == 0, said
    assert "đã hiện 1 trang vừa lưu sau" in said, said
    assert not glob.glob(str(content.root.parent / "site-builder-preview-*"))  # the temporary folder is gone


def test_a_build_never_shows_drafts(content, tmp_path):
    import datetime as dt

    from site_builder.pipeline.run import BuildOptions, build_site

    content.profile("hoa", VALID_PROFILE)
    content.profile("nhap", DRAFT)
    build_site(BuildOptions(content.root, tmp_path / "site", dt.date(2025, 1, 1), cache_dir=tmp_path / "c",
                            yearbook=False))
    assert not (tmp_path / "site" / "ho-so" / "le-thi-nhap").exists()
    assert not any("Bản nháp – chưa công bố" in p.read_text(encoding="utf-8")
                   for p in (tmp_path / "site").rglob("*.html"))
