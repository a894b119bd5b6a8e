"""The publishing pipeline, in order: one function, one stage per step.

    load + validate -> gate -> media -> pages -> engine -> extra files -> swap

The site is built in a staging folder beside the output and swapped in only
when everything succeeded, so a failed build leaves the published site
exactly as it was. A lock file keeps two builds from running at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import engine, pages, search
from .diagnostics import ContentError, Problem, Problems
from .gate import Publication, publish
from .media import process_photos
from .validate import load_content

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    today: dt.date
    project_dir: Path = PROJECT_DIR  # where mkdocs.yml and theme/ live
    cache_dir: Path | None = None  # default: <project>/.cache
    strict: bool = False  # warnings count as errors

    @property
    def cache(self) -> Path:
        return self.cache_dir or (self.project_dir / ".cache")


@dataclass
class BuildSummary:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    profiles_published: int = 0
    profiles_withheld: int = 0
    photos_encoded: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class BuildError(Exception):
    """A build that could not finish; the previous output is untouched."""


Progress = Callable[[str], None]


def _no_progress(message: str) -> None:
    pass


@contextlib.contextmanager
def exclusive_lock(out_dir: Path):
    """One build per output folder at a time; a second one stops with a message."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildError(
                    f"another build is writing {out_dir} right now (lock {lock_path}); "
                    "wait for it to finish and run the command again"
                ) from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging` with two renames; the old copy is then removed."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def raise_for_problems(problems: Problems, strict: bool) -> None:
    blocking: list[Problem] = problems.errors + (problems.warnings if strict else [])
    if blocking:
        raise ContentError(sorted(set(blocking), key=lambda p: (p.path, p.line, p.message)))


def newest_date(publication: Publication) -> dt.date:
    dates = [p.last_update for p in publication.profiles]
    return max(dates) if dates else dt.date(2000, 1, 1)


def engine_site(publication: Publication, plan: pages.SiteBuildPlan, labels: dict) -> engine.EngineSite:
    site = publication.content.site
    nav_docs = sorted((d for d in plan.documents if d.in_nav), key=lambda d: (d.nav_order, d.url))
    return engine.EngineSite(
        name=site.title,
        url=site.base_url,
        description=site.description,
        copyright=site.copyright,
        extra={
            "sample_notice": site.sample_notice if site.sample else "",
            "sample_badge": labels["sample_badge"],
            "council": site.council,
            "footer_note": site.footer_note,
            "text_licence": {"name": site.text_licence.name, "url": site.text_licence.url},
            "photo_licence": {"name": site.photo_licence.name, "url": site.photo_licence.url},
            "generator": False,
            "search_box_label": labels["search"]["box_label"],
        },
        nav=tuple((d.in_nav, d.url) for d in nav_docs),
        date=newest_date(publication),
    )


def write_extra_files(site_dir: Path, files: dict[str, bytes | Path]) -> int:
    """Add files the engine does not make (photos, redirects); never overwrite one."""
    for url, data in sorted(files.items()):
        target = site_dir / url
        if target.exists():
            raise BuildError(f"two outputs want the same file {url}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            try:
                os.link(data, target)  # photos: a hard link, no copy, when on one disk
            except OSError:
                shutil.copyfile(data, target)
        else:
            target.write_bytes(data)
    return len(files)


def build_site(options: BuildOptions, progress: Progress = _no_progress) -> BuildSummary:
    started = time.perf_counter()
    summary = BuildSummary()
    out_dir = options.out_dir.resolve()
    with exclusive_lock(out_dir):
        # 1. Load and validate all content; any error stops here, nothing written.
        progress("checking content")
        content, problems = load_content(options.content_dir)
        raise_for_problems(problems, options.strict)
        assert content is not None
        summary.warnings.extend(str(p) for p in problems.warnings)

        # 2. The editorial gate: from here on only public profiles exist.
        publication = publish(content, options.today)
        summary.profiles_published = len(publication.profiles)
        summary.profiles_withheld = len(publication.withheld)
        progress(f"{len(publication.profiles)} profiles public, {len(publication.withheld)} withheld")

        # 3. Photos of public profiles -> renditions (cached by content hash).
        photos = [photo for p in publication.profiles for photo in p.photos]
        progress(f"photos: {len(photos)}")
        media = process_photos(photos, options.cache / "media")
        if media.errors:
            raise ContentError([
                Problem(p.display_path, p.line_of("photos"), "error", f"photo '{ph.relative}': {media.errors[ph.relative]}")
                for p in publication.profiles for ph in p.photos if ph.relative in media.errors
            ])
        summary.photos_encoded = media.encoded

        # 4. Pages, rendered by the templates in theme/templates.
        theme_dir = options.project_dir / "theme"
        labels = pages.load_labels(theme_dir)
        renderer = pages.Renderer(theme_dir / "templates", labels, content.site)
        plan = pages.generate(publication, media.photos, renderer, labels)
        plan.documents.append(search.search_page(publication, renderer, labels))
        progress(f"pages: {len(plan.documents)}")

        # 5. The engine builds the site into a staging folder beside the output.
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-", dir=out_dir.parent))
        options.cache.mkdir(parents=True, exist_ok=True)
        docs_dir = Path(tempfile.mkdtemp(prefix="docs-", dir=options.cache))
        try:
            result = engine.build(plan.documents, engine_site(publication, plan, labels),
                                  options.project_dir / "mkdocs.yml", docs_dir, staging)
            summary.warnings.extend(f"{engine.ENGINE_NAME}: {w}" for w in result.warnings)

            # 6. Files outside the engine: photo renditions and redirects.
            extra: dict[str, bytes | Path] = dict(media.files)
            for redirect in plan.redirects:
                html = renderer.render("redirect.html", redirect.url, target=redirect.target,
                                       title=redirect.title,
                                       canonical=content.site.base_url + redirect.target)
                extra[f"{redirect.url}index.html"] = html.encode("utf-8")
            write_extra_files(staging, extra)

            # 6b. The search index, from the public profiles only (site_builder/search.py).
            try:
                index = search.write_index(search.records(publication, media.photos), staging)
            except search.SearchIndexError as exc:
                raise BuildError(str(exc)) from None
            progress(f"search index: {index.records} profiles, {index.files} files, {index.bytes / 1e6:.1f} MB")

            if options.strict and summary.warnings:
                raise BuildError(f"{len(summary.warnings)} warning(s) with --strict; the site was not replaced")

            # 7. Swap the new site into place.
            for path in sorted(staging.rglob("*")):
                if path.is_file():
                    summary.files += 1
                    summary.bytes += path.stat().st_size
            summary.pages = len(plan.documents)
            swap_into_place(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(docs_dir, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary
