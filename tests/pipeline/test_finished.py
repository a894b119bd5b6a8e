"""pipeline/finished.py: a build that ends well marks its output folder as finished; one that
fails takes the mark away, so that `deploy` never publishes an older build as if it were new."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.content.diagnostics import ContentError
from site_builder.pipeline import finished
from site_builder.pipeline.run import BuildOptions, build_site


def test_a_build_that_ended_well_is_finished(sample_build):
    site, summary = sample_build
    assert finished.unfinished_reason(site) is None
    assert finished.count_files(site) == summary.files


def test_a_failed_build_leaves_the_old_site_but_not_the_mark(content, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    finished.mark(site, 1)
    assert finished.unfinished_reason(site) is None
    content.profile("hong", "kind: ca-nhan\nname: [không phải tên]\n")
    with pytest.raises(ContentError):
        build_site(BuildOptions(content.root, site, dt.date(2026, 6, 30), cache_dir=tmp_path / "cache"))
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good build"
    assert "failed or did not finish" in finished.unfinished_reason(site)
