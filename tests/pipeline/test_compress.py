"""Precompressed copies: a `.gz` and a `.br` beside every text file of the site, the same
bytes decompressed, none for files compressed already, made again only for what changed."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import brotli
import pytest
from conftest import SAMPLE_CONTENT, SAMPLE_TODAY, copy_of_sample_caches

from site_builder.pipeline import compress
from site_builder.pipeline.output import SiteWriter, apply_changes, swap_into_place
from site_builder.pipeline.run import BuildOptions, build_site

ALREADY_COMPRESSED = (".jpg", ".jpeg", ".webp", ".png", ".avif", ".woff2", ".pdf", ".epub", ".pagefind",
                      ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")


def originals(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix not in compress.SUFFIXES)


def copies(site: Path) -> dict[str, tuple[int, int]]:
    """Every .gz and .br of the site: path -> (inode, mtime), to tell which were rewritten."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix in compress.SUFFIXES}


def test_every_text_file_of_the_sample_has_copies_that_decompress_to_its_bytes(sample_site):
    with_copies = 0
    for path in originals(sample_site):
        gz, br = Path(f"{path}.gz"), Path(f"{path}.br")
        size = path.stat().st_size
        if path.suffix in ALREADY_COMPRESSED or size < compress.MIN_BYTES:
            assert not gz.exists() and not br.exists(), path
            continue
        if path.suffix not in compress.COMPRESSIBLE_SUFFIXES:
            assert not gz.exists(), path
            continue
        data = path.read_bytes()
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert brotli.decompress(br.read_bytes()) == data, br
        assert gz.stat().st_mode & 0o777 == path.stat().st_mode & 0o777, gz  # a web server reads it as it reads the page
        header = gz.read_bytes()[:10]
        assert header[3] == 0 and header[4:8] == b"\0\0\0\0", f"{gz}: a file name or a time in the gzip header"
        with_copies += 1
    # Pages, data files, feeds, the sitemap, the theme's scripts and styles, Pagefind's own script.
    for expected in ("index.html", "ho-so/nguyen-thi-hoa/index.html", "du-lieu/ho-so.json", "du-lieu/ho-so.csv",
                     "feed.xml", "assets/javascripts/dh-search.js", "pagefind/pagefind.js"):
        assert (sample_site / f"{expected}.gz").is_file() and (sample_site / f"{expected}.br").is_file(), expected
    assert with_copies > 150
    assert not list(sample_site.rglob("*.pf_fragment.*")) and not list(sample_site.rglob("*.jpg.*"))
    assert not list(sample_site.rglob("*.gz.gz")) and not list(sample_site.rglob("*.br.*"))


def test_a_rebuild_rewrites_the_copies_of_changed_files_only_and_removes_those_of_deleted_files(sample_build, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # The first build starts from the sample's caches (built cold once per run): this test is about the rebuild.
    site, cache = tmp_path / "site", copy_of_sample_caches(sample_build, tmp_path / "cache")
    build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    before_copies = copies(site)
    before_bytes = {p.relative_to(site).as_posix(): p.read_bytes() for p in originals(site)}
    # One story edited, one profile withdrawn (its data file goes).
    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMột đoạn mới được thêm vào câu chuyện.\n",
                     encoding="utf-8")
    profile = content / "profiles" / "tran-van-duc" / "index.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("status: published", "status: withdrawn", 1),
                       encoding="utf-8")
    build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    after_copies = copies(site)
    changed = {p.relative_to(site).as_posix() for p in originals(site)
               if before_bytes.get(p.relative_to(site).as_posix()) != p.read_bytes()}
    assert "ho-so/nguyen-thi-hoa/index.html" in changed
    rewritten = {path for path, stamp in after_copies.items() if before_copies.get(path) != stamp}
    assert rewritten, "the edited page's copies were not made again"
    assert {path[:-3] for path in rewritten} <= changed  # the copies of unchanged files were left alone
    assert {path[:-3] for path in rewritten} == {path for path in changed if f"{path}.gz" in after_copies}
    for path in rewritten:
        original = (site / path[:-3]).read_bytes()
        decompress = gzip.decompress if path.endswith(".gz") else brotli.decompress
        assert decompress((site / path).read_bytes()) == original, path
    # The withdrawn profile's data file and its copies are gone.
    assert "du-lieu/ho-so/tran-van-duc.json.gz" in before_copies
    assert not any(path.startswith("du-lieu/ho-so/tran-van-duc.json") for path in after_copies)

    # precompress: false in site.yml: the copies go; back to true: they come back from the cache.
    settings = content / "site.yml"
    original_settings = settings.read_text(encoding="utf-8")
    settings.write_text(original_settings + "precompress: false\n", encoding="utf-8")
    build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert copies(site) == {}
    settings.write_text(original_settings, encoding="utf-8")
    messages: list[str] = []
    build_site(BuildOptions(content, site, SAMPLE_TODAY, cache_dir=cache, yearbook=False), messages.append)
    assert set(copies(site)) == set(after_copies)
    said = [m for m in messages if ".gz, .br" in m]
    assert said and " 0 file(s) compressed" in said[0], said


def test_a_first_build_with_a_warm_cache_compresses_nothing_and_gives_the_same_bytes(tmp_path):
    staging_a, staging_b = tmp_path / "a", tmp_path / "b"
    page = ("<html><body>" + "Điển hình tiên tiến của tỉnh. " * 200 + "</body></html>").encode("utf-8")
    made = []
    for staging in (staging_a, staging_b):
        writer = SiteWriter(staging)
        writer.write("ho-so/a/index.html", page)
        writer.write("feed.xml", b"<feed/>")  # too small to pay
        writer.write("anh/a.webp", b"RIFF" + bytes(4000))  # an image: compressed already
        made.append(writer.add_compressed(tmp_path / "no-output", tmp_path / "cache"))
        assert sorted(writer.files) == ["anh/a.webp", "feed.xml", "ho-so/a/index.html",
                                        "ho-so/a/index.html.br", "ho-so/a/index.html.gz"]
    assert made == [(1, 0), (0, 1)]
    for suffix in compress.SUFFIXES:
        assert (staging_a / f"ho-so/a/index.html{suffix}").read_bytes() == \
            (staging_b / f"ho-so/a/index.html{suffix}").read_bytes()


def test_the_largest_files_are_compressed_early_into_the_cache_and_counted_as_compressed(tmp_path, monkeypatch):
    """What a build makes early (compress.EarlyCopies, in a thread while the pages are made) is what
    the writer would have made: the same bytes, found in the cache, counted as compressed once."""
    monkeypatch.setattr(compress, "EARLY_FROM", 5_000)
    large = ("Tổng hợp dữ liệu mở, ".encode("utf-8") + bytes(range(256))) * 40  # about 11 kB
    small = ("<html><body>" + "Trang hồ sơ. " * 200 + "</body></html>").encode("utf-8")
    files = {"du-lieu/ho-so.json": large, "ho-so/a/index.html": small, "anh/a.webp": b"RIFF" + bytes(9000)}
    cache = tmp_path / "cache"
    early = compress.EarlyCopies(files.items(), cache)
    assert early.wait() == {"du-lieu/ho-so.json"}  # only the large text file, not the image, not the page
    assert len(list(compress.cache_folder(cache).rglob("*.gz"))) == 1
    writer = SiteWriter(tmp_path / "staging")
    for path, data in files.items():
        writer.write(path, data)
    assert writer.add_compressed(tmp_path / "no-output", cache, frozenset({"du-lieu/ho-so.json"})) == (2, 0)
    assert gzip.decompress((tmp_path / "staging/du-lieu/ho-so.json.gz").read_bytes()) == large
    assert brotli.decompress((tmp_path / "staging/du-lieu/ho-so.json.br").read_bytes()) == large
    assert (tmp_path / "staging/du-lieu/ho-so.json.gz").read_bytes() == compress.gzip_bytes(large)
    # A second build finds both in the cache: nothing compressed, early or late.
    again = compress.EarlyCopies(files.items(), cache)
    assert again.wait() == frozenset()


def test_copies_made_while_the_search_index_merges_are_taken_and_only_the_others_made_after(tmp_path, monkeypatch):
    """Workers compress the text files made so far while the search index's shards merge
    (compress.CopiesMeanwhile); the writer then takes their copies and makes only the others (a
    file claimed later, Pagefind's script; one EarlyCopies has), each pair counted once."""
    monkeypatch.setattr(compress, "PARALLEL_FROM", 2)  # workers, as for the thousands of a first build
    pages = {f"ho-so/{n}/index.html": ("<html><body>" + f"Hồ sơ {n}. " * 300 + "</body></html>").encode("utf-8")
             for n in range(6)}
    cache = tmp_path / "cache"
    writer = SiteWriter(tmp_path / "staging")
    for path, data in pages.items():
        writer.write(path, data)
    meanwhile = writer.start_compressing(tmp_path / "no-output", cache, skipped=frozenset({"ho-so/5/index.html"}))
    script = ("var pagefind = 1;\n" * 200).encode("utf-8")
    writer.write("pagefind/pagefind.js", script)  # claimed once the index is merged
    made_after: list[Path] = []
    real_copies = compress.compressed_copies
    monkeypatch.setattr(compress, "compressed_copies",
                        lambda sources, cache: made_after.extend(path for path, _ in sources) or real_copies(sources, cache))
    assert writer.add_compressed(tmp_path / "no-output", cache, meanwhile=meanwhile) == (7, 0)
    assert sorted(made_after) == [tmp_path / "staging/ho-so/5/index.html", tmp_path / "staging/pagefind/pagefind.js"]
    for path, data in [*pages.items(), ("pagefind/pagefind.js", script)]:
        assert gzip.decompress((tmp_path / "staging" / f"{path}.gz").read_bytes()) == data
        assert brotli.decompress((tmp_path / "staging" / f"{path}.br").read_bytes()) == data


def test_a_copy_that_cannot_be_made_meanwhile_stops_the_build_with_its_error(tmp_path, monkeypatch):
    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(compress, "PARALLEL_FROM", 1)
    monkeypatch.setattr(compress, "write_atomically", full_disk)  # in the workers too: they are forked
    writer = SiteWriter(tmp_path / "staging")
    writer.write("a/index.html", ("Trang a. " * 300).encode("utf-8"))
    meanwhile = writer.start_compressing(tmp_path / "no-output", tmp_path / "cache")
    with pytest.raises(OSError, match="No space left"):
        writer.add_compressed(tmp_path / "no-output", tmp_path / "cache", meanwhile=meanwhile)


def test_a_change_set_carries_the_copies_of_the_changed_file_and_drops_those_of_a_deleted_one(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    kept = ("Trang không đổi. " * 200).encode("utf-8")
    first = SiteWriter(tmp_path / "staging-1")
    first.write("a/index.html", kept)
    first.write("b/index.html", ("Trang b. " * 300).encode("utf-8"))
    first.write("c.json", ("[" + "1, " * 1000 + "1]").encode("utf-8"))
    first.add_compressed(out, cache)
    swap_into_place(tmp_path / "staging-1", out)
    kept_stamp = os.stat(out / "a/index.html.br").st_ino

    second = SiteWriter(tmp_path / "staging-2", first.files)
    second.write("a/index.html", kept)
    second.write("b/index.html", ("Trang b, đã sửa. " * 300).encode("utf-8"))
    second.add_compressed(out, cache)
    assert sorted(p.relative_to(tmp_path / "staging-2").as_posix()
                  for p in (tmp_path / "staging-2").rglob("*") if p.is_file()) == [
        "b/index.html", "b/index.html.br", "b/index.html.gz"]
    apply_changes(tmp_path / "staging-2", out, second.deleted())
    assert second.deleted() == ["c.json", "c.json.br", "c.json.gz"]
    assert sorted(p.name for p in out.iterdir()) == ["a", "b"]
    assert os.stat(out / "a/index.html.br").st_ino == kept_stamp
    assert brotli.decompress((out / "b/index.html.br").read_bytes()) == (out / "b/index.html").read_bytes()
