"""The sample content built with real MkDocs: pages, links, cards, facts, and
what must never be published."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT, SAMPLE_TODAY, VALID_PROFILE, copy_of_sample_caches, copy_of_sample_photos

from site_builder.content.diagnostics import ContentError
from site_builder.content.text import format_date, sort_key
from site_builder.pipeline.run import (
    BuildError,
    BuildOptions,
    build_site,
    exclusive_lock,
)


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js", ".css", ".csv"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def test_sample_content_is_rich_enough(sample):
    profiles = sample.profiles
    assert len(profiles) + len(sample.withheld) >= 40
    assert {p.kind for p in profiles} == {"ca-nhan", "tap-the", "ho-gia-dinh"}
    assert len({f for p in profiles for f in p.fields}) >= 10
    assert len({m for p in profiles for m in p.movements}) >= 8
    # Every former district of Bình Thuận has profiles, and at least six communes of Lâm Đồng have
    # profiles recognised after the reorganisation of 01/07/2025 (most of the 45 communes have none).
    localities = sample.content.taxonomies.localities
    used = {p.locality for p in profiles}
    assert {code for code, loc in localities.items() if loc.level == "district"} <= used
    after = [p for p in profiles if p.submitted >= dt.date(2025, 7, 1)]
    assert len(after) >= 6 and all(localities[p.locality].level == "commune" for p in after)
    assert len({p.locality for p in after}) >= 6
    assert {2022, 2023, 2024, 2025} <= {p.year for p in profiles}
    reasons = {reason for _, reason in sample.withheld}
    assert {"embargo", "no-consent"} <= reasons and reasons & {"draft", "review", "withdrawn"}


def test_every_public_profile_has_a_page_with_its_facts(sample_site, sample):
    tax = sample.content.taxonomies
    for p in sample.profiles:
        page = soup(sample_site, f"ho-so/{p.slug}")
        assert page.html["lang"] == "vi"
        assert page.h1.get_text(strip=True) == p.name
        facts = page.select_one(".dh-facts dl").get_text(" ", strip=True)
        assert tax.kinds[p.kind].name in facts
        for code in p.fields:
            assert tax.fields[code].name in facts
        assert tax.localities[p.locality].name in facts
        assert str(p.year) in facts
        if p.awards:
            rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select(".dh-awards tbody tr")]
            assert rows == [[a.award.name, a.decision, format_date(a.date), a.issuer] for a in p.awards]
        for photo in page.select(".dh-profile figure img"):
            assert photo["alt"] and photo["width"] and photo["height"]
            assert (sample_site / f"ho-so/{p.slug}" / photo["src"]).resolve().is_file()
        assert "Cập nhật lần cuối: " + format_date(p.last_update) in page.get_text()


def test_withheld_profiles_and_private_values_appear_in_no_output(sample_site, sample):
    assert sample.withheld
    secrets = {"SENTINEL-"}
    for profile, _ in sample.withheld:
        if profile.status == "withdrawn":  # the old address says so, and nothing more
            page = soup(sample_site, f"ho-so/{profile.slug}")
            assert page.h1.get_text(strip=True) == "Hồ sơ không còn được công bố"
            assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        else:
            assert not (sample_site / "ho-so" / profile.slug).exists()
        secrets.add(profile.name if sum(p.name == profile.name for p in sample.content.profiles) == 1 else "SENTINEL-")
    for profile in sample.content.profiles:
        secrets.update(str(v) for v in profile.private.values() if len(str(v)) >= 6)
    leaks = [(str(path.relative_to(sample_site)), s) for path, text in text_files(sample_site)
             for s in secrets if s in text]
    assert leaks == []


def test_listing_pages_exist_for_every_term_and_are_sorted(sample_site, sample):
    tax = sample.content.taxonomies
    for prefix, terms in (("linh-vuc", tax.fields), ("phong-trao", tax.movements),
                          ("doi-tuong", tax.kinds), ("dia-phuong", tax.localities)):
        for code in terms:
            page = soup(sample_site, f"{prefix}/{code}")
            # A current locality's page shows its profiles in blocks (its own, then each former
            # name's, site/localities.py): A–Z within each block.
            for block in page.select(".dh-listing__block") or [page]:
                names = [h.get_text(strip=True) for h in block.select(".dh-card__title")]
                assert names == sorted(names, key=sort_key)
    for year in {p.year for p in sample.profiles}:
        assert (sample_site / "nam" / str(year) / "index.html").is_file()


def test_cards_show_photo_name_kind_and_summary(sample_site, sample):
    page = soup(sample_site, "linh-vuc/nong-nghiep")
    members = [p for p in sample.profiles if "nong-nghiep" in p.fields]
    cards = page.select("li.dh-card")
    assert len(cards) == len(members) > 0
    first = cards[0]
    assert first.select_one("img, svg.dh-placeholder") is not None
    assert first.select_one(".dh-card__meta").get_text(strip=True).startswith(
        sample.content.taxonomies.kinds[members[0].kind].name)
    assert first.select_one(".dh-card__summary").get_text(strip=True) == members[0].summary


def test_all_profiles_listing_shows_every_profile_once_in_order(sample_site, sample):
    """Its first page lists its pages (when there is more than one: site/listings.py decides where
    each ends); read in that order, they show every public profile once, in Vietnamese order."""
    front = soup(sample_site, "ho-so")
    later = [a["href"] for a in front.select(".dh-contents li a")]
    seen = [h.get_text(strip=True) for h in front.select(".dh-card__title")]
    for href in later:
        page = BeautifulSoup((sample_site / "ho-so" / href / "index.html").read_text(encoding="utf-8"), "html.parser")
        seen += [h.get_text(strip=True) for h in page.select(".dh-card__title")]
    assert seen == [p.name for p in sample.profiles]


def test_internal_links_resolve(sample_site):
    missing = []
    for path in sample_site.rglob("*.html"):
        for a in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("a[href], img[src]"):
            ref = a.get("href") or a.get("src")
            if "://" in ref or ref.startswith(("#", "mailto:", "javascript:")):
                continue
            ref_path = ref.split("#")[0].split("?")[0]  # a query (a search's filter) is not part of the file
            base = sample_site if ref_path.startswith("/") else path.parent  # 404.html links from the root
            target = (base / ref_path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{path.relative_to(sample_site)} -> {ref}")
    assert missing == []


def test_navigation_never_lists_profiles(sample_site, sample):
    page = soup(sample_site, f"ho-so/{sample.profiles[0].slug}")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert nav_links and not [h for h in nav_links if "ho-so/" in h and h.rstrip("/").split("/")[-1] != "ho-so"]


def test_home_page_has_featured_latest_and_counts(sample_site, sample):
    page = soup(sample_site, ".")
    assert page.h1.get_text(strip=True) == sample.content.site.title
    featured = {p.name for p in sample.profiles if p.featured}
    assert featured and featured <= {h.get_text(strip=True) for h in page.select("#featured ~ ul .dh-card__title")}
    counts = page.select('ul[aria-label="Theo lĩnh vực"] li')
    assert len(counts) == len(sample.content.taxonomies.fields)


def test_sample_notice_on_every_page(sample_site, sample):
    notice = sample.content.site.sample_notice
    for path in list(sample_site.rglob("index.html"))[:50]:
        if "anh/" in str(path) or "quan-tri/" in str(path) \
                or "<meta http-equiv=\"refresh\"" in path.read_text(encoding="utf-8"):  # the editor is no page of the site
            continue
        assert notice in path.read_text(encoding="utf-8"), path


def test_aliases_redirect_to_the_current_address(sample_site, sample):
    aliased = [p for p in sample.profiles if p.aliases]
    assert aliased
    for p in aliased:
        for alias in p.aliases:
            page = soup(sample_site, f"ho-so/{alias}")
            target = page.find("meta", attrs={"http-equiv": "refresh"})["content"].removeprefix("0; url=")
            assert (sample_site / "ho-so" / alias / target).resolve() == (sample_site / "ho-so" / p.slug).resolve()
            assert page.find("link", rel="canonical")["href"].endswith(f"/ho-so/{p.slug}/")


def test_text_is_nfc_and_pages_stay_small(sample_site):
    for path in sample_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path
        assert path.stat().st_size < 150_000, path


def test_no_third_party_font_or_script(sample_site):
    for path in sample_site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("link[href], script[src]"):
            ref = tag.get("href") or tag.get("src")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["license"]):
                continue
            assert "://" not in ref, f"{path}: {ref}"


def test_same_content_builds_the_same_bytes(sample_site, tmp_path):
    again = tmp_path / "site"
    build_site(BuildOptions(SAMPLE_CONTENT, again, SAMPLE_TODAY, cache_dir=tmp_path / "cache"))
    assert tree_digest(again) == tree_digest(sample_site)
    # Objects the build kept out of cycle collections are handed back when it ends, and the
    # collector (paused for the build) runs again: the preview server builds again and again in one process.
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_failed_build_leaves_the_previous_site_untouched(sample_build, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # The previous build: the sample's site and caches, built once for the run (tests/conftest.py).
    out = tmp_path / "site"
    shutil.copytree(sample_build[0], out)
    cache = copy_of_sample_caches(sample_build, tmp_path / "cache")
    before = tree_digest(out)
    profile = next((content / "profiles").rglob("index.md"))
    profile.write_text(profile.read_text(encoding="utf-8").replace("stage:", "stage: khong-ro\nx:", 1),
                       encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(BuildOptions(content, out, SAMPLE_TODAY, cache_dir=cache))
    assert any(str(profile.name) in p.path for p in failure.value.problems)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.staging")] == []
    assert gc.get_freeze_count() == 0  # handed back to the cycle collector after a failure too
    assert gc.isenabled()


def test_a_free_page_on_an_address_the_site_uses_stops_the_build_naming_its_file(content, tmp_path):
    content.profile("a", VALID_PROFILE)
    (content.root / "pages").mkdir()
    for slug in ("ho-so", "tim-kiem", "ky-yeu", "du-lieu", "gioi-thieu"):  # the last one is free
        (content.root / "pages" / f"{slug}.md").write_text(f"---\ntitle: Trang {slug}\n---\nNội dung.\n",
                                                          encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build_site(BuildOptions(content.root, tmp_path / "out", SAMPLE_TODAY, cache_dir=tmp_path / "cache"))
    said = sorted(str(problem) for problem in failure.value.problems)
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in said] == [
        "du-lieu.md", "ho-so.md", "ky-yeu.md", "tim-kiem.md"]
    assert all(":1: error: the address /" in line and "belongs to the built-in page" in line
               and "rename this file" in line for line in said), said
    assert not (tmp_path / "out").exists()


def test_two_builds_at_once_are_refused(tmp_path):
    out = tmp_path / "site"
    with exclusive_lock(out):
        with pytest.raises(BuildError, match="another build is writing"):
            build_site(BuildOptions(SAMPLE_CONTENT, out, SAMPLE_TODAY, cache_dir=tmp_path / "cache"))


def test_an_incremental_rebuild_gives_the_same_bytes_as_a_cold_build(sample_build, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # A first build into `warm` from the caches of the sample's build (its cold build is made once per
    # run: tests/conftest.py); the rebuild below then applies its change set to that output.
    cache = copy_of_sample_caches(sample_build, tmp_path / "cache")
    warm = tmp_path / "warm"
    build_site(BuildOptions(content, warm, SAMPLE_TODAY, cache_dir=cache))
    # Edit one story, add one profile, rename one field, replace one photo.
    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMột đoạn mới được thêm vào câu chuyện.\n", encoding="utf-8")
    added = content / "profiles" / "ho-moi" / "index.md"
    added.parent.mkdir()
    added.write_text((content / "profiles" / "tran-van-duc" / "index.md").read_text(encoding="utf-8")
                     .replace("Trần Văn Đức", "Trần Văn Mới"), encoding="utf-8")
    for photo in (content / "profiles" / "tran-van-duc").glob("*.jpg"):
        shutil.copy(photo, added.parent / photo.name)
    fields = content / "taxonomies" / "fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8").replace("name: Y tế", "name: Y tế và dân số"), encoding="utf-8")
    photo = next((content / "profiles" / "le-thi-hoa").glob("*.jpg"))
    from PIL import Image

    Image.new("RGB", (800, 600), (10, 90, 160)).save(photo)
    summary = build_site(BuildOptions(content, warm, SAMPLE_TODAY, cache_dir=cache))
    assert summary.photos_encoded == 1
    cold = tmp_path / "cold"
    build_site(BuildOptions(content, cold, SAMPLE_TODAY, cache_dir=tmp_path / "fresh-cache"))
    assert tree_digest(warm) == tree_digest(cold)
    assert "Y tế và dân số" in (cold / "linh-vuc" / "y-te" / "index.html").read_text(encoding="utf-8")
    assert "Một đoạn mới" in (cold / "ho-so" / "nguyen-thi-hoa" / "index.html").read_text(encoding="utf-8")


def test_rebuilds_in_place_give_the_bytes_of_cold_builds_and_withdraw_a_profile_everywhere(sample_build, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # The first build starts from the caches of the sample's build (made cold once per run), as on an
    # editor's machine; each rebuild below is compared with a cold build of its content.
    cache, site = copy_of_sample_caches(sample_build, tmp_path / "cache"), tmp_path / "site"
    first = build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert first.files_written == first.files  # a first build writes every file
    site_folder = site.stat().st_ino
    assert site.stat().st_mode & 0o777 == 0o755  # a web server running as another user can read it

    def rebuild_equals_cold(step: str, cold: Path | None = None):
        """The rebuild in place, compared with `cold`: a cold build of the same content (made here if not given)."""
        summary = build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
        if cold is None:
            cold = tmp_path / f"cold-{step}"
            build_site(BuildOptions(content, cold, SAMPLE_TODAY, cache_dir=tmp_path / f"cache-{step}", yearbook=False))
        assert tree_digest(site) == tree_digest(cold), step
        assert site.stat().st_ino == site_folder, "updated in place, not swapped"
        return summary

    # One story edited: its page, data files, feeds and search files change; not the other pages.
    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMột đoạn mới được thêm vào câu chuyện.\n",
                     encoding="utf-8")
    edited = rebuild_equals_cold("edit")
    assert 0 < edited.files_written < edited.files / 5
    # One profile withdrawn: every file that named it goes (page, data file, share image, search).
    profile = content / "profiles" / "tran-van-duc" / "index.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("status: published", "status: withdrawn", 1),
                       encoding="utf-8")
    withdrawn = rebuild_equals_cold("withdraw")
    assert withdrawn.files_deleted > 0
    tombstone = site / "ho-so" / "tran-van-duc" / "index.html"  # a stable link says the profile was withdrawn
    assert "Hồ sơ không còn được công bố" in tombstone.read_text(encoding="utf-8")
    assert not (site / "du-lieu" / "ho-so" / "tran-van-duc.json").exists()
    for path, text in text_files(site):
        assert "Trần Văn Đức" not in text, path
        assert "tran-van-duc" not in text or path == tombstone, path
    # Nothing changed: nothing written. The content is the withdrawal's, whose cold build is made already.
    again = rebuild_equals_cold("nothing", cold=tmp_path / "cold-withdraw")
    assert again.files_written <= 10 and again.files_deleted == 0


def test_a_build_on_several_cores_gives_the_same_bytes_as_on_one(sample_build, tmp_path, monkeypatch):
    from site_builder.content import load as validate
    from site_builder.engine import mkdocs as engine
    from site_builder.pipeline import compress
    from site_builder.search import records as search

    # Photos are encoded by a pool of processes whatever the settings below: both builds take them
    # from a copy of the sample's, and check, render, index and compress everything else themselves.
    for name in ("one", "several"):
        copy_of_sample_photos(sample_build, tmp_path / f"cache-{name}")
    one_core = tmp_path / "one"
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(validate, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(search, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(compress, "PARALLEL_FROM", 10**9)
    build_site(BuildOptions(SAMPLE_CONTENT, one_core, SAMPLE_TODAY, cache_dir=tmp_path / "cache-one", yearbook=False))
    several = tmp_path / "several"
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)  # every profile checked and every page rendered by workers
    monkeypatch.setattr(validate, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search, "PARALLEL_FROM", 1)  # and every search record worked out by workers
    monkeypatch.setattr(compress, "PARALLEL_FROM", 1)  # and every precompressed copy made by workers
    summary = build_site(BuildOptions(SAMPLE_CONTENT, several, SAMPLE_TODAY, cache_dir=tmp_path / "cache-several",
                                      yearbook=False))
    assert summary.pages_rendered > 40 and summary.photos_encoded == 0
    assert tree_digest(several) == tree_digest(one_core)
