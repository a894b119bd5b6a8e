"""Nothing lost, end to end: a profile crosses every tool, from a unit's workbook to the live
site, and each value comes back as it was typed, in the page, the open data and the yearbook.

import (a workbook typed in Excel, the name in decomposed Unicode as some keyboards send it) →
the web editor (decap-server writes the file as Decap's own YAML code made it) → check → build
→ deploy (a release folder) → nginx as www-data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_CONTENT
from openpyxl import load_workbook
from support.checkers import require_tool
from support.nominations import fill_template, photo
from support.servers import nginx_server

from site_builder.cli.main import main
from site_builder.cms.local import LocalBackend
from site_builder.deploy.releases import deploy
from site_builder.deploy.target import Target
from site_builder.pipeline.run import BuildOptions, build_site

NAME = "Nguyễn Thị Hoà"
DECISION = "0123/QĐ-UBND"
ALT, CREDIT = "Bà Hoà trong vườn thanh long", "Ảnh: Hội Nông dân huyện"
TYPED = {"summary": "Nông dân trồng thanh long đạt năng suất 1.50 tấn/sào, mã hộ 0912.",
         "decision": "0123", "award_date": "02/01/2024"}


def decap_api(url: str, action: str, params: dict) -> dict:
    request = urllib.request.Request(url, json.dumps({"action": action, "params": params}).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def edit_as_decap(raw: str, set_fields: dict, append: dict) -> str:
    done = subprocess.run(["node", str(REPO / "tests" / "support" / "decap_edit.cjs")], check=True, text=True,
                          input=json.dumps({"raw": raw, "set": set_fields, "append": append}), capture_output=True)
    return done.stdout


def fetch(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
        assert answer.status == 200
        return answer.read()


def test_a_profile_crosses_every_tool_and_comes_back_as_typed(content, tmp_path):
    for tool in ("rsync", "nginx"):
        require_tool(tool)
    if os.geteuid() != 0:
        pytest.skip("nginx as www-data needs root; CI runs the tests as root")
    shutil.copytree(SAMPLE_CONTENT / "yearbook", content.root / "yearbook")

    # 1. A unit fills the council's workbook; the editor imports it.
    template = tmp_path / "mau.xlsx"
    assert main(["template", str(template), "--content", str(content.root), "--today", "06/05/2024"]) == 0
    lists = {col[0]: [v for v in col[1:] if v]
             for col in load_workbook(template)["Danh mục"].iter_cols(values_only=True)}
    movement = lists["movements"][1]
    sent = tmp_path / "gui-den"
    photo(sent / "vuon.jpg")
    fill_template(template, sent / "de-nghi.xlsx", [{
        "Đối tượng": "Cá nhân", "Tên điển hình": unicodedata.normalize("NFD", NAME),
        "Lĩnh vực 1": "Nông nghiệp", "Phong trào thi đua 1": movement,
        "Địa phương": "Huyện Hàm Thuận Bắc", "Đơn vị đề nghị": "UBND huyện Hàm Thuận Bắc",
        "Ngày gửi": dt.date(2024, 5, 6), "Tóm tắt": TYPED["summary"],
        "Thành tích nổi bật": "- Năng suất 1.50 tấn/sào\n- Hướng dẫn 015 hộ làm theo",
        "Khen thưởng 1: hình thức": "Bằng khen của Chủ tịch UBND tỉnh",
        "Khen thưởng 1: số quyết định": DECISION, "Khen thưởng 1: ngày ký": dt.date(2024, 1, 2),
        "Ảnh 1: tên tệp": "vuon.jpg", "Ảnh 1: mô tả": ALT,
        "Ảnh 1: nguồn ảnh": CREDIT, "Đã có đồng ý công bố": "Có", "Ngày đồng ý": "02/05/2024",
    }])
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", str(sent / "de-nghi.xlsx"), "--content", str(content.root)]) == 0
    (profile,) = (content.root / "profiles").glob("*/index.md")
    relative = str(profile.relative_to(content.root))

    # 2. In the web editor: read through decap-server, published with two more achievements the
    #    editor typed, saved through decap-server.
    with LocalBackend(content.root) as backend:
        entry = decap_api(backend.url, "getEntry", {"branch": "main", "path": relative})
        raw = edit_as_decap(entry["data"], {"status": "published"}, {"achievements": ["yes", "0912345678"]})
        assert "- yes\n" in raw  # unquoted, as Decap writes it: YAML 1.1 would read true
        options = {"commitMessage": "Cập nhật hồ sơ", "useWorkflow": False, "status": "published"}
        decap_api(backend.url, "persistEntry", {"branch": "main", "assets": [], "options": options,
                                                "dataFiles": [{"slug": profile.parent.name, "path": relative,
                                                               "raw": raw}]})
    assert profile.read_text(encoding="utf-8") == raw

    # 3. check, build, deploy.
    assert main(["check", "--content", str(content.root)]) == 0
    site = tmp_path / "site"
    build_site(BuildOptions(content_dir=content.root, out_dir=site, today=dt.date(2026, 6, 30),
                            cache_dir=tmp_path / "cache"))
    served_root = tempfile.mkdtemp(prefix="site-builder-round-trip-")
    os.chmod(served_root, 0o755)
    try:
        deploy(site, Target(served_root), keep=2, progress=lambda _m: None)
        with nginx_server(Path(served_root) / "current", tmp_path / "nginx") as web:
            data = json.loads(fetch(web.port, "/du-lieu/ho-so.json"))
            (record,) = [r for r in data["profiles"] if r["name"] == NAME]
            page = fetch(web.port, "/" + record["url"].removeprefix(data["site"]["url"]))
            (book_file,) = site.glob("ky-yeu/*2022-2025.epub")  # the edition of the award's year
            epub = fetch(web.port, f"/ky-yeu/{book_file.name}")
    finally:
        shutil.rmtree(served_root, ignore_errors=True)

    # 4. Every value of the profile, as typed: in the open data each field's own value, in the page
    #    and the yearbook each value a reader sees (codes by their names), the dates as dd/mm/yyyy.
    achievements = ["Năng suất 1.50 tấn/sào", "Hướng dẫn 015 hộ làm theo", "yes", "0912345678"]
    named = {"kind": "Cá nhân", "locality": "Huyện Hàm Thuận Bắc", "unit": "UBND huyện Hàm Thuận Bắc",
             "stage": "Phát hiện"}
    assert (record["name"], record["summary"], record["achievements"]) == (NAME, TYPED["summary"], achievements)
    assert {field: record[field]["name"] for field in named} == named
    assert [f["name"] for f in record["fields"]] == ["Nông nghiệp"]
    assert [m["name"] for m in record["movements"]] == [movement]
    (award,) = record["awards"]
    assert (award["award"]["name"], award["decision"], award["date"]) == (
        "Bằng khen của Chủ tịch UBND tỉnh", DECISION, "2024-01-02")  # the open data's dates are ISO
    assert [(p["alt"], p["credit"]) for p in record["photos"]] == [(ALT, CREDIT)]
    assert (record["submitted"], record["updated"]) == ("2024-05-06", "2024-05-06")

    text = page.decode("utf-8")
    book = "".join(zipfile.ZipFile(io.BytesIO(epub)).read(n).decode("utf-8", "replace")
                   for n in zipfile.ZipFile(io.BytesIO(epub)).namelist() if n.endswith(".xhtml"))
    shown = [NAME, TYPED["summary"], DECISION, ALT, CREDIT, movement, "Nông nghiệp", "Bằng khen của Chủ tịch UBND tỉnh",
             *named.values(), "02/01/2024", "06/05/2024"]
    for where in (text, book):
        assert unicodedata.normalize("NFD", NAME) not in where
        assert [value for value in shown if html.escape(value, quote=False) not in where] == []
        # each achievement an item of its own, `yes` (unquoted by Decap) too, never true or True
        assert "".join(f"<li>{html.escape(a, quote=False)}</li>" for a in achievements) in where
