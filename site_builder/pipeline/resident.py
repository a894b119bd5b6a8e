"""A build session that stays in memory: what the live preview rebuilds with, save after save.

A `site-builder build` is a fresh process: it reads its caches from disk
(the validated profiles, the memos of search records, open data and head tags,
the record of the output it left), which at 10,000 profiles is tens of
megabytes to unpickle before it knows what changed, and writes them back at
the end. The preview is one process for the whole editing session, so a
`ResidentSession` keeps all of that in memory between its builds:

- the cache stores (`common.caches.kept_in_memory`): a save re-reads and
  re-checks only the file whose stat signature changed, and every other
  profile's validated model is the one already in memory;
- the record of the output it last left (`output.OutputRecord`): the change
  set is made against it without reading or writing a pickle;
- the per-profile products of every stage (`common.products`): views, page
  plans and keys, open-data and search records, feed entries, head tags. A
  save makes again only the changed profiles' products; the aggregates
  (listings, home, statistics, feeds, open data, sitemap) are put together
  again from the kept ones. `BuildSummary.work` counts what each build made
  (tests/pipeline/test_work_counts.py: the same for one save at two sizes).

Everything else is the ordinary pipeline (pipeline/run.py), so what the
preview shows is by construction what `build` makes of the same content;
tests/pipeline/test_resident.py replays edits, additions, a renamed field,
deletions, a withdrawal and bad content through one session and compares every
file with a cold build after each step.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..common.caches import kept_in_memory
from ..common.products import kept_between_builds
from . import output
from .changed_first import changed_first
from .run import BuildOptions, BuildSummary, Progress, build_site


@dataclass
class ResidentSession:
    options: BuildOptions
    kept: output.KeptRecord = field(default_factory=output.KeptRecord)  # the output's record, per build
    _stores: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def __enter__(self) -> "ResidentSession":
        self._stores.enter_context(kept_in_memory())
        self._stores.enter_context(kept_between_builds())
        return self

    def __exit__(self, *exc_info) -> None:
        self._stores.close()

    def changed_first(self, changed: set[Path]) -> list[str]:
        """The saved profiles' pages, written before the whole build when that is all the
        change shows (pipeline/changed_first.py); the files written, or [] when it is not."""
        written = changed_first(self.kept.pages, {Path(os.path.abspath(path)) for path in changed},
                                self.options.out_dir.resolve())
        if self.kept.record is not None:
            # The next build's change set is made against the record: a file written first is known
            # to it as no build's, so that build writes it again (or deletes it, a new profile
            # deleted or found a duplicate meanwhile), whatever the file holds by then.
            for file in written:
                self.kept.record.files[file] = ("", 0)
        return written

    def build(self, progress: Progress | None = None) -> BuildSummary:
        """One build of the session's content; a failure (bad content) leaves the last output
        and its record as they were, so the next good save is again a small change set."""
        if progress is None:
            return build_site(self.options, kept=self.kept)
        return build_site(self.options, progress, kept=self.kept)
