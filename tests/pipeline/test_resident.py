"""The preview's resident session: after every step of an editing session, what it left in its
output is byte for byte what a cold build of the same content makes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_TODAY, VALID_PROFILE, three_profiles

from site_builder.common import caches
from site_builder.content.diagnostics import ContentError
from site_builder.pipeline.resident import ResidentSession
from site_builder.pipeline.run import BuildOptions, build_site


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}




def test_a_resident_session_leaves_what_a_cold_build_makes_after_every_step(content, tmp_path):
    hoa = three_profiles(content)
    site = tmp_path / "preview" / "site"
    options = BuildOptions(content.root, site, SAMPLE_TODAY, cache_dir=tmp_path / "preview-cache",
                           yearbook=False, record_addresses=False)
    steps: list[str] = []

    def same_as_cold(session: ResidentSession, step: str, cold: Path | None = None):
        """The session's build, compared with `cold`: a cold build of the same content (made here if not given)."""
        summary = session.build()
        steps.append(step)
        if cold is None:
            cold = tmp_path / f"cold-{len(steps)}" / "site"
            build_site(BuildOptions(content.root, cold, SAMPLE_TODAY,
                                    cache_dir=tmp_path / f"cold-{len(steps)}" / "cache",
                                    yearbook=False, record_addresses=False))
        assert tree_digest(site) == tree_digest(cold), step
        return summary

    def page(url: str) -> str:
        return (site / url / "index.html").read_text(encoding="utf-8")

    with ResidentSession(options) as session:
        first = same_as_cold(session, "first build")
        assert first.files_written == first.files

        hoa.write_text(hoa.read_text(encoding="utf-8") + "\nMột đoạn mới của câu chuyện.\n", encoding="utf-8")
        edited = same_as_cold(session, "story edited")
        assert "Một đoạn mới" in page("ho-so/nguyen-thi-hoa")
        assert 0 < edited.files_written < edited.files / 4  # a change set, not the whole site

        content.profile("moi", VALID_PROFILE.replace("Nguyễn Thị Hoa", "Phạm Thị Mới"), story="Hồ sơ mới.\n")
        same_as_cold(session, "profile added")
        assert "Phạm Thị Mới" in page("ho-so/pham-thi-moi")

        fields = content.root / "taxonomies" / "fields.yml"
        fields.write_text(fields.read_text(encoding="utf-8").replace("name: Y tế", "name: Y tế và dân số", 1),
                          encoding="utf-8")
        same_as_cold(session, "field renamed")
        assert "Y tế và dân số" in page("linh-vuc/y-te")

        shutil.rmtree(content.root / "profiles" / "ba")
        deleted = same_as_cold(session, "profile deleted")
        assert deleted.files_deleted > 0 and not (site / "ho-so" / "le-van-ba").exists()

        duc = content.root / "profiles" / "duc" / "index.md"
        duc.write_text(duc.read_text(encoding="utf-8").replace("status: published", "status: withdrawn"),
                       encoding="utf-8")
        same_as_cold(session, "profile withdrawn")
        assert "Trần Văn Đức" not in page("ho-so/tran-van-duc")

        # Bad content: the build stops and the output stays as it was; the next good save recovers.
        before = tree_digest(site)
        good = hoa.read_text(encoding="utf-8")
        hoa.write_text(good.replace("15/03/2024", "31/02/2024"), encoding="utf-8")
        with pytest.raises(ContentError):
            session.build()
        assert tree_digest(site) == before
        hoa.write_text(good + "\nSửa xong.\n", encoding="utf-8")
        same_as_cold(session, "bad content fixed")
        assert "Sửa xong." in page("ho-so/nguyen-thi-hoa")

        # The content is the fixed one's, whose cold build is made already.
        nothing = same_as_cold(session, "nothing changed", cold=tmp_path / f"cold-{len(steps)}" / "site")
        assert nothing.files_deleted == 0 and nothing.files_written <= 10
        assert session.kept.record is not None  # the record of the output stays in memory
    assert caches._kept_in_memory is None  # the session's stores go with it
    assert not (tmp_path / "preview-cache" / "outputs").exists()  # and no pickle of the record is written
