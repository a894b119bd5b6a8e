"""The preview's server (engine/mkdocs.py `live_reload_server`, cli/serve.py `RebuildNotice`): while
the rest of a rebuild is under way after a saved page was shown first, every page says so at its
foot; once the rebuild is done, every page is its file again (with the engine's reload script)."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

from support.servers import eventually, free_port

from site_builder.cli.serve import RebuildNotice
from site_builder.common.paths import THEME_DIR
from site_builder.engine.mkdocs import live_reload_server

PAGE = "<!doctype html><html lang=\"vi\"><body><p>Trang chủ</p></body></html>"
SAID = "đang được dựng lại"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def shown(condition) -> None:
    eventually(condition, 60, "the preview's server")


def test_pages_served_while_the_rest_of_a_rebuild_goes_on_say_so_and_not_after(tmp_path: Path):
    site, content = tmp_path / "site", tmp_path / "content"
    site.mkdir()
    content.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    notice = RebuildNotice(THEME_DIR)
    under_way, done = threading.Event(), threading.Event()
    servers: list = []

    def rebuild() -> None:  # as cli/serve.py's: the saved page shown first, then the whole build
        if not servers:
            return  # the first build, before the server runs
        notice.shown.set()
        servers[0].show_now()
        under_way.set()
        done.wait(60)
        notice.shown.clear()
        servers[0].reload_again()

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = live_reload_server(rebuild, "127.0.0.1", port, site, lambda: None, notice)
    server.watch(str(content))
    servers.append(server)
    threading.Thread(target=server.serve, daemon=True).start()
    try:
        shown(lambda: "Trang chủ" in fetch(url))
        assert SAID not in fetch(url)

        (content / "ho-so.md").write_text("Câu chuyện mới.\n", encoding="utf-8")
        assert under_way.wait(60)
        during = fetch(url)
        assert during.count(SAID) == 1 and during.index(SAID) < during.rindex("</body>")
        assert 'role="status"' in during  # read out by screen readers as it appears

        done.set()
        shown(lambda: SAID not in fetch(url))
        after = fetch(url)
        assert after.startswith(PAGE.split("</body>")[0]) and "<script>" in after  # the file, and the reload script
    finally:
        done.set()
        server.shutdown()
