"""The web editor (Decap CMS at /quan-tri/): its config is made from the schema and the
taxonomies, and what an editor saves through it is a profile file that `check` accepts."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLE_CONTENT, copy_of_sample_caches
from support.servers import eventually

from site_builder.cms import config as editor
from site_builder.cms.admin import NODE_MODULES
from site_builder.common.messages import set_language
from site_builder.content import schema as s
from site_builder.content.diagnostics import Problems
from site_builder.content.events import read_event_terms
from site_builder.content.load import load_content
from site_builder.content.media_items import media_schema, programmes_schema, validate_programmes
from site_builder.content.profiles import profile_schema
from site_builder.content.site_settings import validate_site
from site_builder.content.taxonomies import taxonomy_schemas, validate_taxonomies

THEME = REPO / "theme"
# The README's pictures of the editor are taken again only when asked (SITE_BUILDER_SCREENSHOTS=1):
# a test run must not change the checkout.
SCREENSHOTS = REPO / "screenshots" if os.environ.get("SITE_BUILDER_SCREENSHOTS") else None


def _sample_taxonomies():
    problems = Problems()
    tax = validate_taxonomies(SAMPLE_CONTENT, problems)
    assert not problems.errors
    return tax


def _hosted_config():
    problems = Problems()
    site = validate_site(SAMPLE_CONTENT, problems)
    return editor.editor_config(_sample_taxonomies(), editor.load_texts(THEME), editor.Backend(site.cms),
                                site.base_url, validate_programmes(SAMPLE_CONTENT, problems),
                                read_event_terms(SAMPLE_CONTENT, problems))


def _collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def _schema_paths(record: s.Record, prefix: str = "") -> set[str]:
    """Every field of a record, nested ones as 'awards.decision'."""
    paths = set()
    for name, option in record.options.items():
        paths.add(prefix + name)
        item = option.item if isinstance(option, s.ListOf) else option
        if isinstance(item, s.Record):
            paths |= _schema_paths(item, f"{prefix}{name}.")
    return paths


def _config_paths(fields: list[dict], prefix: str = "") -> set[str]:
    paths = set()
    for field in fields:
        paths.add(prefix + field["name"])
        if field.get("fields") and field["name"] != "private":
            paths |= _config_paths(field["fields"], f"{prefix}{field['name']}.")
    return paths


def test_the_config_lists_every_field_of_the_profile_schema_with_a_vietnamese_label_and_hint():
    tax = _sample_taxonomies()
    fields = _collection(_hosted_config(), "profiles")["fields"]
    assert _config_paths(fields) == _schema_paths(profile_schema(tax)) | {"body"}

    def every(fields):
        for field in fields:
            yield field
            yield from every(field.get("fields", []))
    for field in every(fields):
        assert field["label"] and "hint" in field, field["name"]
        assert field["label"] != field["name"]  # a Vietnamese label, not the key


def test_every_code_of_every_taxonomy_is_an_option_of_its_drop_down_shown_by_its_name():
    tax = _sample_taxonomies()
    fields = {f["name"]: f for f in _collection(_hosted_config(), "profiles")["fields"]}
    awards = {f["name"]: f for f in fields["awards"]["fields"]}
    expected = {"kind": tax.kinds, "stage": tax.stages, "fields": tax.fields, "movements": tax.movements,
                "locality": tax.localities, "unit": tax.units}
    for name, table in expected.items():
        assert fields[name]["widget"] == "select"
        assert fields[name]["options"] == [{"label": term.name, "value": code} for code, term in table.items()]
    assert awards["award"]["options"] == [{"label": a.name, "value": code} for code, a in tax.awards.items()]
    assert [o["value"] for o in fields["status"]["options"]] == ["draft", "review", "published", "withdrawn"]
    assert fields["fields"]["multiple"] and fields["fields"]["min"] == 1  # at least one field code
    assert fields["movements"]["multiple"] and "min" not in fields["movements"]


def test_the_editor_checks_what_check_checks_where_it_can():
    fields = {f["name"]: f for f in _collection(_hosted_config(), "profiles")["fields"]}
    awards = {f["name"]: f for f in fields["awards"]["fields"]}
    photos = {f["name"]: f for f in fields["photos"]["fields"]}
    required = {name for name, f in fields.items() if f["required"]}
    assert required == {name for name, o in profile_schema(_sample_taxonomies()).options.items() if o.required}
    date = re.compile(fields["submitted"]["pattern"][0])
    assert date.match("19/05/2023") and not date.match("2023-05-19") and not date.match("32/01/2023")
    decision = re.compile(awards["decision"]["pattern"][0])
    for text in sorted(set(re.findall(r"decision: (.+)", "".join(
            p.read_text(encoding="utf-8") for p in SAMPLE_CONTENT.glob("profiles/*/index.md"))))):
        assert decision.match(text), text  # every decision number of the sample passes
    assert not decision.match("1234") and not decision.match("QĐ-UBND")
    assert awards["date"]["pattern"] == fields["submitted"]["pattern"] and awards["date"]["required"]
    assert photos["file"]["widget"] == "image" and photos["alt"]["required"]
    assert fields["consent"]["widget"] == "object"
    assert fields["private"]["widget"] == "object" and fields["private"]["collapsed"]
    assert "KHÔNG BAO GIỜ CÔNG BỐ" in fields["private"]["label"]
    story = fields["body"]
    assert story["widget"] == "markdown" and story["editor_components"] == []
    assert "image" not in story["buttons"] and "code-block" not in story["buttons"]


def test_profiles_are_folders_with_their_photos_beside_them_and_review_goes_through_the_git_host():
    config = _hosted_config()
    profiles = _collection(config, "profiles")
    assert profiles["folder"] == "content/profiles" and profiles["path"] == "{{slug}}/index"
    assert profiles["media_folder"] == "" and profiles["public_folder"] == ""
    assert config["locale"] == "vi" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "so-noi-vu-mau/dien-hinh-tien-tien", "branch": "main",
                                 "base_url": "https://dang-nhap.dienhinh.example.org"}
    assert config["slug"]["clean_accents"]


def test_films_radio_pieces_and_photo_stories_are_a_collection_with_uploads_and_a_profile_picker():
    tax = _sample_taxonomies()
    programmes = validate_programmes(SAMPLE_CONTENT, Problems())
    media = _collection(_hosted_config(), "media")
    assert media["folder"] == "content/media" and media["path"] == "{{slug}}/index" and media["media_folder"] == ""
    assert _config_paths(media["fields"]) == _schema_paths(media_schema(tax, programmes)) | {"body"}
    fields = {f["name"]: f for f in media["fields"]}
    assert fields["programme"]["options"] == [{"label": p.name, "value": code} for code, p in programmes.items()]
    assert fields["file"]["widget"] == fields["captions"]["widget"] == "file"
    relation = fields["profiles"]
    assert (relation["widget"], relation["collection"], relation["value_field"], relation["multiple"]) == (
        "relation", "profiles", "{{slug}}", True)
    assert {name for name, f in fields.items() if f["required"]} == {
        name for name, o in media_schema(tax, programmes).options.items() if o.required}


def test_taxonomies_and_free_pages_are_editable_too():
    config = _hosted_config()
    tax = _sample_taxonomies()
    files = {f["file"]: f for f in _collection(config, "taxonomies")["files"]}
    assert set(files) == {f"content/taxonomies/{name}" for name in [*taxonomy_schemas(tax), "programmes.yml"]}
    units = files["content/taxonomies/units.yml"]["fields"][0]
    assert {f["name"] for f in units["fields"]} == set(taxonomy_schemas(tax)["units.yml"])
    assert files["content/taxonomies/groups.yml"]["format"] == editor.LIST_FORMAT
    pages = _collection(config, "pages")
    assert pages["folder"] == "content/pages"
    assert [f["name"] for f in pages["fields"]] == ["title", "description", "nav_order", "body"]


def test_the_programmes_are_a_taxonomy_file_of_their_own_once_the_site_has_media():
    files = {f["file"]: f for f in _collection(_hosted_config(), "taxonomies")["files"]}
    programmes = files["content/taxonomies/programmes.yml"]
    assert (programmes["label"], programmes["format"]) == ("Chuyên mục phát thanh – truyền hình – báo chí",
                                                           editor.LIST_FORMAT)
    fields = {f["name"]: f for f in programmes["fields"][0]["fields"]}
    assert set(fields) == set(programmes_schema())
    assert {name for name, f in fields.items() if f["required"]} == {
        name for name, option in programmes_schema().items() if option.required}
    assert fields["medium"]["options"] == [{"label": "Truyền hình", "value": "tv"}, {"label": "Phát thanh", "value": "radio"},
                                           {"label": "Báo in", "value": "print"}, {"label": "Báo điện tử", "value": "online"}]
    # The sample's own entries use only the form's fields.
    entries = yaml.safe_load((SAMPLE_CONTENT / "taxonomies/programmes.yml").read_text(encoding="utf-8"))
    assert all(set(entry) <= set(fields) for entry in entries)
    without_media = editor.editor_config(_sample_taxonomies(), editor.load_texts(THEME),
                                         editor.Backend(None, "http://127.0.0.1:1/api/v1"))
    assert not any(f["file"].endswith("programmes.yml") for f in _collection(without_media, "taxonomies")["files"])


def test_a_schema_field_without_a_text_stops_the_config_with_the_fix(tmp_path):
    set_language("vi")
    texts = editor.load_texts(THEME)
    del texts["profile_fields"]["summary"]
    with pytest.raises(editor.EditorConfigError, match="theme/cms.yml: thiếu nhãn cho trường 'summary'"):
        editor.editor_config(_sample_taxonomies(), texts, editor.Backend(None, "http://127.0.0.1:1/api/v1"))


def test_site_builder_cms_writes_the_config(tmp_path):
    out = tmp_path / "config.yml"
    run = subprocess.run([sys.executable, "-m", "site_builder", "cms", "--content", str(SAMPLE_CONTENT),
                          "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == _hosted_config()


def test_the_built_site_carries_the_editor_served_from_itself(sample_site):
    admin = sample_site / "quan-tri"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert (admin / "decap-cms" / "decap-cms.js").is_file() and (admin / "yaml" / "index.js").is_file()
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8")) == _hosted_config()
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["decap-cms/decap-cms.js", "editor.js"]
    assert "../assets/stylesheets/dienhinh.css" in page  # the preview's stylesheet: the site's own


# --- In the browser: serve --cms on a copy of the sample ----------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_in_page(page, predicate, timeout: float, what: str):
    """Wait for the CMS to finish a save. Headless Chromium draws a frame only when something
    asks for one, and the CMS's save goes on from a frame callback: a screenshot asks for a frame."""
    def drawn_and_done():
        page.screenshot()
        return predicate()
    return eventually(drawn_and_done, timeout, what, every=0.25)


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


@pytest.fixture
def serve_cms(sample_build, tmp_path):
    """`site-builder serve --cms` on a copy of the sample content: (base URL, content folder). The preview
    starts from a copy of the sample build's caches, as on an editor's machine, not from the project's own
    .cache, which a fresh clone has empty (a cold build, photos and all) and other runs leave as they were."""
    if not (NODE_MODULES / "decap-server").is_dir() or shutil.which("node") is None:
        pytest.skip("the web editor is not installed (bash scripts/setup.sh runs npm ci in cms/)")
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    cache = copy_of_sample_caches(sample_build, tmp_path / "cache")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--cms", "--content", str(content),
                                "--port", str(port), "--today", "30/06/2026", "--cache", str(cache)],
                               cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        eventually(lambda: _get(base + "quan-tri/config.yml"), 240, "the preview with the editor", every=0.25)
        yield base, content, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        log.seek(0)
        print(log.read())


def _backend_port(base: str) -> int:
    config = yaml.safe_load(_get(base + "quan-tri/config.yml"))
    return int(re.search(r":(\d+)/api/v1$", config["local_backend"]["url"])[1])


def _check(content: Path) -> list[str]:
    _, problems = load_content(content)
    return [str(p) for p in problems.errors]


@pytest.mark.browser
def test_an_editor_creates_and_edits_a_profile_in_the_browser(serve_cms, tmp_path):
    from support.checkers import chromium_context

    base, content, process = serve_cms
    backend_port = _backend_port(base)
    photo = tmp_path / "vuon-lua.jpg"
    from PIL import Image
    Image.new("RGB", (800, 600), (40, 120, 80)).save(photo)
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(exist_ok=True)

    with chromium_context(viewport={"width": 1400, "height": 900}) as browser:
        page = browser.new_page()
        page.set_default_timeout(30_000)
        page.goto(base + "quan-tri/")
        page.get_by_role("button", name="Đăng nhập").click()  # the local backend: no account
        page.get_by_text("Bùi Thị Ngọc Diễm").first.wait_for()
        page.screenshot(**({"path": str(SCREENSHOTS / "editor-profiles.png")} if SCREENSHOTS else {}))

        page.goto(base + "quan-tri/#/collections/profiles/new")

        def field(label: str, scope=page):
            return page.locator("#" + scope.locator("label", has_text=label).first.get_attribute("for"))

        def choose(label: str, *names: str, scope=page):
            box = field(label, scope)
            for name in names:
                box.fill(name)
                page.keyboard.press("Enter")

        choose("Đối tượng", "Cá nhân")
        field("Tên").fill("Lâm Thị Thử Nghiệm")
        field("Tóm tắt").fill("Chị đưa giống lúa chịu hạn về xã và hướng dẫn bà con cùng làm.")
        choose("Lĩnh vực", "Nông nghiệp", "Khoa học và công nghệ")  # two fields from the drop-down
        choose("Địa phương", "Huyện Bắc Bình")
        choose("Đơn vị đề xuất", "UBND huyện Bắc Bình")
        field("Ngày đề xuất").fill("19/05/2024")
        choose("Giai đoạn", "Phát hiện")
        choose("Trạng thái", "Bản nháp")

        page.get_by_role("button", name="Add ảnh").click()
        page.get_by_role("button", name="Chọn một hình").click()
        page.locator("input[type=file]").first.set_input_files(str(photo))
        page.get_by_text("vuon-lua.jpg").wait_for()
        page.get_by_role("button", name="Lấy những cái đã chọn").click()
        field("Mô tả ảnh").fill("Chị Lâm kiểm tra ruộng lúa chịu hạn")
        field("Tác giả ảnh").fill("Ảnh minh họa (mẫu)")

        page.get_by_role("button", name="Add khen thưởng").click()
        choose("Hình thức khen thưởng", "Giấy khen của Chủ tịch UBND huyện")
        decision = field("Số quyết định")
        decision.fill("1234")  # not a decision number: the editor refuses to save it
        field("Ngày ký quyết định").fill("02/09/2024")
        page.locator("[data-slate-editor=true]").first.click()
        page.keyboard.type("Năm 2023, chị Lâm trồng thử giống lúa chịu hạn trên hai sào ruộng.")
        page.screenshot(**({"path": str(SCREENSHOTS / "editor-profile.png")} if SCREENSHOTS else {}))

        def publish():
            page.get_by_role("button", name="Công bố").first.click()
            page.get_by_text("Công bố ngay").click()

        publish()
        page.get_by_text("Số quyết định dạng số/QĐ-cơ quan").first.wait_for()
        assert not (content / "profiles" / "lam-thi-thu-nghiem").exists()
        decision.click()
        page.keyboard.press("Control+a")  # fill() would add to what the widget holds
        page.keyboard.type("1234/QĐ-UBND")
        publish()

        saved = content / "profiles" / "lam-thi-thu-nghiem" / "index.md"
        saved_photo = saved.parent / "vuon-lua.jpg"  # beside the profile
        # decap-server writes the entry, then its media, each with a plain write (not renamed into
        # place): the save is done when both are there whole.
        _wait_in_page(page, lambda: saved.is_file() and "hai sào ruộng" in saved.read_text(encoding="utf-8")
                      and saved_photo.is_file() and saved_photo.read_bytes() == photo.read_bytes(),
                      30, f"{saved} and its photo to be written")
        text = saved.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        assert front["kind"] == "ca-nhan" and front["fields"] == ["nong-nghiep", "khoa-hoc-cong-nghe"]
        assert front["submitted"] == "19/05/2024" and front["status"] == "draft"
        assert front["photos"] == [{"file": "vuon-lua.jpg", "alt": "Chị Lâm kiểm tra ruộng lúa chịu hạn",
                                    "credit": "Ảnh minh họa (mẫu)"}]
        assert front["awards"][0]["decision"] == "1234/QĐ-UBND" and front["awards"][0]["date"] == "02/09/2024"
        assert "hai sào ruộng" in text
        assert _check(content) == []

        # A draft is not on the site; published (consent given) it is, once the preview rebuilt.
        # Edit it again, as read back from the file: after the save the editor shows the entry's address.
        page.goto(base + "quan-tri/?lan-2#/collections/profiles")  # a new page load, not a hash change
        login = page.get_by_role("button", name="Đăng nhập")
        entry = page.get_by_text("Lâm Thị Thử Nghiệm")
        login.or_(entry).first.wait_for()
        if login.count():
            login.click()
        entry.first.click()
        page.locator("label", has_text="Trạng thái").first.wait_for()
        choose("Trạng thái", "Đã công bố")
        field("Đã có văn bản đồng ý").click()  # the toggle carries the label's id
        field("Ngày đồng ý").fill("10/05/2024")
        publish()
        _wait_in_page(page, lambda: "status: published" in saved.read_text(encoding="utf-8"), 30, "the status change")
        front = yaml.safe_load(saved.read_text(encoding="utf-8").split("---\n")[1])
        assert front["status"] == "published" and front["consent"] == {"given": True, "date": "10/05/2024"}
        assert _check(content) == []
        page_html = eventually(lambda: _get(base + "ho-so/lam-thi-thu-nghiem/"), 120, "the profile page", every=0.25)
        assert "Lâm Thị Thử Nghiệm" in page_html and "1234/QĐ-UBND" in page_html
        assert browser.third_party_requests == []

    process.send_signal(signal.SIGTERM)  # the local backend stops with the preview
    assert process.wait(timeout=30) == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", backend_port), timeout=2).close()
