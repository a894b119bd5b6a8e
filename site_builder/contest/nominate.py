"""`contest nominate`: the exemplars a contest found become draft profiles for the council.

The exemplar of each verified entry that won a prize or reached the final round, and has no
profile yet, gets content/profiles/<slug>/index.md with `status: review`: its name, kind,
fields and locality as the entry records them, the stage and movements contest.md's
`nominate:` gives, the entry as its source, and the entry's text as the story, under a note
saying where it came from. Every profile is made and checked by the profiles' own validator
in a hidden folder first; with any problem nothing is written. A profile already there (by its
folder, or a profile of the same name in the same locality) is left alone and named, so the
command can be run again.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..common.messages import _
from ..content.diagnostics import Problems
from ..content.model import Content
from ..content.profiles import profile_schema, validate_profile
from ..content.read import display_path, read_front_matter_document
from ..content.schema import name_key
from ..content.text import format_date, slugify
from .model import Contest, Entry
from .words import contest_words


@dataclass
class Nominated:
    created: list[str] = field(default_factory=list)  # the profiles' files
    skipped: list[str] = field(default_factory=list)  # "GNT-0003: why"


def candidates(contest: Contest) -> list[Entry]:
    """Verified entries that won, or reached the final round, whose exemplar has no profile."""
    return [e for e in contest.entries
            if (e.state == "awarded" or (e.state == "round" and e.round == contest.last_round))
            and e.verified and not e.exemplar.profile]


def _result(contest: Contest, entry: Entry, words: dict) -> str:
    return contest.prizes[entry.prize].name if entry.prize else words["final_round"]


def profile_text(contest: Contest, entry: Entry, content: Content, today: dt.date) -> str:
    words = contest_words()["nominate"]
    locality = content.taxonomies.localities[entry.exemplar.locality].name
    assert entry.verified_on is not None  # only verified entries are nominated (candidates above)
    result = _result(contest, entry, words)
    meta = {
        "kind": entry.exemplar.kind,
        "name": entry.exemplar.name,
        "summary": words["summary"].format(name=entry.exemplar.name, locality=locality, title=entry.title,
                                           result=result, contest=contest.name),
        "fields": list(entry.exemplar.fields),
        **({"movements": list(contest.nominate_movements)} if contest.nominate_movements else {}),
        "locality": entry.exemplar.locality,
        "submitted": format_date(today),
        "stage": contest.nominate_stage,
        "status": "review",
        "sources": [{"title": entry.title, "publisher": contest.name, "date": format_date(contest.results_on)}],
    }
    note = " ".join(words["story_note"].format(
        code=entry.code, title=entry.title, author=entry.author, result=result, contest=contest.name,
        verified_by=entry.verified_by, verified_on=format_date(entry.verified_on)).split())
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n{entry.text}\n\n*{note}*\n"


def nominate(contest: Contest, content: Content, today: dt.date, problems: Problems) -> Nominated | None:
    """Write the draft profiles, or None with every problem (and nothing written)."""
    result = Nominated()
    profiles_dir = content.root / "profiles"
    existing = {(name_key(p.name), p.locality) for p in content.profiles}
    if not contest.nominate_stage:
        problems.error(contest.display, 0, _("'nominate.stage': give the stage of the drafted profiles (for example "
                                             "phat-hien) in a 'nominate:' block"))
        return None
    planned: list[tuple[Entry, str]] = []
    for entry in candidates(contest):
        slug = slugify(entry.exemplar.name)
        if (profiles_dir / slug).exists() or (name_key(entry.exemplar.name), entry.exemplar.locality) in existing:
            result.skipped.append(_("{code}: a profile of {name} is already there; write its slug in "
                                    "'exemplar.profile'", code=entry.code, name=entry.exemplar.name))
            continue
        if not entry.exemplar.kind or not entry.exemplar.fields:
            problems.error(entry.display, 0, _("'exemplar.kind' and 'exemplar.fields': a draft profile of {name} "
                                               "needs them; write them from the locality's confirmation",
                                               name=entry.exemplar.name))
            continue
        planned.append((entry, slug))
    if problems.errors:
        return None
    staging = Path(tempfile.mkdtemp(prefix=".cuoc-thi-", dir=content.root))  # hidden: no build or check reads it
    try:
        schema = profile_schema(content.taxonomies)
        for entry, slug in planned:
            folder = staging / slug
            folder.mkdir()
            (folder / "index.md").write_text(profile_text(contest, entry, content, today), encoding="utf-8")
            own = Problems()
            doc = read_front_matter_document(folder / "index.md", display_path(profiles_dir / slug / "index.md"), own)
            if doc is not None and doc.meta is not None:
                validate_profile(content.root, doc, content.taxonomies, schema, own,
                                 content.site.max_photo_megabytes * 1_000_000)
            for problem in own.errors:
                problems.error(entry.display, 0, _("the profile made does not pass the check: {message}",
                                                   message=problem.message))
        if problems.errors:
            return None
        profiles_dir.mkdir(exist_ok=True)
        for _entry, slug in planned:
            os.rename(staging / slug, profiles_dir / slug)
            result.created.append(display_path(profiles_dir / slug / "index.md"))
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)
