"""The search stage: what the index holds, the search page, the header box (site_builder/search/index.py).

Browser tests that type queries into the real page are in tests/test_search_page.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT, SAMPLE_TODAY, copy_of_sample_photos

from site_builder.common.caches import Memo
from site_builder.content.load import load_content
from site_builder.pipeline.run import BuildError, BuildOptions, build_site
from site_builder.public.gate import publish
from site_builder.search import bundle as bundle_module
from site_builder.search import index as search
from site_builder.search.bundle import (
    SIGNATURE,
    cbor_dumps,
    merged_meta_fields,
    pagefind_payload,
    read_pagefind_file,
)
from site_builder.search.facets import facets
from site_builder.search.folding import display_form
from site_builder.search.index import BUNDLE_DIR, UNUSED_BUNDLE_FILES
from site_builder.search.records import records


def bundle_texts(site: Path) -> dict[str, str]:
    """Every file of the search bundle as text, the compressed data files decompressed."""
    texts = {}
    for path in sorted((site / BUNDLE_DIR).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[str(path.relative_to(site))] = display_form(data.decode("utf-8", errors="replace"))
    return texts


def test_records_kept_between_builds_follow_every_change_of_a_profile_or_a_name(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    kept = tmp_path / "search-records"

    def fresh_and_kept():
        loaded, problems = load_content(content, tmp_path / "validation")
        assert not problems.errors
        view = publish(loaded, SAMPLE_TODAY)
        return records(view, {}), records(view, {}, Memo(kept))

    cold, warm = fresh_and_kept()
    assert warm == cold and list(kept.glob("*.pickle"))
    assert fresh_and_kept()[1] == cold  # read back from the file
    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Chiến sĩ Xuyên Mộc.\n", 1),
                     encoding="utf-8")
    fields = content / "taxonomies" / "fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8").replace("name: Y tế", "name: Y tế và dân số"), encoding="utf-8")
    cold, warm = fresh_and_kept()
    assert warm == cold
    assert "Xuyên Mộc" in next(r.content for r in warm if r.url == "ho-so/nguyen-thi-hoa/")
    assert any("Y tế và dân số" in r.content for r in warm)


def test_one_record_per_public_profile_and_none_for_withheld(sample):
    urls = [r.url for r in records(sample, {})]
    assert urls == [f"ho-so/{p.slug}/" for p in sample.profiles]
    assert not {f"ho-so/{p.slug}/" for p, _ in sample.withheld} & set(urls)


def test_index_holds_no_withheld_profile_and_no_private_value(sample_site, sample):
    secrets = {"SENTINEL"} | {p.name for p, _ in sample.withheld
                              if sum(q.name == p.name for q in sample.content.profiles) == 1}
    for profile in sample.content.profiles:
        secrets.update(str(v) for v in profile.private.values() if len(str(v)) >= 6)
    texts = bundle_texts(sample_site)
    assert any(name.endswith(".pf_fragment") for name in texts)
    leaks = [(name, s) for name, text in texts.items() for s in secrets if s in text]
    assert leaks == []


def test_fragments_carry_name_photo_kind_place_and_the_story(sample_site, sample):
    fragments = [json.loads(t[len(SIGNATURE):]) for n, t in bundle_texts(sample_site).items() if n.endswith("pf_fragment")]
    by_url = {f["url"]: f for f in fragments}
    assert len(by_url) == len(sample.profiles)
    hoa = by_url["/ho-so/nguyen-thi-hoa/"]
    assert hoa["meta"]["name"] == "Nguyễn Thị Hoa"
    assert hoa["meta"]["kind"] == "Cá nhân" and hoa["meta"]["place"] == "Hàm Thuận Bắc"
    assert (sample_site / hoa["meta"]["image"]).is_file()
    assert {"nznguyenzthizhoaz", "nzhoaz", "pzthanhzlong"} <= set(hoa["meta"]["keys"].split())
    assert "VietGAP" in hoa["content"]
    assert hoa["filters"]["linh-vuc"] == ["nong-nghiep"]


def test_facets_count_public_profiles_in_taxonomy_order(sample):
    labels = {"search": {"facets": {k: k for k in ("kind", "field", "movement", "locality", "year", "award",
                                                    "event")},
                         "former_option": "{name} (đến {date})"}}
    by_key = {f.key: f for f in facets(sample, labels)}
    assert list(by_key) == ["doi-tuong", "linh-vuc", "phong-trao", "dia-phuong", "nam", "khen-thuong", "su-kien"]
    kinds = {o.code: o.count for o in by_key["doi-tuong"].options}
    assert kinds == {k: sum(p.kind == k for p in sample.profiles) for k in ("ca-nhan", "tap-the", "ho-gia-dinh")}
    fields = [o.code for o in by_key["linh-vuc"].options]
    assert fields == [c for c in sample.content.taxonomies.fields if any(c in p.fields for p in sample.profiles)]
    assert [o.code for o in by_key["nam"].options] == sorted({str(p.year) for p in sample.profiles}, reverse=True)
    for option in by_key["khen-thuong"].options:
        assert option.count == sum(any(g.award.code == option.code for g in p.awards) for p in sample.profiles)
    public = {p.slug for p in sample.profiles}
    events = {o.code: o.count for o in by_key["su-kien"].options}  # public honourees only, newest event first
    assert events == {e.slug: sum(h.profile in public for h in e.honourees) for e in sample.content.events.events}
    assert list(events) == [e.slug for e in sample.content.events.events]


def test_pagefind_data_files_are_read_and_written_byte_for_byte(sample_site):
    files = [p for pattern in ("*.pf_meta", "filter/*.pf_filter", "index/*.pf_index")
             for p in (sample_site / BUNDLE_DIR).glob(pattern)]
    assert len(files) >= 3
    for path in files:
        assert SIGNATURE + cbor_dumps(read_pagefind_file(path)) == gzip.decompress(path.read_bytes()), path


def test_filter_values_are_sorted_and_files_named_by_their_content(sample_site):
    bundle = sample_site / BUNDLE_DIR
    for path in (bundle / "filter").glob("*.pf_filter"):
        name, values = read_pagefind_file(path)
        assert [v[0] for v in values] == sorted(v[0] for v in values), name
        assert path.stem.split("_")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:7]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta").is_file()


def test_only_the_search_core_is_shipped_and_materials_search_is_gone(sample_site):
    bundle = sample_site / BUNDLE_DIR
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("wasm.*.pagefind"))
    assert not [name for name in UNUSED_BUNDLE_FILES if (bundle / name).exists()]
    assert not (sample_site / "search" / "search_index.json").exists()


def test_search_page_has_the_form_facets_counts_and_a_no_javascript_notice(sample_site, sample):
    page = BeautifulSoup((sample_site / "tim-kiem" / "index.html").read_text(encoding="utf-8"), "html.parser")
    form = page.select_one("form.dh-search__form")
    assert form["method"] == "get" and form.select_one("input[name=q]")
    selects = {s["name"]: s for s in form.select("select")}
    assert list(selects) == ["doi-tuong", "linh-vuc", "phong-trao", "dia-phuong", "nam", "khen-thuong", "su-kien"]
    assert selects["doi-tuong"].select_one("option[value='']").get_text() == f"Tất cả ({len(sample.profiles)})"
    noscript = page.select_one("noscript")
    assert noscript and "JavaScript" in noscript.get_text() and "../linh-vuc/" in str(noscript)
    settings = json.loads(page.select_one("#dh-search-settings").string)
    assert settings["bundle"] == "pagefind/" and settings["root"] == "../"
    script = page.select_one("script[type=module]")
    assert script["src"] == "../assets/javascripts/dh-search.js"


@pytest.mark.parametrize("url", ["index.html", "ho-so/nguyen-thi-hoa/index.html", "linh-vuc/nong-nghiep/index.html",
                                 "tim-kiem/index.html", "404.html"])
def test_header_search_box_is_a_get_form_relative_to_the_page(sample_site, url):
    page = BeautifulSoup((sample_site / url).read_text(encoding="utf-8"), "html.parser")
    form = page.select_one("header form.dh-header-search")
    assert form["method"] == "get"
    if url == "404.html":  # served at any address, so its links start from the site's own root path
        assert form["action"].startswith("/") and form["action"].endswith("/tim-kiem/")
        return
    # Relative, so under a sub-path (https://example.org/tinh/...) it still reaches the search page.
    assert urljoin("https://example.org/tinh/" + url, form["action"]) == "https://example.org/tinh/tim-kiem/"
    assert form.select_one("input[name=q]") and form.select_one("button[type=submit]")


def test_no_page_but_the_search_page_loads_search_code(sample_site):
    for path in sample_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if path.parent.name != "tim-kiem":
            assert "dh-search.js" not in text and "pagefind" not in text, path


def test_pagefind_failure_stops_the_build_and_keeps_the_previous_site(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    out = tmp_path / "site"
    (out / "old").mkdir(parents=True)
    (out / "old" / "index.html").write_text("previous site", encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(BuildError, match="Pagefind could not build the search index"):
        build_site(BuildOptions(content, out, SAMPLE_TODAY, cache_dir=tmp_path / "cache", yearbook=False))
    assert [p.name for p in out.iterdir()] == ["old"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.staging")]


def _without_profile_photos(folder: str, names: list[str]) -> set[str]:
    """shutil.copytree's `ignore`: the photos of the profiles and events (`_photo_free_copy` takes
    them out of the files), so a build takes seconds; a photo story's and a contest entry's photos
    stay, since their kinds and genres need them."""
    relative = Path(folder).relative_to(SAMPLE_CONTENT).parts
    if relative and relative[0] in ("profiles", "events"):
        return {name for name in names if name.endswith((".jpg", ".webp"))}
    return set()


def _photo_free_copy(content: Path) -> None:
    """The sample without photos (its events' too), so a build takes seconds."""
    for index in [*(content / "profiles").rglob("index.md"), *(content / "events").glob("*.md")]:
        text = index.read_text(encoding="utf-8")
        if "photos:" in text:
            head, _, rest = text.partition("photos:")
            rest = rest.split("\n", 1)[1]
            while rest.startswith("  "):
                rest = rest.split("\n", 1)[1]
            index.write_text(head + rest, encoding="utf-8")


def test_pagefind_runs_again_only_when_a_record_changed(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    cache = tmp_path / "cache"
    first = tmp_path / "first"
    build_site(BuildOptions(content, first, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    indexed = []
    real_index = search.IndexJob._index
    monkeypatch.setattr(search.IndexJob, "_index", lambda job, *args: indexed.append(1) or real_index(job, *args))

    # The end of a story is not indexed (only its opening): the kept index is reused, same bytes.
    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMột câu mới ở cuối câu chuyện.\n", encoding="utf-8")
    second = tmp_path / "second"
    build_site(BuildOptions(content, second, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert indexed == []
    assert bundle_digests(second) == bundle_digests(first)

    # A new summary is a new record: Pagefind indexes again and the new words are in the index.
    story.write_text(story.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Chiến sĩ Xuyên Mộc.\n", 1),
                     encoding="utf-8")
    third = tmp_path / "third"
    build_site(BuildOptions(content, third, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert indexed == [1]
    assert bundle_digests(third) != bundle_digests(first)
    assert any("Xuyên Mộc" in text for text in bundle_texts(third).values())
    assert not any("Xuyên Mộc" in text for text in bundle_texts(first).values())


def test_a_shard_indexed_again_leaves_the_fragments_of_unchanged_records_the_files_the_site_has(tmp_path, monkeypatch):
    """Pagefind writes every fragment of a shard anew; those with the bytes of a fragment the site
    already has are made that very file again, so a changed record costs one fragment written,
    not its shard's (a renamed field re-indexes every shard: at 10,000 profiles 10,000 files were written,
    not the 1,056 that changed)."""
    monkeypatch.setattr(search, "UNUSED_FOR", -1)  # a shard this build did not use is dropped at once
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    options = BuildOptions(content, tmp_path / "site", SAMPLE_TODAY, cache_dir=tmp_path / "cache", yearbook=False)
    build_site(options)
    fragments = tmp_path / "site" / search.BUNDLE_DIR / "fragment"
    before = {path.name: path.stat().st_ino for path in fragments.iterdir()}

    story = content / "profiles" / "nguyen-thi-hoa" / "index.md"
    story.write_text(story.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n  Chiến sĩ Xuyên Mộc.\n", 1),
                     encoding="utf-8")
    summary = build_site(options)
    after = {path.name: path.stat().st_ino for path in fragments.iterdir()}
    assert summary.search_shards == summary.search_shards_indexed == 1  # the one shard holds every record
    assert len(before) == len(after) == summary.profiles_published
    assert len(set(before) - set(after)) == len(set(after) - set(before)) == 1  # the changed profile's
    assert all(after[name] == inode for name, inode in before.items() if name in after)
    # A pooled fragment that no kept shard and no site links any more is dropped by the next build
    # that indexes (the changed profile's old one: the site still had it while this build indexed).
    pool = tmp_path / "cache" / "search" / "fragments"
    unlinked = {path.name for path in pool.iterdir() if path.stat().st_nlink == 1}
    assert len(unlinked) == 1
    story.write_text(story.read_text(encoding="utf-8").replace("Xuyên Mộc", "Long Hải"), encoding="utf-8")
    build_site(options)
    assert not unlinked & {path.name for path in pool.iterdir()}


def bundle_digests(site: Path) -> dict[str, str]:
    bundle = site / search.BUNDLE_DIR
    return {str(p.relative_to(bundle)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(bundle.rglob("*")) if p.is_file()}


def test_a_build_failing_while_pagefind_runs_stops_it_and_leaves_nothing_behind(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    jobs = []
    real_start = search.start_index
    monkeypatch.setattr(search, "start_index", lambda *args: jobs.append(real_start(*args)) or jobs[-1])

    def failing_press_kit(*args, **kwargs):
        raise RuntimeError("the press kit failed")

    monkeypatch.setattr("site_builder.pipeline.run.make_press_kit", failing_press_kit)
    out, cache = tmp_path / "site", tmp_path / "cache"
    with pytest.raises(RuntimeError, match="press kit failed"):
        build_site(BuildOptions(content, out, SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    (job,) = jobs
    assert not any(thread.is_alive() for thread in job._threads)
    assert all(process.poll() is not None for process in job.processes)  # no Pagefind run is left
    assert not out.exists()
    assert not [p for p in cache.iterdir() if p.name.startswith("work-")]
    assert not [p for p in tmp_path.iterdir() if ".staging" in p.name]


def index_by_url(bundle: Path) -> dict:
    """What a Pagefind bundle says, pages named by their URL instead of their number in it."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_pagefind_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    urls = [json.loads(pagefind_payload(bundle / "fragment" / f"{f}.pf_fragment"))["url"] for f, _ in meta[1]]
    fields = meta[5]

    def postings(deltas):  # [page minus the previous page, locations, meta locations (-1-i: meta field i)]
        page, found = 0, []
        for delta, locs, meta_locs in deltas:
            page += delta
            found.append((urls[page], tuple(locs), tuple(fields[-1 - n] if n < 0 else n for n in meta_locs)))
        return sorted(found)

    words = {}
    for _, _, chunk in meta[2]:
        for word, main, variants in read_pagefind_file(bundle / "index" / f"{chunk}.pf_index")[0]:
            words[word] = (postings(main), {v: postings(p) for v, p in variants})
    filters = {}
    for _, chunk in meta[3]:
        name, values = read_pagefind_file(bundle / "filter" / f"{chunk}.pf_filter")
        filters[name] = {value: sorted(urls[p] for p in pages) for value, pages in values}
    return {"pages": dict(zip(urls, (count for _, count in meta[1]))), "words": words, "filters": filters,
            "sorts": {name: [urls[p] for p in pages] for name, pages in meta[4]},
            "page_count": entry["languages"]["vi"]["page_count"]}


def test_an_index_merged_from_shards_says_exactly_what_one_index_says(sample_build, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    # Half the profiles without photos: their records carry other meta fields (initials, colour),
    # so shards list different meta fields and the merge must re-number them.
    without = tmp_path / "without"
    shutil.copytree(content, without)
    _photo_free_copy(without)
    for number, index in enumerate(sorted((content / "profiles").rglob("index.md"))):
        if number % 2:
            shutil.copy(without / index.relative_to(content), index)
    cache = copy_of_sample_photos(sample_build, tmp_path / "cache")  # the photos are not what is tested here
    build_site(BuildOptions(content, tmp_path / "one", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 3)
    summary = build_site(BuildOptions(content, tmp_path / "sharded", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert summary.search_shards_indexed == summary.search_shards > 8  # 16 shards; an empty one is left out
    shard_fields = {tuple(read_pagefind_file(next(shard.glob("*.pf_meta")))[5])
                    for shard in (cache / "search" / "shards").iterdir()}
    assert len(shard_fields) > 1  # some shard lacks a meta field the merged index has

    one, sharded = index_by_url(tmp_path / "one" / BUNDLE_DIR), index_by_url(tmp_path / "sharded" / BUNDLE_DIR)
    assert one["page_count"] == sharded["page_count"] == len(one["pages"]) > 40
    assert sharded["pages"] == one["pages"]  # the word counts that scores are computed from
    assert sharded["filters"] == one["filters"]
    assert sharded["sorts"] == one["sorts"] and len(one["sorts"]["ten"]) == len(one["pages"])
    assert sharded["words"].keys() == one["words"].keys()
    assert sharded["words"] == one["words"]

    # The merged fields start with the layout most shards have; only a shard whose fields are not
    # that start has its words numbered again, kept beside it: a second merge decodes nothing.
    shards = sorted(shard for shard in (cache / "search" / "shards").iterdir()  # not the unsharded build's
                    if len(json.loads((shard / "shard-pages.json").read_text(encoding="utf-8"))) < len(one["pages"]))
    layouts = [read_pagefind_file(next(shard.glob("*.pf_meta")))[5] for shard in shards]
    merged_fields = merged_meta_fields(layouts)
    renumbered = {shard.name for shard in shards if list(shard.glob("shard-words-*.pickle"))}
    assert renumbered == {shard.name for shard, fields in zip(shards, layouts)
                          if fields != merged_fields[:len(fields)]} != set()

    def decode_again(*args):
        raise AssertionError("a shard's words were decoded again")
    monkeypatch.setattr(bundle_module, "_word_table", decode_again)
    again = tmp_path / "merged-again"
    bundle_module.merge(shards, again, {}, search.INDEX_CHUNK_BYTES)
    assert index_by_url(again)["words"] == one["words"]


def test_the_merged_meta_fields_begin_with_the_layout_most_shards_have():
    assert merged_meta_fields([["image", "name", "title"], ["image", "name", "title"],
                               ["colour", "image", "initials", "name", "title"]]) == \
        ["image", "name", "title", "colour", "initials"]
    # A tie: the first layout in sorted order; a field of no common layout follows, sorted.
    assert merged_meta_fields([["name", "title"], ["image", "name", "now", "title"]]) == \
        ["image", "name", "now", "title"]
    assert merged_meta_fields([["title"]]) == ["title"]


def test_adding_a_profile_re_indexes_its_shard_only_and_gives_the_bytes_of_a_cold_build(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 4)
    monkeypatch.setattr(search, "UNUSED_FOR", -1)  # what this build did not use is dropped at once
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    cache = tmp_path / "cache"
    build_site(BuildOptions(content, tmp_path / "warm", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    added = content / "profiles" / "ho-moi" / "index.md"
    added.parent.mkdir()
    added.write_text((content / "profiles" / "tran-van-duc" / "index.md").read_text(encoding="utf-8")
                     .replace("Trần Văn Đức", "Trần Văn Mới"), encoding="utf-8")
    summary = build_site(BuildOptions(content, tmp_path / "warm", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert summary.search_shards > 8 and summary.search_shards_indexed == 1
    assert "/ho-so/tran-van-moi/" in index_by_url(tmp_path / "warm" / BUNDLE_DIR)["pages"]
    build_site(BuildOptions(content, tmp_path / "cold", SAMPLE_TODAY, cache_dir=tmp_path / "fresh", yearbook=False))
    assert bundle_digests(tmp_path / "warm") == bundle_digests(tmp_path / "cold")
    # Only the shards of this index are kept.
    assert len(list((cache / "search" / "shards").iterdir())) == summary.search_shards
    assert len(list((cache / "search" / "merged").iterdir())) == 1


def test_two_shards_with_a_fragment_of_the_same_name_keep_both_fragments(tmp_path, monkeypatch):
    """Pagefind names a fragment by 7 hex digits of its hash; across shards two may meet
    (at 10,000 records about one chance in five). The merge gives the second a name of its own."""
    from site_builder.search.bundle import SHARD_WORDS, _pagefind_bytes, merge

    monkeypatch.setattr(search, "RECORDS_PER_SHARD", 6)
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    build_site(BuildOptions(content, tmp_path / "site", SAMPLE_TODAY, cache_dir=tmp_path / "cache", yearbook=False))
    first, second = (shutil.copytree(shard, tmp_path / name) for shard, name in
                     zip(sorted((tmp_path / "cache" / "search" / "shards").iterdir())[:2], ("a", "b")))
    # Give the second shard's first page the name of the first shard's first page.
    taken = read_pagefind_file(next(first.glob("*.pf_meta")))[1][0][0]
    meta_path = next(second.glob("*.pf_meta"))
    meta = read_pagefind_file(meta_path)
    own = meta[1][0][0]
    (second / "fragment" / f"{own}.pf_fragment").rename(second / "fragment" / f"{taken}.pf_fragment")
    meta[1][0][0] = taken
    meta_path.write_bytes(_pagefind_bytes(meta))
    assert (second / SHARD_WORDS).is_file()

    merge([first, second], tmp_path / "merged", {}, search.INDEX_CHUNK_BYTES)
    merged = index_by_url(tmp_path / "merged")
    alone = {**index_by_url(first)["pages"], **index_by_url(second)["pages"]}
    assert merged["pages"] == alone  # every page, its own fragment (its URL) and word count
    names = [f for f, _ in read_pagefind_file(next((tmp_path / "merged").glob("*.pf_meta")))[1]]
    assert len(set(names)) == len(names) == len(alone)
    assert taken in names  # the first keeps its name; the second got one of its own


def _index(site: Path):
    """The sample's word index: the meta file's chunk list and each chunk's words."""
    bundle = site / BUNDLE_DIR
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_pagefind_file(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    chunks = meta[2]  # [from, to, file] per chunk (Pagefind's MetaChunk)
    words = {name: [w[0] for w in read_pagefind_file(bundle / "index" / f"{name}.pf_index")[0]]
             for _, _, name in chunks}
    return meta, chunks, words


def lookup(chunks, term: str):
    """The chunk Pagefind's search loads for a query word: the first with from <= word <= to."""
    return next((name for start, end, name in chunks if start <= term <= end), None)


def test_ranking_keys_are_single_index_words_not_split_into_the_words_of_the_name(sample_site):
    meta, chunks, words = _index(sample_site)
    keys_field = -1 - meta[5].index("keys")  # a location list marks the meta field it is in this way
    all_words = {w for ws in words.values() for w in ws}
    assert {"nznguyenzthizhoaz", "nzhoaz", "pzthanhzlong"} <= all_words
    for ws_name in words:
        for entry in read_pagefind_file(sample_site / BUNDLE_DIR / "index" / f"{ws_name}.pf_index")[0]:
            if entry[0] in ("thi", "hoa", "thanh", "long"):
                pages = entry[1] + [p for variant in entry[2] for p in variant[1]]
                assert not [p for p in pages if keys_field in p[2]], entry[0]


def test_every_word_and_every_prefix_that_fits_a_chunk_finds_all_its_words(sample_site):
    from site_builder.search.index import INDEX_CHUNK_BYTES
    _, chunks, words = _index(sample_site)
    assert len(chunks) > 2  # re-cut into chunks of INDEX_CHUNK_BYTES, several for the sample
    assert all(start <= end for start, end, _ in chunks)
    assert all(a[1] < b[0] for a, b in zip(chunks, chunks[1:]))  # ranges in order, apart
    sizes = {}
    for _, _, name in chunks:
        for entry in read_pagefind_file(sample_site / BUNDLE_DIR / "index" / f"{name}.pf_index")[0]:
            sizes[entry[0]] = len(cbor_dumps(entry))
    for name, ws in words.items():
        for word in ws:
            assert lookup(chunks, word) == name, word  # every word is found in its own chunk
    split_groups = 0
    for prefix in sorted({w[:n] for w in sizes for n in range(1, len(w))}):
        group = [w for w in sizes if w.startswith(prefix)]
        found = words[lookup(chunks, prefix)]
        if sum(sizes[w] for w in group) <= INDEX_CHUNK_BYTES:
            # A prefix whose words fit one chunk loads a chunk holding all of them ("nguy" -> "nguyen", "nguyet").
            assert set(group) <= set(found), (prefix, sorted(set(group) - set(found))[:5])
        else:
            split_groups += set(group) > set(found)
    assert split_groups  # the sample does have groups too big for one chunk ("th", "n")


def test_a_site_with_no_public_profile_yet_builds_with_no_index_and_says_so(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
    _photo_free_copy(content)
    for story in (content / "profiles").rglob("index.md"):  # a new province: everything still a draft
        text = story.read_text(encoding="utf-8")
        story.write_text(re.sub(r"^status: \w+", "status: draft", text, count=1, flags=re.M), encoding="utf-8")
    out = tmp_path / "site"
    summary = build_site(BuildOptions(content, out, SAMPLE_TODAY, cache_dir=tmp_path / "cache", yearbook=False))
    assert summary.profiles_published == 0 and summary.search_shards == 0
    assert not (out / "pagefind").exists()
    page = (out / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert "Chưa có hồ sơ nào được công bố, nên chưa có gì để tìm." in page
    settings = json.loads(re.search(r'id="dh-search-settings">(.*?)</script>', page).group(1))
    assert settings["bundle"] is None  # the page's script loads nothing


def test_a_shard_from_another_pagefind_version_is_refused_with_the_version_to_install(sample_site, tmp_path):
    from site_builder.search.bundle import PAGEFIND_VERSION, UnsupportedBundle, merge

    shard = tmp_path / "shard"
    shutil.copytree(sample_site / BUNDLE_DIR, shard)
    entry = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == PAGEFIND_VERSION  # what the build made is what the merge reads
    entry["version"] = "1.4.0"
    (shard / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    with pytest.raises(UnsupportedBundle) as refused:
        merge([shard], tmp_path / "merged", {}, 8_000)
    assert "Pagefind 1.4.0" in str(refused.value) and f"pagefind=={PAGEFIND_VERSION}" in str(refused.value)


def test_two_sites_sharing_one_cache_keep_each_others_shards_and_a_killed_builds_work_is_removed(tmp_path):
    from site_builder.pipeline.run import remove_abandoned_work

    cache = tmp_path / "cache"
    sites = []
    for name, who in (("a", "Trần Văn Đức"), ("b", "Trần Văn Khác")):
        content = tmp_path / name / "content"
        shutil.copytree(SAMPLE_CONTENT, content, ignore=_without_profile_photos)
        _photo_free_copy(content)
        path = content / "profiles" / "tran-van-duc" / "index.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Trần Văn Đức", who), encoding="utf-8")
        sites.append(content)
    build_site(BuildOptions(sites[0], tmp_path / "a" / "site", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    kept_a = set((cache / "search" / "shards").iterdir())
    build_site(BuildOptions(sites[1], tmp_path / "b" / "site", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert kept_a <= set((cache / "search" / "shards").iterdir())  # b's build did not drop a's shards
    again = build_site(BuildOptions(sites[0], tmp_path / "a" / "site2", SAMPLE_TODAY, cache_dir=cache, yearbook=False))
    assert again.search_shards_indexed == 0  # a's index came back from the shared cache whole

    abandoned = cache / "work-999999999-abc"  # a build killed with kill -9 leaves its work folder
    (abandoned / "docs").mkdir(parents=True)
    running = cache / f"work-{os.getpid()}-def"  # a build still running keeps its own
    running.mkdir()
    remove_abandoned_work(cache)
    assert not abandoned.exists() and running.exists()


# --- Places that change (issue 19): found by the place then and now -------------------------


def test_a_2023_profile_of_a_former_district_is_indexed_under_its_place_then_and_now(content):
    from support import places

    from site_builder.search.folding import folded_words

    by_name = {r.meta["name"]: r for r in records(places.load(content), {})}
    hoa = by_name["Nguyễn Thị Hoa"]  # 2023, Huyện Hàm Thuận Bắc (Tỉnh Bình Thuận), now Tỉnh Lâm Đồng
    text = " ".join(folded_words(display_form(hoa.content)))
    for name in ("ham thuan bac", "binh thuan", "lam dong"):
        assert name in text
    assert hoa.meta["place"] == "Hàm Thuận Bắc" and hoa.meta["now"] == "Tỉnh Lâm Đồng"
    assert set(hoa.filters["dia-phuong"]) == {"ham-thuan-bac", "binh-thuan", "lam-dong"}
    assert {"pzlamzdong", "pzbinhzthuan"} <= set(hoa.meta["keys"].split())  # the names rank as phrases too
    moi = by_name["Lê Thị Mới"]  # 01/07/2025, under the new commune: nothing now besides it
    assert "now" not in moi.meta and set(moi.filters["dia-phuong"]) == {"xa-ham-thuan-bac", "lam-dong"}


def test_a_record_kept_between_builds_follows_the_date_a_place_changed(content, tmp_path):
    from support import places

    eve = places.load(content, today=places.LAST_DAY)
    kept = Memo(tmp_path / "kept")
    before = {r.meta["name"]: r for r in records(eve, {}, kept)}
    loaded, _ = load_content(content.root)
    after = {r.meta["name"]: r for r in records(publish(loaded, places.TODAY), {}, Memo(tmp_path / "kept"))}
    assert "lam" not in display_form(before["Nguyễn Thị Hoa"].content).lower()
    assert "Lâm Đồng" in display_form(after["Nguyễn Thị Hoa"].content)


def test_the_locality_facet_offers_current_units_with_former_places_grouped_under_them(content):
    from conftest import REPO
    from support import places

    from site_builder.search.index import search_page
    from site_builder.site.renderer import Renderer, load_labels

    labels = load_labels(REPO / "theme")
    publication = places.load(content)
    facet = {f.key: f for f in facets(publication, labels)}["dia-phuong"]
    groups = {g.label: [(o.code, o.name, o.count) for o in g.options] for g in facet.groups}
    assert groups == {
        "Tỉnh Lâm Đồng": [("lam-dong", "Tỉnh Lâm Đồng", 5), ("binh-thuan", "Tỉnh Bình Thuận (đến 30/06/2025)", 3),
                          ("ham-thuan-bac", "Huyện Hàm Thuận Bắc (đến 30/06/2025)", 1)],
        "Xã Hàm Thuận Bắc": [("xa-ham-thuan-bac", "Xã Hàm Thuận Bắc", 1)],
        "Đặc khu Phú Quý": [("dac-khu-phu-quy", "Đặc khu Phú Quý", 2), ("phu-quy", "Huyện Phú Quý (đến 30/06/2025)", 1)],
    }
    renderer = Renderer(REPO / "theme" / "templates", labels, publication.content.site)
    page = BeautifulSoup(search_page(publication, renderer, labels).body, "html.parser")
    select = page.select_one("select#dh-facet-dia-phuong")
    assert [g["label"] for g in select.select("optgroup")] == ["Tỉnh Lâm Đồng", "Xã Hàm Thuận Bắc", "Đặc khu Phú Quý"]
    island = select.select("optgroup")[2]
    assert [(o["value"], o["data-name"]) for o in island.select("option")] == [
        ("dac-khu-phu-quy", "Đặc khu Phú Quý"), ("phu-quy", "Huyện Phú Quý (đến 30/06/2025)")]
    assert select.select_one("option[value='']").parent is select  # "Tất cả" stays outside the groups
